"""The training scripts run (issue 16: a smoke run of every training script): the similarity
heads are fitted end to end on a small slice of MSRP and STS-B, the story's same-fact
model on two real-news events; the two story scripts, which analyse whole evaluation sets,
start and parse their arguments."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED

MSRP = SHARED / "data" / "msrp" / "msr_paraphrase_train.txt"
STSB = SHARED / "data" / "stsb" / "sts-train.csv"


def _head(source, target, lines: int) -> None:
    with open(source, encoding="utf-8-sig") as read:
        target.write_text("".join(itertools.islice(read, lines)), encoding="utf-8")


def test_the_similarity_heads_are_fitted_on_a_slice(tmp_path) -> None:
    if not (MSRP.is_file() and STSB.is_file()):
        pytest.skip("needs ../shared/data/msrp and stsb")
    _head(MSRP, tmp_path / "msrp.txt", 201)  # the header and 200 pairs
    _head(STSB, tmp_path / "sts.csv", 200)
    out = tmp_path / "model.json"
    run = subprocess.run(
        [sys.executable, "-m", "rashomon.training.similarity", "--msrp", str(tmp_path / "msrp.txt"),
         "--stsb-train", str(tmp_path / "sts.csv"), "--out", str(out),
         "--cache", str(tmp_path / "cache"), "--kind", "linear"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["embedder"] == "use-m3"
    sts = model["metadata"]["sts"]
    assert 0 < sts["detail_threshold"] < sts["fact_threshold"] < 5


@pytest.mark.parametrize("script", ["same_story", "stories"])
def test_the_story_training_scripts_start(script: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", f"rashomon.training.{script}", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "--data" in run.stdout, run.stderr


REALNEWS = SHARED / "data" / "realnews_compare"


def test_the_same_fact_model_is_fitted_and_cross_validated_on_two_events(tmp_path) -> None:
    if not (REALNEWS / "gold").is_dir():
        pytest.skip("needs ../shared/data/realnews_compare")
    events = sorted((REALNEWS / "gold").glob("*.json"))[:2]
    for gold in events:
        (tmp_path / "gold").mkdir(exist_ok=True)
        (tmp_path / "gold" / gold.name).write_bytes(gold.read_bytes())
        folder = tmp_path / "articles" / gold.stem
        folder.mkdir(parents=True)
        for article in (REALNEWS / "articles" / gold.stem).iterdir():
            (folder / article.name).write_bytes(article.read_bytes())
    out = tmp_path / "facts.json"
    run = subprocess.run(
        [sys.executable, "-m", "rashomon.training.facts", "--data", str(tmp_path),
         "--out", str(out)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    model = json.loads(out.read_text(encoding="utf-8"))
    assert 0 < model["detail_threshold"] < model["fact_threshold"] < 1
    assert len(model["metadata"]["grid"]) > 1
    assert model["monolingual"]["kind"] == "linear"
