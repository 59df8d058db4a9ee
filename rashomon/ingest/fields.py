"""Article metadata: field names and their aliases, date normalisation, Article construction.

Every reader maps its source's metadata onto the same canonical fields (title, url, outlet,
published, language, byline) through ``FIELD_ALIASES``, so a front-matter ``date:`` and a
JSON ``pubDate`` both end up in ``Article.published``.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from rashomon.ingest.dates import infer_published
from rashomon.ingest.outlets import identify_outlet
from rashomon.types import Article

# Canonical field -> accepted source keys, in order of preference; keys match case-insensitively.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    # source_domain: news-please; domain: CC-News and RealNews.
    "outlet": ("outlet", "source", "site", "publisher", "sitename", "source_domain", "domain"),
    "published": (
        "published",
        "date",
        "published_at",
        "pubdate",
        "date_publish",  # news-please
        "publish_date",  # RealNews
        "date_published",
        "datetime",
    ),
    "language": ("language", "lang"),
    "byline": ("byline", "author", "authors"),
}
_ALIAS_KEYS = frozenset(key for keys in FIELD_ALIASES.values() for key in keys)

# The fewest words a text file or a web page's extracted text must have to be an article.
# The shortest news items in ECB+ (772 texts, headline-only and one-sentence items among
# them: "Esther Williams, swimming star, dies at 91") have 7 words; what a page of only
# menus leaves after extraction ("Home", "Skip to content", "Sign in | Register") has 1 to
# 4. So 7 keeps every real news item, even a one-line one, and refuses page furniture.
# JSON records and feed entries' own content are not held to it: their producer named
# that text as the article (an empty one is still refused).
MIN_ARTICLE_WORDS = 7
# A word: letters and digits joined by apostrophes ("record's"); in scripts written without
# spaces (Thai, Lao, Myanmar, Khmer, Chinese, Japanese kana) each character counts as one,
# which overcounts their words and so errs towards reading the text.
_WORD = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    r"|[^\W_]+(?:['\u2019][^\W_]+)*"
)


def too_short_reason(text: str) -> str | None:
    """Why ``text`` is too short to be an article (fewer than ``MIN_ARTICLE_WORDS`` words),
    as an InputError reason; None when it is long enough."""
    words = [m[0] for m in itertools.islice(_WORD.finditer(text), MIN_ARTICLE_WORDS)]
    if len(words) >= MIN_ARTICLE_WORDS:
        return None
    preview = " ".join(text.split())
    preview = preview if len(preview) <= 60 else preview[:59] + "…"
    count = f"{len(words)} word" + ("" if len(words) == 1 else "s")
    return f"too short to be an article ({count}: {preview!r}; at least {MIN_ARTICLE_WORDS})"


# Forms seen in news metadata that neither ISO 8601 nor RFC 822 parsing accepts.
_DATE_FORMATS = ("%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")
_DATE_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%d.%m.%Y %H:%M")


def article_id(text: str, url: str | None) -> str:
    """Stable content hash: the same article read twice gets the same id."""
    digest = hashlib.sha256(f"{url or ''}\n{text}".encode())
    return digest.hexdigest()[:16]


def normalize_date(raw: str) -> str:
    """ISO 8601 form of a date or date-time where it can be parsed; the raw string otherwise."""
    value = raw.strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        pass
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date().isoformat()
        except ValueError:
            pass
    for date_time_format in _DATE_TIME_FORMATS:
        try:
            return datetime.strptime(value, date_time_format).isoformat()
        except ValueError:
            pass
    return raw


def as_text(value: object) -> str | None:
    """A metadata value as one line of text: names of ``{"name": ...}`` objects, lists joined."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return as_text(value.get("name"))
    if isinstance(value, list):
        items = [text for text in map(as_text, value) if text]
        return ", ".join(items) or None
    return None


def split_fields(
    record: Mapping[str, object], ignore: Collection[str] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """Canonical fields found in ``record``, and its other scalar fields as strings (for meta).

    Keys in ``ignore`` (lower case) are left out of both, e.g. the text field itself.
    """
    by_key = {key.casefold(): value for key, value in record.items()}
    fields: dict[str, str] = {}
    for name, aliases in FIELD_ALIASES.items():
        found = next((text for key in aliases if (text := as_text(by_key.get(key)))), None)
        if found:
            fields[name] = found
    meta: dict[str, str] = {}
    for key, value in record.items():
        folded = key.casefold()
        if folded in _ALIAS_KEYS or folded in ignore or not isinstance(value, str | int | float):
            continue
        if (text := as_text(value)) is not None:
            meta[key] = text
    return fields, meta


def build_article(
    text: str, fields: Mapping[str, str], *, path: str, meta: Mapping[str, str] | None = None
) -> Article:
    """An Article from its text and canonical ``fields``; the date is normalised (or, where
    there is none, read from the lead and marked inferred: ``dates.infer_published``), the
    id derived, the outlet identified (``outlets.identify_outlet``: metadata, URL domain,
    dateline; whose story it retells goes to meta)."""
    published = fields.get("published")
    url = fields.get("url")
    article = Article(
        id=article_id(text, url),
        text=text,
        title=fields.get("title"),
        outlet=fields.get("outlet"),
        url=url,
        published=normalize_date(published) if published else None,
        language=fields.get("language"),
        byline=fields.get("byline"),
        path=path,
        meta=dict(meta or {}),
    )
    return infer_published(identify_outlet(article))
