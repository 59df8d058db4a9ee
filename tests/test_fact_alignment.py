"""Fact groups, omissions and the same-story verdict on hand-built scores: no model needed.

Real news packs several facts into a sentence and names the same people throughout, so a
statement often scores well against two different facts told elsewhere. These tests hold
the rules that keep such a statement from chaining two facts into one group, from making
an article "leave out" a fact it tells in other words, and a short or angled report from
splitting one story.
"""

from __future__ import annotations

import re

import numpy as np

from rashomon.compare.engine import (
    _checked_absences,
    _claimable,
    _connected,
    _first_published,
    _omissions,
    _publication_order,
)
from rashomon.compare.facts import group_facts, number_conflicts
from rashomon.compare.statements import Statement
from rashomon.compare.types import ArticleRef, PairSimilarity
from rashomon.types import Analysis, Article
from tests.analysis_helpers import bare_analysis

THRESHOLD = 0.53  # same fact
DETAIL = 0.39  # shares some details


def _refs(count: int) -> list[ArticleRef]:
    return [
        ArticleRef(f"a{n}", f"Outlet {n}", None, f"Outlet {n}", None, None, "en")
        for n in range(count)
    ]


def _statements(layout: list[tuple[int, str]]) -> list[Statement]:
    statements, cursor = [], {}
    for article, text in layout:
        start = cursor.get(article, 0)
        statements.append(Statement(article, len(statements), start, start + len(text), text, "en"))
        cursor[article] = start + len(text) + 1
    return statements


def _scores(size: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    scores = np.full((size, size), 0.05, np.float32)
    for (i, j), value in pairs.items():
        scores[i, j] = scores[j, i] = value
    np.fill_diagonal(scores, 1.0)
    return scores


def test_a_statement_that_tells_two_facts_does_not_chain_them():
    statements = _statements(
        [
            (0, "The council voted to close the harbour."),  # 0: fact X
            (0, "The mayor resigned on Friday."),  # 1: fact Y
            (1, "The council voted to close the harbour, and the mayor resigned."),  # 2: X+Y
            (2, "Councillors voted to shut the harbour."),  # 3: X
            (2, "The mayor stepped down on Friday."),  # 4: Y
        ]
    )
    scores = _scores(
        5,
        {(0, 3): 0.8, (1, 4): 0.8, (2, 0): 0.7, (2, 1): 0.7, (2, 3): 0.7, (2, 4): 0.7,
         (0, 4): 0.2, (1, 3): 0.2},
    )  # fmt: skip
    facts = group_facts(statements, scores, THRESHOLD, DETAIL, _refs(3), [0, 1, 2])
    groups = [{(m.article, m.start) for m in f.members} for f in facts]
    x_ends = {(f"a{statements[i].article}", statements[i].start) for i in (0, 3)}
    y_ends = {(f"a{statements[i].article}", statements[i].start) for i in (1, 4)}
    # Each fact is a group of its own; the statement telling both joins one of them only.
    assert any(x_ends <= g for g in groups) and any(y_ends <= g for g in groups)
    assert not any(x_ends & g and y_ends & g for g in groups)


def _texts(statements: list[Statement], count: int) -> list[Analysis]:
    """Analyses whose texts are the statements of each article, one per line."""
    return [
        bare_analysis(
            Article(
                id=f"a{n}",
                text="\n".join(s.text for s in statements if s.article == n),
                language="en",
            )
        )
        for n in range(count)
    ]


def test_an_article_that_tells_a_fact_in_other_words_does_not_leave_it_out():
    statements = _statements(
        [
            (0, "The ferry sank near the port with 40 people on board."),  # 0
            (1, "The ferry sank near the port, officials said."),  # 1
            (2, "Forty passengers were aboard the vessel that went down."),  # 2: near 0
            (2, "The weather was calm all week."),  # 3
        ]
    )
    # 0 and 1 are one fact; 2 shares details with 0 without reaching the fact threshold.
    scores = _scores(4, {(0, 1): 0.8, (0, 2): 0.45, (1, 2): 0.3})
    refs = _refs(3)
    facts = group_facts(statements, scores, THRESHOLD, DETAIL, refs, [0, 1, 2])
    shared = next(f for f in facts if len(f.articles) == 2)
    assert shared.articles == ("a0", "a1")
    absent = _checked_absences(facts, _texts(statements, 3), refs, statements, scores, DETAIL)
    omissions = _omissions(facts, absent, refs)
    assert shared.id not in omissions["a2"]  # near enough that it may be told otherwise
    weather = next(f for f in facts if f.members[0].text.startswith("The weather"))
    assert weather.id in omissions["a0"] and weather.id in omissions["a1"]  # nothing near


def test_an_article_that_uses_a_facts_words_does_not_leave_it_out():
    statements = _statements(
        [
            (0, "Police arrested more than 200 protesters downtown."),  # 0
            (1, "Police arrested more than 200 protesters in the city centre."),  # 1
            (2, "Protesters clashed with police downtown; dozens were arrested."),  # 2
            (2, "The parade ended at noon."),  # 3
        ]
    )
    # The model scores 2 as unrelated to the fact of 0 and 1, yet article 2 uses its words.
    scores = _scores(4, {(0, 1): 0.8})
    refs = _refs(3)
    facts = group_facts(statements, scores, THRESHOLD, DETAIL, refs, [0, 1, 2])
    arrests = next(f for f in facts if len(f.articles) == 2)
    absent = _checked_absences(facts, _texts(statements, 3), refs, statements, scores, DETAIL)
    assert "a2" not in absent[arrests.id]
    parade = next(f for f in facts if f.members[0].text.startswith("The parade"))
    assert absent[parade.id] == {"a0", "a1"}


def test_one_articles_statement_is_its_alone_only_when_every_other_surely_lacks_it():
    statements = _statements(
        [
            (0, "The parade ended at noon."),  # 0: no other article has these words
            (0, "Protesters were arrested by the police downtown."),  # 1
            (1, "Police made arrests among the protesters downtown."),  # 2: the model misses it
        ]
    )
    scores = _scores(3, {})
    refs = _refs(2)
    facts = group_facts(statements, scores, THRESHOLD, DETAIL, refs, [0, 1])
    absent = _checked_absences(facts, _texts(statements, 2), refs, statements, scores, DETAIL)
    kept, kept_absent, unmatched = _claimable(facts, absent, refs)
    assert [f.members[0].text for f in kept] == ["The parade ended at noon."]
    assert [f.id for f in kept] == ["F1"] and kept_absent["F1"] == {"a1"}
    assert [p.text for p in unmatched["a0"]] == [statements[1].text]
    assert [p.text for p in unmatched["a1"]] == [statements[2].text]


def _pair(a: str, b: str, similarity: float) -> PairSimilarity:
    return PairSimilarity(a, b, similarity, 0.8, 0.2, 0.4)


def test_three_reports_are_one_story_when_their_strong_pairs_join_them_all():
    refs = _refs(3)
    # The angled report meets one outlet well and the other poorly.
    angled = [_pair("a0", "a1", 0.9), _pair("a0", "a2", 0.8), _pair("a1", "a2", 0.4)]
    assert _connected(refs, angled, 0.5)
    # Two reports of one event and a third of another: the third meets neither.
    apart = [_pair("a0", "a1", 0.9), _pair("a0", "a2", 0.3), _pair("a1", "a2", 0.45)]
    assert not _connected(refs, apart, 0.5)
    assert _connected(refs[:2], [_pair("a0", "a1", 0.5)], 0.5)
    assert not _connected(refs[:2], [_pair("a0", "a1", 0.49)], 0.5)


def test_ranks_are_not_counts_in_dispute():
    statements = _statements(
        [
            (0, "Clyburn kept the No. 3 position, and the oath ran 35 words."),
            (1, "Hoyer kept the No. 2 position, and the oath ran 38 words."),
        ]
    )
    scores = _scores(2, {(0, 1): 0.7})
    conflicts = [c for _, c in number_conflicts(statements, scores, DETAIL, _refs(2))]
    figures = {frozenset(re.findall(r"\d+", v.text)[0] for v in c.values) for c in conflicts}
    assert figures == {frozenset({"35", "38"})}  # the oath's length, not the posts' ranks


def _dated(*stamps: str | None) -> list[Analysis]:
    return [
        bare_analysis(Article(id=f"a{n}", text="Text.", published=stamp))
        for n, stamp in enumerate(stamps)
    ]


def test_first_published_only_when_the_dates_say_so():
    def first(*stamps: str | None) -> int | None:
        analyses = _dated(*stamps)
        return _first_published(analyses, _publication_order(analyses))

    assert first("2016-11-30", "2016-11-30", "2016-11-30") is None  # one day, no times: a tie
    assert first("2016-11-30T15:00:00Z", "2016-11-30") is None  # a day holds that hour
    assert first("2016-11-30T15:00:00Z", "2016-11-30T09:30:00Z") == 1
    assert first("2016-11-29", "2016-11-30T01:00:00Z") == 0
    assert first("2016-11-29", None) is None  # an undated article may be earlier


def test_two_peoples_ages_are_not_one_count_in_dispute():
    def figures(first: str, second: str) -> set[frozenset[str]]:
        statements = _statements([(0, first), (1, second)])
        found = number_conflicts(statements, _scores(2, {(0, 1): 0.7}), DETAIL, _refs(2))
        return {frozenset(re.findall(r"\d+", v.text)[0] for v in c.values) for _, c in found}

    # The mayor's age in one, her rival's in the other: two people, no dispute.
    assert (
        figures(
            "The 76-year-old mayor won the harbour vote on Tuesday.",
            "Her 43-year-old rival lost the harbour vote on Tuesday.",
        )
        == set()
    )
    # One person's age told a birthday apart is still a disagreement.
    assert figures(
        "The 76-year-old mayor won the harbour vote on Tuesday.",
        "The 77-year-old mayor won the harbour vote on Tuesday.",
    ) == {frozenset({"76", "77"})}
