"""`newsfold feeds` through click on a SQLite database in the test's directory."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from schemas.ids import feed_id
from services.cli.main import cli

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

    def __init__(self, data_dir: Path) -> None:
        self.env = {
            "NEWSFOLD_DATABASE_URL": f"sqlite:///{data_dir / 'newsfold.db'}",
            "NEWSFOLD_DATA_DIR": str(data_dir),
        }

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, list(args), env=self.env, catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result


@pytest.fixture
def newsfold(tmp_path: Path) -> Newsfold:
    """Runs `newsfold` on an empty SQLite database under the test's directory."""
    return Newsfold(tmp_path)


def test_add_then_list_shows_a_table(newsfold: Newsfold) -> None:
    assert "no feeds followed yet" in newsfold("feeds", "list").stdout
    url = "https://news.example/feed.xml"
    assert newsfold("feeds", "add", url).stdout.startswith(f"added {feed_id(url)}")
    assert newsfold("feeds", "add", url).stdout.startswith("already following")
    header, row = newsfold("feeds", "list").stdout.splitlines()
    assert header.split()[:4] == ["ID", "ENABLED", "LAST", "POLLED"]
    assert row.split() == [feed_id(url), "yes", "never", "0", "(untitled)", url]


def test_json_output_from_the_group_or_the_command(newsfold: Newsfold) -> None:
    url = "https://news.example/feed.xml"
    added = json.loads(newsfold("feeds", "add", url, "--json").stdout)
    assert added["added"] is True and added["feed"]["id"] == feed_id(url)
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
    assert json.loads(newsfold("feeds", "list", "--json").stdout) == []


def test_import_follows_every_fetchable_feed_of_an_opml_file(
    newsfold: Newsfold, tmp_path: Path
) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(OPML)
    newsfold("feeds", "add", "https://news.example/feed.xml")
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


def test_remove_stops_following_and_reports_unknown_ids(newsfold: Newsfold) -> None:
    url = "https://news.example/feed.xml"
    newsfold("feeds", "add", url)
    assert newsfold("feeds", "remove", feed_id(url)).stdout.strip() == f"removed {feed_id(url)}"
    assert "no feed" in newsfold("feeds", "remove", feed_id(url), ok=False).output
    assert json.loads(newsfold("feeds", "list", "--json").stdout) == []
