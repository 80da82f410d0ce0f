"""One page through every extractor, scored against its ground truth."""

from dataclasses import dataclass
from pathlib import Path

from bench.extract_data import LabelledPage, read_page
from bench.extract_runners import EXTRACTORS, Extracted, Extractor
from bench.extract_scores import (
    TextScores,
    bag_scores,
    labelled_day,
    same_authors,
    same_title,
    snippets_found,
)


@dataclass(frozen=True)
class PageScore:
    """One extractor on one page. A field is None where the page has no label to score it
    against or the extractor does not offer it; `dated_undated` is set on undated pages
    only (True when the extractor gave them a date anyway)."""

    text: TextScores | None
    empty: bool
    with_kept: tuple[int, int]
    without_dropped: tuple[int, int]
    title_right: bool | None
    authors_right: bool | None
    day_right: bool | None
    dated_undated: bool | None


def score_page(path: Path) -> dict[str, PageScore]:
    """Every extractor's scores on the page at `path`, by extractor name."""
    page = read_page(path)
    return {each.name: _score(each, page) for each in EXTRACTORS}


def _score(extractor: Extractor, page: LabelledPage) -> PageScore:
    found = extractor.run(page.raw, page.url)
    truth = page.truth
    text = truth.get("main_content")
    kept, with_scored = snippets_found(found.text, truth.get("with") or [])
    leaked, without_scored = snippets_found(found.text, truth.get("without") or [])
    return PageScore(
        text=bag_scores(found.text, text) if text else None,
        empty=not found.text.strip(),
        with_kept=(kept, with_scored),
        without_dropped=(without_scored - leaked, without_scored),
        title_right=same_title(found.title, truth["title"]) if truth.get("title") else None,
        authors_right=(
            same_authors(found.authors, truth["author"])
            if extractor.metadata and truth.get("author")
            else None
        ),
        day_right=_day_right(extractor, found, truth.get("publish_date")),
        dated_undated=(
            found.day is not None if extractor.metadata and not truth.get("publish_date") else None
        ),
    )


def _day_right(extractor: Extractor, found: Extracted, label: str | None) -> bool | None:
    day = labelled_day(label)
    if not extractor.metadata or day is None:
        return None
    return found.day == day
