"""Tone per sentence: a sentiment score and the loaded words a lexicon finds.

Sentiment is VADER's compound score for English and None elsewhere (no offline model for
other languages ships with our dependencies). Loaded words come from a per-language
lexicon in ``lexicons/loaded_<language>.tsv`` (term, category, weight 0..1, note), which
users extend with their own TSV through ``load_lexicon(language, extra_path)``.

English terms are lemmas or multiword phrases matched against token lemmas or lower-cased
token text. Russian terms are stems matched as prefixes of lower-cased words, so "угрожа"
finds "угрожает" and "угрожал" without a lemmatizer. Words inside direct quotes count
like any other; callers that want only the outlet's own voice filter by quote spans.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rashomon.analyze.parse import Parse
from rashomon.errors import InputError
from rashomon.types import LoadedWord, Sentence, SentenceTone, Tone

LEXICON_DIR = Path(__file__).parent / "lexicons"
PREFIX_MATCHED_LANGUAGES = frozenset({"ru"})  # lexicon terms are stems, not lemmas

_WORD = re.compile(r"\w+")  # also splits "so-called" into the words the lexicon lists
_TERM_SPLIT = re.compile(r"[\s\-‐‑–]+")
_KEY_CHARS = 2  # prefix-matched stems are indexed by their first characters


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    words: tuple[str, ...]  # lower-case lemmas (or stems) of the term, hyphens split off
    category: str
    weight: float
    # the part of speech the first word must have, where the parser tells ("fuel/verb":
    # "to fuel tensions" is loaded, "grain and fuel" is not); None: any
    pos: str | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    language: str
    prefix_match: bool
    entries: tuple[LexiconEntry, ...]
    by_key: dict[str, tuple[LexiconEntry, ...]]  # first word (or its first characters)


# start, end, lower-case text, lemma, Universal POS ("" unknown); plain tuples: fast
_Word = tuple[int, int, str, str, str]


def load_lexicon(language: str, extra_path: str | None = None) -> Lexicon:
    """The built-in lexicon for ``language`` (empty if none) plus the terms in ``extra_path``.

    The extra file has the built-in files' format (see their header comments); a term in
    it replaces a built-in one spelled the same way. Stems for prefix-matched languages
    need at least two letters. The built-in lexicon is read once per process; an extra
    file is read on every call, so edits to it show. Bad rows raise ``InputError``.
    """
    if extra_path is None:
        return _builtin_lexicon(language)
    return _lexicon(language, (*_builtin_lexicon(language).entries, *_read_tsv(Path(extra_path))))


@cache
def _builtin_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"loaded_{language}.tsv"
    return _lexicon(language, _read_tsv(path) if path.exists() else [])


def _lexicon(language: str, entries: Sequence[LexiconEntry]) -> Lexicon:
    terms = {entry.words: entry for entry in entries}  # a later entry replaces an earlier one
    prefix_match = language in PREFIX_MATCHED_LANGUAGES
    grouped: dict[str, list[LexiconEntry]] = {}
    for entry in terms.values():
        first = entry.words[0]
        grouped.setdefault(first[:_KEY_CHARS] if prefix_match else first, []).append(entry)
    by_key = {
        # the longest phrase wins, then the longest stem ("скандальн" before "скандал")
        key: tuple(sorted(entries, key=lambda e: (-len(e.words), -len(e.words[0]))))
        for key, entries in grouped.items()
    }
    return Lexicon(language, prefix_match, tuple(terms.values()), by_key)


def _read_tsv(path: Path) -> list[LexiconEntry]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read lexicon: {error}") from error
    entries: list[LexiconEntry] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("term\t"):
            continue
        columns = line.split("\t")
        term, _, pos = columns[0].strip().lower().partition("/")
        words = tuple(w for w in _TERM_SPLIT.split(term) if w)
        try:
            weight = float(columns[2]) if len(columns) >= 3 else -1.0
        except ValueError:
            weight = -1.0
        if not words or len(columns) < 3 or not columns[1].strip() or not 0 <= weight <= 1:
            raise InputError(
                f"{path}#{number}", "expected term<TAB>category<TAB>weight 0..1[<TAB>note]"
            )
        entries.append(LexiconEntry(words, columns[1].strip(), weight, pos.upper() or None))
    return entries


@cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _sentiment(sentence: str) -> float:
    """VADER compound score; 0.0 without calling VADER when no word of it is in VADER's lexicon.

    Only lexicon words (and emoji, which are not ASCII) carry valence in VADER, so such a
    sentence scores exactly 0.0; about a third of news sentences are skipped this way.
    """
    analyzer = _vader()
    lexicon = analyzer.lexicon
    if sentence.isascii() and not any(
        w in lexicon or w.strip(string.punctuation) in lexicon for w in sentence.lower().split()
    ):
        return 0.0
    return analyzer.polarity_scores(sentence)["compound"]


def _words(text: str, sentences: Sequence[Sentence], parse: Parse | None) -> list[_Word]:
    """Words with lemmas where the parser gave them; hyphenated tokens split into parts."""
    if parse is None:
        return [
            (m.start(), m.end(), lower, lower, "")
            for sentence in sentences
            for m in _WORD.finditer(text, sentence.start, sentence.end)
            for lower in (m.group().lower(),)
        ]
    words: list[_Word] = []
    for tok in parse.tokens:
        token = tok.text
        if "-" in token and len(token) > 1:
            for m in _WORD.finditer(text, tok.start, tok.end):
                lower = m.group().lower()
                words.append((m.start(), m.end(), lower, lower, tok.pos))
        elif token[:1].isalnum() or token[-1:].isalnum():
            words.append((tok.start, tok.end, token.lower(), tok.lemma, tok.pos))
    return words


def _matches(term_word: str, word: _Word, prefix_match: bool) -> bool:
    if prefix_match:
        return word[2].startswith(term_word)
    return term_word == word[3] or term_word == word[2]


def _find_loaded(text: str, words: Sequence[_Word], lexicon: Lexicon) -> list[LoadedWord]:
    """Lexicon terms in ``words``, longest match first, never overlapping."""
    found: list[LoadedWord] = []
    prefix, by_key = lexicon.prefix_match, lexicon.by_key
    skip_until = 0
    for i, (start, _, lower, lemma, pos) in enumerate(words):
        if prefix:
            candidates = by_key.get(lower[:_KEY_CHARS])
        else:
            candidates = by_key.get(lemma)
            if lower != lemma and lower in by_key:
                candidates = (*(candidates or ()), *by_key[lower])
        if not candidates or i < skip_until:
            continue
        for entry in candidates:
            if entry.pos and pos and pos != entry.pos:
                continue
            n = len(entry.words)
            if i + n <= len(words) and all(
                _matches(w, words[i + k], prefix) for k, w in enumerate(entry.words)
            ):
                end = words[i + n - 1][1]
                found.append(LoadedWord(start, end, text[start:end], entry.category, entry.weight))
                skip_until = i + n
                break
    return found


def score_tone(
    text: str,
    sentences: tuple[Sentence, ...],
    parse: Parse | None,
    language: str,
    lexicon: Lexicon | None = None,
) -> Tone:
    """Sentiment and loaded words per sentence, their article mean and density."""
    lexicon = lexicon if lexicon is not None else load_lexicon(language)
    words = _words(text, sentences, parse)
    starts = [s.start for s in sentences]
    per_sentence: list[list[LoadedWord]] = [[] for _ in sentences]
    for loaded in _find_loaded(text, words, lexicon):
        i = bisect_right(starts, loaded.start) - 1
        if i >= 0 and loaded.end <= sentences[i].end:  # else it lies outside every sentence
            per_sentence[i].append(loaded)
    scored = language == "en"
    tones = tuple(
        SentenceTone(i, _sentiment(s.text) if scored else None, tuple(per_sentence[i]))
        for i, s in enumerate(sentences)
    )
    scores = [t.sentiment for t in tones if t.sentiment is not None]
    loaded_count = sum(len(t.loaded) for t in tones)
    return Tone(
        sentences=tones,
        sentiment=sum(scores) / len(scores) if scores else None,
        loaded_density=100.0 * loaded_count / len(words) if words else 0.0,
    )
