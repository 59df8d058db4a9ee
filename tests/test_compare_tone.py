"""Tone in the compare stage: loaded words shown next to the passage that holds them."""

from __future__ import annotations

import dataclasses

from rashomon.compare import compare
from rashomon.compare.tone import article_tones, family, quoted_spans
from rashomon.compare.types import ArticleTone
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


# --- rashomon.compare.tone, called directly on analyses of sentences written for the test


def _analysis(text: str, name: str) -> Analysis:
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
    from rashomon.types import Article

    return analyze_article(Article(id=name, text=text), AnalysisConfig(embedder=None))


def _own(tone: ArticleTone) -> list[str]:
    return [t.text for t in tone.loaded if not t.quoted]


def test_a_quotation_over_several_paragraphs_is_the_speakers_throughout() -> None:
    text = (
        "The mayor spoke for an hour on Tuesday.\n\n"
        "\u201cThe budget is a brazen giveaway to developers, and I will not sign it,\n\n"
        "\u201cbecause the council's conduct has been shameful from the first day,\u201d "
        "she said.\n\n"
        "Council members gave a scathing reply."
    )
    analysis = _analysis(text, "a")
    second = text.index("because")
    first = text.index("The budget")
    # the quotation marks alone tell it, where the analysis found no quote there
    unattributed = dataclasses.replace(analysis, quotes=())
    for spans in (quoted_spans(analysis), quoted_spans(unattributed)):
        assert any(s <= first and text.index("sign it") < e for s, e in spans)
        assert any(s <= second and text.index("first day") < e for s, e in spans)
        assert not any(s <= text.index("scathing") < e for s, e in spans)
    (tone,) = article_tones([unattributed])
    quoted = [t.text for t in tone.loaded if t.quoted]
    assert any("brazen" in t for t in quoted) and any("shameful" in t for t in quoted)
    assert _own(tone) == ["scathing reply"]
    words = len(text.split())
    assert tone.loaded_density == round(100 * 1 / words, 3)


def test_a_word_every_compared_outlet_uses_is_the_events_vocabulary() -> None:
    texts = [
        "The vote ended in chaos, and one senator made a brazen exit.",
        "Chaos followed the vote in the chamber on Friday.",
        "Lawmakers described the chaos of the vote.",
    ]
    analyses = [_analysis(t, f"art{i}") for i, t in enumerate(texts)]
    tones = article_tones(analyses)
    assert [t.article for t in tones] == ["art0", "art1", "art2"]
    assert _own(tones[0]) == ["brazen exit"]
    assert _own(tones[1]) == [] and _own(tones[2]) == []
    # two articles are too few to call a word the event's: each keeps its own
    pair = article_tones(analyses[:2])
    assert "chaos" in _own(pair[0]) and "Chaos" in _own(pair[1])


def test_reporting_verbs_and_group_and_camp_names_are_not_an_outlets_colouring() -> None:
    text = (
        "The senator claimed the bill was fair and vowed to pass it. "
        "Extremists and far-left activists rallied outside, and his lackeys cheered."
    )
    analysis = _analysis(text, "a")
    in_analysis = [w.text for s in analysis.tone.sentences for w in s.loaded]
    assert "claimed" in in_analysis and "Extremists" in in_analysis
    assert any("far-left" in w for w in in_analysis)
    (tone,) = article_tones([analysis])
    own = _own(tone)
    assert "lackeys" in own  # (and "cheered", which the learned model finds)
    plain = ("claimed", "vowed", "Extremists", "far-left")
    assert not [w for w in own if any(p in w for p in plain)]


def test_family_joins_inflections_of_one_word_only() -> None:
    assert family("vowed") == family("vowing") == family("vows") == family("vow")
    assert family("slammed") == family("slam")
    assert family("butted") != family("but")
    assert family("terror") != family("terrorist")
