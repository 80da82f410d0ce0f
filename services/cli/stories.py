"""`newsfold stories`: list, show, explain and export the folded stories."""

from datetime import datetime
from typing import TextIO

import click
from pydantic import TypeAdapter

from schemas.story import ExportedArticle, ExportedStory
from services.cli.explain import explanation_lines
from services.cli.state import CliState, json_option, pass_state
from services.storage.changes import iter_changes
from services.storage.explain import explain_story
from services.storage.export import iter_exported_stories
from services.storage.stories import StorySummary, get_story, list_stories

_SUMMARIES = TypeAdapter(list[StorySummary])
_TITLE_WIDTH = 60


@click.group()
def stories() -> None:
    """List, show and export folded stories."""


@stories.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Stories to skip.")
@json_option
@pass_state
def list_command(state: CliState, limit: int, offset: int, as_json: bool) -> None:
    """Stories, most recently updated first."""
    summaries = list_stories(state.engine(), limit, offset)
    if state.as_json or as_json:
        click.echo(_SUMMARIES.dump_json(summaries, indent=2).decode())
        return
    if not summaries:
        click.echo("no stories stored yet")
        return
    click.echo(f"{'ID':<20}  {'VER':>4}  {'ARTICLES':>8}  {'UPDATED (UTC)':<16}  TITLE")
    for summary in summaries:
        click.echo(
            f"{summary.id:<20}  {summary.version:>4}  {summary.member_count:>8}  "
            f"{_when(summary.updated_at):<16}  {_clip(summary.title, _TITLE_WIDTH)}"
        )


@stories.command("show")
@click.argument("story_id")
@json_option
@pass_state
def show(state: CliState, story_id: str, as_json: bool) -> None:
    """One story: its canonical article and every variant with its relation to it."""
    story = get_story(state.engine(), story_id)
    if story is None:
        raise click.ClickException(f"no story {story_id} (or its canonical article is not stored)")
    if state.as_json or as_json:
        click.echo(story.model_dump_json(indent=2))
        return
    for line in _story_lines(story):
        click.echo(line)


@stories.command("explain")
@click.argument("story_id")
@json_option
@pass_state
def explain(state: CliState, story_id: str, as_json: bool) -> None:
    """Why each article is in the story: its relation to the canonical article, and the
    tier, score and matched article that folded it."""
    evidence = explain_story(state.engine(), story_id)
    if evidence is None:
        raise click.ClickException(f"no story {story_id}")
    if state.as_json or as_json:
        click.echo(evidence.model_dump_json(indent=2))
        return
    for line in explanation_lines(evidence):
        click.echo(line)


@stories.command("export")
@click.option(
    "--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True
)
@click.option(
    "--out",
    type=click.File("w", encoding="utf-8", atomic=True),
    default="-",
    help="File to write (default: standard output); replaced only once complete.",
)
@click.option(
    "--since",
    "since_version",
    type=click.IntRange(min=0),
    default=None,
    metavar="VERSION",
    help="Only what changed after VERSION (the greatest version a previous export wrote): "
    "stories, and tombstones of stories merged into another.",
)
@pass_state
def export(state: CliState, output_format: str, out: TextIO, since_version: int | None) -> None:
    """Every story with a stored canonical article, one ExportedStory JSON per line; with
    --since, what changed since (`newsfold schema story` is the lines' JSON Schema)."""
    engine = state.engine()
    lines = (
        iter_exported_stories(engine)
        if since_version is None
        else iter_changes(engine, since_version)
    )
    count = 0
    for line in lines:
        out.write(line.model_dump_json() + "\n")
        count += 1
    click.echo(f"exported {count} {'story' if count == 1 else 'stories'}", err=True)


def echo_stories(state: CliState) -> None:
    """Print every story: JSON lines with --json, else each story as `show` prints it."""
    for story in iter_exported_stories(state.engine()):
        if state.as_json:
            click.echo(story.model_dump_json())
            continue
        for line in _story_lines(story):
            click.echo(line)
        click.echo("")


def _story_lines(story: ExportedStory) -> list[str]:
    published = f"{_when(story.first_published_at)} to {_when(story.last_published_at)}"
    lines = [
        story.title or "(untitled)",
        f"story {story.id}  version {story.version}  updated {_when(story.updated_at)}",
        f"published {published}",
        "",
        f"canonical  {_article_line(story.canonical)}",
        f"           {story.canonical.url}",
        "",
        f"variants ({len(story.variants)})",
    ]
    lines += [
        f"  {variant.relation.value:<15} {variant.similarity:.2f}  {_article_line(variant)}"
        for variant in story.variants
    ]
    return lines


def _article_line(article: ExportedArticle) -> str:
    outlet = article.site_name or article.outlet or "-"
    return f"{_clip(outlet, 20):<20}  {_clip(article.title, _TITLE_WIDTH)}"


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _clip(text: str | None, width: int) -> str:
    text = text or "(untitled)"
    return text if len(text) <= width else text[: width - 1] + "…"
