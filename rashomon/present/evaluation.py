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
