"""A small web made of labelled articles: one page per article, one RSS feed per outlet.

Pages declare what real news pages declare (title in <title> and <h1>, og:site_name,
article:published_time) and hold the text as <p> paragraphs inside <article>; an article
given as `html` is written as it is. Each feed item links to its page, carries the
publication time as pubDate and the text as its description (many feeds do; extraction falls
back to it when a page's text does not read as an article). Links use the `{{base_url}}`
placeholder that `services.demo.server.serve_content` fills in, so the site is written
before its port is known.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from pathlib import Path

from bench.eval_data import LabelledArticle
from services.demo.server import PLACEHOLDER

BASE = PLACEHOLDER.decode("ascii")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class ArticleSite:
    """A written site: which page path holds which article, and the feeds' sizes."""

    directory: Path
    article_of_path: dict[str, str]  # URL path such as "/cnn/5607-left.html" -> article id
    feed_bytes: dict[str, int]  # feed file name -> size in bytes


def _slug(value: str) -> str:
    return _UNSAFE.sub("-", value.lower()).strip("-.") or "x"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def page_html(article: LabelledArticle) -> str:
    """The article page: its given HTML, or one written from its title and text."""
    if article.html:
        return article.html
    title = escape(article.title or "")
    meta = [f'<meta property="og:site_name" content="{escape(article.outlet)}">']
    if article.title:
        meta.append(f'<meta property="og:title" content="{title}">')
    if article.published_at is not None:
        published = escape(article.published_at.isoformat())
        meta.append(f'<meta property="article:published_time" content="{published}">')
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(article.text or "")]
    body = "\n".join(f"<p>{escape(part)}</p>" for part in paragraphs if part)
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        + "\n".join(meta)
        + f"\n</head>\n<body>\n<header><p>{escape(article.outlet)}</p></header>\n"
        + f"<article>\n<h1>{title}</h1>\n{body}\n</article>\n</body>\n</html>\n"
    )


def _item(article: LabelledArticle, link: str) -> str:
    parts = [f"<title>{escape(article.title or '')}</title>", f"<link>{link}</link>"]
    parts.append(f'<guid isPermaLink="true">{link}</guid>')
    if article.published_at is not None:
        parts.append(f"<pubDate>{format_datetime(article.published_at)}</pubDate>")
    if article.text:
        parts.append(f"<description>{escape(article.text)}</description>")
    return "<item>" + "".join(parts) + "</item>"


def feed_xml(outlet: str, slug: str, items: list[tuple[LabelledArticle, str]]) -> str:
    """An RSS 2.0 feed of one outlet's articles, newest first, as feeds list them."""
    dated = sorted(
        items,
        key=lambda item: item[0].published_at.timestamp() if item[0].published_at else 0.0,
        reverse=True,
    )
    entries = "\n".join(_item(article, link) for article, link in dated)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(outlet)}</title><link>{BASE}/{slug}/</link>"
        f"<description>{escape(outlet)}</description>\n{entries}\n</channel></rss>\n"
    )


def write_site(articles: list[LabelledArticle], directory: Path) -> ArticleSite:
    """Write pages under `directory/<outlet>/` and feeds under `directory/feeds/`."""
    by_outlet: dict[str, list[LabelledArticle]] = defaultdict(list)
    for article in articles:
        by_outlet[article.outlet].append(article)
    outlet_slugs = {"feeds"}
    article_of_path: dict[str, str] = {}
    feed_bytes: dict[str, int] = {}
    (directory / "feeds").mkdir(parents=True, exist_ok=True)
    for outlet, members in by_outlet.items():
        slug = _unique(_slug(outlet), outlet_slugs)
        (directory / slug).mkdir()
        page_slugs: set[str] = set()
        items = []
        for article in members:
            path = f"/{slug}/{_unique(_slug(article.id), page_slugs)}.html"
            (directory / path.lstrip("/")).write_text(page_html(article), encoding="utf-8")
            article_of_path[path] = article.id
            items.append((article, BASE + path))
        feed = directory / "feeds" / f"{slug}.rss"
        feed.write_text(feed_xml(outlet, slug, items), encoding="utf-8")
        feed_bytes[feed.name] = feed.stat().st_size
    return ArticleSite(directory, article_of_path, feed_bytes)
