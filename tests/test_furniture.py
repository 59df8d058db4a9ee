"""Page furniture: lines of a body that are not the story (analyze/furniture.py), and what
later stages leave out because of them. Every text here is invented."""

from __future__ import annotations

from rashomon.analyze.furniture import furniture_spans
from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.compare.statements import article_statements
from rashomon.types import Article

TITLE = "Harbor Mayor Resigns After Audit"
BODY = (
    "Harbor Mayor Resigns After Audit\n\n"
    "By Ines Karro and Tom Vell, Sevrask Herald\n\n"
    "LISK — Mayor Ann Poe resigned on Tuesday after an audit found missing funds.\n\n"
    "Poe arrives at city hall on Monday. (Photo by Jan Ward/Coastal Images)\n\n"
    '"I leave with a clear conscience," Poe told reporters outside the building.\n\n'
    "What Comes Next\n\n"
    "The council will pick an interim mayor next week.\n\n"
    "The city will vote again.\n\n"
    "Read more: Audit finds gaps in harbor budget\n\n"
    "Council Members Split Over Audit\n"
    "Harbor Budget Faces New Scrutiny\n\n"
    "Thanks for the support, Lisk! — Ann Poe (@annpoe) March 4, 2024\n\n"
    "A version of this article appears in print on March 5, 2024.\n\n"
    "The Northgate Wire contributed to this report."
)


def _kinds(text: str, title: str | None) -> dict[str, str]:
    return {text[s:e]: kind for s, e, kind in furniture_spans(text, title)}


def test_each_kind_of_furniture_is_found_and_text_is_not() -> None:
    kinds = _kinds(BODY, TITLE)
    assert kinds == {
        "Harbor Mayor Resigns After Audit": "headline",
        "By Ines Karro and Tom Vell, Sevrask Herald": "byline",
        "Poe arrives at city hall on Monday. (Photo by Jan Ward/Coastal Images)": "caption",
        "What Comes Next": "subheading",
        "Read more: Audit finds gaps in harbor budget": "read-more",
        "Council Members Split Over Audit": "related",
        "Harbor Budget Faces New Scrutiny": "related",
        "Thanks for the support, Lisk! — Ann Poe (@annpoe) March 4, 2024": "embed",
        "A version of this article appears in print on March 5, 2024.": "trailer",
        "The Northgate Wire contributed to this report.": "trailer",
    }
    # a short paragraph that ends like a sentence is text: "The city will vote again."


def test_spans_are_offsets_into_the_unchanged_text() -> None:
    for start, end, _ in furniture_spans(BODY, TITLE):
        assert BODY[start:end] == BODY[start:end].strip() and BODY[start:end]


def test_headline_found_by_position_without_a_title() -> None:
    text = "Ferry Service Halted in Lisk\n\nThe ferry stopped running on Monday, officials said."
    assert _kinds(text, None) == {"Ferry Service Halted in Lisk": "headline"}


def test_headline_repeated_later_and_in_other_case() -> None:
    text = "The ferry stopped on Monday.\n\nFERRY SERVICE HALTED IN LISK\n\nIt resumed later."
    assert _kinds(text, "Ferry service halted in Lisk")["FERRY SERVICE HALTED IN LISK"] == (
        "headline"
    )


def test_sentences_starting_like_furniture_are_text() -> None:
    text = (
        "The ferry stopped on Monday.\n\n"
        "By noon, the harbor office had released a statement on the repairs.\n\n"
        "Photos of the damage spread quickly, the mayor said.\n\n"
        "- Ann Poe\n\n"
        "Here is what she said:\n\n"
        "A double dip?"
    )
    assert _kinds(text, None) == {}


def test_tweet_signature_alone_takes_the_tweet_before_it() -> None:
    text = (
        "The mayor thanked voters on Tuesday.\n\n"
        "Thanks for the support, Lisk!\n"
        "— Ann Poe (@annpoe) March 4, 2024\n\n"
        "She did not take questions."
    )
    assert _kinds(text, None) == {
        "Thanks for the support, Lisk!": "embed",
        "— Ann Poe (@annpoe) March 4, 2024": "embed",
    }


def _analysis(text: str, title: str):
    article = Article(id="a", text=text, title=title, outlet="Sevrask Herald")
    return analyze_article(article, AnalysisConfig(embedder=None))


def test_furniture_is_no_statement_quote_or_speaker() -> None:
    title = "Blake Vell Resigns"
    text = (
        "Blake Vell Resigns\n\n"
        'Vell quits: "I am done with politics"\n\n'
        "Representative Blake Vell resigned on Friday after a long investigation.\n\n"
        '"It was time," Vell said in a statement on his website.\n\n'
        '"We will miss him," a caption reads. (Photo by Jan Ward/Coastal Images)\n\n'
        "The Associated Press contributed to this report."
    )
    analysis = _analysis(text, title)
    assert analysis.article.text == text  # the text is untouched
    statements = [s.text for s in article_statements(analysis, 0)]
    assert statements == [
        "Representative Blake Vell resigned on Friday after a long investigation.",
        '"It was time," Vell said in a statement on his website.',
    ]
    quotes = [(q.text, q.speaker) for q in analysis.quotes if q.kind == "direct"]
    assert quotes == [("It was time", "Blake Vell")]
    furniture = [(s, e) for s, e, _ in furniture_spans(text, title)]
    for quote in analysis.quotes:
        assert not any(s <= quote.start < e for s, e in furniture)
        mention = quote.speaker_mention
        assert mention is None or not any(s <= mention.start < e for s, e in furniture)
