"""Bad inputs are normal for news (issue 13, items 3, 6, 7 and 8): file names that are not
UTF-8, files that are not article text, `compare` usage errors, dataset layouts.

Each bad input gets one line naming it and the reason, never a traceback, and the rest of
the batch lands. Most of this happens before analysis, so most tests here load no model:
the command-line ones run `rashomon` with the analysis pipeline made unimportable, so a
command that reaches for a model fails loudly instead of quietly taking seconds. Every
fixture text is written here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import zipfile
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest

from rashomon.cli import MAX_COMPARE_ARTICLES
from rashomon.errors import InputError
from rashomon.ingest import LINKED_FOLDER, read_path
from rashomon.ingest.fields import MIN_ARTICLE_WORDS
from rashomon.ingest.names import display_text
from rashomon.ingest.sources import read_sources
from rashomon.store import Store
from rashomon.types import Article

# A name Linux allows and UTF-8 does not: byte 0xff. Python carries it as U+DCFF.
BAD_NAME = os.fsdecode(b"bad_\xff.txt")
SHOWN_NAME = "bad_\\xff.txt"

STORY = """---
title: Ferry service resumes after the storm
outlet: Test Gazette
published: 2026-03-02
---
Ferry service resumes after the storm

The harbour authority reopened the ferry route on Monday after three days of gales.
"The crossings are safe again," harbour master Lena Otte told reporters at the quay.
"""
OTHER = STORY.replace("Test Gazette", "Test Herald").replace("on Monday", "on Monday morning")


def run_without_models(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`rashomon ARGS` in a fresh process where importing the analysis pipeline fails."""
    code = (
        "import sys\n"
        "sys.modules['rashomon.analyze.pipeline'] = None  # importing it raises ImportError\n"
        "from rashomon.cli import main\n"
        "sys.argv = ['rashomon', *sys.argv[1:]]\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rashomon: error:")]


# --- item 3: file names that are not UTF-8 ---------------------------------------------


def test_display_text_shows_each_undecodable_byte_and_keeps_the_rest() -> None:
    assert display_text(BAD_NAME) == SHOWN_NAME
    assert display_text("Привет.txt") == "Привет.txt"
    assert display_text("half\ud800.txt") == "half\\ud800.txt"  # a lone surrogate from JSON


@pytest.fixture
def batch_with_a_bad_name(tmp_path: Path) -> Path:
    """good, badly named, good: in this order (sorted by name)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.txt").write_text(STORY, encoding="utf-8")
    (folder / BAD_NAME).write_text(OTHER, encoding="utf-8")
    (folder / "z_good.txt").write_text(OTHER.replace("three", "four"), encoding="utf-8")
    return folder


def test_a_bad_name_is_read_and_stored_losslessly(
    batch_with_a_bad_name: Path, tmp_path: Path
) -> None:
    articles = list(read_path(str(batch_with_a_bad_name)))
    assert all(isinstance(a, Article) for a in articles)
    paths = [a.path for a in articles]
    assert paths[1] == str(batch_with_a_bad_name / BAD_NAME)
    assert os.fsencode(paths[1]).endswith(b"bad_\xff.txt")  # the exact bytes, openable
    with Store.open(tmp_path / "names.db") as store:
        for article in articles:
            assert store.add_article(article)  # raised UnicodeEncodeError for the bad name
        assert [store.get_article(a.id) for a in articles] == articles
        from rashomon.present.export import export

        stream = io.StringIO()
        assert export(store, "articles", "jsonl", stream) == 3
    exported = sorted(json.loads(line)["path"] for line in stream.getvalue().splitlines())
    assert exported[1] == str(batch_with_a_bad_name / SHOWN_NAME)


def test_a_bad_name_in_an_error_line_is_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / BAD_NAME).write_bytes(b"")
    result = run_without_models("compare", str(tmp_path / BAD_NAME))
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr)[0] == f"rashomon: error: {tmp_path / SHOWN_NAME}: empty file"


def test_analyze_json_and_jsonl_carry_a_bad_name(batch_with_a_bad_name: Path) -> None:
    from tests.test_cli import run

    for output_format in ("json", "jsonl"):
        result = run(
            "analyze", str(batch_with_a_bad_name), "--format", output_format, "--embedder", "none"
        )
        assert result.returncode == 0, result.stderr
        if output_format == "json":
            analyses = json.loads(result.stdout)["analyses"]
        else:
            analyses = [json.loads(line) for line in result.stdout.splitlines()]
        names = [Path(a["article"]["path"]).name for a in analyses]
        assert names == ["a_good.txt", SHOWN_NAME, "z_good.txt"]


def test_a_comparison_with_a_bad_name_writes_as_json_html_and_text() -> None:
    from rich.console import Console

    from rashomon.analyze.pipeline import analyze_article
    from rashomon.compare import compare
    from rashomon.ingest.text import read_text
    from rashomon.present.compare_html import render_comparison_html
    from rashomon.present.compare_json import comparison_to_dict
    from rashomon.present.compare_text import render_comparison

    first = next(read_text(STORY.encode(), "a_good.txt", None))
    # No outlet: the label comes from the file name, as for a plain text file.
    second = replace(next(read_text(OTHER.encode(), BAD_NAME, None)), outlet=None)
    comparison = compare([analyze_article(first), analyze_article(second)])

    document = orjson.loads(orjson.dumps(comparison_to_dict(comparison)))
    assert [(a["label"], a["path"]) for a in document["articles"]][1] == ("bad_\\xff", SHOWN_NAME)
    page = render_comparison_html(comparison)
    page.encode("utf-8")  # raised UnicodeEncodeError before
    assert "bad_\\xff" in page
    stream = io.StringIO()
    render_comparison(comparison, Console(file=stream, width=100))
    stream.getvalue().encode("utf-8")
    assert "bad_\\xff" in stream.getvalue()


# --- item 6: what is not article text ---------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = STORY.encode()
        info = tarfile.TarInfo("story.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


ASCII_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
NAV_ONLY_HTML = (
    b"<html><head><title>Example Daily</title></head><body>"
    b'<nav><a href="/">Home</a></nav></body></html>'
)
NOT_ARTICLES: dict[str, tuple[bytes, str]] = {
    "report.pdf": (ASCII_PDF, "a PDF document, not article text"),
    "memo.rtf": (
        b"{\\rtf1\\ansi {\\fonttbl {\\f0 Times;}}\\f0 The council approved the budget.\\par}",
        "an RTF document, not article text",
    ),
    "letter.docx": (
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "a Word document (DOCX), not article text",
    ),
    "book.epub": (
        _zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<c/>"}),
        "an EPUB book, not article text",
    ),
    "notes.odt": (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>"}),
        "an OpenDocument file (ODT, ODS, ODP), not article text",
    ),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "a Microsoft Office file"),
    "bundle.zip": (_zip({"story.txt": STORY.encode()}), "a ZIP archive, not article text"),
    "bundle.tar": (_tar(), "a tar archive, not article text"),
    "story.txt.gz": (b"\x1f\x8b\x08\x00" + b"\x00" * 16, "a gzip-compressed file"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image, not article text"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image, not article text"),
    "anim.gif": (b"GIF89a\x01\x00\x01\x00", "a GIF image, not article text"),
    "logo.svg": (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>Home</text></svg>',
        "an SVG image, not article text",
    ),
    "nav.html": (NAV_ONLY_HTML, "no article text found in HTML: too short to be an article"),
    "stub.txt": (b"Page not found\n", "too short to be an article (3 words"),
}


def test_each_non_article_gets_one_line_and_the_rest_is_read(tmp_path: Path) -> None:
    for name, (data, _) in NOT_ARTICLES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "ferry.txt").write_text(STORY, encoding="utf-8")
    items = list(read_path(str(tmp_path)))
    articles = [item for item in items if isinstance(item, Article)]
    assert [Path(a.path).name for a in articles] == ["ferry.txt"]
    errors = {Path(e.source).name: e.reason for e in items if isinstance(e, InputError)}
    assert set(errors) == set(NOT_ARTICLES)
    for name, (_, reason) in NOT_ARTICLES.items():
        assert errors[name].startswith(reason), (name, errors[name])
        assert "\n" not in errors[name]


def test_the_minimum_is_words_and_counts_scripts_without_spaces(tmp_path: Path) -> None:
    def read(text: str) -> Article | InputError:
        path = tmp_path / "story.txt"
        path.write_text(text, encoding="utf-8")
        [item] = read_path(str(path))
        return item

    words = ["The", "ferry", "route", "reopened", "on", "Monday", "after", "gales."]
    assert len(words) > MIN_ARTICLE_WORDS
    assert isinstance(read(" ".join(words[:MIN_ARTICLE_WORDS])), Article)
    short = read(" ".join(words[: MIN_ARTICLE_WORDS - 1]))
    assert isinstance(short, InputError) and f"at least {MIN_ARTICLE_WORDS}" in short.reason
    assert isinstance(read("港口周一恢复了渡轮服务。"), Article)  # 12 characters, no spaces


def test_a_fetched_pdf_is_refused_like_a_file() -> None:
    from rashomon.ingest.fetch import Fetcher

    with serving({"/paper.pdf": (ASCII_PDF, "application/pdf")}) as base:
        [item] = read_sources([f"{base}/paper.pdf"], fetcher=Fetcher(allow_private=True))
    assert isinstance(item, InputError)
    assert item.reason.startswith("a PDF document, not article text")


# --- item 7: compare's arguments, checked before any model loads ------------------------


def test_compare_with_one_article_says_so_without_loading_a_model(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    result = run_without_models("compare", str(tmp_path / "one.txt"))
    assert result.returncode == 2, result.stderr
    assert error_lines(result.stderr) == [
        "rashomon: error: compare needs at least two readable articles, got 1"
    ]


def test_compare_refuses_more_articles_than_its_limit_before_any_model(tmp_path: Path) -> None:
    for n in range(MAX_COMPARE_ARTICLES + 1):
        (tmp_path / f"a{n:02}.txt").write_text(f"{n}: {STORY}", encoding="utf-8")
    result = run_without_models("compare", str(tmp_path))
    assert result.returncode == 2, result.stderr
    [line] = error_lines(result.stderr)
    assert f"at most {MAX_COMPARE_ARTICLES} articles and these inputs hold more" in line
    assert "rashomon ingest" in line and "rashomon stories" in line


def test_compare_fetches_a_url_as_ingest_does(tmp_path: Path) -> None:
    """A URL is fetched (private addresses only with --allow-private) and counts as an
    article: with 40 files it makes 41, which the limit refuses, all before any model."""
    for n in range(MAX_COMPARE_ARTICLES):
        (tmp_path / f"a{n:02}.txt").write_text(f"{n}: {STORY}", encoding="utf-8")
    with serving({"/ferry.txt": (OTHER.encode(), "text/plain; charset=utf-8")}) as base:
        url = f"{base}/ferry.txt"
        refused = run_without_models("compare", str(tmp_path / "a00.txt"), url)
        fetched = run_without_models("compare", str(tmp_path), url, "--allow-private")
    assert refused.returncode == 1, refused.stderr
    assert error_lines(refused.stderr) == [
        f"rashomon: error: {url}: refused: 127.0.0.1 is a loopback address "
        "(use --allow-private to fetch it)",
        "rashomon: error: compare needs at least two readable articles, got 1",
    ]
    assert fetched.returncode == 2, fetched.stderr
    [line] = error_lines(fetched.stderr)
    assert f"at most {MAX_COMPARE_ARTICLES} articles and these inputs hold more" in line


# --- item 8: dataset layouts ------------------------------------------------------------


def test_basil_body_paragraphs_are_joined(tmp_path: Path) -> None:
    """BASIL's layout: body-paragraphs is a list of paragraphs, each a list of sentences."""
    record = {
        "uuid": "u-1",
        "title": "Ferry service resumes",
        "source": "test-gazette",
        "date": "2026-03-02",
        "url": "https://example.org/ferry",
        "main-entities": ["Lena Otte"],
        "body-paragraphs": [
            ["The ferry route reopened on Monday.", " Gales had closed it for three days. "],
            [],
            ['"The crossings are safe again," Lena Otte said.'],
        ],
    }
    path = tmp_path / "ferry.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [article] = read_path(str(path))
    assert isinstance(article, Article), article
    assert article.text == (
        "The ferry route reopened on Monday. Gales had closed it for three days.\n\n"
        '"The crossings are safe again," Lena Otte said.'
    )
    assert (article.outlet, article.published, article.meta["uuid"]) == (
        "test-gazette",
        "2026-03-02",
        "u-1",
    )


def test_a_real_basil_file_reads_as_the_evaluation_reads_it(shared: Path) -> None:
    from rashomon.eval.story_data import read_basil

    folder = shared / "data" / "basil"
    if not folder.is_dir():
        pytest.skip("no BASIL in ../shared")
    documents = {d.id: d for d in read_basil(folder)}
    file = sorted(folder.glob("articles/*/*.json"))[0]
    [article] = read_path(str(file))
    assert isinstance(article, Article), article
    assert article.text == documents[f"basil/{file.parent.name}/{file.stem}"].text
    assert article.title and article.outlet and article.published


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    text = "The ferry route reopened on Monday after three days \\ud83d of gales."
    path.write_text('{"text": "' + text + '", "title": "Cut \\udc00 off"}\n', encoding="utf-8")
    [article] = read_path(str(path))
    assert isinstance(article, Article), article
    assert article.text == text.replace("\\ud83d", "\ufffd")
    assert article.title == "Cut \ufffd off"


# --- a small web server for the fetching tests -----------------------------------------


class serving:
    """A local HTTP server answering ``routes`` (path -> (body, content type)); robots.txt
    is missing (404), which allows everything."""

    def __init__(self, routes: dict[str, tuple[bytes, str]]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path not in routes:
                    self.send_error(404)
                    return
                body, content_type = routes[self.path]
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_web_md_says_what_the_api_answers_to_a_body_it_cannot_read(tmp_path: Path) -> None:
    """docs/web.md said 400 for malformed JSON, which gets 422; 400 is for a body that is
    not UTF-8."""
    from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    doc = " ".join((Path(__file__).parents[1] / "docs" / "web.md").read_text("utf-8").split())
    assert "400 (a body that cannot be read at all because it is not UTF-8)" in doc
    assert "422 (invalid parameters or body, malformed JSON included" in doc
    Store.open(tmp_path / "empty.db").close()
    headers = {"content-type": "application/json"}
    with TestClient(create_app(tmp_path / "empty.db")) as client:
        malformed = client.post("/api/compare", content=b"{not json", headers=headers)
        not_utf8 = client.post("/api/compare", content=b"{\xff\xfe}", headers=headers)
    assert (malformed.status_code, not_utf8.status_code) == (422, 400)
    assert malformed.json()["detail"][0]["type"] == "json_invalid"


def test_a_linked_folder_gets_one_line_and_a_link_loop_ends(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "The ferry route between Velna and Korsa reopened on Monday after repairs.",
        encoding="utf-8",
    )
    os.symlink(folder, folder / "again")  # a link back up: walking it would never end
    items = list(read_path(str(tmp_path)))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [str(e) for e in errors] == [f"{folder / 'again'}: {LINKED_FOLDER}"]
    assert [Path(a.path).name for a in items if isinstance(a, Article)] == ["a.txt"]
