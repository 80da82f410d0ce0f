"""Labelled evaluation data read from JSONL: articles with a gold story, and article pairs.

Articles: `id`, `url`, `outlet`, `published_at`, `title`, `text` or `html`, `story` (the gold
label), and optionally `language`; /work/shared/eval/allsides_roundups.jsonl is one.

Pairs come in two shapes: (`id1`, `text1`, `id2`, `text2`, `label` "same"/"different",
optionally `lang1`, `lang2`, `title1`, `title2`), or SemEval-2022 Task 8's (`pair_id`, `lang1`,
`lang2`, `text1`, `text2`, `overall` from 1, the same story, to 4, very dissimilar), whose
rating is turned into a label by two cut-offs, pairs in between keeping none.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any


class DataError(ValueError):
    """A line of an evaluation file lacks what its format requires."""


@dataclass(frozen=True)
class LabelledArticle:
    """One article and the gold story it belongs to."""

    id: str
    story: str
    url: str | None
    outlet: str
    published_at: datetime | None
    title: str | None
    text: str | None
    html: str | None
    language: str | None = None


class Label(StrEnum):
    """The gold answer to "are these two articles the same story?"."""

    SAME = "same"
    UNSURE = "left out"  # a rating between the cut-offs: scored for neither side
    DIFFERENT = "different"


@dataclass(frozen=True)
class LabelledPair:
    """Two texts and whether they tell the same story; `rating` is SemEval's, if given."""

    id: str
    text1: str
    text2: str
    label: Label
    lang1: str | None = None
    lang2: str | None = None
    title1: str | None = None
    title2: str | None = None
    rating: float | None = None

    @property
    def languages(self) -> str:
        """The language pair, such as "de-en" ("?" for an unstated language)."""
        return f"{self.lang1 or '?'}-{self.lang2 or '?'}"


def _lines(path: Path, limit: int | None) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        numbered = ((number, line) for number, line in enumerate(handle, 1) if line.strip())
        for number, line in islice(numbered, limit):
            yield number, json.loads(line)


def _required(row: dict[str, Any], key: str, where: str) -> Any:
    value = row.get(key)
    if value is None or value == "":
        raise DataError(f"{where}: no {key!r}")
    return value


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _label(value: str, where: str) -> Label:
    if value.lower() not in (Label.SAME, Label.DIFFERENT):
        raise DataError(f"{where}: label {value!r} is neither 'same' nor 'different'")
    return Label(value.lower())


def read_articles(path: Path, limit: int | None = None) -> list[LabelledArticle]:
    """The labelled articles of a JSONL file (its first `limit` lines, if given)."""
    articles = []
    for number, row in _lines(path, limit):
        where = f"{path}:{number}"
        if not row.get("text") and not row.get("html"):
            raise DataError(f"{where}: neither 'text' nor 'html'")
        articles.append(
            LabelledArticle(
                id=str(_required(row, "id", where)),
                story=str(_required(row, "story", where)),
                url=row.get("url"),
                outlet=row.get("outlet") or "unknown outlet",
                published_at=_time(row.get("published_at")),
                title=row.get("title"),
                text=row.get("text"),
                html=row.get("html"),
                language=row.get("language"),
            )
        )
    ids = [article.id for article in articles]
    if len(set(ids)) != len(ids):
        raise DataError(f"{path}: article ids are not unique")
    return articles


def read_pairs(
    path: Path, *, same_max: float, different_min: float, limit: int | None = None
) -> list[LabelledPair]:
    """The labelled pairs of a JSONL file; a SemEval rating <= `same_max` is the same
    story, >= `different_min` a different one."""
    pairs = []
    for number, row in _lines(path, limit):
        where = f"{path}:{number}"
        if "overall" in row:
            rating = float(row["overall"])
            identifier = str(_required(row, "pair_id", where))
            label = (
                Label.SAME
                if rating <= same_max
                else Label.DIFFERENT
                if rating >= different_min
                else Label.UNSURE
            )
        else:
            rating = None
            identifier = f"{_required(row, 'id1', where)}_{_required(row, 'id2', where)}"
            label = _label(str(_required(row, "label", where)), where)
        pairs.append(
            LabelledPair(
                id=identifier,
                text1=_required(row, "text1", where),
                text2=_required(row, "text2", where),
                label=label,
                lang1=row.get("lang1"),
                lang2=row.get("lang2"),
                title1=row.get("title1"),
                title2=row.get("title2"),
                rating=rating,
            )
        )
    return pairs
