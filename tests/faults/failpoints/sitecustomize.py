"""Fault injection for tests/faults/test_items_fail_alone.py.

Python imports `sitecustomize` at start, so every newsfold process started with this
directory first on PYTHONPATH (the daemon and the workers it spawns) gets an extractor that
raises on pages under /explode/: a real worker process meeting a bug of the extractor on one
page.
"""

from typing import Any

import workers.extract.job as extract_job

_extract_page = extract_job.extract_page


def _exploding(content: bytes, url: str, **kwargs: Any) -> Any:
    if "/explode/" in url:
        raise RuntimeError("injected extractor failure")
    return _extract_page(content, url, **kwargs)


extract_job.extract_page = _exploding  # type: ignore[assignment]
