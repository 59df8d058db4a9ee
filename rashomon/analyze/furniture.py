"""Page furniture in article bodies: the lines that are not the story's text.

Scraped bodies carry the headline again as their first line, photo captions, sub-headings,
bylines, related-link headlines, embedded tweets, "Read more" links and trailers ("The
Associated Press contributed to this report"). Read as text they become facts, quotes and
speakers (a headline "Mayor Resigns" taken for a person who speaks). ``furniture_spans``
finds them so that later stages can leave them out; it never changes the text or any
offset: analysis stays a pure function of the article.

Every rule reads one paragraph (a line of its own: ``sentences.paragraphs``) and uses only
cues that hold across outlets: its position, its shape (no sentence-final punctuation,
title case, few words), the article's own title, newsroom conventions for trailers,
credits and embeds. No rule names an outlet or an event. A paragraph that ends like a
sentence is furniture only by a positive cue (the repeated title, a photo credit, a
trailer's wording, a tweet's signature, a "Read more" lead); never for being short.

Rules, in the order they are tried (the first that matches names the kind):

- ``headline`` / repeated title: the paragraph's words are the title's words (any case,
  any punctuation), wherever it stands: bodies repeat the headline, sometimes twice.
- ``headline`` / leading line: the first paragraph, when it has no sentence end, at most
  HEADLINE_MAX_WORDS words and more text follows: a headline or deck (title missing or
  worded otherwise); and a line without a sentence end right after such lines at the top
  (the deck under a headline), the same length at most.
- ``byline``: "By Name[, Name and Name][, Outlet]" alone on a line, every word after "By"
  a capitalised one or a connective; "Published ..."/"Updated ..." date lines.
- ``embed``: a tweet's signature ("— Name (@handle) January 5, 2017"), a
  "pic.twitter.com/..." link, "A post shared by" (Instagram); a signature alone on its
  line takes the tweet's text on the line before it too.
- ``trailer``: newsroom end notes: "A version of this article appears in print ...",
  "... contributed to this report/contributed reporting", "(Reporting by ...", "Editing
  by", "This story has been updated ...", copyright lines, "Follow X on Twitter".
- ``read-more``: a line led by "Read more", "Click here", "Continue reading", "Sign up",
  "Subscribe", "Watch:", "Advertisement", "Story continues below".
- ``related``: a line led by "Related:", "More:", "See also"; and a run of two or more
  title-shaped lines in the body (a list of links).
- ``caption``: a photo credit: a parenthesis naming a photo or image, "Photo: ...",
  "Credit ...", a "Name/Agency" credit at the end, an AP-style "FILE - ..." or "file
  photo" caption.
- ``subheading``: a short line in the body (at most SUBHEADING_MAX_WORDS words) with no
  sentence end, in title case or capitals.
- ``fragment``: a stray line of at most FRAGMENT_MAX_WORDS words with no sentence end and
  not leading into the next line (no closing colon or comma), not a list item or a quote's
  signature ("— Name").
"""

from __future__ import annotations

import re

from rashomon.analyze.sentences import paragraphs

FurnitureSpan = tuple[int, int, str]  # (start, end, kind): offsets into the article text

# Thresholds, chosen on the shapes of the 30 real-news development articles' headlines
# (/work/shared/data/realnews_compare, longest headline 17 words) and of invented bodies
# in tests/test_furniture.py; none was tuned to a score.
HEADLINE_MAX_WORDS = 25  # a first line longer than this without a sentence end is text
SUBHEADING_MAX_WORDS = 12  # sub-headings and link titles are short
FRAGMENT_MAX_WORDS = 6  # a stray line that is not title-shaped: "Advertisement", "Loading"
BYLINE_MAX_WORDS = 14  # "By Jane Doe, John Roe and Ann Poe, Fox News Channel"
READ_MORE_MAX_WORDS = 40  # a "Read more: <headline>" line, not a paragraph of text
TITLE_CASE_SHARE = 0.75  # share of capitalised content words in a title-shaped line

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_LEADS_ON = re.compile(r"[:,;—–-]\s*$")  # "Here is the statement:" introduces what follows
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,2}[.)]\s)")
_FUNCTION_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "into",
        "over",
        "after",
        "before",
        "vs",
        "via",
        "per",
        "is",
        "are",
        "was",
        "be",
        "de",
        "la",
        "el",
        "y",
    )
)
_CONNECTIVES = frozenset(
    (
        "and",
        "of",
        "the",
        "for",
        "at",
        "in",
        "de",
        "y",
    )
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_TWEET_SIGNATURE = re.compile(
    r"[—–-]\s*[^()\n]{1,80}\(@\w{1,15}\)\s*" + _MONTH + r"\s+\d{1,2},\s+\d{4}\s*$"
)
_EMBED = re.compile(
    r"pic\.twitter\.com/\w|\bA post shared by\b|^\s*Embedded video\s*$"
    r"|^<(?:tweet|blockquote|iframe)\b",
    re.I,
)
_BYLINE = re.compile(r"^(?:By|BY)\s+([A-Z].*)$")
_DATE_LINE = re.compile(
    r"^(?:Published|Updated|Posted|Last updated|First published)\b[^.!?]*"
    r"(?:\d|" + _MONTH + r"|a\.m\.|p\.m\.)",
)
_TRAILER = re.compile(
    r"^A version of this (?:article|story|report) appear(?:s|ed)\b"
    r"|\bcontributed (?:to this (?:report|story|article)|reporting|additional reporting)\b"
    r"|^\(?(?:Additional )?(?:Reporting|Writing|Editing) by\b"
    r"|^This (?:story|article|report) (?:has been|was|is being) (?:updated|corrected)\b"
    r"|^(?:Copyright|©)|\bAll rights reserved\b"
    r"|^Follow\b.{1,80}\bon (?:Twitter|Facebook|Instagram|X)\b",
    re.I,
)
_READ_MORE = re.compile(
    r"^(?:Read more|Read the full|Click here|Continue reading|Sign up|Subscribe\b|Watch\s*:"
    r"|Listen\s*:|Story continues below|Advertisement\s*$|Get the latest)",
    re.I,
)
_RELATED = re.compile(
    r"^(?:Related(?: coverage| stories| articles)?|More|See also|Also read)\s*:", re.I
)
_CAPTION = re.compile(
    r"\([^()]*\b(?:Photo|Photos|Photograph|Image|Images|Picture|Pictures|Video)\b[^()]*\)\s*$"
    r"|^(?:Photo|Photograph|Image|Pictured|Above|Top)\s*:"
    r"|\b(?:Photo|Image|Photograph)s? (?:by|courtesy of|credit)\b"
    r"|\bCredit:?\s+[A-Z][\w.'’ -]{1,40}(?:/[\w.'’ -]{2,40})?\s*$"
    r"|\b[A-Z][\w.'’-]+ [A-Z][\w.'’-]+/[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4}\.?\)?\s*$"
    r"|^FILE(?: PHOTO)?\s*[-–—:]|\bin this (?:\w+ ){0,3}file (?:photo|image)\b",
)


def furniture_spans(article_text: str, title: str | None = None) -> list[FurnitureSpan]:
    """(start, end, kind) of every furniture line of ``article_text``, in text order.

    ``title`` is the article's headline from its metadata, when known. Spans cover the
    stripped line; kinds are ``headline``, ``byline``, ``embed``, ``trailer``,
    ``read-more``, ``related``, ``caption``, ``subheading`` and ``fragment`` (the rules
    in the module's docstring).
    """
    title_words = _words(title) if title else []
    lines = []
    for start, end in paragraphs(article_text):
        raw = article_text[start:end]
        lead = len(raw) - len(raw.lstrip())
        line = raw.strip()
        lines.append((start + lead, start + lead + len(line), line))
    kinds: list[str | None] = [
        _kind(line, n, len(lines), title_words) for n, (_, _, line) in enumerate(lines)
    ]
    for n, (_, _, line) in enumerate(lines):
        # the deck under the headline: no sentence end, above every line of text
        if kinds[n] is None and n > 0 and all(k in ("headline", "byline") for k in kinds[:n]):
            words = len(_words(line))
            shape = not _SENTENCE_END.search(line) and not _LEADS_ON.search(line)
            if shape and 2 <= words <= HEADLINE_MAX_WORDS:
                kinds[n] = "headline"
        # a tweet's signature alone on its line: the tweet's text is the line before it
        if kinds[n] == "embed" and line[:1] in "—–-" and n > 0 and kinds[n - 1] is None:
            kinds[n - 1] = "embed"
        # a run of title-shaped lines is a list of links, not sub-headings
        if kinds[n] == "subheading" and n > 0 and kinds[n - 1] in ("subheading", "related"):
            kinds[n - 1] = kinds[n] = "related"
    return [(s, e, kind) for (s, e, _), kind in zip(lines, kinds, strict=True) if kind]


def in_furniture(spans: list[FurnitureSpan], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``spans``."""
    return any(start <= offset < end for start, end, _ in spans)


def _kind(line: str, index: int, count: int, title_words: list[str]) -> str | None:
    words = _words(line)
    if not words:
        return None
    sentence_end = bool(_SENTENCE_END.search(line))
    if title_words and words == title_words:
        return "headline"
    leads_on = bool(_LEADS_ON.search(line))  # "Minister Orlov stated:" introduces what follows
    if (
        index == 0
        and count > 1
        and not sentence_end
        and not leads_on
        and 2 <= len(words) <= HEADLINE_MAX_WORDS
    ):
        return "headline"
    if _is_byline(line, words) or (_DATE_LINE.match(line) and len(words) <= BYLINE_MAX_WORDS):
        return "byline"
    if _TWEET_SIGNATURE.search(line) or _EMBED.search(line):
        return "embed"
    if _TRAILER.search(line):
        return "trailer"
    if _READ_MORE.match(line) and len(words) <= READ_MORE_MAX_WORDS:
        return "read-more"
    if _RELATED.match(line) and len(words) <= READ_MORE_MAX_WORDS:
        return "related"
    if _CAPTION.search(line):
        return "caption"
    if sentence_end or leads_on or _LIST_ITEM.match(line):
        return None
    if line[:1] in "\"“”«'‘":
        return None  # a quotation missing its closing punctuation is still speech
    if len(words) <= SUBHEADING_MAX_WORDS and _title_shaped(line):
        return "subheading"
    if len(words) <= FRAGMENT_MAX_WORDS:
        return "fragment"
    return None


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _is_byline(line: str, words: list[str]) -> bool:
    match = _BYLINE.match(line)
    if match is None or len(words) > BYLINE_MAX_WORDS or line.rstrip().endswith((".", "!", "?")):
        return False
    names = _WORD.findall(match.group(1))
    return bool(names) and all(w[:1].isupper() or w.lower() in _CONNECTIVES for w in names)


def _title_shaped(line: str) -> bool:
    """Title case or capitals: at least TITLE_CASE_SHARE of the content words (function
    words aside) start with a capital or a digit."""
    content = [w for w in _WORD.findall(line) if w.lower() not in _FUNCTION_WORDS]
    if not content:
        return False
    capital = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capital >= TITLE_CASE_SHARE * len(content)
