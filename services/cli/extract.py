"""`newsfold extract FILE... [--url URL] [--json]`: the extract stage alone, on saved pages.

With `--json` (here or on the group) it prints one `schemas.article.ExtractionResult` per file
per line, a stable contract; a file that cannot be read gets a line with `error` set, and the
command then exits with status 1 after the other files.
"""

import gzip
from datetime import UTC
from pathlib import Path

import click

from schemas.article import ExtractionResult
from services.cli.state import CliState, pass_state
from workers.extract.article import not_article_reason
from workers.extract.page import extract_page

# How much of the text the readable summary shows.
_PREVIEW_CHARS = 400


def extract_file(path: Path, url: str | None = None) -> ExtractionResult:
    """Extract one saved page (`.html`, or gzip-compressed `.gz`)."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        # gzip.BadGzipFile is an OSError; a truncated archive raises EOFError.
        return ExtractionResult(file=str(path), url=url, text="", error=f"cannot read: {exc}")
    page = extract_page(raw, url)
    return ExtractionResult(
        file=str(path),
        url=url or page.canonical_url,
        text=page.text,
        title=page.title,
        authors=page.authors,
        # UTC, as the contract has always said; the page's offset only served to read its day.
        published_at=page.published_at.astimezone(UTC) if page.published_at else None,
        date_source=page.date_source,
        site_name=page.site_name,
        language=page.language,
        not_article=not_article_reason(page.text),
    )


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="Where the pages were fetched from (resolves relative links).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file per line.")
@pass_state
def extract(state: CliState, files: tuple[Path, ...], url: str | None, as_json: bool) -> None:
    """Extract the article text and metadata of saved HTML pages."""
    failed = False
    for path in files:
        result = extract_file(path, url)
        failed = failed or result.error is not None
        click.echo(result.model_dump_json() if as_json or state.as_json else _summary(result))
    if failed:
        raise click.exceptions.Exit(1)


def _summary(result: ExtractionResult) -> str:
    if result.error is not None:
        return f"{result.file}: {result.error}"
    paragraphs = result.text.count("\n\n") + 1 if result.text else 0
    preview = result.text[:_PREVIEW_CHARS] + ("…" if len(result.text) > _PREVIEW_CHARS else "")
    published = result.published_at.isoformat() if result.published_at else "-"
    lines = [
        str(result.file),
        f"  title:     {result.title or '-'}",
        f"  published: {published} ({result.date_source})",
        f"  authors:   {', '.join(result.authors) or '-'}",
        f"  site:      {result.site_name or '-'}    language: {result.language or '-'}",
        f"  url:       {result.url or '-'}",
        f"  text:      {len(result.text)} characters in {paragraphs} paragraphs"
        + (f", not an article: {result.not_article}" if result.not_article else ""),
        "",
        preview,
        "",
    ]
    return "\n".join(lines)
