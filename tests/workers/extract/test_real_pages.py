"""Extraction of real pages with known quirks against their labels (real_pages/README.md)."""

import gzip
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.extract_scores import bag_scores, snippets_found, words
from workers.extract.page import PageExtraction, extract_page

PAGES = Path(__file__).parent / "real_pages"


@dataclass(frozen=True)
class Expected:
    """What a page's extraction must reach: a text F1 floor (its score when the test was
    written, less a small margin), and whether its labelled day is checked (0228's label is
    a date the page does not state as its publication date)."""

    page: str
    min_f1: float
    check_day: bool = True


EXPECTED = [
    Expected("0052", min_f1=0.82),
    Expected("0009", min_f1=0.97),
    Expected("0071", min_f1=0.96),
    Expected("0012", min_f1=0.98),
    Expected("0228", min_f1=0.98, check_day=False),
    Expected("0308", min_f1=0.94),
]


def _label(page: str) -> dict[str, Any]:
    labelled: dict[str, Any] = json.loads((PAGES / f"{page}.json").read_text())
    return labelled


def _extract(page: str) -> tuple[PageExtraction, dict[str, Any]]:
    labelled = _label(page)
    raw = gzip.decompress((PAGES / f"{page}.html.gz").read_bytes())
    return extract_page(raw, labelled["url"]), labelled["ground_truth"]


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.page for e in EXPECTED])
def test_text_is_the_labelled_article(expected: Expected) -> None:
    extraction, truth = _extract(expected.page)
    assert bag_scores(extraction.text, truth["main_content"]).f1 >= expected.min_f1
    kept, scored = snippets_found(extraction.text, truth.get("with") or [])
    assert kept == scored
    leaked, _ = snippets_found(extraction.text, truth.get("without") or [])
    assert leaked == 0


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.page for e in EXPECTED])
def test_title_and_day_are_the_labelled_ones(expected: Expected) -> None:
    extraction, truth = _extract(expected.page)
    assert words(extraction.title or "") == words(truth["title"])
    if not expected.check_day:
        return
    if truth.get("publish_date") is None:
        assert extraction.published_at is None
    else:
        assert extraction.published_at is not None
        assert extraction.published_at.date() == date.fromisoformat(truth["publish_date"])


def test_apostrophe_of_a_double_escaped_title_is_decoded() -> None:
    extraction, _ = _extract("0071")
    assert extraction.title is not None
    assert "&" not in extraction.title
    assert "Traveler\u2019s" in extraction.title or "Traveler's" in extraction.title


@pytest.mark.parametrize(
    ("page", "authors"),
    [("0009", {"maria", "katerina"}), ("0071", {"gabby boucher"}), ("0308", {"jennifer newmann"})],
)
def test_authors_are_the_labelled_people(page: str, authors: set[str]) -> None:
    extraction, _ = _extract(page)
    assert {" ".join(words(name)) for name in extraction.authors} == authors


def test_a_windows_1252_page_reads_without_replacement_characters() -> None:
    extraction, _ = _extract("0052")
    assert "\ufffd" not in extraction.text
    assert "â€" not in extraction.text
