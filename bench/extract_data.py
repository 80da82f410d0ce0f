"""Labelled article pages in WCXB's layout: `html/NNNN.html.gz` beside `ground-truth/NNNN.json`,
whose `ground_truth` object holds `title`, `author`, `publish_date`, `main_content`, `with` and
`without` (/work/shared/eval/README.md)."""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LabelledPage:
    """One page as fetched, where it was fetched from, and its ground truth."""

    name: str
    raw: bytes
    url: str | None
    truth: dict[str, Any]


def page_paths(dataset: Path, limit: int = 0) -> list[Path]:
    """The dataset's pages in name order, the first `limit` of them if `limit` is set."""
    paths = sorted((dataset / "html").glob("*.html.gz"))
    return paths[:limit] if limit else paths


def read_page(path: Path) -> LabelledPage:
    """The page at `path` (an `html/NNNN.html.gz`) with its ground truth."""
    name = path.name.removesuffix(".html.gz")
    label = json.loads((path.parent.parent / "ground-truth" / f"{name}.json").read_text())
    return LabelledPage(
        name=name,
        raw=gzip.decompress(path.read_bytes()),
        url=label.get("url"),
        truth=label["ground_truth"],
    )
