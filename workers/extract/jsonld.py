"""The article a page describes in its JSON-LD (schema.org) blocks.

Pages carry several blocks and `@graph`s whose nodes point at each other by `@id` (Yoast
gives the article `"author": {"@id": ".../#/schema/person/..."}`), so nodes are indexed by id
and references followed when a property is read.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

# Types whose node is the article itself; a WebPage or Organization node is only context.
_ARTICLE_SUFFIXES = ("Article", "Posting", "Report")

# Types of a node that names a company, a brand or a site rather than a person
# ("NewsMediaOrganization", "Corporation").
_ORGANIZATION_SUFFIXES = ("Organization", "Corporation", "Brand", "WebSite")

# JSON-LD nests graphs and lists; real pages stay within a few levels, so deeper nodes are
# ignored rather than walked (a crafted page could nest thousands).
_MAX_DEPTH = 8


@dataclass(frozen=True)
class LinkedData:
    """The nodes of a page's JSON-LD by `@id`, and its article node if it has one."""

    by_id: dict[str, dict[str, Any]]
    article: dict[str, Any] | None
    page: dict[str, Any] | None

    @classmethod
    def from_tree(cls, tree: HtmlElement) -> "LinkedData":
        """Parse every `application/ld+json` script of the page; broken ones are skipped."""
        nodes: list[dict[str, Any]] = []
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                # strict=False: CMSs leave raw newlines and tabs inside JSON strings.
                data = json.loads(script.text or "", strict=False)
            except ValueError:
                continue
            nodes.extend(_walk(data, 0))
        return cls(
            by_id={node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)},
            article=next((node for node in nodes if _is_type(node, _ARTICLE_SUFFIXES)), None),
            page=next((node for node in nodes if _is_type(node, ("WebPage",))), None),
        )

    def resolve(self, value: Any) -> Any:
        """`value`, or the node it refers to when it is a bare `{"@id": ...}` reference."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(value["@id"], value)
        return value

    def article_value(self, key: str) -> Any:
        """A property of the article node (None without one), references followed."""
        if self.article is None:
            return None
        return self.resolve(self.article.get(key))

    def page_value(self, key: str) -> Any:
        """A property of the WebPage node (None without one), references followed."""
        if self.page is None:
            return None
        return self.resolve(self.page.get(key))

    def names(self, value: Any) -> list[str]:
        """The names in a person/organization property: a string, a node, or a list."""
        items = value if isinstance(value, list) else [value]
        names = []
        for item in items:
            item = self.resolve(item)
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str) and item.strip():
                names.append(item.strip())
        return names

    def organization_names(self, value: Any) -> list[str]:
        """The names of the organizations (not people) in a person/organization property."""
        items = value if isinstance(value, list) else [value]
        nodes = [self.resolve(item) for item in items]
        return [
            node["name"].strip()
            for node in nodes
            if isinstance(node, dict)
            and _is_type(node, _ORGANIZATION_SUFFIXES)
            and isinstance(node.get("name"), str)
        ]

    def first_url(self, value: Any) -> str | None:
        """The first URL in an image or page property: a string, a node, or a list."""
        items = value if isinstance(value, list) else [value]
        for item in items:
            item = self.resolve(item)
            if isinstance(item, dict):
                item = item.get("url") or item.get("@id")
            if isinstance(item, str) and item.strip():
                return item.strip()
        return None


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"], depth + 1)


def _is_type(node: dict[str, Any], suffixes: tuple[str, ...]) -> bool:
    types = node.get("@type")
    type_list = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name.endswith(suffixes) for name in type_list)
