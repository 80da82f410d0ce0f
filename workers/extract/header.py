"""The article's header: its headline element and the text just around it.

Pages show the byline and the date next to the headline, above or below it; the rest of a
page shows other articles' dates and names (related lists, sidebars, comments), so only
this stretch of text is read for them. Measured on WCXB's dev pages, the date the page shows
lies within 150 characters before and 600 after the start of the headline.
"""

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

_BEFORE_CHARS = 150
_AFTER_CHARS = 600

# Containers of other content than the article's own: navigation, sidebars, footers,
# forms, and by class or id the related-article lists, widgets and comments.
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer", "form",
     "button", "select", "iframe"}
)  # fmt: skip
# Elementor, a page builder, wraps every block of a page in "elementor-widget" classes,
# the article's own byline and author box too: only other widgets mark other content.
_SKIPPED_CLASS = re.compile(
    r"related|sidebar|(?<!elementor-)widget|comment|menu|breadcrumb|newsletter|popular|trending"
    r"|share",
    re.IGNORECASE,
)
# An article's own <footer> holds its author and tags (the HTML standard's example); a
# footer elsewhere is the page's.
_ARTICLE_TAGS = frozenset({"article", "main"})

# How many h1 elements are weighed: pages with more are rare, and the article's comes early.
_MAX_HEADLINES = 5


@dataclass(frozen=True)
class Header:
    """The headline's text, and the visible text around it as the page splits it into
    elements' texts (a byline, a date, a paragraph each)."""

    headline: str
    lines: list[str]


def find_header(tree: HtmlElement, titles: list[str]) -> Header | None:
    """The header of the page's article: around the h1 whose words best match the declared
    `titles` (the first h1 when none matches). None for a page without an h1."""
    body = tree.find("body")
    if body is None:
        return None
    headlines = [
        h1
        for h1 in body.iter("h1")
        if not any(ancestor.tag in _SKIPPED_TAGS for ancestor in h1.iterancestors())
    ][:_MAX_HEADLINES]
    if not headlines:
        return None
    headline = max(headlines, key=lambda h1: _overlap(h1.text_content(), titles))
    return Header(
        headline=" ".join(html.unescape(headline.text_content()).split()),
        lines=[*_lines_before(headline), *_lines_after(headline)],
    )


def page_lines(tree: HtmlElement) -> Iterator[str]:
    """The visible texts of the page's body in document order, other content (navigation,
    sidebars, related lists, comments) left out."""
    body = tree.find("body")
    if body is not None:
        yield from (text for text in _texts(body, skip_root=False) if text)


def _lines_before(headline: HtmlElement) -> list[str]:
    # Walked backwards from the headline, through its preceding siblings and then its
    # ancestors', so that a long navigation before it costs nothing. The headline's
    # wrappers belong to the article whatever their classes say (WordPress marks the body
    # "has-sidebar"): only the siblings' classes are weighed.
    lines: list[str] = []
    chars = 0
    for element in (headline, *headline.iterancestors()):
        for sibling in element.itersiblings(preceding=True):
            found = [text for text in _texts(sibling) if text]
            lines[:0] = found
            chars += sum(len(text) for text in found)
            if chars >= _BEFORE_CHARS:
                return _last_chars(lines, _BEFORE_CHARS)
        if element.tag == "body":
            break
        parent = element.getparent()
        if parent is not None and (opening := (parent.text or "").strip()):
            lines.insert(0, opening)
            chars += len(opening)
    return _last_chars(lines, _BEFORE_CHARS)


def _lines_after(headline: HtmlElement) -> list[str]:
    lines: list[str] = []
    chars = 0
    # Lazily: a page may hold hundreds of thousands of elements after its headline.
    following = itertools.chain(
        [headline],
        (
            sibling
            for element in (headline, *headline.iterancestors())
            if element.tag != "html"
            for sibling in element.itersiblings()
        ),
    )
    for element in following:
        for text in _texts(element, skip_root=element is not headline):
            if text:
                lines.append(text)
                chars += len(text)
                if chars >= _AFTER_CHARS:
                    return lines
    return lines


def _last_chars(lines: list[str], limit: int) -> list[str]:
    # The shortest tail of `lines` that holds `limit` characters.
    chars = 0
    for index in range(len(lines) - 1, -1, -1):
        chars += len(lines[index])
        if chars >= limit:
            return lines[index:]
    return lines


def _texts(root: HtmlElement, skip_root: bool = True) -> Iterator[str]:
    # Document order without recursion (pages nest deeply): an element's own text, then
    # each child's subtree followed by the child's tail; the root's tail last. A skipped
    # element's tail is kept.
    stack: list[HtmlElement | str] = [root.tail or "", root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if text := item.strip():
                yield text
            continue
        if (item is not root or skip_root) and is_other_content(item):
            continue
        # A <time> element's machine-readable value stands for its text, which is often
        # relative ("3 days ago") or split into parts.
        machine_time = (item.get("datetime") or "").strip() if item.tag == "time" else ""
        yield machine_time or (item.text or "").strip()
        if machine_time:
            continue
        for child in reversed(item):
            stack.append(child.tail or "")
            stack.append(child)


def is_other_content(element: HtmlElement) -> bool:
    """True for an element that holds other content than the article's own (navigation,
    sidebars, related lists, comments) by its tag or its class or id."""
    if not isinstance(element.tag, str):
        return True
    if element.tag in ("body", "html"):
        return False  # they wrap everything, whatever their classes say ("has-sidebar")
    if element.tag in _SKIPPED_TAGS and not _is_article_footer(element):
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(marks.strip()) and _SKIPPED_CLASS.search(marks) is not None


def _is_article_footer(element: HtmlElement) -> bool:
    return element.tag == "footer" and any(
        ancestor.tag in _ARTICLE_TAGS for ancestor in element.iterancestors()
    )


def _overlap(text: str, titles: list[str]) -> int:
    words = set(re.findall(r"\w+", text.lower()))
    return max((len(words & set(re.findall(r"\w+", t.lower()))) for t in titles), default=0)
