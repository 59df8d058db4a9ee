"""Language identification (CLD3), with the source's declared language as a tie-breaker."""

from __future__ import annotations

from functools import lru_cache

import gcld3

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
    if not result.is_reliable and declared_code:
        return declared_code, 1.0
    code = result.language.split("-")[0]
    return code, float(result.probability)
