"""The title (the h1 when a declared title agrees, else the declared one without the site
name) and the authors a visible byline names, on small pages shaped like real ones."""

import lxml.html
import pytest

from workers.extract.byline import byline_authors
from workers.extract.metadata import PageMetadata, read_metadata


def _read(head: str, body: str, url: str = "https://www.winefolly.com/a/b") -> PageMetadata:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return read_metadata(lxml.html.document_fromstring(html), url)


def test_h1_wins_when_the_declared_title_agrees() -> None:
    head = '<meta property="og:title" content="Best Drip Coffee Makers 2026 | Brew Guide">'
    body = "<h1>The Best Drip Coffee Makers of 2026</h1><p>Text.</p>"
    assert _read(head, body).title == "The Best Drip Coffee Makers of 2026"


def test_declared_title_without_site_name_when_the_h1_is_a_section_name() -> None:
    head = (
        '<meta property="og:site_name" content="The Motley Fool">'
        '<meta property="og:title" content="Best Cloud Computing Stocks of 2025 | The Motley Fool">'
    )
    assert _read(head, "<h1>Investing Basics</h1>").title == "Best Cloud Computing Stocks of 2025"


@pytest.mark.parametrize(
    "title",
    [
        "The Different Types of Wine (Infographic) | Wine Folly",
        "Wine Folly - The Different Types of Wine (Infographic)",
        "Wine Folly: The Different Types of Wine (Infographic)",
    ],
)
def test_site_name_spelled_by_the_host_is_stripped(title: str) -> None:
    metadata = _read(f"<title>{title}</title>", "<h1>Wine Folly</h1>")
    assert metadata.title == "The Different Types of Wine (Infographic)"


def test_headline_colon_is_kept() -> None:
    title = "Fitness Trends 2025: 9 Things to Watch"
    assert _read(f"<title>{title}</title>", "").title == title


def test_byline_names_complete_missing_declared_authors() -> None:
    body = (
        "<article><h1>Vegetable Gardening for Beginners</h1><div class='byline'>Written By:"
        "</div><div>Catherine Boeckmann</div><div>Executive Digital Editor</div>"
        "<div>December 17, 2025</div><p>Body.</p></article>"
    )
    assert _read("", body).authors == ["Catherine Boeckmann"]


def test_declared_authors_come_before_the_byline() -> None:
    head = '<meta name="author" content="Ann Lee">'
    assert _read(head, "<h1>A post</h1><p>By Bo Chen</p>").authors == ["Ann Lee"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["By", "Taya Iv", "16 min read", "Last updated:", "August 19, 2025"], ["Taya Iv"]),
        (["By Ann Lee and Bo Chen, Senior Editors", "Updated May 5, 2025"], ["Ann Lee", "Bo Chen"]),
        (
            ["By", "Brett Cruz", ", Security Expert", "&", "Gene Petrino"],
            ["Brett Cruz", "Gene Petrino"],
        ),
        (["By Dr. Andrew Huberman", "Table of contents"], ["Dr. Andrew Huberman"]),
        (["by the end of the year, prices will have risen by a third"], []),
        (["Reviewed by Molly Price, DVM"], []),
        (["Home", "News"], []),
        (["Recipe by PJ Hamel"], ["PJ Hamel"]),
        (["Insights from", "Levitate Media"], []),
        (["By Marna van der Merwe"], ["Marna van der Merwe"]),
    ],
)
def test_byline_authors(lines: list[str], expected: list[str]) -> None:
    assert byline_authors(lines) == expected
