"""Who is quoted: each quote's speaker put in a class, and tallies per story or outlet.

A quote's voice (scare quotes have none and are not counted) is decided from the
analysis alone, first rule that answers:

1. ``unattributed``: no speaker, or only a pronoun the analysis could not resolve.
2. ``anonymous``: a speaker that is not a name (no entity, no capitalised word) described
   by a word of ``ANONYMOUS_WORDS`` ("officials", "a senior administration source",
   "people familiar with the talks", "aides").
3. ``official``: a person whose name or its surroundings in the article (the words
   before any mention of them in its sentence, at most ``ROLE_WINDOW`` characters, or an
   apposition after: "Ilse Brandt, the harbour master,") hold a word of
   ``OFFICIAL_TITLES`` or ``OFFICIAL_BODIES`` ("Defence Minister Dmitri Orlov", "police
   chief"); a public body or a town that speaks ("the Defence Ministry said", "the city
   said", an unnamed "the minister"); a country or city named as the speaker ("Sevrask
   said": its government).
4. ``expert``: a person so described by a word of ``EXPERT_WORDS`` (analyst, professor).
5. ``ordinary``: any other named person: residents, witnesses, workers, and people the
   article names with no office or expertise.
6. ``organisation``: a named organisation that is not an official body (a company, a
   union).

The words are English, Russian and Spanish stems matched at the start of a word. A role
written far from every mention of a name is missed (the person counts as ordinary), and a
word such as "director" names officials and company heads alike: treat the shares as a
reading aid, not a measurement.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rashomon.types import Analysis, Entity, Quote

VOICE_CLASSES = ("official", "anonymous", "ordinary", "expert", "organisation", "unattributed")
ROLE_WINDOW = 60  # characters before a mention where a title or office is read

# Stems matched at the start of a word; a phrase is matched whole. Titles and offices a
# person holds, and public bodies that speak.
OFFICIAL_TITLES = (
    *("minister", "president", "prime minister", "premier", "chancellor", "governor"),
    *("mayor", "senator", "congressman", "congresswoman", "representative", "lawmaker"),
    *("legislator", "ambassador", "diplomat", "spokes", "official", "secretary", "sheriff"),
    *("commissioner", "inspector", "prosecutor", "attorney general", "judge", "commander"),
    *("admiral", "general", "harbour master", "harbor master", "fire chief", "police chief"),
    *("presidente", "alcalde", "gobernador", "portavoz", "ministro", "ministra"),
    *("министр", "президент", "губернатор", "мэр", "посол", "депутат", "сенатор"),
    *("представител", "пресс-секретар", "глав", "генерал", "командующ", "прокурор"),
)
OFFICIAL_BODIES = (
    *("ministry", "government", "administration", "cabinet", "parliament", "congress"),
    *("police", "military", "army", "navy", "coast guard", "department", "agency"),
    *("authority", "council", "committee", "embassy", "court", "office", "service"),
    *("ministerio", "gobierno", "министерств", "ведомств", "правительств", "полици", "мид"),
)
# A town speaking ("the city said"): its government, said only of a speaker with no name
# (beside a person's name, "city" is as often where they live).
CITY_HALL = ("city", "town hall", "municipal", "мэрия", "ayuntamiento")
EXPERT_WORDS = (
    *("analyst", "professor", "expert", "economist", "researcher", "scientist", "engineer"),
    *("historian", "seismologist", "doctor", "lawyer", "consultant"),
    *("эксперт", "аналитик", "профессор", "экономист", "учен", "experto", "analista"),
    "profesor",
)
ANONYMOUS_WORDS = (
    *("source", "official", "aide", "insider", "diplomat", "people familiar"),
    *("person familiar", "spokes", "источник", "собеседник", "fuente"),
)
PRONOUNS = frozenset(
    {
        *("he", "she", "they", "him", "her", "them", "it", "we", "i", "you"),
        *("он", "она", "они", "оно", "мы", "él", "ella", "ellos"),
    }
)
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÞА-ЯЁ]")
_SENTENCE_BREAK = re.compile(r"[.!?…]\s|\n")
_APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|who is)?\s*([^,.;]{1,60})")


def _has_word(text: str, stems: Iterable[str]) -> bool:
    lowered = f" {text.casefold()} "
    return any(re.search(rf"(?<![\w]){re.escape(stem)}", lowered) for stem in stems)


def voice(analysis: Analysis, quote: Quote) -> str:
    """The class of a quote's speaker (module docstring); scare quotes are not voices."""
    speaker = (quote.speaker or "").strip()
    if not speaker or speaker.casefold() in PRONOUNS:
        return "unattributed"
    entity = next((e for e in analysis.entities if e.id == quote.speaker_entity), None)
    if entity is None:  # "Sevrask said": a name the analysis knows, not linked to the quote
        key = speaker.casefold()
        entity = next((e for e in analysis.entities if e.name.casefold() == key), None)
    if entity is None and not _CAPITALISED.search(speaker):
        if _has_word(speaker, ANONYMOUS_WORDS):
            return "anonymous"
        if any(
            _has_word(speaker, words) for words in (OFFICIAL_BODIES, OFFICIAL_TITLES, CITY_HALL)
        ):
            return "official"  # "the ministry", "the minister" (a named person unresolved)
        return "expert" if _has_word(speaker, EXPERT_WORDS) else "ordinary"
    label = entity.label if entity else "PERSON"
    if label in ("GPE", "NORP"):
        return "official"  # "Sevrask said": a capital speaking is its government
    if label != "PERSON":
        official = _has_word(speaker, OFFICIAL_BODIES) or _has_word(speaker, OFFICIAL_TITLES)
        return "official" if official else "organisation"
    surroundings = " ".join([speaker, *_role_context(analysis, quote, entity)])
    if _has_word(surroundings, OFFICIAL_TITLES) or _has_word(surroundings, OFFICIAL_BODIES):
        return "official"
    if _has_word(surroundings, EXPERT_WORDS):
        return "expert"
    return "ordinary"


def _role_context(analysis: Analysis, quote: Quote, entity: Entity | None) -> list[str]:
    """The words before each mention of the speaker, within its sentence and
    ``ROLE_WINDOW``, and an apposition after it."""
    text = analysis.article.text
    spans = [(m.start, m.end) for m in entity.mentions] if entity else []
    if quote.speaker_mention is not None:
        spans.append((quote.speaker_mention.start, quote.speaker_mention.end))
    context = []
    for start, end in spans:
        before = text[max(0, start - ROLE_WINDOW) : start]
        context.append(_SENTENCE_BREAK.split(before)[-1])
        if (after := _APPOSITION.match(text, end)) is not None:
            context.append(after.group(1))
    return context


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    voice: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class Voices:
    """Who is quoted across some articles: each speaker and how often, and the quotes of
    each voice class."""

    articles: int
    quotes: int  # every quote with a voice (scare quotes left out)
    speakers: tuple[Speaker, ...]  # most quoted first
    classes: dict[str, int]  # voice class -> quotes, every class in VOICE_CLASSES

    def share(self, voice_class: str) -> float:
        """The class's share of the attributed quotes (0 when there are none)."""
        attributed = self.quotes - self.classes["unattributed"]
        return self.classes[voice_class] / attributed if attributed else 0.0


def voices(analyses: Iterable[Analysis]) -> Voices:
    """Tally the quotes of ``analyses`` by speaker and voice class."""
    quotes: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    classes: Counter[str] = Counter()
    names: dict[str, str] = {}
    count = 0
    for analysis in analyses:
        count += 1
        seen: set[str] = set()
        for quote in analysis.quotes:
            if quote.kind == "scare":
                continue
            kind = voice(analysis, quote)
            classes[kind] += 1
            if kind == "unattributed" or not quote.speaker:
                continue
            name = names.setdefault(quote.speaker.casefold(), quote.speaker)  # first spelling
            quotes[name] += 1
            kinds.setdefault(name, Counter())[kind] += 1
            if name not in seen:
                articles[name] += 1
                seen.add(name)
    speakers = tuple(
        Speaker(name, kinds[name].most_common(1)[0][0], n, articles[name])
        for name, n in sorted(quotes.items(), key=lambda item: (-item[1], item[0]))
    )
    return Voices(
        articles=count,
        quotes=sum(classes.values()),
        speakers=speakers,
        classes={c: classes[c] for c in VOICE_CLASSES},
    )
