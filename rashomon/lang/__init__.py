"""What rashomon knows of each language, as data: one folder per language
(``rashomon/lang/<code>/``, ISO 639-1), read by one object per language
(``language_data(code)``, a ``LanguageData``). docs/languages.md says how to add one.

``cues.json`` holds the speech and attribution cues the quote finder reads: ``speech_verbs``
(verbs that introduce what someone said; lemmas for languages parsed with a lemmatizer,
English and Russian, else inflected forms matched on lower-cased tokens),
``reporting_verbs`` (verbs that report speech as a clause, "said that ..."),
``speech_nouns`` ("her claim that ..."), ``cognitive_verbs`` ("he believes ..."),
``scare_markers`` (words before a quoted term: "so-called"), ``honorifics`` (titles written
before a name, lower case: "mr", "sen", "m", "frau") and ``phrasal_speech_verbs``
(verb -> the particle that makes it speech: "shot back"), and ``dash_quotes`` (true where
a paragraph opening with a dash is a quote, its attribution after a closing dash:
"—No vamos a permitirlo —dijo Holt."; ``analyze.quotemarks``). For credited sources, read
without a parse (``analyze.citations``): ``citation_cues`` (a phrase before the source ->
its role: "selon" info, "gegenüber" outlet; the roles are ``citations.Role``),
``citation_reports`` (a word after a known source: "berichtete"), ``determiners`` (words
before a name, "l'" joined to it), ``source_descriptors`` (a noun before a name saying
what it is: "Nachrichtenagentur" agency; only in lower case, "Diário de Lucena" is a name)
and ``source_nouns`` (a noun that makes an unnamed source of its kind: "bomberos" official,
"comunicado" document), read as written, less one of ``plural_endings`` ("autoridades"),
or, where ``compound_nouns`` is true, ending a compound ("havenpolitie");
``source_noun_last`` is true where an unnamed source's words end at that noun, its
adjectives before it ("het nationale statistiekbureau").

``words.json`` holds the words the text kernel (``text.features``) reads to compare
sentences: ``stop_words``; ``stem_suffixes`` (stripped longest first, in the order given)
and ``stem_drops_final_e`` ("declare"/"declared" meet); ``negations``; numbers written as
words: ``number_words`` (word -> value), ``number_words_before_scale_only`` ("one", "una":
a pronoun or an article unless a scale word follows), ``article_numbers`` and
``indefinite_articles`` ("a dozen" counts, "dozens of" does not), ``multiplier_words``
(after a number word: "two hundred"), ``number_joiners`` (between a round number word and
the smaller one that adds to it: "treinta y dos", "vinte e seis"), ``hyphenated_numbers``
("twenty-six");
``scale_words`` (after a number: "3.5 million", read in every language, since a Russian
"млн" may follow English digits in a quote) and ``own_scale_words`` (read only in this
language: Spanish "mil" is no scale in English); ``percent_words``; ``currency_words``
(word -> symbol); ``decimal_mark`` ("." or the default ","); ``date_words`` and
``modal_words`` (English: statements naming different days or hedges differ);
``weekdays`` (seven lists, Monday first, of the forms each day's name takes: two
articles that give one fact two days disagree, in any two languages). For
languages without a model, the name rules of ``analyze.parsers.NameRules`` read
``organisation_words`` (a word that makes a capitalised name an organisation: "banco",
"ministerio"), ``organisation_nouns`` (a noun written before an organisation's name: "la
naviera Halvard Lines"), ``name_particles`` (lower-case words inside a name: "de", "van") and
``place_prepositions`` (a name right after one is a place: "en", "w"). ``person_pronouns``
(word -> "m" or "f": a pronoun that can stand for a person speaking, "zegt hij"; a word that
is also a group's pronoun, Dutch "zij", is left out).

Every key of both files is optional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).parent
# Every language with a folder of data, in code order.
LANGUAGES: tuple[str, ...] = tuple(sorted(p.parent.name for p in LANG_DIR.glob("*/cues.json")))
DATA_FILES = ("cues.json", "words.json")


@dataclass(frozen=True, slots=True)
class LanguageData:
    """One language's words (see the module docstring for each)."""

    code: str
    # cues.json
    speech_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    cognitive_verbs: frozenset[str] = frozenset()
    scare_markers: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    citation_reports: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    phrasal_speech_verbs: dict[str, str] = field(default_factory=dict)
    dash_quotes: bool = False
    citation_cues: dict[str, str] = field(default_factory=dict)
    source_descriptors: dict[str, str] = field(default_factory=dict)
    source_nouns: dict[str, str] = field(default_factory=dict)
    plural_endings: tuple[str, ...] = ()
    compound_nouns: bool = False
    source_noun_last: bool = False
    # words.json
    stop_words: frozenset[str] = frozenset()
    stem_suffixes: tuple[str, ...] = ()
    stem_drops_final_e: bool = False
    negations: frozenset[str] = frozenset()
    number_words: dict[str, int] = field(default_factory=dict)
    number_words_before_scale_only: frozenset[str] = frozenset()
    article_numbers: frozenset[str] = frozenset()
    indefinite_articles: frozenset[str] = frozenset()
    multiplier_words: dict[str, int] = field(default_factory=dict)
    number_joiners: frozenset[str] = frozenset()
    hyphenated_numbers: bool = False
    scale_words: dict[str, float] = field(default_factory=dict)
    own_scale_words: dict[str, float] = field(default_factory=dict)
    percent_words: frozenset[str] = frozenset()
    currency_words: dict[str, str] = field(default_factory=dict)
    decimal_mark: str | None = None
    date_words: frozenset[str] = frozenset()
    modal_words: frozenset[str] = frozenset()
    weekdays: tuple[tuple[str, ...], ...] = ()
    organisation_words: frozenset[str] = frozenset()
    organisation_nouns: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()
    person_pronouns: dict[str, str] = field(default_factory=dict)


_FIELD_TYPES: dict[str, str] = {f.name: str(f.type) for f in fields(LanguageData)[1:]}
_WORD_LISTS = tuple(name for name, kind in _FIELD_TYPES.items() if kind == "frozenset[str]")


def _value(name: str, raw: Any) -> Any:
    """A JSON value as the field ``name`` holds it."""
    kind = _FIELD_TYPES[name]
    if kind == "frozenset[str]":
        return frozenset(raw)
    if kind.startswith("tuple[tuple"):
        return tuple(tuple(item) for item in raw)
    if kind.startswith("tuple"):
        return tuple(raw)
    if kind.startswith("dict"):
        return dict(raw)
    return raw


@cache
def language_data(code: str) -> LanguageData:
    """The data of language ``code``; an empty one for a language with no folder."""
    values: dict[str, Any] = {}
    for name in DATA_FILES:
        path = LANG_DIR / code / name
        if not path.is_file():
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(raw) - set(_FIELD_TYPES)
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
        values.update((key, _value(key, value)) for key, value in raw.items())
    return LanguageData(code, **values)


def in_any_language(name: str) -> frozenset[str]:
    """The union over every language of one word list (``name`` as in ``LanguageData``),
    for rules that read words whatever the article's language."""
    if name not in _WORD_LISTS:
        raise ValueError(f"no word list {name!r}; one of {_WORD_LISTS}")
    return frozenset().union(*(getattr(language_data(code), name) for code in LANGUAGES))
