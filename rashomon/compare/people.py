"""People, organisations and places linked across articles, languages and scripts.

Within one article the analysis already joined "Vladimir Putin", "Putin" and "the Russian
leader" into one entity. Across articles the same person is written "Dmitri Orlov",
"Dmitry Orlov", "Orlov" or "Дмитрий Орлов" (and, inflected, "Орлова"): names are compared
in Latin transliteration, surname first, with a little slack for spelling and case endings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.compare.types import NamedThing, Person
from rashomon.text.features import transliterate
from rashomon.text.names import same_name_word
from rashomon.types import Analysis

_HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
        "rev", "gen", "president", "minister", "senator", "governor", "mayor",
    }
)  # fmt: skip
_THING_LABELS = ("ORG", "GPE", "LOC", "NORP")


def _name_words(name: str) -> list[str]:
    words = [w.strip(".'’-") for w in transliterate(name).replace("-", " ").split()]
    return [w for w in words if w and w not in _HONORIFICS]


def same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Name words of two people: same surname and compatible given names or initials.

    Given names are compatible when one side's initials meet the other's: a middle name or
    initial ("Paul D. Ryan", "Donald John Trump") or a word before the given name ("Boss
    Klaus Wendt") does not make another person."""
    if not a or not b or not same_name_word(a[-1], b[-1]):
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    return bool({_initial(w) for w in a[:-1]} & {_initial(w) for w in b[:-1]})


def _initial(given: str) -> str:
    """A given name's initial, spelling-blind: English writes a Russian initial Е as "Ye"
    (Yelena, Yevgeny) where the transliteration gives "e" (Елена: elena)."""
    return "e" if given.startswith("ye") else given[0]


def same_thing(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(same_name_word(x, y) for x, y in zip(a, b, strict=True))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


@dataclass(frozen=True, slots=True)
class _Named:
    article: str
    entity: str  # Entity.id within its article
    name: str
    label: str
    words: tuple[str, ...]
    mentions: int


def _display_name(forms: Counter[str]) -> str:
    """The fullest, most used form; Latin script preferred, since most readers read it."""

    def rank(name: str) -> tuple[bool, bool, int, int, str]:
        # a full name beats a bare surname; among full names the most used one wins, so one
        # outlet's tagging slip ("Valdora Aurel Danes") does not rename the person
        latin = transliterate(name) == name.lower()
        return (latin, len(name.split()) > 1, forms[name], -len(name.split()), name)

    return max(forms, key=rank)


@dataclass(slots=True)
class PeopleIndex:
    """Cross-article people and things, plus each article entity's linked display name."""

    people: tuple[Person, ...]
    things: tuple[NamedThing, ...]
    names: dict[tuple[str, str], str]  # (article id, entity id) -> linked display name
    persons: frozenset[tuple[str, str]]  # the (article id, entity id) keys that are people

    def speaker(self, article: str, entity: str | None, fallback: str | None) -> str | None:
        if entity is not None and (article, entity) in self.names:
            return self.names[(article, entity)]
        return fallback

    def person(self, article: str, entity: str | None) -> str | None:
        """The linked name of a person entity; None for anything else."""
        if entity is None or (article, entity) not in self.persons:
            return None
        return self.names[(article, entity)]


def link_people(analyses: Sequence[Analysis]) -> PeopleIndex:
    persons: list[_Named] = []
    things: list[_Named] = []
    for analysis in analyses:
        for entity in analysis.entities:
            words = tuple(_name_words(entity.name))
            if not words:
                continue
            named = _Named(
                analysis.article.id,
                entity.id,
                entity.name,
                entity.label,
                words,
                len(entity.mentions),
            )
            if entity.label == "PERSON":
                persons.append(named)
            elif entity.label in _THING_LABELS:
                things.append(named)

    names: dict[tuple[str, str], str] = {}
    quotes: dict[tuple[str, str], int] = Counter(
        (a.article.id, q.speaker_entity)
        for a in analyses
        for q in a.quotes
        if q.speaker_entity is not None
    )
    people: list[Person] = []
    for cluster in _clusters(persons, same_person):
        forms, mentions = _tally(cluster)
        name = _display_name(forms)
        quoted: dict[str, int] = defaultdict(int)
        for m in cluster:
            names[(m.article, m.entity)] = name
            if quotes.get((m.article, m.entity)):
                quoted[m.article] += quotes[(m.article, m.entity)]
        people.append(Person(name, dict(mentions), dict(quoted), tuple(sorted(forms))))
    people.sort(key=lambda p: (-sum(p.quotes.values()), -sum(p.mentions.values()), p.name))

    linked_things: list[NamedThing] = []
    for cluster in _clusters(things, same_thing):
        forms, mentions = _tally(cluster)
        name = _display_name(forms)
        for m in cluster:
            names[(m.article, m.entity)] = name
        label = Counter(m.label for m in cluster).most_common(1)[0][0]
        linked_things.append(NamedThing(name, label, dict(mentions)))
    linked_things.sort(key=lambda t: (-len(t.mentions), -sum(t.mentions.values()), t.name))
    persons_keys = frozenset((m.article, m.entity) for m in persons)
    return PeopleIndex(tuple(people), tuple(linked_things), names, persons_keys)


def _tally(cluster: Sequence[_Named]) -> tuple[Counter[str], dict[str, int]]:
    """Mentions per written form and per article."""
    forms: Counter[str] = Counter()
    mentions: dict[str, int] = defaultdict(int)
    for m in cluster:
        forms[m.name] += m.mentions
        mentions[m.article] += m.mentions
    return forms, dict(mentions)


def _clusters(items: Sequence[_Named], same) -> list[list[_Named]]:
    """Groups of items that name one referent. Full names link among themselves, bare
    surnames among themselves; then each bare surname joins the one full name it fits, or,
    where it fits two people ("Obama" beside "Barack Obama" and "Michelle Obama"), the most
    mentioned of them, never both: a bare surname does not make two people one."""
    union = _UnionFind(len(items))
    by_last: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_last[item.words[-1][:4]].append(i)
    fits: dict[int, list[int]] = defaultdict(list)  # bare surname -> full names it fits
    for bucket in by_last.values():  # only names sharing a start of the last word can match
        for x, i in enumerate(bucket):
            for j in bucket[x + 1 :]:
                if not same(items[i].words, items[j].words):
                    continue
                surnames = [k for k in (i, j) if len(items[k].words) == 1]
                if len(surnames) == 1:
                    fits[surnames[0]].append(j if surnames[0] == i else i)
                else:
                    union.union(i, j)
    mentions: Counter[int] = Counter()
    for i, item in enumerate(items):
        if len(item.words) > 1:
            mentions[union.find(i)] += item.mentions
    for bare, full in fits.items():
        people = {union.find(k) for k in full}
        union.union(bare, max(sorted(people), key=lambda root: mentions[root]))
    groups: dict[int, list[_Named]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[union.find(i)].append(item)
    return list(groups.values())
