"""Load on the web app (``rashomon serve``) over a 100k-article store, against the targets.

    python benchmarks/web_load.py --db /tmp/web-load.db [--articles 100000] [--json OUT]

Targets (issue): with 100k articles in the store, the story page at p99 < 200 ms with no
error at 50 and at 200 concurrent connections, and the stories search at p99 < 100 ms.

The store: analysing 100k real articles is out of reach here (~8 articles/s), so the
shipped example articles are ingested for real (read, analysed, stored, grouped into
stories) and then cloned through ``Store.put_analysis`` into stories of ``--per-story``
articles each: every clone is an example's analysis with a new article (its own URL,
title, outlet, date, and a paragraph appended to the text so it has its own id and search
words; appending keeps every offset of the analysis valid). Its story rows are written
with ``Store.put_stories``. A store that already holds ``--articles`` is reused.

The run: the app is served by ``rashomon.web.app.serve`` (uvicorn, one process) in a
child process; the load comes from this process, a minimal asyncio HTTP/1.1 client that keeps
``--concurrency`` keep-alive connections busy (closed loop: each sends its next request when the
last is answered) for ``--requests`` requests or ``--seconds``, whichever ends first.
Only 127.0.0.1 is ever contacted. Both share the machine's cores, so the client's own
cost is inside the measured latencies.

Measured, each as p50/p95/p99/max latency, errors (non-200 or failed) and throughput:
- story pages, cold: stories never requested, one at a time (each compares its articles);
- story pages, warm: ``--hot`` stories, requested once first to fill the page cache, then
  at random, at each concurrency;
- stories search: the stories page (``/?q=``) and ``/api/stories?q=`` with words matching
  one story, hundreds, or thousands of articles, at each concurrency.
A script, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Coroutine
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rashomon.ingest import article_id
from rashomon.link.corpus import cluster_store
from rashomon.link.stories import Assignment, StorySummary
from rashomon.store.ingest import ANALYSIS_VERSION, ingest
from rashomon.store.sqlite import Store
from rashomon.types import Analysis, parse_published

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
HOST = "127.0.0.1"  # the only address this script sends requests to
REGIONS = 50  # each example outlet appears under this many regional names
TARGETS_MS = {"story_p99": 200.0, "search_p99": 100.0}


# --- the store -----------------------------------------------------------------------


def build_store(path: Path, articles: int, per_story: int) -> dict[str, object]:
    """Fill ``path`` to ``articles`` articles (see the module docstring); what it holds."""
    started = time.perf_counter()
    with Store.open(path) as store:
        have = store.counts()["articles"]
        if have >= articles:
            return {"articles": have, "built_seconds": 0.0, "reused": True}
        if have == 0:
            ingest([str(EXAMPLES)], store)
            cluster_store(store)
        events = _events(store)
        next_story = store.next_story_id()
        clones = articles - store.counts()["articles"]
        for n in range(-(-clones // per_story)):
            _clone_story(store, events, next_story + n, per_story)
            if n % 500 == 0:
                print(f"  {n * per_story} of {clones} articles cloned", file=sys.stderr)
        counts = store.counts()
    return {
        "articles": counts["articles"],
        "stories": counts["stories"],
        "built_seconds": round(time.perf_counter() - started, 1),
        "reused": False,
    }


def _events(store: Store) -> list[tuple[StorySummary, list[Analysis]]]:
    """The example stories and their analyses, in publication order: the stories of the
    articles read from files (clones have no path)."""
    with sqlite3.connect(store.path) as db:
        ids = [
            story_id
            for (story_id,) in db.execute(
                "SELECT DISTINCT story_id FROM story_members JOIN articles "
                "ON articles.id = story_members.article_id WHERE articles.path IS NOT NULL "
                "ORDER BY story_id"
            )
        ]
    events = []
    for story_id in ids:
        summary = store.story(story_id)
        analyses = [store.get_analysis(i) for i in store.story_article_ids(story_id)]
        found = [a for a in analyses if a is not None and a.article.path is not None]
        if summary is not None and found:
            events.append((summary, found))
    return events


def _clone_story(
    store: Store,
    events: list[tuple[StorySummary, list[Analysis]]],
    story_id: int,
    per_story: int,
) -> None:
    """Story ``story_id``: ``per_story`` clones of an example story's articles, tagged,
    dated and named after the story id (so a second run adds new ones)."""
    n = story_id
    summary, analyses = events[n % len(events)]
    assignments, published, outlets = [], [], []
    for k in range(per_story):
        source = analyses[k % len(analyses)]
        when = parse_published(source.article.published)
        moment = (when + timedelta(hours=n)).isoformat() if when else None
        outlet = f"{source.article.outlet} {chr(65 + (n + k) % 26)}{(n + k) % REGIONS}"
        # Appended, so every offset of the analysis still indexes the same words.
        text = f"{source.article.text}\n\nDesk note storytag{n} edition{k}: filed by {outlet}."
        url = f"https://example.org/{n}/{k}"
        article = replace(
            source.article,
            id=article_id(text, url),
            text=text,
            url=url,
            outlet=outlet,
            published=moment,
            title=f"{source.article.title} ({n}.{k})",
            path=None,
        )
        store.put_analysis(replace(source, article=article), version=ANALYSIS_VERSION)
        assignments.append(Assignment(article.id, story_id, 1.0, k == 0))
        published.append(moment)
        outlets.append(outlet)
    dated = sorted(p for p in published if p)
    story = replace(
        summary,
        id=story_id,
        size=per_story,
        first_seen=dated[0] if dated else None,
        last_seen=dated[-1] if dated else None,
        outlets=tuple(outlets),
    )
    store.put_stories(assignments, [story], {})


# --- the server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = f"from rashomon.web.app import serve; serve({str(db)!r}, {HOST!r}, {port})"
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


# --- the load ------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection to the server, sending GETs as a browser would
    (gzip accepted). A minimal client: httpx's connection pool cost more CPU than the
    server at these rates, and on a two-core machine that would be measured as latency."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The response's status; its body is read and dropped."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: gzip\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection") == "close":
            self.close()
        return int(lines[0].split(" ", 2)[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def load(
    port: int,
    paths: list[str],
    concurrency: int,
    requests: int,
    seconds: float,
    *,
    ordered: bool = False,
) -> dict[str, object]:
    """Keep ``concurrency`` connections busy with GETs of random ``paths`` (or of each of
    them once, in order, when ``ordered``)."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    rng = random.Random(concurrency)
    queue = iter(paths) if ordered else (rng.choice(paths) for _ in range(requests))
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        connection = Connection(port)
        for path in queue:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                status = await connection.get(path)
                failed = None if status == 200 else str(status)
            except (OSError, asyncio.IncompleteReadError, KeyError, ValueError) as error:
                connection.close()
                failed = type(error).__name__
            latencies.append(time.perf_counter() - started)
            if failed:
                errors[failed] = errors.get(failed, 0) + 1
        connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        **summarise(latencies),
        "errors": errors,
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


def summarise(latencies: list[float]) -> dict[str, object]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "requests": len(ordered),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def search_terms(stories: int) -> dict[str, dict[str, list[str]]]:
    """Search words by how many articles they match: one story's ten (the tag of a cloned
    story), about 150 (a regional outlet's code), or a quarter to half the store; three disjoint
    sets of each, so that the cold measurements never hit the cache."""
    tags = random.Random(0).sample(range(10, stories), 90)
    codes = [f"{chr(65 + x % 26)}{x % REGIONS}" for x in range(650)]  # every outlet code
    return {
        "warm": {
            "one_story": [f"storytag{t}" for t in tags[:50]],
            "hundreds": codes[:20],
            "thousands": ["earthquake", "Korsa Strait", "barge", "rescuers"],
        },
        "api_cold": {
            "one_story": [f"storytag{t}" for t in tags[50:70]],
            "hundreds": codes[100:110],
            "thousands": ["Merrow", "Tamrovo", "Halvard", "detained"],
        },
        "page_cold": {
            "one_story": [f"storytag{t}" for t in tags[70:90]],
            "hundreds": codes[200:210],
            "thousands": ["Dravnia", "bridge", "rubble", "ships"],
        },
    }


# Filters the store answers by looking at every story's articles (see docs/web.md),
# measured once each, uncached.
SLOW_FILTERS = [
    "/api/stories?outlet=Harbor+Ledger+B1",
    "/api/stories?outlet=Coastal+Times+C2",
    "/api/stories?outlet=Northgate+Wire+D3",
    "/api/stories?language=ru",
    "/api/stories?language=es",
]


def cpu_seconds(pid: int) -> tuple[float, float, float]:
    """CPU seconds used so far by the whole machine, by process ``pid``, and by this one."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    with open(f"/proc/{pid}/stat") as stat:
        after_name = stat.read().rsplit(")", 1)[1].split()
    server = int(after_name[11]) + int(after_name[12])  # utime, stime
    own = os.times()
    return busy / ticks, server / ticks, own.user + own.system


def measure(server: int, run: Coroutine[Any, Any, dict[str, object]]) -> dict[str, object]:
    """``run``'s figures and the cores used meanwhile: by the server, by this client, and
    by everything else on the machine (other people's jobs: not a measurement of ours)."""
    before, started = cpu_seconds(server), time.perf_counter()
    result = asyncio.run(run)
    after, elapsed = cpu_seconds(server), time.perf_counter() - started
    busy, served, own = (a - b for a, b in zip(after, before, strict=True))
    result["cores_used"] = {
        "server": round(served / elapsed, 2),
        "client": round(own / elapsed, 2),
        "others": round(max(0.0, busy - served - own) / elapsed, 2),
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-story", type=int, default=10)
    parser.add_argument("--hot", type=int, default=100, help="stories in the warm set")
    parser.add_argument("--cold", type=int, default=10, help="stories measured cold")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--requests", type=int, default=10_000, help="per measurement")
    parser.add_argument("--seconds", type=float, default=30.0, help="per measurement")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true", help="fill the store and stop")
    args = parser.parse_args()

    print("building the store ...", file=sys.stderr)
    store_info = build_store(args.db, args.articles, args.per_story)
    if args.build_only:
        print(json.dumps(store_info))
        return 0
    with Store.open(args.db) as store:
        listed = store.stories(limit=args.hot + args.cold)
        counts = store.counts()
    hot = [f"/stories/{s.id}" for s in listed[: args.hot]]
    cold = [f"/stories/{s.id}" for s in listed[args.hot :]]
    port = free_port()
    server = start_server(args.db, port)
    results: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "store": {**store_info, **counts, "size_mb": round(args.db.stat().st_size / 2**20)},
        "targets_ms": TARGETS_MS,
    }
    pid = server.pid
    terms = search_terms(counts["stories"])
    try:
        print("story pages, cold ...", file=sys.stderr)
        results["story_cold_c1"] = measure(
            pid, load(port, cold, 1, len(cold), 1200, ordered=True)
        ) | {"cached": False, "note": "distinct stories one at a time: each is compared"}
        print("filling the cache with the warm set ...", file=sys.stderr)
        results["story_cold_fill_c2"] = measure(
            pid, load(port, hot, 2, len(hot), 3600, ordered=True)
        ) | {"cached": False, "note": "each warm-set story once, two at a time"}
        print("searches, cold ...", file=sys.stderr)
        for name, prefix in (("api", "/api/stories?q="), ("page", "/?q=")):
            for kind, words in terms[f"{name}_cold"].items():
                paths = [prefix + quote(w) for w in words]
                results[f"search_{name}_{kind}_cold_c1"] = measure(
                    pid, load(port, paths, 1, len(paths), 600, ordered=True)
                ) | {"cached": False}
        results["search_api_outlet_language_cold_c1"] = measure(
            pid, load(port, SLOW_FILTERS, 1, len(SLOW_FILTERS), 600, ordered=True)
        ) | {"cached": False}
        warm = {
            name: [prefix + quote(w) for words in terms["warm"].values() for w in words]
            for name, prefix in (("api", "/api/stories?q="), ("page", "/?q="))
        }
        for paths in warm.values():  # each search once, so that what follows is warm
            asyncio.run(load(port, paths, 4, len(paths), 600, ordered=True))
        for concurrency in args.concurrency:
            print(f"concurrency {concurrency} ...", file=sys.stderr)
            results[f"story_warm_c{concurrency}"] = measure(
                pid, load(port, hot, concurrency, args.requests, args.seconds)
            ) | {"cached": True}
            for name, paths in warm.items():
                results[f"search_{name}_warm_c{concurrency}"] = measure(
                    pid, load(port, paths, concurrency, args.requests, args.seconds)
                ) | {"cached": True}
    finally:
        server.terminate()
        server.wait(10)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
