"""The web app over a real store: every JSON endpoint (happy paths, pagination, each 4xx),
the HTML pages, the story page cache, the request size cap, the security headers, and no
executable markup from hostile articles on any page.

The store holds the shipped examples and three hostile articles (tests/web_helpers.py),
grouped into stories by the real clustering; nothing is mocked.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from rashomon.store.schema import StoreError
from rashomon.store.sqlite import Store
from rashomon.web.app import create_app, serve
from rashomon.web.cache import PageCache
from rashomon.web.security import CONTENT_SECURITY_POLICY
from rashomon.web.service import MAX_BODY_BYTES
from tests.conftest import EXAMPLES
from tests.web_helpers import (
    HOSTILE_OUTLETS,
    HOSTILE_TITLES,
    build_web_store,
    executable_markup,
    free_port,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that httpx will be replaced
    from fastapi.testclient import TestClient

KORSA = EXAMPLES / "articles" / "korsa-strait-detentions"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, example_analyses) -> Path:
    examples = [a for analyses in example_analyses.values() for a in analyses]
    return build_web_store(tmp_path_factory.mktemp("web"), examples)


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as client:
        yield client


@pytest.fixture(scope="module")
def stories(web_db: Path) -> dict[str, int]:
    """The ids of two stories: the Korsa Strait example and the hostile articles'."""
    with Store.open(web_db) as store:
        found = store.stories(limit=50)
    assert len(found) == 5, [s.label for s in found]
    korsa = next(s.id for s in found if "Vestnik Dravnii" in s.outlets and s.size == 5)
    hostile = next(s.id for s in found if HOSTILE_OUTLETS[0] in s.outlets)
    return {"korsa": korsa, "hostile": hostile}


@pytest.fixture()
def scratch_db(web_db: Path, tmp_path: Path) -> Path:
    """A copy of the store to change (the shared one stays as built)."""
    copy = tmp_path / "scratch.db"
    source = sqlite3.connect(web_db)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def article_id_of(db: Path, outlet: str) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT id FROM articles WHERE outlet = ? ORDER BY published LIMIT 1", (outlet,)
        ).fetchone()[0]


# --- stories ---------------------------------------------------------------------------


def test_stories_list_newest_first_with_total_and_next_offset(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 5 and body["offset"] == 0 and body["next_offset"] is None
    seen = [s["last_seen"] for s in body["items"] if s["last_seen"]]
    assert seen == sorted(seen, reverse=True)
    first = body["items"][0]
    assert set(first) == {
        "id",
        "label",
        "title",
        "size",
        "first_seen",
        "last_seen",
        "outlets",
        "languages",
        "names",
    }


def test_stories_paginate(client: TestClient) -> None:
    pages, offset = [], 0
    while offset is not None:
        body = client.get("/api/stories", params={"limit": 2, "offset": offset}).json()
        assert body["limit"] == 2 and body["total"] == 5
        pages.append([s["id"] for s in body["items"]])
        offset = body["next_offset"]
    assert [len(p) for p in pages] == [2, 2, 1]
    everything = [s["id"] for s in client.get("/api/stories").json()["items"]]
    assert [i for page in pages for i in page] == everything
    past_the_end = client.get("/api/stories", params={"offset": 40}).json()
    assert past_the_end["items"] == [] and past_the_end["next_offset"] is None


def test_stories_biggest_first(client: TestClient, stories: dict[str, int]) -> None:
    body = client.get("/api/stories", params={"order": "size"}).json()
    sizes = [s["size"] for s in body["items"]]
    assert sizes == sorted(sizes, reverse=True)
    assert body["items"][0]["id"] == stories["korsa"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "merchant ships"}, {"korsa"}),
        ({"outlet": "Vestnik Dravnii", "q": "detained"}, {"korsa"}),
        ({"language": "ru", "q": "merchant ships"}, {"korsa"}),
        ({"entity": "Orlov"}, {"korsa"}),
        ({"entity": "dmitrí ORLOV"}, {"korsa"}),  # any case, accents ignored
        ({"entity": "Дмитрий Орлов"}, {"korsa"}),
        ({"entity": "Orlov Dmitri"}, set()),  # the words of a name in order
        ({"entity": "merchant ships"}, set()),  # words of the text, but nobody's name
        ({"entity": "Maritime Council"}, {"korsa"}),
        ({"speaker": "Maritime Council"}, set()),  # named, never quoted
        ({"speaker": "Aurel Danes"}, {"korsa"}),
        ({"speaker": "Brandt"}, {"hostile"}),
        ({"speaker": "Brandt", "entity": "Orlov"}, set()),  # every filter applies
        ({"entity": "Orlov", "outlet": "Vestnik Dravnii", "language": "ru"}, {"korsa"}),
        ({"entity": "<script>"}, set()),
        ({"speaker": "!!"}, set()),
        ({"q": "crane", "since": "2026-05-01"}, {"hostile"}),
        ({"q": "crane", "since": "2026-06-01"}, set()),
        ({"q": "zzzunknownword"}, set()),
    ],
)
def test_stories_filters(
    client: TestClient, stories: dict[str, int], params: dict, expected: set[str]
) -> None:
    body = client.get("/api/stories", params=params).json()
    assert {s["id"] for s in body["items"]} == {stories[k] for k in expected}
    assert body["total"] == len(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"offset": 10**12},
        {"limit": "many"},
        {"order": "random"},
        {"since": "last week"},
        {"since": "2026-13"},
        {"q": "x" * 501},
    ],
)
def test_stories_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json()["detail"], list)


def test_story_detail_has_summary_articles_copies_and_comparison(
    client: TestClient, stories: dict[str, int]
) -> None:
    response = client.get(f"/api/stories/{stories['korsa']}")
    assert response.status_code == 200
    body = response.json()
    story, comparison = body["story"], body["comparison"]
    assert story["id"] == stories["korsa"] and story["size"] == 5
    assert len(story["articles"]) == 5
    compared = [a["id"] for a in story["articles"] if a["compared"]]
    assert comparison["schema"] == "rashomon.comparison/1"
    assert sorted(a["id"] for a in comparison["articles"]) == sorted(compared)
    assert comparison["facts"] and comparison["quotes"]
    # the Northgate wire story is syndicated: a copy group, whose copy is not compared
    copied = {m["article"] for g in story["copies"] if g["kind"] == "copy" for m in g["members"]}
    copies = copied - {g["origin"] for g in story["copies"]}
    assert copies and not copies & set(compared)


@pytest.mark.parametrize("path", ["/api/stories/999999", "/api/stories/1000000000"])
def test_unknown_story_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": f"no story {path.rsplit('/', 1)[1]}"}


@pytest.mark.parametrize("story", ["abc", "0", "-3", str(2**63)])
def test_bad_story_id_is_422(client: TestClient, story: str) -> None:
    assert client.get(f"/api/stories/{story}").status_code == 422


def test_story_page_is_cached_and_rebuilt_when_the_story_changes(scratch_db: Path) -> None:
    with TestClient(create_app(scratch_db)) as client:
        web = client.app.state.web
        with Store.open(scratch_db) as store:
            story_id = next(s.id for s in store.stories() if s.size == 4)
            member = store.story_article_ids(story_id)[0]
        first = client.get(f"/stories/{story_id}")
        assert first.status_code == 200
        assert len(web.story_pages) == 1
        assert client.get(f"/api/stories/{story_id}").status_code == 200
        assert len(web.story_pages) == 1  # page and JSON are one entry
        stamp = web.db.story_stamp(story_id)
        with sqlite3.connect(scratch_db) as connection:  # as a newer analyser's would be
            connection.execute(
                "UPDATE analyses SET created_at = '2999-01-01T00:00:00+00:00' WHERE article_id = ?",
                (member,),
            )
        assert web.db.story_stamp(story_id) != stamp
        again = client.get(f"/stories/{story_id}")
        assert again.status_code == 200 and again.text == first.text
        assert len(web.story_pages) == 1  # the out-of-date entry was replaced


def test_story_of_one_article_has_no_comparison(scratch_db: Path) -> None:
    with Store.open(scratch_db) as store:
        story_id = next(s.id for s in store.stories() if s.size == 4)
        keep = store.story_article_ids(story_id)[0]
    with sqlite3.connect(scratch_db) as connection:
        connection.execute(
            "DELETE FROM story_members WHERE story_id = ? AND article_id != ?", (story_id, keep)
        )
    with TestClient(create_app(scratch_db)) as client:
        page = client.get(f"/stories/{story_id}")
        assert page.status_code == 200 and "nothing to compare yet" in page.text
        assert f'href="/articles/{keep}"' in page.text
        body = client.get(f"/api/stories/{story_id}").json()
        assert body["comparison"] is None and [a["id"] for a in body["story"]["articles"]] == [keep]


def test_story_search_is_cached_until_the_store_changes(scratch_db: Path) -> None:
    with TestClient(create_app(scratch_db)) as client:
        web = client.app.state.web
        first = client.get("/api/stories", params={"q": "crane"}).json()
        calls: list[object] = []
        store_search = web.stories
        web.stories = lambda *args, **kwargs: calls.append(args) or store_search(*args, **kwargs)
        assert client.get("/api/stories", params={"q": "crane"}).json() == first
        assert calls == [] and len(web.searches) == 1  # answered from the cache
        with sqlite3.connect(scratch_db) as connection:  # another process's write
            connection.execute(
                "UPDATE stories SET label = 'Relabelled', size = size + 1 WHERE id = ?",
                (first["items"][0]["id"],),
            )
        again = client.get("/api/stories", params={"q": "crane"}).json()
        assert again["items"][0]["label"] == "Relabelled" and len(calls) == 1
        assert len(web.searches) == 1  # the out-of-date answer was replaced


def test_cached_answers_are_sent_before_routing(
    client: TestClient, stories: dict[str, int]
) -> None:
    web = client.app.state.web
    story = stories["korsa"]
    paths = ("/", "/?q=crane&order=size", "/api/stories?entity=Orlov", f"/stories/{story}")
    paths += (f"/api/stories/{story}", "/api/articles?q=crane", "/api/quotes?speaker=Brandt")
    first = {path: client.get(path) for path in paths}
    assert all(r.status_code == 200 for r in first.values())
    answered: list[object] = []
    cached_response = web.cached_response
    web.cached_response = lambda scope: answered.append(cached_response(scope)) or answered[-1]
    for path, response in first.items():
        again = client.get(path)
        assert again.content == response.content, path
        assert again.headers["content-type"] == response.headers["content-type"], path
    assert all(answered), paths  # each from the cache
    answered.clear()
    assert client.get("/stories/999999").status_code == 404  # a miss goes on to the app
    assert client.get("/api/stories?entity=Orlov&limit=0").status_code == 422
    assert answered == [None, None]


def test_the_apps_connections_cannot_write(web_db: Path) -> None:
    with TestClient(create_app(web_db)) as client:
        store = client.app.state.web.db.store()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.clear_stories()
    with TestClient(create_app(web_db, allow_ingest=True)) as client:
        assert not client.app.state.web.db.read_only


@pytest.mark.parametrize("path", ["/stories/{}", "/api/stories/{}"])
def test_story_is_sent_gzipped_only_to_clients_that_take_it(
    client: TestClient, stories: dict[str, int], path: str
) -> None:
    url = path.format(stories["korsa"])
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"
    zipped = client.get(url, headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx undoes the gzip
    refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


def test_page_cache_computes_once_evicts_and_replaces() -> None:
    cache: PageCache[bytes] = PageCache(max_bytes=10)
    calls: list[str] = []
    release = threading.Event()

    def slow() -> bytes:
        calls.append("a")
        release.wait(5)
        return b"aaaa"

    results: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: results.append(cache.get("a", 1, slow))) for _ in range(5)
    ]
    for reader in readers:
        reader.start()
    release.set()
    for reader in readers:
        reader.join(5)
    assert results == [b"aaaa"] * 5 and calls == ["a"]  # one computation for five readers
    cache.get("b", 2, lambda: b"bbbb")
    cache.get("c", 3, lambda: b"cccc")  # 12 bytes: the least recently used ("a") goes
    assert len(cache) == 2 and cache.size == 8
    cache.get("c2", 3, lambda: b"cc")  # a newer key of group 3 replaces "c"
    assert len(cache) == 2 and cache.size == 6
    assert cache.get("huge", 4, lambda: b"x" * 11) == b"x" * 11  # served, not kept
    assert len(cache) == 2
    with pytest.raises(ValueError):
        cache.get("bad", 5, lambda: (_ for _ in ()).throw(ValueError("no")))
    assert cache.get("bad", 5, lambda: b"ok") == b"ok"  # a failure is not remembered


# --- articles and quotes ---------------------------------------------------------------


def test_article_search_snippets_and_pagination(client: TestClient) -> None:
    body = client.get("/api/articles", params={"q": "crane", "limit": 2}).json()
    assert len(body["items"]) == 2 and body["next_offset"] == 2
    for hit in body["items"]:
        assert hit["matches"]
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end].lower().startswith("crane")
        assert "\x02" not in hit["snippet"] and "\x03" not in hit["snippet"]
    assert body["total"] == 3
    rest = client.get("/api/articles", params={"q": "crane", "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None and rest["total"] == 3
    past = client.get("/api/articles", params={"q": "crane", "offset": 9}).json()
    assert past["items"] == [] and past["total"] == 3 and past["next_offset"] is None
    ids = [h["id"] for h in body["items"] + rest["items"]]
    assert len(set(ids)) == 3


def test_article_search_filters(client: TestClient) -> None:
    def hits(**params: str) -> dict[str, dict]:
        body = client.get("/api/articles", params={"q": "Korsa", **params}).json()
        return {hit["id"]: hit for hit in body["items"]}

    every = hits()
    assert len(every) >= 5

    def where(keep: Callable[[dict], bool]) -> set[str]:
        return {i for i, hit in every.items() if keep(hit)}

    assert set(hits(outlet="Harbor Ledger")) == where(lambda h: h["outlet"] == "Harbor Ledger")
    assert set(hits(language="ru")) == where(lambda h: h["language"] == "ru")
    since = "2026-03-14T10:00:00+00:00"
    assert set(hits(since=since)) == where(lambda h: h["published"] >= since)
    # a bare date takes in the whole day
    assert set(hits(until="2026-03-14")) == where(lambda h: h["published"][:10] <= "2026-03-14")
    assert 0 < len(hits(until="2026-03-14")) < len(every)
    assert hits(until="2026-03-13") == {}


@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "ships", "until": "soon"}, {"q": "ships", "limit": 500}]
)
def test_article_search_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    assert client.get("/api/articles", params=params).status_code == 422


def test_article_detail(client: TestClient, web_db: Path, stories: dict[str, int]) -> None:
    article_id = article_id_of(web_db, "Harbor Ledger")
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["article"]["id"] == article_id and body["article"]["text"]
    text = body["article"]["text"]
    analysis = body["analysis"]
    assert analysis["language"]["code"] == "en" and analysis["quotes"] and analysis["entities"]
    for q in analysis["quotes"]:
        assert 0 <= q["start"] < q["end"] <= len(text)
    assert body["story_id"] in stories.values()
    assert client.get("/api/articles/0000000000000000").status_code == 404
    assert client.get("/api/articles/" + "a" * 65).status_code == 422


def test_quotes_by_speaker(client: TestClient) -> None:
    body = client.get("/api/quotes", params={"speaker": "orlov", "limit": 3}).json()
    assert body["total"] > 3 and len(body["items"]) == 3 and body["next_offset"] == 3
    assert all("orlov" in q["speaker"].lower() for q in body["items"])
    last = client.get("/api/quotes", params={"speaker": "orlov", "offset": body["total"] - 1})
    assert len(last.json()["items"]) == 1 and last.json()["next_offset"] is None
    # words of the name, in any case and without accents; not a part of a word
    same = client.get("/api/quotes", params={"speaker": "ORLÓV", "limit": 3}).json()
    assert same == body
    assert client.get("/api/quotes", params={"speaker": "orlo"}).json()["total"] == 0
    assert client.get("/api/quotes", params={"speaker": "%"}).json()["total"] == 0
    assert client.get("/api/quotes").status_code == 422


# --- comparing and ingesting -----------------------------------------------------------


def korsa_articles(n: int) -> list[dict[str, str]]:
    files = sorted(KORSA.glob("*.txt"))[:n]
    return [{"text": f.read_text("utf-8"), "outlet": f.stem} for f in files]


def test_compare_two_articles(client: TestClient) -> None:
    response = client.post("/api/compare", json={"articles": korsa_articles(2)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["comparison"]["schema"] == "rashomon.comparison/1"
    assert len(body["comparison"]["articles"]) == 2 and body["errors"] == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"articles": korsa_articles(1)}, 422),
        ({"articles": korsa_articles(1) * 9}, 422),
        ({"articles": [{"text": ""}, {"text": "x"}]}, 422),
        ({"articles": [{"title": "no text"}, {"text": "x"}]}, 422),
        ({"articles": "none"}, 422),
        ({"articles": [{"text": " "}, {"text": "x"}]}, 422),
        ({"articles": [{"text": "x", "extra": 1}, {"text": "x"}]}, 422),
        ({"articles": [*korsa_articles(1), {"fetch": "https://example.org/a"}]}, 403),
    ],
)
def test_compare_bad_input(client: TestClient, body: dict, status: int) -> None:
    response = client.post("/api/compare", json=body)
    assert response.status_code == status
    assert "detail" in response.json()


def test_compare_refuses_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/api/compare", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("chunked", [False, True])
def test_request_over_the_size_limit_is_413(client: TestClient, chunked: bool) -> None:
    body = b'{"articles": [{"text": "' + b"a" * MAX_BODY_BYTES + b'"}]}'
    content = iter([body[:1000], body[1000:]]) if chunked else body
    response = client.post(
        "/api/compare", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_ingest_is_refused_when_read_only(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"articles": korsa_articles(1)})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_ingest_when_allowed_adds_articles_and_stories(scratch_db: Path) -> None:
    text = (EXAMPLES / "articles" / "halvard-bridge-barge" / "kestrel-daily.txt").read_text()
    new = {"text": text.replace("Halvard", "Halvard") + "\n\nUpdated at noon.", "outlet": "X"}
    with TestClient(create_app(scratch_db, allow_ingest=True)) as client:
        before = client.get("/api/stories", params={"q": "noon"}).json()["total"]
        response = client.post("/api/ingest", json={"articles": [new]})
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["added"] == 1 and report["analysed"] == 1 and report["assigned"] == 1
        assert report["errors"] == []
        assert client.get("/api/stories", params={"q": "noon"}).json()["total"] == before + 1
        again = client.post("/api/ingest", json={"articles": [new]}).json()
        assert again["added"] == 0 and again["skipped"] == 1  # idempotent
        fetch = client.post("/api/ingest", json={"articles": [{"fetch": "https://example.org/"}]})
        assert fetch.status_code == 403  # fetching is off
        assert client.post("/api/ingest", json={"articles": []}).status_code == 422


def test_fetching_refuses_local_addresses_and_other_schemes(web_db: Path) -> None:
    urls = ["http://127.0.0.1:9/article", "file:///etc/passwd", "/etc/passwd"]
    body = {"articles": [*korsa_articles(1), *({"fetch": url} for url in urls)]}
    with TestClient(create_app(web_db, allow_fetch=True)) as client:
        response = client.post("/api/compare", json=body)
    assert response.status_code == 422  # one readable article only
    errors = response.json()["errors"]
    assert len(errors) == 3
    assert "127.0.0.1 is a loopback address" in errors[0]
    assert all("not an http or https address" in e for e in errors[1:])


def test_serve_with_several_workers(web_db: Path) -> None:
    port = free_port()
    code = f"from rashomon.web.app import serve; serve({str(web_db)!r}, port={port}, workers=2)"
    server = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)
    reader.start()
    try:
        # Each worker is a spawned process that imports and builds its app on its own: the
        # first can answer while the second is still starting.
        deadline = time.monotonic() + 120
        while sum("Application startup complete" in line for line in log) < 2:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail(f"two workers did not start: {''.join(log)}")
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories") as response:
            assert json.loads(response.read())["total"] == 5
        # Nagle's algorithm is off: a response written in two parts (head, body) used to
        # wait 40 ms for the client's delayed ACK, on every request of a connection.
        connection = http.client.HTTPConnection("127.0.0.1", port)
        times = []
        for _ in range(9):
            started = time.perf_counter()
            connection.request("GET", "/api/stories")
            assert connection.getresponse().read()
            times.append(time.perf_counter() - started)
        connection.close()
        assert statistics.median(times) < 0.03, times
        with pytest.raises(OSError):  # a second server never shares the address
            serve(web_db, port=port, workers=2)
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
    errors = "".join(log)
    assert errors.count("Started server process") == 2
    assert errors.count("Finished server process") == 2  # SIGTERM stopped both
    with pytest.raises(ValueError, match="single worker"):
        serve(web_db, workers=2, allow_ingest=True)


def test_create_app_refuses_a_missing_or_foreign_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.db")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a rashomon database"):
        create_app(foreign)


# --- pages -----------------------------------------------------------------------------


def test_pages_render(client: TestClient, web_db: Path, stories: dict[str, int]) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "5 stories" in home.text
    assert 'href="/stories/' in home.text
    story = client.get(f"/stories/{stories['korsa']}").text
    assert 'class="columns"' in story and "svg" in story and 'class="matrix"' in story
    assert "All 5 articles of the story" in story and "Copies and translations" in story
    article_id = article_id_of(web_db, "Harbor Ledger")
    article = client.get(f"/articles/{article_id}").text
    assert 'class="quote q0"' in article and f'href="/stories/{stories["korsa"]}"' in article
    assert 'action="/compare"' in client.get("/compare").text
    assert "/api/stories/{story_id}" in client.get("/docs").text


def test_stories_page_pagination_and_search(client: TestClient) -> None:
    page = client.get("/", params={"order": "size"}).text
    assert 'aria-current="page">Biggest' in page
    search = client.get("/", params={"q": "crane", "speaker": "Brandt"}).text
    assert "1 story" in search and "<mark>" in search and "quote" in search


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/stories/999999", 404),
        ("/stories/abc", 422),
        ("/articles/nope", 404),
        ("/?limit=x&offset=-4", 422),
        ("/nowhere", 404),
    ],
)
def test_page_errors_are_pages(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text


def test_compare_form_with_pasted_text_and_upload(client: TestClient) -> None:
    first, second = sorted(KORSA.glob("*.txt"))[:2]
    response = client.post(
        "/compare",
        data={"text": [first.read_text(), "", "", ""], "outlet": ["Pasted Outlet", "", "", ""]},
        files=[("files", (second.name, second.read_bytes(), "text/plain"))],
    )
    assert response.status_code == 200, response.text[:2000]
    assert 'class="columns"' in response.text and "Pasted Outlet" in response.text
    one = client.post("/compare", data={"text": [first.read_text()]})
    assert one.status_code == 422 and "at least two readable articles" in one.text
    big = client.post(
        "/compare", files=[("files", ("big.txt", b"a" * MAX_BODY_BYTES, "text/plain"))]
    )
    assert big.status_code == 413 and "<h1>Too large</h1>" in big.text


# --- security --------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(
    client: TestClient, stories: dict[str, int]
) -> None:
    story = stories["korsa"]
    for path in (
        "/",
        "/",  # again: from the cache, before routing
        "/compare",
        "/docs",
        "/openapi.json",
        "/api/stories",
        "/api/stories",
        f"/stories/{story}",
        f"/stories/{story}",
        f"/api/stories/{story}",
        "/static/web.css",
        "/nowhere",
        "/api/stories?limit=0",
    ):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["default-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "script-src" not in policy


def test_docs_and_static_load_nothing_from_elsewhere(client: TestClient) -> None:
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "<script" not in docs
    assert client.get("/redoc").status_code == 404
    assert client.get("/static/rashomon.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404


def hostile_pages(client: TestClient, web_db: Path, stories: dict[str, int]) -> list[str]:
    with sqlite3.connect(web_db) as connection:
        hostile_ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM articles WHERE outlet IN (?, ?, ?)", HOSTILE_OUTLETS
            )
        ]
    payload = quote("\"'><script>alert(1)</script><img src=x onerror=alert(1)>")
    return [
        "/",
        f"/?q=crane&speaker=Brandt&outlet={payload}",
        f"/?q={payload}&entity={payload}&speaker={payload}",
        "/?q=script",
        f"/stories/{stories['hostile']}",
        *(f"/articles/{i}" for i in hostile_ids),
        f"/articles/{payload}",
        f"/stories/{payload}",
        f"/?offset={payload}",
        f"/{payload}",
    ]


def test_hostile_articles_never_become_markup(
    client: TestClient, web_db: Path, stories: dict[str, int]
) -> None:
    for path in hostile_pages(client, web_db, stories):
        response = client.get(path)
        assert response.headers["content-type"].startswith("text/html"), path
        assert executable_markup(response.text) == [], path
    story = client.get(f"/stories/{stories['hostile']}").text
    for title in HOSTILE_TITLES:  # shown, as text
        assert title.split(">")[0].replace("<", "&lt;") in story
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in story


def test_hostile_input_on_the_compare_form_never_becomes_markup(client: TestClient) -> None:
    text = (
        "<script>alert(1)</script> The harbour crane fell <img src=x onerror=alert(2)>, "
        'officials said. "It <b onclick=x>fell</b>," said Ilse Brandt.'
    )
    response = client.post(
        "/compare",
        data={
            "text": [text, text.replace("fell", "toppled"), "", ""],
            "outlet": ["<svg onload=alert(3)>", "javascript:alert(4)", "", ""],
            "title": ['"><script>alert(5)</script>', "</title><script>", "", ""],
            "published": ["<i>", "2026-05-04", "", ""],
        },
    )
    assert response.status_code == 200, response.text[:2000]
    assert executable_markup(response.text) == []
    refused = client.post("/compare", data={"text": [text], "urls": "javascript:alert(1)"})
    assert refused.status_code == 422 and executable_markup(refused.text) == []


def test_story_json_does_not_expose_the_servers_file_paths(client: TestClient) -> None:
    story_id = client.get("/api/stories", params={"order": "size"}).json()["items"][0]["id"]
    comparison = client.get(f"/api/stories/{story_id}").json()["comparison"]
    assert comparison["articles"]
    assert all("path" not in article for article in comparison["articles"])
