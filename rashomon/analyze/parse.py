"""Tokens, parts of speech, dependencies and raw named-entity spans, behind one interface.

The rest of the analysis reads only these types, never a library's own objects, so a
language can get its parser from any backend (spaCy for English, Natasha for Russian,
a plain tokenizer elsewhere) without touching quotes, speakers, citations or tone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.types import EntityLabel


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in Parse.tokens
    start: int  # character offsets into the article text
    end: int
    text: str
    lemma: str  # lower-case lemma; the lower-cased text where no lemmatizer runs
    pos: str  # Universal POS tag ("VERB", "PROPN", ...); "X" where unknown
    dep: str  # Universal Dependencies relation ("nsubj", "ccomp", ...); "" where unknown
    head: int  # index of the syntactic head; the token's own index for a root or when unknown
    sent: int  # index of the sentence (Parse.sentences) holding the token


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A raw named-entity span from the tagger, before in-article resolution."""

    start: int
    end: int
    text: str
    label: EntityLabel
    normal: str = ""  # dictionary form where the language inflects names ("Ушакова" -> "Ушаков")


@dataclass(frozen=True, slots=True)
class Parse:
    tokens: tuple[Token, ...]
    sentence_bounds: tuple[tuple[int, int], ...]  # (first token, end token) per sentence
    named: tuple[NamedSpan, ...]
    has_syntax: bool  # False for the plain fallback: pos/dep/head carry no information
