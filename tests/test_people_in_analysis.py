"""People the analysis names where the text gives only a pronoun or a role."""

from __future__ import annotations

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.ingest.text import read_text
from rashomon.types import Analysis

NO_VECTORS = AnalysisConfig(embedder=None)


def analysed(text: str) -> Analysis:
    (article,) = read_text(text.encode(), "test.txt", None)
    return analyze_article(article, NO_VECTORS)


def test_a_pronoun_source_is_the_person_it_stands_for() -> None:
    analysis = analysed(
        "Harbour row deepens\n\n"
        "Port director Ilse Varga said on Monday that the new quay would open in May. "
        "According to her, the delays were caused by a shortage of steel."
    )
    sources = {(c.source, c.kind, c.mention.text) for c in analysis.citations}
    assert ("Ilse Varga", "person", "her") in sources


def test_a_pronoun_source_that_stands_for_nobody_is_dropped() -> None:
    analysis = analysed(
        "Harbour row deepens\n\nAccording to her, the delays were caused by a shortage of steel."
    )
    assert not [c for c in analysis.citations if c.mention.text.lower() == "her"]


def test_a_russian_role_source_is_the_person_given_that_role() -> None:
    analysis = analysed(
        "Ремонт порта затянулся\n\n"
        "Министр транспорта Олег Саврасов посетил порт в понедельник. "
        "По словам министра, работы завершатся в мае."
    )
    sources = {(c.source, c.kind) for c in analysis.citations}
    assert ("Олег Саврасов", "person") in sources


def test_a_russian_she_is_the_woman_named_not_the_man() -> None:
    analysis = analysed(
        "Ремонт порта затянулся\n\n"
        "Директор порта Ирина Веденеева встретилась с министром в понедельник. "
        "Министр транспорта Олег Саврасов назвал сроки реалистичными. "
        "Она подчеркнула, что работы завершатся в мае."
    )
    (quote,) = [q for q in analysis.quotes if "завершатся в мае" in q.text]
    assert quote.speaker == "Ирина Веденеева"
