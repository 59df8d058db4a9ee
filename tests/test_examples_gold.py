"""The shipped examples against their hand-written gold: quotes, speakers, citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.ingest import read_path
from rashomon.types import Analysis
from tests import gold_check
from tests.conftest import EXAMPLES


def _norm(text: str) -> str:
    return " ".join(text.strip(" ,.;:!?—–-").split()).lower()


@pytest.fixture(scope="module")
def analysed() -> list[tuple[dict, Analysis]]:
    pairs = []
    for gold_path in sorted((EXAMPLES / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for name, article_gold in gold["articles"].items():
            path = Path(EXAMPLES / "articles" / gold_path.stem / name)
            (article,) = list(read_path(str(path)))
            pairs.append((article_gold, analyze_article(article, AnalysisConfig(embedder=None))))
    return pairs


def test_gold_files_agree_with_the_articles() -> None:
    assert gold_check.main() == 0


def _same_quote(gold_text: str, predicted: str) -> bool:
    gold_text, predicted = _norm(gold_text), _norm(predicted)
    return gold_text[:40] in predicted or predicted[:40] in gold_text


def test_quotes_and_speakers_match_the_gold(analysed: list[tuple[dict, Analysis]]) -> None:
    gold_total = found = right_speaker = predicted_total = unmatched = 0
    for article_gold, analysis in analysed:
        predicted = [q for q in analysis.quotes if q.kind in ("direct", "partial")]
        predicted_total += len(predicted)
        golds = [q for q in article_gold["quotes"] if q["kind"] in ("direct", "partial")]
        unmatched += sum(not any(_same_quote(g["text"], p.text) for g in golds) for p in predicted)
        for gold in golds:
            gold_total += 1
            match = next((p for p in predicted if _same_quote(gold["text"], p.text)), None)
            if match is None:
                continue
            found += 1
            surname = _norm(gold["speaker"]).split()[-1]
            right_speaker += bool(match.speaker and surname[:5] in _norm(match.speaker))
    assert found / gold_total >= 0.9, (found, gold_total)
    assert right_speaker / found >= 0.85, (right_speaker, found)
    assert unmatched / predicted_total <= 0.1, (unmatched, predicted_total)


def test_credited_outlets_and_agencies_match_the_gold(
    analysed: list[tuple[dict, Analysis]],
) -> None:
    """Outlets and agencies another outlet credits (officials and self-credits are not yet
    scored: see the foundation issue's note)."""
    gold_total = found = 0
    for article_gold, analysis in analysed:
        credited = {_norm(c.source) for c in analysis.citations} | {
            _norm(c.mention.text) for c in analysis.citations
        }
        for citation in article_gold["citations"]:
            if citation["kind"] not in ("outlet", "agency") or citation.get("self"):
                continue
            gold_total += 1
            found += bool({_norm(citation["source"]), _norm(citation["mention"])} & credited)
    assert gold_total >= 10
    assert found / gold_total >= 0.7, (found, gold_total)
