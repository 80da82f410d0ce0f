"""The seeds through the whole pipeline, then through `newsfold serve`: the API finds the
Putin-Macron story by its entities, language, outlet and text, and a real Chromium shows it
with its four variants and their relations."""

from pathlib import Path

import httpx
import pytest
from redis import Redis
from selenium import webdriver
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from schemas.settings import Settings
from services.demo.server import DemoSite
from tests.test_end_to_end import SEED_SITES, ingest

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis: Redis, redis_url: str) -> Settings:
    """The pipeline on the test's database and the emptied private Redis, fetching from the
    sample site on 127.0.0.1."""
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        allow_private_networks=True,
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_served_seed_story_is_found_by_its_entities_and_shown_with_its_variants(
    settings: Settings,
    redis_url: str,
    demo_site: DemoSite,
    engine: Engine,
    api: httpx.Client,
    api_url: str,
    browser: webdriver.Chrome,
) -> None:
    stories = ingest(settings, redis_url, demo_site, workers=2)
    seed = next(story for story in stories if len(story.variants) == 4)

    def found(**params: str) -> list[str]:
        body = api.get("/api/stories", params=params).json()
        return [story["id"] for story in body["stories"]]

    for entity in ("Putin", "President Putin", "vladimir putin", "Macron", "NATO", "the Kremlin"):
        assert found(entity=entity) == [seed.id], entity
    assert seed.id in found(entity="Ukraine")
    assert found(text="Macron", language="en", outlet="127.0.0.1") == [seed.id]
    assert seed.id in found(published_since="2022-01-28", published_until="2022-01-28T23:59:59Z")
    assert seed.id not in found(published_since="2022-01-29")
    served = api.get(f"/api/stories/{seed.id}").json()
    assert served["id"] == seed.id
    assert {entity["name"] for entity in served["entities"]} >= {"Vladimir Putin", "NATO"}

    browser.get(f"{api_url}/?entity=Putin")
    titles = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "h2.story-title")]
    assert titles == [seed.title]
    story = browser.find_element(By.CSS_SELECTOR, "article.story")
    relations = [cell.text for cell in story.find_elements(By.CSS_SELECTOR, "td.relation")]
    assert relations[0] == "canonical"
    assert "near duplicate" in relations[1:]
    assert set(relations[1:]) <= {"near duplicate", "rewrite", "translation", "exact"}
    links = [a.get_attribute("href") for a in story.find_elements(By.CSS_SELECTOR, "td.title a")]
    assert len(links) == 5
    assert all(any(site in str(link) for site in SEED_SITES.values()) for link in links)
    entities = [li.text for li in story.find_elements(By.CSS_SELECTOR, "li.entity")]
    assert any(text.startswith("Vladimir Putin") for text in entities)
