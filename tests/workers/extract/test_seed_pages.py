"""The five seed pages: every paragraph of each seed article comes out, and none of the junk
around any of them (checked against every page's text), with the right title and date.

The expectations come from the seed texts themselves (copied under seeds/), split by the
same table that built the pages, so they do not depend on what extraction happens to produce.
"""

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from schemas.article import DateSource
from schemas.feed import FeedEntry
from services.demo.generate import SEED_PAGES, SeedArticle, SeedPage, seed_text, split_seed
from tests.workers.extract.demo_pages import feed_entries, page_html, page_url
from workers.extract.page import PageExtraction, extract_page

SEEDS = Path(__file__).parent / "seeds"
STRUCTURED_DATES = {"000", "002", "003"}  # the pages whose templates declare a date


def _words(text: str) -> str:
    # The seeds keep no-break spaces where the sites had them; extraction normalizes
    # whitespace, which is the only liberty it may take with an article's text.
    return " ".join(text.split())


@cache
def _seed(page: SeedPage) -> SeedArticle:
    return split_seed(seed_text(SEEDS, page), page)


@cache
def _extraction(page: SeedPage) -> PageExtraction:
    entry = feed_entries()[page.path]
    return extract_page(page_html(page.path), page_url(page.path), entry=entry)


def _all_junk() -> list[str]:
    return [line for page in SEED_PAGES for line in _seed(page).junk]


SEED_IDS = [page.seed for page in SEED_PAGES]


@pytest.mark.parametrize("page", SEED_PAGES, ids=SEED_IDS)
def test_text_is_exactly_the_seed_article(page: SeedPage) -> None:
    seed = _seed(page)
    expected = [_words(paragraph) for paragraph in seed.lead + seed.paragraphs]
    paragraphs = [_words(paragraph) for paragraph in _extraction(page).text.split("\n\n")]
    missing = [paragraph for paragraph in expected if paragraph not in paragraphs]
    assert not missing
    assert paragraphs == expected


@pytest.mark.parametrize("page", SEED_PAGES, ids=SEED_IDS)
def test_no_seed_junk_in_any_page(page: SeedPage) -> None:
    text = _extraction(page).text
    lines = {_words(line) for line in text.splitlines()}
    for junk in _all_junk():
        assert _words(junk) not in lines
        # Two-word junk ("TOP news", "Health Care") may occur inside prose; longer may not.
        if len(junk.split()) > 2:
            assert _words(junk) not in _words(text)


@pytest.mark.parametrize("page", SEED_PAGES, ids=SEED_IDS)
def test_title_is_the_headline_and_not_repeated_in_the_text(page: SeedPage) -> None:
    extraction = _extraction(page)
    assert extraction.title == page.title
    assert _words(page.title) not in {_words(line) for line in extraction.text.splitlines()}


@pytest.mark.parametrize("page", SEED_PAGES, ids=SEED_IDS)
def test_date_comes_from_structured_data_else_the_entry(page: SeedPage) -> None:
    entry = feed_entries()[page.path]
    # An entry an hour off shows which source won.
    shifted = entry.model_copy(update={"published_at": page.published + timedelta(hours=1)})
    extraction = extract_page(page_html(page.path), page_url(page.path), entry=shifted)
    if page.seed in STRUCTURED_DATES:
        assert extraction.published_at == page.published
        assert extraction.date_source is DateSource.PAGE_METADATA
    else:
        assert extraction.published_at == shifted.published_at
        assert extraction.date_source is DateSource.FEED


def test_page_date_in_the_header_of_004_is_not_the_articles_date() -> None:
    page = next(page for page in SEED_PAGES if page.seed == "004")
    alone = extract_page(page_html(page.path), page_url(page.path))
    # The header shows 2022-05-22 (today's date, printed by the theme); the URL's
    # /2022/01/28/ is the article's day.
    assert alone.published_at == datetime(2022, 1, 28, tzinfo=UTC)
    assert alone.date_source is DateSource.URL
    with_entry = _extraction(page)
    assert with_entry.published_at is not None
    assert with_entry.published_at.date() != datetime(2022, 5, 22, tzinfo=UTC).date()
    assert with_entry.published_at == page.published


def test_placeholder_author_of_004_is_not_an_author() -> None:
    page = next(page for page in SEED_PAGES if page.seed == "004")
    entry: FeedEntry = feed_entries()[page.path]
    assert entry.authors == ["admin"]
    assert _extraction(page).authors == []


def test_authors_come_from_json_ld_when_the_byline_lost_its_names() -> None:
    page = next(page for page in SEED_PAGES if page.seed == "003")
    assert _extraction(page).authors == ["Élise Marchand", "Julien Roussel"]


def test_original_report_is_the_earliest_of_the_story() -> None:
    dates = {page.seed: _extraction(page).published_at for page in SEED_PAGES}
    assert None not in dates.values()
    assert min(dates, key=lambda seed: dates[seed] or datetime.max.replace(tzinfo=UTC)) == "000"
