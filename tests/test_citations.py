"""Citations: outlets, agencies, officials and documents an article credits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rashomon.analyze.citations import SOURCES_PATH, find_citations
from rashomon.types import Citation
from tests.parse_helpers import english_parse, russian_parse, tokens_only_parse

SEEDS = Path("/work/shared/seeds")


def english(text: str) -> tuple[Citation, ...]:
    return find_citations(text, english_parse(text), "en")


def russian(text: str) -> tuple[Citation, ...]:
    return find_citations(text, tokens_only_parse(text, "ru"), "ru")


def summary(citations: tuple[Citation, ...]) -> set[tuple[str, str, str, str]]:
    return {(c.source, c.kind, c.cue, c.mention.text) for c in citations}


ENGLISH_CASES = [
    (
        "The mayor quit on Monday, Euronews reported.",
        ("Euronews", "outlet", "reported", "Euronews"),
    ),
    ("The plan is dead, the Express writes.", ("Express", "outlet", "writes", "Express")),
    (
        "The port stayed shut, according to Reuters.",
        ("Reuters", "agency", "according to", "Reuters"),
    ),
    ("She told CNN that the vote was rigged.", ("CNN", "outlet", "told", "CNN")),
    (
        "In an interview with the BBC, the governor conceded defeat.",
        ("BBC", "outlet", "interview with", "BBC"),
    ),
    (
        "The New York Post reports that the mayor left town.",
        ("New York Post", "outlet", "reports", "New York Post"),
    ),
    ("The Post has learned that the mayor left town.", ("Post", "outlet", "learned", "Post")),
    ("Politico first reported the merger.", ("Politico", "outlet", "reported", "Politico")),
    ("The merger was first reported by Axios.", ("Axios", "outlet", "reported by", "Axios")),
    (
        "Speaking to Fox News, the senator said little.",
        ("Fox News", "outlet", "speaking to", "Fox News"),
    ),
    (
        "The talks stalled, according to officials.",
        ("officials", "official", "according to", "officials"),
    ),
    (
        "The talks stalled, according to a senior White House official.",
        (
            "senior White House official",
            "official",
            "according to",
            "senior White House official",
        ),
    ),
    ("According to him, the bridge will reopen.", ("him", "person", "according to", "him")),
    (
        "Turnout fell sharply, according to the report.",
        ("report", "document", "according to", "report"),
    ),
    (
        "A statement from the ministry said the dam was safe.",
        (
            "statement from the ministry",
            "document",
            "said",
            "statement from the ministry",
        ),
    ),
    (
        "Court documents show the firm paid nothing.",
        ("Court documents", "document", "show", "Court documents"),
    ),
    (
        "A filing obtained by Reuters lists six buyers.",
        ("Reuters", "agency", "obtained by", "Reuters"),
    ),
    (
        "A filing obtained by Reuters lists six buyers.",
        ("filing", "document", "obtained by", "filing"),
    ),
    (
        "The strike spread, Reuters reported, citing two sources familiar with the matter.",
        (
            "two sources familiar with the matter",
            "official",
            "citing",
            "two sources familiar with the matter",
        ),
    ),
    (
        "The newspaper broke the news on Sunday.",
        ("newspaper", "outlet", "broke the news", "newspaper"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_english_crediting_patterns(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in summary(english(text))


# "The Post" is in no table, so only the parser can tell it is a publication
KNOWN_SOURCE_CASES = [case for case in ENGLISH_CASES[:10] if case[1][0] != "Post"]


@pytest.mark.parametrize(("text", "expected"), KNOWN_SOURCE_CASES)
def test_known_sources_found_without_syntax(text: str, expected: tuple[str, str, str, str]) -> None:
    """A parse without dependencies falls back to cue words next to known names."""
    parse = dataclasses.replace(english_parse(text), has_syntax=False)
    found = summary(find_citations(text, parse, "en"))
    assert expected in found


def test_spans_point_at_the_text() -> None:
    text = "The mayor quit on Monday, the Associated Press reported."
    (citation,) = english(text)
    assert citation.source == "Associated Press"
    assert citation.kind == "agency"
    assert text[citation.mention.start : citation.mention.end] == "Associated Press"
    assert text[citation.start : citation.end] == "Associated Press reported"


@pytest.mark.parametrize(
    "text",
    [
        "“We will never give up,” Putin said.",
        "Putin said the talks would go on.",
        "The president told reporters that the talks would go on.",
        "Apple reported record profits on Tuesday.",
        "“The deal is dead,” Mariano wrote.",  # the tagger calls Mariano an ORG
    ],
)
def test_speakers_and_ordinary_reporting_are_not_citations(text: str) -> None:
    assert english(text) == ()


def test_datelines_and_credit_lines() -> None:
    text = (
        "TEHRAN (Tasnim) – The council met on Friday.\n"
        "WASHINGTON (Reuters) - Senators left town.\n"
        "The vote was delayed again (AP).\n"
        "Prices rose for a third week. — AFP\n"
    )
    found = summary(find_citations(text, english_parse(text), "en"))
    assert ("Tasnim", "agency", "dateline", "Tasnim") in found
    assert ("Reuters", "agency", "dateline", "Reuters") in found
    assert ("Associated Press", "agency", "(AP)", "AP") in found
    assert ("Agence France-Presse", "agency", "— AFP", "AFP") in found
    assert len(found) == 4


def test_dateline_works_for_any_language_and_unknown_agencies() -> None:
    text = "KABUL (Pajhwok) – Der Rat tagte am Freitag."
    found = find_citations(text, tokens_only_parse(text, "de"), "de")
    assert summary(found) == {("Pajhwok", "outlet", "dateline", "Pajhwok")}


def test_each_mention_is_its_own_citation() -> None:
    text = "The port stayed shut, according to Reuters. It reopened, according to Reuters."
    found = english(text)
    assert [c.mention.start for c in found] == [35, 70]
    assert all(c.source == "Reuters" for c in found)


RUSSIAN_CASES = [
    ("Об этом сообщает ТАСС.", ("TASS", "agency", "сообщает", "ТАСС")),
    ("ТАСС сообщает о пожаре.", ("TASS", "agency", "сообщает", "ТАСС")),
    (
        "По данным РИА Новости, мост закрыт.",
        ("RIA Novosti", "agency", "по данным", "РИА Новости"),
    ),
    ("Мост закрыт, как пишет Express.", ("Express", "outlet", "как пишет", "Express")),
    ("Мост закрыт, передаёт Интерфакс.", ("Interfax", "agency", "передаёт", "Интерфакс")),
    ("По данным Интерфакса, мост закрыт.", ("Interfax", "agency", "по данным", "Интерфакса")),
    (
        "Как сообщает газета «Коммерсантъ», сделка закрыта.",
        ("Kommersant", "outlet", "как сообщает", "Коммерсантъ"),
    ),
    (
        "По словам губернатора области, мост закрыт.",
        ("губернатора области", "official", "по словам", "губернатора области"),
    ),
    (
        "По словам Ивана Петрова, мост закрыт.",
        ("Ивана Петрова", "person", "по словам", "Ивана Петрова"),
    ),
    ("По его словам, мост закрыт.", ("его", "person", "по его словам", "его")),
    ("МОСКВА, 5 сентября. /ТАСС/. Мост закрыт.", ("TASS", "agency", "dateline", "ТАСС")),
    (
        "МОСКВА, 5 сен — РИА Новости. Мост закрыт.",
        ("RIA Novosti", "agency", "dateline", "РИА Новости"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), RUSSIAN_CASES)
def test_russian_crediting_patterns(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in summary(russian(text))


def test_russian_names_take_their_dictionary_form_from_the_tagger() -> None:
    text = "По словам Дмитрия Пескова, переговоры невозможны. Об этом сообщает ТАСС."
    found = summary(find_citations(text, russian_parse(text), "ru"))
    assert found == {
        ("Дмитрий Песков", "person", "по словам", "Дмитрия Пескова"),
        ("TASS", "agency", "сообщает", "ТАСС"),
    }


def test_russian_speaker_is_not_a_citation() -> None:
    assert russian("Об этом сообщил Песков журналистам.") == ()


def test_source_table_is_well_formed() -> None:
    rows = [
        line.split("\t")
        for line in SOURCES_PATH.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rows[0] == ["name", "kind", "aliases"]
    assert all(len(row) == 3 and row[1] in ("agency", "outlet") for row in rows[1:])
    names = [row[0] for row in rows[1:]]
    assert len(names) == len(set(names))


def _seed(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed article {prefix} not available")
    return paths[0].read_text(encoding="utf-8")


def test_seed_articles_credit_their_sources() -> None:
    express = summary(english(_seed("000")))
    assert ("Express", "outlet", "writes", "Express") in express
    tasnim_and_euronews = summary(english(_seed("002")))
    assert ("Tasnim", "agency", "dateline", "Tasnim") in tasnim_and_euronews
    assert ("Euronews", "outlet", "reported", "Euronews") in tasnim_and_euronews
