"""One article page as a news site serves it: the head's metadata (title, description,
OpenGraph, JSON-LD NewsArticle), styles and scripts, the site's navigation, a breadcrumb,
the article, related links, a newsletter box, a comments placeholder and a long footer."""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

from bench.corpus_outlets import Outlet
from bench.corpus_text import Story

_DATE_FORMATS = (
    "%-d %B %Y, %H:%M GMT", "%B %-d, %Y at %-I:%M %p", "%d.%m.%Y %H:%M",
    "%a %-d %b %Y %H.%M GMT", "%Y-%m-%d %H:%M",
)  # fmt: skip
_OPENING = re.compile(r"<(\w+)")


@dataclass(frozen=True)
class PageContent:
    """What one page shows besides its outlet's furniture. `teasers` are (headline, path)
    pairs of other articles, for the related list."""

    id: str
    url: str
    section: str
    story: Story
    author: str
    published_at: datetime
    caption: str
    teasers: tuple[tuple[str, str], ...]


def render_page(outlet: Outlet, page: PageContent) -> bytes:
    """The page's HTML as UTF-8 bytes."""
    layout = outlet.layout
    body = "".join(
        [
            '<div class="cookie-banner" hidden><p>We use cookies to improve your experience.'
            ' <a href="/cookies">Manage preferences</a></p><button>Accept all</button></div>',
            _wrap(outlet.tag(layout.header), _masthead(outlet)),
            _breadcrumb(outlet, page),
            _wrap(outlet.tag(layout.main), _article(outlet, page) + _aside(outlet, page)),
            _wrap(outlet.tag(layout.footer), _footer(outlet)),
            *(f"<script>{script}</script>" for script in outlet.assets.scripts[1:]),
        ]
    )
    html = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{_head(outlet, page)}\n</head>\n'
        f'<body class="{outlet.class_prefix}article-page section-{page.section}">\n{body}\n'
        "</body>\n</html>\n"
    )
    return html.encode()


def _wrap(opening: str, inner: str) -> str:
    closing = "".join(f"</{tag}>" for tag in reversed(_OPENING.findall(opening)))
    return f"{opening}\n{inner}\n{closing}\n"


def _head(outlet: Outlet, page: PageContent) -> str:
    title, description = escape(page.story.title), escape(page.story.description)
    published = page.published_at.isoformat()
    image = f"{page.url.rsplit('/', 1)[0]}/images/{page.id}.jpg"
    linked_data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.story.title,
        "datePublished": published,
        "dateModified": published,
        "author": [{"@type": "Person", "name": page.author}],
        "publisher": {"@type": "Organization", "name": outlet.name},
        "image": [image],
        "mainEntityOfPage": page.url,
        "articleSection": page.section,
    }
    return "\n".join(
        [
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title} | {escape(outlet.name)}</title>",
            f'<meta name="description" content="{description}">',
            f'<link rel="canonical" href="{escape(page.url)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{title}">',
            f'<meta property="og:description" content="{description}">',
            f'<meta property="og:url" content="{escape(page.url)}">',
            f'<meta property="og:image" content="{escape(image)}">',
            f'<meta property="og:site_name" content="{escape(outlet.name)}">',
            f'<meta property="article:published_time" content="{published}">',
            f'<meta property="article:section" content="{page.section}">',
            '<meta name="twitter:card" content="summary_large_image">',
            f'<script type="application/ld+json">{json.dumps(linked_data)}</script>',
            f"<style>{outlet.assets.style}</style>",
            f"<script>{outlet.assets.scripts[0]}</script>",
            "<script>window.dataLayer=window.dataLayer||[];dataLayer.push("
            + json.dumps({"articleId": page.id, "section": page.section, "author": page.author})
            + ");</script>",
        ]
    )


def _masthead(outlet: Outlet) -> str:
    sections = "".join(
        f'<li><a href="/{section}/">{section.capitalize()}</a></li>' for section in outlet.sections
    )
    topics = "".join(
        f'<li><a href="/topics/{topic.lower()}">{topic}</a></li>' for topic in outlet.topics
    )
    return (
        f'<a class="logo" href="/" title="{escape(outlet.name)}">{escape(outlet.name)}</a>'
        '<form class="search" action="/search"><input name="q" placeholder="Search">'
        '<button type="submit">Search</button></form>'
        '<a class="subscribe" href="/subscribe">Subscribe</a><a href="/login">Sign in</a>'
        + _wrap(outlet.tag(outlet.layout.nav), f"<ul>{sections}</ul>")
        + f'<div class="trending"><span>Trending:</span><ul>{topics}</ul></div>'
    )


def _breadcrumb(outlet: Outlet, page: PageContent) -> str:
    return (
        f'<ol class="{outlet.class_prefix}breadcrumb"><li><a href="/">Home</a></li>'
        f'<li><a href="/{page.section}/">{page.section.capitalize()}</a></li></ol>'
    )


def _article(outlet: Outlet, page: PageContent) -> str:
    layout = outlet.layout
    shown = page.published_at.strftime(_DATE_FORMATS[outlet.number % len(_DATE_FORMATS)])
    profile = page.author.lower().replace(" ", "-")
    meta = _wrap(
        outlet.tag(layout.meta),
        f'<span class="byline">By <a rel="author" href="/profile/{profile}">'
        f'{escape(page.author)}</a></span> <time datetime="{page.published_at.isoformat()}">'
        f"{shown}</time>",
    )
    headline = f'<h1 class="{outlet.tag(layout.headline)}">{escape(page.story.title)}</h1>'
    figure = (
        f'<figure><img src="/images/{page.id}.jpg" alt="{escape(page.caption)}" width="1200"'
        f' height="675"><figcaption>{escape(page.caption)}</figcaption></figure>'
    )
    share = (
        '<div class="share"><a href="#">Share on Facebook</a><a href="#">Share on X</a>'
        '<a href="#">Copy link</a><a href="#">Email this article</a></div>'
    )
    heading = meta + headline if layout.byline_first else headline + meta
    article = heading + figure + _wrap(outlet.tag(layout.body), _body(outlet, page)) + share
    article += (
        f'<div class="author-bio"><p>{escape(page.author)} is a reporter for'
        f" {escape(outlet.name)}, covering {page.section}.</p></div>"
    )
    article += _newsletter(outlet) + _comments(page)
    if layout.state_json:
        article += _state_json(page)
    return _wrap(outlet.tag(layout.article), article)


def _state_json(page: PageContent) -> str:
    body = [block.text for block in page.story.blocks]
    state = {"props": {"article": {"id": page.id, "headline": page.story.title, "body": body}}}
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'


def _body(outlet: Outlet, page: PageContent) -> str:
    # Ad slots and "Read more" links sit between paragraphs on most news pages, inside the
    # element that holds the text: the junk an extractor has to leave out.
    layout = outlet.layout
    parts = []
    for number, block in enumerate(page.story.blocks):
        parts.append(f"<{block.tag}>{escape(block.text)}</{block.tag}>")
        if number % 6 == 2:
            parts.append('<div class="ad-slot" data-slot="mpu"><span>Advertisement</span></div>')
        if number % 9 == 4 and page.teasers:
            headline, path = page.teasers[number % len(page.teasers)]
            parts.append(
                f'<p class="read-more"><strong>Read more:</strong> <a href="{escape(path)}">'
                f"{escape(headline)}</a></p>"
            )
    if layout.block is None:
        return "\n".join(parts)
    return "\n".join(_wrap(outlet.tag(layout.block), part) for part in parts)


def _newsletter(outlet: Outlet) -> str:
    return (
        f'<div class="{outlet.class_prefix}newsletter"><h3>Get the {escape(outlet.name)}'
        " morning briefing</h3><p>The stories that matter, in your inbox every weekday."
        ' Sign up now.</p><form action="/newsletter"><input type="email" placeholder="Your'
        ' email address"><button>Sign up</button></form><p class="small">By signing up you'
        " agree to our privacy policy. You can unsubscribe at any time.</p></div>"
    )


def _comments(page: PageContent) -> str:
    return (
        f'<section id="comments" class="comments" data-thread="{page.id}"><h3>Comments</h3>'
        "<p>Comments are loading. Please be respectful and stay on topic.</p></section>"
    )


def _aside(outlet: Outlet, page: PageContent) -> str:
    items = "".join(
        f'<li><a href="{escape(path)}">{escape(headline)}</a></li>'
        for headline, path in page.teasers
    )
    popular = "".join(
        f'<li><a href="{escape(path)}">{escape(headline)}</a></li>'
        for headline, path in reversed(page.teasers)
    )
    return _wrap(
        outlet.tag(outlet.layout.aside),
        f"<h3>Related stories</h3><ul>{items}</ul><h3>Most read</h3><ol>{popular}</ol>",
    )


def _footer(outlet: Outlet) -> str:
    sections = "".join(
        f'<li><a href="/{section}/">{section.capitalize()}</a></li>' for section in outlet.sections
    )
    links = "".join(
        f'<li><a href="/{link.lower().replace(" ", "-")}">{link}</a></li>'
        for link in outlet.footer_links
    )
    return (
        f"<ul>{sections}</ul><ul>{links}</ul><p>© 2026 {escape(outlet.name)}. All rights"
        " reserved. Reproduction without permission is prohibited.</p>"
    )
