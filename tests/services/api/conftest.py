"""`api`: `newsfold serve`'s application on a real uvicorn server on 127.0.0.1, over the test
database through a read-only engine; `browser`: a headless Chromium to open its page."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from sqlalchemy import Engine

from services.api.app import create_app
from services.storage.readonly import create_read_only_engine

START_TIMEOUT_SECONDS = 10


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread; yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture
def api_url(engine: Engine, database_url: str) -> Iterator[str]:
    """Base URL of the app over the test database (schema created by `engine`)."""
    read_only = create_read_only_engine(database_url)
    try:
        with serving(create_app(read_only)) as url:
            yield url
    finally:
        read_only.dispose()


@pytest.fixture
def api(api_url: str) -> Iterator[httpx.Client]:
    """An HTTP client of the served app."""
    with httpx.Client(base_url=api_url, timeout=10) as client:
        yield client


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1280, 900
PAGE_LOAD_SECONDS = 20


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium driven through chromedriver; never downloads a browser or driver."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("chromium and chromedriver not found: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests run as root in CI
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--force-device-scale-factor=1",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
