"""The canonical seed pair: one check among many of the general abilities (never special-cased)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.ingest import read_path
from rashomon.types import Analysis


def _analyse(shared: Path, prefix: str) -> Analysis:
    (path,) = sorted((shared / "seeds").glob(f"{prefix}_*.txt"))
    (article,) = list(read_path(str(path)))
    return analyze_article(article, AnalysisConfig(embedder=None))


@pytest.fixture(scope="module")
def seeds(shared: Path) -> dict[str, Analysis]:
    return {prefix: _analyse(shared, prefix) for prefix in ("000", "002")}


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_putin_speaks_the_legitimate_targets_quote(seeds: dict[str, Analysis], prefix: str) -> None:
    quotes = [
        q
        for q in seeds[prefix].quotes
        if "legitimate targets for" in q.text and q.kind in ("direct", "partial")
    ]
    assert quotes
    assert all(q.speaker == "Vladimir Putin" for q in quotes)


def test_peskov_and_ushakov_are_quoted_in_000(seeds: dict[str, Analysis]) -> None:
    speakers = {q.speaker for q in seeds["000"].quotes if q.kind == "direct"}
    assert {"Dmitry Peskov", "Yuri Ushakov"} <= speakers


def test_sources_credited(seeds: dict[str, Analysis]) -> None:
    assert "Express" in {c.source for c in seeds["000"].citations}
    assert "Euronews" in {c.source for c in seeds["002"].citations}
