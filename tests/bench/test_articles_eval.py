"""Articles mode: labelled articles served as a web, ingested by the real pipeline, scored."""

from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import feedparser
import pytest
from redis import Redis

from bench.article_site import write_site
from bench.articles_eval import evaluate_articles
from bench.articles_report import articles_json, articles_text
from bench.eval_data import LabelledArticle
from tests.bench.stories import STORIES, edited, text_of
from workers.extract.page import extract_page

OUTLETS = ["Harbor Ledger", "Eastwire", "Coastal Courier (News)", "Eastwire"]


def _page(title: str, text: str) -> str:
    """A page as a site of its own might write it."""
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))
    return (
        f"<html><head><title>{escape(title)} | Newshub</title></head><body><nav>Home</nav>"
        f"<main><h1>{escape(title)}</h1>{paragraphs}</main><footer>(c) Newshub</footer></body>"
        "</html>"
    )


def labelled_articles() -> list[LabelledArticle]:
    """Three stories ten days apart, of four versions each: the original, a repost of it,
    and two lightly edited copies published an hour later (one given as its own HTML)."""
    articles = []
    start = datetime(2021, 6, 1, 9, 30, tzinfo=UTC)
    for number, (story, paragraphs) in enumerate(STORIES.items()):
        published = start + timedelta(days=10 * number)
        versions = [
            (text_of(paragraphs), published),
            (text_of(paragraphs), published),
            (text_of(edited(paragraphs)), published + timedelta(hours=1)),
            (text_of(edited(paragraphs[::-1])[::-1]), published + timedelta(hours=1)),
        ]
        for version, (text, when) in enumerate(versions):
            title = f"{story.title()} story, version {version}"
            given_html = story == "eruption" and version == 3
            articles.append(
                LabelledArticle(
                    id=f"{story}-{version}",
                    story=story,
                    url=None,
                    outlet=OUTLETS[version],
                    published_at=when,
                    title=title,
                    text=None if given_html else text,
                    html=_page(title, text) if given_html else None,
                )
            )
    return articles


def test_site_has_one_feed_per_outlet_and_pages_that_extract(tmp_path: Path) -> None:
    articles = labelled_articles()
    site = write_site(articles, tmp_path)

    assert sorted(site.feed_bytes) == [
        "coastal-courier-news.rss",
        "eastwire.rss",
        "harbor-ledger.rss",
    ]
    feed = feedparser.parse((tmp_path / "feeds" / "eastwire.rss").read_bytes())
    assert len(feed.entries) == 6
    assert feed.entries[0].link.startswith("{{base_url}}/eastwire/")
    assert feed.entries[0].published_parsed is not None
    path = next(path for path, article in site.article_of_path.items() if article == "port-0")
    page = extract_page((tmp_path / path.lstrip("/")).read_bytes(), "http://127.0.0.1" + path)
    assert page.text.startswith("Dockworkers at the Valmere container port")
    assert page.site_name == "Harbor Ledger"
    assert page.published_at == datetime(2021, 6, 1, 9, 30, tzinfo=UTC)


def test_twelve_articles_through_the_pipeline_fold_into_their_three_stories(
    redis_url: str, redis: Redis
) -> None:
    report = evaluate_articles(labelled_articles(), workers=2, redis_url=redis_url)

    scores = report.scores
    assert (scores.ingested, scores.missing, report.failed_jobs) == (12, 0, 0)
    assert (scores.predicted_stories, scores.gold_stories) == (3, 3)
    assert scores.bcubed.f1 == pytest.approx(1.0)
    assert scores.pairwise.f1 == pytest.approx(1.0)
    assert scores.adjusted_rand == pytest.approx(1.0)
    folds = scores.folds
    assert folds.canonical == 3
    assert folds.relations["exact"].articles == 3  # each repost against its original
    assert folds.relations["near_duplicate"].articles == 6
    assert sum(count.articles for count in folds.tiers.values()) == 9
    assert all(count.right == count.articles for count in folds.tiers.values())
    assert report.articles_per_second > 0

    figures = articles_json(report, Path("labelled.jsonl"))
    assert figures["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert figures["relations"]["exact"] == {"articles": 3, "same_gold_story_as_canonical": 3}
    text = "\n".join(articles_text(report, Path("labelled.jsonl")))
    assert "stories: 3 predicted vs 3 gold; the largest holds 4 articles vs 4" in text
    assert "relation near_duplicate" in text
