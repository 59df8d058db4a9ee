"""Compare articles of one story: align facts and quotes across outlets and languages."""

from rashomon.compare.engine import compare

__all__ = ["compare"]
