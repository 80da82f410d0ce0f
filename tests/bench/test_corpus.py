"""The generated corpus: deterministic, made page by page from the spec, with the configured
share of each kind of copy, and pages that look like news sites' to an extractor."""

import itertools
import json
import re
from collections import Counter
from html import escape

import feedparser
import pytest

from bench.corpus import article, default_site_urls, gold_events, make_corpus
from bench.corpus_layouts import LAYOUTS
from bench.corpus_plan import CorpusSpec, Kind, plan
from bench.extract_scores import bag_scores, words
from workers.extract.page import extract_page

SPEC = CorpusSpec(articles=60, outlets=5, seed=7, exact_share=0.2, spun_share=0.1)


def bigrams(text: str) -> set[tuple[str, str]]:
    tokens = words(text)
    return set(itertools.pairwise(tokens))


def jaccard(first: str, second: str) -> float:
    a, b = bigrams(first), bigrams(second)
    return len(a & b) / len(a | b)


def test_one_spec_makes_one_corpus_and_another_seed_another() -> None:
    first, second = make_corpus(SPEC), make_corpus(SPEC)
    assert [a.html for a in first.articles] == [a.html for a in second.articles]
    assert [f.document for f in first.feeds] == [f.document for f in second.feeds]
    other = make_corpus(CorpusSpec(articles=60, outlets=5, seed=8))
    assert first.articles[0].text != other.articles[0].text


def test_a_page_is_made_from_the_spec_and_its_index_alone() -> None:
    sites = default_site_urls(SPEC)
    whole = make_corpus(SPEC).articles
    for index in (0, 31, 59):
        alone = article(SPEC, index, sites[whole[index].outlet])
        assert alone == whole[index]


def test_kinds_come_in_the_configured_shares_and_copies_follow_an_original() -> None:
    spec = CorpusSpec(articles=200, outlets=6, exact_share=0.2, spun_share=0.1, rewrite_share=0.15)
    planned = plan(spec)
    assert Counter(p.kind for p in planned) == {
        Kind.ORIGINAL: 110,
        Kind.EXACT: 40,
        Kind.SPUN: 20,
        Kind.REWRITE: 30,
    }
    originals = {p.event: p for p in planned if p.kind is Kind.ORIGINAL}
    assert len(originals) == 110
    for copy in (p for p in planned if p.kind is not Kind.ORIGINAL):
        original = originals[copy.event]
        assert copy.outlet != original.outlet
        assert original.published_at <= copy.published_at <= spec.now


def test_copies_keep_or_change_the_words_as_their_kind_says() -> None:
    articles = make_corpus(SPEC).articles
    originals = {a.event: a for a in articles if a.kind is Kind.ORIGINAL}
    by_kind = {kind: [a for a in articles if a.kind is kind] for kind in Kind}
    for exact in by_kind[Kind.EXACT]:
        assert exact.text == originals[exact.event].text
    for spun in by_kind[Kind.SPUN]:
        # About a fifth of the words swapped leaves roughly half the word pairs.
        assert 0.3 < jaccard(spun.text, originals[spun.event].text) < 0.7
    for rewrite in by_kind[Kind.REWRITE]:
        original = originals[rewrite.event]
        assert jaccard(rewrite.text, original.text) < 0.3
        names = set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", original.text))
        assert names & set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", rewrite.text))
    unrelated = list(originals.values())
    assert max(jaccard(a.text, b.text) for a, b in itertools.pairwise(unrelated)) < 0.15


def test_gold_labels_every_article_with_its_event() -> None:
    gold = gold_events(SPEC)
    assert gold == {a.id: a.event for a in make_corpus(SPEC).articles}


def test_pages_carry_the_article_its_metadata_and_the_site_furniture() -> None:
    for page in make_corpus(SPEC).articles[:10]:
        html = page.html.decode()
        assert 30_000 < len(page.html) < 90_000
        for paragraph in page.text.split("\n\n"):
            assert escape(paragraph) in html
        linked = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html)[1])  # type: ignore[index]
        assert linked["@type"] == "NewsArticle"
        assert linked["headline"] == page.title
        assert linked["datePublished"] == page.published_at.isoformat()
        assert linked["author"][0]["name"]
        assert f'<meta property="og:title" content="{escape(page.title)}">' in html
        assert html.count("<a href=") > 60
        for furniture in ("morning briefing", 'id="comments"', "Related stories", "<style>"):
            assert furniture in html


def test_each_feed_lists_its_outlets_articles_newest_first() -> None:
    corpus = make_corpus(SPEC)
    for feed in corpus.feeds:
        parsed = feedparser.parse(feed.document)
        mine = [a for a in corpus.articles if a.outlet == feed.outlet]
        assert sorted(entry.link for entry in parsed.entries) == sorted(a.url for a in mine)
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True)
        by_url = {a.url: a for a in mine}
        for entry in parsed.entries:
            assert entry.title == by_url[entry.link].title
            assert entry.summary == by_url[entry.link].description
            assert entry.id.endswith(by_url[entry.link].id)


@pytest.mark.parametrize("layout", range(len(LAYOUTS)))
def test_extract_page_recovers_the_body_and_not_the_navigation(layout: int) -> None:
    page = next(a for a in make_corpus(SPEC).articles if a.outlet == layout)
    text = extract_page(page.html, page.url).text
    assert bag_scores(text, page.text).recall >= 0.9
    for furniture in ("Trending", "Privacy policy", "morning briefing", "Share on Facebook"):
        assert furniture not in text
