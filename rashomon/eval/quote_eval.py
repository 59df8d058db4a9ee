"""rashomon's own quote extractor as a predictor for the PolNeAR scorer."""

from __future__ import annotations

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.eval.polnear import is_direct_quote, quoted_char_mask
from rashomon.eval.quotes import PredictedQuote, Predictor
from rashomon.types import Article, Quote


def predicted_direct_quotes(text: str, quotes: tuple[Quote, ...]) -> list[PredictedQuote]:
    """Our quotes that PolNeAR's definition calls direct, in the scorer's form.

    The gold counts an attribution as a direct quote when quotation marks cover at least
    half of its content; the same rule is applied to what we predict: every full quote,
    and every reported-speech clause that is mostly quoted words ("the South has
    “treated me so well.”").
    """
    mask = quoted_char_mask(text)
    return [
        PredictedQuote(
            q.start,
            q.end,
            q.speaker,
            q.speaker_mention.start if q.speaker_mention else None,
            q.speaker_mention.end if q.speaker_mention else None,
        )
        for q in quotes
        if q.kind == "direct"
        or (q.kind == "indirect" and is_direct_quote(mask, text, [(q.start, q.end)]))
    ]


def rashomon_predictor() -> Predictor:
    """The production pipeline with its quote step only (no tone, citations or vectors)."""
    config = AnalysisConfig(embedder=None, components=("quotes",))

    def predict(text: str) -> list[PredictedQuote]:
        analysis = analyze_article(Article(id="polnear", text=text, language="en"), config)
        return predicted_direct_quotes(text, analysis.quotes)

    return predict
