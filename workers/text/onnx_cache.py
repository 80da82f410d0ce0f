"""The on-disk cache of exported embedding models (see workers/text/onnx_export.py).

A model directory is exported once, in a child process, into
`<cache>/<sha256 of the directory's files>/`, so a changed model is exported anew and a copied
one (a Docker stage) is found again. The cache is `$XDG_CACHE_HOME/newsfold/models`, else
`~/.cache/newsfold/models` (the freedesktop variable, not a newsfold setting: `embedder_for`
is given the model's name alone). An image prepares it at build time (`newsfold models
prepare`). Workers starting
together export once: the first holds a file lock, the others wait for it and find the
result, which appears whole (renamed into place).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import structlog
from filelock import FileLock

from workers.text.onnx_export import EXIT_EXTRA_MISSING

log = structlog.get_logger(__name__)

# Bump when the exported files change shape, so older caches are not read.
EXPORT_FORMAT = "2"
# Loading torch and tracing MiniLM took 6-9 s on this project's busy 2-core machine.
EXPORT_TIMEOUT_SECONDS = 600


class ExportFailed(RuntimeError):
    """The export child process failed; `extra_missing` when torch is not installed."""

    def __init__(self, message: str, *, extra_missing: bool) -> None:
        super().__init__(message)
        self.extra_missing = extra_missing


def cache_root() -> Path:
    """Where exported models live (see the module docstring)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "newsfold" / "models"


def model_digest(directory: Path) -> str:
    """A digest of every file under `directory` (names and contents) and the export format."""
    digest = hashlib.sha256(EXPORT_FORMAT.encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0")
        with path.open("rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()


def exported_model(directory: Path, root: Path | None = None) -> Path:
    """The directory of model `directory`'s export, exporting it first if needed."""
    root = root or cache_root()
    target = root / model_digest(directory)
    if (target / "embedding.json").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not (target / "embedding.json").is_file():
            _export(directory, target)
    return target


def _export(directory: Path, target: Path) -> None:
    """Run the exporter in a child process into a temporary directory, then rename it."""
    log.info("exporting embedding model to ONNX", model=str(directory), cache=str(target))
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".export-"))
    # mkdtemp's 0700 would hide an image's export, made as root, from the runtime user.
    scratch.chmod(0o755)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workers.text.onnx_export", str(directory), str(scratch)],
            capture_output=True,
            text=True,
            timeout=EXPORT_TIMEOUT_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output"
            raise ExportFailed(reason, extra_missing=done.returncode == EXIT_EXTRA_MISSING)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log.info("embedding model exported", cache=str(target))
