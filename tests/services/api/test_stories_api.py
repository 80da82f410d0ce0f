"""`GET /api/stories` and `GET /api/stories/{id}` on a real server over each database."""

from datetime import timedelta
from typing import Any

import httpx
import jsonschema
import pytest
from sqlalchemy import Engine

from schemas.story import ExportedStory, StorySnapshot
from services.storage.export import iter_exported_stories
from tests.services.api.sample import (
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    HOSTILE_URL,
    member,
    store_sample,
)
from tests.services.storage.builders import T0, make_article, make_snapshot, store


def ids(api: httpx.Client, **params: Any) -> list[str]:
    """The ids of the first page of stories matching `params`."""
    response = api.get("/api/stories", params=params)
    assert response.status_code == 200, response.text
    return [story["id"] for story in response.json()["stories"]]


def test_stories_are_listed_most_recently_updated_first_as_export_lines(
    api: httpx.Client, engine: Engine
) -> None:
    store_sample(engine)
    body = api.get("/api/stories").json()
    assert [story["id"] for story in body["stories"]] == ["putin-macron", "port-strike", "hostile"]
    assert body["next_cursor"] is None
    exported = {story.id: story for story in iter_exported_stories(engine)}
    schema = ExportedStory.model_json_schema()
    for story in body["stories"]:
        jsonschema.validate(story, schema)
        assert ExportedStory.model_validate(story) == exported[story["id"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"entity": "Vladimir Putin"}, ["putin-macron"]),
        ({"entity": "putin"}, ["putin-macron"]),  # a whole word of the key
        ({"entity": "ELYSÉE"}, ["putin-macron"]),  # accents and case folded
        ({"entity": "put"}, []),  # not a whole word
        ({"entity": "President Putin's"}, ["putin-macron"]),  # cleaned as enrich cleans names
        ({"entity": "the Kremlin"}, ["putin-macron"]),
        ({"entity": "..."}, []),
        ({"entity": "O.T.A.N."}, ["putin-macron"]),  # dots folded as in keys
        ({"entity": "valmere"}, ["port-strike"]),
        ({"outlet": "eurodesk.example"}, ["putin-macron"]),  # a variant's outlet
        ({"outlet": "Harbor-Ledger.example"}, ["port-strike"]),
        ({"language": "fr"}, ["putin-macron"]),
        ({"language": "en"}, ["putin-macron", "port-strike", "hostile"]),
        ({"text": "crunch TALKS"}, ["putin-macron"]),  # title, case-insensitive
        ({"text": "container port"}, ["port-strike"]),  # text
        ({"text": "100%"}, ["port-strike"]),  # % is a character, not a wildcard
        ({"text": "1_0"}, []),  # _ too
        ({"text": "nothing like this"}, []),
        ({"language": "fr", "outlet": "newshub.example"}, []),  # one article must match both
        ({"updated_since": "2024-05-06T12:00:00Z"}, ["putin-macron", "port-strike"]),
        ({"updated_until": "2024-05-06T11:59:59+00:00"}, ["hostile"]),
        ({"updated_since": "2024-05-07"}, ["putin-macron"]),  # a date: its midnight UTC
        ({"published_since": "2024-05-01T13:30:00Z"}, ["putin-macron", "port-strike"]),
        ({"published_until": "2024-05-01T00:00:00Z"}, ["hostile"]),
        # The story's span (12:00-14:00) meets the window, though no article is inside it.
        (
            {"published_since": "2024-05-01T12:30Z", "published_until": "2024-05-01T13:30Z"},
            ["putin-macron"],
        ),
        ({"entity": "", "text": " "}, ["putin-macron", "port-strike", "hostile"]),  # blank: any
    ],
)
def test_each_filter_selects_the_matching_stories(
    api: httpx.Client, engine: Engine, params: dict[str, str], expected: list[str]
) -> None:
    store_sample(engine)
    assert ids(api, **params) == expected


def test_pages_follow_the_cursor_without_gaps_or_repeats(api: httpx.Client, engine: Engine) -> None:
    # 25 stories, some sharing an updated_at so the cursor's tie-break on id matters.
    store(
        engine,
        [make_article(f"a{index:02d}") for index in range(25)],
        [
            make_snapshot(f"s{index:02d}", index // 3 + 1, f"a{index:02d}", [])
            for index in range(25)
        ],
    )
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 10} | ({"cursor": cursor} if cursor else {})
        body = api.get("/api/stories", params=params).json()
        seen += [story["id"] for story in body["stories"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    # Newest first; within one updated_at, ids in descending order.
    expected = sorted(
        (f"s{index:02d}" for index in range(25)),
        key=lambda story_id: (int(story_id[1:]) // 3, story_id),
        reverse=True,
    )
    assert seen == expected
    assert len(seen) == len(set(seen)) == 25


def test_a_story_updated_while_paging_moves_to_the_front_without_shifting_pages(
    api: httpx.Client, engine: Engine
) -> None:
    store_sample(engine)
    first = api.get("/api/stories", params={"limit": 1}).json()
    assert [story["id"] for story in first["stories"]] == ["putin-macron"]
    # port-strike is updated: it is newest now, and an offset would show putin-macron again.
    store(
        engine,
        [],
        [
            StorySnapshot(
                id="port-strike",
                version=2,
                canonical_id="strike",
                members=[member("strike", None, 1.0, 120)],
                updated_at=T0 + timedelta(days=7),
            )
        ],
    )
    rest = api.get("/api/stories", params={"cursor": first["next_cursor"]}).json()
    assert [story["id"] for story in rest["stories"]] == ["hostile"]
    assert ids(api) == ["port-strike", "putin-macron", "hostile"]


def test_one_story_comes_with_its_variants_and_relations(api: httpx.Client, engine: Engine) -> None:
    store_sample(engine)
    story = api.get("/api/stories/putin-macron").json()
    assert story["canonical"]["id"] == "call"
    assert [(v["id"], v["relation"], v["similarity"]) for v in story["variants"]] == [
        ("repost", "near_duplicate", 0.82),
        ("french", "translation", 0.55),
    ]
    assert story["first_published_at"] == "2024-05-01T12:00:00Z"
    assert story["last_published_at"] == "2024-05-01T14:00:00Z"


def test_an_unknown_story_is_a_json_404(api: httpx.Client, engine: Engine) -> None:
    store_sample(engine)
    response = api.get("/api/stories/no-such-story")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": "not found", "problems": ["no story no-such-story"]}


def test_unknown_paths_and_methods_get_errors_of_the_same_shape(api: httpx.Client) -> None:
    missing = api.get("/api/nothing")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not found", "problems": ["GET /api/nothing"]}
    refused = api.post("/api/stories")
    assert refused.status_code == 405
    assert refused.json() == {"error": "method not allowed", "problems": ["POST /api/stories"]}
    assert refused.headers["allow"] == "GET"


@pytest.mark.parametrize(
    ("params", "status", "problem"),
    [
        ({"limit": "0"}, 422, "limit: Input should be greater than or equal to 1"),
        ({"limit": "101"}, 422, "limit: Input should be less than or equal to 100"),
        ({"limit": "ten"}, 422, "limit: Input should be a valid integer"),
        ({"updated_since": "yesterday"}, 422, "updated_since: Input should be a valid datetime"),
        ({"entitiy": "putin"}, 422, "entitiy: unknown parameter"),
        ({"text": "x" * 501}, 422, "text: String should have at most 500 characters"),
        ({"cursor": "not-a-cursor"}, 400, "cursor: not a page cursor: 'not-a-cursor'"),
    ],
)
def test_bad_parameters_are_refused_with_what_was_wrong(
    api: httpx.Client, engine: Engine, params: dict[str, str], status: int, problem: str
) -> None:
    response = api.get("/api/stories", params=params)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == "invalid parameters"
    assert any(line.startswith(problem) for line in body["problems"]), body


def test_hostile_content_comes_out_as_plain_data(api: httpx.Client, engine: Engine) -> None:
    store_sample(engine)
    response = api.get("/api/stories/hostile")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    story = response.json()
    assert story["title"] == HOSTILE_TITLE
    assert story["canonical"]["text"] == HOSTILE_TEXT
    assert story["canonical"]["url"] == HOSTILE_URL


def test_health_answers_while_the_database_does(api: httpx.Client) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
