"""The ASGI application of `newsfold serve`, made around an engine passed in."""

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import Engine, text

from services.api import pages, stories
from services.api.errors import install_error_handlers
from services.api.middleware import secure_and_log


def create_app(engine: Engine) -> FastAPI:
    """The API and page over `engine`, which should be read-only
    (services.storage.readonly)."""
    # No /docs or /redoc: they load scripts from elsewhere, which the page's policy forbids;
    # the OpenAPI document itself is at /openapi.json.
    app = FastAPI(title="newsfold", docs_url=None, redoc_url=None)
    app.state.engine = engine
    # autoescape on every template: titles and texts come from pages newsfold fetched.
    app.state.templates = Environment(
        loader=PackageLoader("services.api", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
    )
    app.middleware("http")(secure_and_log)
    install_error_handlers(app)
    app.include_router(stories.router)
    app.include_router(pages.router)
    app.add_api_route("/healthz", _health, methods=["GET"])
    app.mount("/static", StaticFiles(packages=[("services.api", "static")]), name="static")
    return app


def _health(request: Request) -> Response:
    """200 while the database answers, else 503."""
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok"})
