"""Tone: sentiment per sentence and loaded words from the per-language lexicons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rashomon.analyze.sentences import split_sentences
from rashomon.analyze.tone import (
    FEATURES,
    LEARNED,
    load_context,
    load_lexicon,
    load_loaded_model,
    model_path,
    score_tone,
)
from rashomon.errors import InputError
from rashomon.lang import LANG_DIR
from rashomon.types import Tone
from tests.parse_helpers import english_parse, tokens_only_parse


def english_tone(text: str, **kwargs) -> Tone:
    """The lexicon's loaded words read in context (the rules these tests check); the
    learned model's judgment has its own tests below."""
    kwargs.setdefault("learned", False)
    return score_tone(text, split_sentences(text, "en"), english_parse(text), "en", **kwargs)


def loaded(tone: Tone) -> list[tuple[str, str]]:
    return [(w.text, w.category) for s in tone.sentences for w in s.loaded]


def test_loaded_words_have_exact_spans_and_lemmas_match_inflections() -> None:
    text = "The senator slammed the so-called reform. It was a brazen move."
    tone = english_tone(text)
    words = [w for s in tone.sentences for w in s.loaded]
    assert [(w.text, w.category) for w in words] == [
        ("slammed", "charged-verb"),
        ("so-called", "hedge/doubt"),
        ("brazen move", "intensifier"),  # the noun it qualifies joins the phrase
    ]
    for word in words:
        assert text[word.start : word.end] == word.text
        assert 0 < word.weight <= 1
    assert [w.start for w in words] == [12, 24, 51]
    assert [len(s.loaded) for s in tone.sentences] == [2, 1]


def test_multiword_phrase_with_inflected_verb() -> None:
    tone = english_tone("The minister lashed out at reporters.")
    assert loaded(tone) == [("lashed out", "charged-verb")]


def test_a_term_limited_to_verbs_leaves_its_noun_alone() -> None:
    tone = english_tone("Prices of grain and fuel rose. The remarks fuelled tensions.")
    # "fuel" is the ordinary news wording for causing; its object joins the phrase
    assert loaded(tone) == [("fuelled tensions", "conventional")]


def test_sentiment_is_vader_compound_per_sentence_and_mean() -> None:
    text = "The rescue was a wonderful success. The flood killed ten people."
    tone = english_tone(text)
    vader = SentimentIntensityAnalyzer()
    expected = [vader.polarity_scores(s.text)["compound"] for s in split_sentences(text, "en")]
    assert [s.sentiment for s in tone.sentences] == expected
    assert expected[0] > 0 > expected[1]
    assert tone.sentiment == pytest.approx(sum(expected) / 2)


def test_sentence_without_sentiment_words_scores_zero() -> None:
    tone = english_tone("The committee met on Tuesday in room four.")
    assert tone.sentences[0].sentiment == 0.0


def test_loaded_density_is_per_hundred_words() -> None:
    text = "Officials slammed the plan. " + "The council met again on a quiet morning. " * 3
    tone = english_tone(text)
    words = 4 + 8 * 3
    assert tone.loaded_density == pytest.approx(100 * 1 / words)


def test_works_without_a_parse() -> None:
    text = "The senator slammed the so-called reform."
    tone = score_tone(text, split_sentences(text, "en"), None, "en")
    # no lemmas: "slammed" is not the lemma "slam", the unchanged "so-called" still matches
    assert loaded(tone) == [("so-called", "hedge/doubt")]


def test_russian_stems_match_inflected_words_and_no_sentiment() -> None:
    text = "Киевский режим угрожает соседям. Так называемые эксперты якобы всё выяснили."
    tone = score_tone(text, split_sentences(text, "ru"), tokens_only_parse(text, "ru"), "ru")
    assert loaded(tone) == [
        ("Киевский режим", "derogatory-label"),
        ("угрожает", "charged-verb"),
        ("Так называемые", "derogatory-label"),
        ("якобы", "hedge/doubt"),
    ]
    assert all(s.sentiment is None for s in tone.sentences)
    assert tone.sentiment is None


def test_russian_stems_do_not_catch_lookalike_words() -> None:
    text = "Юлия получила бандероль и подлинный документ."
    tone = score_tone(text, split_sentences(text, "ru"), tokens_only_parse(text, "ru"), "ru")
    assert loaded(tone) == []


def test_unknown_language_has_empty_lexicon() -> None:
    text = "Der Senator kritisierte den Plan."
    tone = score_tone(text, split_sentences(text, "de"), tokens_only_parse(text, "de"), "de")
    assert tone.sentiment is None
    assert tone.loaded_density == 0.0


def test_lexicon_extension(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# my additions\nterm\tcategory\tweight\tnote\n"
        "flapdoodle\tderogatory-label\t0.9\tnew term\n"
        "slam\tcharged-verb\t0.1\toverrides the built-in weight\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon("en", str(extra))
    tone = english_tone("Critics slammed the flapdoodle.", lexicon=lexicon)
    assert [(w.text, w.category, w.weight) for s in tone.sentences for w in s.loaded] == [
        ("slammed", "charged-verb", 0.1),
        ("flapdoodle", "derogatory-label", 0.9),
    ]
    assert len(lexicon.entries) == len(load_lexicon("en").entries) + 1


def test_lexicon_extension_for_a_language_without_one(tmp_path: Path) -> None:
    extra = tmp_path / "de.tsv"
    text = "Der Senator kritisierte den Plan."
    sentences, parse = split_sentences(text, "de"), tokens_only_parse(text, "de")
    extra.write_text("kritisier\tcharged-verb\t0.5\t\n", encoding="utf-8")
    tone = score_tone(text, sentences, parse, "de", lexicon=load_lexicon("de", str(extra)))
    assert loaded(tone) == []  # German terms are whole words, not stems
    extra.write_text("kritisierte\tcharged-verb\t0.5\t\n", encoding="utf-8")
    tone = score_tone(text, sentences, parse, "de", lexicon=load_lexicon("de", str(extra)))
    assert loaded(tone) == [("kritisierte", "charged-verb")]


@pytest.mark.parametrize(
    "row",
    ["slam\tcharged-verb", "slam\tcharged-verb\theavy", "slam\tcharged-verb\t1.5", "\tx\t0.5"],
)
def test_bad_lexicon_rows_are_input_errors(tmp_path: Path, row: str) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text("ok\temotive\t0.5\t\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv#2: expected term"):
        load_lexicon("en", str(extra))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_builtin_lexicons_are_well_formed(language: str) -> None:
    lexicon = load_lexicon(language)
    categories = {e.category for e in lexicon.entries}
    assert categories <= {
        "charged-verb",
        "derogatory-label",
        "partisan-label",
        "intensifier",
        "emotive",
        "hedge/doubt",
        "reporting-verb",
        "conventional",
        "group-label",
        "neutral",
    }
    assert len(lexicon.entries) > 150
    rows = [
        line
        for line in (LANG_DIR / language / "loaded.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ][1:]
    assert len(rows) == len(lexicon.entries)  # no term listed twice


def test_a_fixed_expression_makes_its_loaded_word_literal() -> None:
    assert loaded(english_tone("Officers in riot gear lined the street.")) == []
    assert loaded(english_tone("The vote was supposed to settle the matter.")) == []
    assert loaded(english_tone("Inmates began to riot after the ruling.")) == [("riot", "emotive")]
    assert loaded(english_tone("He praised the supposed reform.")) == [
        ("supposed reform", "hedge/doubt")
    ]


def test_a_word_inside_a_name_is_not_loaded() -> None:
    text = "Attorney General Loretta Lynch met Amnesty International in Geneva on Monday."
    assert loaded(english_tone(text)) == []
    # the same words outside names are loaded
    text = "The senator offered amnesty to the men, and a crowd wanted to lynch them."
    assert [w for w, _ in loaded(english_tone(text))] == ["amnesty", "lynch"]


def test_legal_words_in_a_legal_context_are_not_loaded() -> None:
    legal = (
        "A federal grand jury indicted four aides on Monday. "
        "They allegedly conspired to hide the payments."
    )
    assert loaded(english_tone(legal)) == []
    plain = "The senator says his rivals conspired to delay the festival."
    assert loaded(english_tone(plain)) == [("conspired", "charged-verb")]


def test_the_legal_context_reaches_one_sentence_back_only() -> None:
    text = (
        "Prosecutors charged the treasurer in March. The town held a fair in June. "
        "Neighbours say she allegedly took the prize."
    )
    assert loaded(english_tone(text)) == [("allegedly", "hedge/doubt")]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The forecast was strikingly grim for the farmers.", "strikingly grim"),
        ("The White House will set draconian import duties on steel.", "draconian import duties"),
        ("The billionaire crony bought the paper.", "billionaire crony"),
        ("The president threatened to slash pensions for veterans.", "slash pensions"),
    ],
)
def test_a_loaded_word_is_reported_with_its_phrase(text: str, phrase: str) -> None:
    words = [w for s in english_tone(text).sentences for w in s.loaded]
    assert phrase in [w.text for w in words]
    for word in words:
        assert text[word.start : word.end] == word.text


def test_builtin_context_lexicon_is_well_formed() -> None:
    context = load_context("en")
    assert {"allege", "plead", "fraud", "conspire"} <= context.legal_sense
    assert {"indict", "court", "jury", "prosecutor"} <= context.legal_context
    terms = {" ".join(e.words) for e in load_lexicon("en").entries}
    # a legal sense is the sense of a loaded term: every one is in the loaded lexicon
    assert context.legal_sense <= terms


def test_the_learned_model_finds_a_loaded_word_no_lexicon_lists() -> None:
    text = "The economy remained in the doldrums. The committee met on Tuesday."
    assert load_lexicon("en").by_key.get("doldrums") is None
    tone = english_tone(text, learned=True)
    assert [[(w.text, w.category) for w in s.loaded] for s in tone.sentences] == [
        [("doldrums", LEARNED)],
        [],
    ]
    model = load_loaded_model("en")
    assert model is not None
    (word,) = tone.sentences[0].loaded
    assert model.cut <= word.weight <= 1


def test_the_learned_model_judges_the_lexicons_words_in_their_sentence() -> None:
    text = "Critics said the governor's radical agenda was a disastrous failure."
    lexicon_only = loaded(english_tone(text))
    judged = loaded(english_tone(text, learned=True))
    assert ("disastrous failure", "emotive") in judged
    # what the model shows is among the lexicon's terms or its own, never a name or a
    # function word
    assert set(judged) - set(lexicon_only) <= {(w, LEARNED) for w, _ in judged}
    assert len(judged) < len(lexicon_only)


def test_the_shipped_learned_model_is_well_formed() -> None:
    model = load_loaded_model("en")
    assert model is not None
    data = json.loads(model_path("en").read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert model.embedding_weights.shape == (512,)
    assert 0 < model.cut < 1
    assert load_loaded_model("xx") is None
