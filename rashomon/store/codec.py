"""Analysis <-> the form the store keeps: JSON for the structure, raw blobs for the vectors.

``decode(encode(analysis))`` equals ``analysis`` field by field, vectors bit for bit. The
format is plain data on purpose (orjson and little-endian float32, never pickle): a database
file may come from someone else, and decoding it must not run anything it contains. Input
that is not what ``encode`` writes raises ``StoreError`` instead of building a half-valid
Analysis.

The article is not part of the JSON: the store keeps its text once, in ``articles``, and
every span's ``text`` that is just ``article.text[start:end]`` (all of them, as the analysers
work today) is left out and restored from the offsets, which roughly halves the JSON. A span
whose text is anything else keeps it, so the round trip stays exact whatever an analyser
puts there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from rashomon.store.schema import StoreError
from rashomon.types import (
    Analysis,
    Article,
    Citation,
    Embeddings,
    Entity,
    LoadedWord,
    Mention,
    Quote,
    Sentence,
    SentenceTone,
    Span,
    Tone,
)

# Bumped whenever the JSON below changes shape; part of the analysis version (see
# rashomon.store.ingest), so a changed format re-analyses instead of misreading old rows.
CODEC_FORMAT = 1

# Exact: the vectors come out as they went in. float16 would halve the blobs (a 512-dim
# USE-m3 sentence is 2 KiB as float32) at a cost in cosine precision; docs/store.md weighs it.
VECTOR_DTYPE = "<f4"


@dataclass(frozen=True, slots=True)
class StoredVectors:
    """One row of the ``embeddings`` table."""

    model: str
    dim: int
    dtype: str  # numpy dtype string of both blobs
    n_sentences: int
    document: bytes  # dim values
    sentences: bytes  # n_sentences x dim values, row-major


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """An analysis as the store keeps it: the ``analyses`` row plus its vectors."""

    article: Article
    language: str
    data: str  # JSON: everything else in the Analysis except the article and the vectors
    vectors: StoredVectors | None


def encode(analysis: Analysis) -> StoredAnalysis:
    text = analysis.article.text
    data = {
        "format": CODEC_FORMAT,
        "language_confidence": analysis.language_confidence,
        "sentences": [_span(s.start, s.end, s.text, text) for s in analysis.sentences],
        "entities": [_entity(e, text) for e in analysis.entities],
        "quotes": [_quote(q, text) for q in analysis.quotes],
        "citations": [_citation(c, text) for c in analysis.citations],
        "tone": _tone(analysis.tone, text),
    }
    vectors = _encode_vectors(analysis.embeddings) if analysis.embeddings is not None else None
    return StoredAnalysis(analysis.article, analysis.language, _json(data), vectors)


def decode(stored: StoredAnalysis) -> Analysis:
    """The Analysis ``stored`` was encoded from; StoreError when it is not ``encode``'s output."""
    try:
        return _decode(stored)
    except StoreError as error:
        raise StoreError(f"article {stored.article.id}: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise StoreError(
            f"article {stored.article.id}: stored analysis is malformed "
            f"({type(error).__name__}: {error})"
        ) from None


def _decode(stored: StoredAnalysis) -> Analysis:
    data = orjson.loads(stored.data)
    if data.get("format") != CODEC_FORMAT:
        raise StoreError(
            f"stored analysis format {data.get('format')!r} is not {CODEC_FORMAT}, the one "
            "this rashomon reads; ingest the article again"
        )
    text = stored.article.text
    return Analysis(
        article=stored.article,
        language=stored.language,
        language_confidence=float(data["language_confidence"]),
        sentences=tuple(Sentence(*_bounds(s, text)) for s in data["sentences"]),
        entities=tuple(_read_entity(e, text) for e in data["entities"]),
        quotes=tuple(_read_quote(q, text) for q in data["quotes"]),
        citations=tuple(_read_citation(c, text) for c in data["citations"]),
        tone=_read_tone(data["tone"], text),
        embeddings=_decode_vectors(stored.vectors) if stored.vectors is not None else None,
    )


def encode_meta(meta: dict[str, str]) -> str:
    return _json(meta)


def decode_meta(meta: str) -> dict[str, str]:
    return orjson.loads(meta)


def _json(value: Any) -> str:
    # TEXT rather than BLOB so that SQLite's json_extract and a browser over the file read it.
    return orjson.dumps(value).decode()


# --- spans: text kept only where it is not the slice of the article the offsets name


def _span(start: int, end: int, span_text: str, text: str) -> dict[str, Any]:
    result: dict[str, Any] = {"start": start, "end": end}
    if span_text != text[start:end]:
        result["text"] = span_text
    return result


def _bounds(item: dict[str, Any], text: str) -> tuple[int, int, str]:
    start, end = int(item["start"]), int(item["end"])
    return start, end, item["text"] if "text" in item else text[start:end]


def _optional_span(span: Span | None, text: str) -> dict[str, Any] | None:
    return None if span is None else _span(span.start, span.end, span.text, text)


def _read_optional_span(item: dict[str, Any] | None, text: str) -> Span | None:
    return None if item is None else Span(*_bounds(item, text))


def _entity(entity: Entity, text: str) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "mentions": [
            {**_span(m.start, m.end, m.text, text), "entity": m.entity} for m in entity.mentions
        ],
    }


def _read_entity(item: dict[str, Any], text: str) -> Entity:
    mentions = tuple(Mention(*_bounds(m, text), entity=m["entity"]) for m in item["mentions"])
    return Entity(id=item["id"], name=item["name"], label=item["label"], mentions=mentions)


def _quote(quote: Quote, text: str) -> dict[str, Any]:
    return {
        "start": quote.start,
        "end": quote.end,
        # Parts joined with spaces, quotation marks dropped: never a slice, always kept.
        "text": quote.text,
        "kind": quote.kind,
        "parts": [_span(p.start, p.end, p.text, text) for p in quote.parts],
        "cue": _optional_span(quote.cue, text),
        "speaker": quote.speaker,
        "speaker_entity": quote.speaker_entity,
        "speaker_mention": _optional_span(quote.speaker_mention, text),
    }


def _read_quote(item: dict[str, Any], text: str) -> Quote:
    return Quote(
        start=int(item["start"]),
        end=int(item["end"]),
        text=item["text"],
        kind=item["kind"],
        parts=tuple(Span(*_bounds(p, text)) for p in item["parts"]),
        cue=_read_optional_span(item["cue"], text),
        speaker=item["speaker"],
        speaker_entity=item["speaker_entity"],
        speaker_mention=_read_optional_span(item["speaker_mention"], text),
    )


def _citation(citation: Citation, text: str) -> dict[str, Any]:
    mention = citation.mention
    return {
        "start": citation.start,
        "end": citation.end,
        "source": citation.source,
        "kind": citation.kind,
        "cue": citation.cue,
        "mention": _span(mention.start, mention.end, mention.text, text),
        "self_credit": citation.self_credit,
        "quoted": citation.quoted,
    }


def _read_citation(item: dict[str, Any], text: str) -> Citation:
    return Citation(
        start=int(item["start"]),
        end=int(item["end"]),
        source=item["source"],
        kind=item["kind"],
        cue=item["cue"],
        mention=Span(*_bounds(item["mention"], text)),
        self_credit=bool(item["self_credit"]),
        quoted=bool(item.get("quoted", False)),  # absent from analyses stored before it
    )


def _tone(tone: Tone, text: str) -> dict[str, Any]:
    return {
        "sentiment": tone.sentiment,
        "loaded_density": tone.loaded_density,
        "sentences": [
            {
                "sentence": s.sentence,
                "sentiment": s.sentiment,
                "loaded": [
                    {
                        **_span(w.start, w.end, w.text, text),
                        "category": w.category,
                        "weight": w.weight,
                    }
                    for w in s.loaded
                ],
            }
            for s in tone.sentences
        ],
    }


def _read_tone(item: dict[str, Any], text: str) -> Tone:
    return Tone(
        sentences=tuple(
            SentenceTone(
                sentence=int(s["sentence"]),
                sentiment=_optional_float(s["sentiment"]),
                loaded=tuple(
                    LoadedWord(*_bounds(w, text), category=w["category"], weight=float(w["weight"]))
                    for w in s["loaded"]
                ),
            )
            for s in item["sentences"]
        ),
        sentiment=_optional_float(item["sentiment"]),
        loaded_density=float(item["loaded_density"]),
    )


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)


# --- vectors


def _encode_vectors(embeddings: Embeddings) -> StoredVectors:
    document, sentences = embeddings.document, embeddings.sentences
    # Casting float64 to float32 here would silently change the vectors; refuse instead.
    if document.dtype != np.float32 or sentences.dtype != np.float32:
        raise ValueError(
            f"embeddings must be float32 to store exactly, not {document.dtype}/{sentences.dtype}"
        )
    dim = int(document.shape[0])
    rows = sentences.reshape(-1, dim)  # an article without sentences has shape (0, dim)
    return StoredVectors(
        model=embeddings.model,
        dim=dim,
        dtype=VECTOR_DTYPE,
        n_sentences=int(rows.shape[0]),
        document=document.astype(VECTOR_DTYPE).tobytes(),
        sentences=rows.astype(VECTOR_DTYPE).tobytes(),
    )


def _decode_vectors(stored: StoredVectors) -> Embeddings:
    if stored.dtype != VECTOR_DTYPE:
        raise StoreError(f"vector dtype {stored.dtype!r} is not {VECTOR_DTYPE!r}")
    width = np.dtype(VECTOR_DTYPE).itemsize
    if len(stored.document) != stored.dim * width or len(stored.sentences) != (
        stored.n_sentences * stored.dim * width
    ):
        raise StoreError(
            f"vector blobs of {len(stored.document)} and {len(stored.sentences)} bytes do not "
            f"match {stored.n_sentences} sentences of dimension {stored.dim}"
        )
    # astype copies: frombuffer's arrays are read-only views of the row's bytes.
    document = np.frombuffer(stored.document, VECTOR_DTYPE).astype(np.float32)
    sentences = np.frombuffer(stored.sentences, VECTOR_DTYPE).astype(np.float32)
    return Embeddings(
        model=stored.model,
        sentences=sentences.reshape(stored.n_sentences, stored.dim),
        document=document,
    )
