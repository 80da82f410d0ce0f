"""Every demo page extracts to its golden file (regenerate with `python -m
tests.workers.extract.golden` and review the diff)."""

import json

import pytest

from tests.workers.extract.demo_pages import page_paths
from tests.workers.extract.golden import current_result, golden_path


@pytest.mark.parametrize("page", page_paths())
def test_page_matches_its_golden_file(page: str) -> None:
    expected = json.loads(golden_path(page).read_text(encoding="utf-8"))
    assert current_result(page) == expected


def test_every_demo_page_has_a_golden_file() -> None:
    assert all(golden_path(page).is_file() for page in page_paths())
    assert len(page_paths()) == 9


def test_exact_repost_extracts_to_the_same_text_as_its_original() -> None:
    original = current_result(
        "harbor-ledger/news/2022/02/03/valmere-dockworkers-walk-out-over-automated-crane-plan.html"
    )
    repost = current_result(
        "newshub/story/valmere-dockworkers-walk-out-over-automated-crane-plan-8841.html"
    )
    assert repost["text"] == original["text"]
    assert repost["site_name"] != original["site_name"]
    # Declared as 12:05 at +01:00, and kept in the page's offset (its local day).
    assert repost["published_at"] == "2022-02-03T12:05:00+01:00"
