"""The HTML report of a Comparison, rendered from hand-built comparisons of invented articles."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rashomon.compare.types import (
    ArticleRef,
    ArticleTone,
    Comparison,
    Conflict,
    ConflictValue,
    Credit,
    FactGroup,
    Framing,
    LoadedTerm,
    NamedThing,
    PairSimilarity,
    Passage,
    Person,
    QuoteGroup,
    QuoteMember,
    TimelineEntry,
    WordDiff,
)
from rashomon.present.compare_html import (
    Mark,
    highlight,
    paragraphs,
    render_comparison_html,
    safe_url,
)
from rashomon.types import Analysis, Article, Sentence, Tone

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BROKEN = "</div><b>"
EVIL = f"{SCRIPT}{IMG}{BROKEN}"

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "col", "area", "base"}


class _Page(HTMLParser):
    """Every element of the page, and whether the elements nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _at(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def _passage(article: Article, words: str) -> Passage:
    start, end = _at(article.text, words)
    return Passage(article.id, start, end, words)


def _analysis(article: Article) -> Analysis:
    sentences = tuple(
        Sentence(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n.]+[.]?", article.text)
    )
    return Analysis(
        article=article,
        language="en",
        language_confidence=0.99,
        sentences=sentences,
        entities=(),
        quotes=(),
        citations=(),
        tone=Tone(sentences=(), sentiment=0.0, loaded_density=0.0),
        embeddings=None,
    )


REFERENCE = "Any warships escorting vessels will be regarded as legitimate targets for their defeat"
REWORDED = "Any warships escorting vessels will be regarded as legitimate targets for destruction"


def story(evil: str = "", url: str = "https://northgate.example/a") -> Comparison:
    """Three invented tellings of one story; ``evil`` is planted in every untrusted field."""
    north = Article(
        id="art-north",
        title=f"Dravnia detains 26 ships{evil}",
        outlet=f"Northgate Wire{evil}",
        url=url,
        published="2026-03-14T09:30:00Z",
        text=(
            f"Dravnia detains 26 ships in Korsa Strait{evil}\n\n"
            "Dravnian forces detained 26 merchant ships overnight, the defence ministry said.\n\n"
            f'"{REFERENCE}," Orlov said.{evil}\n\n'
            "Insurers raised war-risk premiums, brokers said."
        ),
    )
    coastal = Article(
        id="art-coastal",
        title="Dravnia seizes ships",
        outlet="Coastal Times",
        url="javascript:alert(1)",
        published="2026-03-14T11:00:00Z",
        text=(
            "Dravnia seizes ships\n\n"
            "Dravnian forces seized 24 merchant ships overnight, according to Northgate Wire.\n\n"
            f'"{REWORDED}," said Orlov, in a brazen threat.'
        ),
    )
    harbor = Article(
        id="art-harbor",
        title="Strait standoff",
        outlet="Harbor Ledger",
        text=(
            "Strait standoff\n\n"
            "Dravnian forces detained 26 ships overnight.\n\n"
            f'"{REFERENCE}," Danes said.\n\n'
            '"We will not be intimidated," Danes said.'
        ),
    )
    articles = (north, coastal, harbor)
    refs = tuple(
        ArticleRef(a.id, (a.outlet or "harbor.txt"), a.path, a.outlet, a.title, a.published, "en")
        for a in articles
    )
    detained = FactGroup(
        id="F1",
        members=(
            _passage(north, "Dravnian forces detained 26 merchant ships overnight"),
            _passage(coastal, "Dravnian forces seized 24 merchant ships overnight"),
            _passage(harbor, "Dravnian forces detained 26 ships overnight"),
        ),
        articles=(north.id, coastal.id, harbor.id),
        coverage="all",
        first=north.id,
        conflicts=(
            Conflict(
                "number",
                "ships",
                tuple(
                    ConflictValue(a.id, *_at(a.text, words), words)
                    for a, words in (
                        (north, "26 merchant ships"),
                        (coastal, "24 merchant ships"),
                        (harbor, "26 ships"),
                    )
                ),
            ),
        ),
    )
    warning = FactGroup(
        id="F2",
        members=(
            _passage(north, REFERENCE),
            _passage(coastal, REWORDED),
            _passage(harbor, REFERENCE),
        ),
        articles=(north.id, coastal.id, harbor.id),
        coverage="all",
        first=north.id,
        # as the engine flags a quote given to different speakers on the facts it overlaps
        conflicts=(
            Conflict(
                "speaker",
                REFERENCE,
                tuple(
                    ConflictValue(a.id, *_at(a.text, name, nth), speaker)
                    for a, name, nth, speaker in (
                        (north, "Orlov", 0, f"Dmitri Orlov{evil}"),
                        (coastal, "Orlov", 0, f"Dmitri Orlov{evil}"),
                        (harbor, "Danes", 0, "Aurel Danes"),
                    )
                ),
                quote="Q1",
            ),
        ),
    )
    insurers = FactGroup(
        id="F3",
        members=(_passage(north, "Insurers raised war-risk premiums, brokers said."),),
        articles=(north.id,),
        coverage="one",
        first=north.id,
        conflicts=(),
    )
    intimidated = FactGroup(
        id="F4",
        members=(_passage(harbor, "We will not be intimidated"),),
        articles=(harbor.id,),
        coverage="one",
        first=harbor.id,
        conflicts=(),
    )

    def member(article: Article, words: str, speaker: str, diff: tuple[WordDiff, ...] = ()):
        p = _passage(article, words)
        similarity = 1.0 if not diff else 0.82
        return QuoteMember(
            article.id, p.start, p.end, words, (p,), "direct", speaker, similarity, diff
        )

    diff = (
        WordDiff(
            "equal", REFERENCE.removesuffix(" their defeat"), REWORDED.removesuffix(" destruction")
        ),
        WordDiff("replace", "their defeat", "destruction"),
    )
    targets = QuoteGroup(
        id="Q1",
        speaker=f"Dmitri Orlov{evil}",
        members=(
            member(north, REFERENCE, f"Dmitri Orlov{evil}"),
            member(coastal, REWORDED, f"Dmitri Orlov{evil}", diff),
            member(harbor, REFERENCE, "Aurel Danes"),
        ),
        articles=(north.id, coastal.id, harbor.id),
        reference=0,
        wording="reworded",
        speakers_disagree=True,
    )
    alone = QuoteGroup(
        id="Q2",
        speaker="Aurel Danes",
        members=(member(harbor, "We will not be intimidated", "Aurel Danes"),),
        articles=(harbor.id,),
        reference=0,
        wording="identical",
        speakers_disagree=False,
    )

    def loaded(article: Article, words: str, quoted: bool) -> LoadedTerm:
        return LoadedTerm(*_at(article.text, words), words, "derogatory", 0.8, quoted)

    brazen = loaded(coastal, "brazen", False)
    seized = loaded(coastal, "seized", False)
    targets_word = loaded(north, "legitimate targets", True)
    return Comparison(
        analyses=tuple(_analysis(a) for a in articles),
        articles=refs,
        same_story=True,
        similarity=0.81,
        pairs=(
            PairSimilarity(north.id, coastal.id, 0.9, 0.88, 0.7, 0.8),
            PairSimilarity(north.id, harbor.id, 0.81, 0.8, 0.66, 0.7),
            PairSimilarity(coastal.id, harbor.id, 0.85, 0.84, 0.7, 0.75),
        ),
        facts=(detained, warning, insurers, intimidated),
        omissions={north.id: ("F4",), coastal.id: ("F3", "F4"), harbor.id: ("F3",)},
        unmatched={},
        quotes=(targets, alone),
        people=(
            Person(
                f"Dmitri Orlov{evil}",
                {north.id: 1, coastal.id: 1},
                {north.id: 1, coastal.id: 1},
                (f"Dmitri Orlov{evil}", "Orlov"),
            ),
            Person("Aurel Danes", {harbor.id: 2}, {harbor.id: 2}, ("Aurel Danes",)),
            Person("Maren Holt", {north.id: 1}, {}, ("Maren Holt",)),
        ),
        things=(
            NamedThing(f"Korsa Strait{evil}", "LOC", {north.id: 1}),
            NamedThing("Dravnia", "GPE", {north.id: 1, coastal.id: 1, harbor.id: 1}),
        ),
        credits=(
            Credit(
                north.id,
                f"defence ministry{evil}",
                "official",
                f"said{evil}",
                *_at(north.text, "the defence ministry"),
                None,
            ),
            Credit(
                coastal.id,
                f"Northgate Wire{evil}",
                "outlet",
                "according to",
                *_at(coastal.text, "Northgate Wire"),
                north.id,
            ),
        ),
        tone=(
            ArticleTone(north.id, -0.2, 0.0, (targets_word,)),
            ArticleTone(coastal.id, -0.55, 6.2, (seized, brazen)),
            ArticleTone(harbor.id, None, 0.0, ()),
        ),
        framings=(
            Framing(
                "F1",
                detained.members[:2],
                {north.id: (), coastal.id: ("seized",)},
                {north.id: 0.0, coastal.id: -0.3},
            ),
        ),
        timeline=(
            TimelineEntry(north.id, north.published, 0.0),
            TimelineEntry(coastal.id, coastal.published, 1.5),
            TimelineEntry(harbor.id, None, None),
        ),
        first_published=north.id,
    )


def test_page_has_every_section_in_order() -> None:
    page = render_comparison_html(story())
    ids = ["coverage", "omissions", "conflicts", "quotes", "people", "tone", "timeline", "articles"]
    positions = [page.index(f'<section id="{name}"') for name in ids]
    assert positions == sorted(positions)
    assert page.index("Same story") < positions[0]
    assert "first published by <strong>Northgate Wire</strong>" in page
    assert "Carried by one outlet only" in page
    assert "Without a date: Harbor Ledger." in page
    # the speaker dispute is shown once, by its quote, with each article's speaker marked
    assert page.count("The same words, attributed to different people") == 1
    assert "The speaker differs" not in page
    assert '<mark class="value">Danes</mark>' in page
    assert not _parse(page).errors


def test_coverage_matrix_has_a_cell_per_fact_and_article_filled_for_carriers() -> None:
    comparison = story()
    page = _parse(render_comparison_html(comparison))
    cells = {
        (attrs["data-fact"], attrs["data-article"]): attrs["class"]
        for tag, attrs in page.elements
        if tag == "circle" and "data-fact" in attrs
    }
    drawn = [attrs for tag, attrs in page.elements if tag == "circle" and "data-fact" in attrs]
    assert len(drawn) == len(comparison.facts) * len(comparison.articles) == len(cells)
    for fact in comparison.facts:
        for ref in comparison.articles:
            expected = "cell carries" if ref.id in fact.articles else "cell omits"
            assert cells[fact.id, ref.id] == expected
    # facts every article carries are drawn first, then by number of carriers
    order = [attrs["data-fact"] for attrs in drawn[:: len(comparison.articles)]]
    assert order[:2] == ["F1", "F2"]


def test_matrix_rows_are_capped_and_every_fact_is_still_listed() -> None:
    comparison = story()
    north = comparison.analyses[0].article
    extra = tuple(
        FactGroup(f"F{i}", (_passage(north, "Insurers"),), (north.id,), "one", north.id, ())
        for i in range(10, 90)
    )
    comparison.facts = comparison.facts + extra
    page = render_comparison_html(comparison)
    drawn = re.findall(r'<circle class="cell [a-z]+" data-fact="([^"]+)"', page)
    assert len(set(drawn)) == 60
    assert "The drawing shows the first 60 of 84 facts" in page
    assert 'id="fact-F89"' in page


def test_reworded_quote_shows_its_word_diff() -> None:
    page = render_comparison_html(story())
    assert "legitimate targets for <del>their defeat</del> <ins>destruction</ins>" in page
    # the quote group links to each member in the article text, and back
    assert 'id="quote-Q1"' in page
    assert 'id="a2-quote-Q1"' in page
    assert 'href="#quote-Q1"' in page


def test_article_text_marks_nest_and_escape() -> None:
    text = 'He said "a <b> & c" loudly.'
    quote = Mark(8, 19, 1, "a", (("class", "quote"),), (("id", "q"),))
    inner = Mark(11, 14, 3, "span", (("class", "loaded"),))
    crossing = Mark(0, 12, 0, "span", (("class", "only"),))
    out = highlight(text, 0, len(text), [quote, inner, crossing])
    assert out == (
        '<span class="only">He said <a class="quote" id="q">&#34;a '
        '<span class="loaded">&lt;</span></a></span>'
        '<a class="quote"><span class="loaded">b&gt;</span> &amp; c&#34;</a> loudly.'
    )
    assert not _parse(str(out)).errors


def test_paragraphs_split_at_blank_lines_else_line_breaks() -> None:
    assert paragraphs("One.\nstill one.\n\n  Two. \n") == [(0, 15), (19, 23)]
    assert paragraphs("One.\nTwo.") == [(0, 4), (5, 9)]


def test_untrusted_text_never_becomes_markup() -> None:
    page = render_comparison_html(story(EVIL, url="javascript:alert(1)"))
    parsed = _parse(page)
    assert not parsed.errors, parsed.errors[:3]
    tags = {tag for tag, _ in parsed.elements}
    assert "script" not in tags
    assert "img" not in tags
    assert "b" not in tags
    for tag, attrs in parsed.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "xlink:href"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert SCRIPT not in page
    assert "<img" not in page
    assert BROKEN not in page
    # the planted words are still shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_is_self_contained() -> None:
    page = render_comparison_html(story())
    parsed = _parse(page)
    for tag, attrs in parsed.elements:
        if tag in {"link", "script", "img", "iframe", "object", "embed", "source", "image", "use"}:
            pytest.fail(f"external asset element <{tag}>")
        if tag != "a":
            assert "http" not in attrs.get("src", "") + attrs.get("href", ""), (tag, attrs)
    assert "@import" not in parsed.style
    assert "url(" not in parsed.style
    assert "default-src 'none'" in page
    # only http(s) article URLs become links
    assert 'href="https://northgate.example/a"' in page
    assert "javascript:" not in page


def test_ten_articles_render_quickly() -> None:
    comparison = story()
    base = comparison.analyses
    analyses, refs = [], []
    for n in range(10):
        source = base[n % 3].article
        article = Article(
            id=f"{source.id}-{n}",
            text=(source.text + "\n\n") * 12,
            title=source.title,
            outlet=f"{source.outlet} {n}",
            published=source.published,
        )
        analyses.append(_analysis(article))
        refs.append(
            ArticleRef(article.id, f"Outlet {n}", None, article.outlet, article.title, None, "en")
        )
    ids = tuple(r.id for r in refs)
    facts = tuple(
        FactGroup(
            f"F{i}",
            tuple(
                Passage(a.article.id, 0, 10, a.article.text[:10]) for a in analyses[: 1 + i % 10]
            ),
            ids[: 1 + i % 10],
            "some",
            ids[0],
            (),
        )
        for i in range(80)
    )
    big = Comparison(
        analyses=tuple(analyses),
        articles=tuple(refs),
        same_story=False,
        similarity=0.4,
        pairs=(),
        facts=facts,
        omissions={r.id: tuple(f.id for f in facts if r.id not in f.articles) for r in refs},
        unmatched={},
        quotes=(),
        people=(),
        things=(),
        credits=(),
        tone=(),
        framings=(),
        timeline=tuple(TimelineEntry(r.id, None, None) for r in refs),
        first_published=None,
    )
    render_comparison_html(big)  # templates compile once per process
    started = time.perf_counter()
    page = render_comparison_html(big)
    assert time.perf_counter() - started < 0.5
    assert not _parse(page).errors


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed")
def test_screenshot_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(render_comparison_html(story()), encoding="utf-8")
    shot = tmp_path / "story.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/protocol-relative", False),
        ("https://example.org/\nnext", False),
        (None, False),
    ],
)
def test_only_plain_http_urls_become_links(url: str | None, kept: bool) -> None:
    assert (safe_url(url) is not None) == kept
