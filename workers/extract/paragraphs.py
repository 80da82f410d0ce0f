"""Element trees to plain text: one blank line between paragraphs, one newline between the
lines of a paragraph (a list's items, a <br>), whitespace inside a line collapsed.

Two kinds of tree come here: trafilatura's output (its own XML vocabulary: p, head, list,
item, quote, lb...) and the HTML of a feed entry's content.
"""

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

# Break marks put into the tree's text, from Unicode's private use area so that no page's
# own text contains them; the newlines of the source are only whitespace.
_PARAGRAPH_MARK = "\ue000"
_LINE_MARK = "\ue001"


def tree_text(root: etree._Element, paragraphs: frozenset[str], lines: frozenset[str]) -> str:
    """The text of `root`, broken at the paragraph and line elements named. The tree is
    changed (break marks go into its text), so pass one that is not needed afterwards."""
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):  # comments, PIs
            continue
        if element.tag in paragraphs:
            mark = _PARAGRAPH_MARK
        elif element.tag in lines:
            mark = _LINE_MARK
        else:
            # trafilatura's table cells sit side by side on their row's line.
            mark = " " if element.tag == "cell" else ""
        element.text = mark + (element.text or "")
        element.tail = mark + (element.tail or "")
    # XPath's string value: every text node, comments' contents excluded.
    text = str(root.xpath("string()"))
    blocks = []
    for block in text.split(_PARAGRAPH_MARK):
        block_lines = (" ".join(line.split()) for line in block.split(_LINE_MARK))
        kept = "\n".join(line for line in block_lines if line)
        if kept:
            blocks.append(kept)
    return "\n\n".join(blocks)


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
    etree.strip_elements(root, *_HTML_DROPPED, with_tail=False)
    return tree_text(root, _HTML_PARAGRAPHS, _HTML_LINES)
