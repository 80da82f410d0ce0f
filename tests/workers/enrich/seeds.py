"""The seed articles of ../shared/seeds, as text."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def seed_text(prefix: str) -> str:
    """The text of the seed whose file name starts with `prefix` ("000")."""
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text()
