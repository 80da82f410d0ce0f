"""`newsfold serve`: the read-only HTTP API and story page."""

import click
import structlog
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from services.cli.state import CliState, pass_state
from services.storage.readonly import create_read_only_engine
from services.storage.schema import current_revision, head_revision

log = structlog.get_logger(__name__)

# A request waits at most this long for the database to accept a connection, then gets 503.
CONNECT_TIMEOUT_SECONDS = 5


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True)
@pass_state
def serve(state: CliState, host: str, port: int) -> None:
    """Serve stories over HTTP, read-only: a JSON API under /api and a page at /.

    There is no authentication: expose it only behind a proxy that adds your own."""
    engine = create_read_only_engine(
        state.settings.effective_database_url, connect_timeout=CONNECT_TIMEOUT_SECONDS
    )
    # Imported here: the web stack is needed by this command alone, not by every CLI start.
    import uvicorn

    from services.api.app import create_app

    try:
        _check_schema(engine)
        # uvicorn keeps to our logging (log_config=None); our middleware writes access lines.
        uvicorn.run(create_app(engine), host=host, port=port, log_config=None, access_log=False)
    finally:
        engine.dispose()


def _check_schema(engine: Engine) -> None:
    """Refuse a database at another schema revision; serve one that does not answer yet
    (requests get 503 until it does)."""
    try:
        revision = current_revision(engine)
    except (OperationalError, InterfaceError) as exc:
        log.warning("database unavailable at start", reason=str(exc.orig).strip()[:200])
        return
    head = head_revision()
    if revision != head:
        raise click.ClickException(
            f"the database's schema revision is {revision or 'none'}, this release's is {head}: "
            "run `newsfold db upgrade` (serve never changes the database)"
        )
