"""`newsfold demo`, the README's first command, end to end on its own private servers."""

import json
from pathlib import Path

from click.testing import CliRunner

from schemas.story import ExportedStory, Relation
from services.cli.main import cli


def test_demo_prints_the_sample_stories_as_json(tmp_path: Path) -> None:
    env = {
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_REDIS_URL": None,
        "NEWSFOLD_DATABASE_URL": None,
    }
    result = CliRunner().invoke(cli, ["--json", "demo"], env=env)

    assert result.exit_code == 0, result.output
    stories = [
        ExportedStory.model_validate(json.loads(line))
        for line in result.stdout.splitlines()
        if line.startswith("{")
    ]
    assert len(stories) == 3
    seeds = next(story for story in stories if "Putin" in (story.title or ""))
    assert len(seeds.variants) == 4
    assert Relation.NEAR_DUPLICATE in {variant.relation for variant in seeds.variants}
    assert (tmp_path / "demo" / "newsfold.db").exists()
