"""The `log_lines` fixture: the JSON log lines a test wrote, for asserting on them."""

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
import structlog

from services.runtime.logging import configure_logging

LogLines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """The JSON log lines written during the test; logging is restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("info", "json")
    # A module's logger cached under this configuration would keep it after the test, and
    # later tests' `capture_logs` would no longer see that module's lines.
    structlog.configure(cache_logger_on_first_use=False)
    buffer = io.StringIO()
    # configure_logging's handler writes to stderr, which pytest swaps between phases.
    cast(logging.StreamHandler[io.StringIO], root.handlers[0]).setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()
