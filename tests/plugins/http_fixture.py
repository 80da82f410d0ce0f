"""The `http_server` fixture: a started `LocalServer` (tests.plugins.local_server) per test.

Registered for every test in tests/conftest.py.
"""

from collections.abc import Iterator

import pytest

from tests.plugins.local_server import LocalServer


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A started server with no routes; every path answers 404 until a test adds it."""
    server = LocalServer()
    server.start()
    yield server
    server.stop()
