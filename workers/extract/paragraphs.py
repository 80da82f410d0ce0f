"""Element trees to plain text: one blank line between paragraphs, one newline between the
lines of a paragraph (a list's items, a <br>), whitespace inside a line collapsed.

Two kinds of tree come here: trafilatura's output (its own XML vocabulary: p, head, list,
item, quote, lb...) and the HTML of a feed entry's content.
"""

import re

import lxml.html
from lxml import etree

# trafilatura's output elements.
_XML_PARAGRAPHS = frozenset({"p", "head", "list", "quote", "table", "code", "graphic"})
_XML_LINES = frozenset({"item", "row", "lb"})

_HTML_PARAGRAPHS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "blockquote",
        "pre",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "figure",
        "hr",
    }
)
_HTML_LINES = frozenset({"li", "tr", "dt", "dd", "br", "figcaption"})
# Never text, whatever is inside them.
_HTML_DROPPED = ("script", "style", "noscript", "template", "iframe", "form", "button", "svg")

# Break marks between the pieces of text, from Unicode's private use area so that no page's
# own text contains them; the newlines of the source are only whitespace.
_PARAGRAPH_MARK = "\ue000"
_LINE_MARK = "\ue001"

# C0 controls that are not whitespace: some pages carry them, and no text should. A regex,
# not `str.translate`, which looks up every character of the text in a dict.
_CONTROLS = re.compile("[\x00-\x08\x7f]")


def tree_text(root: etree._Element, paragraphs: frozenset[str], lines: frozenset[str]) -> str:
    """The text of `root`, broken at the paragraph and line elements named. Comments are
    skipped with their tails, so a tree that has any must have them stripped first."""
    pieces: list[str] = []
    # iterwalk, not recursion: a crafted page can nest elements thousands deep.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        mark = "" if element is root else _mark(element.tag, paragraphs, lines)
        if event == "start":
            pieces.append(mark + (element.text or ""))
        elif element is not root:
            pieces.append(mark + (element.tail or ""))
    text = _CONTROLS.sub("", "".join(pieces))
    blocks = []
    for block in text.split(_PARAGRAPH_MARK):
        block_lines = (" ".join(line.split()) for line in block.split(_LINE_MARK))
        kept = "\n".join(line for line in block_lines if line)
        if kept:
            blocks.append(kept)
    return "\n\n".join(blocks)


def _mark(tag: str, paragraphs: frozenset[str], lines: frozenset[str]) -> str:
    if tag in paragraphs:
        return _PARAGRAPH_MARK
    if tag in lines:
        return _LINE_MARK
    # trafilatura's table cells sit side by side on their row's line.
    return " " if tag == "cell" else ""


def extracted_text(body: etree._Element) -> str:
    """The text of trafilatura's extracted body."""
    return tree_text(body, _XML_PARAGRAPHS, _XML_LINES)


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content or summary); '' if unparseable."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, etree.Comment, etree.PI, *_HTML_DROPPED, with_tail=False)
    return tree_text(root, _HTML_PARAGRAPHS, _HTML_LINES)
