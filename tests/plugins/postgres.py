"""A private PostgreSQL cluster for the test session, started from PostgreSQL's own binaries.

initdb and postgres refuse to run as root, so when the tests run as root (as in CI) the
cluster is created and run as the `postgres` system user through `runuser`.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from services.runtime.redis_server import free_port


def _postgres_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    return Path(candidates[-1]).parent if candidates else None


def _version_key(path: str) -> int:
    version = path.split("/")[4]
    return int(version) if version.isdigit() else 0


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass(frozen=True)
class PostgresCluster:
    """The session's private cluster: its URL, and stopping and starting it (fault tests)."""

    url: str
    bindir: Path
    datadir: Path
    workdir: Path
    port: int

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.workdir / "postgres.log")
        self._pg_ctl("-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Stop the server, disconnecting every client (pg_ctl's fast mode)."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres_user([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args]),
            check=True,
            capture_output=True,
        )


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A fresh PostgreSQL cluster on 127.0.0.1 and a free port, with an empty database."""
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found: install `postgresql`")
    workdir = Path(tempfile.mkdtemp(prefix="newsfold-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
    datadir = workdir / "data"
    port = free_port()
    subprocess.run(
        _as_postgres_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(datadir),
                "-A",
                "trust",
                "-U",
                "newsfold",
                "--encoding=UTF8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    cluster = PostgresCluster(
        f"postgresql+psycopg://newsfold@127.0.0.1:{port}/newsfold_test",
        bindir,
        datadir,
        workdir,
        port,
    )
    cluster.start()
    try:
        admin = create_engine(
            f"postgresql+psycopg://newsfold@127.0.0.1:{port}/postgres",
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE newsfold_test"))
        admin.dispose()
        yield cluster
    finally:
        subprocess.run(
            _as_postgres_user([str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "fast", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """SQLAlchemy URL of the session cluster's test database."""
    return postgres_cluster.url
