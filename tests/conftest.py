"""Shared fixtures: real models, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def analyse_paths(*paths: Path):
    """Full analyses (with embeddings, as compare needs) of the articles under ``paths``."""
    from rashomon.analyze.pipeline import analyze_article
    from rashomon.ingest import read_paths

    return [analyze_article(article) for article in read_paths([str(p) for p in paths])]


@pytest.fixture(scope="session")
def example_analyses() -> dict[str, list]:
    """Every shipped example event, analysed once per session: event folder -> analyses."""
    return {
        folder.name: analyse_paths(folder)
        for folder in sorted((EXAMPLES / "articles").iterdir())
        if folder.is_dir()
    }
