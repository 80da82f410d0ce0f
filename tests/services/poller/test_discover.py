"""Finding a feed from a URL on a real local server: the feed itself, or the feed its
page links (relative, behind <base>, skipping unreadable ones), or a clear refusal."""

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from schemas.settings import HttpSettings
from services.http.client import build_client
from services.http.errors import HttpClientError
from services.poller.discover import FoundFeed, feed_links, find_feed
from services.poller.parse import NotAFeed
from tests.plugins.local_server import LocalServer, Reply
from tests.services.poller.feeds import ATOM, HTML_PAGE, RSS

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
MAX_BYTES = 1_000_000


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """A guarded client allowed to reach the test server on 127.0.0.1."""
    with build_client(HttpSettings(total_timeout=5.0), allow_private=True) as client:
        yield client


def page(*links: str) -> Reply:
    """An HTML page whose head holds `links`."""
    head = "".join(links)
    body = f"<!DOCTYPE html><html><head><title>Site</title>{head}</head><body>Hi</body></html>"
    return Reply(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def find(client: httpx.Client, server: LocalServer, path: str) -> FoundFeed:
    """`find_feed` of `path` on the server."""
    return find_feed(client, server.url(path), max_bytes=MAX_BYTES, allow_private=True, now=NOW)


def test_a_feed_url_is_taken_as_it_is(client: httpx.Client, http_server: LocalServer) -> None:
    http_server.routes["/feed.xml"] = Reply(body=RSS)
    found = find(client, http_server, "/feed.xml")
    assert found == FoundFeed(http_server.url("/feed.xml"), "Example News", None)
    assert [request.path for request in http_server.requests] == ["/feed.xml"]


def test_the_feed_a_page_links_is_found_and_read(
    client: httpx.Client, http_server: LocalServer
) -> None:
    http_server.routes["/blog/"] = page(
        '<link rel="stylesheet" href="/site.css">',
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/1">',
        '<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="atom">',
    )
    http_server.routes["/blog/atom"] = Reply(body=ATOM)
    found = find(client, http_server, "/blog/")
    assert found == FoundFeed(
        http_server.url("/blog/atom"), "Example Blog", linked_from=http_server.url("/blog/")
    )


def test_an_unreadable_linked_feed_gives_way_to_the_next(
    client: httpx.Client, http_server: LocalServer
) -> None:
    http_server.routes["/"] = page(
        '<link rel="alternate" type="application/rss+xml" href="/gone.xml">',
        '<link rel="alternate" type="application/rss+xml" href="/html.xml">',
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">',
    )
    http_server.routes["/html.xml"] = Reply(body=HTML_PAGE)
    http_server.routes["/feed.xml"] = Reply(body=RSS)
    assert find(client, http_server, "/").url == http_server.url("/feed.xml")


def test_a_page_linking_no_feed_is_refused(client: httpx.Client, http_server: LocalServer) -> None:
    http_server.routes["/"] = page(
        '<link rel="alternate" type="application/feed+json" href="/feed.json">'
    )
    with pytest.raises(NotAFeed, match="no RSS or Atom feed is linked"):
        find(client, http_server, "/")


def test_a_page_whose_linked_feeds_are_broken_says_why(
    client: httpx.Client, http_server: LocalServer
) -> None:
    http_server.routes["/"] = page(
        '<link rel="alternate" type="application/rss+xml" href="/missing.xml">'
    )
    with pytest.raises(NotAFeed, match=r"cannot be read .*/missing\.xml: HTTP 404"):
        find(client, http_server, "/")


def test_a_url_that_cannot_be_fetched_raises_its_fetch_error(
    client: httpx.Client, http_server: LocalServer
) -> None:
    with pytest.raises(HttpClientError):
        find(client, http_server, "/nothing")


def test_feed_links_honour_base_href_and_skip_duplicates_and_other_schemes() -> None:
    content = b"""<html><head><base href="https://cdn.example/site/">
    <link rel="alternate" type="application/rss+xml" href="rss">
    <link rel="alternate" type="application/rss+xml" href="https://cdn.example/site/rss">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    <link rel="alternate feed" type="APPLICATION/ATOM+XML" href=" /atom ">
    <link rel="alternate" type="text/html" href="/fr/">
    </head></html>"""
    assert feed_links(content, "https://www.example/") == [
        "https://cdn.example/site/rss",
        "https://cdn.example/atom",
    ]
    assert feed_links(b"", "https://www.example/") == []
