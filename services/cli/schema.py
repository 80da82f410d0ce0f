"""`newsfold schema`: the JSON Schemas of newsfold's output contracts."""

import json

import click

from schemas.export import export_line_schema


@click.group()
def schema() -> None:
    """JSON Schemas of what newsfold writes."""


@schema.command("story")
def story() -> None:
    """The JSON Schema of one line of `newsfold stories export` and of a webhook's body: a
    story, or the tombstone of a story merged into another."""
    click.echo(json.dumps(export_line_schema(), indent=2))
