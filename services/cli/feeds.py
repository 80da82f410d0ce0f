"""`newsfold feeds`: follow feeds (one by one or from OPML), list them, stop following."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from schemas import ids
from schemas.feed import Feed
from services.cli.state import CliState, json_option, pass_state
from services.http.errors import FetchError
from services.http.fetch import checked_url
from services.poller.opml import OpmlError, parse_opml
from services.storage.feeds import add_feed, get_feed, list_feeds, remove_feed

_TITLE_WIDTH = 30


@click.group()
def feeds() -> None:
    """Follow, list and remove feeds."""


@feeds.command("add")
@click.argument("url")
@json_option
@pass_state
def add_command(state: CliState, url: str, as_json: bool) -> None:
    """Follow the RSS or Atom feed at URL; it is polled on the next scheduler tick."""
    _check(state, url)
    feed, added = _add(state, url, None)
    if state.as_json or as_json:
        click.echo(json.dumps({"added": added, "feed": feed.model_dump(mode="json")}, indent=2))
        return
    click.echo(f"{'added' if added else 'already following'} {feed.id}  {feed.url}")


@feeds.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_state
def import_command(state: CliState, file: Path, as_json: bool) -> None:
    """Follow every feed of an OPML FILE (as feed readers export their subscriptions)."""
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


@feeds.command("list")
@json_option
@pass_state
def list_command(state: CliState, as_json: bool) -> None:
    """Every followed feed with its poll state."""
    followed = list_feeds(state.engine())
    if state.as_json or as_json:
        click.echo(json.dumps([feed.model_dump(mode="json") for feed in followed], indent=2))
        return
    if not followed:
        click.echo("no feeds followed yet; add one with `newsfold feeds add URL`")
        return
    click.echo(
        f"{'ID':<20}  {'ENABLED':<7}  {'LAST POLLED (UTC)':<17}  {'ERRORS':<18}  "
        f"{'TITLE':<{_TITLE_WIDTH}}  URL"
    )
    for feed in followed:
        click.echo(
            f"{feed.id:<20}  {'yes' if feed.enabled else 'no':<7}  "
            f"{_when(feed.last_polled_at):<17}  {_errors(feed):<18}  "
            f"{_clip(feed.title, _TITLE_WIDTH):<{_TITLE_WIDTH}}  {feed.url}"
        )


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


def _add(state: CliState, url: str, title: str | None) -> tuple[Feed, bool]:
    engine = state.engine()
    known = get_feed(engine, ids.feed_id(url))
    if known is not None:
        return known, False
    return add_feed(engine, url, datetime.now(UTC), title=title), True


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _errors(feed: Feed) -> str:
    if not feed.error_count:
        return "0"
    code = (feed.last_error or "").split(":", 1)[0]
    return f"{feed.error_count} ({code})"


def _clip(text: str | None, width: int) -> str:
    text = text or "(untitled)"
    return text if len(text) <= width else text[: width - 1] + "…"
