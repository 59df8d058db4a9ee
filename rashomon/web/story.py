"""A stored story's page and JSON, built together from one comparison of its articles.

``api.story_comparison`` gives the record ``rashomon story`` prints (the listing, every
article, the copy groups) and the comparison of the articles worth comparing. Both
forms are rendered at once and cached together (``PageCache``): the comparison is the
expensive part, and keeping bytes instead of the ``Comparison`` (which holds every
sentence vector of its articles) keeps the cache small.
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass

import orjson
from starlette.responses import Response

from rashomon.api import story_comparison
from rashomon.compare.engine import compare
from rashomon.compare.types import Comparison
from rashomon.outlets.coverage import Breakdown, breakdowns
from rashomon.outlets.registry import Registry
from rashomon.outlets.voices import Voices, voices
from rashomon.present.compare_json import comparison_to_dict
from rashomon.present.coverage import breakdown_to_dict, coverage_section, voices_to_dict
from rashomon.store.sqlite import Store
from rashomon.types import Analysis
from rashomon.web.render import comparison_fragment, render

# Comparisons running at once: each is CPU-bound, so more than the cores only adds waiting
# and memory; requests beyond this queue here.
COMPARING = threading.BoundedSemaphore(2)


class UnknownStory(LookupError):
    """No story with this id (it may have been merged into another since it was listed)."""


@dataclass(frozen=True, slots=True)
class StoryPage:
    """The story's HTML page and its JSON document, gzip-compressed.

    Kept compressed: a page of 8 compared articles is ~290 KB (their full texts, marked
    up), page and JSON together ~35 KB gzipped, so the cache holds about ten times more
    stories, and clients that take gzip (every browser) are sent the cached bytes as
    they are.
    """

    html_gz: bytes
    json_gz: bytes

    def __len__(self) -> int:
        return len(self.html_gz) + len(self.json_gz)

    def html_response(self, accept_encoding: str) -> Response:
        return compressed_response(self.html_gz, "text/html; charset=utf-8", accept_encoding)

    def json_response(self, accept_encoding: str) -> Response:
        return compressed_response(self.json_gz, "application/json", accept_encoding)


def compressed_response(body: bytes, media_type: str, accept_encoding: str) -> Response:
    """``body`` (gzip) as sent to a client that accepts gzip, decompressed for any other."""
    headers = {"Vary": "Accept-Encoding"}
    if _accepts_gzip(accept_encoding):
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, media_type=media_type, headers=headers)


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip()
            return not quality or _positive(quality)
    return False


def _positive(quality: str) -> bool:
    try:
        return float(quality) > 0
    except ValueError:
        return False


def compare_analyses(analyses: list[Analysis]) -> Comparison:
    """``compare``, at most ``COMPARING`` at a time."""
    with COMPARING:
        return compare(analyses)


def public_comparison(comparison: Comparison) -> dict:
    """The comparison's JSON without the server's file paths of its articles."""
    document = comparison_to_dict(comparison)
    for article in document.get("articles", []):
        article.pop("path", None)
    return document


def story_coverage(store: Store, story_id: int) -> tuple[list[Breakdown], Voices]:
    """A story's articles by outlet group, and whom they quote."""
    registry = Registry.load(store)
    rows = list(store.coverage_rows(story_id=story_id))
    heard = voices(a for r in rows if (a := store.get_analysis(r.id)) is not None)
    return breakdowns(rows, registry), heard


def build_story_page(store: Store, story_id: int) -> StoryPage:
    """Compare the story's chosen articles and render its page and JSON; UnknownStory if gone."""
    with COMPARING:  # the comparison is the costly part; the record is read with it
        found = story_comparison(store, story_id)
    if found is None:
        raise UnknownStory(story_id)
    record, comparison = found
    groups, heard = story_coverage(store, story_id)
    document = {
        "story": record,
        "comparison": public_comparison(comparison) if comparison else None,
        "coverage": {
            "breakdowns": [breakdown_to_dict(b) for b in groups],
            "voices": voices_to_dict(heard),
        },
    }
    html = render(
        "story.html",
        story=record,
        titles={a["id"]: a["outlet"] or a["title"] or a["id"] for a in record["articles"]},
        comparison=comparison_fragment(comparison) if comparison else None,
        coverage=coverage_section(groups, heard, anchor="story-coverage"),
    )
    return StoryPage(
        gzip.compress(html.encode(), mtime=0), gzip.compress(orjson.dumps(document), mtime=0)
    )
