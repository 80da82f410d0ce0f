"""Bounds on how much of a page extraction works on, so no page holds a worker for long.

Extraction time grows with the number of elements (trafilatura and the boilerplate rules
visit each one: 70 s for a 3 MB page of 400,000 empty paragraphs, and jusText, trafilatura's
fallback, is quadratic in a run of short paragraphs), and memory with the bytes parsed. A
page beyond the bounds is cut like a download cut short: what came first is kept. libxml2
bounds the rest itself: it stops building the tree at depth 256 and drops a text node over
10 MB (lxml's `huge_tree` is never set). Each cut or loss is logged with the page's URL.
"""

from enum import StrEnum

import lxml.html
import structlog
from lxml import etree

log = structlog.get_logger(__name__)

# The HTTP layer's default `http.max_page_bytes` (5 MiB): a fetched page is never longer
# unless an operator raised it; a saved page given to `newsfold extract` may be.
MAX_PAGE_CHARS = 5 * 1024 * 1024
# The largest of WCXB's 711 real article pages has 4,975 elements (median 803); twice that
# keeps real pages whole, where 30,000 short paragraphs still took jusText over a minute.
MAX_ELEMENTS = 10_000
# libxml2's xmlParserMaxDepth without XML_PARSE_HUGE: nothing is built below it.
PARSER_MAX_DEPTH = 256


class PageCut(StrEnum):
    """Why extraction saw less than the whole page (a stable code for logs)."""

    TOO_LONG = "page_too_long"
    TOO_MANY_ELEMENTS = "too_many_elements"
    TOO_DEEP = "nested_too_deep"


def bounded_text(text: str, url: str | None) -> str:
    """The first MAX_PAGE_CHARS characters of a decoded page."""
    if len(text) <= MAX_PAGE_CHARS:
        return text
    log.warning("page cut", code=PageCut.TOO_LONG.value, url=url, chars=len(text))
    return text[:MAX_PAGE_CHARS]


def bound_tree(tree: lxml.html.HtmlElement, url: str | None) -> PageCut | None:
    """Cut `tree` in place after its first MAX_ELEMENTS elements, in document order, and
    report whether it reaches the parser's depth limit (what was nested deeper is lost);
    None for a whole page."""
    cut = _first_excess_element(tree)
    if cut is not None:
        _remove_from(cut)
        log.warning("page cut", code=PageCut.TOO_MANY_ELEMENTS.value, url=url)
        return PageCut.TOO_MANY_ELEMENTS
    if _reaches_parser_depth(tree):
        log.warning("page nested as deep as the parser goes", code=PageCut.TOO_DEEP.value, url=url)
        return PageCut.TOO_DEEP
    return None


def _first_excess_element(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    found = _NTH_ELEMENT(tree, n=MAX_ELEMENTS + 1)
    return found[0] if isinstance(found, list) and found else None


def _remove_from(cut: lxml.html.HtmlElement) -> None:
    """Remove `cut` and everything after it in document order (its tail text included)."""
    parent = cut.getparent()
    node = cut
    while (above := node.getparent()) is not None:
        for later in list(node.itersiblings()):
            above.remove(later)
        node = above
    if parent is not None:
        parent.remove(cut)


def _reaches_parser_depth(tree: lxml.html.HtmlElement) -> bool:
    return bool(_ELEMENT_AT_PARSER_DEPTH(tree))


# Both walks are XPath, in C: half the time of the walks from Python (0.16 s against 0.31 s
# per 200 WCXB dev pages).
_NTH_ELEMENT = etree.XPath("(descendant-or-self::*)[$n]")
# A path of child steps down from `tree`, itself at depth 1: cheaper than counting every
# element's ancestors.
_ELEMENT_AT_PARSER_DEPTH = etree.XPath("boolean(" + "/".join(["*"] * (PARSER_MAX_DEPTH - 1)) + ")")
