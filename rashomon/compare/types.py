"""Typed result of comparing the articles of one story (``rashomon.compare.compare``).

Every passage is a pair of character offsets ``[start, end)`` into the text of the
article named by ``article`` (an ``Article.id``), so every output format can point back
into the articles exactly as they were read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rashomon.types import Analysis, QuoteKind

QuoteMode = Literal["statement", "denial", "question", "conditional"]
Attribution = Literal["named", "inferred", "unattributed"]

Coverage = Literal["all", "some", "one"]
Wording = Literal["identical", "reworded", "translated"]
DiffOp = Literal["equal", "insert", "delete", "replace"]
ConflictKind = Literal["number", "speaker", "claim"]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """One compared article and how the reports label it."""

    id: str
    label: str  # short display name, unique within the comparison: outlet, else file name
    path: str | None
    outlet: str | None
    title: str | None
    published: str | None  # ISO 8601 as found in the source
    language: str  # detected, ISO 639-1
    # the words of the lead a date was read from, when the metadata gave none (inferred)
    published_from: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of one article's text."""

    article: str  # ArticleRef.id
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One step of a word-level diff from the wording a member is diffed against (its
    ``diff_against``, else the group's reference) to the member's."""

    op: DiffOp
    reference: str  # words of the wording diffed against ("" for insert)
    member: str  # words of this member ("" for delete)


@dataclass(frozen=True, slots=True)
class QuoteMember:
    """One article's wording of the group's utterance: a quote, or the run of its
    sentences that is this utterance where the quote holds several that other outlets
    quote apart (then ``start``/``end``/``parts`` cover that run only)."""

    article: str
    start: int
    end: int
    text: str  # the quoted words, parts joined with a space
    parts: tuple[Passage, ...]  # the quoted pieces as they stand in the article
    kind: QuoteKind
    speaker: str | None  # the speaker's name, linked across the articles
    # to the member of ``diff_against``, 0..1 (1 for the reference itself)
    similarity: float
    # word steps from the ``diff_against`` member's wording to this one's; empty for the
    # reference and across languages
    diff: tuple[WordDiff, ...]
    # index into the group's members of the wording this one is diffed against: the
    # closest wording of another article (its language first); None for the reference
    diff_against: int | None = None
    # what the speaker does with these words: states them, denies them ("denied that …":
    # not a claim of what is denied), asks them, or says them on a condition ("if …")
    mode: QuoteMode = "statement"
    # how the speaker is known: "named" (a speech cue with the speaker's name next to the
    # quote), "inferred" (through a pronoun, a role, another sentence or no cue: shown as
    # uncertain) or "unattributed" (no speaker found: the quote says so)
    attribution: Attribution = "named"


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One utterance as every outlet that carries it words it."""

    id: str  # "Q1", "Q2", ... in order of first appearance
    speaker: str | None  # the members' majority speaker
    members: tuple[QuoteMember, ...]
    articles: tuple[str, ...]  # ids of the articles carrying it, in comparison order
    reference: int  # index into members of the group's main wording (no diff of its own)
    wording: Wording
    speakers_disagree: bool  # the same words are attributed to different people


@dataclass(frozen=True, slots=True)
class ConflictValue:
    article: str
    start: int
    end: int
    text: str  # as written: "26 merchant ships", "Dmitri Orlov"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    about: str  # what disagrees: the counted thing ("ships") or the quote's words
    values: tuple[ConflictValue, ...]
    quote: str | None = None  # QuoteGroup.id, for a speaker conflict


@dataclass(frozen=True, slots=True)
class FactGroup:
    """Statements of several articles that report the same thing."""

    id: str  # "F1", "F2", ... in order of first appearance
    members: tuple[Passage, ...]
    articles: tuple[str, ...]  # carried by, in comparison order
    coverage: Coverage
    first: str  # article that published it first (where dates are known), else the first carrier
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in the articles, linked across articles and scripts."""

    name: str
    mentions: dict[str, int]  # article id -> mentions in that article
    quotes: dict[str, int]  # article id -> quotes attributed to them there
    names: tuple[str, ...]  # every distinct canonical form the articles use


@dataclass(frozen=True, slots=True)
class NamedThing:
    """An organisation or place, linked across articles."""

    name: str
    label: str
    mentions: dict[str, int]


@dataclass(frozen=True, slots=True)
class Credit:
    """A source one article credits."""

    article: str
    source: str
    kind: str  # outlet, agency, official, document, person, other
    cue: str
    start: int
    end: int
    compared: str | None  # id of a compared article published by that source, if any


@dataclass(frozen=True, slots=True)
class LoadedTerm:
    start: int
    end: int
    text: str
    category: str
    weight: float
    quoted: bool  # inside a quotation: the speaker's word, not the outlet's


@dataclass(frozen=True, slots=True)
class ArticleTone:
    article: str
    sentiment: float | None
    loaded_density: float  # the outlet's own loaded words per 100 words
    loaded: tuple[LoadedTerm, ...]


@dataclass(frozen=True, slots=True)
class Framing:
    """One fact worded by several outlets, where their wording differs in tone."""

    fact: str  # FactGroup.id
    members: tuple[Passage, ...]
    loaded: dict[str, tuple[str, ...]]  # article id -> its own loaded words in its member(s)
    sentiment: dict[str, float]  # article id -> sentiment of its member(s), where scored


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    article: str
    published: str | None
    hours_after_first: float | None  # None where the date is unknown


@dataclass(frozen=True, slots=True)
class PairSimilarity:
    a: str
    b: str
    similarity: float  # 0..1, same-story probability
    document: float  # cosine of the document vectors
    shared_facts: float  # share of the shorter article's statements the other also carries
    names: float  # overlap of the capitalised names (transliterated) the two articles use


@dataclass(slots=True)
class Comparison:
    analyses: tuple[Analysis, ...]  # in comparison order; the texts behind every offset
    articles: tuple[ArticleRef, ...]
    same_story: bool
    similarity: float  # the weakest pair's same-story probability: one stray article says no
    pairs: tuple[PairSimilarity, ...]
    facts: tuple[FactGroup, ...]
    omissions: dict[str, tuple[str, ...]]  # article id -> ids of facts others carry and it lacks
    # article id -> its statements matched to no other article's, whose absence from the
    # others is not sure either (engine._claimable): neither shared nor its own
    unmatched: dict[str, tuple[Passage, ...]]
    quotes: tuple[QuoteGroup, ...]
    people: tuple[Person, ...]
    things: tuple[NamedThing, ...]
    credits: tuple[Credit, ...]
    tone: tuple[ArticleTone, ...]
    framings: tuple[Framing, ...]
    timeline: tuple[TimelineEntry, ...]
    first_published: str | None  # article id, where dates are known

    def own_loaded_words(self, passage: Passage) -> tuple[str, ...]:
        """The outlet's own loaded words (not inside a quotation) within ``passage``."""
        tone = next((t for t in self.tone if t.article == passage.article), None)
        return tuple(
            t.text
            for t in (tone.loaded if tone else ())
            if not t.quoted and passage.start <= t.start < passage.end
        )
