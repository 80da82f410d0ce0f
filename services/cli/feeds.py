"""`newsfold feeds`: follow feeds (one by one or from OPML), export them, list them, see why
they fail, enable them again, stop following."""

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from schemas import ids
from schemas.feed import Feed
from services.cli.state import CliState, json_option, pass_state
from services.http.client import build_client
from services.http.errors import FetchError
from services.http.fetch import checked_url
from services.poller.discover import FoundFeed, find_feed
from services.poller.opml import OpmlError, OpmlFeed, parse_opml, write_opml
from services.storage.feed_admin import enable_feeds, feeds_by_error, find_feeds
from services.storage.feeds import add_feed, get_feed, remove_feed

_TITLE_WIDTH = 30


@click.group()
def feeds() -> None:
    """Follow, list, repair and remove feeds."""


@feeds.command("add")
@click.argument("url")
@click.option(
    "--no-check",
    is_flag=True,
    help="Follow URL without fetching it (offline set-up, scripts): a URL that is no feed "
    "fails on its first poll instead.",
)
@json_option
@pass_state
def add_command(state: CliState, url: str, no_check: bool, as_json: bool) -> None:
    """Follow the RSS or Atom feed at URL, or the feed the web page at URL links to.

    URL is fetched first: a feed is followed as it is; for a page, the first readable feed
    it announces (<link rel="alternate">) is followed instead, and named. It is polled on
    the next scheduler tick.
    """
    _check(state, url)
    found = None
    if not no_check and get_feed(state.engine(), ids.feed_id(url)) is None:
        found = _find(state, url)
    feed, added = _add(state, found.url if found else url, found.title if found else None)
    linked_from = found.linked_from if found else None
    if state.as_json or as_json:
        report = {
            "added": added,
            "feed": feed.model_dump(mode="json"),
            "discovered_from": linked_from,
        }
        click.echo(json.dumps(report, indent=2))
        return
    if linked_from:
        click.echo(f"{linked_from} is a web page; it links the feed {feed.url}")
    click.echo(f"{'added' if added else 'already following'} {feed.id}  {feed.url}")


@feeds.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_state
def import_command(state: CliState, file: Path, as_json: bool) -> None:
    """Follow every feed of an OPML FILE (as feed readers export their subscriptions).

    Addresses are checked, as by `feeds add --no-check`, but not fetched, so that a list
    of thousands imports at once; a URL that is no feed fails on its first poll and shows
    in `feeds errors`.
    """
    try:
        entries = parse_opml(file.read_bytes())
    except OpmlError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    added: list[Feed] = []
    existing: list[Feed] = []
    skipped: list[dict[str, str]] = []
    for entry in entries:
        try:
            _check(state, entry.url)
        except click.BadParameter as exc:
            skipped.append({"url": entry.url, "error": exc.message})
            continue
        feed, is_new = _add(state, entry.url, entry.title)
        (added if is_new else existing).append(feed)
    if state.as_json or as_json:
        report: dict[str, Any] = {
            "added": [feed.model_dump(mode="json") for feed in added],
            "existing": [feed.id for feed in existing],
            "skipped": skipped,
        }
        click.echo(json.dumps(report, indent=2))
        return
    for feed in added:
        click.echo(f"added {feed.id}  {feed.url}")
    for skip in skipped:
        click.echo(f"skipped {skip['url']}: {skip['error']}")
    click.echo(f"{len(added)} added, {len(existing)} already followed, {len(skipped)} skipped")


@feeds.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def export_command(state: CliState, file: Path | None) -> None:
    """Write every followed feed as OPML 2.0 to FILE, or to standard output, for another
    feed reader or `feeds import`."""
    followed = find_feeds(state.engine())
    document = write_opml(
        [OpmlFeed(feed.url, feed.title, feed.site_url) for feed in followed],
        title="newsfold feeds",
        created_at=datetime.now(UTC),
    )
    if file is None:
        click.echo(document, nl=False)
        return
    file.write_bytes(document)
    if state.as_json:
        click.echo(json.dumps({"exported": len(followed), "file": str(file)}))
        return
    click.echo(f"exported {len(followed)} feeds to {file}")


@feeds.command("list")
@click.option("--failing", is_flag=True, help="Only feeds whose last poll failed.")
@click.option("--disabled", is_flag=True, help="Only feeds no longer polled.")
@click.option(
    "--error", "error_code", metavar="CODE", help="Only feeds whose last poll failed with CODE."
)
@json_option
@pass_state
def list_command(
    state: CliState, failing: bool, disabled: bool, error_code: str | None, as_json: bool
) -> None:
    """Every followed feed with its poll state; `feeds errors` lists the error codes."""
    shown = find_feeds(state.engine(), failing=failing, disabled=disabled, error_code=error_code)
    if state.as_json or as_json:
        click.echo(json.dumps([feed.model_dump(mode="json") for feed in shown], indent=2))
        return
    if not shown:
        filtered = failing or disabled or error_code is not None
        click.echo(
            "no such feeds"
            if filtered
            else "no feeds followed yet; add one with `newsfold feeds add URL`"
        )
        return
    click.echo(
        f"{'ID':<20}  {'ENABLED':<7}  {'LAST POLLED (UTC)':<17}  {'ERRORS':<18}  "
        f"{'TITLE':<{_TITLE_WIDTH}}  URL"
    )
    for feed in shown:
        click.echo(
            f"{feed.id:<20}  {'yes' if feed.enabled else 'no':<7}  "
            f"{_when(feed.last_polled_at):<17}  {_errors(feed):<18}  "
            f"{_clip(feed.title, _TITLE_WIDTH):<{_TITLE_WIDTH}}  {feed.url}"
        )


@feeds.command("errors")
@json_option
@pass_state
def errors_command(state: CliState, as_json: bool) -> None:
    """Why feeds fail: each error code with its number of failing and disabled feeds, and
    a few of them (those failing longest); `feeds list --error CODE` lists them all."""
    groups = feeds_by_error(state.engine())
    if state.as_json or as_json:
        click.echo(json.dumps([asdict(group) for group in groups], indent=2))
        return
    if not groups:
        click.echo("no feed is failing")
        return
    click.echo(f"{'CODE':<20}  {'FEEDS':>6}  {'DISABLED':>8}  EXAMPLES")
    for group in groups:
        click.echo(
            f"{group.code:<20}  {group.feeds:>6}  {group.disabled:>8}  {' '.join(group.examples)}"
        )


@feeds.command("enable")
@click.argument("feed_ids", nargs=-1, metavar="[FEED_ID]...")
@click.option(
    "--error", "error_code", metavar="CODE", help="Every feed whose last poll failed with CODE."
)
@json_option
@pass_state
def enable_command(
    state: CliState, feed_ids: tuple[str, ...], error_code: str | None, as_json: bool
) -> None:
    """Poll feeds again that were disabled or are failing, as if they had never failed:
    FEED_IDs, or every feed of an error code once its cause is fixed. They are polled on
    the next scheduler tick."""
    if not feed_ids and error_code is None:
        raise click.UsageError("name the feeds to enable, or give --error CODE")
    engine = state.engine()
    wanted = list(feed_ids)
    if error_code is not None:
        wanted += [feed.id for feed in find_feeds(engine, error_code=error_code)]
    enabled = enable_feeds(engine, wanted, datetime.now(UTC))
    unknown = sorted(set(feed_ids) - set(enabled))
    if state.as_json or as_json:
        click.echo(json.dumps({"enabled": enabled, "unknown": unknown}, indent=2))
    else:
        for feed_id in enabled:
            click.echo(f"enabled {feed_id}")
    if unknown:
        raise click.ClickException(f"no feed {', '.join(unknown)}")


@feeds.command("remove")
@click.argument("feed_id")
@json_option
@pass_state
def remove_command(state: CliState, feed_id: str, as_json: bool) -> None:
    """Stop following the feed FEED_ID (see `feeds list`); its stored articles stay."""
    if not remove_feed(state.engine(), feed_id):
        raise click.ClickException(f"no feed {feed_id}")
    click.echo(
        json.dumps({"removed": feed_id}) if state.as_json or as_json else f"removed {feed_id}"
    )


def _check(state: CliState, url: str) -> None:
    # The same rule the fetcher applies, so a feed that could never be fetched is refused now.
    try:
        checked_url(url, allow_private=state.settings.allow_private_networks)
    except FetchError as exc:
        raise click.BadParameter(f"{url}: {exc.message}", param_hint="URL") from exc


def _find(state: CliState, url: str) -> FoundFeed:
    settings = state.settings
    with build_client(settings.http, allow_private=settings.allow_private_networks) as client:
        try:
            return find_feed(
                client,
                url,
                max_bytes=settings.http.max_feed_bytes,
                allow_private=settings.allow_private_networks,
                now=datetime.now(UTC),
            )
        except FetchError as exc:
            raise click.ClickException(f"{exc} (to follow it anyway: --no-check)") from exc


def _add(state: CliState, url: str, title: str | None) -> tuple[Feed, bool]:
    engine = state.engine()
    identifier = ids.feed_id(url)
    known = get_feed(engine, identifier)
    if known is not None:
        return known, False
    feed = add_feed(engine, url, datetime.now(UTC), title=title)
    # add_feed hands back a feed that moved to `url` under its old id rather than adding it.
    return feed, feed.id == identifier


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _errors(feed: Feed) -> str:
    if not feed.error_count:
        return "0"
    code = feed.last_error_code
    return f"{feed.error_count} ({code})" if code else str(feed.error_count)


def _clip(text: str | None, width: int) -> str:
    text = text or "(untitled)"
    return text if len(text) <= width else text[: width - 1] + "…"
