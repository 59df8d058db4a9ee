"""Tone in the compare stage: loaded words shown next to the passage that holds them."""

from __future__ import annotations

from rashomon.compare import compare
from rashomon.types import Analysis


def test_a_framing_member_shows_only_the_loaded_words_it_holds(
    example_analyses: dict[str, list[Analysis]],
) -> None:
    shown = 0
    for analyses in example_analyses.values():
        comparison = compare(analyses)
        for framing in comparison.framings:
            for member in framing.members:
                words = comparison.own_loaded_words(member)
                assert all(w in member.text for w in words), (member.text, words)
                assert set(words) <= set(framing.loaded[member.article])
                shown += len(words)
    assert shown > 0
