"""The corpus server: feeds and pages of the generated corpus on loopback, one site per
outlet, with ETags and the configured latency."""

import time

import feedparser
import httpx

from bench.corpus import article
from bench.corpus_plan import CorpusSpec, plan
from bench.corpus_server import ROBOTS, serve_corpus

SPEC = CorpusSpec(articles=12, outlets=3, seed=3)


def test_each_outlet_serves_its_feed_and_pages_as_generated() -> None:
    with serve_corpus(SPEC, latency=(0.0, 0.0)) as served, httpx.Client() as client:
        assert len(set(served.site_urls)) == 3
        links = []
        for feed_url in served.feed_urls:
            response = client.get(feed_url)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/rss+xml"
            links += [entry.link for entry in feedparser.parse(response.content).entries]
        assert sorted(links) == sorted(served.gold())
        for planned in plan(SPEC)[:4]:
            page = client.get(served.article_url(planned.index))
            site = served.site_urls[planned.outlet]
            assert page.content == article(SPEC, planned.index, site).html
        assert client.get(served.site_urls[0] + "/robots.txt").content == ROBOTS
        assert client.get(served.site_urls[0] + "/no-such-page").status_code == 404


def test_a_feed_fetched_with_its_etag_answers_304() -> None:
    with serve_corpus(SPEC, latency=(0.0, 0.0)) as served, httpx.Client() as client:
        first = client.get(served.feed_urls[1])
        again = client.get(served.feed_urls[1], headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        assert again.content == b""
        stale = client.get(served.feed_urls[1], headers={"If-None-Match": '"other"'})
        assert stale.status_code == 200


def test_every_response_waits_the_configured_latency() -> None:
    with serve_corpus(SPEC, latency=(0.2, 0.3)) as served, httpx.Client() as client:
        for url in (served.feed_urls[0], served.article_url(0)):
            started = time.monotonic()
            assert client.get(url).status_code == 200
            assert 0.2 <= time.monotonic() - started < 2.0


def test_gold_maps_served_urls_to_events() -> None:
    with serve_corpus(SPEC, latency=(0.0, 0.0)) as served:
        gold = served.gold()
    assert sorted(gold.values()) == sorted(p.event for p in plan(SPEC))
    assert all(url.startswith("http://127.0.0.1:") for url in gold)
