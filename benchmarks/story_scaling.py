"""Story assignment at scale: articles/s, its curve over the corpus, and peak RSS.

    python benchmarks/story_scaling.py [--sizes 10000,100000,1000000] \
        [--json benchmarks/results/story_scaling.json]

Targets (issue): story assignment **>= 2,000 articles/s** on analysed articles; the
per-article cost **flat** from 10k to 1M articles; **peak RSS < 4 GB** clustering 1M.

No corpus of a million analysed articles exists here, so the articles are generated, as the
story index sees them (``StoryItem``): a stream of events of 200 kinds (earthquakes,
elections, trials...) at a fixed rate of news per day (default 1M a year, ~2,740 a day),
each event starting at a random time and reported for a few hours to a few weeks, with
heavy-tailed sizes (most 1-5 articles, a few hundreds). Document vectors are 512-dim,
L2-normalised: an article lies near its event's vector (cosine ~0.85-0.92 between two
articles of one event), an event near its kind's (~0.6-0.72 between two events of one kind,
~0.5-0.63 between their articles: look-alike events exist, and names tell them apart). Name
keys come from a Zipf-distributed vocabulary of 200k keys: each event has 3-10
characteristic names, each kind 3, and every article some common ones. Timestamps increase,
but one article in ten is stamped ~10 minutes earlier than its place in the stream.

The stream is the same for every size (one seed), so the 10k and 100k runs are the first
~4 and ~34 days of the 1M run's year. The index drops stories older than ``window_days``
(30) only once it holds more than ``max_articles`` (``StoryIndex``'s default, 100k when
written; ``--max-articles`` overrides it), and then in one batch down to 90% of it or to
what the window holds, whichever is more: at this rate the window holds about 100k, so the
index grows to ~100k articles and stays there; the 10k and 100k runs never evict.

Each size runs in a fresh subprocess (so ``ru_maxrss`` is that run's peak) with one BLAS
thread and ``--threads`` usearch threads (default: the cores available). The articles go to
``StoryIndex.add_many`` 1,000 at a time, as ``cluster_store`` stores them, and only that call
is timed for the rate (wall and CPU, the CPU of all threads); generation is timed apart, and
``take_changed`` (which ``cluster_store`` calls after each 1,000, and which keeps
``merged``/``changed`` from growing) apart too. B-cubed F1 against the generated
events is a sanity check that the data is clusterable, not a target.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import inspect
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from rashomon.eval.clustering import bcubed
from rashomon.link.stories import StoryIndex, StoryItem, load_story_model

REPO = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)
WINDOW = 10_000  # articles per point of the curve
CHUNK = 1_000  # articles per add_many call, as cluster_store's batches
DIM = 512
KINDS = 200
VOCABULARY = 200_000
MAX_EVENT = 600  # articles
START = datetime(2025, 1, 1, tzinfo=UTC)
OUTLETS = tuple(f"outlet{i:02d}.example" for i in range(20))
LANGUAGES = ("en", "en", "en", "de", "fr", "it", "nl", "ru")
THREAD_VARIABLES = (
    "RASHOMON_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
)
MAX_MINUTES_1M = 20.0  # the 1M run is skipped if the largest run so far predicts more


# --- generation ----------------------------------------------------------------------------


def _unit(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length, as the story index expects its vectors."""
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def _zipf_cdf(n: int, exponent: float) -> np.ndarray:
    """Cumulative Zipf probabilities over ranks 1..n, for sampling by searchsorted."""
    weights = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _vocabulary(rng: np.random.Generator) -> list[str]:
    """VOCABULARY distinct lower-case ASCII keys, 4-11 letters, as ``name_keys`` folds them."""
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < VOCABULARY:
        lengths = rng.integers(4, 12, size=VOCABULARY)
        codes = rng.choice(letters, size=(VOCABULARY, 11))
        for row, length in zip(codes, lengths, strict=True):
            word = row[:length].tobytes().decode()
            if word not in seen:
                seen.add(word)
                words.append(word)
                if len(words) == VOCABULARY:
                    break
    return words


@dataclass(slots=True)
class _Event:
    """One generated event while it is being reported."""

    id: int
    kind: int
    vector: np.ndarray  # unit, float32
    names: np.ndarray  # vocabulary ranks of its characteristic names, most telling first
    include: np.ndarray  # probability an article names each of them
    spread: tuple[float, float]  # range of an article's squared distance from the vector
    title: str
    pending: int  # articles still to come; the event is dropped at 0


class ArticleStream:
    """A year of generated news, one article at a time, in publication order (module doc).

    Events are made when they start and dropped after their last article, so memory holds
    only the events being reported, never the corpus.
    """

    def __init__(self, seed: int, per_day: float) -> None:
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        self.words = _vocabulary(rng)
        self.name_cdf = _zipf_cdf(VOCABULARY, 1.05)
        sizes = np.arange(1, MAX_EVENT + 1, dtype=np.float64)
        size_weights = sizes**-1.9
        self.size_cdf = np.cumsum(size_weights) / size_weights.sum()
        mean_size = float((sizes * size_weights).sum() / size_weights.sum())
        self.events_per_second = per_day / mean_size / 86_400
        common = _unit(rng.standard_normal(DIM))  # every news text shares some direction
        self.kinds = _unit(0.5 * common + _unit(rng.standard_normal((KINDS, DIM)))).astype(
            np.float32
        )
        kind_weights = 1.0 / (np.arange(KINDS) + 5.0)
        self.kind_cdf = np.cumsum(kind_weights) / kind_weights.sum()
        # A kind's own names ("Richter", "Supreme Court"): shared by its look-alike events.
        self.kind_names = rng.integers(100, 5_000, size=(KINDS, 3))
        self.kind_words = [f"kind{k:03d}" for k in range(KINDS)]
        self._noise = np.empty((0, DIM), dtype=np.float32)
        self._noise_at = 0

    def _noise_vector(self) -> np.ndarray:
        """A random unit vector; drawn in blocks because one rng call per article is slow."""
        if self._noise_at == len(self._noise):
            block = self.rng.standard_normal((4096, DIM), dtype=np.float32)
            self._noise = _unit(block)
            self._noise_at = 0
        self._noise_at += 1
        return self._noise[self._noise_at - 1]

    def _ranks(self, count: int) -> np.ndarray:
        """``count`` vocabulary ranks drawn by Zipf: a few names are everywhere."""
        return np.searchsorted(self.name_cdf, self.rng.random(count))

    def _event(self, event_id: int) -> tuple[_Event, np.ndarray]:
        """A new event and the seconds after its start at which its articles appear."""
        rng = self.rng
        size = int(np.searchsorted(self.size_cdf, rng.random())) + 1
        kind = int(np.searchsorted(self.kind_cdf, rng.random()))
        tau2 = rng.uniform(0.35, 0.7)  # same-kind events: cosine ~1/(1 + tau2)
        vector = _unit(self.kinds[kind] + math.sqrt(tau2) * self._noise_vector())
        # Characteristic names skip the 200 commonest keys (those are everyone's names).
        names = np.minimum(200 + self._ranks(int(rng.integers(3, 11))), VOCABULARY - 1)
        include = np.linspace(0.95, 0.45, len(names))
        low = rng.uniform(0.05, 0.12)
        hours = min(21 * 24.0, 3.0 * size**0.7 * rng.lognormal(0.0, 0.7))
        offsets = np.sort(rng.beta(1.0, 2.5, size) * hours * 3600)
        offsets[0] = 0.0  # the breaking report
        words = [self.words[r].title() for r in names[:2]]
        title = f"{self.kind_words[kind].title()}: {' '.join(words)}"
        event = _Event(
            event_id, kind, vector.astype(np.float32), names, include, (low, low + 0.1),
            title, size,
        )  # fmt: skip
        return event, offsets

    def _article(self, number: int, event: _Event, seconds: float) -> StoryItem:
        """One report of ``event``: its vector near the event's, a sample of its names."""
        rng = self.rng
        spread = rng.uniform(*event.spread)
        vector = _unit(event.vector + math.sqrt(spread) * self._noise_vector())
        names: Counter[str] = Counter()
        chosen = event.names[rng.random(len(event.names)) < event.include]
        counts = 1 + rng.geometric(0.45, len(chosen))
        for rank, count in zip(chosen, counts, strict=True):
            names[self.words[rank]] += int(count)
        for rank in self.kind_names[event.kind][rng.random(3) < 0.3]:
            names[self.words[rank]] += 1
        for rank in self._ranks(int(rng.integers(1, 8))):
            names[self.words[rank]] += 1
        # One in ten is stamped a little earlier than its place in the stream (~10 minutes).
        jitter = -rng.exponential(600.0) if rng.random() < 0.1 else 0.0
        return StoryItem(
            id=f"a{number:07d}",
            vector=vector.astype(np.float32),
            names=names,
            published=START + timedelta(seconds=seconds + jitter),
            written={k: k.title() for k in names},
            title=event.title,
            outlet=OUTLETS[int(rng.integers(len(OUTLETS)))],
            language=LANGUAGES[int(rng.integers(len(LANGUAGES)))],
        )

    def articles(self, count: int) -> Iterator[tuple[StoryItem, int]]:
        """``count`` articles and their gold event ids, in order of (true) time."""
        rng = self.rng
        events: dict[int, _Event] = {}
        pending: list[tuple[float, int, int]] = []  # (seconds, sequence, event id)
        sequence = 0
        next_start = rng.exponential(1.0 / self.events_per_second)
        next_event = 0
        emitted = 0
        while emitted < count:
            if pending and pending[0][0] <= next_start:
                seconds, _, event_id = heapq.heappop(pending)
                event = events[event_id]
                yield self._article(emitted, event, seconds), event_id
                emitted += 1
                event.pending -= 1
                if event.pending == 0:
                    del events[event_id]
                continue
            event, offsets = self._event(next_event)
            events[next_event] = event
            for offset in offsets:
                heapq.heappush(pending, (next_start + float(offset), sequence, next_event))
                sequence += 1
            next_event += 1
            next_start += rng.exponential(1.0 / self.events_per_second)


# --- one run (in a child process) ----------------------------------------------------------


def _rss_mb(field_name: str = "VmRSS") -> float:
    """The process's resident set (or its peak, VmHWM) from /proc, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


@dataclass(frozen=True, slots=True)
class Options:
    """What a run varies besides its size."""

    seed: int
    per_day: float
    take_every: bool  # call take_changed after every CHUNK articles, or never
    max_articles: int | None  # StoryIndex's cap; None: its default
    threads: int  # usearch threads

    def arguments(self) -> list[str]:
        """The same options for a child's command line."""
        cap = [] if self.max_articles is None else ["--max-articles", str(self.max_articles)]
        return [
            "--seed",
            str(self.seed),
            "--per-day",
            str(self.per_day),
            "--take-changed",
            str(CHUNK if self.take_every else 0),
            "--threads",
            str(self.threads),
            *cap,
        ]


def run_size(size: int, options: Options) -> dict:
    """Cluster ``size`` generated articles in this process; the figures of the run."""
    take_every = options.take_every
    version = _story_index_version()  # of the code this process imported
    stream = ArticleStream(options.seed, options.per_day)
    cap = {} if options.max_articles is None else {"max_articles": options.max_articles}
    index = StoryIndex(load_story_model(), threads=options.threads, **cap)
    gold = np.empty(size, dtype=np.int64)
    assigned = np.empty(size, dtype=np.int64)
    merged_into: dict[int, int] = {}  # over the run: take_changed hands merges out
    new_stories = 0
    add_seconds = add_cpu = take_seconds = 0.0
    windows: list[dict] = []
    window_wall = window_cpu = 0.0
    started = time.perf_counter()
    rss_start = _rss_mb()
    chunk: list[StoryItem] = []
    for number, (item, event_id) in enumerate(stream.articles(size)):
        gold[number] = event_id
        chunk.append(item)
        if len(chunk) < CHUNK and number + 1 < size:
            continue
        wall, cpu = time.perf_counter(), time.process_time()
        assignments = index.add_many(chunk)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        window_wall += wall
        window_cpu += cpu
        first = number + 1 - len(chunk)
        assigned[first : number + 1] = [a.story_id for a in assignments]
        new_stories += sum(a.new_story for a in assignments)
        chunk = []
        if take_every:
            moment = time.perf_counter()
            _, merged = index.take_changed()
            take_seconds += time.perf_counter() - moment
            merged_into.update(merged)
        if (number + 1) % WINDOW == 0 or number + 1 == size:
            done = number + 1 - sum(w["articles"] for w in windows)
            windows.append(
                {
                    "end": number + 1,
                    "articles": done,
                    "per_second": round(done / window_wall, 1),
                    "per_cpu_second": round(done / window_cpu, 1) if window_cpu else None,
                    "ms_per_article": round(1000 * window_wall / done, 4),
                    "cpu_ms_per_article": round(1000 * window_cpu / done, 4),
                    "active_articles": len(index),
                    "active_stories": index.active_stories,
                    "rss_mb": round(_rss_mb(), 1),
                    "day": round((item.published - START).total_seconds() / 86_400, 2),
                    "load": round(os.getloadavg()[0], 2),  # the machine is shared
                }
            )
            add_seconds += window_wall
            add_cpu += window_cpu
            window_wall = window_cpu = 0.0
            print(
                f"  {size:>9,}: {number + 1:>9,} articles, {windows[-1]['per_second']:>8,.0f}"
                f" art/s in window, {windows[-1]['per_cpu_second']:>8,.0f} per CPU s,"
                f" {len(index):>7,} active, {windows[-1]['rss_mb']:,.0f} MB,"
                f" load {windows[-1]['load']:.1f}",
                file=sys.stderr,
                flush=True,
            )
    total_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_hwm = _rss_mb("VmHWM")
    active_articles, active_stories = len(index), index.active_stories
    if not take_every:
        merged_into.update(index.merged)
    final = {}
    for story in np.unique(assigned).tolist():
        end = story
        while end in merged_into:
            end = merged_into[end]
        final[story] = end
    predicted = [final[s] for s in assigned.tolist()]
    score = bcubed(gold.tolist(), predicted)
    return {
        "articles": size,
        "add_seconds": round(add_seconds, 2),
        "add_cpu_seconds": round(add_cpu, 2),
        "per_second": round(size / add_seconds, 1),
        "per_cpu_second": round(size / add_cpu, 1),
        "take_changed_every": CHUNK if take_every else 0,
        "add_many_chunk": CHUNK,
        "threads": options.threads,
        "max_articles": index.max_articles,
        "take_changed_seconds": round(take_seconds, 2),
        "per_second_with_take_changed": round(size / (add_seconds + take_seconds), 1),
        "generation_seconds": round(total_seconds - add_seconds - take_seconds, 2),
        "total_seconds": round(total_seconds, 2),
        "active_articles": active_articles,
        "active_stories": active_stories,
        "new_stories": new_stories,
        "stories": len(set(predicted)),
        "gold_events": len(np.unique(gold)),
        "merges": len(merged_into),
        "days": windows[-1]["day"],
        "peak_rss_mb": round(max(peak_mb, peak_hwm), 1),
        "rss_before_mb": round(rss_start, 1),
        "bcubed": {k: round(v, 4) for k, v in score.to_dict().items()},
        "story_index": version,
        "windows": windows,
    }


def _child(size: int, options: Options, profile: Path | None) -> dict:
    """Run one size in a fresh interpreter with one thread everywhere; its result."""
    env = dict(os.environ, **{name: "1" for name in THREAD_VARIABLES})
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [
        sys.executable,
        __file__,
        "--child",
        str(size),
        *options.arguments(),
        "--json",
        str(out),
    ]
    if profile is not None:  # one file per size: PROFILE-10000.prof
        command += ["--profile", str(profile.with_name(f"{profile.stem}-{size}.prof"))]
    try:
        subprocess.run(command, env=env, check=True, cwd=REPO)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def _story_index_version() -> dict:
    """The model and code measured: stories.py is still changing."""
    model = load_story_model()
    source = inspect.getsource(sys.modules[StoryIndex.__module__]).encode()
    return {
        "stories_py_sha256": hashlib.sha256(source).hexdigest()[:16],
        "max_articles": StoryIndex(model).max_articles,
        "neighbours": model.neighbours,
        "window_days": model.window_days,
        "threshold": model.threshold,
        "merge_threshold": model.merge_threshold,
    }


# --- report --------------------------------------------------------------------------------


def _table(runs: list[dict]) -> str:
    """One line per size: rates (wall and CPU), the curve's ends, memory and quality."""
    header = (
        "| articles | days | art/s | art/s CPU | art/s +take_changed | first window |"
        " last window | min window | active articles | active stories | peak RSS |"
        " B-cubed F1 | wall total |"
    )
    lines = [header, "|" + "---:|" * 13]
    for run in runs:
        rates = [w["per_second"] for w in run["windows"]]
        lines.append(
            f"| {run['articles']:,} | {run['days']:.1f} | {run['per_second']:,.0f}"
            f" | {run['per_cpu_second']:,.0f} | {run['per_second_with_take_changed']:,.0f}"
            f" | {rates[0]:,.0f} | {rates[-1]:,.0f} | {min(rates):,.0f}"
            f" | {run['active_articles']:,} | {run['active_stories']:,}"
            f" | {run['peak_rss_mb']:,.0f} MB | {run['bcubed']['f1']:.3f}"
            f" | {run['total_seconds']:,.0f} s |"
        )
    return "\n".join(lines)


def _curve(run: dict, points: int = 12) -> str:
    """The per-window rate of one run, thinned to about ``points`` rows."""
    windows = run["windows"]
    step = max(1, len(windows) // points)
    shown = windows[step - 1 :: step]
    if shown[-1] is not windows[-1]:
        shown.append(windows[-1])
    lines = [
        f"curve of the {run['articles']:,} run (window of {WINDOW:,} articles ending at):",
        "| article | day | art/s | art/s CPU | active articles | RSS | load |",
        "|" + "---:|" * 7,
    ]
    lines += [
        f"| {w['end']:,} | {w['day']:.0f} | {w['per_second']:,.0f} | {w['per_cpu_second']:,.0f}"
        f" | {w['active_articles']:,} | {w['rss_mb']:,.0f} MB | {w['load']:.1f} |"
        for w in shown
    ]
    return "\n".join(lines)


def curve_svg(run: dict, width: int = 720, height: int = 320) -> str:
    """The curve of one run drawn as SVG: CPU ms per article in each window and the articles
    the index holds, against the articles streamed so far (log scale)."""
    windows = run["windows"]
    left, right, top, bottom = 64, 72, 36, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    first, last = math.log10(windows[0]["end"]), math.log10(max(windows[-1]["end"], 10 * WINDOW))
    cost_top = max(w["cpu_ms_per_article"] for w in windows) * 1.15
    held_top = max(w["active_articles"] for w in windows) * 1.15

    def x(articles: float) -> float:
        return left + plot_w * (math.log10(articles) - first) / (last - first)

    def y(value: float, scale: float) -> float:
        return top + plot_h * (1 - value / scale)

    def line(key: str, scale: float) -> str:
        return " ".join(f"{x(w['end']):.1f},{y(w[key], scale):.1f}" for w in windows)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" font-family="sans-serif" font-size="12" role="img"'
        ' aria-label="Story assignment: cost per article and articles in the index">',
        f'<text x="{left}" y="20" font-weight="bold">Story assignment, {run["articles"]:,}'
        f" generated articles: CPU per article ({WINDOW:,}-article windows), index size</text>",
    ]
    for power in range(math.ceil(first), math.floor(last) + 1):
        gx = x(10**power)
        parts.append(
            f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#ddd"/>'
            f'<text x="{gx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{10**power:,}</text>"
        )
    for step in range(6):
        value = cost_top * step / 5
        gy = y(value, cost_top)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="#eee"/>'
            f'<text x="{left - 6}" y="{gy + 4:.1f}" text-anchor="end">{value:.2f}</text>'
            f'<text x="{left + plot_w + 6}" y="{gy + 4:.1f}" fill="#888">'
            f"{held_top * step / 5 / 1000:,.0f}k</text>"
        )
    parts += [
        f'<polyline fill="none" stroke="#888" stroke-dasharray="5 3" stroke-width="2"'
        f' points="{line("active_articles", held_top)}"/>',
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2"'
        f' points="{line("cpu_ms_per_article", cost_top)}"/>',
        f'<text x="{left}" y="{height - 8}">articles streamed (log scale)</text>',
        f'<text x="{left + 4}" y="{top + 14}" fill="#1f5fa8">CPU ms per article</text>',
        f'<text x="{left + plot_w - 4}" y="{top + 14}" fill="#888" text-anchor="end">'
        "articles in the index (right axis)</text>",
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _predict_seconds(runs: dict[int, dict], size: int) -> float | None:
    """Wall time of a ``size`` run, from the largest run so far: its steady last windows."""
    if not runs:
        return None
    largest = runs[max(runs)]
    tail = largest["windows"][-3:]
    per_article = sum(w["articles"] / w["per_second"] for w in tail) / sum(
        w["articles"] for w in tail
    )
    other = (largest["total_seconds"] - largest["add_seconds"]) / largest["articles"]
    return largest["total_seconds"] + (size - largest["articles"]) * (per_article + other)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--per-day", type=float, default=1_000_000 / 365)
    parser.add_argument(
        "--take-changed",
        type=int,
        choices=(0, CHUNK),
        default=CHUNK,
        help=f"call take_changed every {CHUNK} articles as cluster_store does (0: never)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="usearch threads of the story index (default: the cores available)",
    )
    parser.add_argument(
        "--max-articles", type=int, help="the StoryIndex's cap on articles (default: its own)"
    )
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks/results/story_scaling.json")
    parser.add_argument("--profile", type=Path, help="cProfile each run into PROFILE-SIZE.prof")
    parser.add_argument("--force", action="store_true", help="run 1M even if predicted slow")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    options = Options(
        args.seed, args.per_day, bool(args.take_changed), args.max_articles, args.threads
    )

    if args.child is not None:
        if args.profile is not None:
            import cProfile

            profiler = cProfile.Profile()
            result = profiler.runcall(run_size, args.child, options)
            profiler.dump_stats(args.profile)
        else:
            result = run_size(args.child, options)
        args.json.write_text(json.dumps(result))
        return

    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    runs: dict[int, dict] = {}
    skipped: dict[str, str] = {}
    for size in sizes:
        predicted = _predict_seconds(runs, size)
        slow = predicted is not None and predicted > MAX_MINUTES_1M * 60
        if size >= 1_000_000 and slow and not args.force:
            skipped[str(size)] = (
                f"predicted {predicted / 60:.1f} min from the {max(runs):,} run's last"
                f" windows, over the {MAX_MINUTES_1M:.0f} min limit"
            )
            print(f"skipping {size:,}: {skipped[str(size)]}", file=sys.stderr)
            continue
        note = f" (predicted {predicted / 60:.1f} min)" if predicted else ""
        print(f"running {size:,} articles{note}", file=sys.stderr, flush=True)
        runs[size] = _child(size, options, args.profile)

    from importlib.metadata import version

    result = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "usearch": version("usearch"),
        },
        "stream": {
            "seed": args.seed,
            "per_day": round(args.per_day, 1),
            "dim": DIM,
            "kinds": KINDS,
            "vocabulary": VOCABULARY,
            "max_event_articles": MAX_EVENT,
            "window_articles": WINDOW,
        },
        "targets": {
            "per_second": 2000,
            "peak_rss_mb_at_1m": 4096,
            "flat": "per-article cost flat from 10k to 1M articles",
        },
        # Each run records the stories.py it imported: the file changes as others work on it.
        "story_index_versions": sorted(
            {r["story_index"]["stories_py_sha256"] for r in runs.values()}
        ),
        "runs": [runs[s] for s in sorted(runs)],
        "skipped": skipped,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(_table(result["runs"]))
    if result["runs"] and len(result["runs"][-1]["windows"]) > 1:
        print(_curve(result["runs"][-1]))
        args.json.with_suffix(".svg").write_text(curve_svg(result["runs"][-1]))
    for size, reason in skipped.items():
        print(f"{int(size):,}: skipped, {reason}")


if __name__ == "__main__":
    main()
