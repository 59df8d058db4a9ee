"""Speed of ``rashomon compare``, warm (models loaded), against the issue's targets.

    python benchmarks/compare_speed.py --data DIR [--repeat 5] [--json OUT]

DIR holds plain-text articles (PolNeAR's ``text/*.txt`` fit: US news, ~800 words). Two
settings, each timed ``--repeat`` times after a warm-up run, best and median reported:
- 2 articles of about 800 words, 10 articles;
- end to end (per-article analysis + compare, one process) and the compare stage alone
  (analyses already made, as when they come from the store).
Targets: 2 articles < 1 s, 10 articles < 3 s. A script, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RASHOMON_THREADS", str(len(os.sched_getaffinity(0))))

from rashomon.analyze.pipeline import analyze_article, analyze_many
from rashomon.compare import compare
from rashomon.ingest import read_paths

TARGETS = {2: 1.0, 10: 3.0}


def _pick(data: Path, count: int, words: int) -> list:
    """``count`` articles nearest ``words`` words long."""
    files = sorted(data.rglob("*.txt"))
    articles = [a for a in read_paths([str(f) for f in files]) if not isinstance(a, Exception)]
    articles.sort(key=lambda a: abs(len(a.text.split()) - words))
    return articles[:count]


def _time(run, repeat: int) -> dict[str, float]:
    run()  # warm-up: loads every model
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return {"best": min(seconds), "median": statistics.median(seconds)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = []
    for count in sorted(TARGETS):
        articles = _pick(args.data, count, 800)
        analyses = [analyze_article(a) for a in articles]
        words = statistics.mean(len(a.text.split()) for a in articles)
        stage = _time(lambda analyses=analyses: compare(analyses), args.repeat)
        end_to_end = _time(
            # as the command line runs it: one process, spaCy parsing the articles as a batch
            lambda articles=articles: compare(list(analyze_many(articles))),
            args.repeat,
        )
        row = {
            "articles": count,
            "mean_words": round(words),
            "compare_stage_seconds": stage,
            "end_to_end_seconds": end_to_end,
            "target_seconds": TARGETS[count],
            "end_to_end_meets_target": end_to_end["median"] < TARGETS[count],
        }
        results.append(row)
        print(
            f"{count:>2} articles (~{row['mean_words']} words): compare stage "
            f"{stage['median']:.3f} s, end to end {end_to_end['median']:.3f} s "
            f"(target < {TARGETS[count]} s)"
        )
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": len(os.sched_getaffinity(0)),
        "threads": int(os.environ["RASHOMON_THREADS"]),
        "results": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
