"""The compare stage on the shipped examples, against their hand-written gold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rashomon.compare import compare
from rashomon.compare.quotes import word_diff
from rashomon.compare.types import Comparison, QuoteGroup
from rashomon.types import Analysis
from tests.conftest import EXAMPLES


def _norm(text: str) -> str:
    return " ".join(text.strip(' ,.;:!?—–-«»"“”‘’').split()).lower()


def _gold(event: str) -> dict:
    return json.loads((EXAMPLES / "gold" / f"{event}.json").read_text(encoding="utf-8"))


def _file_ids(analyses: list[Analysis]) -> dict[str, str]:
    """Gold file name -> article id."""
    return {Path(a.article.path).name: a.article.id for a in analyses}


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


def _member_group(comparison: Comparison, article: str, text: str) -> QuoteGroup | None:
    wanted = _norm(text)
    for group in comparison.quotes:
        for member in group.members:
            got = _norm(member.text)
            if member.article == article and (wanted[:40] in got or got[:40] in wanted):
                return group
    return None


def test_translated_and_reworded_quotes_are_grouped(
    comparisons: dict[str, Comparison], example_analyses: dict[str, list[Analysis]]
) -> None:
    """Every rendering of one utterance in one group, with the gold speaker."""
    together = total = right_speaker = 0
    misses = []
    for event, comparison in comparisons.items():
        ids = _file_ids(example_analyses[event])
        for gold_group in _gold(event)["translated_quotes"]:
            groups = [
                _member_group(comparison, ids[m["article"]], m["text"])
                for m in gold_group["members"]
            ]
            total += 1
            if groups[0] is not None and all(g is groups[0] for g in groups):
                together += 1
                right_speaker += groups[0].speaker == gold_group["speaker"]
            else:
                misses.append((event, gold_group["members"][0]["text"][:40]))
    assert together / total >= 0.8, misses
    assert right_speaker / total >= 0.7


def test_a_reworded_quote_shows_its_word_diff(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    group = next(
        g for g in comparison.quotes if any("targets for destruction" in m.text for m in g.members)
    )
    member = next(m for m in group.members if "targets for destruction" in m.text)
    reference = group.members[group.reference]
    assert "their defeat" in reference.text
    changed = {(d.reference, d.member) for d in member.diff if d.op == "replace"}
    assert ("their defeat", "destruction") in changed
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


def test_number_conflicts_match_the_gold(
    comparisons: dict[str, Comparison], example_analyses: dict[str, list[Analysis]]
) -> None:
    """Recall over the gold conflicts, and every conflict found is one of them."""
    gold_found = gold_total = found = right = 0
    for event, comparison in comparisons.items():
        ids = _file_ids(example_analyses[event])
        texts = {a.article.id: a.article.text for a in example_analyses[event]}
        spans = []
        for gold in _gold(event).get("conflicts", []):
            spans.append({})
            for file, value in gold["values"].items():
                at = texts[ids[file]].index(value)
                spans[-1][ids[file]] = (at, at + len(value))
        matched = set()
        for fact in comparison.facts:
            for conflict in fact.conflicts:
                if conflict.kind != "number":
                    continue
                found += 1
                for g, gold_spans in enumerate(spans):
                    hits = {
                        v.article
                        for v in conflict.values
                        if v.article in gold_spans
                        and v.start < gold_spans[v.article][1]
                        and gold_spans[v.article][0] < v.end
                    }
                    if len(hits) >= 2:
                        matched.add(g)
                        right += 1
                        break
        gold_found += len(matched)
        gold_total += len(spans)
    assert gold_found / gold_total >= 0.4, (gold_found, gold_total)
    assert right == found, (right, found)


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


def test_omissions_are_the_facts_others_carry(comparisons: dict[str, Comparison]) -> None:
    comparison = comparisons["korsa-strait-detentions"]
    for article in comparison.articles:
        missing = set(comparison.omissions[article.id])
        assert missing == {f.id for f in comparison.facts if article.id not in f.articles}


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


def _fact_alignment(
    comparisons: dict[str, Comparison], example_analyses: dict[str, list[Analysis]]
) -> tuple[float, float]:
    """Against the gold facts' evidence: the share of pairs of carrier sentences that land in
    one fact group (recall), and the share of the articles put into each gold fact's groups
    that really carry it (precision, so an omission stays an omission)."""
    pairs = linked = placed = right = 0
    for event, comparison in comparisons.items():
        ids = _file_ids(example_analyses[event])
        texts = {a.article.id: a.article.text for a in example_analyses[event]}
        for gold in _gold(event)["facts"]:
            where = {}
            for file, phrase in gold["evidence"].items():
                article = ids[file]
                at = texts[article].index(phrase)
                where[article] = {
                    f.id
                    for f in comparison.facts
                    for m in f.members
                    if m.article == article and m.start <= at + len(phrase) and at < m.end
                }
            carriers = sorted(where)
            for i, a in enumerate(carriers):
                for b in carriers[i + 1 :]:
                    pairs += 1
                    linked += bool(where[a] & where[b])
            groups = set().union(*where.values())
            members = {a for f in comparison.facts if f.id in groups for a in f.articles}
            placed += len(members)
            right += len(members & set(carriers))
    return linked / pairs, right / placed


def test_facts_align_with_the_gold_evidence(
    comparisons: dict[str, Comparison], example_analyses: dict[str, list[Analysis]]
) -> None:
    recall, precision = _fact_alignment(comparisons, example_analyses)
    assert recall >= 0.6 and precision >= 0.85, (recall, precision)


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


def test_same_fact_is_calibrated_between_detail_and_equivalence() -> None:
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.compare.similarity import Statement, load_similarity_model

    model = load_similarity_model()
    assert 0 < model.detail_threshold < model.fact_threshold < 1
    texts = [
        "Dravnia's navy detained 26 merchant ships in the Korsa Strait overnight.",
        "Twenty-six merchant vessels were seized by the Dravnian navy in the strait on "
        "Saturday, officials said.",
        "Tickets for the autumn music festival in Port Essen go on sale next week.",
    ]
    vectors = embed_sentences(texts).sentences
    statements = [Statement(t, "en", v) for t, v in zip(texts, vectors, strict=True)]
    scores = model.same_fact(statements, statements)
    assert scores[0, 1] >= model.fact_threshold
    assert scores[0, 2] < model.detail_threshold
