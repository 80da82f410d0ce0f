"""A generated corpus of news article pages over many outlets, with known copies and gold
story labels, for benchmarking the pipeline end to end (issue "Throughput close to the
extraction limit").

    spec = CorpusSpec(articles=300, outlets=10, seed=1)
    corpus = make_corpus(spec)            # every page and feed in memory
    page = article(spec, 17, site_url)    # or any one page, from the spec alone

Article `i` is made from (spec, i) alone, so a server can make its pages as they are asked
for. Its words come from its event (bench/corpus_events.py): an original and its exact
copies share a text, a spun copy is that text spun, a rewrite is written anew from the
event's facts. `gold_events` maps each article to its event, the story it should fold into.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from bench.corpus_events import event, retold
from bench.corpus_feeds import FeedItem, rss_document
from bench.corpus_outlets import outlet
from bench.corpus_pages import PageContent, render_page
from bench.corpus_plan import CorpusSpec, Kind, Planned, by_outlet, plan
from bench.corpus_text import Story, spin_story, write_headline, write_story

_TEASERS = 5


@dataclass(frozen=True)
class Article:
    """One generated article page; `text` is its body as written (the extraction target)."""

    id: str
    outlet: int
    url: str
    title: str
    description: str
    published_at: datetime
    event: int
    kind: Kind
    text: str
    html: bytes


@dataclass(frozen=True)
class Feed:
    """One outlet's RSS document and where it is served."""

    outlet: int
    url: str
    document: bytes


@dataclass(frozen=True)
class Corpus:
    """A whole corpus in memory."""

    spec: CorpusSpec
    articles: tuple[Article, ...]
    feeds: tuple[Feed, ...]


def make_corpus(spec: CorpusSpec, site_urls: list[str] | None = None) -> Corpus:
    """Every page and feed of the corpus. `site_urls` are the outlets' addresses (default:
    made-up ones under .example), which pages and feeds link to."""
    sites = site_urls or default_site_urls(spec)
    articles = tuple(article(spec, index, sites[p.outlet]) for index, p in enumerate(plan(spec)))
    feeds = tuple(
        Feed(number, feed_url(spec, number, sites[number]), feed_document(spec, number, site))
        for number, site in enumerate(sites)
    )
    return Corpus(spec, articles, feeds)


def default_site_urls(spec: CorpusSpec) -> list[str]:
    """Addresses for outlets not served anywhere: https://www.<name>.example."""
    return [f"https://www.{outlet(spec.seed, n).slug}.example" for n in range(spec.outlets)]


def gold_events(spec: CorpusSpec) -> dict[str, int]:
    """Article id -> event number: articles with one event belong in one story."""
    return {planned.id: planned.event for planned in plan(spec)}


def feed_url(spec: CorpusSpec, number: int, site_url: str) -> str:
    """Where outlet `number`'s feed is, on its site at `site_url`."""
    return site_url + outlet(spec.seed, number).layout.feed_path


def article(spec: CorpusSpec, index: int, site_url: str) -> Article:
    """Article `index` of the corpus, its page linking to its outlet's `site_url`."""
    planned = plan(spec)[index]
    story = story_of(spec, index)
    site = outlet(spec.seed, planned.outlet)
    rng = random.Random(f"{spec.seed}:page:{index}")
    facts = event(spec.seed, planned.event)
    page = PageContent(
        id=planned.id,
        url=site_url + planned.path,
        section=planned.path.split("/")[1],
        story=story,
        author=rng.choice(site.staff),
        published_at=planned.published_at,
        caption=f"{rng.choice(facts.people)} in {rng.choice(facts.places)}."
        f" Photograph: {rng.choice(site.staff)}/{site.name}",
        teasers=_teasers(spec, planned, rng),
    )
    return Article(
        id=planned.id,
        outlet=planned.outlet,
        url=page.url,
        title=story.title,
        description=story.description,
        published_at=planned.published_at,
        event=planned.event,
        kind=planned.kind,
        text=story.text,
        html=render_page(site, page),
    )


def feed_document(spec: CorpusSpec, number: int, site_url: str) -> bytes:
    """Outlet `number`'s RSS feed: all its articles, newest first."""
    site = outlet(spec.seed, number)
    items = []
    for planned in by_outlet(spec)[number]:
        # A feed shows the headline and first sentence, all in the first block.
        story = story_of(spec, planned.index, blocks=1)
        items.append(
            FeedItem(
                guid=f"{site.slug}-{planned.id}",
                url=site_url + planned.path,
                title=story.title,
                description=story.description,
                published_at=planned.published_at,
            )
        )
    return rss_document(site.name, site_url, items)


def story_of(spec: CorpusSpec, index: int, *, blocks: int | None = None) -> Story:
    """The words of article `index`; with `blocks`, its headline and first blocks only
    (the same words as the whole story's, since they are drawn first)."""
    planned = plan(spec)[index]
    if planned.kind is Kind.REWRITE:
        rng = random.Random(f"{spec.seed}:rewrite:{index}")
        return write_story(retold(event(spec.seed, planned.event), rng), rng, blocks=blocks)
    original = _original_story(spec.seed, planned.event, blocks)
    if planned.kind is Kind.SPUN:
        return spin_story(original, random.Random(f"{spec.seed}:spin:{index}"), spec.spin_rate)
    return original


@lru_cache(maxsize=4096)
def _original_story(seed: int, number: int, blocks: int | None) -> Story:
    # Cached: an event's exact and spun copies all start from its original's text.
    rng = random.Random(f"{seed}:story:{number}")
    return write_story(event(seed, number), rng, blocks=blocks)


def _teasers(spec: CorpusSpec, planned: Planned, rng: random.Random) -> tuple[tuple[str, str], ...]:
    # Other articles of the outlet, under headlines written for their events: cheaper than
    # writing those articles, and an extractor cannot tell.
    neighbours = by_outlet(spec)[planned.outlet]
    others = [rng.choice(neighbours) for _ in range(_TEASERS)]
    return tuple(
        (write_headline(event(spec.seed, other.event), rng), other.path) for other in others
    )
