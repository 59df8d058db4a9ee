"""Outlet identification at ingest (rashomon/ingest/outlets.py). Every text here is made up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rashomon.ingest.fields import article_id
from rashomon.ingest.html import read_html
from rashomon.ingest.jsonl import record_to_article
from rashomon.ingest.outlets import (
    DOMAIN_OUTLETS,
    display_label,
    domain_outlet,
    identify_outlet,
    same_outlet,
)
from rashomon.ingest.text import read_text
from rashomon.types import Article

BODY = "The harbour council voted on Tuesday to close the old ferry pier for repairs."


def text_article(content: str) -> Article:
    return next(read_text(content.encode(), "story.txt", None))


def found(article: Article) -> dict[str, str]:
    keys = ("outlet_source", "outlet_kind", "story_of", "story_of_source")
    return {key: article.meta[key] for key in keys if key in article.meta}


# --- datelines -------------------------------------------------------------------------


def test_an_agency_dateline_makes_the_piece_the_agencys() -> None:
    article = text_article(f"Ferry pier to close\n\nLISBON, March 3 (Reuters) - {BODY}\n")
    assert article.outlet == "Reuters"
    assert found(article) == {
        "outlet_source": "dateline: LISBON, March 3 (Reuters) -",
        "outlet_kind": "agency",
    }
    assert display_label(article) == "Reuters"


def test_an_outlet_dateline_names_the_outlet_not_an_agency() -> None:
    article = text_article(f"Ferry pier to close\n\nLISBON (Euronews) – {BODY}\n")
    assert article.outlet == "Euronews"
    assert found(article) == {"outlet_source": "dateline: LISBON (Euronews) –"}


def test_a_dateline_abbreviation_takes_the_lexicons_name() -> None:
    article = text_article(f"Ferry pier to close\n\nWASHINGTON (AP) — {BODY}\n")
    assert article.outlet == "Associated Press"


def test_a_russian_slash_dateline() -> None:
    text = "Паромный причал закроют\n\nЛИССАБОН, 3 марта. /ТАСС/. Городской совет закрыл причал.\n"
    article = text_article(text)
    assert article.outlet == "TASS"
    assert article.meta["outlet_source"] == "dateline: ЛИССАБОН, 3 марта. /ТАСС/"


def test_an_unknown_credit_in_a_dateline_is_still_a_credit() -> None:
    article = text_article(f"Ferry pier to close\n\nLISBON (Harbour Wire) — {BODY}\n")
    assert article.outlet == "Harbour Wire"
    assert "outlet_kind" not in article.meta


@pytest.mark.parametrize(
    "lead",
    [
        f"WASHINGTON — {BODY}",  # a dateline without a credit names a place
        f"WASHINGTON -- {BODY}",
        f"LISBON, Portugal – {BODY}",
        f"BRENNICK (Valdora). {BODY}",  # a place qualified by its country
        f"The Senate voted on Tuesday (March 3) — {BODY}",
        BODY,
    ],
)
def test_no_outlet_from_an_ordinary_first_sentence(lead: str) -> None:
    article = text_article(f"Ferry pier to close\n\n{lead}\n")
    assert article.outlet is None
    assert found(article) == {}
    assert display_label(article) is None


def test_a_dateline_deep_in_the_text_is_not_the_articles() -> None:
    filler = "\n\n".join(f"Paragraph {n} says more about the ferry pier." for n in range(6))
    article = text_article(f"Ferry pier to close\n\n{filler}\n\nLISBON (Reuters) - {BODY}\n")
    assert article.outlet is None


# --- sign-offs -------------------------------------------------------------------------


def test_a_copyright_line_names_the_owner() -> None:
    text = f"Ferry pier to close\n\n{BODY}\n\nCopyright 2024 Reuters. All rights reserved.\n"
    article = text_article(text)
    assert article.outlet == "Reuters"
    assert article.meta["outlet_source"].startswith("copyright: Copyright 2024 Reuters")


@pytest.mark.parametrize(
    "signoff",
    [
        "Reporting by Ana Lopes; Editing by Tom Hale",  # Reuters' style, but it names no one
        "The Associated Press contributed to this report.",  # a helper, not the publisher
        "Additional reporting by Reuters.",
    ],
)
def test_a_signoff_or_contribution_names_no_outlet(signoff: str) -> None:
    article = text_article(f"Ferry pier to close\n\n{BODY}\n\n{signoff}\n")
    assert article.outlet is None
    assert found(article) == {}


# --- retellings ------------------------------------------------------------------------


def test_a_retelling_names_whose_story_it_is_but_not_the_publisher() -> None:
    text = (
        "Express: Lisbon will close its old ferry pier\n"
        "Lisbon will close its old ferry pier for a year, Express writes. The council said so.\n"
    )
    article = text_article(text)
    assert article.outlet is None
    assert found(article) == {
        "story_of": "Express",
        "story_of_source": "title prefix: Express:; lead: Express writes",
    }
    assert display_label(article) == "via Express"


@pytest.mark.parametrize(
    ("lead", "origin"),
    [
        ("The ferry pier will close, according to the Daily Express.", "Express"),
        ("The ferry pier will close, the British tabloid Harbour Star writes.", "Harbour Star"),
        ("Паромный причал закроют на год, пишет Express.", "Express"),
        ("Причал закроют, сообщает газета «Вечерний порт».", "Вечерний порт"),
    ],
)
def test_a_credit_in_the_lead_is_a_retelling(lead: str, origin: str) -> None:
    article = text_article(f"Ferry pier to close\n\n{lead} More follows here.\n")
    assert article.outlet is None
    assert article.meta["story_of"] == origin
    assert article.meta["story_of_source"].startswith("lead: ")


def test_a_credit_after_the_lead_is_ordinary_sourcing() -> None:
    text = (
        f"Ferry pier to close\n\n{BODY}\n\n"
        "The Wall Street Journal reported on Monday that the pier was unsafe, "
        "according to Reuters.\n"
    )
    assert found(text_article(text)) == {}


def test_a_title_prefix_that_is_no_outlet_is_no_retelling() -> None:
    text = f"Harbour chief: the pier must close\n\n{BODY}\n"
    assert found(text_article(text)) == {}


# --- metadata and domains --------------------------------------------------------------


def test_metadata_wins_over_text_and_the_dateline_becomes_the_story() -> None:
    text = f"---\noutlet: Harbour Gazette\n---\nFerry pier to close\n\nLISBON (Reuters) - {BODY}\n"
    article = text_article(text)
    assert article.outlet == "Harbour Gazette"
    assert found(article) == {
        "story_of": "Reuters",
        "story_of_source": "dateline: LISBON (Reuters) -",
    }
    assert display_label(article) == "Harbour Gazette"


def test_an_outlets_own_dateline_under_its_metadata_is_no_story_of() -> None:
    text = f"---\noutlet: Harbour Wire\n---\nPier\n\nLISBON, March 3 (Harbour) - {BODY}\n"
    article = text_article(text)
    assert (article.outlet, found(article)) == ("Harbour Wire", {})


def test_a_dateline_abbreviation_spelled_out_by_the_byline() -> None:
    text = f"---\noutlet: Daily Post\nbyline: Harbour Wire\n---\nPier\n\nLISBON (HW) – {BODY}\n"
    assert text_article(text).meta["story_of"] == "Harbour Wire"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.foxnews.com/politics/pier", "Fox News"),
        ("http://thecaucus.blogs.nytimes.com/2010/12/08/pier/", "New York Times"),
        ("https://www.huffingtonpost.com/2011/06/17/pier_n_1.html", "HuffPost"),
        ("https://www.tasnimnews.com/en/news/2024/09/06/1", "Tasnim"),
        ("https://www.express.co.uk/news/world/1", "Express"),
        ("https://inosmi.ru/20240906/putin-1.html", "InoSMI"),
        ("https://apnews.com/article/pier", "Associated Press"),
        ("https://www.bbc.co.uk/news/world-1", "BBC"),
    ],
)
def test_the_domain_table(url: str, outlet: str) -> None:
    assert domain_outlet(url) == (outlet, "domain")
    article = text_article(f"---\nurl: {url}\n---\nFerry pier to close\n\n{BODY}\n")
    assert article.outlet == outlet
    assert article.meta["outlet_source"] == f"domain: {url.split('/')[2]}"


def test_the_domain_table_names_agree_with_the_citation_lexicon() -> None:
    for name in DOMAIN_OUTLETS.values():
        if name != "InoSMI":  # a re-publisher, credited by no one in our data
            assert same_outlet(name, name.upper()) and same_outlet(name, f"The {name}")


def test_a_domain_not_in_the_table_is_shown_as_the_domain() -> None:
    assert domain_outlet("https://news.harbour-gazette.co.uk/pier") == (
        "harbour-gazette.co.uk",
        "domain (not in the table)",
    )
    url = "https://www.harbour-gazette.example/pier"
    article = text_article(f"---\nurl: {url}\n---\nPier\n\nLISBON (Reuters) - {BODY}\n")
    assert article.outlet == "harbour-gazette.example"
    assert article.meta["outlet_source"] == "domain (not in the table): www.harbour-gazette.example"
    assert article.meta["story_of"] == "Reuters"  # the site published the agency's story


def test_a_domain_given_as_the_outlet_field_is_read_as_a_domain() -> None:
    article = record_to_article(
        {"text": BODY, "domain": "www.nytimes.com"}, where="x.json", path="x.json"
    )
    assert isinstance(article, Article)
    assert article.outlet == "New York Times"
    assert article.meta["outlet_source"] == "metadata domain: www.nytimes.com"


def test_a_url_given_as_the_outlet_names_no_outlet() -> None:
    record = {"text": BODY, "publisher": "https://www.facebook.com/harbourgazette"}
    article = record_to_article(record, where="x.json", path="x.json")
    assert isinstance(article, Article) and article.outlet is None


def test_a_pages_site_name_wins_over_its_dateline() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Harbour Gazette">'
        "<title>Pier</title></head><body><article><h1>Ferry pier to close</h1>"
        f"<p>LISBON (Reuters) - {BODY}</p><p>{BODY}</p></article></body></html>"
    )
    article = next(read_html(page.encode(), "page.html", None))
    assert article.outlet == "Harbour Gazette"
    assert article.meta["story_of"] == "Reuters"


# --- what identification must not touch ------------------------------------------------


def test_identification_keeps_text_url_and_id() -> None:
    url = "https://www.express.co.uk/news/world/1"
    content = f"---\nurl: {url}\n---\nFerry pier\n\nLISBON (Reuters) - {BODY}\n"
    article = text_article(content)
    text = content.split("---\n", 2)[2]
    assert article.text == text
    assert article.id == article_id(text, url)
    bare = replace(article, outlet=None, meta={})
    again = identify_outlet(bare)
    assert (again.id, again.text, again.url) == (article.id, article.text, article.url)
    assert again == article  # a pure function of the article


def test_the_sources_own_meta_keys_win() -> None:
    record = {"text": f"LISBON (Reuters) - {BODY}", "outlet": "Gazette", "story_of": "mine"}
    article = record_to_article(record, where="x.json", path="x.json")
    assert isinstance(article, Article)
    assert article.meta["story_of"] == "mine"


def test_display_label() -> None:
    article = Article(id="1", text=BODY)
    assert display_label(article) is None
    assert display_label(replace(article, meta={"story_of": "Express"})) == "via Express"
    assert display_label(replace(article, outlet="Tasnim", meta={"story_of": "X"})) == "Tasnim"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("© 2024 Harbour Gazette. All rights reserved.", "Harbour Gazette"),
        ("Copyright 2024 The Associated Press. All Rights Reserved.", "Associated Press"),
        ("© Ana Lopes/Reuters", None),  # a picture's credit
        ("Photo: © Harbour Gazette", None),
        ("© Harbour Gazette", None),  # an unknown name without the legal formula
    ],
)
def test_copyright_line_forms(line: str, outlet: str | None) -> None:
    assert text_article(f"Ferry pier to close\n\n{BODY}\n\n{line}\n").outlet == outlet
