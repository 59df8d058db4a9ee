"""The web app in a real browser: uvicorn on 127.0.0.1 and Debian's chromium, driven by
Playwright (never Playwright's own browser download). Each page is opened, its key parts
checked visible, and a screenshot saved under the test's tmp folder. The console must stay
free of Content-Security-Policy reports (the policy blocks nothing the pages need), and no
hostile article may open a dialog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, sync_playwright

from rashomon.web.app import create_app
from tests.conftest import EXAMPLES
from tests.test_web_api import web_db  # noqa: F401  (the shared store fixture)
from tests.web_helpers import HOSTILE_OUTLETS, live_server

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason=f"{CHROMIUM} is missing (apt install chromium)"
)


@pytest.fixture(scope="module")
def base_url(web_db: Path) -> Iterator[str]:  # noqa: F811
    with live_server(create_app(web_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Visit:
    """A browser page that records console errors and dialogs."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.base_url = base_url
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.console.append(message.text)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, path

    def check_clean(self) -> None:
        assert self.page.evaluate("document.scripts.length") == 0
        assert self.console == [] and self.dialogs == []


@pytest.fixture()
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    page = Visit(browser, base_url)
    yield page
    page.page.close()


def story_id(visit: Visit, search: str) -> str:
    """The id of the first story the stories page lists for ``search`` (a query string)."""
    visit.open("/?" + search)
    href = visit.page.locator("a.story-link").first.get_attribute("href")
    assert href is not None
    return href.rsplit("/", 1)[1]


def test_stories_page(visit: Visit, screens: Path) -> None:
    visit.open("/")
    stories = visit.page.locator("li.story")
    assert stories.count() == 5 and stories.first.is_visible()
    assert visit.page.locator("form.search input[name=q]").is_visible()
    visit.page.fill("form.search input[name=q]", "merchant ships")
    visit.page.click("form.search button")
    visit.page.wait_for_url("**/?q=merchant+ships**")
    assert visit.page.locator("li.story").count() == 1
    assert visit.page.locator("p.snippet mark").first.is_visible()
    visit.page.screenshot(path=screens / "stories.png", full_page=True)
    visit.check_clean()


def test_stories_page_search_by_entity_and_speaker(visit: Visit, screens: Path) -> None:
    visit.open("/")
    visit.page.fill("form.search input[name=entity]", "Dmitri Orlov")
    visit.page.fill("form.search input[name=speaker]", "Aurel Danes")
    visit.page.click("form.search button")
    visit.page.wait_for_url("**/?*entity=Dmitri+Orlov*speaker=Aurel+Danes*")
    assert visit.page.locator("li.story").count() == 1
    heading = visit.page.locator("h2#found").inner_text()
    assert "entity Dmitri Orlov" in heading and "speaker Aurel Danes" in heading
    assert visit.page.locator("form.search input[name=entity]").input_value() == "Dmitri Orlov"
    quotes = visit.page.locator("#quotes-found + ul.hits li")  # the speaker's own quotes
    assert quotes.count() > 0 and "Aurel Danes" in quotes.first.inner_text()
    visit.page.screenshot(path=screens / "stories-by-name.png", full_page=True)
    # a name that is only a word of the texts finds no story
    visit.page.fill("form.search input[name=speaker]", "")
    visit.page.fill("form.search input[name=entity]", "merchant ships")
    visit.page.click("form.search button")
    visit.page.wait_for_url("**/?*entity=merchant+ships*")
    assert visit.page.locator("li.story").count() == 0
    assert visit.page.locator("p.empty").is_visible()
    visit.check_clean()


def test_story_page_side_by_side_and_coverage(visit: Visit, screens: Path) -> None:
    visit.open(f"/stories/{story_id(visit, 'q=merchant+ships')}")
    matrix = visit.page.locator("svg.matrix")
    assert matrix.is_visible()
    assert matrix.locator("circle.cell.omits").count() > 0  # omissions at a glance
    columns = visit.page.locator("#articles .columns article.column")
    assert columns.count() == 4
    columns.first.scroll_into_view_if_needed()
    assert columns.nth(0).is_visible() and columns.nth(1).is_visible()
    boxes = [columns.nth(i).bounding_box() for i in range(2)]
    assert boxes[0] and boxes[1] and boxes[0]["x"] < boxes[1]["x"]  # side by side
    assert boxes[0]["y"] == pytest.approx(boxes[1]["y"], abs=2)
    for figure in ("svg.graph", "svg.timeline"):
        assert visit.page.locator(figure).count() == 1
    # the CSP lets the report's colour swatches through (they are style attributes)
    swatch = visit.page.locator("table.articles-table .swatch").first
    assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert visit.page.locator("#story-articles tbody tr").count() == 5
    visit.page.screenshot(path=screens / "story.png", full_page=True)
    visit.check_clean()


def test_article_page(visit: Visit, screens: Path) -> None:
    visit.open(f"/stories/{story_id(visit, 'q=merchant+ships')}")
    visit.page.click("#story-articles tbody tr:nth-child(2) a")
    visit.page.wait_for_url("**/articles/*")
    quote = visit.page.locator(".article-text a.quote").first
    assert quote.is_visible()
    quote.click()
    assert visit.page.locator(".quote-list li:target").is_visible()
    assert visit.page.locator(".article-kicker a, .kicker a").first.is_visible()
    visit.page.screenshot(path=screens / "article.png", full_page=True)
    visit.check_clean()


def test_compare_form(visit: Visit, screens: Path) -> None:
    visit.open("/compare")
    files = sorted((EXAMPLES / "articles" / "halvard-bridge-barge").glob("*.txt"))[:2]
    for n, path in enumerate(files):
        slot = visit.page.locator("fieldset.slot").nth(n)
        slot.locator("textarea[name=text]").fill(path.read_text("utf-8"))
        slot.locator("input[name=outlet]").fill(path.stem.replace("-", " ").title())
    visit.page.screenshot(path=screens / "compare-form.png", full_page=True)
    with visit.page.expect_navigation(timeout=60_000):
        visit.page.click("form.compare-form button[type=submit]")
    assert visit.page.locator("svg.matrix").is_visible()
    columns = visit.page.locator("#articles .columns article.column")
    assert columns.count() == 2
    columns.first.scroll_into_view_if_needed()
    assert columns.nth(1).is_visible()
    visit.page.screenshot(path=screens / "compare-result.png", full_page=True)
    visit.check_clean()


def test_hostile_story_runs_nothing(visit: Visit, screens: Path) -> None:
    visit.open(f"/stories/{story_id(visit, urlencode({'outlet': HOSTILE_OUTLETS[0]}))}")
    assert visit.page.locator("svg.matrix").is_visible()
    visit.page.locator("#articles").scroll_into_view_if_needed()
    visit.page.mouse.move(300, 300)
    visit.page.screenshot(path=screens / "hostile-story.png", full_page=True)
    visit.check_clean()


def test_api_docs_page(visit: Visit, screens: Path) -> None:
    visit.open("/docs")
    assert visit.page.locator("section.endpoint").count() >= 7
    visit.page.screenshot(path=screens / "docs.png", full_page=True)
    visit.check_clean()
