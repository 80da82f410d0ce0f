"""Enrichment of real articles from the development corpora (../shared/eval): English pages
of WCXB, French and German texts of SemEval-2022 Task 8."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.article import Article, EntityKind
from schemas.settings import EnrichSettings
from workers.enrich.job import enrich
from workers.text.normalize import words

EVAL = Path(__file__).resolve().parents[3].parent / "shared" / "eval"
WCXB_PAGES = 40
SEMEVAL_TEXTS = 15


def wcxb_articles() -> list[Article]:
    """The first WCXB development pages' ground-truth texts, as extraction hands them on."""
    articles = []
    for path in sorted((EVAL / "wcxb_dev_articles" / "ground-truth").glob("*.json")):
        label = json.loads(path.read_text())
        truth = label["ground_truth"]
        if truth.get("main_content"):
            articles.append(
                Article(
                    id=path.stem,
                    feed_id="wcxb",
                    url=label.get("url") or "https://example.com/",
                    title=truth.get("title"),
                    text=truth["main_content"],
                    fetched_at=datetime.now(UTC),
                )
            )
        if len(articles) == WCXB_PAGES:
            return articles
    return articles


def semeval_articles(language: str) -> list[Article]:
    """SemEval texts in `language`: a headline line, then the head and tail of the text."""
    lines = (EVAL / "semeval2022_train_pairs.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    texts = [row["text1"] for row in rows if row["lang1"] == language][:SEMEVAL_TEXTS]
    return [
        Article(
            id=f"{language}{index}",
            feed_id="semeval",
            url="https://example.com/",
            text=text,
            fetched_at=datetime.now(UTC),
        )
        for index, text in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def wcxb() -> list[Article]:
    return [enrich(article, EnrichSettings()) for article in wcxb_articles()]


def test_entities_are_found_on_nearly_every_english_page(wcxb: list[Article]) -> None:
    english = [article for article in wcxb if article.language == "en"]
    assert len(english) >= 0.8 * len(wcxb)
    with_people_or_places = [
        article
        for article in english
        if article.entities
        and {EntityKind.PERSON, EntityKind.PLACE, EntityKind.ORGANIZATION}
        & {entity.kind for entity in article.entities}
    ]
    assert len(with_people_or_places) >= 0.9 * len(english)
    for article in english:
        mentions = [entity.mentions for entity in article.entities or []]
        assert mentions == sorted(mentions, reverse=True)


def test_reading_time_follows_the_word_count(wcxb: list[Article]) -> None:
    for article in wcxb:
        assert article.word_count is not None and article.word_count > 0
        assert article.reading_time_seconds == round(article.word_count * 60 / 238)
        # A word count near the text's own: within a fifth of its space-separated tokens.
        tokens = len(article.text.split())
        assert abs(article.word_count - tokens) <= 0.2 * tokens, article.id


def test_keywords_and_the_summary_are_drawn_from_the_text(wcxb: list[Article]) -> None:
    for article in wcxb:
        present = set(words(f"{article.title}\n{article.text}"))
        assert article.keywords, article.id
        for keyword in article.keywords:
            assert set(words(keyword)) <= present, (article.id, keyword)
        if article.summary is not None:
            assert len(article.summary) <= 2 * EnrichSettings().summary_characters + 1
            head = " ".join(article.summary.split()[:8])
            assert head in " ".join(article.text.split()), article.id
    assert sum(article.summary is not None for article in wcxb) >= 0.9 * len(wcxb)


def test_french_texts_get_entities_from_the_french_model() -> None:
    enriched = [enrich(article, EnrichSettings()) for article in semeval_articles("fr")]
    assert all(article.language == "fr" for article in enriched)
    with_entities = [article for article in enriched if article.entities]
    assert len(with_entities) >= 0.8 * len(enriched)
    kinds = {entity.kind for article in with_entities for entity in article.entities or []}
    assert {EntityKind.PERSON, EntityKind.PLACE} <= kinds


def test_a_language_without_a_model_gets_keywords_but_no_entities() -> None:
    enriched = [enrich(article, EnrichSettings()) for article in semeval_articles("de")]
    assert all(article.language == "de" for article in enriched)
    assert all(article.entities is None for article in enriched)
    assert all(article.keywords and article.summary for article in enriched)
