"""Stories: streaming clustering of articles into the events they report.

Each article, in publication order, joins the best existing story or starts a new one:

1. **Candidates.** An approximate nearest-neighbour index (usearch HNSW, cosine) over the
   document vectors of the articles of *active* stories returns the ``neighbours`` nearest;
   their stories are the candidates. The index holds only active stories, so the cost of an
   article does not grow with the corpus.
2. **Score.** A logistic model scores the article against each candidate story from eleven
   features: cosine to the story's centroid and to its nearest member; overlap of name keys
   (``names.name_keys``, IDF-weighted) with the nearest member and with the whole story;
   the share of the article's names the story never used and of the story's names the
   article lacks (two look-alike events share a kind and differ in names); the story's
   size; the time from the story's span, when both are dated; and the overlap of the
   numbers (``names.number_keys``: tolls, magnitudes, ages, years) with the nearest member,
   and the share of the article's numbers the story never used (two look-alike events differ
   in their figures as much as in their names).
3. **Decide.** The best story is joined if it scores at least ``threshold``; otherwise the
   article starts a story. Any other candidate scoring at least ``merge_threshold`` is merged
   into the joined one: an article that fits two stories shows they were one event split by
   an early decision.
4. **Age out.** Time decays a story's pull through the time feature (a story last seen a
   month before an article scores far lower than one seen yesterday). To bound memory, once
   the index holds more than ``max_articles`` articles, the stories last seen more than
   ``window_days`` before the newest article leave it, oldest first, in one batch down to
   ``EVICT_TO`` of the cap (their rows stay in the store). Undated stories never age out.
   IDF is computed over the articles in the index.

``add_many`` (and ``cluster``) takes the articles in batches of ``BATCH``: it asks the ANN
index for the neighbours of the whole batch at once and adds the batch's vectors at once
after deciding it (usearch works on many vectors at a time with less overhead, and on several
threads). The decisions are still taken one article at a time in order, and each article's
neighbours are the nearest of those the index returned and of the batch's earlier articles,
compared exactly: the same neighbours as adding one by one, up to the ANN's approximation.

The model is fitted by ``python -m rashomon.training.stories`` on the ECB+, BASIL and
MEANTIME dev sets; docs/stories.md has the method and the measured figures.
"""

from __future__ import annotations

import heapq
import json
import math
import operator
import os
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import cast

import numpy as np
from usearch.index import Index, Matches, ScalarKind

# The records stories are passed on in: base records (rashomon/types.py), which the store
# keeps and the presenters show; link makes them.
from rashomon.types import Assignment, StorySummary

MODEL_FILE = "stories.json"
# Articles the index keeps before stories older than the window are dropped (about 0.5 GB
# of vectors, names and graph; benchmarks/story_scaling.py measures it). Evicting only past
# this size, not at the window's edge, lets late and undated articles of a smaller corpus
# find older stories; past it, the window bounds the index, and with it the cost of an
# article, whatever the corpus (docs/stories.md).
MAX_ARTICLES = 100_000
# HNSW settings: connectivity as usearch's default, expansions below its 128 on add and 64
# on search: half the CPU per article for the same benchmark B-cubed F1 with bfloat16
# vectors, though fewer of the exact nearest are found (docs/stories.md).
CONNECTIVITY = 16
EXPANSION_ADD = 64
EXPANSION_SEARCH = 48
# Once over max_articles, old stories leave until the index holds this share of it: in rare
# large batches, as a usearch search right after a removal costs several ms whatever the
# number removed (benchmarks/README.md).
EVICT_TO = 0.9
# Threads that insert a batch into the HNSW graph. With more than one, the graph (and so,
# now and then, an approximate neighbour, a decision and a story) depended on timing: seven
# clusterings of one store gave 275 to 277 stories. One thread makes clustering repeatable
# (tests/test_corpus_clustering.py); benchmarks/story_scaling.py measures its cost.
INSERT_THREADS = 1
# Articles searched for and added to the ANN index at once by add_many. usearch's cost per
# article was the same from 64 to 1,000 (benchmarks/README.md); a batch's articles are also
# compared with each other exactly, which grows with the batch.
BATCH = 256
STORY_NAMES = 256  # name keys a story keeps (its heaviest) once it has twice as many
FEATURES = (
    "centroid_cosine",
    "nearest_cosine",
    "nearest_names",
    "story_names",
    "article_names_unseen",
    "story_names_missing",
    "log_story_size",
    "log_days_apart",
    "dated",
    "nearest_numbers",
    "article_numbers_unseen",
)


@dataclass(frozen=True, slots=True)
class StoryItem:
    """What the story index needs of one analysed article."""

    id: str  # Article.id
    vector: np.ndarray  # L2-normalised document vector, float32
    names: Mapping[str, int]  # name key -> occurrences (names.name_keys)
    published: datetime | None  # aware UTC
    written: Mapping[str, str] = field(default_factory=dict)  # name key -> as written
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    numbers: Mapping[str, int] = field(default_factory=dict)  # names.number_keys


@dataclass(frozen=True, slots=True)
class StoryModel:
    weights: tuple[float, ...]  # one per FEATURES
    bias: float
    threshold: float  # join the best story at or above this probability
    merge_threshold: float  # merge another candidate story at or above this
    neighbours: int  # articles fetched from the index per new article
    window_days: float  # stories unseen this long before the newest article age out

    def probability(self, features: list[float]) -> float:
        z = self.bias + sum(map(operator.mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-z))


def load_story_model() -> StoryModel:
    """The shipped model (rashomon/link/models/stories.json)."""
    text = resources.files("rashomon.link").joinpath("models", MODEL_FILE).read_text()
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE}: features {data['features']} are not {list(FEATURES)}")
    return StoryModel(
        weights=tuple(data["weights"]),
        bias=data["bias"],
        threshold=data["threshold"],
        merge_threshold=data["merge_threshold"],
        neighbours=data["neighbours"],
        window_days=data["window_days"],
    )


@dataclass(slots=True)
class _Story:
    id: int
    centroid_sum: np.ndarray
    size: int = 0
    names: dict[str, float] = field(default_factory=dict)  # key -> sum of log(1 + count)
    # key -> a written form and its article's language (labels read in the main language)
    surfaces: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None
    outlets: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    titles: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # key -> title, lang
    keys: list[int] = field(default_factory=list)  # index keys of its members
    centroid_norm: float = 0.0  # of centroid_sum
    norm: float = 0.0  # of its IDF-weighted name vector; refreshed when it changes
    numbers: Counter[str] = field(default_factory=Counter)  # number key -> members using it


@dataclass(slots=True)
class _Member:
    story: int
    names: dict[str, float]  # normalised IDF-weighted name vector when it was added
    numbers: dict[str, float]  # the same for its number keys
    keys: tuple[str, ...]  # its name and number keys, for the document frequencies


class StoryIndex:
    """Stories built one article at a time; see the module docstring for the method."""

    def __init__(
        self,
        model: StoryModel | None = None,
        *,
        next_id: int = 1,
        max_articles: int = MAX_ARTICLES,
        threads: int | None = None,
    ) -> None:
        self.model = model or load_story_model()
        self.max_articles = max_articles
        # usearch threads for a batch's search (default: RASHOMON_THREADS, else the cores
        # available): queries are independent, so any number gives the same neighbours.
        # Insertion takes INSERT_THREADS whatever this says.
        self.threads = threads if threads is not None else _default_threads()
        self._index: Index | None = None  # created with the first vector's dimension
        # Keys from _indexed_until on are of the batch being decided, not yet in the ANN
        # index; _batch_vectors holds their vectors (row = key - _indexed_until).
        self._indexed_until = 0
        self._batch_vectors = np.empty((0, 0), dtype=np.float32)
        self._members: dict[int, _Member] = {}
        self._stories: dict[int, _Story] = {}
        self._expiry: list[tuple[datetime, int]] = []  # (last seen, story) min-heap
        self._evict_above = max_articles  # age_out looks for old stories past this size
        self._document_frequency: Counter[str] = Counter()
        self._next_key = 0
        self._next_id = next_id
        self._now: datetime | None = None  # newest publication time seen
        self.merged: dict[int, int] = {}  # story merged away -> story it went into
        self.changed: set[int] = set()  # stories whose summary changed since last taken
        self._aged_out: list[StorySummary] = []  # changed stories that left since then

    def __len__(self) -> int:
        """Articles in the index (of active stories)."""
        return len(self._members)

    @property
    def active_stories(self) -> int:
        return len(self._stories)

    # --- the stream

    def add(self, item: StoryItem) -> Assignment:
        """Assign ``item`` to the best story (joining, starting or merging stories)."""
        # A batch of one without the batch's bookkeeping, which costs a quarter more.
        index = self._ensure_index(len(item.vector))
        self.age_out(item.published)
        key = self._next_key
        vector = np.asarray(item.vector, dtype=np.float32)
        assignment = self._decide(item, self._search(vector[None, :])[0])
        index.add(key, vector)
        self._indexed_until = self._next_key
        return assignment

    def add_many(self, items: Iterable[StoryItem]) -> list[Assignment]:
        """Assign ``items`` in order, as ``add`` one by one would, in batches of ``BATCH``."""
        assignments: list[Assignment] = []
        batch: list[StoryItem] = []
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                assignments += self._add_batch(batch)
                batch = []
        if batch:
            assignments += self._add_batch(batch)
        return assignments

    def candidates(self, item: StoryItem) -> list[tuple[int, list[float]]]:
        """Each candidate story of ``item`` with its features (in FEATURES order)."""
        if self._index is None:
            return []
        vector = np.asarray(item.vector, dtype=np.float32)[None, :]
        neighbours = self._search(vector)[0]
        names, idf = self._name_vector(item.names)
        return self._candidates(item, names, idf, self._name_vector(item.numbers)[0], neighbours)

    def insert(self, item: StoryItem, story_id: int) -> None:
        """Put ``item`` into story ``story_id`` (made if new) without deciding anything."""
        index = self._ensure_index(len(item.vector))
        key = self._next_key
        self._insert(
            item,
            story_id,
            self._name_vector(item.names)[0],
            self._name_vector(item.numbers)[0],
        )
        index.add(key, item.vector)
        self._indexed_until = self._next_key

    # --- summaries

    def summary(self, story_id: int, *, names: int = 8) -> StorySummary:
        """The listing of an active story: label, representative title, span and sources."""
        story = self._stories[story_id]
        keys = list(story.names)
        weights = np.fromiter(story.names.values(), np.float64, len(keys)) * self._idf(keys)
        chosen: Iterable[int] = range(len(keys))
        if len(keys) > names:  # only names at least as heavy as the last one shown
            cut = np.partition(weights, len(keys) - names)[len(keys) - names]
            chosen = np.flatnonzero(weights >= cut).tolist()
        top = [keys[i] for i in sorted(chosen, key=lambda i: (-weights[i], keys[i]))[:names]]
        written = tuple(story.surfaces[k][0] if k in story.surfaces else k.title() for k in top)
        return StorySummary(
            id=story_id,
            label=", ".join(written[:4]) or (self._title(story) or f"story {story_id}"),
            title=self._title(story),
            size=story.size,
            first_seen=story.first.isoformat() if story.first else None,
            last_seen=story.last.isoformat() if story.last else None,
            outlets=tuple(o for o, _ in story.outlets.most_common()),
            languages=tuple(lang for lang, _ in story.languages.most_common()),
            names=written,
        )

    def take_changed(self) -> tuple[list[StorySummary], dict[int, int]]:
        """Summaries of the stories changed since the last call, and the merges since then."""
        summaries = [self.summary(s) for s in sorted(self.changed) if s in self._stories]
        summaries += self._aged_out
        merged = dict(self.merged)
        self.changed.clear()
        self.merged.clear()
        self._aged_out = []
        return summaries, merged

    def final_story(self, story_id: int) -> int:
        """The story ``story_id`` ended in, following merges not yet taken."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    # --- inside

    def _add_batch(self, items: list[StoryItem]) -> list[Assignment]:
        vectors = np.stack([item.vector for item in items]).astype(np.float32, copy=False)
        index = self._ensure_index(vectors.shape[1])
        first_key = self._next_key
        self._batch_vectors = vectors
        # Cosines between the batch's articles as usearch computes them, on bfloat16 copies.
        rounded = _bfloat16(vectors)
        rounded /= np.maximum(np.linalg.norm(rounded, axis=1, keepdims=True), 1e-30)
        within = rounded @ rounded.T
        found = self._search(vectors)
        closer = self._closer_earlier(within, found)
        neighbours_wanted = self.model.neighbours
        members = self._members
        assignments = []
        for row, item in enumerate(items):
            if self.age_out(item.published):  # the index changed: search the rest again
                found[row:] = self._search(vectors[row:])
                closer = self._closer_earlier(within, found)
            neighbours = found[row]
            # The batch's earlier articles nearer than the ANN's farthest neighbour, compared
            # exactly, take its farthest ones' places: as if each had been added first.
            earlier = [
                (first_key + other, float(within[row, other]))
                for other in closer.get(row, ())
                if first_key + other in members
            ]
            if earlier:
                neighbours = sorted(neighbours + earlier, key=operator.itemgetter(1), reverse=True)
                del neighbours[neighbours_wanted:]
            assignments.append(self._decide(item, neighbours))
        kept = [key for key in range(first_key, self._next_key) if key in members]
        if len(kept) == len(items):
            index.add(np.arange(first_key, self._next_key), vectors, threads=INSERT_THREADS)
        elif kept:  # an article of the batch aged out with its story already
            rows = np.array(kept) - first_key
            index.add(np.array(kept), vectors[rows], threads=INSERT_THREADS)
        self._indexed_until = self._next_key
        self._batch_vectors = np.empty((0, 0), dtype=np.float32)
        return assignments

    def _closer_earlier(
        self, within: np.ndarray, found: list[list[tuple[int, float]]]
    ) -> dict[int, list[int]]:
        """Per row of a batch, its earlier rows at least as near as its farthest neighbour
        found (all of them if fewer than ``neighbours`` were found)."""
        wanted = self.model.neighbours
        floors = np.array([row[-1][1] if len(row) >= wanted else -2.0 for row in found])
        rows, columns = np.nonzero(np.tril(within >= floors[:, None], -1))
        closer: dict[int, list[int]] = {}
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            closer.setdefault(row, []).append(column)
        return closer

    def _search(self, vectors: np.ndarray) -> list[list[tuple[int, float]]]:
        """Each row's nearest indexed articles: (key, cosine), nearest first."""
        index = self._ann
        if len(index) == 0:
            return [[] for _ in range(len(vectors))]
        threads = min(self.threads, len(vectors))  # a thread per row at most
        found = index.search(vectors, self.model.neighbours, threads=threads)
        counts: list[int | None]
        if isinstance(found, Matches):  # usearch answers a single row with its matches alone
            keys, distances, counts = [found.keys.tolist()], [found.distances.tolist()], [None]
        else:
            keys, distances = found.keys.tolist(), found.distances.tolist()
            counts = found.counts.tolist()
        # Rows are padded past their count (with garbage distances): zip stops at the keys.
        return [
            [
                (key, 1.0 - distance)
                for key, distance in zip(keys[row][:count], distances[row], strict=False)
            ]
            for row, count in enumerate(counts)
        ]

    def _decide(self, item: StoryItem, neighbours: list[tuple[int, float]]) -> Assignment:
        names, idf = self._name_vector(item.names)
        numbers = self._name_vector(item.numbers)[0]
        probability = self.model.probability
        scored = [
            (probability(features), story)
            for story, features in self._candidates(item, names, idf, numbers, neighbours)
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        if scored and scored[0][0] >= self.model.threshold:
            score, story_id = scored[0]
            for other_score, other in scored[1:]:
                if other_score >= self.model.merge_threshold:
                    self._merge(other, story_id)
            self._insert(item, story_id, names, numbers)
            return Assignment(item.id, story_id, round(score, 4), False)
        story_id = self._next_id
        self._insert(item, story_id, names, numbers)
        return Assignment(item.id, story_id, 1.0, True)

    def _candidates(
        self,
        item: StoryItem,
        names: dict[str, float],
        idf: dict[str, float],
        numbers: dict[str, float],
        neighbours: list[tuple[int, float]],
    ) -> list[tuple[int, list[float]]]:
        members = self._members
        # Per story: its nearest member's cosine and the best name and number overlaps.
        by_story: dict[int, list[float]] = {}
        for key, cosine in neighbours:
            member = members.get(key)
            if member is None:
                continue
            name_dot = _dot(names, member.names) if names else 0.0
            number_dot = _dot(numbers, member.numbers) if numbers else 0.0
            best = by_story.get(member.story)
            if best is None:
                by_story[member.story] = [cosine, name_dot, number_dot]
                continue
            # Comparisons, not max(): this loop runs for every neighbour of every article.
            if cosine > best[0]:
                best[0] = cosine
            if name_dot > best[1]:
                best[1] = name_dot
            if number_dot > best[2]:
                best[2] = number_dot
        stories = self._stories
        return [
            (story_id, self._features(item, names, idf, numbers, stories[story_id], *best))
            for story_id, best in by_story.items()
        ]

    @property
    def _ann(self) -> Index:
        """The ANN index, which ``_ensure_index`` makes before any vector is searched or added."""
        assert self._index is not None, "the story index holds no vector yet"
        return self._index

    def _ensure_index(self, dimension: int) -> Index:
        """The ANN index, made for vectors of ``dimension`` if there is none yet."""
        if self._index is None:
            # bfloat16 halves the memory and, with usearch's SIMD kernels, more than halves
            # the time of adding and searching (a third less than float16); neighbour recall
            # is float32's (docs/stories.md).
            self._index = Index(
                ndim=dimension,
                metric="cos",
                dtype="bf16",
                connectivity=CONNECTIVITY,
                expansion_add=EXPANSION_ADD,
                expansion_search=EXPANSION_SEARCH,
            )
        return self._index

    def _insert(
        self,
        item: StoryItem,
        story_id: int,
        names: dict[str, float],
        numbers: dict[str, float],
    ) -> None:
        story = self._stories.get(story_id)
        if story is None:
            story = _Story(story_id, np.zeros(len(item.vector), dtype=np.float32))
            self._stories[story_id] = story
        self._next_id = max(self._next_id, story_id + 1)
        key = self._next_key
        self._next_key += 1
        self._members[key] = _Member(story_id, names, numbers, (*item.names, *item.numbers))
        self._document_frequency.update(item.names.keys())
        # Number keys are digits and name keys letters: one frequency table serves both.
        self._document_frequency.update(item.numbers.keys())
        story.centroid_sum += item.vector
        story.centroid_norm = math.sqrt(float(story.centroid_sum @ story.centroid_sum))
        story.size += 1
        story.keys.append(key)
        story_names = story.names
        for name, count in item.names.items():
            story_names[name] = story_names.get(name, 0.0) + math.log1p(count)
        if len(story_names) > 2 * STORY_NAMES:
            # A story of thousands of articles would carry every name any of them used;
            # its heaviest names say what it is about, and the norm stays cheap to refresh.
            story.names = dict(
                heapq.nlargest(STORY_NAMES, story_names.items(), key=operator.itemgetter(1))
            )
        story.numbers.update(item.numbers.keys())
        if len(story.numbers) > 2 * STORY_NAMES:
            story.numbers = Counter(dict(story.numbers.most_common(STORY_NAMES)))
        if item.published is not None:
            story.first = min(story.first or item.published, item.published)
            story.last = max(story.last or item.published, item.published)
            heapq.heappush(self._expiry, (story.last, story_id))
            if self._now is None or item.published > self._now:
                self._now = item.published
        if item.outlet:
            story.outlets[item.outlet] += 1
        if item.language:
            story.languages[item.language] += 1
        # Labels read in the story's main language: a form from an article in another
        # language gives way to one in the main language ("Дравнии" to "Dravnia").
        main = story.languages.most_common(1)[0][0] if story.languages else None
        surfaces = story.surfaces
        for name, written in item.written.items():
            known = surfaces.get(name)
            if known is None or (known[1] != main and item.language == main):
                surfaces[name] = (written, item.language)
        if item.title:
            story.titles[key] = (item.title, item.language)
        self._refresh_norm(story)
        self.changed.add(story_id)

    def _features(
        self,
        item: StoryItem,
        names: dict[str, float],
        idf: dict[str, float],
        numbers: dict[str, float],
        story: _Story,
        nearest_cosine: float,
        nearest_names: float,
        nearest_numbers: float,
    ) -> list[float]:
        story_numbers = story.numbers
        numbers_unseen = sum([w * w for k, w in numbers.items() if k not in story_numbers])
        shared = 0.0
        shared_story = 0.0
        unseen = 0.0
        story_names = story.names
        scale = 1.0 / (story.norm or 1.0)
        for name, weight in names.items():
            in_story = story_names.get(name)
            if in_story is None:
                unseen += weight * weight
            else:
                story_weight = in_story * idf[name] * scale
                shared += weight * story_weight
                shared_story += story_weight * story_weight
        published = item.published
        if published is not None and story.first is not None and story.last is not None:
            if story.first <= published <= story.last:
                days = 0.0
            else:
                gap = min(abs(published - story.first), abs(published - story.last))
                days = gap.total_seconds() / 86400
            log_days, dated = math.log1p(days), 1.0
        else:
            log_days, dated = 0.0, 0.0
        return [
            float(story.centroid_sum @ item.vector) / (story.centroid_norm or 1.0),
            nearest_cosine,
            nearest_names,
            shared,
            unseen,
            1.0 - shared_story if story_names else 0.0,
            math.log1p(story.size),
            log_days,
            dated,
            nearest_numbers,
            numbers_unseen,
        ]

    def _idf(self, names: Collection[str]) -> np.ndarray:
        """IDF of each of ``names`` over the articles in the index."""
        frequency = self._document_frequency
        counts = np.fromiter(map(frequency.__getitem__, names), np.float64, len(names))
        return math.log(len(self._members) + 1) + 1.0 - np.log(counts + 1.0)

    def _name_vector(self, counts: Mapping[str, int]) -> tuple[dict[str, float], dict[str, float]]:
        """The normalised IDF-weighted name vector of ``counts``, and each name's IDF."""
        if not counts:
            return {}, {}
        # The same IDF as _idf; in plain Python, cheaper than numpy for an article's few names.
        frequency = self._document_frequency.get
        base = math.log(len(self._members) + 1) + 1.0
        log = math.log
        idf = {k: base - log(frequency(k, 0) + 1.0) for k in counts}
        vector = {k: math.log1p(c) * idf[k] for k, c in counts.items()}
        norm = math.sqrt(sum([v * v for v in vector.values()])) or 1.0
        return {k: v / norm for k, v in vector.items()}, idf

    def _refresh_norm(self, story: _Story) -> None:
        names = story.names
        weights = np.fromiter(names.values(), np.float64, len(names)) * self._idf(names)
        story.norm = math.sqrt(float(weights @ weights))

    def _title(self, story: _Story) -> str | None:
        """The title nearest the story's centre among those in its main language."""
        if not story.titles:
            return None
        main = story.languages.most_common(1)[0][0] if story.languages else None
        keys = [k for k, (_, language) in story.titles.items() if language == main]
        keys = keys or list(story.titles)
        best = int(np.argmax(self._vectors(keys) @ story.centroid_sum))
        return story.titles[keys[best]][0]

    def _vectors(self, keys: list[int]) -> np.ndarray:
        """The vectors of member ``keys``, from the ANN index or the batch being decided."""
        if max(keys) < self._indexed_until:
            # usearch hands bfloat16 rows back as a tuple of float32 arrays, none of them None
            # as every member's key is in the index.
            rows = self._ann.get(np.array(keys), dtype=ScalarKind.F32)
            return np.stack(cast(tuple[np.ndarray, ...], rows))
        vectors = np.empty((len(keys), self._batch_vectors.shape[1]), dtype=np.float32)
        for row, key in enumerate(keys):
            if key < self._indexed_until:
                # One key in: one row out, not None as the key is a member's.
                vectors[row] = cast(np.ndarray, self._ann.get(key, dtype=ScalarKind.F32))
            else:
                vectors[row] = self._batch_vectors[key - self._indexed_until]
        return vectors

    def _merge(self, source_id: int, target_id: int) -> None:
        source = self._stories.pop(source_id)
        target = self._stories[target_id]
        target.centroid_sum += source.centroid_sum
        target.centroid_norm = math.sqrt(float(target.centroid_sum @ target.centroid_sum))
        target.size += source.size
        target_names = target.names
        for name, weight in source.names.items():
            target_names[name] = target_names.get(name, 0.0) + weight
        target.numbers.update(source.numbers)
        for name, written in source.surfaces.items():
            target.surfaces.setdefault(name, written)
        for moment in (source.first, source.last):
            if moment is not None:
                target.first = min(target.first or moment, moment)
                target.last = max(target.last or moment, moment)
        if target.last is not None:
            heapq.heappush(self._expiry, (target.last, target_id))
        target.outlets.update(source.outlets)
        target.languages.update(source.languages)
        target.titles.update(source.titles)
        target.keys.extend(source.keys)
        for key in source.keys:
            self._members[key].story = target_id
        self._refresh_norm(target)
        # Earlier merges into the source now lead to the target.
        for merged, into in self.merged.items():
            if into == source_id:
                self.merged[merged] = target_id
        self.merged[source_id] = target_id
        self.changed.discard(source_id)
        self.changed.add(target_id)

    def age_out(self, published: datetime | None) -> int:
        """Once the index holds more than ``max_articles``, drop the stories last seen more
        than the window before ``published`` (or the newest time seen, if later), oldest
        first, until it holds ``EVICT_TO`` of ``max_articles``. Returns the articles dropped."""
        if len(self._members) <= self._evict_above:
            return 0
        moment = published if published is not None else self._now
        if moment is None or (self._now is not None and moment < self._now):
            moment = self._now
        goal = int(self.max_articles * EVICT_TO)
        removed: list[int] = []
        if moment is not None:
            horizon = moment - timedelta(days=self.model.window_days)
            while len(self._members) > goal and self._expiry and self._expiry[0][0] < horizon:
                last, story_id = heapq.heappop(self._expiry)
                story = self._stories.get(story_id)
                # A stale heap entry: the story was seen again since, or merged away.
                if story is None or story.last != last:
                    continue
                self._evict(story)
                removed += story.keys
            # A story seen again in the batch being decided is seen too late to age out,
            # except by an article dated before the window: its key is not indexed yet.
            indexed = [key for key in removed if key < self._indexed_until]
            if indexed:
                self._ann.remove(np.array(indexed, dtype=np.uint64))
        # Whatever was dropped, the next try waits for a batch's worth of growth: with more
        # than the cap inside the window, it would otherwise drop a story per article.
        self._evict_above = max(self.max_articles, len(self._members) + self.max_articles - goal)
        return len(removed)

    def _evict(self, story: _Story) -> None:
        if story.id in self.changed:  # its last summary is still to be taken
            self._aged_out.append(self.summary(story.id))
            self.changed.discard(story.id)
        del self._stories[story.id]
        frequency = self._document_frequency
        for key in story.keys:
            for name in self._members.pop(key).keys:
                left = frequency[name] - 1
                if left > 0:
                    frequency[name] = left
                else:  # gone from the index: drop it, or the vocabulary only ever grows
                    del frequency[name]


def _default_threads() -> int:
    configured = os.environ.get("RASHOMON_THREADS")
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _bfloat16(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` (float32) rounded to bfloat16 as usearch stores them: to nearest, ties to
    even, on the top 16 bits."""
    bits = np.ascontiguousarray(vectors, dtype=np.float32).view(np.uint32)
    rounded = (bits + (np.uint32(0x7FFF) + ((bits >> 16) & 1))) & np.uint32(0xFFFF0000)
    return rounded.view(np.float32)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # Name vectors share few keys: the intersection, in C, leaves little to sum.
    return sum([a[key] * b[key] for key in a.keys() & b.keys()])


def cluster(items: Iterable[StoryItem], index: StoryIndex | None = None) -> list[Assignment]:
    """Stream ``items`` (in publication order) through a story index; each one's assignment.

    Stories merged later are followed: every assignment names the story its article ends in.
    """
    index = index if index is not None else StoryIndex()
    assignments = index.add_many(items)
    return [
        Assignment(a.article_id, index.final_story(a.story_id), a.score, a.new_story)
        for a in assignments
    ]
