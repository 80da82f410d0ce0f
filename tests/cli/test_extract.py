"""`newsfold extract`: saved pages, gzip-compressed or not, to one JSON object per file."""

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from schemas.article import DateSource, ExtractionResult
from services.cli.main import cli
from tests.workers.extract.demo_pages import page_html

EASTWIRE = "eastwire/news/547893-putin-macron-crunch-talks.html"


def _saved_page(tmp_path: Path) -> Path:
    path = tmp_path / "547893.html.gz"
    path.write_bytes(gzip.compress(page_html(EASTWIRE)))
    return path


def test_json_line_per_file_from_a_gzipped_page(tmp_path: Path) -> None:
    page = _saved_page(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    extraction = ExtractionResult.model_validate_json(line)
    assert extraction.file == str(page)
    assert extraction.title == "Putin & Macron hold crunch talks"
    assert extraction.text.startswith("The Russian leader set out his grievances")
    assert "28 Jan, 2022 15:33" not in extraction.text
    assert extraction.published_at is not None
    assert extraction.published_at.isoformat() == "2022-01-28T15:33:00+00:00"
    assert extraction.date_source is DateSource.PAGE_METADATA
    assert extraction.not_article is None
    assert (extraction.site_name, extraction.language) == ("Eastwire International", "en")
    assert extraction.error is None
    assert set(json.loads(line)) == set(ExtractionResult.model_fields)


def test_group_json_flag_and_url_option(tmp_path: Path) -> None:
    page = _saved_page(tmp_path)
    url = "https://eastwire.example/news/547893"
    result = CliRunner().invoke(cli, ["--json", "extract", str(page), "--url", url])
    assert result.exit_code == 0, result.output
    assert ExtractionResult.model_validate_json(result.stdout).url == url


def test_unreadable_file_gets_an_error_line_and_exit_status_1(tmp_path: Path) -> None:
    page = _saved_page(tmp_path)
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip at all")
    result = CliRunner().invoke(cli, ["extract", "--json", str(broken), str(page)])
    assert result.exit_code == 1
    first, second = (
        ExtractionResult.model_validate_json(line) for line in result.stdout.splitlines()
    )
    assert first.error is not None and first.text == ""
    assert second.error is None and second.title == "Putin & Macron hold crunch talks"


def test_readable_summary_without_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(_saved_page(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "title:     Putin & Macron hold crunch talks" in result.output
    assert "published: 2022-01-28T15:33:00+00:00 (page_metadata)" in result.output


def test_time_declared_in_another_offset_is_printed_in_utc(tmp_path: Path) -> None:
    # The page declares 12:05 at +01:00.
    newshub = "newshub/story/valmere-dockworkers-walk-out-over-automated-crane-plan-8841.html"
    path = tmp_path / "8841.html"
    path.write_bytes(page_html(newshub))
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    extraction = ExtractionResult.model_validate_json(result.stdout)
    assert extraction.published_at is not None
    assert extraction.published_at.isoformat() == "2022-02-03T11:05:00+00:00"


def test_a_listing_page_says_why_it_is_not_an_article(tmp_path: Path) -> None:
    teasers = "".join(
        f"<article><h2><a href='/news/{n}'>Headline number {n} of the day</a></h2>"
        f"<p>Teaser {n} of a story.</p><time>2 hours ago</time></article>"
        for n in range(40)
    )
    path = tmp_path / "listing.html"
    path.write_text(f"<html><body><h1>Latest news</h1><main>{teasers}</main></body></html>")
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    extraction = ExtractionResult.model_validate_json(result.stdout)
    assert extraction.not_article == "no_prose"
    readable = CliRunner().invoke(cli, ["extract", str(path)])
    assert "not an article: no_prose" in readable.output
