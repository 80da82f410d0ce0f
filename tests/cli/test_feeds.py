"""`newsfold feeds` through click, on SQLite and PostgreSQL, against a real local server."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, update

from schemas.ids import feed_id
from services.cli.main import cli
from services.storage.tables import FeedRow
from tests.plugins.local_server import LocalServer, Reply
from tests.services.poller.feeds import HTML_PAGE, RSS

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><body>
  <outline text="News">
    <outline type="rss" text="Example News" xmlUrl="https://news.example/feed.xml"/>
    <outline type="rss" text="Local" xmlUrl="https://local.example/rss"/>
  </outline>
  <outline type="rss" text="Intranet" xmlUrl="http://10.0.0.5/feed"/>
  <outline type="rss" text="Mail" xmlUrl="mailto:someone@example.com"/>
</body></opml>
"""


class Newsfold:
    """Invokes the CLI with the settings of one test."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.env = {
            "NEWSFOLD_DATABASE_URL": database_url,
            "NEWSFOLD_DATA_DIR": str(data_dir),
        }

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, list(args), env=self.env, catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result

    def json(self, *args: str) -> Any:
        """The JSON a successful command printed."""
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def newsfold(tmp_path: Path, database_url: str) -> Newsfold:
    """Runs `newsfold` on an empty database (SQLite under the test's directory, then the
    private PostgreSQL)."""
    return Newsfold(tmp_path, database_url)


@pytest.fixture
def local_newsfold(newsfold: Newsfold) -> Newsfold:
    """`newsfold` allowed to fetch from the test server on 127.0.0.1."""
    newsfold.env["NEWSFOLD_ALLOW_PRIVATE_NETWORKS"] = "true"
    return newsfold


def test_add_then_list_shows_a_table(newsfold: Newsfold) -> None:
    assert "no feeds followed yet" in newsfold("feeds", "list").stdout
    url = "https://news.example/feed.xml"
    assert newsfold("feeds", "add", "--no-check", url).stdout.startswith(f"added {feed_id(url)}")
    assert newsfold("feeds", "add", url).stdout.startswith("already following")
    header, row = newsfold("feeds", "list").stdout.splitlines()
    assert header.split()[:4] == ["ID", "ENABLED", "LAST", "POLLED"]
    assert row.split() == [feed_id(url), "yes", "never", "0", "(untitled)", url]


def test_json_output_from_the_group_or_the_command(newsfold: Newsfold) -> None:
    url = "https://news.example/feed.xml"
    added = newsfold.json("feeds", "add", "--no-check", url)
    assert added == {"added": True, "feed": added["feed"], "discovered_from": None}
    assert added["feed"]["id"] == feed_id(url)
    for args in (("--json", "feeds", "list"), ("feeds", "list", "--json")):
        [feed] = json.loads(newsfold(*args).stdout)
        assert (feed["id"], feed["url"], feed["enabled"], feed["error_count"]) == (
            feed_id(url),
            url,
            True,
            0,
        )


def test_urls_that_could_never_be_fetched_are_refused(newsfold: Newsfold) -> None:
    for url in ("ftp://news.example/feed", "http://127.0.0.1/feed", "not a url"):
        result = newsfold("feeds", "add", url, ok=False)
        assert result.exit_code == 2
    assert newsfold.json("feeds", "list") == []


def test_add_fetches_the_url_and_follows_a_feed_under_its_title(
    local_newsfold: Newsfold, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=RSS)
    url = http_server.url("/feed.xml")
    assert local_newsfold("feeds", "add", url).stdout == f"added {feed_id(url)}  {url}\n"
    [feed] = local_newsfold.json("feeds", "list")
    assert feed["title"] == "Example News"
    # A feed already followed is not fetched again.
    assert local_newsfold("feeds", "add", url).stdout.startswith("already following")
    assert [request.path for request in http_server.requests] == ["/feed.xml"]


def test_add_follows_the_feed_a_web_page_links(
    local_newsfold: Newsfold, http_server: LocalServer
) -> None:
    http_server.routes["/"] = Reply(
        body=b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss">'
        b"</head><body>Our site</body></html>",
        headers={"Content-Type": "text/html"},
    )
    http_server.routes["/rss"] = Reply(body=RSS)
    site, feed_url = http_server.url("/"), http_server.url("/rss")
    lines = local_newsfold("feeds", "add", site).stdout.splitlines()
    assert lines == [
        f"{site} is a web page; it links the feed {feed_url}",
        f"added {feed_id(feed_url)}  {feed_url}",
    ]
    again = local_newsfold.json("feeds", "add", site)
    assert again["added"] is False and again["discovered_from"] == site
    assert again["feed"]["url"] == feed_url


def test_add_refuses_what_is_no_feed_and_links_none(
    local_newsfold: Newsfold, http_server: LocalServer
) -> None:
    http_server.routes["/"] = Reply(body=HTML_PAGE, headers={"Content-Type": "text/html"})
    site = http_server.url("/")
    refused = local_newsfold("feeds", "add", site, ok=False)
    assert refused.exit_code == 1
    assert "not a feed, and no RSS or Atom feed is linked from it" in refused.output
    assert "HTTP 404" in local_newsfold("feeds", "add", http_server.url("/x"), ok=False).output
    assert local_newsfold.json("feeds", "list") == []
    assert local_newsfold.json("feeds", "add", "--no-check", site)["added"] is True


def test_import_follows_every_fetchable_feed_of_an_opml_file(
    newsfold: Newsfold, tmp_path: Path
) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(OPML)
    newsfold("feeds", "add", "--no-check", "https://news.example/feed.xml")
    report = json.loads(newsfold("--json", "feeds", "import", str(opml)).stdout)
    assert [feed["url"] for feed in report["added"]] == ["https://local.example/rss"]
    assert report["added"][0]["title"] == "Local"
    assert report["existing"] == [feed_id("https://news.example/feed.xml")]
    assert [skip["url"] for skip in report["skipped"]] == [
        "http://10.0.0.5/feed",
        "mailto:someone@example.com",
    ]
    again = newsfold("feeds", "import", str(opml)).stdout
    assert again.splitlines()[-1] == "0 added, 2 already followed, 2 skipped"
    assert len(json.loads(newsfold("feeds", "list", "--json").stdout)) == 2


def test_a_file_that_is_not_opml_is_an_error(newsfold: Newsfold, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>hi</body></html>")
    assert "not an OPML document" in newsfold("feeds", "import", str(page), ok=False).output


def test_exported_opml_imports_back_into_another_newsfold(
    newsfold: Newsfold, tmp_path: Path
) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(OPML)
    newsfold("feeds", "import", str(opml))
    exported = newsfold("feeds", "export").stdout_bytes
    assert exported.startswith(b"<?xml") and b'text="Example News"' in exported
    written = tmp_path / "exported.opml"
    assert newsfold("feeds", "export", str(written)).stdout == f"exported 2 feeds to {written}\n"
    elsewhere = Newsfold(tmp_path / "other", f"sqlite:///{tmp_path / 'other.db'}")
    report = elsewhere.json("feeds", "import", str(written))
    assert [(feed["url"], feed["title"]) for feed in report["added"]] == [
        ("https://news.example/feed.xml", "Example News"),
        ("https://local.example/rss", "Local"),
    ]


def _fail(engine: Engine, url: str, code: str, errors: int, reason: str | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(FeedRow)
            .where(FeedRow.id == feed_id(url))
            .values(
                error_count=errors,
                last_error=f"{code}: it broke",
                last_error_code=code,
                enabled=reason is None,
                disabled_reason=reason,
            )
        )


def test_failing_feeds_are_listed_by_error_and_enabled_again(
    newsfold: Newsfold, engine: Engine
) -> None:
    fine, dns, gone = (f"https://{name}.example/feed" for name in ("fine", "dns", "gone"))
    for url in (fine, dns, gone):
        newsfold("feeds", "add", "--no-check", url)
    assert newsfold("feeds", "errors").stdout == "no feed is failing\n"
    _fail(engine, dns, "dns", 3)
    _fail(engine, gone, "http_4xx", 1, "410 Gone")

    header, *rows = newsfold("feeds", "errors").stdout.splitlines()
    assert header.split() == ["CODE", "FEEDS", "DISABLED", "EXAMPLES"]
    assert [row.split() for row in rows] == [
        ["dns", "1", "0", feed_id(dns)],
        ["http_4xx", "1", "1", feed_id(gone)],
    ]
    assert newsfold.json("feeds", "errors")[0] == {
        "code": "dns",
        "feeds": 1,
        "disabled": 0,
        "examples": [feed_id(dns)],
    }
    [disabled] = newsfold.json("feeds", "list", "--disabled")
    assert (disabled["url"], disabled["disabled_reason"]) == (gone, "410 Gone")
    failing = newsfold("feeds", "list", "--failing").stdout.splitlines()[1:]
    assert [row.split()[:5] for row in failing] == [
        [feed_id(dns), "yes", "never", "3", "(dns)"],
        [feed_id(gone), "no", "never", "1", "(http_4xx)"],
    ]
    assert newsfold("feeds", "list", "--error", "tls").stdout == "no such feeds\n"

    assert newsfold("feeds", "enable", "--error", "http_4xx").stdout == (
        f"enabled {feed_id(gone)}\n"
    )
    assert newsfold.json("feeds", "list", "--disabled") == []
    enabled = newsfold("feeds", "enable", feed_id(dns), "nope", ok=False)
    assert enabled.stdout == f"enabled {feed_id(dns)}\n" and "no feed nope" in enabled.output
    assert newsfold("feeds", "errors").stdout == "no feed is failing\n"
    assert "--error CODE" in newsfold("feeds", "enable", ok=False).output


def test_remove_stops_following_and_reports_unknown_ids(newsfold: Newsfold) -> None:
    url = "https://news.example/feed.xml"
    newsfold("feeds", "add", "--no-check", url)
    assert newsfold("feeds", "remove", feed_id(url)).stdout.strip() == f"removed {feed_id(url)}"
    assert "no feed" in newsfold("feeds", "remove", feed_id(url), ok=False).output
    assert newsfold.json("feeds", "list") == []
