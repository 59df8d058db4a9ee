"""The loaded-word training script (rashomon.training.loaded) runs end to end on a slice of
BABE and writes a model the tone step reads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rashomon.analyze.tone import FEATURES
from tests.conftest import SHARED

BABE = SHARED / "data" / "babe"


def test_the_loaded_word_model_is_fitted_on_a_slice(tmp_path) -> None:
    if not (BABE / "data" / "final_labels_SG1.csv").is_file():
        pytest.skip("needs ../shared/data/babe")
    out = tmp_path / "loaded_model.json"
    run = subprocess.run(
        [sys.executable, "-m", "rashomon.training.loaded", "--data", str(BABE),
         "--out", str(out), "--limit", "80", "--cache", str(tmp_path / "examples.pkl")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["encoder"] == "use-m3"
    assert len(model["embedding_weights"]) == 512
    assert model["features"] == list(FEATURES)
    assert len(model["feature_weights"]) == len(FEATURES)
    assert 0 < model["cut"] < 1
    assert model["metadata"]["cross_validated"]["called"] > 0


def test_a_missing_data_folder_is_a_one_line_error(tmp_path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "rashomon.training.loaded", "--data", str(tmp_path / "none"),
         "--out", str(tmp_path / "model.json")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.startswith("error:") and len(run.stderr.strip().splitlines()) == 1
