"""Load on the web app (``rashomon serve``) over a 100k-article store, against the targets.

    python benchmarks/web_load.py --db /tmp/web-load.db [--articles 100000] [--workers 2]
        [--json OUT]

Targets (issue): with 100k articles in the store, the story page at p99 < 200 ms with no
error at 50 and at 200 concurrent connections, and the stories search at p99 < 100 ms.

The store: analysing 100k real articles is out of reach here (~8 articles/s), so the
shipped example articles are ingested for real (read, analysed, stored, grouped into
stories) and then cloned through ``Store.put_analysis`` into stories of ``--per-story``
articles each: every clone is an example's analysis with a new article (its own URL,
title, outlet, date, and a paragraph appended to the text so it has its own id and search
words; appending keeps every offset of the analysis valid). Its story rows are written
with ``Store.put_stories``. A store that already holds ``--articles`` is reused (and
migrated to this rashomon's schema when opened: the time is reported).

The run: the app is served by ``rashomon.web.app.serve`` (uvicorn, ``--workers``
processes) in a child process in a session of its own, as a service would run (Linux's
autogroup scheduler then shares the CPU between it and other sessions, the client's
included, rather than handing it one session's share). Only 127.0.0.1 is ever contacted.
- Slow requests, one at a time (stories never requested, each compared; searches never
  made, by words matching one story, hundreds or thousands of articles, by entity, by
  speaker, by outlet and language): a minimal asyncio HTTP/1.1 client in this process.
- The caches are then filled: every story and search of the warm sets is requested, in
  passes, until a pass is fast throughout (each worker keeps its own caches).
- Concurrent load on the warm sets: wrk (Debian package ``wrk``, written in C: one thread
  drives hundreds of connections on a few percent of a core, where a Python client took a
  fifth of the two cores the server needs) with ``--concurrency`` keep-alive connections
  for ``--seconds``, each sending its next request when the last is answered (a closed
  loop), paths picked at random from the set, gzip accepted as a browser would.
Every measurement reports p50/p95/p99/max latency, errors (non-2xx, failed or timed out)
and throughput, and the cores used meanwhile by the server, the client and everything
else on the machine (other people's jobs). A script, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    code = (
        "from rashomon.web.app import serve; "
        f"serve({str(db)!r}, {HOST!r}, {port}, workers={workers})"
    )
    return start(code, port, workers)


# The floor: uvicorn, as ``serve`` runs it (the same workers, each on its own
# SO_REUSEPORT socket), answering every request with the same 4 KB and doing nothing
# else. What it cannot beat on this machine at this moment, the app cannot either.
FLOOR = """
import multiprocessing, socket, sys, uvicorn
BODY = b"x" * 4096
async def app(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": BODY})
def run(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    config = uvicorn.Config(app, access_log=False, server_header=False, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
port, workers = int(sys.argv[1]), int(sys.argv[2])
for process in [multiprocessing.Process(target=run, args=(port,)) for _ in range(workers)]:
    process.start()
"""


def start_floor(port: int, workers: int) -> subprocess.Popen:
    return start(FLOOR, port, workers, str(port), str(workers))


def start(code: str, port: int, workers: int, *args: str) -> subprocess.Popen:
    """``python -c code args`` in a session of its own, once it answers on ``port``."""
    server = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300  # the first start migrates the store
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                time.sleep(2 * workers)  # the socket is bound before every worker is up
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("the server did not start")


def stop(server: subprocess.Popen) -> None:
    """End the server's session: it and its workers (SIGTERM, then SIGKILL after 60 s)."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def server_pids(pid: int) -> list[int]:
    """The server process and its workers."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [pid, *map(int, children.read().split())]
    except OSError:
        return [pid]


# --- the load ------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection to the server, sending GETs as a browser would
    (gzip accepted). Used only for the slow requests one or two at a time, where the
    client's own cost does not matter; concurrent load comes from wrk."""

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


async def in_turn(
    port: int, paths: list[str], concurrency: int, *, fresh: bool = False
) -> dict[str, object]:
    """GET each of ``paths`` once, in order, over ``concurrency`` connections (kept, or
    ``fresh`` for each request)."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    queue = iter(paths)

    async def worker() -> None:
        connection = Connection(port)
        for path in queue:
            started = time.perf_counter()
            try:
                status = await connection.get(path)
                failed = None if status == 200 else str(status)
                if fresh:
                    connection.close()
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
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "concurrency": concurrency,
        "requests": len(ordered),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        "errors": errors,
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


# wrk (Debian package wrk): GETs of the listed paths at random over its connections, each
# sent when the connection's last answer is in (a closed loop), for a fixed time; prints
# its figures as one JSON line. Latencies are in microseconds.
WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local headers = {["Accept-Encoding"] = "gzip"}
local seed = %(seed)d
setup = function(thread) seed = seed + 1; thread:set("seed", seed) end
init = function() math.randomseed(seed) end
request = function() return wrk.format("GET", paths[math.random(#paths)], headers) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "mean_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
    e.status, e.timeout))
end
"""


def wrk(port: int, paths: list[str], concurrency: int, seconds: float) -> dict[str, object]:
    """wrk's figures for ``concurrency`` connections asking for random ``paths``."""
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder) / "paths.txt"
        listed.write_text("\n".join(paths) + "\n")
        script = Path(folder) / "load.lua"
        script.write_text(WRK_SCRIPT % {"paths": listed, "seed": concurrency})
        run = subprocess.run(
            [
                "wrk",
                "--threads=1",  # one core's worth of epoll is far more than the server needs
                f"--connections={concurrency}",
                f"--duration={seconds:g}s",
                "--timeout=10s",
                f"--script={script}",
                f"http://{HOST}:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    errors = {
        name: figures[name]
        for name in ("connect", "read", "write", "status", "timeout")
        if figures[name]
    }
    seconds_taken = figures["duration_us"] / 1e6
    return {
        "concurrency": concurrency,
        "requests": figures["requests"],
        **{f"{p}_ms": round(figures[f"{p}_us"] / 1000, 1) for p in ("p50", "p95", "p99")},
        "max_ms": round(figures["max_us"] / 1000, 1),
        "mean_ms": round(figures["mean_us"] / 1000, 1),
        "errors": errors,
        "requests_per_second": round(figures["requests"] / seconds_taken, 1),
    }


def warm_up(port: int, paths: list[str], settled_ms: float) -> dict[str, object]:
    """Ask for ``paths`` until every worker has each cached. Each worker keeps its own
    caches and the kernel hands each new connection to one of them at random, so passes
    over ``paths`` (two at a time, a new connection per request) repeat until ten passes
    in a row have no answer slower than ``settled_ms`` (none was computed): a story or
    search still missing on some worker would have had an even chance in each of them.
    The first pass's figures and the number of passes."""
    passes, streak, first = 0, 0, None
    while streak < 10 and passes < 100:
        result = asyncio.run(in_turn(port, paths, 2, fresh=True))
        first = first or result
        passes += 1
        streak = streak + 1 if float(result["max_ms"]) < settled_ms else 0  # type: ignore[arg-type]
    return {"passes": passes, "settled": streak == 10, "first_pass": first}


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


def name_searches(store: Path) -> dict[str, list[str]]:
    """Stories search by entity and by speaker, and quotes by speaker: five names of each
    kind, as the examples spell them (every clone carries its example's names: each
    matches ~1/10 of the store)."""
    with sqlite3.connect(store) as db:
        entities = [
            name
            for (name,) in db.execute(
                "SELECT name FROM entities JOIN articles ON articles.id = entities.article_id "
                "WHERE articles.path IS NOT NULL AND label = 'PERSON' "
                "GROUP BY name ORDER BY count(*) DESC, name LIMIT 5"
            )
        ]
        speakers = [
            name
            for (name,) in db.execute(
                "SELECT speaker FROM quotes JOIN articles ON articles.id = quotes.article_id "
                "WHERE articles.path IS NOT NULL AND speaker IS NOT NULL "
                "GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT 5"
            )
        ]
    return {
        "entity": [f"/api/stories?entity={quote(n)}" for n in entities],
        "speaker": [f"/api/stories?speaker={quote(n)}" for n in speakers],
        "quotes": [f"/api/quotes?speaker={quote(n)}" for n in speakers],
    }


# Articles search (ranked, with snippets and the total), measured once each, uncached:
# a word of one story's 10 articles, then words of 20,000 to 60,000 articles.
ARTICLES = [
    "/api/articles?q=storytag77",
    "/api/articles?q=Valdora",
    "/api/articles?q=Lomsk",
    "/api/articles?q=Brennick",
    "/api/articles?q=Belova",
]


# Filters read from the stories' own summary columns (see docs/web.md), measured once
# each, uncached.
OUTLET_LANGUAGE = [
    "/api/stories?outlet=Harbor+Ledger+B1",
    "/api/stories?outlet=Coastal+Times+C2",
    "/api/stories?outlet=Northgate+Wire+D3",
    "/api/stories?language=ru",
    "/api/stories?language=es",
]


def cpu_seconds(pids: list[int]) -> tuple[float, float, float]:
    """CPU seconds used so far by the whole machine, by processes ``pids``, and by this
    process's finished children (wrk)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    server = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            after_name = stat.read().rsplit(")", 1)[1].split()
        server += int(after_name[11]) + int(after_name[12])  # utime, stime
    own = os.times()
    client = own.user + own.system + own.children_user + own.children_system
    return busy / ticks, server / ticks, client


def measure(pids: list[int], run: Callable[[], dict[str, object]]) -> dict[str, object]:
    """``run()``'s figures and the cores used meanwhile: by the server, by the client (this
    process or wrk), and by everything else on the machine (other people's jobs: not a
    measurement of ours)."""
    before, started = cpu_seconds(pids), time.perf_counter()
    result = run()
    after, elapsed = cpu_seconds(pids), time.perf_counter() - started
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
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--hot", type=int, default=100, help="stories in the warm set")
    parser.add_argument("--cold", type=int, default=10, help="stories measured cold")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=20.0, help="per wrk measurement")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true", help="fill the store and stop")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("needs wrk on PATH (apt-get install wrk)")

    print("building the store ...", file=sys.stderr)
    store_info = build_store(args.db, args.articles, args.per_story)
    started = time.perf_counter()
    with Store.open(args.db) as store:  # migrates the file to this schema, if needed
        store_info["opened_seconds"] = round(time.perf_counter() - started, 1)
        listed = store.stories(limit=args.hot + args.cold)
        counts = store.counts()
    if args.build_only:
        print(json.dumps(store_info))
        return 0
    hot = [f"/stories/{s.id}" for s in listed[: args.hot]]
    cold = [f"/stories/{s.id}" for s in listed[args.hot :]]
    port = free_port()
    server = start_server(args.db, port, args.workers)
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "server": {
            "workers": args.workers,
            # uvicorn's HTTP parser and event loop: the faster ones when installed.
            "http": "httptools" if importlib.util.find_spec("httptools") else "h11",
            "loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
            "client": "wrk, 1 thread (concurrent runs)",
        },
        "store": {**store_info, **counts, "size_mb": round(args.db.stat().st_size / 2**20)},
        "targets_ms": TARGETS_MS,
    }
    pids = server_pids(server.pid)
    terms = search_terms(counts["stories"])
    names = name_searches(args.db)

    def one_at_a_time(paths: list[str]) -> dict[str, object]:
        return measure(pids, lambda: asyncio.run(in_turn(port, paths, 1))) | {"cached": False}

    try:
        print("story pages, cold ...", file=sys.stderr)
        results["story_cold_c1"] = one_at_a_time(cold) | {
            "note": "distinct stories one at a time: each is compared"
        }
        print("searches, cold ...", file=sys.stderr)
        for name, prefix in (("api", "/api/stories?q="), ("page", "/?q=")):
            for kind, words in terms[f"{name}_cold"].items():
                paths = [prefix + quote(w) for w in words]
                results[f"search_{name}_{kind}_cold_c1"] = one_at_a_time(paths)
        results["search_api_outlet_language_cold_c1"] = one_at_a_time(OUTLET_LANGUAGE)
        for kind, paths in names.items():
            results[f"search_api_{kind}_cold_c1"] = one_at_a_time(paths)
        results["search_api_articles_cold_c1"] = one_at_a_time(ARTICLES)
        print("filling the caches ...", file=sys.stderr)
        results["story_cold_fill_c2"] = measure(
            pids, lambda: asyncio.run(in_turn(port, hot, 2))
        ) | {"cached": False, "note": "each warm-set story once, two at a time"}
        results["story_warm_up"] = warm_up(port, hot, 1000)
        warm = {
            name: [prefix + quote(w) for words in terms["warm"].values() for w in words]
            for name, prefix in (("api", "/api/stories?q="), ("page", "/?q="))
        }
        for name, paths in warm.items():
            results[f"search_{name}_warm_up"] = warm_up(port, paths, 200)
        for concurrency in args.concurrency:
            print(f"concurrency {concurrency} ...", file=sys.stderr)
            results[f"story_warm_c{concurrency}"] = measure(
                pids, lambda c=concurrency: wrk(port, hot, c, args.seconds)
            ) | {"cached": True}
            for name, paths in warm.items():
                results[f"search_{name}_warm_c{concurrency}"] = measure(
                    pids, lambda c=concurrency, p=paths: wrk(port, p, c, args.seconds)
                ) | {"cached": True}
    finally:
        stop(server)
    print("the floor ...", file=sys.stderr)
    floor_port = free_port()
    floor = start_floor(floor_port, args.workers)
    floor_pids = server_pids(floor.pid)
    try:
        for concurrency in args.concurrency:
            results[f"floor_c{concurrency}"] = measure(
                floor_pids, lambda c=concurrency: wrk(floor_port, ["/"], c, args.seconds)
            )
    finally:
        stop(floor)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
