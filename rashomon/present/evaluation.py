"""Terminal tables for evaluation reports."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def render_quote_eval(report: dict[str, Any], console: Console) -> None:
    table = Table(
        title=(
            f"PolNeAR direct quotes: {report['articles']} articles, {report['references']} "
            f"annotator files, {report['gold_direct_quotes']} gold direct quotes"
        ),
        title_justify="left",
    )
    table.add_column("system")
    for column in ("quote P", "quote R", "quote F1", "speaker P", "speaker R", "speaker F1"):
        table.add_column(column, justify="right")
    rows = [("rashomon", report)]
    if "baseline" in report:
        rows.append((report["baseline"]["name"], report["baseline"]))
    for name, scores in rows:
        table.add_row(
            name,
            *(
                f"{scores[part][measure]:.3f}"
                for part in ("quotes", "speakers")
                for measure in ("precision", "recall", "f1")
            ),
        )
    console.print(table)


def render_paraphrase_eval(report: dict[str, Any], console: Console) -> None:
    table = Table(
        title=(
            f"Paraphrase (MSRP format): {report['pairs']} pairs, {report['positives']} "
            f"paraphrases, embedder {report['embedder']}"
        ),
        title_justify="left",
    )
    table.add_column("system")
    for column in ("accuracy", "precision", "recall", "F1"):
        table.add_column(column, justify="right")
    rows = [(f"rashomon (p >= {report['threshold']:.3f})", report)]
    rows += [(report[k]["name"], report[k]) for k in ("baseline", "majority") if k in report]
    for name, scores in rows:
        table.add_row(
            name,
            *(f"{scores[m]:.3f}" for m in ("accuracy", "precision", "recall", "f1")),
        )
    console.print(table)
    training = report.get("training")
    if training:
        # Figures on pairs the model never fitted on, measured when it was trained.
        cv, held = training["cv"]["lexical"], training["heldout"]["lexical"]
        console.print(
            f"At training: {training['cv_folds']}-fold CV on {training['fit_pairs']} MSRP train "
            f"pairs accuracy {cv['accuracy']:.3f} F1 {cv['f1']:.3f} (cosine "
            f"{training['cv_cosine_baseline']['accuracy']:.3f}); held-out "
            f"{training['heldout_pairs']} pairs accuracy {held['accuracy']:.3f} F1 "
            f"{held['f1']:.3f} (cosine {training['heldout_cosine_baseline']['accuracy']:.3f})."
        )


def render_sts_eval(report: dict[str, Any], console: Console) -> None:
    table = Table(
        title=f"Graded similarity (STS-B format): {report['pairs']} pairs, "
        f"embedder {report['embedder']}",
        title_justify="left",
    )
    table.add_column("pairs")
    table.add_column("n", justify="right")
    for column in ("Pearson", "Spearman", "cosine Pearson", "cosine Spearman"):
        table.add_column(column, justify="right")
    rows = [("all", report["pairs"], report, report["baseline"])]
    rows += [
        (genre, scores["pairs"], scores, scores["baseline"])
        for genre, scores in report.get("genres", {}).items()
    ]
    for name, count, scores, baseline in rows:
        table.add_row(
            name,
            str(count),
            f"{scores['pearson']:.3f}",
            f"{scores['spearman']:.3f}",
            f"{baseline['pearson']:.3f}",
            f"{baseline['spearman']:.3f}",
        )
    console.print(table)


def render_story_eval(report: dict[str, Any], console: Console) -> None:
    """Per set: rashomon's streaming clustering and each baseline, B-cubed and pairwise."""
    table = Table(title=f"Story clustering: {report['data']}", title_justify="left")
    for column in ("set", "system", "stories", "B3 P", "B3 R", "B3 F1", "pair P", "pair R"):
        table.add_column(column, justify="left" if column in ("set", "system") else "right")
    table.add_column("pair F1", justify="right")
    for name, result in report["datasets"].items():
        label = f"{name} ({result['documents']} docs, {result['gold_stories']} stories)"
        rows = [("rashomon", result), *result.get("baselines", {}).items()]
        for n, (system, scores) in enumerate(rows):
            table.add_row(
                label if n == 0 else "",
                system,
                str(scores["stories"]),
                *(
                    f"{scores[measure][part]:.3f}"
                    for measure in ("bcubed", "pairwise")
                    for part in ("precision", "recall", "f1")
                ),
            )
        table.add_section()
    console.print(table)
    console.print(
        f"mean over sets: B-cubed F1 {report['bcubed']['f1']:.3f}, "
        f"pairwise F1 {report['pairwise']['f1']:.3f}",
        markup=False,
    )


# The measures of `rashomon eval compare`, in the order shown; docs/evaluation.md defines them.
COMPARE_MEASURES = (
    ("strict", "same_story", "same story"),
    ("strict", "fact_pair_precision", "fact pair precision"),
    ("strict", "fact_pair_recall", "fact pair recall"),
    ("strict", "fact_pair_recall_strict", "fact pair recall without blobs"),
    ("strict", "blobs", "blobs"),
    ("strict", "largest_group", "largest fact group"),
    ("strict", "omission_precision", "omission precision"),
    ("strict", "single_precision", "one-outlet fact precision"),
    ("strict", "quotes_found", "gold quotes found"),
    ("strict", "speaker_accuracy", "speaker accuracy"),
    ("strict", "quote_pair_recall", "quote pair recall"),
    ("strict", "quote_pair_precision", "quote pair precision"),
    ("strict", "speaker_conflicts_reported", "speaker conflicts reported"),
    ("strict", "speaker_conflicts_gold", "speaker conflicts in gold"),
    ("strict", "citation_recall", "citation recall"),
    ("strict", "citation_precision", "citation precision"),
    ("strict", "loaded_precision", "loaded-word precision"),
    ("strict", "number_conflict_recall", "number conflict recall"),
    ("strict", "number_conflict_precision", "number conflict precision"),
    ("kept", "quote_groups_whole", "utterances whole in one quote group"),
    ("kept", "quote_groups_speaker", "... and with the gold speaker"),
    ("kept", "conflict_recall", "gold conflicts found (any kind)"),
    ("kept", "conflict_precision", "number conflicts found that are gold"),
)
_COUNTED = frozenset(
    {"blobs", "largest_group", "speaker_conflicts_reported", "speaker_conflicts_gold"}
)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in _COUNTED:
        return str(value)
    if key == "same_story" and isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.3f}"


def render_compare_eval(report: dict[str, Any], console: Console) -> None:
    """Each measure over all events, and per event where the console is wide enough: the
    strict ones, then the kept ones."""
    events = report["events"]
    shown = events if console.width >= 40 + 10 * (len(events) + 1) else {}
    table = Table(title=f"compare against gold: {report['data']}", title_justify="left")
    table.add_column("measure", no_wrap=True)
    for column in ("all", *shown):
        table.add_column(column, justify="right")
    section = "strict"
    for part, key, label in COMPARE_MEASURES:
        if part != section:
            table.add_section()
            section = part
        cells = [report[key], *(e[key] for e in shown.values())]
        table.add_row(label, *(_cell(key, c) for c in cells))
    console.print(table)
    if len(shown) < len(events):
        console.print(f"{len(events)} events: each one's measures are in --format json.")
