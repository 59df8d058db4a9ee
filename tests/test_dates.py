"""A date read from the lead where the metadata gives none, marked as inferred."""

from __future__ import annotations

from datetime import date

from rashomon.compare import compare
from rashomon.ingest import read_path
from rashomon.ingest.dates import INFERRED_KEY, first_full_date

LEAD = (
    "Ferries stop at Port Essen\n\n"
    "SEVRASK, March 14, 2026 (Northgate Wire) – The harbour authority stopped every ferry "
    "on Friday after the storm damaged the northern pier, officials said.\n"
)


def test_the_first_full_date_of_the_lead_in_the_forms_news_writes_it() -> None:
    assert first_full_date("on Friday, Sept. 5, 2025, the mayor said") == (
        date(2025, 9, 5),
        "Sept. 5, 2025",
    )
    assert first_full_date("Published 14 March 2026, updated 15 March 2026") == (
        date(2026, 3, 14),
        "14 March 2026",
    )
    assert first_full_date("dated 2026-03-14 in the file")[0] == date(2026, 3, 14)
    # no year, no weekday guess, no impossible day
    assert first_full_date("on Friday, March 14, the mayor said") is None
    assert first_full_date("February 30, 2026") is None


def test_an_undated_article_takes_its_leads_date_marked_inferred(tmp_path) -> None:
    (tmp_path / "undated.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(
        "---\npublished: 2026-03-15\n---\n" + LEAD, encoding="utf-8"
    )
    undated, dated = sorted(read_path(str(tmp_path)), key=lambda a: a.path or "")[::-1]
    assert undated.published == "2026-03-14"
    assert undated.meta[INFERRED_KEY] == "March 14, 2026"
    assert dated.published == "2026-03-15" and INFERRED_KEY not in dated.meta  # metadata wins


def test_the_comparison_says_which_date_is_inferred(tmp_path) -> None:
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_many

    (tmp_path / "one.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "two.txt").write_text(
        "---\npublished: 2026-03-14T18:00\n---\n"
        + LEAD.replace("stopped every ferry", "halted all ferries"),
        encoding="utf-8",
    )
    analyses = list(analyze_many(read_path(str(tmp_path)), AnalysisConfig()))
    refs = {ref.path.rsplit("/", 1)[-1]: ref for ref in compare(analyses).articles}
    assert refs["one.txt"].published_from == "March 14, 2026"
    assert refs["two.txt"].published_from is None
