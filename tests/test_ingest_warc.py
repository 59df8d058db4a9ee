"""Web archives: WARC and ARC files, gzip-compressed or not, written here with warcio."""

from __future__ import annotations

import gzip
import io
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.errors import InputError
from rashomon.ingest import read_path
from rashomon.ingest.detect import is_web_archive
from rashomon.types import Article

# Invented for these tests.
FERRY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Night ferry returns to the islands</title>
<meta property="og:site_name" content="Island Courier">
<meta property="article:published_time" content="2024-04-30T18:00:00+00:00">
<link rel="canonical" href="https://courier.example/ferry">
</head><body><nav><a href="/">Home</a></nav><article>
<h1>Night ferry returns to the islands</h1>
<p>The night ferry to the outer islands sailed again on Tuesday after a winter in dry dock,
the harbour authority said, with every cabin booked for its first crossing.</p>
<p>"We have waited five months for this boat," said a fisherman waiting on the quay with
his nets and two crates of bait for the morning.</p>
<p>The operator said the ferry would run four nights a week until the end of September.</p>
</article><footer>Island Courier</footer></body></html>
"""
# No date and no site name: the capture date and the host name stand in.
MARKET_PAGE = """<html><head><title>Market hall to close for repairs</title></head><body>
<article><p>The covered market hall in the old town will close for six weeks from Monday
while its roof is repaired, the town council announced on its notice board.</p>
<p>Traders will move to the square outside, where the council is putting up tents.</p>
</article></body></html>
"""
GALLERY_PAGE = "<html><body><div><img src='a.jpg'><img src='b.jpg'></div></body></html>"
# Russian page without a <meta charset>: only the HTTP header names windows-1251.
RUSSIAN_PAGE = """<html><head><title>Паром вернулся</title></head><body><article>
<p>Ночной паром на дальние острова во вторник снова вышел в рейс после зимнего ремонта.</p>
<p>«Мы ждали этот паром пять месяцев», — сказал рыбак, стоявший на причале с сетями.</p>
</article></body></html>
"""
CAPTURED = "2024-05-01T10:00:00Z"


def html_headers(content_type: str = "text/html; charset=utf-8", status: str = "200 OK"):
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, *, compress: bool, big_payload: int = 0) -> None:
    """An archive as a crawler writes one: pages, their requests, and things that are no pages.

    Records: 1 warcinfo, 2 request, 3 ferry page, 4 image, 5 robots.txt, 6 DNS, 7 metadata,
    8 redirect, 9 404 page, 10 gallery (no article text), 11 market page, 12 Russian page
    (gzip-encoded, charset only in the header).
    """
    with open(path, "wb") as file:
        writer = WARCWriter(file, gzip=compress)

        def response(uri: str, body: bytes, headers: StatusAndHeaders) -> None:
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": CAPTURED},
            )
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders(
            "GET /ferry HTTP/1.1", [("Host", "courier.example")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/ferry?utm=x", "request", http_headers=request
            )
        )
        response("https://courier.example/ferry?utm=x", FERRY_PAGE.encode(), html_headers())
        image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (1 + big_payload // 256)
        response("https://courier.example/ferry.png", image, html_headers("image/png"))
        robots = b"User-agent: *\nDisallow: /admin/\n"
        response("https://courier.example/robots.txt", robots, html_headers("text/plain"))
        writer.write_record(
            writer.create_warc_record(
                "dns:courier.example",
                "response",
                payload=io.BytesIO(b"20240501100000\ncourier.example. 300 IN A 192.0.2.7\n"),
                warc_content_type="text/dns",
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/ferry",
                "metadata",
                payload=io.BytesIO(b"outlink: https://courier.example/\n"),
                warc_content_type="application/warc-fields",
            )
        )
        moved = StatusAndHeaders(
            "301 Moved Permanently",
            [("Location", "https://courier.example/ferry"), ("Content-Type", "text/html")],
            protocol="HTTP/1.1",
        )
        response("http://courier.example/ferry", b"<p>Moved here.</p>", moved)
        missing = html_headers(status="404 Not Found")
        response("https://courier.example/gone", MARKET_PAGE.encode(), missing)
        response("https://courier.example/gallery", GALLERY_PAGE.encode(), html_headers())
        response("https://market.example/hall", MARKET_PAGE.encode(), html_headers("text/html"))
        russian = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=windows-1251"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        response(
            "https://vestnik.example/parom", gzip.compress(RUSSIAN_PAGE.encode("cp1251")), russian
        )


def articles_and_errors(path: Path, **options: object) -> tuple[list[Article], list[str]]:
    items = list(read_path(str(path), **options))
    assert all(isinstance(item, Article | InputError) for item in items)
    articles = [item for item in items if isinstance(item, Article)]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    return articles, errors


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_pages_become_articles_and_everything_else_is_skipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, compress=name.endswith(".gz"))
    articles, errors = articles_and_errors(path)
    assert errors == [
        f"{path}#record-10 (https://courier.example/gallery): no article text found in HTML"
    ]
    ferry, market, russian = articles

    assert ferry.path == f"{path}#record-3"
    assert ferry.url == "https://courier.example/ferry?utm=x"  # where it was captured
    assert ferry.meta["canonical_url"] == "https://courier.example/ferry"
    assert ferry.title == "Night ferry returns to the islands"
    assert ferry.outlet == "Island Courier"
    assert ferry.published == "2024-04-30"  # the page's own date wins over the capture date
    assert ferry.language == "en"
    assert "The night ferry to the outer islands sailed again on Tuesday" in ferry.text
    assert "Home" not in ferry.text

    assert market.path == f"{path}#record-11"
    assert market.url == "https://market.example/hall"
    assert market.outlet == "market.example"  # no site name on the page: the host
    assert market.published == "2024-05-01T10:00:00+00:00"  # no date on the page: WARC-Date
    assert "covered market hall" in market.text

    assert russian.url == "https://vestnik.example/parom"
    assert "«Мы ждали этот паром пять месяцев»" in russian.text


def test_archive_is_streamed_and_only_each_page_is_capped(tmp_path: Path) -> None:
    small = tmp_path / "small.warc"
    write_warc(small, compress=False)
    list(read_path(str(small)))  # trafilatura's word lists, loaded once, are not the archive's
    path = tmp_path / "big.warc"
    write_warc(path, compress=False, big_payload=20 * 2**20)  # a 20 MB image record
    assert path.stat().st_size > 20 * 2**20
    tracemalloc.start()
    try:
        articles, errors = articles_and_errors(path, max_bytes=2**20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(articles) == 3 and len(errors) == 1  # the file is over max_bytes, yet read
    assert peak < 4 * 2**20

    _, errors = articles_and_errors(path, max_bytes=500)
    record = f"{path}#record-3 (https://courier.example/ferry?utm=x)"
    assert f"{record}: page is over the 500 bytes limit (--max-bytes)" in errors


def test_truncated_gzip_archive_keeps_what_was_read(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, compress=True)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])  # inside the last record's gzip member
    articles, errors = articles_and_errors(cut)
    assert [article.path for article in articles] == [f"{cut}#record-3", f"{cut}#record-11"]
    assert errors[-1] == f"{cut}: truncated: the gzip data ends in the middle of a record"


def test_truncated_uncompressed_archive_keeps_what_was_read(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, compress=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 200])  # inside the last record's payload
    articles, errors = articles_and_errors(cut)
    assert [article.path for article in articles] == [f"{cut}#record-3", f"{cut}#record-11"]
    assert errors[-1] == f"{cut}: truncated: record 12 ends early"
    header_end = data.rindex(b"WARC/1.0") + 40
    cut.write_bytes(data[:header_end])  # inside the last record's header
    articles, errors = articles_and_errors(cut)
    assert len(articles) == 2 and errors[-1].startswith(f"{cut}: ")


def test_corrupt_gzip_archive_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.warc.gz"
    write_warc(path, compress=True)
    data = bytearray(path.read_bytes())
    last_member = data.rindex(b"\x1f\x8b\x08")
    data[last_member + 40 : last_member + 60] = b"\xff" * 20
    path.write_bytes(bytes(data))
    articles, errors = articles_and_errors(path)
    assert len(articles) == 2
    assert errors[-1].startswith(f"{path}: corrupt gzip data (")


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("Just some notes, not an archive.\n", encoding="utf-8")
    assert articles_and_errors(path) == ([], [f"{path}: not a WARC or ARC file"])
    path.write_bytes(b"")
    assert articles_and_errors(path) == ([], [f"{path}: empty file"])
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 100\r\n\r\nshort\n")
    assert articles_and_errors(path) == ([], [f"{path}: truncated: record 1 ends early"])


def test_archives_without_the_extension_are_sniffed(tmp_path: Path) -> None:
    for compress in (True, False):
        path = tmp_path / ("crawl-gz" if compress else "crawl-plain")
        write_warc(path, compress=compress)
        articles, _ = articles_and_errors(path)
        assert len(articles) == 3
        assert is_web_archive(path.name, path.read_bytes()[:4096])
    assert not is_web_archive("page.gz", gzip.compress(b"<html>not an archive</html>"))
    assert not is_web_archive("notes", b"WARC is a file format.")
    assert is_web_archive("CRAWL.WARC.GZ", b"")


def test_arc_file(tmp_path: Path) -> None:
    page = MARKET_PAGE.encode()
    payload = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    version_block = b"1 0 Tests\nURL IP-address Archive-date Content-type Archive-length\n"
    path = tmp_path / "old.arc"
    path.write_bytes(
        b"filedesc://old.arc 0.0.0.0 20240501100000 text/plain %d\n" % len(version_block)
        + version_block
        + b"\n"
        + b"http://market.example/hall 192.0.2.7 20240501100000 text/html %d\n" % len(payload)
        + payload
        + b"\n"
    )
    [article] = read_path(str(path))
    assert isinstance(article, Article)
    assert article.url == "http://market.example/hall"
    assert article.published == "2024-05-01T10:00:00+00:00"
    assert article.path == f"{path}#record-2"


def test_a_record_without_its_target_uri_is_named_malformed(tmp_path: Path) -> None:
    # warcio itself trips on this one ("'NoneType' object has no attribute ...").
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 20\r\n\r\n" + b"A" * 20 + b"\r\n\r\n"
    )
    path = tmp_path / "headless.warc.gz"
    path.write_bytes(gzip.compress(record))
    [error] = read_path(str(path))
    assert isinstance(error, InputError)
    assert error.reason == (
        "cannot read record 1: malformed record headers (a response without its target URI?)"
    )


def test_a_wrong_content_length_is_one_line_and_nothing_on_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "uneven.warc"
    write_warc(path, compress=False)
    data = path.read_bytes()
    # The first record (warcinfo) says it is six bytes shorter than it is.
    length = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", length)
    declared = int(data[length:end])
    path.write_bytes(data[:length] + str(declared - 6).encode() + data[end:])
    articles, errors = articles_and_errors(path)
    assert articles  # the pages after it are still read
    assert errors[-1] == (
        f"{path}: 1 record(s) longer or shorter than their Content-Length (read as far as they go)"
    )
    assert capfd.readouterr().err == ""
