"""RSS and Atom feeds read from files: entries with full content, summaries, broken feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest import read_path
from rashomon.ingest.detect import detect_format
from rashomon.ingest.feeds import MIN_SUMMARY_WORDS, html_text
from rashomon.types import Article

# Invented for these tests.
LONG_SUMMARY = (
    "The regional water board said on Monday that the reservoir above the valley had "
    "reached its highest level in twenty years after a wet spring, and that it would open "
    "the spillway gates slowly over the coming week so that the river below could carry "
    "the extra water without flooding the fields along its banks."
)
RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Valley Gazette</title>
  <link>https://gazette.example/</link>
  <language>en-gb</language>
  <item>
    <title>Bridge reopens after repairs</title>
    <link>https://gazette.example/bridge</link>
    <guid isPermaLink="false">gazette-1001</guid>
    <pubDate>Tue, 07 May 2024 09:30:00 +0200</pubDate>
    <author>desk@gazette.example (Ada Brook)</author>
    <description>The bridge is open again.</description>
    <content:encoded><![CDATA[<h2>Traffic returns</h2>
<p>The old stone bridge over the river <b>reopened</b> on Tuesday after eight months.</p>
<p>"It is good to have it back," said a cyclist.</p>
<ul><li>Cars: from Tuesday</li><li>Lorries: from June</li></ul>]]></content:encoded>
  </item>
  <item>
    <title>Reservoir at a twenty-year high</title>
    <link>https://gazette.example/reservoir</link>
    <dc:creator>Ben Marsh</dc:creator>
    <pubDate>Wed, 08 May 2024 07:00:00 GMT</pubDate>
    <description>{LONG_SUMMARY}</description>
  </item>
  <item>
    <title>Council meets on Thursday</title>
    <link>https://gazette.example/council</link>
    <description>&lt;p&gt;The council meets &lt;b&gt;on Thursday&lt;/b&gt;.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Hafenblatt</title>
  <link href="https://hafen.example/"/>
  <id>urn:example:hafenblatt</id>
  <updated>2024-05-07T10:00:00Z</updated>
  <entry xml:lang="de-AT">
    <title>Fähre fährt wieder</title>
    <link rel="alternate" href="https://hafen.example/faehre"/>
    <id>urn:example:faehre</id>
    <published>2024-05-07T09:00:00+02:00</published>
    <updated>2024-05-07T11:00:00+02:00</updated>
    <author><name>Clara Kai</name><email>clara@hafen.example</email></author>
    <author><name>Dora Lund</name></author>
    <summary>Kurz.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Die Nachtfähre zu den Inseln fährt seit Dienstag wieder.</p>
      <p>„Endlich“, sagte ein Fischer am Kai.</p></div></content>
  </entry>
  <entry>
    <title>Nur ein Anriss</title>
    <link rel="alternate" href="https://hafen.example/anriss"/>
    <id>urn:example:anriss</id>
    <updated>2024-05-08T06:00:00Z</updated>
    <summary>Mehr dazu später.</summary>
  </entry>
  <entry>
    <title>Neuer Kran</title>
    <link rel="alternate" href="https://hafen.example/kran"/>
    <id>urn:example:kran</id>
    <updated>2024-05-09T06:00:00Z</updated>
    <author><name>Emil Ost</name><email>emil@hafen.example</email></author>
    <content type="text">Der Hafen hat einen neuen Kran.  Er hebt vierzig Tonnen.</content>
  </entry>
</feed>
"""


def read_all(path: Path, **options: object) -> list[Article | InputError]:
    return list(read_path(str(path), **options))


def test_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    bridge, reservoir, council = read_all(path)

    assert isinstance(bridge, Article)
    assert bridge.text == (
        "Traffic returns\n"
        "The old stone bridge over the river reopened on Tuesday after eight months.\n"
        '"It is good to have it back," said a cyclist.\n'
        "Cars: from Tuesday\n"
        "Lorries: from June"
    )
    assert bridge.title == "Bridge reopens after repairs"
    assert bridge.url == "https://gazette.example/bridge"
    assert bridge.published == "2024-05-07T07:30:00+00:00"  # UTC
    assert bridge.byline == "Ada Brook"
    assert bridge.outlet == "Valley Gazette"
    assert bridge.language == "en-gb"
    assert bridge.path == f"{path}#entry-1"
    assert bridge.meta == {"guid": "gazette-1001", "text_from": "content"}

    # No content, but a summary long enough to be the article itself.
    assert isinstance(reservoir, Article)
    assert len(LONG_SUMMARY.split()) >= MIN_SUMMARY_WORDS
    assert reservoir.text == LONG_SUMMARY
    assert reservoir.byline == "Ben Marsh"
    assert reservoir.published == "2024-05-08T07:00:00+00:00"
    assert reservoir.meta["text_from"] == "summary"

    assert str(council) == (
        f"{path}#entry-3 (https://gazette.example/council): only a summary, no article text"
    )


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "hafen.atom"
    path.write_text(ATOM, encoding="utf-8")
    ferry, teaser, crane = read_all(path)
    assert isinstance(ferry, Article)
    assert ferry.text == (
        "Die Nachtfähre zu den Inseln fährt seit Dienstag wieder.\n"
        "„Endlich“, sagte ein Fischer am Kai."
    )
    assert ferry.title == "Fähre fährt wieder"
    assert ferry.url == "https://hafen.example/faehre"
    assert ferry.published == "2024-05-07T07:00:00+00:00"  # published, not updated
    assert ferry.byline == "Clara Kai, Dora Lund"
    assert ferry.outlet == "Hafenblatt"
    assert ferry.language == "de-AT"  # the entry's own xml:lang wins over the feed's
    assert str(teaser) == (
        f"{path}#entry-2 (https://hafen.example/anriss): only a summary, no article text"
    )
    assert isinstance(crane, Article)
    assert crane.text == "Der Hafen hat einen neuen Kran.  Er hebt vierzig Tonnen."  # plain: as is
    assert crane.byline == "Emil Ost"  # not "Emil Ost (emil@hafen.example)"
    assert crane.language == "de"


def test_feed_charset_from_xml_declaration_and_encoding_option(tmp_path: Path) -> None:
    feed = RSS.replace('encoding="utf-8"', 'encoding="windows-1251"').replace(
        "Valley Gazette", "Долинная газета"
    )
    path = tmp_path / "gazeta.xml"  # .xml: sniffed as a feed
    path.write_bytes(feed.encode("cp1251"))
    first = read_all(path)[0]
    assert isinstance(first, Article) and first.outlet == "Долинная газета"
    path.write_bytes(feed.replace('encoding="windows-1251"', 'encoding="utf-8"').encode("cp1251"))
    assert "not valid UTF-8" in str(read_all(path)[0])
    first = read_all(path, encoding="cp1251")[0]
    assert isinstance(first, Article) and first.outlet == "Долинная газета"


def test_broken_feeds_are_one_error_each(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Cut', "utf-8")
    assert [str(item) for item in read_all(broken)] == [
        f"{broken}: not a readable feed: no element found (line 2, column 38)"
    ]
    page = tmp_path / "page.rss"
    page.write_text("<html><body><p>No feed here.</p></body></html>", "utf-8")
    assert [str(item) for item in read_all(page)] == [f"{page}: not an RSS or Atom feed"]
    empty = tmp_path / "empty.atom"
    empty.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>', "utf-8"
    )
    assert [str(item) for item in read_all(empty)] == [f"{empty}: feed has no entries"]
    blank = tmp_path / "blank.rss"
    blank.write_text("\n", "utf-8")
    assert [str(item) for item in read_all(blank)] == [f"{blank}: empty file"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- hi --><rdf:RDF>', "feed"),
        (b'<?xml version="1.0"?>\n<html><body>', "html"),
        (b"<feedback>not a feed</feedback>", "html"),
    ],
)
def test_feeds_are_sniffed(content: bytes, expected: str) -> None:
    assert detect_format("feed.xml", content) == expected
    assert detect_format("download", content) == expected


def test_html_text_keeps_blocks_and_drops_inline_markup() -> None:
    assert html_text("<p>One <b>bold</b> word.</p><p>Two<br>lines</p>") == (
        "One bold word.\nTwo\nlines"
    )
    assert html_text("Plain text &amp; no tags") == "Plain text & no tags"
    assert html_text("  ") == ""


def test_a_feed_with_entity_declarations_is_read_as_a_feed_and_expands_none(
    tmp_path: Path,
) -> None:
    # The doctype's internal subset holds ">" before the doctype ends; the external entity
    # must not be read (XXE) and the feed must not be taken for an HTML page.
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        b'<rss version="2.0"><channel><title>Harbour news</title><item><title>Pier closed'
        b"</title><description>&xxe; The Velna harbour council closed the old ferry pier on "
        b"Tuesday after engineers found cracks in its pilings.</description></item></channel>"
        b"</rss>"
    )
    path = tmp_path / "news.xml"
    path.write_bytes(feed)
    assert detect_format(str(path), feed) == "feed"
    items = list(read_path(str(path)))
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert items and all(not hostname or hostname not in str(item) for item in items)
    assert not any(isinstance(i, Article) and "ENTITY" in i.text for i in items)
