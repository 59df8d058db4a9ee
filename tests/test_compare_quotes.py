"""Quote groups of the compare stage on the shipped examples: one wording per article."""

from __future__ import annotations

import pytest

from rashomon.compare import compare
from rashomon.types import Analysis, Quote, Span


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


# --- one utterance per group, diffs against the closest wording (issue 15.2) -----------

from rashomon.compare.quotes import (  # noqa: E402
    _sentences,
    _verbatim,
    _words,
    attribution,
    quote_mode,
    word_diff,
)


def test_a_translation_drift_reads_as_the_words_that_changed() -> None:
    steps = word_diff(
        "we think the boats will be fair game for sinking",
        "we think the boats will be fair game for destruction",
    )
    changed = [(s.reference, s.member) for s in steps if s.op != "equal"]
    assert changed == [("sinking", "destruction")]


def test_a_quote_resuming_after_the_attribution_with_a_capital_is_a_new_sentence() -> None:
    # parts "the harbour stays shut" + "We will not bend on this point at all" joined
    text = "the harbour stays shut until spring We will not bend on this point at all"
    spans = _sentences(text, (text.index("We"),))
    assert [text[a:b] for a, b in spans] == [
        "the harbour stays shut until spring",
        "We will not bend on this point at all",
    ]
    # a short sentence stays with the one before it
    text = "The ferry will not sail before the storm passes. That's all. Nobody will be hurt by it."
    assert [text[a:b] for a, b in _sentences(text)] == [
        "The ferry will not sail before the storm passes. That's all.",
        "Nobody will be hurt by it.",
    ]


def test_a_fragment_meets_only_the_same_words_in_order() -> None:
    assert _verbatim(_words("plain nonsense"), _words("That is plain nonsense, I told them."))
    assert not _verbatim(_words("nonsense plain"), _words("That is plain nonsense."))


def _quote_groups(tmp_path, texts: dict[str, str]):
    from rashomon.analyze.pipeline import analyze_many
    from rashomon.ingest import read_path

    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    analyses = [a for a in analyze_many(read_path(str(tmp_path))) if hasattr(a, "quotes")]
    return compare(analyses).quotes


def test_one_quote_of_three_sentences_meets_three_separate_quotes(tmp_path) -> None:
    # Invented: one outlet quotes the mayor's three sentences at once, the other quotes
    # them one by one with a changed word in the first.
    one = (
        "Mayor Lina Ostrova spoke on Monday about the flooded harbour district of Portvel.\n\n"
        '"Any trucks that enter the flooded streets will be treated as obstacles for removal. '
        "If the water falls by Friday, we will reopen the northern bridge to all traffic. "
        'Nobody should doubt that the city will pay for every damaged house," Ostrova said.\n\n'
        "The harbour district has been closed since the storm hit the coast last week.\n"
    )
    two = (
        "Portvel's mayor Lina Ostrova addressed reporters about the flooded harbour district.\n\n"
        '"Any trucks that enter the flooded streets will be treated as obstacles for towing," '
        "Ostrova said.\n\n"
        'She added: "If the water falls by Friday, we will reopen the northern bridge to all '
        'traffic."\n\n'
        'She also promised: "Nobody should doubt that the city will pay for every damaged '
        'house."\n\n'
        "The storm hit the coast last week and closed the harbour district.\n"
    )
    groups = [
        g for g in _quote_groups(tmp_path, {"one.txt": one, "two.txt": two}) if len(g.articles) == 2
    ]
    trucks = [g for g in groups if any("trucks" in m.text for m in g.members)]
    assert len(trucks) == 1
    group = trucks[0]
    assert all("bridge" not in m.text for m in group.members)  # the long quote was cut
    drifted = next(m for m in group.members if m.diff)
    assert drifted.diff_against is not None and drifted.diff_against != group.members.index(drifted)
    changed = [(s.reference, s.member) for s in drifted.diff if s.op != "equal"]
    assert sorted(changed[0]) == sorted(("removal", "towing"))
    assert len(changed) == 1
    assert all(m.speaker and "Ostrova" in m.speaker for m in group.members)
    assert sum(any("bridge" in m.text for m in g.members) for g in groups) == 1


@pytest.mark.parametrize(
    ("cue", "text", "mode"),
    [
        ("denied", "that the mayor had resigned", "denial"),
        ("dismissed", "the report as fantasy", "denial"),
        ("опроверг", "сообщения о своей отставке", "denial"),
        ("asked", "whether the pier would reopen", "question"),
        ("said", "Will anyone pay for the repairs?", "question"),
        ("said", "If the cracks spread, the pier will close for good", "conditional"),
        ("said", "The pier will close for six weeks", "statement"),
        ("said", "And if the cracks spread, the pier will close", "conditional"),
        ("said", "Because if the cracks spread, nobody will sail", "conditional"),
        ("said", "And the pier will close for six weeks", "statement"),
        (None, "a disgrace", "statement"),
    ],
)
def test_a_quote_says_whether_it_states_denies_asks_or_sets_a_condition(cue, text, mode):
    quote = Quote(0, len(text), text, "indirect", (), Span(0, 6, cue) if cue else None,
                  None, None, None)  # fmt: skip
    assert quote_mode(quote, text) == mode


@pytest.mark.parametrize(
    ("cue", "speaker", "mention", "expected"),
    [
        ("said", "Ines Karro", "Ines Karro", "named"),
        ("said", "Ines Karro", "Karro", "named"),
        ("said", "Ines Karro", "she", "inferred"),
        ("said", "Harbour Council", "They", "inferred"),
        ("said", "harbour spokeswoman", "a harbour spokeswoman", "inferred"),
        (None, "Ines Karro", "Ines Karro", "inferred"),  # the nearest name, no speech cue
        ("said", None, None, "unattributed"),
    ],
)
def test_an_attribution_says_how_the_speaker_is_known(cue, speaker, mention, expected):
    text = "The pier will close for six weeks"
    quote = Quote(0, len(text), text, "direct", (), Span(0, 4, cue) if cue else None, speaker,
                  None, Span(40, 40 + len(mention), mention) if mention else None)  # fmt: skip
    assert attribution(quote) == expected


def test_the_same_words_given_to_two_people_are_a_dispute_alike_words_are_not(tmp_path) -> None:
    # Invented: two outlets give one sentence to two different officials; a third says
    # something alike in other words, given to a third official.
    north = (
        "The harbour of Portvel stayed closed on Tuesday after the storm.\n\n"
        '"The northern pier will stay closed until the engineers have checked every pile," '
        "harbour master Thomas Reid said.\n\n"
        "Ferries were sent to the southern quay instead.\n"
    )
    coast = (
        "Portvel's harbour remained shut on Tuesday, a day after the storm.\n\n"
        '"The northern pier will stay closed until the engineers have checked every pile," '
        "deputy mayor Maria Lopez said.\n\n"
        "Ferry passengers were told to use the southern quay.\n"
    )
    bay = (
        "The storm left the harbour of Portvel closed on Tuesday.\n\n"
        '"Nothing reopens before the engineers are done with the piles," '
        "port engineer David Brenner said.\n\n"
        "The southern quay took the ferries.\n"
    )
    groups = _quote_groups(tmp_path, {"north.txt": north, "coast.txt": coast, "bay.txt": bay})
    pier = next(g for g in groups if any("northern pier" in m.text for m in g.members))
    assert {m.speaker for m in pier.members if "northern pier" in m.text} == {
        "Thomas Reid",
        "Maria Lopez",
    }
    assert pier.speakers_disagree
    assert not any(g.speakers_disagree for g in groups if g is not pier)


def _word_score_of(a: str, b: str) -> float:
    from rashomon.compare.quotes import _word_score
    from rashomon.text.features import content_words

    return _word_score(
        _words(a), _words(b), frozenset(content_words(a, "en")), frozenset(content_words(b, "en"))
    )


def test_a_quote_whose_words_stand_in_order_in_another_is_the_same_utterance() -> None:
    # one outlet drops a filler word the other kept
    assert (
        _word_score_of(
            "That's a lot of hot air.", "With due respect, that's just a lot of hot air."
        )
        >= 0.8
    )
    # a content word changed is another wording, left to the paraphrase model
    assert (
        _word_score_of("would sharply raise the price", "it would gently raise the price of bread")
        == 0.0
    )


def test_one_phrase_quoted_by_two_outlets_meets_whoever_each_gives_it_to(tmp_path) -> None:
    # Invented: both outlets quote the same two words of a third person, each inside
    # another speaker's reported speech.
    one = (
        "The council of Portvel debated the harbour budget on Tuesday.\n\n"
        'Councillor Ana Brill said the mayor did not care about the "forgotten quays" of the '
        "old town and would cut their repairs.\n\n"
        "The vote was put off to next week.\n"
    )
    two = (
        "Portvel's harbour budget went before the council on Tuesday.\n\n"
        'Councillor Piet Varga mocked the talk of "forgotten quays" and said the repairs '
        "were paid for already.\n\n"
        "The council will vote next week.\n"
    )
    groups = _quote_groups(tmp_path, {"one.txt": one, "two.txt": two})
    quays = [g for g in groups if any(_words(m.text) == ["forgotten", "quays"] for m in g.members)]
    assert len(quays) == 1 and len(quays[0].articles) == 2
    assert not quays[0].speakers_disagree


def _item(article: int, text: str):
    from rashomon.compare.quotes import _Item

    quote = Quote(0, len(text), text, "direct", (Span(0, len(text), text),), None, None, None,
                  None)  # fmt: skip
    return _Item(article, quote, "en", 0, len(text), text, quote.parts, _sentences(text))


def test_a_diff_is_against_the_closest_wording_not_a_word_lifted_from_it() -> None:
    from rashomon.compare.quotes import _closest

    members = [
        _item(0, "If boats enter the bay we think they will be fair game for sinking"),
        _item(0, "fair"),
        _item(1, "If boats enter the bay we think these will be fair game for destruction"),
        _item(1, "fair game for destruction"),
    ]

    def score(r: int, s: int) -> float:
        return 0.9

    rows = list(range(len(members)))
    assert _closest(2, rows, members, score, reference=1) == 0
    # a partial quote is diffed against the part of the long sentence it quotes
    assert _closest(3, rows, members, score, reference=1) == 0
    steps = word_diff(members[0].text, members[3].text)
    assert [(s.reference, s.member) for s in steps if s.op != "equal"] == [
        ("sinking", "destruction")
    ]


def test_only_two_named_attributions_keep_a_fragment_from_the_quote_holding_it() -> None:
    from rashomon.compare.quotes import _Item, _named_apart

    def quote_by(text: str, mention: str) -> _Item:
        where = Span(50, 50 + len(mention), mention)
        parts = (Span(0, len(text), text),)
        quote = Quote(0, len(text), text, "partial", parts, Span(40, 44, "said"), mention, None,
                      where)  # fmt: skip
        return _Item(0, quote, "en", 0, len(text), text, quote.parts, _sentences(text))

    reid, lopez, she = (
        quote_by("hot air", "Thomas Reid"),
        quote_by("It is all hot air", "Maria Lopez"),
        quote_by("hot air", "she"),
    )
    assert _named_apart(reid, lopez, "Thomas Reid", "Maria Lopez")
    assert not _named_apart(she, lopez, "Thomas Reid", "Maria Lopez")  # a pronoun: unsure
    assert not _named_apart(reid, lopez, "Maria Lopez", "Maria Lopez")
