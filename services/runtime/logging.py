"""structlog configuration, done once at an entry point; library code only gets loggers."""

import logging
import sys

import structlog


def configure_logging(level: str = "info", log_format: str = "auto") -> None:
    """JSON lines when stderr is not a terminal (or when asked), readable console output on one.

    The standard library's loggers (rq, httpx) are routed through the same renderer so an
    operator reads one format.
    """
    use_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer()
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if use_json else _identity,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    _unplug_rq_handlers()
    # httpx logs every request at INFO; newsfold writes its own summary line per fetch.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Alembic announces its dialect and every revision at INFO; newsfold logs the upgrade.
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _unplug_rq_handlers() -> None:
    """Hand rq's loggers back to the root handler.

    rq's `Worker.work` gives `rq.worker` plain-text handlers of its own (below ERROR on stdout)
    and stops propagation when the logger had no effective handler at that moment (a worker
    that ran before logging was configured); its lines would then bypass our format for good.
    """
    for name, logger in logging.root.manager.loggerDict.items():
        if (name == "rq" or name.startswith("rq.")) and isinstance(logger, logging.Logger):
            logger.handlers.clear()
            logger.propagate = True


def _identity(
    logger: object, method_name: str, event_dict: structlog.types.EventDict
) -> structlog.types.EventDict:
    return event_dict
