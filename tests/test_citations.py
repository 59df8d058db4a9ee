"""Citations: outlets, agencies, officials and documents an article credits."""

from __future__ import annotations

import dataclasses

import pytest

from rashomon.analyze.citations import SOURCES_PATH, find_citations
from rashomon.types import Citation
from tests.conftest import SHARED
from tests.parse_helpers import english_parse, russian_parse, tokens_only_parse

SEEDS = SHARED / "seeds"


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
    assert all(len(row) == 3 and row[1] in ("agency", "outlet", "official") for row in rows[1:])
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


OFFICIAL_CASES = [
    ("Two men were hurt, police said.", ("police", "official", "said", "police")),
    (
        "The port reopened, according to the Maltese Coast Guard.",
        ("Maltese Coast Guard", "official", "according to", "Maltese Coast Guard"),
    ),
    (
        "The Defence Ministry said in a statement that the dam was safe.",
        ("Defence Ministry", "official", "said", "Defence Ministry"),
    ),
    (
        "A spokesman for the ministry said the talks had stalled.",
        ("ministry", "official", "said", "ministry"),
    ),
    (
        "Captain Ana Ruiz, a spokeswoman for the Port Authority, said two ships left.",
        ("Port Authority", "official", "said", "Port Authority"),
    ),
    (
        "Foreign Ministry spokeswoman Maria Zakharova said the talks failed.",
        ("Foreign Ministry", "official", "said", "Foreign Ministry"),
    ),
    (
        "Senior officials said the plan was dead.",
        ("Senior officials", "official", "said", "Senior officials"),
    ),
    (
        "Six ships were seized, the press service of the Interior Ministry reported.",
        ("Interior Ministry", "official", "reported", "Interior Ministry"),
    ),
    (
        "The White House has said it opposes the bill.",
        ("White House", "official", "said", "White House"),
    ),
    (
        "Turnout fell, according to a report by the UN.",
        ("United Nations", "official", "according to", "UN"),
    ),
    (
        "The ministry's statement said the dam was safe.",
        ("ministry", "official", "said", "ministry"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), OFFICIAL_CASES)
def test_english_officials(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in summary(english(text))


DOCUMENT_CASES = [
    (
        "The Defence Ministry said in a statement that the dam was safe.",
        ("Defence Ministry", "document", "said in", "statement"),
    ),
    (
        "In a statement, the airline said the crew was safe.",
        ("airline", "document", "said in", "statement"),
    ),
    (
        "Turnout fell, according to a report by the UN.",
        ("report by the UN", "document", "according to", "report by the UN"),
    ),
    (
        "The ministry's statement said the dam was safe.",
        ("ministry's statement", "document", "said", "ministry's statement"),
    ),
    (
        "The court filing shows the firm paid nothing.",
        ("court filing", "document", "shows", "court filing"),
    ),
    (
        "The deal collapsed, according to a letter seen by Reuters.",
        ("letter", "document", "according to", "letter"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENT_CASES)
def test_english_documents(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in summary(english(text))


def test_a_statement_named_again_is_the_same_document() -> None:
    text = (
        "The operator, Falk Shipping, said in a statement that it regretted the crash. "
        '"We will pay," its director said in the statement.'
    )
    documents = [c for c in english(text) if c.kind == "document"]
    assert [(c.source, c.mention.text) for c in documents] == [("Falk Shipping", "statement")]


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the plan was dead.",  # a title: the quote's speaker, not a body
        "The official said the bridge would reopen.",  # the one named before
        "Her spokesman said the mayor would not resign.",
        "Mayor Ana Berg said the bridge would reopen.",
        "Police found the car near the river.",  # not a speech verb
        "The company said profits rose.",
        "“The ministry has lied,” Ivanov said.",  # a body named, not credited
        "“The police said nothing at all,” he claimed.",  # inside someone's quote
        "Norway's foreign ministry summoned the envoy.",
    ],
)
def test_mentions_of_institutions_are_not_officials(text: str) -> None:
    assert not [c for c in english(text) if c.kind in ("official", "document")]


def test_court_filing_is_not_the_court_speaking() -> None:
    found = summary(english("The court filing shows the firm paid nothing."))
    assert not [s for s in found if s[1] == "official"]


def test_official_bodies_are_no_credit_lines() -> None:
    text = "The vote was delayed again (UN).\nPrices rose. — NATO\n"
    assert find_citations(text, english_parse(text), "en") == ()


RUSSIAN_OFFICIAL_CASES = [
    (
        "Министерство обороны сообщило о задержании судов.",
        ("Министерство обороны", "official", "сообщило", "Министерство обороны"),
    ),
    (
        "Суда задержаны, сообщили в Министерстве обороны.",
        ("Министерство обороны", "official", "сообщили", "Министерстве обороны"),
    ),
    (
        "В Министерстве обороны отметили, что экипажи здоровы.",
        ("Министерство обороны", "official", "отметили", "Министерстве обороны"),
    ),
    (
        "По данным Гидрометеорологической службы Казахстана, паводок отступил.",
        (
            "Гидрометеорологическая служба Казахстана",
            "official",
            "по данным",
            "Гидрометеорологической службы Казахстана",
        ),
    ),
    (
        "Представитель МВД рассказал, что задержаны двое.",
        ("МВД", "official", "рассказал", "МВД"),
    ),
    (
        "Об этом говорится в докладе ООН.",
        ("доклад ООН", "document", "говорится", "докладе ООН"),
    ),
    ("Об этом говорится в докладе ООН.", ("United Nations", "official", "говорится", "ООН")),
]


@pytest.mark.parametrize(("text", "expected"), RUSSIAN_OFFICIAL_CASES)
def test_russian_officials_and_documents(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in summary(find_citations(text, russian_parse(text), "ru"))


@pytest.mark.parametrize(
    "text",
    [
        "Орлов заявил в министерстве, что суда задержаны.",  # where he said it, not who
        "Министр обороны заявил журналистам, что суда задержаны.",
        "Суда задержаны у берегов Норвегии, где работает министерство.",
    ],
)
def test_russian_speakers_and_places_are_not_officials(text: str) -> None:
    found = find_citations(text, russian_parse(text), "ru")
    assert not [c for c in found if c.kind in ("official", "document")]


def spanish(text: str) -> set[tuple[str, str, str, str]]:
    return summary(find_citations(text, tokens_only_parse(text, "es"), "es"))


SPANISH_CASES = [
    (
        "El puente sigue cerrado, según el Ministerio del Interior.",
        ("Ministerio del Interior", "official", "según", "Ministerio del Interior"),
    ),
    ("La policía informó de dos detenidos.", ("policía", "official", "informó", "policía")),
    (
        "El Ministerio de Sanidad dijo que no hubo heridos.",
        ("Ministerio de Sanidad", "official", "dijo", "Ministerio de Sanidad"),
    ),
    (
        "El comunicado señala que no hubo heridos.",
        ("comunicado", "document", "señala", "comunicado"),
    ),
    (
        "Hubo tres muertos, según datos de la Guardia Civil.",
        ("datos de la Guardia Civil", "document", "según", "datos de la Guardia Civil"),
    ),
    (
        "El alcalde lo confirmó, según recogió la agencia Norte Press.",
        ("Norte Press", "agency", "según recogió", "Norte Press"),
    ),
    ("La ley fue aprobada, según EFE.", ("EFE", "agency", "según", "EFE")),
]


@pytest.mark.parametrize(("text", "expected"), SPANISH_CASES)
def test_spanish_patterns(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in spanish(text)


@pytest.mark.parametrize(
    "text",
    [
        "El ministro dijo que no hubo heridos.",
        "La jefa del equipo, Ana Ruiz, explicó que el grupo llegó.",
        "Según la coordinadora, el grupo llegó de noche.",
    ],
)
def test_spanish_speakers_are_not_officials(text: str) -> None:
    assert not [s for s in spanish(text) if s[1] in ("official", "document")]


def test_own_dateline_is_a_self_credit_with_the_full_name() -> None:
    text = "RIGA, May 2 (Baltic) – The port closed on Friday, officials said."
    (credit,) = [
        c
        for c in find_citations(text, english_parse(text), "en", outlet="Baltic Wire")
        if c.cue == "dateline"
    ]
    assert (credit.source, credit.kind, credit.mention.text, credit.self_credit) == (
        "Baltic Wire",
        "agency",
        "Baltic",
        True,
    )


def test_another_outlets_dateline_is_no_self_credit() -> None:
    text = "RIGA, May 2 (Baltic) – The port closed.\n\nCopyright Baltic Wire."
    found = find_citations(text, english_parse(text), "en", outlet="Riga Courier")
    assert {(c.source, c.mention.text, c.self_credit) for c in found} == {
        ("Baltic Wire", "Baltic", False),
        ("Baltic Wire", "Baltic Wire", False),
    }


def test_initials_take_the_full_name_written_in_the_article() -> None:
    text = "RIGA (BW) – The port closed. The Baltic Wire (BW) first reported the closure.\n"
    found = {(c.source, c.mention.text) for c in english(text)}
    assert ("Baltic Wire", "BW") in found


def test_initials_of_another_name_stay_as_written() -> None:
    text = "RIGA (BW) – The port closed near Port Essen (PE).\n"
    assert {(c.source, c.mention.text) for c in english(text)} == {("BW", "BW")}


def test_told_the_own_paper_is_a_self_credit() -> None:
    text = "“We lost the barn,” farmer Jens Olsen told the Lantern on Friday."
    found = find_citations(text, english_parse(text), "en", outlet="Lantern Daily")
    assert [(c.source, c.cue, c.self_credit) for c in found] == [("Lantern Daily", "told", True)]


def test_an_outlet_named_after_a_place_keeps_the_place() -> None:
    text = (
        "The envoy flew to Washington on Monday. Troops will stay in the region, "
        "according to Washington."
    )
    found = find_citations(text, english_parse(text), "en", outlet="Washington Chronicle")
    assert found and not [c for c in found if c.self_credit or "Chronicle" in c.source]


@pytest.mark.parametrize(
    "text",
    [
        "The Senate confirmed two cabinet nominations on Friday.",
        "Police responded with tear gas as the crowd grew.",
        "Positive reviews from economists, Mayor Ines Karro said, show the plan works.",
    ],
)
def test_a_body_acting_or_a_clause_someone_else_says_credits_nobody(text: str) -> None:
    assert not [c for c in english(text) if not c.quoted and c.source != "Ines Karro"]


def test_a_body_confirming_what_happened_is_credited() -> None:
    text = "Police confirmed that two men had been arrested."
    assert ("police", "official", "confirmed") in {
        (c.source.lower(), c.kind, c.cue) for c in english(text)
    }


def test_what_a_body_finds_is_credited_what_it_finds_lying_about_is_not() -> None:
    found = english("The Office of Harbour Ethics found that the mayor broke the rules.")
    assert ("Office of Harbour Ethics", "official", "found") in {
        (c.source, c.kind, c.cue) for c in found
    }
    assert not english("Police found the car on Monday.")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Some 35,000 residents received the grant, according to the port's latest "
            "monthly snapshot.",
            "port's latest monthly snapshot",
        ),
        (
            "“It was a disaster,” Vos said, according to the prepared text of her remarks.",
            "prepared text of her remarks",
        ),
    ],
)
def test_snapshots_and_prepared_texts_are_documents(text: str, source: str) -> None:
    assert (source, "document", "according to") in {
        (c.source, c.kind, c.cue) for c in english(text)
    }
