"""Ingestion: every format, stable ids, exact text, and one-line errors for every bad input."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, article_id, read_path, read_paths
from rashomon.ingest.detect import detect_format
from rashomon.ingest.fields import normalize_date
from rashomon.types import Article

FRONT_MATTER = (
    "---\r\n"
    "title: Storm closes the harbour\r\n"
    "source: Example Daily\r\n"
    "url: https://example.org/storm\r\n"
    "date: Mon, 12 Sep 2016 08:30:00 +0200\r\n"
    "lang: en\r\n"
    "author: [Jane Roe, 'John Doe']\r\n"
    "section: World\r\n"
    "---\r\n"
)
BODY = (
    "STORM CLOSES THE HARBOUR\r\n"
    "\r\n"
    "The harbour master closed the port on Monday, officials said.\r\n"
    '"Nobody sails today," she told reporters.\r\n'
)
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Storm closes the harbour | Example Daily</title>
<meta property="og:site_name" content="Example Daily">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://example.org/news/storm">
<meta property="article:published_time" content="2016-09-12T08:30:00+00:00">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Storm closes the harbour</h1>
<p>The harbour master closed the port on Monday morning, officials said, as winds
rose above gale force and waves broke over the outer wall.</p>
<p>"Nobody sails today, and nobody sails tomorrow," she told reporters at a briefing,
adding that the ferry company had already cancelled every crossing.</p>
<p>The weather service said the storm would ease by Wednesday afternoon.</p>
</article><footer>Copyright Example Daily</footer></body></html>
"""
# Written for these tests: Cyrillic in a legacy encoding, as Russian sites still serve it.
RUSSIAN_HTML = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Шторм закрыл порт</title></head><body><article>
<p>Начальник порта в понедельник закрыл гавань из-за сильного шторма, сообщили власти.</p>
<p>«Сегодня никто не выйдет в море», — сказала она журналистам на брифинге в порту.</p>
<p>Синоптики ожидают, что ветер ослабнет к вечеру среды.</p>
</article></body></html>
"""
RUSSIAN_TEXT = "Начальник порта закрыл гавань из-за шторма, сообщили власти.\n"


def read_all(path: Path | str, **options: object) -> list[Article | InputError]:
    return list(read_path(str(path), **options))


def read_one_article(path: Path, **options: object) -> Article:
    [item] = read_all(path, **options)
    assert isinstance(item, Article), item
    return item


def read_one_error(path: Path | str, **options: object) -> str:
    [item] = read_all(path, **options)
    assert isinstance(item, InputError), item
    return str(item)


# --- text --------------------------------------------------------------------------------


def test_text_front_matter_aliases_and_exact_body(tmp_path: Path) -> None:
    path = tmp_path / "storm.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (FRONT_MATTER + BODY).encode())
    article = read_one_article(path)
    assert article.text == BODY  # \r\n kept, BOM and front matter gone
    assert article.title == "Storm closes the harbour"
    assert article.outlet == "Example Daily"
    assert article.url == "https://example.org/storm"
    assert article.published == "2016-09-12T08:30:00+02:00"
    assert article.language == "en"
    assert article.byline == "Jane Roe, John Doe"
    assert article.meta == {"section": "World"}
    assert article.path == str(path)


def test_text_front_matter_yaml_list_and_nested_values(tmp_path: Path) -> None:
    path = tmp_path / "storm.md"
    path.write_text(
        "---\ntitle: 'Harbour: closed'\nbyline:\n  - Jane Roe\n  - John Doe\n"
        "taxonomy:\n  section: world\npublished: 2016-09-12\n---\n"
        "The harbour stays shut until the storm passes.\n",
        encoding="utf-8",
    )
    article = read_one_article(path)
    assert (article.title, article.byline) == ("Harbour: closed", "Jane Roe, John Doe")
    assert article.published == "2016-09-12"
    assert article.text == "The harbour stays shut until the storm passes.\n"


def test_text_without_front_matter_title_is_first_line(tmp_path: Path) -> None:
    content = "\n\n# Storm closes the harbour\nOutlet: Example Daily\nThe port is shut.\n"
    path = tmp_path / "plain.md"
    path.write_text(content, encoding="utf-8", newline="")
    article = read_one_article(path)
    assert article.text == content
    assert article.title == "Storm closes the harbour"
    assert article.outlet is None


def test_dashes_without_key_lines_are_text_not_front_matter(tmp_path: Path) -> None:
    content = "---\nA rule above and below, not metadata.\n---\nMore text.\n"
    path = tmp_path / "rules.txt"
    path.write_text(content, encoding="utf-8")
    article = read_one_article(path)
    assert article.text == content
    assert article.title == "---"


def test_front_matter_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "header-only.txt"
    path.write_text("---\ntitle: Nothing here\n---\n\n", encoding="utf-8")
    assert read_one_error(path) == f"{path}: no text after the front matter"


# --- HTML --------------------------------------------------------------------------------


def test_html_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "storm.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = read_one_article(path)
    assert "The harbour master closed the port on Monday morning" in article.text
    assert "Nobody sails today" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text
    assert article.title == "Storm closes the harbour"
    assert article.outlet == "Example Daily"
    assert article.byline == "Jane Roe"
    assert article.url == "https://example.org/news/storm"
    assert article.published == "2016-09-12"
    assert article.language == "en-GB"
    assert article.id == article_id(article.text, "https://example.org/news/storm")


def test_html_language_only_when_declared(tmp_path: Path) -> None:
    path = tmp_path / "storm.htm"
    path.write_text(ARTICLE_HTML.replace(' lang="en-GB"', ""), encoding="utf-8")
    assert read_one_article(path).language is None
    path.write_text(
        ARTICLE_HTML.replace(' lang="en-GB"', "").replace(
            "<head>", '<head><meta property="og:locale" content="en_US">'
        ),
        encoding="utf-8",
    )
    assert read_one_article(path).language == "en-US"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    path = tmp_path / "shtorm.html"
    path.write_bytes(RUSSIAN_HTML.encode("cp1251"))
    article = read_one_article(path)
    assert "Начальник порта в понедельник закрыл гавань" in article.text
    assert "«Сегодня никто не выйдет в море»" in article.text


def test_html_wrong_declared_charset_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "liar.html"
    path.write_bytes(RUSSIAN_HTML.replace("windows-1251", "utf-8").encode("cp1251"))
    assert "not valid UTF-8 (byte 0x" in read_one_error(path)
    article = read_one_article(path, encoding="cp1251")
    assert "закрыл гавань" in article.text


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gallery.html"
    path.write_text(
        "<html><head><title>Gallery</title></head><body><div><img src='a.jpg'>"
        "<img src='b.jpg'></div><script>var shown = 1;</script></body></html>",
        encoding="utf-8",
    )
    assert read_one_error(path) == f"{path}: no article text found in HTML"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>Unclosed <b>bold <i>and <div>nested</p></span></html",
        "<<<>>><p>&&&; &#xZZ; <!-- never closed",
        "<p>A fragment with one paragraph of article text and no html element.</p>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Declared XML.</p></body></html>",
        "<html>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</html>",
    ],
)
def test_malformed_html_does_not_crash(tmp_path: Path, page: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(page, encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, Article | InputError)


def test_html_fragment_is_read(tmp_path: Path) -> None:
    path = tmp_path / "fragment.html"
    path.write_text("<p>The harbour reopened on Thursday, the port said.</p>", encoding="utf-8")
    assert read_one_article(path).text == "The harbour reopened on Thursday, the port said."


# --- JSON and JSONL ----------------------------------------------------------------------


def test_json_object_with_aliases(tmp_path: Path) -> None:
    record = {
        "headline": "Storm closes the harbour",
        "body": "The harbour master closed the port.\r\nShips wait outside.",
        "link": "https://example.org/storm",
        "source": {"id": "example", "name": "Example Daily"},
        "pubDate": "Mon, 12 Sep 2016 08:30:00 GMT",
        "lang": "en",
        "authors": ["Jane Roe", "John Doe"],
        "id": 42,
        "paywalled": False,
        "tags": ["weather"],
    }
    path = tmp_path / "storm.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    article = read_one_article(path)
    assert article.text == record["body"]
    assert article.title == "Storm closes the harbour"
    assert article.url == "https://example.org/storm"
    assert article.outlet == "Example Daily"
    assert article.published == "2016-09-12T08:30:00+00:00"
    assert article.language == "en"
    assert article.byline == "Jane Roe, John Doe"
    assert article.meta == {"id": "42", "paywalled": "false"}
    assert article.path == str(path)


@pytest.mark.parametrize(
    ("text_key", "outlet_key", "date_key"),
    [
        ("text", "outlet", "published"),
        ("content", "site", "published_at"),
        ("article", "publisher", "date_publish"),
        ("maintext", "sitename", "datetime"),
        ("Text", "Source", "DATE"),
    ],
)
def test_json_field_aliases(tmp_path: Path, text_key: str, outlet_key: str, date_key: str) -> None:
    path = tmp_path / "one.json"
    record = {text_key: "Port shut.", outlet_key: "Example Daily", date_key: "2016/09/12"}
    path.write_text(json.dumps(record), encoding="utf-8")
    article = read_one_article(path)
    assert (article.text, article.outlet, article.published) == (
        "Port shut.",
        "Example Daily",
        "2016-09-12",
    )


def test_json_list_paths_and_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    records = [{"text": "First story."}, "not an object", {"title": "No text"}, {"text": "Last."}]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    items = read_all(path)
    assert [item.path for item in items if isinstance(item, Article)] == [
        f"{path}#0",
        f"{path}#3",
    ]
    assert [str(item) for item in items if isinstance(item, InputError)] == [
        f"{path}#1: record is a JSON string, not an object",
        f"{path}#2: record has no text field (text/body/content)",
    ]


def test_jsonl_broken_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "First story.", "url": "https://example.org/1"}),
        '{"text": "cut off',
        "",
        json.dumps({"title": "Headline only"}),
        json.dumps({"text": "Last story.", "url": "https://example.org/4"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [type(item) for item in items] == [Article, InputError, InputError, Article]
    assert items[0].path == f"{path}#1" and items[0].text == "First story."
    assert str(items[1]).startswith(f"{path}:2: invalid JSON: Unterminated string")
    assert str(items[2]) == f"{path}:4: record has no text field (text/body/content)"
    assert items[3].path == f"{path}#5" and items[3].url == "https://example.org/4"


def test_jsonl_keeps_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    text = "One paragraph.\u2028Same record after a line separator."
    path.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_one_article(path).text == text


def test_invalid_json_document_is_reported_with_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "text": "x",\n  oops\n}', encoding="utf-8")
    assert read_one_error(path) == (
        f"{path}: invalid JSON: "
        "Expecting property name enclosed in double quotes (line 3, column 3)"
    )


# --- format detection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.TXT", b"<p>looks like html</p>", "text"),
        ("a.xhtml", b"plain", "html"),
        ("a.ndjson", b"{}", "jsonl"),
        ("story", b"\xef\xbb\xbf  <!DOCTYPE html><html></html>", "html"),
        ("story", b'\n[{"text": "x"}]', "json"),
        ("story", b'{"text": "x"}\n{"text": "y"}\n', "json"),
        ("story", b"[Updated] The port reopened.", "text"),
        ("story", b"The port reopened.", "text"),
    ],
)
def test_detect_format(name: str, content: bytes, expected: str) -> None:
    assert detect_format(name, content) == expected


def test_extensionless_files_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "records").write_text(
        json.dumps({"text": "One."}) + "\n" + json.dumps({"text": "Two."}) + "\n",
        encoding="utf-8",
    )
    prose = "[Updated] The port reopened on Tuesday after the storm.\n"
    (tmp_path / "prose").write_text(prose, encoding="utf-8")
    items = read_all(tmp_path)
    assert all(isinstance(item, Article) for item in items)
    assert [item.path for item in items] == [
        str(tmp_path / "page"),
        str(tmp_path / "prose"),
        f"{tmp_path / 'records'}#1",
        f"{tmp_path / 'records'}#2",
    ]
    assert items[0].outlet == "Example Daily"


# --- ids ---------------------------------------------------------------------------------


def test_article_id_is_a_stable_content_hash(tmp_path: Path) -> None:
    expected = hashlib.sha256(b"https://example.org/a\nText.").hexdigest()[:16]
    assert article_id("Text.", "https://example.org/a") == expected
    assert article_id("Text.", None) == hashlib.sha256(b"\nText.").hexdigest()[:16]

    first, copy, moved = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    text = "The port reopened on Tuesday after the storm.\n"
    first.write_text(f"---\nurl: https://example.org/a\n---\n{text}", encoding="utf-8")
    copy.write_text(f"---\nurl: https://example.org/a\n---\n{text}", encoding="utf-8")
    moved.write_text(f"---\nurl: https://example.org/b\n---\n{text}", encoding="utf-8")
    assert read_one_article(first).id == read_one_article(first).id == read_one_article(copy).id
    assert read_one_article(moved).id != read_one_article(first).id


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-09-12", "2016-09-12"),
        ("20160912", "2016-09-12"),
        ("2016-09-12T08:30:00Z", "2016-09-12T08:30:00+00:00"),
        ("2016-09-12 08:30", "2016-09-12T08:30:00"),
        ("Mon, 12 Sep 2016 08:30:00 +0200", "2016-09-12T08:30:00+02:00"),
        ("2016/09/12", "2016-09-12"),
        ("12.09.2016", "2016-09-12"),
        ("September 12, 2016", "2016-09-12"),
        ("12 Sep 2016", "2016-09-12"),
        ("12.09.2016 08:30", "2016-09-12T08:30:00"),
        ("last Monday", "last Monday"),
        ("2016-13-45", "2016-13-45"),
    ],
)
def test_normalize_date(raw: str, expected: str) -> None:
    assert normalize_date(raw) == expected


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf\n", " \u3000\n".encode()])
@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl"])
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_one_error(path) == f"{path}: empty file"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02 not a known format" * 20,  # NUL bytes
        bytes(range(1, 9)) * 200,  # control characters, no NUL
    ],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    assert read_one_error(path) == f"{path}: binary file, not text"


def test_invalid_utf8_is_reported_and_encoding_option_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(("ok\n" + RUSSIAN_TEXT).encode("cp1251"))
    byte = RUSSIAN_TEXT.encode("cp1251")[0]
    assert read_one_error(path) == (
        f"{path}: not valid UTF-8 (byte 0x{byte:02x} at offset 3); pass --encoding"
    )
    article = read_one_article(path, encoding="cp1251")
    assert article.text == "ok\n" + RUSSIAN_TEXT


def test_wrong_or_unknown_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(RUSSIAN_TEXT.encode("cp1251"))
    assert read_one_error(path, encoding="no-such-codec") == (
        f"{path}: unknown text encoding 'no-such-codec'"
    )
    assert read_one_error(path, encoding="base64") == f"{path}: unknown text encoding 'base64'"
    path.write_bytes(b"Price \x98 10\n")  # 0x98 is unassigned in cp1251
    assert read_one_error(path, encoding="cp1251") == (
        f"{path}: not valid cp1251 (byte 0x98 at offset 6)"
    )


def test_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(RUSSIAN_TEXT.encode("utf-16"))
    assert read_one_article(path).text == RUSSIAN_TEXT


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as file:
        file.truncate(200 * 2**20)  # sparse: no disk space used
    tracemalloc.start()
    try:
        message = read_one_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert DEFAULT_MAX_BYTES == 50 * 2**20
    assert message == f"{path}: file is 200.0 MB, over the 50.0 MB limit (--max-bytes)"
    assert peak < 2**20
    small = tmp_path / "small.txt"
    small.write_text("A short article, but over a tiny limit.\n", encoding="utf-8")
    assert read_one_error(small, max_bytes=10) == (
        f"{small}: file is 40 bytes, over the 10 bytes limit (--max-bytes)"
    )
    assert read_one_article(small, max_bytes=1000).text.startswith("A short article")


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "story.txt"
    assert read_one_error(path) == f"{path}: no such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Text.\n", encoding="utf-8")
    path.chmod(0)
    assert read_one_error(path) == f"{path}: permission denied"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert read_one_error(path) == f"{path}: not a regular file"


def test_directory_recursion_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    story = "The port reopened on Tuesday after the storm.\n"
    (tmp_path / "z.txt").write_text(f"Zed: {story}", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"A: {story}", encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.md").write_text(f"C: {story}", encoding="utf-8")
    (tmp_path / "b" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden story.\n", encoding="utf-8")
    (tmp_path / ".git" / "notes.txt").write_text("Hidden folder story.\n", encoding="utf-8")
    items = read_all(tmp_path)
    assert [item.path if isinstance(item, Article) else str(item) for item in items] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "deep" / "c.md"),
        f"{tmp_path / 'b' / 'empty.txt'}: empty file",
        str(tmp_path / "z.txt"),
    ]


def test_read_paths_keeps_going_after_bad_paths(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The port reopened on Tuesday after the storm.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    items = list(read_paths([str(missing), str(good), str(missing)], max_bytes=100))
    assert [type(item) for item in items] == [InputError, Article, InputError]


@pytest.mark.parametrize("name", ["noise.txt", "noise.html", "noise.json", "noise.jsonl", "noise"])
def test_no_traceback_for_arbitrary_bytes(tmp_path: Path, name: str) -> None:
    samples = [
        os.urandom(4096),
        b"{" * 100_000,
        b"[" * 100_000 + b"{",
        b'{"text": ' * 5000,
        b"<" + os.urandom(500).replace(b"\x00", b" "),
        "«»—\u2028\ud7ff".encode() + b"\xff",
        b"---\n: x\n- y\n---\n",
    ]
    path = tmp_path / name
    for sample in samples:
        path.write_bytes(sample)
        for item in read_all(path):
            assert isinstance(item, Article | InputError)
            if isinstance(item, InputError):
                assert "\n" not in str(item)
