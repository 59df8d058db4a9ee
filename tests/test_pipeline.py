"""The analysis pipeline as a whole: batching, workers' units of work, the parser's
sentence bookkeeping and its fast path for spaCy's attribute ruler and lemmatizer."""

from __future__ import annotations

import pytest

from rashomon.analyze.parsers import parse_many, parse_text, parsers
from rashomon.analyze.pipeline import AnalysisConfig, analyze_article, analyze_batch, analyze_many
from rashomon.analyze.sentences import split_sentences
from rashomon.errors import InputError
from rashomon.present.json import analysis_to_dict
from rashomon.types import Article, Sentence

NO_VECTORS = AnalysisConfig(embedder=None)

# The sentence splitter cuts "A.F.L.-C.I.O." after "C." while spaCy keeps it one token,
# so the sentence "I.O." owns no token. Sentence bounds used to skip it, which shifted
# every later sentence's bounds by one: KeyError in the citation reader (PolNeAR
# nyt_2016-01-30_traditionally-democrat-unions-ar.txt failed with KeyError(566)).
SPLIT_INSIDE_A_TOKEN = (
    "Union leaders met in Washington on Friday.\n\n"
    "\"We will fight this vigorously,'' said Richard L. Trumka, president of the A.F.L.-C.I.O.\n\n"
    "The Associated Press reported that the unions would endorse a candidate in March.\n\n"
    "Officials at the union declined to comment."
)

TEXTS = [
    SPLIT_INSIDE_A_TOKEN,
    "Mayor Ines Karro visited the bridge on Tuesday.\n\n"
    "“We will not reopen it until every cable has been checked,” Karro told reporters. "
    "According to Reuters, the repairs will cost $4 million.",
    "There is no plan, the minister said. “We’re gonna wait,” she added, "
    "and y'all ain't seeing a vote before May. Let's see, he said.\n  \n"
    "The Senate's leaders, who spoke to The Times, disagreed.",
    "Короткая заметка на русском языке о заседании городского совета в Москве.",
]


def _article(n: int, text: str) -> Article:
    return Article(id=f"a{n}", text=text, path=f"text-{n}.txt")


def _as_dicts(results: list) -> list:
    return [analysis_to_dict(r) if not isinstance(r, InputError) else str(r) for r in results]


def test_sentence_cut_inside_a_token_keeps_later_sentences_aligned() -> None:
    # The splitter no longer cuts there (it knows initialisms now), but a cut inside a
    # token must still keep the bounds aligned: the cut is made by hand, where it was.
    whole = split_sentences(SPLIT_INSIDE_A_TOKEN, "en")
    assert whole[1].text.endswith("A.F.L.-C.I.O.")
    cut = whole[1].end - len("I.O.")
    sentences = (
        whole[0],
        Sentence(whole[1].start, cut, SPLIT_INSIDE_A_TOKEN[whole[1].start : cut]),
        Sentence(cut, whole[1].end, "I.O."),
        *whole[2:],
    )
    parse = parse_text(SPLIT_INSIDE_A_TOKEN, sentences, "en")
    assert len(parse.sentence_bounds) == len(sentences)
    assert parse.sentence_bounds[2][0] == parse.sentence_bounds[2][1]  # owns no token
    for token in parse.tokens:
        first, end = parse.sentence_bounds[token.sent]
        assert first <= token.i < end
    analysis = analyze_article(_article(0, SPLIT_INSIDE_A_TOKEN), NO_VECTORS)
    assert [c.source for c in analysis.citations] == ["Associated Press"]


def test_every_sentence_has_bounds_in_each_backend() -> None:
    text = "One. Two three.\n\nFour five six."
    sentences = split_sentences(text, "de")
    parse = parsers.get("plain")(text, sentences)
    assert parse.sentence_bounds == ((0, 2), (2, 5), (5, 9))


def test_batch_gives_each_article_what_it_gets_alone() -> None:
    articles = [_article(n, text) for n, text in enumerate(TEXTS)]
    alone = _as_dicts([analyze_article(a) for a in articles])
    assert _as_dicts(analyze_batch(articles)) == alone
    # other batch-mates, another order: still the same result per article
    reordered = analyze_batch([articles[2], articles[0], articles[3], articles[1]])
    assert _as_dicts(reordered) == [alone[2], alone[0], alone[3], alone[1]]


def test_parse_many_equals_parse_text() -> None:
    items = [(text, split_sentences(text, "en"), "en") for text in TEXTS[:3]]
    assert parse_many(items) == [parse_text(*item) for item in items]
    assert parse_many(items[::-1]) == [parse_text(*item) for item in items[::-1]]


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_analyze_many_keeps_order_and_input_errors(batch_size: int) -> None:
    articles = [_article(n, text) for n, text in enumerate(TEXTS)]
    error = InputError("missing.txt", "cannot read")
    items = [articles[0], error, *articles[1:]]
    seen: list = []
    results = list(analyze_many(items, NO_VECTORS, on_result=seen.append, batch_size=batch_size))
    assert results == seen
    assert results[1] is error
    expected = _as_dicts([analyze_article(a, NO_VECTORS) for a in articles])
    assert _as_dicts([results[0], *results[2:]]) == expected


def test_a_failing_article_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.analyze.components as components

    real = components.score_tone

    def breaks_on_bridges(text, *args):
        if "bridge" in text:
            raise RuntimeError("boom")
        return real(text, *args)

    monkeypatch.setattr(components, "score_tone", breaks_on_bridges)
    results = analyze_batch([_article(n, t) for n, t in enumerate(TEXTS[:3])], NO_VECTORS)
    assert [type(r).__name__ for r in results] == ["Analysis", "InputError", "Analysis"]
    assert "RuntimeError('boom')" in str(results[1])


def test_fast_attributes_match_spacy_ruler_and_lemmatizer() -> None:
    """POS and lemma from the lookups equal those spaCy's own components write."""
    parser = parsers.get("spacy-en")
    if parser.attributes is None:
        pytest.skip("this spaCy pipeline runs its own attribute ruler and lemmatizer")
    text = " ".join(TEXTS[:3]) + " I met them; it's hers. Gotta go, c'mon!  Ain't so."
    doc = parser.nlp(text)  # every component, spaCy's way
    fast = parser.attributes(doc)
    assert fast == [(t.pos_, t.lemma_) for t in doc]


def test_input_errors_survive_the_trip_from_a_worker_process():
    # Analysis workers send failures back pickled; an error that cannot be rebuilt there
    # would kill the pool's result thread and hang the whole run.
    import pickle

    from rashomon.errors import InputError

    error = pickle.loads(pickle.dumps(InputError("a.txt", "analysis failed: boom")))
    assert (error.source, error.reason, str(error)) == (
        "a.txt",
        "analysis failed: boom",
        "a.txt: analysis failed: boom",
    )


# News abbreviations the segmenter alone took for sentence ends (invented sentences).
@pytest.mark.parametrize(
    "text",
    [
        "Sen. Ines Karro, R-S.C., suggested the tariff be delayed.",
        "Sen. Ines Karro, R-S.C. suggested the tariff be delayed.",
        "The U.S.-U.K. trade talks resumed in Lisk.",
        "Rep. Tom Vell, D-N.M., and Gov. Ann Poe met Dr. Ward on Jan. 5 and Sept. 12.",
        "The No. 2 Democrat, Rep. Vos, D-Calif., spoke with Mr. Ward and Mrs. Ward.",
        "Acme Corp. and Vell Inc. said the U.N. would meet at 5 p.m. on Monday.",
    ],
)
def test_news_abbreviations_do_not_end_sentences(text: str) -> None:
    assert [s.text for s in split_sentences(text, "en")] == [text]


def test_sentence_ends_after_abbreviations_are_kept() -> None:
    text = (
        "The mayor moved to the U.S. He lives in Lisk.\n\n"
        "The vote was held on Nov. 3. It failed by a wide margin.\n\n"
        "Talks ended at 5 p.m. Officials left."
    )
    assert [s.text for s in split_sentences(text, "en")] == [
        "The mayor moved to the U.S.",
        "He lives in Lisk.",
        "The vote was held on Nov. 3.",
        "It failed by a wide margin.",
        "Talks ended at 5 p.m.",
        "Officials left.",
    ]


def test_components_run_only_what_is_asked_and_what_it_needs() -> None:
    from rashomon.analyze.components import resolve_components

    article = _article(1, TEXTS[1])  # Karro's quote, credited to Karro by "told reporters"
    full = analyze_article(article, NO_VECTORS)
    quotes_only = analyze_article(article, AnalysisConfig(embedder=None, components=("quotes",)))
    assert quotes_only.quotes == full.quotes and full.quotes
    assert quotes_only.citations == () and quotes_only.tone.sentences == ()
    # citations read the quotes (their speakers are credited sources): asked alone, both run
    assert resolve_components(["citations"]) == ("quotes", "citations")
    credited = analyze_article(article, AnalysisConfig(embedder=None, components=("citations",)))
    assert credited.citations == full.citations
    with pytest.raises(ValueError, match="no analysis component 'parse'"):
        AnalysisConfig(components=("parse",))
