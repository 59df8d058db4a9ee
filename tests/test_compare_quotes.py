"""Quote groups of the compare stage on the shipped examples: one wording per article."""

from __future__ import annotations

from rashomon.compare import compare
from rashomon.types import Analysis


def test_a_group_holds_no_quote_inside_another_of_its_article(
    example_analyses: dict[str, list[Analysis]],
) -> None:
    # The analysis gives a partial quote ("an act of piracy, plain and simple") and the
    # reported speech around it ('the detentions "an act of piracy ..."') as two quotes;
    # the example events carry several. Across outlets they are one wording of the article.
    nested_in_analyses = 0
    for analyses in example_analyses.values():
        for analysis in analyses:
            spans = [(q.start, q.end) for q in analysis.quotes if q.kind != "scare"]
            nested_in_analyses += sum(
                a != b and b[0] <= a[0] <= a[1] <= b[1] for a in spans for b in spans
            )
        for group in compare(analyses).quotes:
            for m in group.members:
                for other in group.members:
                    inside = other.start <= m.start <= m.end <= other.end
                    assert other is m or other.article != m.article or not inside, (
                        group.id,
                        m.text,
                        other.text,
                    )
    assert nested_in_analyses > 0  # the examples do exercise the case
