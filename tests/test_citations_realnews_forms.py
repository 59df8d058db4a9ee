"""Citations in the forms real news uses (issue 15, item 5): posts, statements and interviews,
documents issued by a body, programmes of an outlet, anonymous sources, and one canonical name
per outlet. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from rashomon.analyze.citations import find_citations
from rashomon.types import Citation
from tests.parse_helpers import english_parse


def english(text: str, outlet: str | None = None) -> tuple[Citation, ...]:
    return find_citations(text, english_parse(text), "en", outlet=outlet)


def credited(text: str, outlet: str | None = None) -> dict[str, list[Citation]]:
    found: dict[str, list[Citation]] = {}
    for c in english(text, outlet):
        found.setdefault(c.source, []).append(c)
    return found


# (sentence, a source that must be credited, its kind, a word its cue must hold)
FORMS = [
    # outlets and their programmes
    ("Politico was first to report the closure of the plant.", "Politico", "outlet", "report"),
    (
        "Breitbart London reported in 2017 that the depot had been sold.",
        "Breitbart",
        "outlet",
        "reported",
    ),
    (
        "The governor told NBC's 'Meet the Press' that the tolls would stay.",
        "NBC News",
        "outlet",
        "told",
    ),
    (
        "Ms. Arlow said on CBS' 'Face the Nation' that the budget was settled.",
        "CBS News",
        "outlet",
        "said on",
    ),
    (
        "Mr. Denholm wrote in The Harlow Post-Dispatch that the inquiry would be fair.",
        "Harlow Post-Dispatch",
        "outlet",
        "wrote in",
    ),
    (
        "Two instant polls of viewers -- one by CNN, one by CBS -- showed a split.",
        "CNN",
        "outlet",
        "by",
    ),
    # posts
    ("Senator Hal Brenner tweeted that the vote would fail.", "Hal Brenner", "person", "tweeted"),
    (
        "Dana Oyelaran wrote on Twitter that the bridge had been closed since dawn.",
        "Dana Oyelaran",
        "person",
        "twitter",
    ),
    # statements, interviews, e-mails, news conferences
    (
        "The Harbor Authority said in a statement that the port would reopen.",
        "Harbor Authority",
        "document",
        "said in",
    ),
    (
        "Mr. Varga said in an interview with Reuters that he would appeal.",
        "Reuters",
        "agency",
        "interview",
    ),
    (
        "The charges were announced by Lena Morrow, the deputy attorney general, who made clear "
        "during a news conference that the case was not closed.",
        "Lena Morrow",
        "person",
        "during",
    ),
    (
        "The Tenants Union issued a statement calling the ruling a victory.",
        "Tenants Union",
        "document",
        "issued",
    ),
    # documents and the bodies that issue them
    (
        "According to court documents, the company paid the fine in March.",
        "court documents",
        "document",
        "according to",
    ),
    (
        "A report by the Congressional Research Service found that costs had doubled.",
        "Congressional Research Service",
        "official",
        "report by",
    ),
    (
        "E-mails released by the Harbor Commission show that the warning was ignored.",
        "Harbor Commission",
        "official",
        "released by",
    ),
    (
        "The figures came in a letter from Representative Omar Fenwick to the board.",
        "Omar Fenwick",
        "person",
        "from",
    ),
    ("A grand jury indicted the two brokers on Friday.", "grand jury", "official", "indicted"),
    # institutions and anonymous sources
    (
        "The Office of Congressional Ethics said the complaint had merit.",
        "Office of Congressional Ethics",
        "official",
        "said",
    ),
    (
        "Two people familiar with the negotiations said the deal was close.",
        "Two people familiar with the negotiations (anonymous)",
        "person",
        "said",
    ),
    (
        "A council aide, who spoke on condition of anonymity, said the vote was delayed.",
        "council",
        "official",
        "said",
    ),
]


@pytest.mark.parametrize(("text", "source", "kind", "cue_word"), FORMS)
def test_real_news_form_is_credited(text: str, source: str, kind: str, cue_word: str) -> None:
    found = credited(text)
    assert source in found, sorted(found)
    assert kind in {c.kind for c in found[source]}
    assert any(cue_word in c.cue for c in found[source])


def test_the_paper_takes_the_name_of_the_outlet_named_before() -> None:
    text = (
        "The Wall Street Journal reported the merger on Monday. According to the paper, "
        "the deal was worth $2 billion."
    )
    assert {c.source for c in english(text)} == {"Wall Street Journal"}


def test_the_post_is_the_washington_post_named_before() -> None:
    text = (
        "The Washington Post reported that the mayor had resigned. The Post said the "
        "council would meet on Friday."
    )
    found = english(text)
    assert {c.source for c in found} == {"Washington Post"}
    assert len(found) == 2


def test_the_times_in_the_new_york_times_is_its_own_name() -> None:
    found = english("Senate aides told The Times that the vote was set.", "New York Times")
    times = [c for c in found if c.mention.text == "Times"]
    assert [(c.source, c.self_credit) for c in times] == [("New York Times", True)]


def test_a_pronoun_in_a_statement_stays_a_person_to_be_named() -> None:
    found = english("She said in a statement that the plan was unfair.")
    assert [(c.source, c.kind, c.cue) for c in found] == [("She", "person", "said in")]


@pytest.mark.parametrize(
    "text",
    [
        "The bill was included in the report that lawmakers passed.",
        "Congress passed the bill by a wide margin.",
        "Complaints from Republicans grew louder.",
        "The company reported record profits in a statement of its own kind.",
        "Putin said in the morning that the talks would go on.",
    ],
)
def test_places_and_agents_that_are_no_credit(text: str) -> None:
    assert not [c for c in english(text) if c.kind in ("outlet", "agency", "official")]
