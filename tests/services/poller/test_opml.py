"""OPML subscription lists: nested folders, titles, duplicates, hostile XML; writing them
back so that other readers, and newsfold, read the same list."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from services.poller.opml import OpmlError, OpmlFeed, parse_opml, write_opml

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Example News" xmlUrl="https://news.example/feed.xml"
               htmlUrl="https://news.example/"/>
      <outline text="Regional">
        <outline type="rss" title="Local Paper" text="ignored" xmlUrl="https://local.example/rss"/>
      </outline>
    </outline>
    <outline type="rss" xmlUrl="https://blog.example/atom"/>
    <outline type="rss" text="Again" xmlUrl="https://news.example/feed.xml"/>
    <outline text="A folder with no feed"/>
  </body>
</opml>
"""


def test_feeds_are_found_at_any_depth_once_each_with_their_titles() -> None:
    assert parse_opml(OPML) == [
        OpmlFeed("https://news.example/feed.xml", "Example News", "https://news.example/"),
        OpmlFeed("https://local.example/rss", "Local Paper"),
        OpmlFeed("https://blog.example/atom", None),
    ]


def _hostile(secret: Path, outline_text: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file://{secret}">]>
<opml version="2.0"><head><title>&secret;</title></head><body>
<outline text="{outline_text}" xmlUrl="https://feed.example/rss"/>
</body></opml>""".encode()


def test_external_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    [feed] = parse_opml(_hostile(secret, "Feed"))
    assert feed == OpmlFeed("https://feed.example/rss", "Feed")
    # In an attribute, an external entity is an XML error rather than an expansion.
    with pytest.raises(OpmlError) as caught:
        parse_opml(_hostile(secret, "&secret;"))
    assert "TOP-SECRET-TOKEN" not in str(caught.value)


@pytest.mark.parametrize("content", [b"<opml><body>", b"<rss version='2.0'><channel/></rss>", b""])
def test_what_is_not_opml_is_refused(content: bytes) -> None:
    with pytest.raises(OpmlError):
        parse_opml(content)


def test_written_opml_reads_back_the_same_feeds() -> None:
    feeds = [
        OpmlFeed("https://news.example/feed.xml?a=1&b=2", 'Tom & Jerry\'s "<News>"', None),
        OpmlFeed("https://blog.example/atom", None, "https://blog.example/"),
        OpmlFeed("https://local.example/rss", "Local", "https://local.example/?x=1&y=2"),
    ]
    written = write_opml(feeds, title="newsfold feeds", created_at=datetime(2024, 5, 1, tzinfo=UTC))
    assert parse_opml(written) == feeds
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"Tom &amp; Jerry's &quot;&lt;News&gt;&quot;" in written
    root = etree.fromstring(written)
    assert (root.get("version"), root.findtext("head/title")) == ("2.0", "newsfold feeds")
    assert root.findtext("head/dateCreated") == "Wed, 01 May 2024 00:00:00 +0000"
    untitled = root.findall("body/outline")[1]
    # OPML 2.0 requires `text`; a feed without a title shows its URL there.
    assert (untitled.get("type"), untitled.get("text"), untitled.get("title")) == (
        "rss",
        "https://blog.example/atom",
        None,
    )


def test_characters_xml_cannot_carry_are_left_out_of_titles() -> None:
    feeds = [OpmlFeed("https://x.example/rss", "Page\x0cbreak\x00 news", None)]
    written = write_opml(feeds, title="t\x1b", created_at=datetime(2024, 5, 1, tzinfo=UTC))
    assert parse_opml(written) == [OpmlFeed("https://x.example/rss", "Pagebreak news", None)]
