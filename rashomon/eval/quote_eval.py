"""rashomon's own quote extractor as a predictor for the PolNeAR scorer."""

from __future__ import annotations

from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.language import identify_language
from rashomon.analyze.parsers import parse_text
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.sentences import split_sentences
from rashomon.eval.polnear import is_direct_quote, quoted_char_mask
from rashomon.eval.quotes import PredictedQuote, Predictor
from rashomon.types import Quote


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
    """Runs only the stages quotes depend on (no tone, citations or vectors)."""

    def predict(text: str) -> list[PredictedQuote]:
        language, _ = identify_language(text, "en")
        sentences = split_sentences(text, language)
        parse = parse_text(text, sentences, language)
        entities = EntityIndex(text, parse)
        return predicted_direct_quotes(
            text, find_quotes(text, sentences, parse, entities, language)
        )

    return predict
