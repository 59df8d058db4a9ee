"""What one article may cost (issue 13, item 5; docs/analysis-json.md, "Bounds").

A run of text without sentence breaks is cut into pieces the parser can take; an article
past the character, token or sentence bound fails alone, with one line naming the bound,
before anything costly reads it (past the named-mention bound: before entity resolution),
and the rest of its batch is analysed as usual. The
inputs are generated here: nothing large is kept in the repository.
"""

from __future__ import annotations

import itertools
import pickle

import pytest

from rashomon.analyze import pipeline
from rashomon.analyze.pipeline import (
    MAX_ARTICLE_CHARS,
    MAX_ARTICLE_TOKENS,
    MAX_NAMED_MENTIONS,
    MAX_SENTENCES,
    AnalysisConfig,
    TooLarge,
    analyze_article,
    analyze_batch,
)
from rashomon.analyze.sentences import MAX_SENTENCE_CHARS, split_sentences
from rashomon.errors import InputError
from rashomon.types import Article

NO_VECTORS = AnalysisConfig(embedder=None)
WORDS = "the minister said on tuesday that talks with officials would continue despite protests "
GOOD = (
    "Mayor Ines Karro visited the bridge on Tuesday.\n\n"
    "“We will not reopen it until every cable has been checked,” Karro told reporters. "
    "According to Reuters, the repairs will cost $4 million."
)


def _repeat(piece: str, chars: int) -> str:
    return (piece * (chars // len(piece) + 1))[:chars].rstrip()


def _article(name: str, text: str) -> Article:
    return Article(id=name, text=text, path=f"{name}.txt")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, list[int]]]:
    """(article length, its sentence lengths) of everything the pipeline hands a parser."""
    seen: list[tuple[int, list[int]]] = []
    parse_many, parse_text = pipeline.parse_many, pipeline.parse_text

    def spy_many(items):
        seen.extend(
            (len(text), [s.end - s.start for s in sentences]) for text, sentences, _ in items
        )
        return parse_many(items)

    def spy_text(text, sentences, language):
        seen.append((len(text), [s.end - s.start for s in sentences]))
        return parse_text(text, sentences, language)

    monkeypatch.setattr(pipeline, "parse_many", spy_many)
    monkeypatch.setattr(pipeline, "parse_text", spy_text)
    return seen


def test_bounds_leave_room_for_the_longest_real_articles() -> None:
    # measured on /work/shared/data: 57,785 characters, 11,854 tokens, 522 sentences,
    # a sentence of 1,395 characters (docs/analysis-json.md, "Bounds")
    assert MAX_ARTICLE_CHARS >= 1.5 * 57_785
    assert MAX_ARTICLE_TOKENS >= 2 * 11_854
    assert MAX_SENTENCES >= 4 * 522
    assert MAX_SENTENCE_CHARS >= 2 * 1_395
    assert MAX_NAMED_MENTIONS >= 1.4 * 3_410  # WikiRef220 premier.league.126, a results table
    # a normal article as long as the character bound allows is within the others
    assert MAX_ARTICLE_TOKENS >= MAX_ARTICLE_CHARS * 11_854 / 57_785
    assert MAX_SENTENCES >= MAX_ARTICLE_CHARS * 522 / 57_785


def test_a_run_without_sentence_breaks_is_cut_at_white_space() -> None:
    text = "Officials said " + _repeat(WORDS, 3 * MAX_SENTENCE_CHARS + 500) + "."
    sentences = split_sentences(text, "en")
    assert len(sentences) == 4
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(s.text == text[s.start : s.end] == s.text.strip() for s in sentences)
    # nothing lost: only the white space at each cut lies between two pieces
    for before, after in itertools.pairwise(sentences):
        assert before.end < after.start and not text[before.end : after.start].strip()
    assert sentences[0].start == 0 and sentences[-1].end == len(text)


def test_a_run_without_white_space_is_cut_at_the_bound() -> None:
    text = "x" * (2 * MAX_SENTENCE_CHARS + 7)
    sentences = split_sentences(text, "en")
    assert [(s.start, s.end) for s in sentences] == [
        (0, MAX_SENTENCE_CHARS),
        (MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS),
        (2 * MAX_SENTENCE_CHARS, len(text)),
    ]


def test_a_sentence_at_the_bound_is_kept_whole() -> None:
    sentence = _repeat(WORDS, MAX_SENTENCE_CHARS - 1) + "."
    assert len(sentence) == MAX_SENTENCE_CHARS
    text = f"The talks ended.\n\n{sentence} The minister left."
    assert [s.text for s in split_sentences(text, "en")] == [
        "The talks ended.",
        sentence,
        "The minister left.",
    ]


def test_no_sentence_longer_than_the_bound_reaches_the_parser(parsed) -> None:
    run_on = "Officials said " + _repeat(WORDS, 5 * MAX_SENTENCE_CHARS)
    analysis = analyze_article(_article("run-on", run_on), NO_VECTORS)
    assert parsed and all(length <= MAX_SENTENCE_CHARS for _, s in parsed for length in s)
    assert len(analysis.sentences) >= 5
    assert analysis.sentences[-1].end == len(run_on)  # the whole text analysed, no prefix


@pytest.mark.parametrize(
    ("text", "what", "bound"),
    [
        (_repeat(WORDS, MAX_ARTICLE_CHARS + 1), "characters", MAX_ARTICLE_CHARS),
        # short words: few characters, many tokens
        (_repeat("a b ", 2 * MAX_ARTICLE_TOKENS + 10), "tokens", MAX_ARTICLE_TOKENS),
        # "Go on." three tokens a sentence: under the token bound, over the sentence bound
        (_repeat("Go on. ", 7 * (MAX_SENTENCES + 10)), "sentences", MAX_SENTENCES),
    ],
    ids=["characters", "tokens", "sentences"],
)
def test_an_article_past_a_bound_fails_alone_and_unparsed(parsed, text, what, bound) -> None:
    articles = [_article("good-1", GOOD), _article("huge", text), _article("good-2", GOOD)]
    results = analyze_batch(articles, NO_VECTORS)
    assert [type(r).__name__ for r in results] == ["Analysis", "TooLarge", "Analysis"]
    error = results[1]
    assert isinstance(error, InputError) and error.source == "huge.txt"
    message = str(error)
    assert "\n" not in message
    assert message.startswith("huge.txt: too large to analyse: ")
    assert f" {what}, " in message and f"{bound:,}" in message
    assert len(text) not in [length for length, _ in parsed]  # the parser never saw it
    # the good articles come out as they do alone
    alone = analyze_article(_article("good-1", GOOD), NO_VECTORS)
    assert results[0].sentences == alone.sentences and results[0].quotes == alone.quotes
    with pytest.raises(TooLarge):
        analyze_article(_article("huge", text), NO_VECTORS)


def test_an_article_with_too_many_names_fails_before_entity_resolution(monkeypatch) -> None:
    # Resolving names compares each with the entities before it; the bound is checked on
    # the parse, before that. Lowered here so that a short article can cross it.
    names = (
        "Senator John Smith met Governor Anna Jones, Mayor Peter Brown, Judge Maria Miller, "
        "Dr. James Davis, Linda Wilson, Robert Moore and Susan Taylor in Boston on Tuesday."
    )
    monkeypatch.setattr(pipeline, "MAX_NAMED_MENTIONS", 5)
    resolved: list[int] = []
    entity_index = pipeline.EntityIndex

    def spy(text, parse):
        resolved.append(len(text))
        return entity_index(text, parse)

    monkeypatch.setattr(pipeline, "EntityIndex", spy)
    articles = [_article("good-1", GOOD), _article("names", names), _article("good-2", GOOD)]
    results = analyze_batch(articles, NO_VECTORS)
    assert [type(r).__name__ for r in results] == ["Analysis", "TooLarge", "Analysis"]
    assert " named-entity mentions, more than the 5 " in str(results[1])
    assert len(names) not in resolved and resolved == [len(GOOD), len(GOOD)]
    with pytest.raises(TooLarge):
        analyze_article(_article("names", names), NO_VECTORS)


def test_a_forty_megabyte_line_fails_before_anything_reads_it(parsed, monkeypatch) -> None:
    def never(*args, **kwargs):
        raise AssertionError("a bounded step read an article past the character bound")

    monkeypatch.setattr(pipeline, "split_sentences", never)
    monkeypatch.setattr(pipeline, "identify_language", never)
    line = _repeat(WORDS, 40 * 2**20)
    [error] = analyze_batch([_article("line", line)], NO_VECTORS)
    assert isinstance(error, TooLarge) and f"{len(line):,} characters" in str(error)
    assert not parsed


def test_the_error_crosses_process_boundaries() -> None:
    # analysis workers send their errors back pickled (rashomon.errors.InputError)
    error = TooLarge("huge.txt", "too large to analyse: 1 characters")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is TooLarge and str(copy) == str(error)
