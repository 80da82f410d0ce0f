"""fetch() against a real server on 127.0.0.1: the SSRF guard, limits, deadline, statuses."""

import gzip
import shutil
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import brotli
import httpx
import pytest

from schemas.settings import HttpSettings
from services.http.backend import GuardedBackend
from services.http.client import build_client
from services.http.errors import (
    BadScheme,
    BlockedAddress,
    FetchTimeout,
    HttpClientError,
    HttpServerError,
    TlsError,
    TooLarge,
    TooManyRedirects,
)
from services.http.fetch import fetch, retry_after_seconds
from tests.plugins.local_server import LocalServer, Reply

LIMIT = 64 * 1024


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """A client that may reach the loopback test server."""
    with build_client(HttpSettings(total_timeout=2.0), allow_private=True) as client:
        yield client


@pytest.fixture
def guarded_client() -> Iterator[httpx.Client]:
    """A client as production builds it: private addresses refused."""
    with build_client(HttpSettings(), allow_private=False) as client:
        yield client


def test_loopback_literal_is_refused_without_contacting_the_server(
    http_server: LocalServer, guarded_client: httpx.Client
) -> None:
    http_server.routes["/"] = Reply(body=b"secret")
    with pytest.raises(BlockedAddress) as caught:
        fetch(guarded_client, http_server.url("/"), max_bytes=LIMIT, allow_private=False)
    assert caught.value.code == "blocked_address"
    assert caught.value.url == http_server.url("/")
    assert http_server.requests == []


def test_the_connection_itself_refuses_a_name_that_resolves_to_loopback(
    http_server: LocalServer, guarded_client: httpx.Client
) -> None:
    # fetch's own URL check lets a host name through; the backend checks what it resolves to.
    http_server.routes["/"] = Reply(body=b"secret")
    url = f"http://localhost:{http_server.port}/"
    with pytest.raises(BlockedAddress) as caught:
        fetch(guarded_client, url, max_bytes=LIMIT, allow_private=True)
    assert caught.value.url == url
    assert http_server.requests == []


def test_backend_resolves_names_and_keeps_only_allowed_addresses() -> None:
    with pytest.raises(BlockedAddress):
        GuardedBackend(allow_private=False).resolve("localhost", 80)
    resolved = GuardedBackend(allow_private=True).resolve("localhost", 80)
    assert resolved and all(address.is_loopback for address in resolved)


def test_private_server_is_reached_when_allowed(
    http_server: LocalServer, client: httpx.Client
) -> None:
    http_server.routes["/page"] = Reply(
        body="café".encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    fetched = fetch(client, http_server.url("/page"), max_bytes=LIMIT, allow_private=True)
    assert fetched.status_code == 200
    assert fetched.content == "café".encode("latin-1")
    assert fetched.encoding == "iso-8859-1"
    assert "newsfold" in http_server.requests[0].headers["user-agent"]


@pytest.mark.parametrize(
    "target", ["127.0.0.2", "169.254.169.254", "[::ffff:127.0.0.1]", "[64:ff9b::a9fe:a9fe]"]
)
def test_redirect_to_a_private_literal_is_refused_before_connecting(
    http_server: LocalServer, client: httpx.Client, target: str
) -> None:
    # The first hop reaches loopback by name (the client allows it); the redirect names a
    # loopback or cloud-metadata literal (also IPv4-mapped, and NAT64 for 169.254.169.254),
    # which fetch itself refuses with allow_private off.
    http_server.routes["/start"] = Reply(
        302, headers={"Location": f"http://{target}:{http_server.port}/secret"}
    )
    http_server.routes["/secret"] = Reply(body=b"secret")
    with pytest.raises(BlockedAddress) as caught:
        fetch(
            client,
            f"http://localhost:{http_server.port}/start",
            max_bytes=LIMIT,
            allow_private=False,
        )
    assert caught.value.url == f"http://{target}:{http_server.port}/secret"
    assert [seen.path for seen in http_server.requests] == ["/start"]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
def test_redirect_to_another_scheme_is_refused(
    http_server: LocalServer, client: httpx.Client, location: str
) -> None:
    http_server.routes["/feed"] = Reply(301, headers={"Location": location})
    with pytest.raises(BadScheme) as caught:
        fetch(client, http_server.url("/feed"), max_bytes=LIMIT, allow_private=True)
    assert caught.value.code == "bad_scheme"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1/", "feed.xml"])
def test_only_http_and_https_urls_are_fetched(client: httpx.Client, url: str) -> None:
    with pytest.raises(BadScheme):
        fetch(client, url, max_bytes=LIMIT, allow_private=True)


def _redirect_chain(server: LocalServer, hops: int) -> None:
    for hop in range(hops):
        server.routes[f"/hop{hop}"] = Reply(307, headers={"Location": f"/hop{hop + 1}"})
    server.routes[f"/hop{hops}"] = Reply(body=b"arrived")


def test_five_redirects_are_followed_to_the_final_url(
    http_server: LocalServer, client: httpx.Client
) -> None:
    _redirect_chain(http_server, 5)
    fetched = fetch(client, http_server.url("/hop0"), max_bytes=LIMIT, allow_private=True)
    assert fetched.content == b"arrived"
    assert fetched.url == http_server.url("/hop5")


def test_a_sixth_redirect_is_too_many(http_server: LocalServer, client: httpx.Client) -> None:
    _redirect_chain(http_server, 6)
    with pytest.raises(TooManyRedirects):
        fetch(client, http_server.url("/hop0"), max_bytes=LIMIT, allow_private=True)
    assert len(http_server.requests) == 6


def test_body_over_the_limit_is_too_large(http_server: LocalServer, client: httpx.Client) -> None:
    http_server.routes["/exact"] = Reply(body=b"a" * LIMIT)
    http_server.routes["/big"] = Reply(body=b"a" * (LIMIT + 1))
    exact = fetch(client, http_server.url("/exact"), max_bytes=LIMIT, allow_private=True)
    assert len(exact.content) == LIMIT
    with pytest.raises(TooLarge) as caught:
        fetch(client, http_server.url("/big"), max_bytes=LIMIT, allow_private=True)
    assert caught.value.code == "too_large"


def test_gzip_body_is_decoded(http_server: LocalServer, client: httpx.Client) -> None:
    http_server.routes["/gz"] = Reply(
        body=gzip.compress(b"<rss/>" * 100), headers={"Content-Encoding": "gzip"}
    )
    fetched = fetch(client, http_server.url("/gz"), max_bytes=LIMIT, allow_private=True)
    assert fetched.content == b"<rss/>" * 100


def test_gzip_bomb_is_stopped_at_the_decoded_limit(
    http_server: LocalServer, client: httpx.Client
) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(block) for _ in range(64)) + compressor.flush()
    assert len(bomb) < 100 * 1024  # 64 MiB of zeros in some 64 KiB
    http_server.routes["/bomb"] = Reply(body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge):
        fetch(client, http_server.url("/bomb"), max_bytes=1 << 20, allow_private=True)


def _brotli_bomb(mebibytes: int) -> bytes:
    compressor = brotli.Compressor(quality=5)
    block = b"\0" * (1 << 20)
    return b"".join(compressor.process(block) for _ in range(mebibytes)) + compressor.finish()


def _deflate_bomb(mebibytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 15)  # 15: zlib container, as servers send
    block = b"\0" * (1 << 20)
    return b"".join(compressor.compress(block) for _ in range(mebibytes)) + compressor.flush()


def test_brotli_bomb_is_stopped_at_the_decoded_limit(
    http_server: LocalServer, client: httpx.Client
) -> None:
    bomb = _brotli_bomb(16)
    assert len(bomb) < 1024  # 16 MiB of zeros in some 100 bytes
    http_server.routes["/bomb"] = Reply(body=bomb, headers={"Content-Encoding": "br"})
    with pytest.raises(TooLarge):
        fetch(client, http_server.url("/bomb"), max_bytes=1 << 20, allow_private=True)


def test_deflate_bomb_is_stopped_at_the_decoded_limit(
    http_server: LocalServer, client: httpx.Client
) -> None:
    bomb = _deflate_bomb(16)
    assert len(bomb) < 20 * 1024
    http_server.routes["/bomb"] = Reply(body=bomb, headers={"Content-Encoding": "deflate"})
    with pytest.raises(TooLarge):
        fetch(client, http_server.url("/bomb"), max_bytes=1 << 20, allow_private=True)


def test_brotli_body_is_decoded_and_br_is_advertised(
    http_server: LocalServer, client: httpx.Client
) -> None:
    http_server.routes["/br"] = Reply(
        body=brotli.compress(b"<rss/>" * 100), headers={"Content-Encoding": "br"}
    )
    fetched = fetch(client, http_server.url("/br"), max_bytes=LIMIT, allow_private=True)
    assert fetched.content == b"<rss/>" * 100
    accepted = http_server.requests[0].headers["accept-encoding"]
    assert "br" in [coding.strip() for coding in accepted.split(",")]


# Decoded whole by httpx, a 400-byte brotli body (ratio ~1,000,000:1) became 512 MiB in
# memory before the limit was checked; decoded in bounded pieces, memory stays near it.
@pytest.mark.parametrize("coding", ["br", "deflate"])
def test_a_compression_bomb_never_decodes_far_past_the_limit(
    http_server: LocalServer, client: httpx.Client, coding: str
) -> None:
    bomb = _brotli_bomb(64) if coding == "br" else _deflate_bomb(16)
    http_server.routes["/bomb"] = Reply(body=bomb, headers={"Content-Encoding": coding})
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            fetch(client, http_server.url("/bomb"), max_bytes=1 << 20, allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20


def test_trickling_body_is_stopped_by_the_total_deadline(
    http_server: LocalServer, client: httpx.Client
) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            if http_server.stopping.wait(0.5):
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()

    http_server.routes["/slow"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(client, http_server.url("/slow"), max_bytes=LIMIT, allow_private=True)
    assert caught.value.code == "timeout"
    assert 1.9 < time.monotonic() - started < 3.0  # total_timeout=2, read timeout 15


def test_trickling_headers_are_stopped_by_the_total_deadline(
    http_server: LocalServer, client: httpx.Client
) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for number in range(1000):
            if http_server.stopping.wait(0.5):
                return
            handler.wfile.write(f"X-Slow-{number}: 1\r\n".encode())
            handler.wfile.flush()

    http_server.routes["/slow"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(client, http_server.url("/slow"), max_bytes=LIMIT, allow_private=True)
    assert time.monotonic() - started < 3.0


def test_not_modified_is_returned_empty(http_server: LocalServer, client: httpx.Client) -> None:
    def conditional(handler: BaseHTTPRequestHandler) -> Reply:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(body=b"<rss/>", headers={"ETag": '"v1"'})

    http_server.routes["/feed"] = conditional
    first = fetch(client, http_server.url("/feed"), max_bytes=LIMIT, allow_private=True)
    assert (first.status_code, first.content, first.headers["etag"]) == (200, b"<rss/>", '"v1"')
    second = fetch(
        client,
        http_server.url("/feed"),
        max_bytes=LIMIT,
        allow_private=True,
        headers={"If-None-Match": '"v1"'},
    )
    assert (second.status_code, second.content) == (304, b"")


def test_client_error_status_raises_http_4xx(
    http_server: LocalServer, client: httpx.Client
) -> None:
    with pytest.raises(HttpClientError) as caught:
        fetch(client, http_server.url("/missing"), max_bytes=LIMIT, allow_private=True)
    assert (caught.value.code, caught.value.status) == ("http_4xx", 404)
    assert caught.value.retry_after is None


def test_server_error_carries_retry_after(http_server: LocalServer, client: httpx.Client) -> None:
    http_server.routes["/busy"] = Reply(503, headers={"Retry-After": "120"})
    with pytest.raises(HttpServerError) as caught:
        fetch(client, http_server.url("/busy"), max_bytes=LIMIT, allow_private=True)
    assert (caught.value.code, caught.value.status) == ("http_5xx", 503)
    assert caught.value.retry_after == 120.0


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30", now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 12:05:00 GMT", now) == 300.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[int]:
    """An https server on 127.0.0.1 whose certificate no CA signed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_untrusted_certificate_is_a_tls_error(
    self_signed_server: int, client: httpx.Client
) -> None:
    with pytest.raises(TlsError) as caught:
        fetch(
            client,
            f"https://localhost:{self_signed_server}/",
            max_bytes=LIMIT,
            allow_private=True,
        )
    assert caught.value.code == "tls"
