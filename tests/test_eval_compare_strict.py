"""The strict measures of `rashomon eval compare` (rashomon.eval.compare_strict), on small
hand-built comparisons and gold: no models."""

from __future__ import annotations

import io
from types import SimpleNamespace

from rich.console import Console

from rashomon.compare.types import (
    ArticleRef,
    ArticleTone,
    Comparison,
    Conflict,
    ConflictValue,
    Credit,
    FactGroup,
    LoadedTerm,
    Passage,
    QuoteGroup,
    QuoteMember,
)
from rashomon.eval.compare_gold import rates, score_event
from rashomon.eval.compare_strict import (
    add_counts,
    find_all,
    score_strict,
    states,
    strict_rates,
)
from rashomon.present.evaluation import render_compare_eval

TEXTS = {
    "a.txt": (
        "The Halden bridge closed on Monday morning after the crash. "
        "Four people were hurt when the barge hit. "
        "Mayor Ines Vell promised a full inquiry into the collision. "
        "Traffic was diverted to the ring road for a week. "
        "The barge was carrying gravel from Osk. "
        "The pier dates from 1911."
    ),
    "b.txt": (
        "Officials shut the Halden bridge on Monday morning after the crash. "
        "The collision left four people hurt, police said. "
        "A full inquiry was promised by Mayor Ines Vell. "
        "Drivers were sent to the ring road for a week. "
        "The weather was calm."
    ),
    "c.txt": "It carried gravel from Osk, the owner said. The river was high that week.",
}
IDS = {"a.txt": "A", "b.txt": "B", "c.txt": "C"}
FILES = {v: k for k, v in IDS.items()}

# Gold facts 0-3 are carried by a and b, 4 by a and c, 5 by a alone.
GOLD_FACTS = [
    {"evidence": {"a.txt": "The Halden bridge closed on Monday morning",
                  "b.txt": "shut the Halden bridge on Monday morning"}},
    {"evidence": {"a.txt": "Four people were hurt", "b.txt": "left four people hurt"}},
    {"evidence": {"a.txt": "promised a full inquiry into the collision",
                  "b.txt": "A full inquiry was promised by Mayor Ines Vell"}},
    {"evidence": {"a.txt": "Traffic was diverted to the ring road",
                  "b.txt": "Drivers were sent to the ring road"}},
    {"evidence": {"a.txt": "The barge was carrying gravel from Osk",
                  "c.txt": "It carried gravel from Osk"}},
    {"evidence": {"a.txt": "The pier dates from 1911"}},
]  # fmt: skip
for _fact in GOLD_FACTS:
    _fact["carried_by"] = sorted(_fact["evidence"])

# the sentence of each article stating each gold fact, as the system would cut it
SENTENCE = {
    ("A", 0): "The Halden bridge closed on Monday morning after the crash.",
    ("A", 1): "Four people were hurt when the barge hit.",
    ("A", 2): "Mayor Ines Vell promised a full inquiry into the collision.",
    ("A", 3): "Traffic was diverted to the ring road for a week.",
    ("A", 4): "The barge was carrying gravel from Osk.",
    ("A", 5): "The pier dates from 1911.",
    ("B", 0): "Officials shut the Halden bridge on Monday morning after the crash.",
    ("B", 1): "The collision left four people hurt, police said.",
    ("B", 2): "A full inquiry was promised by Mayor Ines Vell.",
    ("B", 3): "Drivers were sent to the ring road for a week.",
    ("B", "calm"): "The weather was calm.",
    ("C", 4): "It carried gravel from Osk, the owner said.",
    ("C", "river"): "The river was high that week.",
}


def passage(article: str, text: str) -> Passage:
    start = TEXTS[FILES[article]].index(text)
    return Passage(article, start, start + len(text), text)


def member(key: tuple[str, object]) -> Passage:
    return passage(key[0], SENTENCE[key])


def group(gid: str, *keys: tuple[str, object]) -> FactGroup:
    members = tuple(member(k) for k in keys)
    articles = tuple(dict.fromkeys(m.article for m in members))
    coverage = "one" if len(articles) == 1 else "some"
    return FactGroup(gid, members, articles, coverage, articles[0], ())


def comparison(texts: dict[str, str] = TEXTS, **parts: object) -> Comparison:
    fields: dict[str, object] = {
        "analyses": (),
        "articles": tuple(
            ArticleRef(IDS[f], f[0], f"/data/articles/event/{f}", None, None, None, "en")
            for f in texts
        ),
        "same_story": True,
        "similarity": 0.9,
        "pairs": (),
        "facts": (),
        "omissions": {},
        "unmatched": {},
        "quotes": (),
        "people": (),
        "things": (),
        "credits": (),
        "tone": (),
        "framings": (),
        "timeline": (),
        "first_published": None,
    }
    fields.update(parts)
    return Comparison(**fields)  # type: ignore[arg-type]


def score(gold: dict | None = None, texts: dict[str, str] = TEXTS, **parts: object) -> dict:
    return score_strict(comparison(texts, **parts), gold or {"facts": GOLD_FACTS}, texts)


# --- facts ---------------------------------------------------------------------------------


def test_a_member_states_a_fact_only_holding_half_its_evidence() -> None:
    assert states((0, 10), (5, 15))  # half of the evidence
    assert not states((0, 9), (5, 15))
    assert not states((20, 40), (5, 15))


def test_pairs_of_one_group_are_right_only_when_they_state_one_gold_fact() -> None:
    counts = score(facts=(group("F1", ("A", 0), ("B", 0), ("B", 1), ("A", 0)),))
    # A0-B0 right (twice: A's sentence is in the group twice), A0-B1 wrong (twice);
    # B0-B1 and A0-A0 are in one article: not judged
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (2, 2)
    assert strict_rates(counts)["fact_pair_precision"] == 0.5


def test_members_stating_no_gold_fact_are_not_judged() -> None:
    counts = score(facts=(group("F1", ("A", 0), ("B", "calm"), ("C", "river")),))
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (0, 0)
    assert strict_rates(counts)["fact_pair_precision"] is None


def test_recall_is_over_gold_fact_and_article_pairs() -> None:
    counts = score(facts=(group("F1", ("A", 0), ("B", 0)), group("F2", ("A", 1), ("C", 4))))
    # gold pairs: facts 0-3 (a, b) and 4 (a, c); fact 5 has one carrier
    assert counts["gold_pairs"] == 5
    assert counts["gold_pairs_found"] == counts["gold_pairs_found_strict"] == 1
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (1, 1)


def test_a_group_touching_four_gold_facts_mostly_wrongly_is_a_blob() -> None:
    blob = group("F1", ("A", 0), ("B", 0), ("A", 1), ("B", 2), ("A", 3), ("B", 3))
    counts = score(facts=(blob,))
    # 9 cross-article pairs, of which A0-B0 and A3-B3 are right
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (2, 7)
    assert counts["blobs"] == 1 and counts["largest_group"] == 6
    # the blob holds facts 0 and 3 of both articles: found, but not without blobs
    assert counts["gold_pairs_found"] == 2
    assert counts["gold_pairs_found_strict"] == 0
    measures = strict_rates(counts)
    assert measures["fact_pair_recall"] == 0.4 and measures["fact_pair_recall_strict"] == 0.0


def test_a_group_touching_three_gold_facts_is_no_blob() -> None:
    counts = score(facts=(group("F1", ("A", 0), ("B", 1), ("A", 2)),))
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (0, 2)
    assert counts["blobs"] == 0


def test_a_four_fact_group_is_a_blob_only_when_wrong_pairs_outnumber_right() -> None:
    def four_facts(copies: int) -> FactGroup:
        # fact 0 stated ``copies`` times by each article, then facts 1, 2 and 3 once
        return group("F1", *[("A", 0)] * copies, *[("B", 0)] * copies, ("A", 1), ("B", 2), ("A", 3))

    counts = score(facts=(four_facts(4),))
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (16, 14)
    assert counts["blobs"] == 0
    counts = score(facts=(four_facts(3),))
    assert (counts["fact_pairs_right"], counts["fact_pairs_wrong"]) == (9, 11)
    assert counts["blobs"] == 1


def test_an_omission_claimed_for_an_article_that_carries_the_fact_is_false() -> None:
    facts = (group("F1", ("A", 4)), group("F2", ("A", 5)), group("F3", ("B", "calm")))
    counts = score(facts=facts, omissions={"C": ("F1", "F2", "F3"), "B": ("F1",)})
    # C carries fact 4 (F1): false; C lacks fact 5 (F2): true; B lacks fact 4: true;
    # F3 states no gold fact: not judged
    assert (counts["omissions_true"], counts["omissions_false"]) == (2, 1)
    assert strict_rates(counts)["omission_precision"] == round(2 / 3, 4)


def test_a_one_outlet_fact_is_wrong_when_another_outlet_carries_it_unaligned() -> None:
    alone = (group("F1", ("A", 4)), group("F2", ("A", 5)))
    counts = score(facts=alone)
    # fact 4 is C's too, and A has it in no shared group: wrong; fact 5 is A's alone: right
    assert (counts["single_true"], counts["single_false"]) == (1, 1)
    shared = group("F3", ("A", 4), ("C", 4))
    counts = score(facts=(*alone, shared))
    assert (counts["single_true"], counts["single_false"]) == (2, 0)


def test_a_passage_whose_offsets_do_not_hold_its_text_is_found_by_its_text() -> None:
    text = SENTENCE[("B", 0)]
    moved = FactGroup("F1", (member(("A", 0)), Passage("B", 0, len(text), text)), ("A", "B"),
                      "some", "A", ())  # fmt: skip
    assert score(facts=(moved,))["gold_pairs_found"] == 1
    lost = FactGroup("F1", (member(("A", 0)), Passage("B", 0, 5, "not in B")), ("A", "B"),
                     "some", "A", ())  # fmt: skip
    assert score(facts=(lost,))["gold_pairs_found"] == 0


def test_phrases_are_found_exactly_else_across_any_whitespace() -> None:
    assert find_all("one two one two", "one two") == [(0, 7), (8, 15)]
    assert find_all("said:\n  one  two", "one two three") == []
    assert find_all("said:\n  one\n two", "one two") == [(8, 16)]
    assert find_all("text", "") == [] and find_all("text", "   ") == []


# --- quotes --------------------------------------------------------------------------------

QUOTE_TEXTS = {
    "a.txt": 'Vell said: "We will rebuild the bridge by spring." She called it a "calamity".',
    "b.txt": '"We will rebuild the bridge by spring," the mayor, Ines Vell, told reporters. '
    '"The river is too high," Karl Osk said.',
}
REBUILD_A, REBUILD_B = (
    "We will rebuild the bridge by spring.",
    "We will rebuild the bridge by spring,",
)
QUOTE_GOLD = {
    "articles": {
        "a.txt": {"quotes": [
            {"text": REBUILD_A, "speaker": "Ines Vell", "kind": "direct"},
            {"text": "calamity", "speaker": None, "kind": "scare"},
        ]},
        "b.txt": {"quotes": [
            {"text": REBUILD_B, "speaker": "Ines Vell", "kind": "direct"},
            {"text": "The river is too high,", "speaker": "Karl Osk", "kind": "direct"},
        ]},
    },
    "translated_quotes": [{"speaker": "Ines Vell", "members": [
        {"article": "a.txt", "text": REBUILD_A}, {"article": "b.txt", "text": REBUILD_B},
    ]}],
}  # fmt: skip


def quote(article: str, text: str, speaker: str | None) -> QuoteMember:
    start = QUOTE_TEXTS[FILES[article]].index(text)
    return QuoteMember(article, start, start + len(text), text, (), "direct", speaker, 1.0, ())


def quote_group(gid: str, *members: QuoteMember, disagree: bool = False) -> QuoteGroup:
    articles = tuple(dict.fromkeys(m.article for m in members))
    return QuoteGroup(gid, members[0].speaker, members, articles, 0, "identical", disagree)


def score_quotes(*groups: QuoteGroup) -> dict:
    return score(QUOTE_GOLD, QUOTE_TEXTS, quotes=groups)


def test_gold_quotes_found_with_their_speakers() -> None:
    rebuild = quote_group("Q1", quote("A", REBUILD_A, "Vell"), quote("B", REBUILD_B, "Ines Vell"))
    river = quote_group("Q2", quote("B", "The river is too high,", "Vell"))
    counts = score_quotes(rebuild, river)
    # the scare quote is not a gold quote; three found, the river quote's speaker wrong
    assert (counts["gold_quotes"], counts["gold_quotes_found"]) == (3, 3)
    assert (counts["speakers_judged"], counts["speakers_right"]) == (3, 2)
    assert (counts["quote_pairs"], counts["quote_pairs_found"]) == (1, 1)
    assert (counts["sys_quote_pairs_right"], counts["sys_quote_pairs_wrong"]) == (1, 0)


def test_a_quote_barely_overlapped_is_found_without_a_speaker() -> None:
    # a system quote running from the gold quote's last word on overlaps it by less than
    # half of the shorter of the two: found, but its speaker is not taken
    late = quote("A", 'spring." She called it a', "Ines Vell")
    counts = score_quotes(quote_group("Q1", late))
    assert (counts["gold_quotes"], counts["gold_quotes_found"]) == (3, 1)
    assert (counts["speakers_judged"], counts["speakers_right"]) == (1, 0)
    assert counts["quote_pairs_found"] == 0


def test_quote_pairs_of_different_utterances_are_wrong() -> None:
    gold = {
        **QUOTE_GOLD,
        "translated_quotes": [
            *QUOTE_GOLD["translated_quotes"],
            {"speaker": "Karl Osk", "members": [
                {"article": "b.txt", "text": "The river is too high,"},
                {"article": "a.txt", "text": "calamity"},
            ]},
        ],
    }  # fmt: skip
    mixed = quote_group(
        "Q1", quote("A", REBUILD_A, "Vell"), quote("B", "The river is too high,", "Osk"),
        disagree=True,
    )  # fmt: skip
    counts = score(gold, QUOTE_TEXTS, quotes=(mixed,))
    assert (counts["sys_quote_pairs_right"], counts["sys_quote_pairs_wrong"]) == (0, 1)
    assert (counts["quote_pairs"], counts["quote_pairs_found"]) == (2, 0)
    assert counts["speaker_conflicts_reported"] == 1


# --- citations, loaded words, number conflicts ---------------------------------------------


def credit(article: str, source: str, mention: str) -> Credit:
    start = TEXTS[FILES[article]].index(mention)
    return Credit(article, source, "other", "said", start, start + len(mention), None)


def test_citations_found_by_mention_or_name() -> None:
    gold = {"articles": {"b.txt": {"citations": [
        {"source": "Halden police", "mention": "police"},
        {"source": "Harbour Authority", "mention": None},
    ]}}}  # fmt: skip
    credits = (
        credit("B", "the officers", "police"),  # meets the mention
        credit("B", "Officials", "Officials"),  # meets nothing the gold lists
    )
    counts = score(gold, credits=credits)
    assert (counts["citations_gold"], counts["citations_found"]) == (2, 1)
    assert (counts["citations_sys"], counts["citations_sys_right"]) == (2, 1)
    named = (credit("B", "the Harbour Authority", "Officials"),)  # meets by name
    counts = score(gold, credits=named)
    assert (counts["citations_found"], counts["citations_sys_right"]) == (1, 1)


def test_loaded_words_are_the_outlets_own_that_the_gold_lists() -> None:
    gold = {"articles": {"a.txt": {"loaded_words": ["Brazen grab"]}}}
    terms = (
        LoadedTerm(0, 6, "brazen", "charged", 1.0, False),  # in "brazen grab": right
        LoadedTerm(0, 6, "chaos", "charged", 1.0, False),  # not listed: wrong
        LoadedTerm(0, 6, "reckless", "charged", 1.0, True),  # quoted: not the outlet's
    )
    counts = score(gold, tone=(ArticleTone("A", None, 1.0, terms),))
    assert (counts["loaded_sys"], counts["loaded_sys_right"]) == (2, 1)


def value(article: str, text: str) -> ConflictValue:
    start = TEXTS[FILES[article]].index(text)
    return ConflictValue(article, start, start + len(text), text)


def test_a_number_conflict_meets_the_gold_in_two_articles() -> None:
    gold = {"conflicts": [
        {"values": {"a.txt": "Four people", "b.txt": "four people"}},
        {"kind": "claim", "values": {"a.txt": "Monday", "b.txt": "Monday"}},
    ]}  # fmt: skip
    right = Conflict("number", "people", (value("A", "Four"), value("B", "four people")))
    half = Conflict("number", "days", (value("A", "Four"), value("B", "a week")))
    facts = (FactGroup("F1", (member(("A", 1)),), ("A",), "one", "A", (right, half)),)
    counts = score(gold, facts=facts)
    # the claim is not a number conflict
    assert (counts["num_conflicts_gold"], counts["num_conflicts_found"]) == (1, 1)
    assert (counts["num_conflicts_sys"], counts["num_conflicts_sys_right"]) == (2, 1)


# --- the report ----------------------------------------------------------------------------


def test_events_add_up_and_the_largest_group_is_a_maximum() -> None:
    total: dict[str, int] = {}
    add_counts(total, {"largest_group": 6, "blobs": 1})
    add_counts(total, {"largest_group": 4, "blobs": 2})
    assert total == {"largest_group": 6, "blobs": 3}


def test_the_report_has_the_strict_and_the_kept_measures_and_renders() -> None:
    analyses = [
        SimpleNamespace(article=SimpleNamespace(id=IDS[f], path=f"/x/{f}", text=t))
        for f, t in TEXTS.items()
    ]
    gold = {"facts": GOLD_FACTS, "articles": {}, "translated_quotes": [], "conflicts": []}
    found = comparison(facts=(group("F1", ("A", 0), ("B", 0)),))
    counts = score_event(found, analyses, gold)  # type: ignore[arg-type]
    measures = rates(counts)
    assert measures["same_story"] == 1.0
    assert measures["fact_pair_precision"] == 1.0 and measures["fact_pair_recall"] == 0.2
    assert measures["quote_groups_whole"] is None and measures["conflict_recall"] is None
    report = {
        "data": "gold-set",
        **measures,
        "events": {"event": {**measures, "same_story": True}},
    }
    out = io.StringIO()
    render_compare_eval(report, Console(file=out, width=200))
    text = out.getvalue()
    assert "fact pair precision" in text and "fact pair recall without blobs" in text
    assert "gold-set" in text and "yes" in text
    # too many events for the width: the overall column only, and where the rest is
    many = {**report, "events": {f"event-{n}": report["events"]["event"] for n in range(9)}}
    out = io.StringIO()
    render_compare_eval(many, Console(file=out, width=100))
    assert "event-0" not in out.getvalue() and "9 events" in out.getvalue()
