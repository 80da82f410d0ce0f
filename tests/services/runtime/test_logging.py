"""Logging configuration: JSON off a terminal, and the standard library's loggers (rq's
included) written in the same format."""

import json
import logging
from collections.abc import Iterator

import pytest
import structlog
from rq.logutils import setup_loghandlers

from services.runtime.logging import configure_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Root and rq's loggers as they were before the test."""
    root, rq_worker = logging.getLogger(), logging.getLogger("rq.worker")
    saved = root.handlers[:], root.level, rq_worker.handlers[:], rq_worker.propagate
    yield
    root.handlers[:], root.level, rq_worker.handlers[:], rq_worker.propagate = saved
    structlog.reset_defaults()


@pytest.mark.usefixtures("restored_logging")
def test_lines_are_json_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", "auto")
    structlog.get_logger("newsfold.test").info("hello", feed_id="f1")
    [line] = [json.loads(text) for text in capsys.readouterr().err.splitlines()]
    assert (line["event"], line["feed_id"], line["level"]) == ("hello", "f1", "info")


@pytest.mark.usefixtures("restored_logging")
def test_rq_handlers_set_up_before_configuration_give_way_to_ours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logging.getLogger().handlers[:] = []
    # What rq's Worker.work does when the logger has no effective handler.
    setup_loghandlers("INFO", name="rq.worker")
    configure_logging("info", "json")
    with structlog.contextvars.bound_contextvars(job_id="poll-f1"):
        logging.getLogger("rq.worker").warning("job %s failed", "poll-f1")
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = [json.loads(text) for text in captured.err.splitlines()]
    assert (line["event"], line["logger"], line["job_id"]) == (
        "job poll-f1 failed",
        "rq.worker",
        "poll-f1",
    )
