"""Tone per sentence: a sentiment score and the loaded words a lexicon finds.

Sentiment is VADER's compound score for English and None elsewhere (no offline model for
other languages ships with our dependencies). Loaded words come from a per-language
lexicon in ``rashomon/lang/<language>/loaded.tsv`` (term, category, weight 0..1, note), which
users extend with their own TSV through ``load_lexicon(language, extra_path)``.

English terms are lemmas or multiword phrases matched against token lemmas or lower-cased
token text. Russian terms are stems matched as prefixes of lower-cased words, so "угрожа"
finds "угрожает" and "угрожал" without a lemmatizer. Words inside direct quotes count
like any other; callers that want only the outlet's own voice filter by quote spans
(``rashomon.compare.tone`` does, and also drops the event's shared vocabulary).

A word is read in its context where the parse allows:

- a lexicon row of category ``neutral`` is a fixed expression in which a loaded word is
  literal ("riot gear", "supposed to", "terrorist attack"); it is matched like any term
  (the longest match wins) and reported as nothing;
- a word inside a name (the parser's person, organisation or place span: "Loretta Lynch",
  "Amnesty International") is a name, not a loaded word;
- a word the context lexicon (``rashomon/lang/<language>/context.tsv``) lists as ``legal-sense``
  ("alleged", "pleaded", "fraud", "conspire") is not loaded where its sentence or the one
  before it has a ``legal-context`` word (indicted, court, prosecutors): there it is the
  law's own vocabulary;
- a loaded word is reported with the words that make it one phrase (``_phrase``): the
  adverbs that grade a loaded adjective ("strikingly grim"), the noun a loaded adjective
  qualifies ("punishing import duties"), the modifiers before a loaded noun ("billionaire
  tycoon") and the common-noun object right after a loaded verb ("slap tariffs").
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

from rashomon.analyze.parse import Parse, Token
from rashomon.errors import InputError
from rashomon.lang import LANG_DIR
from rashomon.types import LoadedWord, Sentence, SentenceTone, Tone

PREFIX_MATCHED_LANGUAGES = frozenset({"ru"})  # lexicon terms are stems, not lemmas
NEUTRAL = "neutral"  # the category of fixed expressions that are matched but not loaded
# Named-entity labels whose spans are names, never loaded words (NORP is left out:
# "leftist" or "Islamist" are labels an outlet chooses, and the tagger calls them NORP).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
# How far a legal context reaches: the loaded word's sentence and this many before it
# ("A grand jury indicted them. They are accused of conspiring ..."). One sentence back
# was chosen by reading the realnews_compare events (../shared/data/realnews_compare):
# the charge is named in the sentence or the one before; further back it is often another
# matter.
_LEGAL_CONTEXT_BEFORE = 1
# How many words on a loaded qualifier's or verb's noun may be ("punishing import duties":
# the noun is two on). Set by hand from English noun compounds (rarely more than two
# modifiers between), not tuned on any data; longer stretches are lists, not one phrase.
_PHRASE_REACH = 3
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod", "npadvmod", "nummod"})
_OBJECT_DEPS = frozenset({"dobj", "obj"})

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


# start, end, lower-case text, lemma, Universal POS ("" unknown), index of the parser's
# token (-1 without a parse); plain tuples: fast
_Word = tuple[int, int, str, str, str, int]


@dataclass(frozen=True, slots=True)
class Context:
    """Words that tell how a loaded word is used (``rashomon/lang/<language>/context.tsv``)."""

    legal_sense: frozenset[str]  # lemmas with a legal or procedural sense ("allege", "plead")
    legal_context: frozenset[str]  # lemmas that make a passage legal ("indict", "court")


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
    path = LANG_DIR / language / "loaded.tsv"
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
def load_context(language: str) -> Context:
    """The built-in context lexicon for ``language`` (empty if none). Bad rows raise
    ``InputError``."""
    path = LANG_DIR / language / "context.tsv"
    roles: dict[str, set[str]] = {"legal-sense": set(), "legal-context": set()}
    if not path.exists():
        return Context(frozenset(), frozenset())
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read lexicon: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("term\t"):
            continue
        columns = line.split("\t")
        term = columns[0].strip().lower()
        if len(columns) < 2 or not term or columns[1].strip() not in roles:
            raise InputError(f"{path}#{number}", f"expected term<TAB>{'|'.join(roles)}[<TAB>note]")
        roles[columns[1].strip()].add(term)
    return Context(frozenset(roles["legal-sense"]), frozenset(roles["legal-context"]))


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
            (m.start(), m.end(), lower, lower, "", -1)
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
                words.append((m.start(), m.end(), lower, lower, tok.pos, tok.i))
        elif token[:1].isalnum() or token[-1:].isalnum():
            words.append((tok.start, tok.end, token.lower(), tok.lemma, tok.pos, tok.i))
    return words


def _matches(term_word: str, word: _Word, prefix_match: bool) -> bool:
    if prefix_match:
        return word[2].startswith(term_word)
    return term_word == word[3] or term_word == word[2]


def _find_terms(words: Sequence[_Word], lexicon: Lexicon) -> list[tuple[int, int, LexiconEntry]]:
    """Lexicon terms in ``words`` as (first word, end word, entry), longest match first,
    never overlapping; ``neutral`` expressions included."""
    found: list[tuple[int, int, LexiconEntry]] = []
    prefix, by_key = lexicon.prefix_match, lexicon.by_key
    skip_until = 0
    for i, (_, _, lower, lemma, pos, _) in enumerate(words):
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
                found.append((i, i + n, entry))
                skip_until = i + n
                break
    return found


def _name_spans(parse: Parse | None) -> list[tuple[int, int]]:
    if parse is None:
        return []
    return sorted((n.start, n.end) for n in parse.named if n.label in _NAME_LABELS)


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted ``spans``."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


def _legal_sentences(
    words: Sequence[_Word], sentence_of: Sequence[int], context: Context, count: int
) -> list[bool]:
    """Per sentence: whether it, or one of the ``_LEGAL_CONTEXT_BEFORE`` before it, holds
    a legal-context word."""
    own = [False] * count
    for word, sentence in zip(words, sentence_of, strict=True):
        if sentence >= 0 and (word[3] in context.legal_context or word[2] in context.legal_context):
            own[sentence] = True
    return [any(own[max(0, i - _LEGAL_CONTEXT_BEFORE) : i + 1]) for i in range(count)]


def _noun_after(tokens: Sequence[Token], head: Token, last: int) -> int | None:
    """The common noun a loaded qualifier qualifies, or a loaded verb takes as its
    object, when only that noun's modifiers stand between them (index, else None)."""
    if head.dep in ("amod", "compound"):
        noun = head.head
    elif head.pos == "VERB":
        objects = [
            k
            for k in range(last + 1, min(last + 1 + _PHRASE_REACH, len(tokens)))
            if tokens[k].head == head.i and tokens[k].dep in _OBJECT_DEPS
        ]
        if not objects:
            return None
        noun = objects[0]
    else:
        return None
    if not 0 < noun - last <= _PHRASE_REACH or tokens[noun].pos != "NOUN":
        return None
    between = range(last + 1, noun)
    if all(tokens[k].head == noun and tokens[k].dep in _MODIFIER_DEPS for k in between):
        return noun
    return None


def _phrase(parse: Parse, first: int, last: int, entry: LexiconEntry) -> tuple[int, int]:
    """Token range (first, last inclusive) of the phrase the loaded tokens make; see the
    module docstring. Only adjacent words join, so the phrase is one stretch of text."""
    tokens = parse.tokens
    head = tokens[last] if len(entry.words) == 1 else None
    if head is None or not parse.has_syntax:
        return first, last
    start, end = first, last

    def modifier(k: int, of: int) -> bool:
        tok = tokens[k]
        return tok.head == of and tok.dep in _MODIFIER_DEPS and tok.pos != "PUNCT"

    if head.pos in ("ADJ", "NOUN") or head.dep in ("amod", "acomp"):
        # graded or qualified from the left: "strikingly grim", "billionaire tycoon"
        while start > 0 and modifier(start - 1, head.i):
            if tokens[start - 1].pos == "ADV" and head.pos == "NOUN":  # "only a tycoon"
                break
            start -= 1
    noun = _noun_after(tokens, head, last)
    if noun is not None:
        # the noun it qualifies or governs, across that noun's own modifiers:
        # "punishing import duties", "slap tariffs"
        end = noun
    return start, end


def score_tone(
    text: str,
    sentences: tuple[Sentence, ...],
    parse: Parse | None,
    language: str,
    lexicon: Lexicon | None = None,
) -> Tone:
    """Sentiment and loaded words in context per sentence, their article mean and density."""
    lexicon = lexicon if lexicon is not None else load_lexicon(language)
    context = load_context(language)
    words = _words(text, sentences, parse)
    starts = [s.start for s in sentences]
    sentence_of = [
        i if i >= 0 and w[1] <= sentences[i].end else -1
        for w in words
        for i in (bisect_right(starts, w[0]) - 1,)
    ]
    legal = _legal_sentences(words, sentence_of, context, len(sentences))
    names = _name_spans(parse)
    per_sentence: list[list[LoadedWord]] = [[] for _ in sentences]
    for i, j, entry in _find_terms(words, lexicon):
        sentence = sentence_of[i]
        start, end = words[i][0], words[j - 1][1]
        if entry.category == NEUTRAL or sentence < 0 or end > sentences[sentence].end:
            continue  # a literal expression, or outside every sentence
        if _inside(names, start, end):
            continue
        if legal[sentence] and " ".join(entry.words) in context.legal_sense:
            continue
        if parse is not None and words[i][5] >= 0 and words[j - 1][5] >= 0:
            first, last = _phrase(parse, words[i][5], words[j - 1][5], entry)
            phrase_start = min(start, parse.tokens[first].start)
            phrase_end = max(end, parse.tokens[last].end)
            if phrase_start >= sentences[sentence].start and phrase_end <= sentences[sentence].end:
                start, end = phrase_start, phrase_end
        per_sentence[sentence].append(
            LoadedWord(start, end, text[start:end], entry.category, entry.weight)
        )
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
