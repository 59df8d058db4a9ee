"""Language identification: CLD3, with langid (py3langid) where CLD3 is unsure, and the
source's declared language where the text is too short to tell."""

from __future__ import annotations

from functools import lru_cache

import gcld3
import numpy as np

# CLD3 is unreliable on very short inputs; below this many letters a declared language wins.
_MIN_LETTERS = 40
_MAX_BYTES = 20_000  # the start of an article decides its language; the rest costs time


@lru_cache(maxsize=1)
def _identifier() -> gcld3.NNetLanguageIdentifier:
    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=_MAX_BYTES)


def identify_language(text: str, declared: str | None = None) -> tuple[str, float]:
    """ISO 639-1 code and probability; ``("und", 0.0)`` when the text says too little."""
    letters = sum(ch.isalpha() for ch in text[:2000])
    declared_code = declared.split("-")[0].split("_")[0].lower() if declared else None
    if letters < _MIN_LETTERS:
        return (declared_code, 1.0) if declared_code else ("und", 0.0)
    result = _identifier().FindLanguage(text[:_MAX_BYTES])
    if result.is_reliable:
        return result.language.split("-")[0], float(result.probability)
    if declared_code:
        return declared_code, 1.0
    # CLD3 is unsure on short texts (a 30-word English brief can come out Afrikaans);
    # langid's ranking decides, with its normalised probability as the confidence.
    import py3langid  # only here: its model costs ~80 ms to import and is rarely needed

    ranked = py3langid.rank(text[:_MAX_BYTES])
    top = np.array([score for _, score in ranked[:10]], dtype=np.float64)
    probability = float(1 / np.exp(top - top[0]).sum())
    return ranked[0][0], probability
