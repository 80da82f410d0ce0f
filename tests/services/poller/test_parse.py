"""Feed documents to entries: RSS, Atom, broken XML, non-feeds, XXE, wrong charsets."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.ids import article_id
from services.poller.parse import NotAFeed, parse_feed
from tests.services.poller.feeds import ATOM, BROKEN, HTML_PAGE, RSS, WRONG_CHARSET, xxe_feed

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)


def test_rss_entries_carry_resolved_links_dates_and_html() -> None:
    parsed = parse_feed(RSS, feed_id="f1", base_url="https://news.example/feed.xml", now=NOW)
    assert (parsed.title, parsed.site_url, parsed.problem) == (
        "Example News",
        "https://news.example/",
        None,
    )
    storm, markets = parsed.entries  # the entry without a link is skipped
    assert storm.url == "https://news.example/2024/05/storm?utm_source=rss"
    assert storm.article_id == article_id("https://news.example/2024/05/storm")
    assert (storm.feed_id, storm.guid, storm.title) == ("f1", "storm-1", "Storm reaches the coast")
    assert storm.published_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert storm.summary_html == "<p>The storm <b>arrived</b>.</p>"
    assert storm.content_html == "<p>The storm arrived at dawn.</p>"
    assert storm.authors == ["Ann Reporter"]
    assert storm.discovered_at == NOW
    assert markets.published_at == datetime(2024, 5, 1, 11, 30, tzinfo=UTC)
    assert (markets.content_html, markets.authors) == (None, [])


def test_atom_entries_use_xml_base_updated_dates_and_every_author() -> None:
    parsed = parse_feed(ATOM, feed_id="f2", base_url="https://blog.example/atom", now=NOW)
    assert parsed.title == "Example Blog"
    [entry] = parsed.entries
    assert entry.url == "https://blog.example/posts/first"
    assert entry.guid == "urn:example:1"
    assert entry.published_at == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    assert entry.authors == ["Bo Writer", "Cy Editor"]
    assert (entry.summary_html, entry.content_html) == ("A summary.", "<p>The whole post.</p>")


def test_broken_xml_still_yields_the_recovered_entries() -> None:
    parsed = parse_feed(BROKEN, feed_id="f3", base_url="https://broken.example/rss", now=NOW)
    assert parsed.problem is not None
    assert [entry.url for entry in parsed.entries] == [
        "https://broken.example/fish",
        "https://broken.example/second",
    ]


@pytest.mark.parametrize("content", [HTML_PAGE, b"", b"Service temporarily unavailable"])
def test_a_document_that_is_no_feed_is_not_a_feed(content: bytes) -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(content, feed_id="f4", base_url="https://site.example/", now=NOW)
    assert caught.value.code == "not_a_feed"
    assert caught.value.url == "https://site.example/"


def test_a_body_naming_a_local_file_is_not_read_as_that_file(tmp_path: Path) -> None:
    # Given bytes, feedparser would first try them as a file name.
    local = tmp_path / "feed.xml"
    local.write_bytes(RSS)
    with pytest.raises(NotAFeed):
        parse_feed(str(local).encode(), feed_id="f5", base_url="https://evil.example/", now=NOW)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    parsed = parse_feed(
        xxe_feed(str(secret)), feed_id="f6", base_url="https://xxe.example/rss", now=NOW
    )
    [entry] = parsed.entries
    assert entry.url == "https://xxe.example/item"
    everything = repr(parsed)
    assert "TOP-SECRET-TOKEN" not in everything


def test_a_wrongly_declared_charset_is_read_in_the_real_one() -> None:
    parsed = parse_feed(WRONG_CHARSET, feed_id="f7", base_url="https://cafe.example/", now=NOW)
    assert parsed.title == "Café del Mar"
    assert [entry.title for entry in parsed.entries] == ["Résumé of the week"]
    assert parsed.problem is not None  # the declaration was overridden


def test_entries_linking_the_same_article_are_kept_once() -> None:
    twice = RSS.replace(
        b"https://news.example/2024/05/markets", b"https://news.example/2024/05/storm"
    )
    parsed = parse_feed(twice, feed_id="f8", base_url="https://news.example/feed.xml", now=NOW)
    assert [entry.title for entry in parsed.entries] == ["Storm reaches the coast"]
