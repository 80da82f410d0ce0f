"""Job functions for the worker's log tests (rq imports jobs by their path)."""

import structlog

log = structlog.get_logger(__name__)


def log_a_line(word: str) -> None:
    """Write one log line."""
    log.info("job says", word=word)


def fail(word: str) -> None:
    """Fail."""
    raise ValueError(f"cannot {word}")
