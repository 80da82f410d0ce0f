"""The demo server: its feeds and pages as a real web server serves them, with the base URL
filled in, validators and 304, and any directory or extra route for other tests."""

import http.client
from pathlib import Path

import feedparser
import httpx
import pytest

from services.demo.server import DemoSite, serve_content


def test_feeds_are_discovered_and_parse(demo_site: DemoSite) -> None:
    assert [url.rsplit("/", 1)[1] for url in demo_site.feed_urls] == ["europe.atom", "world.rss"]
    versions = set()
    for url in demo_site.feed_urls:
        response = httpx.get(url)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        versions.add(parsed.version)
        assert parsed.entries
        assert all(entry.link.startswith(demo_site.base_url + "/") for entry in parsed.entries)
    assert versions == {"rss20", "atom10"}


def test_every_feed_link_is_a_page_with_the_base_url_filled_in(demo_site: DemoSite) -> None:
    with httpx.Client() as client:
        for feed_url in demo_site.feed_urls:
            for entry in feedparser.parse(client.get(feed_url).content).entries:
                page = client.get(entry.link)
                assert page.status_code == 200
                assert page.headers["content-type"] == "text/html; charset=utf-8"
                assert "{{base_url}}" not in page.text
                assert demo_site.base_url in page.text


def test_content_types_carry_a_charset(demo_site: DemoSite) -> None:
    atom = httpx.get(demo_site.url("feeds/europe.atom"))
    assert atom.headers["content-type"] == "application/atom+xml; charset=utf-8"
    rss = httpx.get(demo_site.url("feeds/world.rss"))
    assert rss.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert (
        httpx.get(demo_site.url("static/site.css"))
        .headers["content-type"]
        .startswith("text/css; charset=utf-8")
    )


def test_matching_etag_gets_304_without_a_body(demo_site: DemoSite) -> None:
    url = demo_site.feed_urls[0]
    first = httpx.get(url)
    again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    changed = httpx.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_if_modified_since_gets_304_unless_older(demo_site: DemoSite) -> None:
    url = demo_site.feed_urls[1]
    first = httpx.get(url)
    since = httpx.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    old = httpx.get(url, headers={"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
    assert old.status_code == 200


def test_unknown_path_and_escapes_from_the_directory_are_404(demo_site: DemoSite) -> None:
    assert httpx.get(demo_site.url("no/such/page.html")).status_code == 404
    host, port = demo_site.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    connection.request("GET", "/../../../../etc/passwd")
    assert connection.getresponse().status == 404
    connection.close()


def test_added_route_answers_with_its_status_and_headers(demo_site: DemoSite) -> None:
    url = demo_site.add_route(
        "/server-tests/gone", "gone", status=410, headers={"Retry-After": "120"}
    )
    response = httpx.get(url)
    assert (response.status_code, response.text) == (410, "gone")
    assert response.headers["retry-after"] == "120"


def test_head_request_has_headers_only(demo_site: DemoSite) -> None:
    response = httpx.head(demo_site.feed_urls[0])
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


def test_any_directory_can_be_served(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text("<rss version='2.0'><channel><link>{{base_url}}/</link>")
    (tmp_path / "page.html").write_bytes("<p>caf\u00e9</p>".encode("cp1252"))
    with serve_content(tmp_path) as site:
        assert site.feed_urls == [site.url("feed.xml")]
        assert f"<link>{site.base_url}/</link>" in httpx.get(site.feed_urls[0]).text
        # Bytes are served as they are: the placeholder is replaced without decoding them.
        assert httpx.get(site.url("page.html")).content == "<p>caf\u00e9</p>".encode("cp1252")
    with pytest.raises(httpx.ConnectError):
        httpx.get(site.feed_urls[0])
