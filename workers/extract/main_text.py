"""A page's main text: trafilatura's, checked against readability-lxml's where it looks partial.

trafilatura runs in recall mode, which skips its own comparison with its bundled readability
and jusText on texts of more than a few paragraphs: on WCXB's 709 dev pages with a main text
that mode scores the bag-of-words F1 of the default balance (0.937) in two thirds of its time.
readability-lxml, slower than trafilatura itself, runs only on the pages where trafilatura's
text may be partial (`needs_second_opinion`), and `fusion` decides between the two texts.
"""

import re

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable
from trafilatura import bare_extraction

from workers.extract.fusion import Candidates, chosen_text, holds_summary, word_bag, word_count
from workers.extract.paragraphs import extracted_text, html_fragment_text

# A text with fewer words than this share of the page's is partial more often than whole:
# on the WCXB dev pages, readability found a superset of trafilatura's text below it on 6% of
# pages, and raising it to 0.5 ran readability on 15% of pages for no further gain.
PARTIAL_PAGE_SHARE = 0.3

# Words of the longest hidden block dropped: a long paragraph.
MAX_HIDDEN_WORDS = 80
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def main_text(tree: HtmlElement, url: str | None, summary: str | None) -> str:
    """The article text of the page parsed as `tree`, which is used up (both extractors prune
    it). `summary` is the feed entry's summary as text, when it has one: a text that misses
    it may have missed the article."""
    _drop_code(tree)
    _drop_hidden(tree)
    page_words = _page_word_count(tree)
    first = _trafilatura_text(tree, url)
    if not needs_second_opinion(first, page_words, summary):
        return first
    return chosen_text(Candidates(first, readability_text(tree)), summary)


def needs_second_opinion(text: str, page_words: int, summary: str | None) -> bool:
    """True when trafilatura's `text` may be partial: short for its page, or without the
    feed's summary."""
    if word_count(text) < PARTIAL_PAGE_SHARE * page_words:
        return True
    # Without a summary there is nothing to look for, and no need to count the text's words.
    return summary is not None and holds_summary(word_bag(text), summary) is False


def readability_text(tree: HtmlElement) -> str:
    """readability-lxml's main text of the page parsed as `tree` ('' when it finds none)."""
    # readability cleans a copy of the tree; given no URL, it leaves links as they are.
    try:
        summary = Document(tree).summary(html_partial=True)
    except Unparseable:
        return ""
    return html_fragment_text(summary) if isinstance(summary, str) else ""


def _trafilatura_text(tree: HtmlElement, url: str | None) -> str:
    # Any output format but "python" spares trafilatura rendering the body as text (5% of its
    # time), which `extracted_text` does our way.
    document = bare_extraction(
        tree, url=url, include_comments=False, favor_recall=True, output_format="txt"
    )
    if document is None or isinstance(document, dict) or document.body is None:
        return ""
    return extracted_text(document.body)


def _drop_code(tree: HtmlElement) -> None:
    # Scripts and styles are half of a page's bytes (on 200 WCXB dev pages), meta and link
    # tags a twentieth of its elements, and none is any extractor's text, yet trafilatura
    # copies the tree five times and runs its XPaths over them before its own cleaning drops
    # them. Linked data stays: trafilatura reads it to tell a forum thread (whose comments
    # are the content) from an article. Inline SVGs stay too: their titles count as the
    # page's words, and one WCXB page lost half its text without them.
    for element in _CODE(tree):
        element.drop_tree()


_CODE = etree.XPath("//script[not(@type = 'application/ld+json')] | //style | //meta | //link")


def _drop_hidden(tree: HtmlElement) -> None:
    # What the browser never shows is no reader's text (trafilatura keeps a <p hidden>), but
    # pages hide their whole article until a script has run (anti-flicker snippets, A/B
    # tests): on five WCXB dev pages dropping every hidden element lost the article. Only
    # hidden blocks of a paragraph's length go: teasers, collapsed boxes, screen-reader notes.
    for element in tree.xpath("//body//*[@hidden or @style]"):
        hidden = element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style", ""))
        if hidden and len(element.text_content().split()) <= MAX_HIDDEN_WORDS:
            element.drop_tree()


def _page_word_count(tree: HtmlElement) -> int:
    body = tree.find("body")
    if body is None:
        return 0
    words = 0
    for element in body.iter():
        # A script's or a style's text is code, not words of the page; their tails are.
        if element.tag not in _NOT_TEXT and element.text:
            words += len(element.text.split())
        if element is not body and element.tail:
            words += len(element.tail.split())
    return words


_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
