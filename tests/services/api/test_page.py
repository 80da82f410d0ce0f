"""`GET /`: the HTML page of stories, on a real server over each database."""

import re

import httpx
from sqlalchemy import Engine

from services.api.middleware import CONTENT_SECURITY_POLICY
from tests.services.api.sample import HOSTILE_URL, store_sample


def test_the_page_lists_stories_with_their_variants_and_relations(
    api: httpx.Client, engine: Engine
) -> None:
    store_sample(engine)
    response = api.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    titles = re.findall(r'<h2 class="story-title">(.*?)</h2>', page)
    assert titles[:2] == [
        "Putin and Macron hold crunch talks",
        "Valmere dockworkers walk out over automated cranes",
    ]
    assert '<span class="outlets">EastWire, EuroDesk, NewsHub</span>' in page
    assert '<span class="languages">en, fr</span>' in page
    entities = re.findall(r'<li class="entity kind-(\w+)"[^>]*>(.*?) <span', page)
    assert entities[:3] == [
        ("person", "Vladimir Putin"),
        ("person", "Emmanuel Macron"),
        ("place", "Élysée"),
    ]
    assert "keywords: security guarantees, ukraine" in page
    relations = re.findall(r'<td class="relation">(.*?)</td>', page)
    assert relations[:3] == ["canonical", "near duplicate", "translation"]
    assert "1 near duplicate" in page and "1 translation" in page
    assert (
        '<a href="https://newshub.example/story/putin-macron" rel="noopener noreferrer nofollow">'
        in page
    )


def test_fetched_content_is_escaped_and_a_javascript_url_is_no_link(
    api: httpx.Client, engine: Engine
) -> None:
    store_sample(engine)
    page = api.get("/").text
    assert "<script" not in page.lower()
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;Hostile headline" in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#34;window.pwned=2&#34;&gt;" in page
    assert "Evil &#34;Site&#34; &lt;b&gt;" in page
    assert 'href="javascript:' not in page.lower()
    assert f'<span class="url">{HOSTILE_URL}</span>' in page


def test_every_response_carries_a_policy_that_allows_no_script(api: httpx.Client) -> None:
    for path in ("/", "/api/stories", "/static/style.css", "/api/stories/none"):
        headers = api.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
    assert "script-src" not in CONTENT_SECURITY_POLICY
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none';")


def test_the_form_filters_the_page_and_keeps_its_values(api: httpx.Client, engine: Engine) -> None:
    store_sample(engine)
    page = api.get("/", params={"entity": "valmere", "text": "", "published_since": ""}).text
    assert re.findall(r'<h2 class="story-title">(.*?)</h2>', page) == [
        "Valmere dockworkers walk out over automated cranes"
    ]
    assert '<input type="text" name="entity" value="valmere">' in page
    assert "No stories match." in api.get("/", params={"language": "de"}).text


def test_older_stories_are_a_link_carrying_the_filters_and_cursor(
    api: httpx.Client, engine: Engine
) -> None:
    store_sample(engine)
    page = api.get("/", params={"limit": 1, "language": "en"}).text
    older = re.search(r'<a class="older" href="([^"]+)">', page)
    assert older is not None
    href = older.group(1).replace("&amp;", "&")
    assert "language=en" in href and "limit=1" in href and "cursor=" in href
    second = api.get(href).text
    assert re.findall(r'<h2 class="story-title">(.*?)</h2>', second) == [
        "Valmere dockworkers walk out over automated cranes"
    ]


def test_bad_parameters_give_an_escaped_error_page(api: httpx.Client) -> None:
    response = api.get("/", params={"<script>x": "1", "limit": "0"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "&lt;script&gt;x: unknown parameter" in response.text
    assert "limit: Input should be greater than or equal to 1" in response.text
    assert "<script" not in response.text
