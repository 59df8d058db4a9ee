"""Each compared article's tone: its sentiment and the loaded words in its own voice.

``article_tones`` turns the per-article tone of the analysis (``rashomon.analyze.tone``:
lexicon words read in their sentence) into what the comparison shows, using everything it
compares:

- a word inside a quotation is the speaker's, not the outlet's (``LoadedTerm.quoted``):
  the quotes the analysis found, and every stretch between quotation marks, including a
  quotation running over several paragraphs, each of which opens with a quotation mark
  and none but the last closes (news convention), as ``analyze.quotemarks`` pairs them;
- a word of a category in ``NOT_COLOURING`` is left out here (it stays in the analysis's
  tone): words that report speech or intent ("claimed", "insisted", "vowed": how a reporter
  attributes), the ordinary news wording for what a word names (violence "erupted") and
  the plain names of groups and camps ("terrorist", "rebel", "populist", "far-left");
- a word every compared article uses (its inflections counted as one) is the event's
  vocabulary, not one outlet's colouring: "terror" in a story about a terror attack,
  "riot" in one about riots. With fewer than ``_SHARED_MIN_ARTICLES`` articles nothing is
  shared.

``loaded_density`` is the outlet's own reported loaded words per 100 words of its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.analyze.quotemarks import find_quoted_segments
from rashomon.analyze.sentences import paragraphs
from rashomon.analyze.tone import PLAIN_CATEGORIES
from rashomon.compare.types import ArticleTone, LoadedTerm
from rashomon.types import Analysis

# Lexicon categories the comparison never counts as an outlet's own colouring (the analysis
# says why: rashomon.analyze.tone.PLAIN_CATEGORIES).
NOT_COLOURING = PLAIN_CATEGORIES
# Articles needed before "every article uses it" can mean the event's vocabulary: with
# two, one outlet copying the other's loaded word would erase it from both; three is
# the size of every realnews_compare event, where the rule was chosen.
_SHARED_MIN_ARTICLES = 3
_WORD = re.compile(r"\w+")
# Inflection endings stripped to find a word's family ("vowed", "vowing", "vows" -> "vow"),
# longest first; a stem keeps at least _MIN_STEM letters.
_ENDINGS = ("ing", "ied", "ies", "ed", "es", "s", "e", "y")
_MIN_STEM = 3


def article_tones(analyses: Sequence[Analysis]) -> tuple[ArticleTone, ...]:
    """Per analysis, in order: its sentiment, loaded words (each marked quoted or not) and
    the density of its own, with words no outlet can be said to choose left out."""
    families = [_families(a.article.text) for a in analyses]
    shared_by_all = len(analyses) >= _SHARED_MIN_ARTICLES
    tones: list[ArticleTone] = []
    for n, analysis in enumerate(analyses):
        others = [f for m, f in enumerate(families) if m != n]
        quoted = quoted_spans(analysis)
        terms: list[LoadedTerm] = []
        for sentence in analysis.tone.sentences:
            for w in sentence.loaded:
                if w.category in NOT_COLOURING:
                    continue
                if shared_by_all and _shared(w.text, others):
                    continue
                inside = any(s <= w.start and w.end <= e for s, e in quoted)
                terms.append(LoadedTerm(w.start, w.end, w.text, w.category, w.weight, inside))
        own = sum(1 for t in terms if not t.quoted)
        words = max(len(analysis.article.text.split()), 1)
        tones.append(
            ArticleTone(
                analysis.article.id,
                analysis.tone.sentiment,
                round(100 * own / words, 3),
                tuple(terms),
            )
        )
    return tuple(tones)


def quoted_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Character spans of quoted words: the analysis's direct, partial and scare quotes,
    and every stretch between quotation marks (multi-paragraph quotations included)."""
    spans = [(p.start, p.end) for q in analysis.quotes if q.kind != "indirect" for p in q.parts]
    text = analysis.article.text
    segments, _ = find_quoted_segments(text, paragraphs(text))
    spans.extend((s.start, s.end) for s in segments)
    return sorted(spans)


def family(word: str) -> str:
    """A word's inflection family: lower case, one inflection ending off."""
    word = word.lower()
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    if len(word) > _MIN_STEM + 1 and word[-1] == word[-2]:  # "slammed" -> "slamm" -> "slam"
        word = word[:-1]
    return word


def _families(text: str) -> frozenset[str]:
    return frozenset(family(m.group()) for m in _WORD.finditer(text))


def _shared(text: str, others: Sequence[frozenset[str]]) -> bool:
    """Whether every other article uses every word of ``text`` (in some inflection)."""
    words = [family(m.group()) for m in _WORD.finditer(text)]
    return bool(words) and all(all(w in f for w in words) for f in others)
