"""Errors as the client should see them: bad parameters 400/422 with what was wrong, a database
that does not answer 503 (logged), each as a page on the HTML page's path and as JSON
everywhere else."""

from typing import Any

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment
from psycopg.errors import QueryCanceled
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.api import pages
from services.storage.search import InvalidCursor

log = structlog.get_logger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on `app` (whose state holds the page templates)."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_parameters)
    app.add_exception_handler(InvalidCursor, _invalid_cursor)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)


def error_response(request: Request, status: int, error: str, problems: list[str]) -> Response:
    """`error` and its `problems` as an escaped HTML page for the page, else as JSON."""
    if request.url.path != pages.PATH:
        return JSONResponse({"error": error, "problems": problems}, status_code=status)
    templates: Environment = request.app.state.templates
    body = templates.get_template("error.html").render(
        status=status, error=error, problems=problems
    )
    return HTMLResponse(body, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    # Unknown paths (404) and methods (405): the same shape as every other error.
    assert isinstance(exc, StarletteHTTPException)
    response = error_response(
        request, exc.status_code, str(exc.detail).lower(), [f"{request.method} {request.url.path}"]
    )
    response.headers.update(exc.headers or {})
    return response


async def _invalid_parameters(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [_problem(error) for error in exc.errors()]
    return error_response(request, 422, "invalid parameters", problems)


def _problem(error: dict[str, Any]) -> str:
    # loc is ("query", "limit") for a parameter; the model's own checks have no field name.
    names = [str(part) for part in error.get("loc", ()) if part != "query"]
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "extra_forbidden":
        message = "unknown parameter"
    return f"{'.'.join(names)}: {message}" if names else message


async def _invalid_cursor(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, "invalid parameters", [f"cursor: {exc}"])


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    if isinstance(getattr(exc, "orig", None), QueryCanceled):
        # The read-only sessions' statement timeout (services/storage/readonly.py).
        log.warning("query cancelled", path=request.url.path, query=request.url.query)
        return error_response(
            request, 503, "query took too long", ["narrow the search (a time, outlet or entity)"]
        )
    # The driver's first line says why (refused, timed out, authentication); no traceback.
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0:1]
    log.error("database unavailable", path=request.url.path, reason=reason[0] if reason else "")
    return error_response(request, 503, "database unavailable", ["try again later"])
