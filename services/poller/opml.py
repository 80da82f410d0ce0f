"""Reading OPML subscription lists, as feed readers export them."""

from dataclasses import dataclass

from lxml import etree


class OpmlError(ValueError):
    """The file is not OPML newsfold can read."""


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription of an OPML file."""

    url: str
    title: str | None


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
            title = outline.get("title") or outline.get("text")
            feeds[url] = OpmlFeed(url=url, title=title.strip() if title else None)
    return list(feeds.values())
