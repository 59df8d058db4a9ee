"""How the registry compares outlet names and domains (no imports beyond the standard
library: the store imports this while writing)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z0-9-]{2,}")


def name_key(name: str) -> str:
    """A name as the registry looks it up: case-folded, spaces collapsed, curly apostrophes
    straightened, without a leading "the" or surrounding punctuation ("The Harbor Ledger"
    and "harbor ledger" are one key)."""
    key = " ".join(name.replace("’", "'").split()).strip(" .,;:!?\"'«»“”").casefold()
    return key[4:] if key.startswith("the ") else key


def host_of(url_or_host: str) -> str | None:
    """The host of a URL, or a bare host, lower case without "www." and a trailing dot;
    None when it is neither ("javascript:alert(1)", "Harbor Ledger")."""
    value = url_or_host.strip()
    if "//" in value:
        try:
            value = urlsplit(value).hostname or ""
        except ValueError:
            return None
    value = value.casefold().rstrip(".").removeprefix("www.")
    return value if _HOST.fullmatch(value) else None


def parent_hosts(host: str) -> list[str]:
    """``host`` and every parent domain of it with two labels or more, longest first."""
    labels = host.split(".")
    return [".".join(labels[n:]) for n in range(len(labels) - 1)]
