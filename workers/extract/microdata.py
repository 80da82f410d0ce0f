"""The schema.org microdata values a page declares (`itemprop`), read in one walk."""

from lxml.html import HtmlElement


def microdata_values(tree: HtmlElement, props: frozenset[str]) -> dict[str, str]:
    """The first non-empty value of each of `props` in document order: an element's
    `content`, else its `datetime`, else its text, whitespace collapsed."""
    values: dict[str, str] = {}
    for element in tree.xpath("//*[@itemprop]"):
        prop = element.get("itemprop")
        if prop not in props or prop in values:
            continue
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            values[prop] = " ".join(value.split())
    return values
