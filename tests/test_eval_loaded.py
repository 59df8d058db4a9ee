"""The BABE loaded-word evaluation (rashomon.eval.loaded) on sentences written for the test,
in BABE's file format, analysed by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.compare.types import LoadedTerm
from rashomon.eval.loaded import (
    BabeSentence,
    in_half,
    read_babe,
    run_loaded_eval,
    score,
    summary_lines,
)

HEADER = "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words"
ROWS = [
    # row 0, fit half: a charged verb the experts marked
    "The mayor slammed the council over the budget.;l;o;t;left;Biased;op;['slammed']",
    # row 1, held-out: a plain sentence
    "The council met on Tuesday to discuss the budget.;l;o;t;center;Non-biased;f;[]",
    # row 2: no agreement, left out
    "The vote was close.;l;o;t;right;No agreement;f;[]",
    # row 3, held-out: an intensifier the experts marked, and a word they did not
    "Critics called the brazen plan a shameful waste.;l;o;t;right;Biased;op;['brazen']",
]


def _babe_file(tmp_path: Path) -> Path:
    path = tmp_path / "final_labels_SG1.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _term(text: str, weight: float = 0.5) -> LoadedTerm:
    return LoadedTerm(0, len(text), text, "emotive", weight, False)


def test_babe_rows_are_read_with_their_labels_and_marked_words(tmp_path: Path) -> None:
    sentences = read_babe(str(_babe_file(tmp_path)))
    assert [(s.row, s.biased, s.words) for s in sentences] == [
        (0, True, ("slammed",)),
        (1, False, ()),
        (3, True, ("brazen",)),
    ]
    assert [in_half(s, "fit") for s in sentences] == [True, False, False]
    assert [in_half(s, "held-out") for s in sentences] == [False, True, True]
    assert all(in_half(s, "all") for s in sentences)


def test_a_folder_or_a_file_without_babe_columns(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    _babe_file(tmp_path).rename(tmp_path / "data" / "final_labels_SG1.csv")
    assert len(read_babe(str(tmp_path))) == 3
    other = tmp_path / "other.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected BABE columns"):
        read_babe(str(other))


def test_word_and_sentence_measures() -> None:
    sentences = [
        BabeSentence(0, "x", True, ("slammed", "brazen")),
        BabeSentence(1, "y", False, ()),
        BabeSentence(2, "z", True, ("tycoon",)),
    ]
    shown = [
        [_term("slams", 0.8), _term("shameful", 0.6)],  # one right (an inflection), one not
        [_term("massive", 0.3)],  # a word in a sentence the experts call unbiased
        [_term("billionaire tycoon", 0.7)],  # a phrase holding the marked word
    ]
    report = score(sentences, shown)
    assert report["shown"] == 4 and report["shown_per_sentence"] == round(4 / 3, 3)
    words = report["words"]
    assert (words["marked"], words["precision"], words["recall"]) == (3, 0.5, round(2 / 3, 4))
    assert words["f1"] == round(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), 4)
    sentence = report["sentence"]
    assert (sentence["precision"], sentence["recall"]) == (round(2 / 3, 4), 1.0)
    assert sentence["auc"] == 1.0  # both biased sentences weigh more than the unbiased one
    nothing = score(sentences, [[], [], []])
    assert nothing["words"]["precision"] is None and nothing["words"]["f1"] is None
    assert nothing["words"]["recall"] == 0.0 and nothing["sentence"]["auc"] == 0.5
    one_label = score(sentences[:1], shown[:1])
    assert one_label["sentence"]["auc"] is None
    assert "ROC-AUC n/a" in summary_lines({**one_label, "half": "all"})[2]


def test_the_shipped_lexicon_on_a_babe_file(tmp_path: Path) -> None:
    path = str(_babe_file(tmp_path))
    held_out = run_loaded_eval(path)
    assert held_out["half"] == "held-out" and held_out["sentences"] == 2
    # "brazen plan" is right, "shameful waste" is not; nothing in the plain sentence
    assert held_out["shown"] == 2 and held_out["words"]["precision"] == 0.5
    assert held_out["words"]["recall"] == 1.0 and held_out["sentence"]["precision"] == 1.0
    fit = run_loaded_eval(path, "fit")
    assert fit["sentences"] == 1 and fit["words"]["precision"] == 1.0
    lines = summary_lines(held_out)
    assert lines[0].startswith("BABE (held-out): 2 sentences, 1 biased")
    assert "precision 0.500" in lines[1]
    with pytest.raises(ValueError, match="half must be"):
        run_loaded_eval(path, "train")


def test_the_eval_loaded_command_reports_json_and_a_bad_file_in_one_line(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from rashomon.cli import main

    runner = CliRunner()
    good = runner.invoke(
        main, ["eval", "loaded", "--data", str(_babe_file(tmp_path)), "--half", "all",
               "--format", "json"],
    )  # fmt: skip
    assert good.exit_code == 0, good.output
    report = json.loads(good.output.strip().splitlines()[-1])
    assert report == run_loaded_eval(str(tmp_path / "final_labels_SG1.csv"), "all")
    broken = tmp_path / "other.csv"
    broken.write_text("just;some;columns\n1;2;3\n", encoding="utf-8")
    bad = runner.invoke(main, ["eval", "loaded", "--data", str(broken)])
    assert bad.exit_code == 1
    assert bad.output.strip().count("\n") == 0 and "other.csv" in bad.output
