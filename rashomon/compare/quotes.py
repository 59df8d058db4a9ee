"""Quotes across outlets: the same utterance as each article words it.

Two quotes are the same utterance when the paraphrase model says so of the whole quotes or
of any sentence of one and any sentence of the other (so a quote one outlet splits in two
still meets the whole quote elsewhere), or, in one language, when nearly all content words
of the shorter stand in the longer (a partial quote of a longer one). Quotes in other
languages meet through the multilingual vectors: "legitimate targets for their defeat",
"legitimate targets for destruction" and «законные цели для поражения» are one group.
Each member gets a word-level diff against the group's reference wording.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.compare.grouping import link_groups
from rashomon.compare.people import PeopleIndex
from rashomon.compare.similarity import SimilarityModel
from rashomon.compare.similarity import Statement as ModelStatement
from rashomon.compare.text_features import content_words
from rashomon.compare.types import ArticleRef, Passage, QuoteGroup, QuoteMember, WordDiff
from rashomon.types import Analysis, Quote

_MIN_WORDS = 3  # "destroy", "legitimate": scare-like fragments carry no utterance to align
_CONTAINMENT = 0.8  # share of the shorter quote's content words found in the longer one
_MIN_CONTAINED = 3  # content words the shorter quote needs for containment to count
_CONTEXT = 5  # reference words left out at a member's edge that make it a fragment, not a cut
_PIECE = re.compile(r"[^.!?…]+[.!?…]*")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Quotes given to two different people across outlets are one utterance (and a speaker
# disagreement) only when their words are the same: a same-fact score of at least 0.8,
# STS-B's "mostly equivalent" (4 of 5). Below it, two people saying alike things are two
# utterances: on the real-news dev set 21 "speakers disagree" alarms, none real, came from
# grouping them (docs/evaluation.md).
SAME_WORDS = 0.8


@dataclass(frozen=True, slots=True)
class _Item:
    article: int
    quote: Quote
    language: str
    pieces: tuple[str, ...]


def _pieces(text: str) -> tuple[str, ...]:
    pieces = tuple(p.strip() for p in _PIECE.findall(text) if len(_WORD.findall(p)) >= 4)
    return pieces if len(pieces) > 1 else (text,)


def _items(analyses: Sequence[Analysis]) -> list[_Item]:
    return [
        _Item(index, quote, analysis.language, _pieces(quote.text))
        for index, analysis in enumerate(analyses)
        for quote in analysis.quotes
        if quote.kind != "scare" and len(_WORD.findall(quote.text)) >= _MIN_WORDS
    ]


def _scores(items: Sequence[_Item], model: SimilarityModel, encode) -> np.ndarray:
    """Quote x quote same-utterance scores: the best of whole, sentence and containment."""
    wholes = [item.quote.text for item in items]
    split = [
        (row, piece)
        for row, item in enumerate(items)
        if len(item.pieces) > 1
        for piece in item.pieces
    ]
    vectors = encode(wholes + [piece for _, piece in split])
    whole = [
        ModelStatement(text, item.language, vectors[row])
        for row, (text, item) in enumerate(zip(wholes, items, strict=True))
    ]
    scores = model.same_fact(whole, whole)
    pieces = [
        ModelStatement(piece, items[row].language, vectors[len(wholes) + n])
        for n, (row, piece) in enumerate(split)
    ]
    owners = [row for row, _ in split]
    for row, item in enumerate(items):
        if len(item.pieces) == 1:
            pieces.append(whole[row])
            owners.append(row)
    piece_scores = model.same_fact(pieces, pieces)
    by_row = np.zeros((len(items), len(pieces)), dtype=np.float64)
    np.maximum.at(by_row, owners, piece_scores)
    best = np.zeros((len(items), len(items)), dtype=np.float64)
    np.maximum.at(best.T, owners, by_row.T)
    scores = np.maximum(scores, best)

    words = [frozenset(content_words(item.quote.text, item.language)) for item in items]
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.article == b.article or a.language != b.language:
                continue
            smaller = min(len(words[i]), len(words[j]))
            if smaller < _MIN_CONTAINED:
                continue
            contained = len(words[i] & words[j]) / smaller
            if contained >= _CONTAINMENT and contained > scores[i, j]:
                scores[i, j] = scores[j, i] = contained
    return scores


def word_diff(reference: str, member: str) -> tuple[WordDiff, ...]:
    """Word-level edit script from ``reference`` to ``member``, case-insensitive."""
    ref_words = _WORD.findall(reference)
    mem_words = _WORD.findall(member)
    matcher = difflib.SequenceMatcher(
        None, [w.lower() for w in ref_words], [w.lower() for w in mem_words], autojunk=False
    )
    steps = matcher.get_opcodes()
    # A member that quotes only part of the reference (one outlet split the quote, or
    # kept a fragment) is diffed against that part: a long run of reference words before
    # its first or after its last match is context, not a change. A short run is a cut.
    for edge in (0, -1):
        if steps and steps[edge][0] == "delete" and steps[edge][2] - steps[edge][1] >= _CONTEXT:
            steps.pop(edge)
    return tuple(
        WordDiff(op, " ".join(ref_words[i1:i2]), " ".join(mem_words[j1:j2]))
        for op, i1, i2, j1, j2 in steps
    )


def _outermost(rows: list[int], items: Sequence[_Item]) -> list[int]:
    """A group's rows less the quotes lying inside another of the group's quotes from the
    same article (a partial quote and the reported speech around it): one article, one
    wording per utterance."""

    def inside(inner: int, outer: int) -> bool:
        a, b = items[inner].quote, items[outer].quote
        if items[inner].article != items[outer].article:
            return False
        if not b.start <= a.start <= a.end <= b.end:
            return False
        return (a.start, a.end) != (b.start, b.end) or outer < inner

    return [r for r in rows if not any(o != r and inside(r, o) for o in rows)]


def _normal(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def group_quotes(
    analyses: Sequence[Analysis],
    articles: Sequence[ArticleRef],
    people: PeopleIndex,
    model: SimilarityModel,
    encode,
    order: Sequence[int],
) -> list[QuoteGroup]:
    """Quote groups in order of first appearance; ``order`` ranks articles by publication."""
    items = _items(analyses)
    if not items:
        return []
    scores = _scores(items, model, encode)
    speakers = [
        (item.article, people.person(articles[item.article].id, item.quote.speaker_entity))
        for item in items
    ]

    def apart(left: list[int], right: list[int]) -> bool:
        """Two different people quoted: in one article, two utterances whatever the words;
        across articles, two utterances unless the words are the same (then the outlets
        disagree on who said them)."""
        return any(
            speakers[i][1] != speakers[j][1]
            and (speakers[i][0] == speakers[j][0] or scores[i, j] < SAME_WORDS)
            for i in left
            if speakers[i][1]
            for j in right
            if speakers[j][1]
        )

    groups = link_groups(
        scores,
        [item.article for item in items],
        model.fact_threshold,
        0.0,  # single linkage: a quote split in two meets the whole through either half
        apart,
    )
    rank = {article: position for position, article in enumerate(order)}
    result: list[QuoteGroup] = []
    for number, grouped in enumerate(groups, 1):
        rows = _outermost(grouped, items)
        chosen = [items[r] for r in rows]
        languages = Counter(item.language for item in chosen)
        main_language = languages.most_common(1)[0][0]
        reference = min(
            range(len(rows)),
            key=lambda k: (
                chosen[k].language != main_language,
                rank[chosen[k].article],
                -len(chosen[k].quote.text),
            ),
        )
        ref_item = chosen[reference]
        members = []
        for k, item in enumerate(chosen):
            quote = item.quote
            article_id = articles[item.article].id
            same = k == reference
            members.append(
                QuoteMember(
                    article=article_id,
                    start=quote.start,
                    end=quote.end,
                    text=quote.text,
                    parts=tuple(Passage(article_id, p.start, p.end, p.text) for p in quote.parts),
                    kind=quote.kind,
                    speaker=people.speaker(article_id, quote.speaker_entity, quote.speaker),
                    similarity=1.0 if same else round(float(scores[rows[k], rows[reference]]), 4),
                    diff=()
                    if same or item.language != ref_item.language
                    else word_diff(ref_item.quote.text, quote.text),
                )
            )
        named = Counter(m.speaker for m in members if m.speaker)
        resolved = {  # named people only: "the ministry" vs its spokesman is no dispute
            people.person(articles[item.article].id, item.quote.speaker_entity) for item in chosen
        } - {None}
        if len(languages) > 1:
            wording = "translated"
        elif len({_normal(item.quote.text) for item in chosen}) == 1:
            wording = "identical"
        else:
            wording = "reworded"
        result.append(
            QuoteGroup(
                id=f"Q{number}",
                speaker=named.most_common(1)[0][0] if named else None,
                members=tuple(members),
                articles=tuple(articles[a].id for a in sorted({i.article for i in chosen})),
                reference=reference,
                wording=wording,
                speakers_disagree=len(resolved) > 1,
            )
        )
    return result
