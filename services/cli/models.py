"""`newsfold models prepare`: the embedding model's one-time ONNX export, ahead of workers."""

import json

import click

from services.cli.state import CliState
from workers.text.embedding import EmbeddingUnavailable, load_embedder
from workers.text.onnx_cache import cache_root


@click.group()
def models() -> None:
    """The models newsfold runs."""


@models.command("prepare")
@click.pass_obj
def prepare(state: CliState) -> None:
    """Export fold.embedding_model to ONNX in the model cache and load it once.

    Workers do this themselves on first use (with torch, in a child process); an image runs
    it at build time so that its containers never load torch (see the Dockerfile).
    """
    name = state.settings.fold.embedding_model
    if name is None:
        click.echo("fold.embedding_model is none: no model to prepare")
        return
    try:
        embedder = load_embedder(name)
    except EmbeddingUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    ready = {"model": name, "dimensions": embedder.dimensions, "cache": str(cache_root())}
    if state.as_json:
        click.echo(json.dumps(ready))
    else:
        click.echo(f"{name}: ready, {embedder.dimensions} dimensions, cached in {ready['cache']}")
