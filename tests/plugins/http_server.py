"""The bundled demo sites and feeds, served on 127.0.0.1 for the whole test session.

Register with `pytest_plugins = ["tests.plugins.http_server"]`. Tests that need a special
response add a route to the running site (`demo_site.add_route(...)`) under a path of their
own, so they never disturb the files other tests read.
"""

from collections.abc import Iterator

import pytest

from services.demo.server import DemoSite, serve_content


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    """The demo content on a real HTTP server; `base_url` and `feed_urls` tell where."""
    with serve_content() as site:
        yield site
