"""`newsfold schema`: the JSON Schemas of newsfold's output contracts."""

import json

import click

from schemas.story import ExportedStory


@click.group()
def schema() -> None:
    """JSON Schemas of what newsfold writes."""


@schema.command("story")
def story() -> None:
    """The JSON Schema of one line of `newsfold stories export`."""
    click.echo(json.dumps(ExportedStory.model_json_schema(), indent=2))
