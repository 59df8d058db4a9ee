"""What rashomon knows of each language, as data: one folder per language
(``rashomon/lang/<code>/``, ISO 639-1), read by one object per language.

``cues.json`` holds the speech and attribution cues the quote finder reads: ``speech_verbs``
(verbs that introduce what someone said; lemmas for languages parsed with a lemmatizer,
English and Russian, else inflected forms matched on lower-cased tokens),
``reporting_verbs`` (verbs that report speech as a clause, "said that ..."),
``speech_nouns`` ("her claim that ..."), ``cognitive_verbs`` ("he believes ..."),
``scare_markers`` (words before a quoted term: "so-called"), ``honorifics`` (titles written
before a name, lower case: "mr", "sen", "m", "frau") and ``phrasal_speech_verbs``
(verb -> the particle that makes it speech: "shot back"). For credited sources, read
without a parse (``analyze.citations``): ``citation_cues`` (a phrase before the source ->
its role: "selon" info, "gegenüber" outlet; the roles are ``citations.Role``),
``citation_reports`` (a word after a known source: "berichtete"), ``determiners`` (words
before a name, "l'" joined to it) and ``source_descriptors`` (a noun before a name saying
what it is: "Nachrichtenagentur" agency). Every key is optional.

Adding a language's cues is adding its folder; docs/architecture.md says what else a
language needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).parent
# Every language with a folder of data, in code order.
LANGUAGES: tuple[str, ...] = tuple(sorted(p.parent.name for p in LANG_DIR.glob("*/cues.json")))


@dataclass(frozen=True, slots=True)
class LanguageData:
    """One language's cue words (see the module docstring for each)."""

    code: str
    speech_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    cognitive_verbs: frozenset[str] = frozenset()
    scare_markers: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    citation_reports: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    phrasal_speech_verbs: dict[str, str] = field(default_factory=dict)
    citation_cues: dict[str, str] = field(default_factory=dict)
    source_descriptors: dict[str, str] = field(default_factory=dict)


_WORD_LISTS = (
    "speech_verbs",
    "reporting_verbs",
    "speech_nouns",
    "cognitive_verbs",
    "scare_markers",
    "honorifics",
    "citation_reports",
    "determiners",
)
_MAPPINGS = ("phrasal_speech_verbs", "citation_cues", "source_descriptors")


@cache
def language_data(code: str) -> LanguageData:
    """The data of language ``code``; an empty one for a language with no folder."""
    path = LANG_DIR / code / "cues.json"
    if not path.is_file():
        return LanguageData(code)
    raw = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw) - {*_WORD_LISTS, *_MAPPINGS}
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    words = {key: frozenset(raw.get(key, ())) for key in _WORD_LISTS}
    mappings = {key: dict(raw.get(key, {})) for key in _MAPPINGS}
    return LanguageData(
        code,
        speech_verbs=words["speech_verbs"],
        reporting_verbs=words["reporting_verbs"],
        speech_nouns=words["speech_nouns"],
        cognitive_verbs=words["cognitive_verbs"],
        scare_markers=words["scare_markers"],
        honorifics=words["honorifics"],
        citation_reports=words["citation_reports"],
        determiners=words["determiners"],
        phrasal_speech_verbs=mappings["phrasal_speech_verbs"],
        citation_cues=mappings["citation_cues"],
        source_descriptors=mappings["source_descriptors"],
    )


def in_any_language(name: str) -> frozenset[str]:
    """The union over every language of one word list (``name`` as in ``LanguageData``),
    for rules that read words whatever the article's language."""
    if name not in _WORD_LISTS:
        raise ValueError(f"no word list {name!r}; one of {_WORD_LISTS}")
    return frozenset().union(*(getattr(language_data(code), name) for code in LANGUAGES))
