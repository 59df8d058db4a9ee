"""MemoEncoder: each distinct text encoded once, every vector the encoder's own."""

from __future__ import annotations

import numpy as np

from rashomon.analyze.embeddings import DEFAULT_EMBEDDER, MemoEncoder, embedders

SENTENCES = [
    "The harbour authority closed the northern channel on Tuesday after the barge struck.",
    "Divers found no damage to the bridge piers, the engineer said.",
    "Traffic resumed across the bridge by evening.",
]


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.encoder = embedders.get(DEFAULT_EMBEDDER)
        self.name, self.dim = self.encoder.name, self.encoder.dim
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.encoder.encode(texts)


def test_each_distinct_text_is_encoded_once_and_keeps_its_vector() -> None:
    counting = CountingEncoder()
    memo = MemoEncoder(counting)
    first = memo.encode([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    second = memo.encode([SENTENCES[2], SENTENCES[1]])
    assert counting.texts == SENTENCES  # the repeat within and across calls never encoded
    alone = counting.encoder.encode(SENTENCES)
    assert np.allclose(first, alone[[0, 1, 0]], atol=1e-6)
    assert np.allclose(second, alone[[2, 1]], atol=1e-6)
    assert np.array_equal(first[0], first[2])
    assert memo.name == counting.name and memo.dim == counting.dim


def test_no_text_gives_no_rows() -> None:
    memo = MemoEncoder(CountingEncoder())
    empty = memo.encode([])
    assert empty.shape == (0, memo.dim) and empty.dtype == np.float32
