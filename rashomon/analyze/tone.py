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

Most words an editor calls loaded are in no lexicon ("guffaws", "lackluster", "doldrums").
Where a language ships a learned model (``rashomon/lang/<language>/loaded_model.json``,
fitted on BABE's expert word labels by ``python -m rashomon.training.loaded``) and the
parse has syntax, it judges every content word (``CANDIDATE_POS``) outside names, literal
expressions, legal senses and lexicon phrases: a logistic model of the word's use-m3
vector, its one-word lexicon term's weight if any, its part of speech and capitalisation.
A word it scores from its cut on is loaded (category ``LEARNED`` unless the lexicon lists
it); a one-word lexicon term it scores below is not. Lexicon phrases and the categories
that report speech or name things plainly (``PLAIN_CATEGORIES``) are left as the lexicon
has them. Each word's vector is computed once per process.
"""

from __future__ import annotations

import json
import re
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rashomon.analyze.embeddings import Encoder
from rashomon.analyze.parse import Parse, Token
from rashomon.analyze.registry import embedders
from rashomon.errors import InputError
from rashomon.lang import LANG_DIR
from rashomon.types import LoadedWord, Sentence, SentenceTone, Tone

PREFIX_MATCHED_LANGUAGES = frozenset({"ru"})  # lexicon terms are stems, not lemmas
NEUTRAL = "neutral"  # the category of fixed expressions that are matched but not loaded
# Lexicon categories a comparison never counts as an outlet's own colouring
# (``rashomon.compare.tone.NOT_COLOURING``; rashomon/lang/en/loaded.tsv says what each
# holds): words that attribute speech, the ordinary news wording for what they name, and
# the plain names of groups and of political camps. partisan-label joined on BABE's
# word-level labels (fit half of SG1, rashomon.eval.loaded): its words, shown 5 times there
# as a sentence's own, were never marked by the experts. The analysis reports them as the
# lexicon has them; the learned model does not judge them.
PLAIN_CATEGORIES = frozenset({"reporting-verb", "conventional", "group-label", "partisan-label"})
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


# The category of a word the learned model (``loaded_model.json``) finds loaded and no
# lexicon lists.
LEARNED = "learned"
# The parts of speech of the words the learned model judges: the words that carry an
# outlet's colouring ("guffaws", "lackluster", "ping-ponged"); names and function words never.
CANDIDATE_POS = ("ADJ", "ADV", "VERB", "NOUN")
# The non-embedding features of a candidate, in the order of the model's feature weights.
FEATURES = ("in_lexicon", "lexicon_weight", *(p.lower() for p in CANDIDATE_POS), "capitalised")
_MIN_CANDIDATE_CHARS = 3  # shorter words ("bad" is three) are function words or fragments
_MEMO_WORDS = 1 << 16  # words whose embedding score one process keeps (a few MB)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A content word the learned model judges, and what it knows of it."""

    token: int  # index into Parse.tokens
    text: str  # the token, lower case: what is embedded
    pos: str
    lexicon_weight: float | None  # the weight of the one-word lexicon term it matches, if any
    capitalised: bool  # an upper-case first letter not at its sentence's start


def candidate_features(candidates: Sequence[Candidate]) -> np.ndarray:
    """The ``FEATURES`` of each candidate, one row each."""
    rows = [
        [
            c.lexicon_weight is not None,
            c.lexicon_weight or 0.0,
            *(c.pos == p for p in CANDIDATE_POS),
            c.capitalised,
        ]
        for c in candidates
    ]
    return np.asarray(rows, dtype=np.float32).reshape(len(candidates), len(FEATURES))


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A logistic model of whether a word is loaded, from the word's embedding (by the
    named encoder) and its ``FEATURES``; fitted by ``rashomon.training.loaded``."""

    encoder: str
    embedding_weights: np.ndarray
    feature_weights: np.ndarray
    bias: float
    cut: float  # the probability from which a word is shown as loaded
    # word -> its embedding's share of the logit, kept per process (a word's vector
    # depends on the word alone)
    memo: dict[str, float]

    def probabilities(self, candidates: Sequence[Candidate]) -> np.ndarray:
        texts = [c.text for c in candidates]
        # read the memo once: another thread (the web server's) may clear it meanwhile
        scores = {t: self.memo.get(t) for t in dict.fromkeys(texts)}
        missing = [t for t, score in scores.items() if score is None]
        if missing:
            encoder: Encoder = embedders.get(self.encoder)
            weighed = (encoder.encode(missing) @ self.embedding_weights).tolist()
            found = dict(zip(missing, weighed, strict=True))
            scores.update(found)
            if len(self.memo) + len(found) > _MEMO_WORDS:
                self.memo.clear()
            self.memo.update(found)
        logits = (
            np.asarray([scores[t] for t in texts], dtype=np.float64)
            + candidate_features(candidates) @ self.feature_weights
            + self.bias
        )
        return 1.0 / (1.0 + np.exp(-logits))


def model_path(language: str) -> Path:
    return LANG_DIR / language / "loaded_model.json"


@cache
def load_loaded_model(language: str) -> LoadedModel | None:
    """The shipped learned model for ``language``; None where none ships."""
    path = model_path(language)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = LoadedModel(
            data["encoder"],
            np.asarray(data["embedding_weights"], dtype=np.float32),
            np.asarray(data["feature_weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["cut"]),
            {},
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(str(path), f"cannot read loaded-word model: {error}") from error
    if model.feature_weights.shape != (len(FEATURES),):
        raise InputError(str(path), f"expected {len(FEATURES)} feature weights")
    return model


def candidates(
    parse: Parse,
    sentences: Sequence[Sentence],
    names: Sequence[tuple[int, int]],
    lexicon_weights: dict[int, float],
    excluded: set[int],
) -> list[Candidate]:
    """The words the learned model judges: content words of ``CANDIDATE_POS`` within a
    sentence, outside names, not in ``excluded`` (token indices), with the weight of the
    one-word lexicon term each matches (``lexicon_weights``, by token index)."""
    found: list[Candidate] = []
    starts = {s.start for s in sentences}
    for tok in parse.tokens:
        if (
            tok.pos not in CANDIDATE_POS
            or len(tok.text) < _MIN_CANDIDATE_CHARS
            or not tok.text.replace("-", "").isalpha()
            or tok.i in excluded
            or _inside(names, tok.start, tok.end)
        ):
            continue
        capitalised = tok.text[0].isupper() and tok.start not in starts
        found.append(
            Candidate(tok.i, tok.text.lower(), tok.pos, lexicon_weights.get(tok.i), capitalised)
        )
    return found


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


def _phrase(parse: Parse, first: int, last: int, one_word: bool) -> tuple[int, int]:
    """Token range (first, last inclusive) of the phrase the loaded tokens make; see the
    module docstring. Only adjacent words join, so the phrase is one stretch of text."""
    tokens = parse.tokens
    head = tokens[last] if one_word else None
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


# (sentence, first word's token, last word's token, start, end, category, weight, one word);
# tokens are -1 without a parse
_Hit = tuple[int, int, int, int, int, str, float, bool]


@dataclass(frozen=True, slots=True)
class _LexiconHits:
    hits: list[_Hit]  # the lexicon's loaded terms, read in context
    words: int  # how many words the text has
    names: list[tuple[int, int]]  # character spans of names
    lexicon_weights: dict[int, float]  # token -> weight of the one-word term it is
    # tokens the learned model does not judge: literal expressions, legal senses, words of
    # a lexicon phrase (shown as the lexicon has it)
    excluded: set[int]


def _lexicon_hits(
    text: str,
    sentences: Sequence[Sentence],
    parse: Parse | None,
    language: str,
    lexicon: Lexicon,
) -> _LexiconHits:
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
    hits: list[_Hit] = []
    excluded = {
        w[5]
        for w, sentence in zip(words, sentence_of, strict=True)
        if sentence >= 0 and legal[sentence] and w[3] in context.legal_sense
    }
    lexicon_weights: dict[int, float] = {}
    for i, j, entry in _find_terms(words, lexicon):
        sentence = sentence_of[i]
        start, end = words[i][0], words[j - 1][1]
        tokens = {words[k][5] for k in range(i, j)}
        if entry.category == NEUTRAL or sentence < 0 or end > sentences[sentence].end:
            excluded |= tokens
            continue  # a literal expression, or outside every sentence
        if _inside(names, start, end):
            continue
        if legal[sentence] and " ".join(entry.words) in context.legal_sense:
            continue
        one_word = len(entry.words) == 1
        first, last = words[i][5], words[j - 1][5]
        if entry.category in PLAIN_CATEGORIES:
            excluded |= tokens
        elif one_word and parse is not None and parse.tokens[first].text.lower() == words[i][2]:
            lexicon_weights[first] = entry.weight
        else:
            excluded |= tokens
        hits.append((sentence, first, last, start, end, entry.category, entry.weight, one_word))
    return _LexiconHits(hits, len(words), names, lexicon_weights, excluded)


def word_candidates(
    text: str, sentences: Sequence[Sentence], parse: Parse, language: str
) -> list[Candidate]:
    """The words of ``text`` the learned model judges, as ``score_tone`` gives them to it
    (for fitting it: ``rashomon.training.loaded``)."""
    found = _lexicon_hits(text, sentences, parse, language, load_lexicon(language))
    return candidates(parse, sentences, found.names, found.lexicon_weights, found.excluded)


def score_tone(
    text: str,
    sentences: tuple[Sentence, ...],
    parse: Parse | None,
    language: str,
    lexicon: Lexicon | None = None,
    learned: bool = True,
) -> Tone:
    """Sentiment and loaded words in context per sentence, their article mean and density.
    With ``learned`` (and a parse with syntax), the language's learned model judges the
    lexicon's one-word terms and finds loaded words no lexicon lists; without, the
    lexicon's terms are the loaded words."""
    lexicon = lexicon if lexicon is not None else load_lexicon(language)
    found = _lexicon_hits(text, sentences, parse, language, lexicon)
    hits = found.hits
    model = load_loaded_model(language) if learned else None
    if model is not None and parse is not None and parse.has_syntax:
        hits = _judged(found, parse, sentences, model)
    per_sentence: list[list[LoadedWord]] = [[] for _ in sentences]
    for sentence, first, last, start, end, category, weight, one_word in hits:
        if parse is not None and first >= 0 and last >= 0:
            first, last = _phrase(parse, first, last, one_word)
            phrase_start = min(start, parse.tokens[first].start)
            phrase_end = max(end, parse.tokens[last].end)
            if phrase_start >= sentences[sentence].start and phrase_end <= sentences[sentence].end:
                start, end = phrase_start, phrase_end
        per_sentence[sentence].append(LoadedWord(start, end, text[start:end], category, weight))
    scored = language == "en"
    tones = tuple(
        SentenceTone(
            i,
            _sentiment(s.text) if scored else None,
            _without_overlaps(per_sentence[i]),
        )
        for i, s in enumerate(sentences)
    )
    scores = [t.sentiment for t in tones if t.sentiment is not None]
    loaded_count = sum(len(t.loaded) for t in tones)
    return Tone(
        sentences=tones,
        sentiment=sum(scores) / len(scores) if scores else None,
        loaded_density=100.0 * loaded_count / found.words if found.words else 0.0,
    )


def _without_overlaps(found: Sequence[LoadedWord]) -> tuple[LoadedWord, ...]:
    """The loaded words in text order, a phrase that overlaps a longer one left out: the
    words a phrase grew to hold ("sheer" of "sheer blowhard intensity") are shown once."""
    kept: list[LoadedWord] = []
    for word in sorted(found, key=lambda w: (w.start - w.end, w.start)):
        if not any(k.start < word.end and word.start < k.end for k in kept):
            kept.append(word)
    return tuple(sorted(kept, key=lambda w: w.start))


def _judged(
    found: _LexiconHits, parse: Parse, sentences: Sequence[Sentence], model: LoadedModel
) -> list[_Hit]:
    """The lexicon's hits the learned model keeps, and the words it finds that no lexicon
    lists (category ``LEARNED``, the probability as weight)."""
    lexicon_weights = found.lexicon_weights
    judged = candidates(parse, sentences, found.names, lexicon_weights, found.excluded)
    loaded = {
        c.token: float(p)
        for c, p in zip(judged, model.probabilities(judged), strict=True)
        if p >= model.cut
    }
    # a lexicon term the model does not judge (a phrase, a word tagged as a name) stays
    judged_tokens = {c.token for c in judged}
    kept = [h for h in found.hits if h[1] not in judged_tokens or h[1] in loaded]
    for token, probability in loaded.items():
        tok = parse.tokens[token]
        if token in lexicon_weights or not 0 <= tok.sent < len(sentences):
            continue
        if tok.end > sentences[tok.sent].end:
            continue
        kept.append(
            (tok.sent, token, token, tok.start, tok.end, LEARNED, round(probability, 3), True)
        )
    return kept
