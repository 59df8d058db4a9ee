"""Typed data passed between pipeline stages.

Every span is a pair of character offsets ``[start, end)`` into ``Article.text``;
the article text itself is never altered after ingestion, so offsets stay valid
in every later stage and in every output format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import numpy as np

QuoteKind = Literal["direct", "partial", "scare", "indirect"]
EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER"]
CitationKind = Literal["outlet", "agency", "official", "document", "person", "other"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from its source, before any analysis."""

    id: str  # content hash, see rashomon.ingest.article_id
    text: str  # the article text exactly as read; all offsets index into it
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, as found
    language: str | None = None  # declared by the source (metadata), not detected
    byline: str | None = None
    path: str | None = None  # file (with ``#line`` or ``#record`` suffix) or URL it came from
    meta: dict[str, str] = field(default_factory=dict)

    def published_at(self) -> datetime | None:
        """``published`` as an aware UTC moment (see ``parse_published``)."""
        return parse_published(self.published)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str | None  # Entity.id this mention resolves to, None if unresolved


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place, with every mention of it in the article."""

    id: str  # "E1", "E2", ... unique within one analysis
    name: str  # canonical (longest proper) name, e.g. "Vladimir Putin"
    label: EntityLabel
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker.

    ``parts`` are the quoted pieces in text order: one for a plain quote, several
    when the attribution sits inside the quotation (``"A,— he said. — B"``).
    ``start``/``end`` cover all parts.
    """

    start: int
    end: int
    text: str  # the quoted words, parts joined with a space, without quotation marks
    kind: QuoteKind
    parts: tuple[Span, ...]
    cue: Span | None  # the speech verb or phrase ("said", "according to")
    speaker: str | None  # canonical name of the speaker's entity, or the mention text
    speaker_entity: str | None  # Entity.id when resolved to a named entity
    speaker_mention: Span | None  # where the speaker is named next to this quote ("he", "Putin")


@dataclass(frozen=True, slots=True)
class Citation:
    """A source the article credits: an outlet, agency, official, document."""

    start: int
    end: int
    source: str  # normalised source name ("Reuters", "Euronews")
    kind: CitationKind
    cue: str  # the crediting words ("according to", "reported", "(AP)", "dateline")
    mention: Span  # the source's name as written
    # the article's own outlet crediting itself (its dateline, "told the Ledger" in the Ledger)
    self_credit: bool = False
    # a person the article quotes by name, credited by quoting them (citations.quoted_sources)
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class LoadedWord:
    start: int
    end: int
    text: str
    category: str  # lexicon category, e.g. "intensifier", "derogatory", "speech-verb"
    weight: float  # 0..1, how strongly loaded


@dataclass(frozen=True, slots=True)
class SentenceTone:
    sentence: int  # index into Analysis.sentences
    sentiment: float | None  # compound score in [-1, 1]; None where no backend covers the language
    loaded: tuple[LoadedWord, ...]


@dataclass(frozen=True, slots=True)
class Tone:
    sentences: tuple[SentenceTone, ...]
    sentiment: float | None  # article mean of sentence scores
    loaded_density: float  # loaded words per 100 words


@dataclass(slots=True)
class Embeddings:
    """Multilingual vectors: one per sentence (as Analysis.sentences) and one per document."""

    model: str
    sentences: np.ndarray  # shape (n_sentences, dim), float32, L2-normalised
    document: np.ndarray  # shape (dim,), float32, L2-normalised


@dataclass(slots=True)
class Analysis:
    """Everything the per-article analysis found; a pure function of the article."""

    article: Article
    language: str  # ISO 639-1 code, "und" when undetermined
    language_confidence: float
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    citations: tuple[Citation, ...]
    tone: Tone
    embeddings: Embeddings | None


def parse_published(text: str | None) -> datetime | None:
    """An ISO 8601 date or time as an aware UTC moment (a bare date is its midnight UTC);
    None when absent or not ISO 8601."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --- stories (made by link, kept by store, shown by present) -------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: int
    score: float  # the model's probability for the story joined; 1.0 for a new story
    new_story: bool


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as listed: its label, size, outlets, languages and time span."""

    id: int
    label: str  # its key names, most telling first
    title: str | None  # the title of the member nearest the story's centroid
    size: int
    first_seen: str | None  # ISO 8601, earliest dated member
    last_seen: str | None
    outlets: tuple[str, ...]  # most articles first
    languages: tuple[str, ...]
    names: tuple[str, ...]  # the label's names and a few more, as written in the articles


# ISO 8601 dates and times, as the store writes them (and a bare date for a whole day): the
# story filter's dates and the web app's date parameters.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"
_DATE = re.compile(DATE_PATTERN)
_FILTER_TEXTS = ("query", "entity", "speaker", "outlet", "language", "since", "until")


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories a listing keeps (``Store.stories``, ``rashomon.Corpus.stories``): every
    part is optional and the given parts apply together.

    Made valid on creation: text is stripped and a blank part is no filter (None);
    ``outlets`` becomes a tuple (an empty one keeps no story); ``since`` and ``until`` not
    ISO 8601 (``DATE_PATTERN``) raise ValueError.
    """

    query: str | None = None  # words all found in an article of the story, or in its label
    entity: str | None = None  # words of a name an article mentions, in order, any case
    speaker: str | None = None  # the same for the name of someone quoted
    outlet: str | None = None  # an article from this outlet
    outlets: Sequence[str] | None = None  # an article from any of these (kept as a tuple)
    language: str | None = None  # an article in this language (ISO 639-1)
    since: str | None = None  # last seen at or after
    until: str | None = None  # last seen at or before (a bare date: that whole day)

    def __post_init__(self) -> None:
        for name in _FILTER_TEXTS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, value.strip() or None)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.match(value):
                raise ValueError(f"{name} is not an ISO 8601 date or time: {value!r}")
        if isinstance(self.outlets, str):
            raise ValueError(f"outlets is a list of outlet names, not one: {self.outlets!r}")
        if self.outlets is not None:
            object.__setattr__(self, "outlets", tuple(self.outlets))
