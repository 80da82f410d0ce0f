"""OPML subscription lists, as feed readers export and import them: reading and writing."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from lxml import etree


class OpmlError(ValueError):
    """The file is not OPML newsfold can read."""


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription of an OPML file: the feed's URL (`xmlUrl`), its title, and the
    URL of the site it belongs to (`htmlUrl`)."""

    url: str
    title: str | None
    html_url: str | None = None


# Characters XML 1.0 cannot carry at all, not even escaped; feed titles have been seen
# with form feeds and other control characters pasted from word processors.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_opml(content: bytes) -> list[OpmlFeed]:
    """The feeds of an OPML document, in document order, each URL once.

    Outlines nest (folders of feeds); any outline with an `xmlUrl` is a feed, at any depth.
    Entities are not expanded and nothing is loaded from the network: an OPML file comes
    from a user's other reader and may have been written by anyone.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root is None or root.tag != "opml":
        raise OpmlError("not an OPML document (the root element is not <opml>)")
    feeds: dict[str, OpmlFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in feeds:
            title = (outline.get("title") or outline.get("text") or "").strip()
            html_url = (outline.get("htmlUrl") or outline.get("htmlurl") or "").strip()
            # Writers put the URL in the required `text` of a feed without a title.
            feeds[url] = OpmlFeed(
                url=url, title=title if title and title != url else None, html_url=html_url or None
            )
    return list(feeds.values())


def write_opml(feeds: Iterable[OpmlFeed], *, title: str, created_at: datetime) -> bytes:
    """An OPML 2.0 document listing `feeds` flat, in order, as UTF-8 bytes.

    Each feed is an `rss` outline; `text` (which OPML 2.0 requires) is its title, or its
    URL when it has none. lxml escapes what XML needs escaped.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    etree.SubElement(head, "dateCreated").text = format_datetime(created_at)
    body = etree.SubElement(root, "body")
    for feed in feeds:
        url = _xml_text(feed.url)
        name = _xml_text(feed.title or "") or url
        outline = etree.SubElement(body, "outline", type="rss", text=name, xmlUrl=url)
        if feed.title:
            outline.set("title", name)
        if feed.html_url:
            outline.set("htmlUrl", _xml_text(feed.html_url))
    etree.indent(root)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return document


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text).strip()
