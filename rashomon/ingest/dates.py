"""A publication date read from the text, where the metadata gives none, marked as inferred.

News leads date themselves: a dateline ("SEVRASK, March 14, 2026 (Northgate) –"), a
"Published 14 March 2026" line, or the day of the event the lead reports ("on Friday,
March 13, 2026"). When an article comes without a date, the first full date (day, month
and year) written in its first lines is taken as its date, with the words it came from
in ``Article.meta["published_from"]``, so every view can say the date is inferred. A
weekday alone ("on Friday") or a day without a year names no date and is not used: a
guessed year would be worse than "unknown".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from rashomon.types import Article

LEAD_CHARS = 600  # the lead: a dateline and the first paragraph or two
INFERRED_KEY = "published_from"

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FULL_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # March 14, 2026
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),  # 14 March 2026
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2026-03-14
)


def infer_published(article: Article) -> Article:
    """``article`` with the first full date of its lead as its date, when it has none."""
    if article.published:
        return article
    found = first_full_date(article.text[:LEAD_CHARS])
    if found is None:
        return article
    day, words = found
    return replace(article, published=day.isoformat(), meta={**article.meta, INFERRED_KEY: words})


def first_full_date(text: str) -> tuple[date, str] | None:
    """The earliest-written full date in ``text`` (a real calendar day) and its words."""
    candidates = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            try:
                day = date(int(match["year"]), number, int(match["day"]))
            except ValueError:  # "February 30, 2026": no such day
                continue
            candidates.append((match.start(), day, match.group()))
    if not candidates:
        return None
    _, day, words = min(candidates)
    return day, words
