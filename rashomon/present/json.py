"""JSON form of an analysis, documented in docs/analysis-json.md.

Every span carries ``start``/``end`` character offsets into ``article.text``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.names import display_text, displayable
from rashomon.types import Analysis

ANALYSIS_SCHEMA = "rashomon.analysis/1"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def analysis_to_dict(analysis: Analysis, *, vectors: bool = False) -> dict[str, Any]:
    # A file name that is not UTF-8 is carried as it is and shown with \xNN (names.py).
    article = displayable(_plain(analysis.article))
    embeddings = analysis.embeddings
    result: dict[str, Any] = {
        "schema": ANALYSIS_SCHEMA,
        "article": article,
        "language": {
            "code": analysis.language,
            "confidence": round(analysis.language_confidence, 4),
        },
        "sentences": [{"start": s.start, "end": s.end} for s in analysis.sentences],
        "entities": _plain(analysis.entities),
        "quotes": _plain(analysis.quotes),
        "citations": _plain(analysis.citations),
        "tone": _plain(analysis.tone),
        "embeddings": None,
    }
    if embeddings is not None:
        result["embeddings"] = {"model": embeddings.model, "dim": int(embeddings.document.shape[0])}
        if vectors:
            result["embeddings"]["document"] = [round(float(x), 6) for x in embeddings.document]
            result["embeddings"]["sentences"] = [
                [round(float(x), 6) for x in row] for row in embeddings.sentences
            ]
    return result


def error_to_dict(error: InputError) -> dict[str, str]:
    return {"input": display_text(error.source), "reason": display_text(error.reason)}
