"""The compare stage's sentence-pair similarity model, with the shipped weights and the
real USE-m3 encoder (no mocks)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from rashomon.compare.similarity import EncodedText, informative_overlap, load_similarity_model
from rashomon.text.features import (
    alignment,
    content_words,
    edit_distance,
    longest_common_run,
    number_mentions,
    predicate_words,
    tokens,
    transliterate,
)
from rashomon.text.names import name_key

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def model():
    return load_similarity_model()


@pytest.fixture(scope="module")
def encode():
    import rashomon.analyze.embeddings  # noqa: F401  (registers the backends)
    from rashomon.analyze.registry import embedders

    encoder = embedders.get("use-m3")

    def statements(texts: list[str], language: str = "en") -> list[EncodedText]:
        return [
            EncodedText(t, language, v) for t, v in zip(texts, encoder.encode(texts), strict=True)
        ]

    return statements


def test_tokens_and_content_words_meet_across_inflections():
    assert tokens("Police DETAINED 3 men, Ὅμηρος.") == ["police", "detained", "3", "men", "ὅμηρος"]
    assert set(content_words("Police detained him", "en")) & set(
        content_words("police detains them", "en")
    ) >= {"polic", "detain"}
    assert "the" not in content_words("the ships", "en")
    assert set(content_words("президента", "ru")) == set(content_words("президентом", "ru"))


# An invented story: two sentences with one subject that say different things of it (0, 1)
# and a rewording of the first (2), among others of the same story.
HALDEN = [
    "But the Halden council has promised to keep fighting the shipyard in court if it does "
    "not meet the mayor's demands.",
    "At the same time, the Halden council is not opposed to the shipyard's wish to expand "
    "along the harbour, she said.",
    "The council said it would go on fighting the shipyard in court unless the mayor's "
    "demands were met.",
    "The council met the shipyard's owners on Tuesday evening in the town hall.",
    "Halden's mayor, Petra Lund, said the council would vote on the shipyard's budget in March.",
    "The shipyard employs about 400 people in Halden.",
    "The shipyard's owners said they would appeal against any ruling of the council.",
    "Fishermen in the harbour fear that a larger shipyard would drive them out.",
]


def test_predicate_words_leave_out_names():
    words = predicate_words(HALDEN[0], "en")
    assert {"promis", "fight", "court"} <= words
    assert not words & set(content_words("Halden", "en"))
    assert set(content_words("mayor", "en")) <= words  # lower-case: what is said of someone
    assert not predicate_words(HALDEN[4], "en") & set(content_words("Petra Lund", "en"))
    # a capital that opens the sentence is an ordinary word; an acronym there is a name
    assert set(content_words("council", "en")) <= predicate_words("Council members voted.", "en")
    assert not predicate_words("NATO voted.", "en") & set(content_words("NATO", "en"))


def test_informative_overlap_weighs_what_the_story_rarely_says(encode):
    story = encode(HALDEN)
    overlap = informative_overlap(story, story)
    assert overlap.shape == (8, 8)
    assert overlap[0, 2] > 0.3  # court, fight, demands: the same thing said
    assert overlap[0, 1] < 0.1  # only "council" and "shipyard", which the story says often
    assert np.allclose(overlap, overlap.T)
    russian = encode(["Совет Хальдена обещал продолжать судиться с верфью."], "ru")
    assert (informative_overlap(story, russian) == 1).all()  # no word evidence across languages
    assert (informative_overlap(story[:4], story[:4]) == 1).all()  # too few to weigh words by


def test_number_mentions():
    found = number_mentions("Russia seized 26 merchant ships after a 6.1 quake.", "en")
    assert [(m.value, m.unit, m.text) for m in found] == [
        (26.0, "merchant", "26"),
        (6.1, "quak", "6.1"),
    ]
    text = "twenty-six ships, three men, a dozen boats, 1,200 troops, $3.5 million and 4.4%"
    found = number_mentions(text, "en")
    assert [m.value for m in found] == [26.0, 3.0, 12.0, 1200.0, 3.5e6, 4.4]
    assert found[0].text == "twenty-six" and text[found[0].start : found[0].end] == "twenty-six"
    assert found[4].unit == "$" and found[5].unit == "%"
    assert [m.value for m in number_mentions("40.000 millones de dólares y dos barcos", "es")] == [
        4e10,
        2.0,
    ]
    assert [m.value for m in number_mentions("задержаны 26 судов и 1,2 млрд рублей", "ru")] == [
        26.0,
        1.2e9,
    ]
    assert [m.value for m in number_mentions("In 2026 one of them", "en")] == [2026.0]


def test_transliterate_and_name_keys():
    assert transliterate("Дмитрий Орлов") == "dmitrij orlov"
    assert transliterate("Peña") == "pena"
    assert name_key("Зеленского") == name_key("Zelenskyy") == name_key("Zelensky")
    assert name_key("Дмитрий") == name_key("Dmitry")


def test_token_sequence_measures():
    a = tokens("The court jailed him on Monday")
    b = tokens("On Monday the court jailed him")
    assert edit_distance(a, b) == 4  # two tokens deleted at one end, inserted at the other
    assert edit_distance(a, a) == 0 and edit_distance(a, []) == len(a)
    assert longest_common_run(a, b) == 4  # "the court jailed him"
    assert alignment(a, b) == (6, 2)  # every token aligned, in two chunks
    assert alignment(["a", "x", "b"], ["a", "b"]) == (2, 2)
    assert alignment(["a", "b"], ["c", "d"]) == (0, 0)


def test_aligned_scores_are_the_diagonal(model, encode):
    a = encode(
        [
            "Police detained 26 protesters outside the parliament on Monday.",
            "The storm killed 12 people in the province.",
        ]
    )
    b = encode(
        [
            "On Monday, 26 protesters were detained by police outside parliament.",
            "Oil prices rose 3% on Tuesday.",
        ]
    )
    for task, scores in (("paraphrase", model.paraphrase), ("sts", model.sts)):
        assert np.allclose(model.aligned(task, a, b), np.diag(scores(a, b)), atol=1e-5)


def test_paraphrase_above_threshold_and_same_topic_below(model, encode):
    a = encode(["Police detained 26 protesters outside the parliament on Monday."])
    b = encode(
        [
            "On Monday, 26 protesters were detained by police outside parliament.",
            "Protesters gathered outside the parliament on Monday to demand new elections.",
        ]
    )
    p = model.paraphrase(a, b)
    assert p.shape == (1, 2)
    assert p[0, 0] >= model.threshold > p[0, 1]


def test_number_conflict_lowers_the_score(model, encode):
    a = encode(["The storm killed 12 people and destroyed 300 homes in the province."])
    b = encode(
        [
            "The storm killed 12 people and destroyed 300 homes in the province, officials said.",
            "The storm killed 45 people and destroyed 900 homes in the province, officials said.",
        ]
    )
    # The graded head learned from STS-B that other numbers make another fact; the MSRP
    # paraphrase head gives numbers little weight (see docs/similarity.md).
    s = model.sts(a, b)[0]
    assert s[0] - s[1] > 1.0
    assert model.paraphrase(a, b)[0, 0] >= model.paraphrase(a, b)[0, 1]


def test_crosslingual_translation_above_threshold_unrelated_below(model, encode):
    en = encode(["Russian forces seized 26 merchant ships in the Black Sea, Dmitry Orlov said."])
    ru = encode(
        [
            "Российские силы захватили 26 торговых судов в Черном море, заявил Дмитрий Орлов.",
            "Цены на бензин в Москве выросли на пять процентов за месяц.",
        ],
        "ru",
    )
    p = model.paraphrase(en, ru)[0]
    assert p[0] >= model.threshold > p[1]
    assert p[1] < 0.2


def test_matrix_shapes_sts_range_and_empty_sides(model, encode):
    a = encode(["A man is playing a guitar.", "The bank raised interest rates.", "Rain fell."])
    b = encode(["Someone plays the guitar.", "A cat sleeps."])
    s = model.sts(a, b)
    assert s.shape == (3, 2) and s.dtype == np.float32
    assert s.min() >= 0.0 and s.max() <= 5.0
    assert s[0, 0] > 3.0 > s[1, 1]
    assert model.paraphrase(a, []).shape == (3, 0)
    assert model.embedder == "use-m3" and 0.0 < model.threshold < 1.0


def test_paraphrase_300_by_300_is_fast(model):
    rng = np.random.default_rng(0)
    words = ["police", "ship", "court", "minister", "said", "12", "oil", "bank", "storm", "army"]
    texts = [" ".join(rng.choice(words, 12)) + f" {i}." for i in range(300)]
    vectors = rng.normal(size=(300, 512)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    a = [EncodedText(t, "en", v) for t, v in zip(texts, vectors, strict=True)]
    model.paraphrase(a, a)  # warm the per-statement cache
    started = time.process_time()
    p = model.paraphrase(a, a)
    assert p.shape == (300, 300)
    assert time.process_time() - started < 1.0  # ~0.1 s CPU on a quiet core


def test_eval_functions_on_tiny_files(tmp_path):
    from rashomon.eval.paraphrase import run_paraphrase_eval, run_sts_eval
    from rashomon.present.evaluation import render_paraphrase_eval, render_sts_eval

    msrp = tmp_path / "msrp.txt"
    msrp.write_text(
        "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
        "1\t1\t2\tThe court jailed him for five years.\tHe was jailed by the court for five years."
        "\n"
        "0\t3\t4\tThe court jailed him for five years.\tThe court will rule on the appeal in May.\n"
        "1\t5\t6\tOil prices rose 3% on Monday.\tOn Monday oil prices climbed 3%.\n",
        encoding="utf-8",
    )
    report = run_paraphrase_eval(str(msrp))
    assert report["pairs"] == 3 and report["positives"] == 2
    assert report["accuracy"] == 1.0 and report["f1"] == 1.0
    assert {"accuracy", "f1", "name"} <= report["baseline"].keys()

    sts = tmp_path / "sts.csv"
    sts.write_text(
        "main-news\theadlines\t2016\t0001\t5.0\tOil prices rise on Monday\tOil prices climb Monday"
        "\textra\tfields\n"
        "main-news\theadlines\t2016\t0002\t0.2\tOil prices rise on Monday\tCat adopts puppies\n"
        "main-news\theadlines\t2016\t0003\t2.4\tOil prices rise\tOil prices fall in Asia\n",
        encoding="utf-8",
    )
    report = run_sts_eval(str(sts))
    assert report["pairs"] == 3
    assert report["pearson"] > 0.8 and report["spearman"] == pytest.approx(1.0)
    assert {"pearson", "spearman"} <= report["baseline"].keys()
    console = Console(record=True, width=140)
    render_sts_eval(report, console)
    render_paraphrase_eval(run_paraphrase_eval(str(msrp)), console)
    text = console.export_text()
    assert "Pearson" in text and "accuracy" in text


@pytest.mark.slow
@pytest.mark.skipif(not (DATA / "msrp").exists(), reason="shared MSRP data absent")
def test_model_metadata_records_measured_figures(model):
    para = model.metadata["paraphrase"]
    assert para["cv"]["lexical"]["accuracy"] > para["cv_cosine_baseline"]["accuracy"]
    assert model.metadata["sts"]["dev"]["lexical"]["pearson"] >= 0.85


def test_scale_abbreviations_written_onto_a_number_and_a_sentence_s_stop() -> None:
    def read(text: str, language: str = "en") -> list[tuple[float, str]]:
        return [(m.value, m.text) for m in number_mentions(text, language)]

    assert read("a €2.5m transfer") == [(2_500_000.0, "€2.5m")]
    assert read("a $3bn deal") == [(3_000_000_000.0, "$3bn")]
    # a word's full stop ends the sentence; an abbreviation's is part of it
    assert read("funds to the tune of $3.5 billion.") == [(3_500_000_000.0, "$3.5 billion")]
    assert read("выделили 1,2 млрд. рублей", "ru")[0] == (1_200_000_000.0, "1,2 млрд.")
    assert read("a 5m wall") == [(5.0, "5")]  # metres, not millions
