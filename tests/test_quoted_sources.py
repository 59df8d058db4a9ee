"""People an article quotes by name are sources it credits (citations.quoted_sources),
through the production pipeline on invented articles."""

from __future__ import annotations

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.types import Article

TEXT = (
    "Mayor Helen Carter opened the new bridge over the Tamar river on Friday.\n\n"
    '"This bridge joins two towns that waited forty years for it," Carter said at the '
    "ceremony. Carter thanked the builders, and Carter cut the ribbon herself.\n\n"
    '"The traffic on the old road will fall by half," said Sen. Robert Hayes, who '
    "backed the funding.\n\n"
    '"We opened the site to the public every Sunday," engineer Laura Kim said.\n\n'
    '"It is a waste of money," Republicans said in a joint letter.\n'
)


def _quoted(text: str) -> dict[str, str]:
    article = Article(id="bridge", text=text, language="en")
    analysis = analyze_article(article, AnalysisConfig(embedder=None))
    return {c.source: c.kind for c in analysis.citations if c.quoted}


def test_people_quoted_by_name_are_credited_officials_by_their_title() -> None:
    quoted = _quoted(TEXT)
    assert quoted.get("Robert Hayes") == "official"  # "Sen." before the name
    assert quoted.get("Laura Kim") == "person"


def test_the_protagonist_and_groups_are_not_quoted_sources() -> None:
    quoted = _quoted(TEXT)
    assert not any("Carter" in source for source in quoted)  # mentioned most: the news
    assert "Republicans" not in quoted  # a group, not a person
