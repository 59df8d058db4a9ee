"""The coverage views in a real browser (Debian's chromium driven by Playwright, as
tests/test_web_browser.py does): the coverage page's bars and attention plot, a story's
coverage, an outlet's page, facets that filter when clicked, and long outlet names in a
comparison that stay inside their cells. Screenshots go to the test's tmp folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from rashomon.store.sqlite import Store
from rashomon.web.app import create_app
from tests.conftest import EXAMPLES
from tests.test_coverage import rated_db  # noqa: F401  (the store fixture)
from tests.test_web_api import web_db  # noqa: F401  (the shared store fixture)
from tests.test_web_browser import CHROMIUM, Visit, browser, pytestmark  # noqa: F401
from tests.web_helpers import live_server

LONG_OUTLET = (
    "The Extraordinarily Long-Named Independent Evening Chronicle and Shipping Gazette of "
    "the Northern Coastal Provinces, Islands and Associated Harbour Towns"
)
# Cells whose content is wider than the cell itself (it spills into the next column),
# tables and figures wider than their box (they scroll sideways), and the page's width
# beyond the window's.
_OVERFLOW = """() => {
  const spilled = [];
  for (const cell of document.querySelectorAll('td, th, figcaption, .facet-name')) {
    const style = getComputedStyle(cell);
    if (style.overflow === 'hidden' && style.textOverflow === 'ellipsis') continue;
    if (cell.scrollWidth > cell.clientWidth + 1) spilled.push(cell.textContent.slice(0, 60));
  }
  for (const wrap of document.querySelectorAll('.table-wrap, .coverage-figure')) {
    const text = wrap.textContent.trim().slice(0, 60);
    if (wrap.scrollWidth > wrap.clientWidth + 1) spilled.push('scrolls: ' + text);
  }
  return {spilled, page: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture(scope="module")
def base_url(rated_db: Path) -> Iterator[str]:  # noqa: F811
    with live_server(create_app(rated_db)) as url:
        yield url


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("coverage-screenshots")


@pytest.fixture()
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:  # noqa: F811
    page = Visit(browser, base_url)
    yield page
    page.page.close()


def test_coverage_page(visit: Visit, screens: Path) -> None:
    visit.open("/coverage?dimension=lean")
    bars = visit.page.locator("svg.coverage-bars")
    assert bars.count() == 2 and bars.first.is_visible()
    plot = visit.page.locator("svg.attention")
    # the four levels, unknown (Noticias Lucena has no lean) and not in the registry
    assert plot.is_visible() and plot.locator("polyline").count() == 6
    assert visit.page.locator("#blindspots ~ ul.hits li").count() >= 1
    visit.page.locator("details summary").click()  # the plot's numbers, as a table
    assert visit.page.locator("details table").is_visible()
    visit.page.select_option("select[name=dimension]", "country")
    visit.page.click("form.search button")
    visit.page.wait_for_url("**/coverage?*dimension=country*")
    assert "Dravnia" in (visit.page.locator("svg.coverage-bars").nth(1).text_content() or "")
    visit.page.screenshot(path=screens / "coverage.png", full_page=True)
    assert visit.page.evaluate(_OVERFLOW) == {"spilled": [], "page": 0}
    visit.check_clean()


def test_a_storys_coverage(visit: Visit, screens: Path, rated_db: Path) -> None:  # noqa: F811
    with Store.open(rated_db) as store:
        story = next(s.id for s in store.stories() if "Vestnik Dravnii" in s.outlets)
    visit.open(f"/stories/{story}")
    section = visit.page.locator("#story-coverage")
    section.scroll_into_view_if_needed()
    assert section.locator("svg.coverage-bars").count() == 6
    lean = section.locator("figure", has_text="By lean")
    assert lean.is_visible() and "Invented four-point" in lean.inner_text()
    assert section.locator("table.voices tbody tr").first.is_visible()
    section.screenshot(path=screens / "story-coverage.png")
    visit.check_clean()


def test_an_outlets_page(visit: Visit, screens: Path) -> None:
    visit.open("/outlets")
    visit.page.screenshot(path=screens / "outlets.png", full_page=True)
    visit.page.click("table.outlets a:text-is('Harbor Ledger')")
    visit.page.wait_for_url("**/outlets/Harbor%20Ledger")
    assert visit.page.locator("dl.facts").is_visible()
    assert visit.page.locator("text=What it leaves out").is_visible()
    assert visit.page.locator("#outlet-coverage svg").count() >= 1
    visit.page.screenshot(path=screens / "outlet.png", full_page=True)
    assert visit.page.evaluate(_OVERFLOW) == {"spilled": [], "page": 0}
    visit.check_clean()


def test_facets_filter_when_clicked(visit: Visit, screens: Path) -> None:
    visit.open("/articles")
    total = visit.page.locator("h2#found").inner_text()
    ru = visit.page.locator(".facet li a", has_text="ru")
    count = ru.locator(".facet-count").inner_text()
    ru.click()
    visit.page.wait_for_url("**language=ru**")
    assert visit.page.locator("h2#found").inner_text() == f"{count} articles" != total
    assert visit.page.locator(".facet li.selected").count() == 1
    visit.page.screenshot(path=screens / "articles-facets.png", full_page=True)
    visit.open("/")
    visit.page.locator(".facet li a", has_text="state").click()
    visit.page.wait_for_url("**group=state**")
    assert visit.page.locator("li.story").count() == 2
    visit.page.screenshot(path=screens / "stories-facets.png", full_page=True)
    visit.check_clean()


def test_long_outlet_names_stay_in_their_cells(visit: Visit, screens: Path) -> None:
    visit.open("/compare")
    files = sorted((EXAMPLES / "articles" / "halvard-bridge-barge").glob("*.txt"))[:2]
    for n, path in enumerate(files):
        slot = visit.page.locator("fieldset.slot").nth(n)
        slot.locator("textarea[name=text]").fill(path.read_text("utf-8").split("---", 2)[2])
        slot.locator("input[name=outlet]").fill(f"{LONG_OUTLET} {n + 1}")
    with visit.page.expect_navigation(timeout=60_000):
        visit.page.click("form.compare-form button[type=submit]")
    assert visit.page.locator("svg.matrix").is_visible()
    visit.page.screenshot(path=screens / "compare-long-names.png", full_page=True)
    found = visit.page.evaluate(_OVERFLOW)
    assert found == {"spilled": [], "page": 0}, found
    visit.check_clean()


def test_editing_an_outlet_in_the_browser(
    browser: Browser,  # noqa: F811
    rated_db: Path,  # noqa: F811
    tmp_path: Path,
    screens: Path,
) -> None:
    copy = tmp_path / "edit.db"
    source, target = sqlite3.connect(rated_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    with live_server(create_app(copy, allow_ingest=True)) as url:
        visit = Visit(browser, url)
        visit.open("/outlets/Meridian%20Post")
        visit.page.fill("input[name=owner]", "Meridian Trust of the Northern Coastal Provinces")
        visit.page.fill("input[name=country]", "Valdora")
        with visit.page.expect_navigation():
            visit.page.click("form[method=post] button[type=submit]")
        assert visit.page.url.endswith("?saved=true")
        facts = visit.page.locator("dl.facts").inner_text()
        assert facts.count("Valdora") == 1
        assert "left (from test ratings)" in facts  # untouched: its source stays
        visit.page.screenshot(path=screens / "outlet-edited.png", full_page=True)
        visit.check_clean()
        visit.page.close()
