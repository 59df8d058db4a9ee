"""The compare stage on the shipped examples, against their hand-written gold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rashomon.compare import compare
from rashomon.compare.quotes import word_diff
from rashomon.compare.types import Comparison
from rashomon.eval.compare_gold import rates, score_event
from rashomon.types import Analysis
from tests.conftest import EXAMPLES


def _norm(text: str) -> str:
    return " ".join(text.strip(' ,.;:!?—–-«»"“”‘’').split()).lower()


def _gold(event: str) -> dict:
    return json.loads((EXAMPLES / "gold" / f"{event}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def comparisons(example_analyses: dict[str, list[Analysis]]) -> dict[str, Comparison]:
    return {event: compare(analyses) for event, analyses in example_analyses.items()}


def test_each_example_event_is_one_story(comparisons: dict[str, Comparison]) -> None:
    for event, comparison in comparisons.items():
        assert comparison.same_story, (
            event,
            [(p.a[:6], p.b[:6], p.similarity) for p in comparison.pairs],
        )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("merrow-valley-earthquake/northgate-wire.txt", "tamrovo-earthquake/northgate-wire.txt"),
        ("merrow-valley-earthquake/noticias-lucena.txt", "tamrovo-earthquake/vestnik-dravnii.txt"),
        ("korsa-strait-detentions/harbor-ledger.txt", "halvard-bridge-barge/meridian-post.txt"),
    ],
)
def test_different_events_are_not_one_story(
    example_analyses: dict[str, list[Analysis]], first: str, second: str
) -> None:
    chosen = []
    for name in (first, second):
        event, file = name.split("/")
        chosen += [a for a in example_analyses[event] if Path(a.article.path).name == file]
    comparison = compare(chosen)
    assert not comparison.same_story, comparison.pairs


@pytest.fixture(scope="module")
def gold_scores(
    comparisons: dict[str, Comparison], example_analyses: dict[str, list[Analysis]]
) -> dict[str, float | None]:
    total: dict[str, int] = {}
    for event, comparison in comparisons.items():
        for key, value in score_event(comparison, example_analyses[event], _gold(event)).items():
            total[key] = total.get(key, 0) + value
    return rates(total)


def test_facts_align_with_the_gold_evidence(gold_scores: dict[str, float | None]) -> None:
    """Carrier sentences of one gold fact land in one group, and members of a group from
    two articles state one gold fact (strict, docs/evaluation.md; measured 2026-12-08 with
    the same-fact model: pair recall 0.619, pair precision 0.967, no blobs)."""
    assert gold_scores["fact_pair_recall"] >= 0.55, gold_scores
    assert gold_scores["fact_pair_precision"] >= 0.9, gold_scores
    assert gold_scores["blobs"] == 0, gold_scores


def test_translated_and_reworded_quotes_are_grouped(gold_scores: dict[str, float | None]) -> None:
    """Every rendering of one utterance in one group, with the gold speaker (measured: 8/9)."""
    assert gold_scores["quote_groups_whole"] >= 0.8, gold_scores
    assert gold_scores["quote_groups_speaker"] >= 0.8, gold_scores


def test_number_conflicts_match_the_gold(gold_scores: dict[str, float | None]) -> None:
    """Recall over the gold conflicts (measured 4/7), and every conflict found is one."""
    assert gold_scores["conflict_recall"] >= 0.55, gold_scores
    assert gold_scores["conflict_precision"] == 1.0, gold_scores


def test_a_reworded_quote_shows_its_word_diff(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    group = next(
        g for g in comparison.quotes if any("targets for destruction" in m.text for m in g.members)
    )
    member = next(m for m in group.members if "targets for destruction" in m.text)
    assert member.diff_against is not None
    against = group.members[member.diff_against]  # the closest wording of another outlet
    assert against.article != member.article
    changed = {(d.reference, d.member) for d in member.diff if d.op == "replace"}
    # the few words that changed, not a strike-through of the whole sentence
    assert any(new == "destruction" and old in against.text for old, new in changed), changed
    assert sum(d.op != "equal" for d in member.diff) <= 3
    assert group.wording == "translated"  # the Russian original is in the group too


def test_word_diff_steps() -> None:
    steps = word_diff("legitimate targets for their defeat", "legitimate targets for destruction")
    assert [(d.op, d.reference, d.member) for d in steps] == [
        ("equal", "legitimate targets for", "legitimate targets for"),
        ("replace", "their defeat", "destruction"),
    ]
    # a member quoting only the end of a longer reference is diffed against that end...
    steps = word_diff(
        "We have warned our neighbours more than once. They will be targets.",
        "They will be targets",
    )
    assert [d.op for d in steps] == ["equal"]
    # ...but words an outlet cut from the end are a change
    steps = word_diff("The council will meet on Monday", "The council will meet")
    assert [(d.op, d.reference) for d in steps][-1] == ("delete", "on Monday")


def test_fact_groups_point_into_their_articles(comparisons: dict[str, Comparison]) -> None:
    for comparison in comparisons.values():
        texts = {a.article.id: a.article.text for a in comparison.analyses}
        for fact in comparison.facts:
            assert fact.articles == tuple(
                a.id for a in comparison.articles if a.id in {m.article for m in fact.members}
            )
            for member in fact.members:
                assert texts[member.article][member.start : member.end] == member.text
        for group in comparison.quotes:
            for member in group.members:
                for part in member.parts:
                    assert texts[part.article][part.start : part.end] == part.text


def test_omissions_are_facts_others_carry(comparisons: dict[str, Comparison]) -> None:
    # Only facts the article does not carry, and not all of them: one it tells in other
    # words (sharing details without reaching the fact threshold) is not claimed left out
    # (tests/test_fact_alignment.py holds that rule on hand-made scores).
    comparison = comparisons["korsa-strait-detentions"]
    checked = 0
    for article in comparison.articles:
        missing = set(comparison.omissions[article.id])
        absent = {f.id for f in comparison.facts if article.id not in f.articles}
        assert missing <= absent
        checked += len(absent - missing)
    assert checked and any(comparison.omissions.values())


def test_people_are_linked_across_scripts(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    orlov = next(p for p in comparison.people if p.name.endswith("Orlov"))
    vestnik = next(a.id for a in comparison.articles if a.language == "ru")
    assert vestnik in orlov.mentions and len(orlov.mentions) == len(comparison.articles)
    assert any(not n.isascii() for n in orlov.names)


def test_credits_name_compared_outlets(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    by_label = {a.label: a.id for a in comparison.articles}
    ledger_to_wire = [
        c
        for c in comparison.credits
        if c.article == by_label["Harbor Ledger"] and c.compared == by_label["Northgate Wire"]
    ]
    assert ledger_to_wire


def test_timeline_orders_by_publication(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    hours = [e.hours_after_first for e in comparison.timeline]
    assert hours[0] == 0 and hours == sorted(hours)
    first = next(a for a in comparison.articles if a.id == comparison.first_published)
    assert first.outlet == "Vestnik Dravnii"  # 08:50, before the wire's 09:30


def test_compare_needs_two_articles(example_analyses: dict[str, list[Analysis]]) -> None:
    with pytest.raises(ValueError, match="at least two"):
        compare(example_analyses["korsa-strait-detentions"][:1])


def test_mutual_best_matches_that_share_details_are_linked() -> None:
    from rashomon.compare.facts import mutual_best

    # statements 0-1 in one article, 2-3 in another
    scores = np.array(
        [
            [1.0, 0.0, 0.45, 0.30],
            [0.0, 1.0, 0.42, 0.20],
            [0.45, 0.42, 1.0, 0.0],
            [0.30, 0.20, 0.0, 1.0],
        ]
    )
    linked = mutual_best(scores, [0, 0, 1, 1], floor=0.4, threshold=0.53)
    assert linked[0, 2] == linked[2, 0] == 0.53  # each the other's best, details shared
    assert linked[1, 2] == 0.42  # 2's best is 0, not 1
    assert linked[0, 3] == 0.30  # below the floor
    assert scores[0, 2] == 0.45  # the input is left alone


def _statements(articles: list[int], texts: list[str] | None = None):
    from rashomon.compare.statements import Statement

    texts = texts or [f"statement {i}" for i in range(len(articles))]
    return [
        Statement(a, i, 0, len(t), t, "en")
        for i, (a, t) in enumerate(zip(articles, texts, strict=True))
    ]


def _refs(count: int):
    from rashomon.compare.types import ArticleRef

    return [ArticleRef(f"a{k}", f"a{k}", None, None, None, None, "en") for k in range(count)]


def _members(facts, index: int, statements) -> set[str]:
    text = statements[index].text
    group = next(f for f in facts if any(m.text == text for m in f.members))
    return {m.text for m in group.members}


def test_best_matches_that_share_details_are_linked() -> None:
    from rashomon.compare.facts import group_facts

    # article 0: statements 0, 1; article 1: statements 2, 3, 4
    scores = np.array(
        [
            [1.0, 0.0, 0.60, 0.44, 0.0],  # 0-2 above the threshold; 0-3 0's second best
            [0.0, 1.0, 0.0, 0.10, 0.45],  # 1-4 each other's best, sharing details
            [0.60, 0.0, 1.0, 0.0, 0.0],
            [0.44, 0.10, 0.0, 1.0, 0.0],
            [0.0, 0.45, 0.0, 0.0, 1.0],
        ]
    )
    statements = _statements([0, 0, 1, 1, 1])
    facts = group_facts(statements, scores, 0.53, 0.4, _refs(2), [0, 1])
    assert _members(facts, 0, statements) == {"statement 0", "statement 2"}
    assert _members(facts, 1, statements) == {"statement 1", "statement 4"}
    assert _members(facts, 3, statements) == {"statement 3"}


def test_statements_saying_different_things_of_one_subject_are_two_facts() -> None:
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.compare.fact_model import load_fact_model, story_features
    from rashomon.compare.facts import group_facts
    from rashomon.compare.similarity import EncodedText, load_similarity_model
    from tests.test_similarity import HALDEN

    model, fact_model = load_similarity_model(), load_fact_model()
    articles = [0, 1, 1, 0, 1, 0, 1, 0]  # 0 in one article, its rewording 2 and 1 in the other
    statements = _statements(articles, HALDEN)
    vectors = embed_sentences(HALDEN, "use-m3").sentences
    story = [EncodedText(t, "en", v) for t, v in zip(HALDEN, vectors, strict=True)]
    sts, features = story_features(story, articles, model)
    assert sts[0, 1] / 5 >= model.detail_threshold  # graded similarity relates them
    facts = group_facts(
        statements,
        fact_model.same_fact(story, features),
        fact_model.fact_threshold,
        fact_model.detail_threshold,
        _refs(2),
        [0, 1],
    )
    assert _members(facts, 0, statements) == {HALDEN[0], HALDEN[2]}
    assert _members(facts, 1, statements) == {HALDEN[1]}


def test_same_fact_is_calibrated_between_detail_and_equivalence() -> None:
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.compare.similarity import EncodedText, load_similarity_model

    model = load_similarity_model()
    assert 0 < model.detail_threshold < model.fact_threshold < 1
    texts = [
        "Dravnia's navy detained 26 merchant ships in the Korsa Strait overnight.",
        "Twenty-six merchant vessels were seized by the Dravnian navy in the strait on "
        "Saturday, officials said.",
        "Tickets for the autumn music festival in Port Essen go on sale next week.",
    ]
    vectors = embed_sentences(texts).sentences
    statements = [EncodedText(t, "en", v) for t, v in zip(texts, vectors, strict=True)]
    scores = model.same_fact(statements, statements)
    assert scores[0, 1] >= model.fact_threshold
    assert scores[0, 2] < model.detail_threshold


def test_counts_of_one_thing_meet_across_languages() -> None:
    from rashomon.compare.facts import number_conflicts
    from rashomon.compare.statements import Statement

    texts = [
        ("The quake killed at least 14 people in the valley.", "en"),
        ("El terremoto ha dejado al menos 16 muertos en el valle.", "es"),
        ("Землетрясение унесло жизни 17 погибших, сообщили власти.", "ru"),
        ("Rescuers pulled 15 dogs from the rubble.", "en"),
    ]
    statements = [Statement(i, 0, 0, len(t), t, lang) for i, (t, lang) in enumerate(texts)]
    related = np.ones((4, 4))  # every pair shares details
    found = number_conflicts(statements, related, 0.5, _refs(4))
    values = {frozenset(v.text for v in conflict.values) for _, conflict in found}
    # "at least" / "al menos" and "muertos" / "погибших" say what is counted; the dogs do not
    assert any({"least 14", "menos 16"} <= v for v in values), values
    assert any(any("погибших" in t for t in v) and any("muertos" in t for t in v) for v in values)
    assert not any(any("dogs" in t for t in v) for v in values), values


def _number_conflicts(texts: list[str], scores: np.ndarray) -> set[frozenset[str]]:
    from rashomon.compare.facts import number_conflicts
    from rashomon.compare.statements import Statement

    statements = [Statement(i, 0, 0, len(t), t, "en") for i, t in enumerate(texts)]
    found = number_conflicts(statements, scores, 0.4, _refs(len(texts)), fact_threshold=0.6)
    return {frozenset(v.text for v in conflict.values) for _, conflict in found}


def test_a_year_told_two_ways_conflicts_only_within_one_fact() -> None:
    texts = [
        "Pelosi has led House Democrats since 2002.",
        "Pelosi has led House Democrats since 2003.",
        "Pelosi was first elected to Congress in 1987.",
        "Her challenger was first elected to Congress in 1988.",
    ]
    scores = np.array(
        [[1, 0.8, 0.5, 0.3], [0.8, 1, 0.5, 0.3], [0.5, 0.5, 1, 0.5], [0.3, 0.3, 0.5, 1]]
    )
    found = _number_conflicts(texts, scores)
    assert frozenset({"2002", "2003"}) in found
    # 1987 / 1988: related statements (0.5) of two people, not one fact: no dispute
    assert not any("1987" in values for values in found), found


def test_close_sums_conflict_and_a_rounded_sum_does_not() -> None:
    texts = [
        "Trump would tap military construction funds to the tune of $3.5 billion.",
        "The declaration lets the president use about $3.6 billion from the Pentagon.",
        "The bill grants him $1.375 billion for the barrier.",
        "Instead, Congress provided $1.4 billion for fencing.",
    ]
    related = np.full((4, 4), 0.5)
    found = _number_conflicts(texts, related)
    assert frozenset({"$3.5 billion", "$3.6 billion"}) in found
    # $1.4 billion is $1.375 billion rounded: one figure, no dispute
    assert not any("$1.4 billion" in " ".join(values) for values in found), found


def test_one_fact_told_on_two_days_is_a_claim_conflict() -> None:
    from rashomon.compare.facts import group_facts

    texts = [
        "The senators debated the bill on Thursday night.",
        "Los senadores debatieron el proyecto el martes.",
        "The two leaders met on Monday and spoke again on Friday.",
    ]
    statements = _statements([0, 1, 2], texts)
    statements[1] = type(statements[1])(1, 1, 0, len(texts[1]), texts[1], "es")
    scores = np.array([[1, 0.9, 0.1], [0.9, 1, 0.1], [0.1, 0.1, 1]])
    facts = group_facts(statements, scores, 0.6, 0.3, _refs(3), [0, 1, 2])
    (debate,) = [f for f in facts if len(f.members) == 2]
    (claim,) = debate.conflicts
    assert claim.kind == "claim" and claim.about == "day"
    assert {v.text for v in claim.values} == {"Thursday", "martes"}
    # only through a group, not by their own score: no side is taken
    scores[0, 1] = scores[1, 0] = 0.5
    linked = group_facts(statements, scores, 0.6, 0.3, _refs(3), [0, 1, 2], best_threshold=0.4)
    assert any(len(f.members) == 2 for f in linked)  # grouped as each other's best match
    assert not any(f.conflicts for f in linked)


def test_counts_that_never_meet_stay_out_of_one_conflict() -> None:
    # Two tolls agree (10, 10) and two others disagree (26, 31); all are "killed" counts,
    # yet 10 is not within a factor of two of 26: one conflict, of 26 and 31 only.
    from rashomon.compare.facts import number_conflicts
    from rashomon.compare.statements import Statement

    texts = [
        "Officials said the storm killed more than 26 people.",
        "The storm killed more than 31 people, officials said.",
        "A mudslide killing 10 people hit the town.",
        "The mudslide, killing 10 people, hit the town.",
    ]
    statements = [Statement(i, 0, 0, len(t), t, "en") for i, t in enumerate(texts)]
    found = number_conflicts(statements, np.ones((4, 4)), 0.5, _refs(4))
    values = [sorted(v.text for v in conflict.values) for _, conflict in found]
    assert values and all(not any("10" in t for t in v) for v in values), values
    assert any(any("26" in t for t in v) and any("31" in t for t in v) for v in values)


def test_a_speaker_dispute_lists_only_the_speakers_the_articles_name() -> None:
    from types import SimpleNamespace

    from rashomon.compare.engine import _with_speaker_conflicts
    from rashomon.compare.types import FactGroup, Passage, QuoteGroup, QuoteMember

    words = "We will not reopen the port this week"
    refs = _refs(3)

    def member(article: str, speaker: str, attribution: str) -> QuoteMember:
        return QuoteMember(
            article, 10, 10 + len(words), words, (), "direct", speaker, 1.0, (),
            attribution=attribution,  # type: ignore[arg-type]
        )  # fmt: skip

    group = QuoteGroup(
        "Q1",
        "Ines Karro",
        (
            member("a0", "Ines Karro", "named"),
            member("a1", "Tomas Brekke", "named"),
            member("a2", "Lena Oddsen", "inferred"),  # the nearest name: takes no side
        ),
        ("a0", "a1", "a2"),
        0,
        "identical",
        True,
    )
    fact = FactGroup(
        "F1",
        tuple(Passage(r.id, 0, 60, words) for r in refs),
        tuple(r.id for r in refs),
        "all",
        "a0",
        (),
    )
    analyses = [SimpleNamespace(quotes=()) for _ in refs]
    (flagged,) = _with_speaker_conflicts([fact], [group], analyses, refs)  # type: ignore[arg-type]
    (conflict,) = flagged.conflicts
    assert conflict.kind == "speaker" and conflict.quote == "Q1"
    assert [v.text for v in conflict.values] == ["Ines Karro", "Tomas Brekke"]
