"""Golden files of the demo pages' extraction (fundus style): the expected result of each
page, as JSON under golden/ at the page's own path. After a change to extraction, run

    python -m tests.workers.extract.golden

read the diff of golden/, and commit it if every change is an improvement.
"""

import dataclasses
import json
from pathlib import Path
from typing import Any

from tests.workers.extract.demo_pages import feed_entries, page_html, page_paths, page_url
from workers.extract.page import extract_page

GOLDEN = Path(__file__).parent / "golden"


def golden_path(page: str) -> Path:
    """Where the expected result of a demo page is kept."""
    return GOLDEN / Path(page).with_suffix(".json")


def current_result(page: str) -> dict[str, Any]:
    """What extraction yields today for a demo page and its feed entry, as JSON values."""
    extraction = extract_page(page_html(page), page_url(page), entry=feed_entries().get(page))
    result = dataclasses.asdict(extraction)
    if extraction.published_at is not None:
        result["published_at"] = extraction.published_at.isoformat()
    result["date_source"] = extraction.date_source.value
    return result


def main() -> None:
    """Rewrite every golden file from the current extraction."""
    for page in page_paths():
        path = golden_path(page)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(current_result(page), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
