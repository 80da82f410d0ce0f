"""`newsfold stories` and `newsfold schema story` through click, on each database."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from schemas.export import export_line_schema
from schemas.story import ExportedStory
from services.cli.main import cli
from services.storage.stories import get_story
from tests.services.storage.builders import make_article, make_snapshot, store


@pytest.fixture
def newsfold(engine: Engine, database_url: str, tmp_path: Path) -> "Newsfold":
    """Runs `newsfold` on the test database (schema created by `engine`)."""
    return Newsfold(database_url, tmp_path)


class Newsfold:
    """Invokes the CLI with the settings of one test."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.env = {"NEWSFOLD_DATABASE_URL": database_url, "NEWSFOLD_DATA_DIR": str(data_dir)}

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, list(args), env=self.env, catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result


def store_stories(engine: Engine) -> None:
    store(
        engine,
        [make_article(i) for i in ("a1", "a2", "a3", "b1")]
        + [make_article("b2", outlet="Wire Service", title="Rewritten")],
        [make_snapshot("s1", 3, "a1", ["a2", "a3"]), make_snapshot("s2", 1, "b1", ["b2"])],
    )


def test_list_prints_a_table_of_stories(newsfold: Newsfold, engine: Engine) -> None:
    assert "no stories stored yet" in newsfold("stories", "list").stdout
    store_stories(engine)
    lines = newsfold("stories", "list").stdout.splitlines()
    assert lines[0].split() == ["ID", "VER", "ARTICLES", "UPDATED", "(UTC)", "TITLE"]
    # Versions are the deployment's, in order of writing: s1's snapshot was written first.
    assert lines[1].split()[:3] == ["s1", "1", "3"]
    assert lines[1].endswith("Title of a1")
    assert lines[2].split()[:3] == ["s2", "2", "2"]
    assert len(newsfold("stories", "list", "--limit", "1").stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "args",
    [("--json", "stories", "list"), ("stories", "list", "--json")],
    ids=["group-flag", "subcommand-flag"],
)
def test_list_prints_json_when_asked(
    newsfold: Newsfold, engine: Engine, args: tuple[str, ...]
) -> None:
    store_stories(engine)
    rows = json.loads(newsfold(*args).stdout)
    assert [(row["id"], row["title"], row["member_count"]) for row in rows] == [
        ("s1", "Title of a1", 3),
        ("s2", "Title of b1", 2),
    ]


def test_show_prints_the_canonical_and_each_variant(newsfold: Newsfold, engine: Engine) -> None:
    store_stories(engine)
    output = newsfold("stories", "show", "s2").stdout
    assert output.splitlines()[0] == "Title of b1"
    assert "https://example.com/b1" in output
    [variant] = output.split("variants (1)\n")[1].splitlines()
    assert variant.split()[:2] == ["near_duplicate", "0.90"]
    # People read the site name; the outlet domain is in the JSON output.
    assert "Example" in variant and variant.endswith("Rewritten")


def test_show_json_is_the_exported_story(newsfold: Newsfold, engine: Engine) -> None:
    store_stories(engine)
    shown = ExportedStory.model_validate_json(newsfold("stories", "show", "s1", "--json").stdout)
    assert shown == get_story(engine, "s1")


def test_show_of_an_unknown_story_fails(newsfold: Newsfold) -> None:
    result = newsfold("stories", "show", "nope", ok=False)
    assert result.exit_code == 1
    assert "no story nope" in result.stderr


def test_export_writes_one_schema_valid_story_per_line(newsfold: Newsfold, engine: Engine) -> None:
    store_stories(engine)
    schema = json.loads(newsfold("schema", "story").stdout)
    assert schema == export_line_schema()
    lines = newsfold("stories", "export", "--format", "jsonl").stdout.splitlines()
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    assert [ExportedStory.model_validate_json(line).id for line in lines] == ["s1", "s2"]


def test_export_since_a_version_to_a_file(
    newsfold: Newsfold, engine: Engine, tmp_path: Path
) -> None:
    store_stories(engine)
    out = tmp_path / "stories.jsonl"
    result = newsfold("stories", "export", "--since", "1", "--out", str(out))
    assert result.stdout == ""
    assert "exported 1 story" in result.stderr
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == "s2"
