"""JSON form of an analysis, documented in docs/analysis-json.md and defined by
``present/schema/analysis.AnalysisDocument``.

Every span carries ``start``/``end`` character offsets into ``article.text``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.names import display_text, displayable
from rashomon.present.schema import dump
from rashomon.present.schema.analysis import (
    ANALYSIS_SCHEMA,
    AnalysisDocument,
    EmbeddingsInfo,
    InputErrorOut,
)
from rashomon.types import Analysis, Article

__all__ = ["ANALYSIS_SCHEMA", "analysis_to_dict", "article_to_dict", "error_to_dict"]


def analysis_to_dict(analysis: Analysis, *, vectors: bool = False) -> dict[str, Any]:
    embeddings = analysis.embeddings
    info = None
    if embeddings is not None:
        info = EmbeddingsInfo(model=embeddings.model, dim=int(embeddings.document.shape[0]))
        if vectors:
            info.document = [round(float(x), 6) for x in embeddings.document]
            info.sentences = [[round(float(x), 6) for x in row] for row in embeddings.sentences]
    document = AnalysisDocument.model_validate(
        {
            "schema": ANALYSIS_SCHEMA,
            "article": article_to_dict(analysis.article),
            "language": {
                "code": analysis.language,
                "confidence": round(analysis.language_confidence, 4),
            },
            "sentences": analysis.sentences,
            "entities": analysis.entities,
            "quotes": analysis.quotes,
            "citations": analysis.citations,
            "tone": analysis.tone,
            "embeddings": info,
        }
    )
    return dump(document)


def article_to_dict(article: Article) -> dict[str, Any]:
    # A file name that is not UTF-8 is carried as it is and shown with \xNN (names.py).
    return displayable(dataclasses.asdict(article))


def error_to_dict(error: InputError) -> dict[str, str]:
    return dump(InputErrorOut(input=display_text(error.source), reason=display_text(error.reason)))
