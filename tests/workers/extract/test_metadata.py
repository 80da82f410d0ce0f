"""Declared metadata: JSON-LD (with @graph references), OpenGraph, meta tags, microdata."""

from datetime import UTC, datetime

import lxml.html
import pytest

from workers.extract.authors import is_placeholder_author
from workers.extract.dates import parse_datetime
from workers.extract.metadata import PageMetadata, read_metadata


def _read(head: str, body: str = "", lang: str = "") -> PageMetadata:
    html = f"<html{lang}><head>{head}</head><body>{body}</body></html>"
    return read_metadata(lxml.html.document_fromstring(html), "https://news.example/a/b.html")


def test_json_ld_graph_references_are_followed() -> None:
    metadata = _read(
        """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
        {"@type": "Person", "@id": "#p1", "name": "Ada Reporter"},
        {"@type": "NewsMediaOrganization", "@id": "#org", "name": "The Example"},
        {"@type": ["NewsArticle"], "headline": "A headline", "author": {"@id": "#p1"},
         "publisher": {"@id": "#org"}, "datePublished": "2022-01-28T15:52:00+01:00",
         "image": {"@type": "ImageObject", "url": "/img/a.jpg"}, "inLanguage": "fr-FR"}
        ]}</script>"""
    )
    assert metadata.title == "A headline"
    assert metadata.authors == ["Ada Reporter"]
    assert metadata.site_name == "The Example"
    assert metadata.published_at == datetime(2022, 1, 28, 14, 52, tzinfo=UTC)
    assert metadata.image_url == "https://news.example/img/a.jpg"
    assert metadata.language == "fr"


def test_broken_json_ld_is_skipped_for_meta_tags() -> None:
    metadata = _read(
        """<script type="application/ld+json">{"@type": "NewsArticle", broken</script>
        <meta property="og:title" content="OG title">
        <meta property="article:published_time" content="2022-01-28T09:00:00Z">"""
    )
    assert metadata.title == "OG title"
    assert metadata.published_at == datetime(2022, 1, 28, 9, tzinfo=UTC)


def test_visible_dates_away_from_the_headline_are_never_read() -> None:
    metadata = _read(
        "",
        "<nav><span class='date'>Sun. May 22nd, 2022</span></nav><h1>A headline</h1>"
        "<p>The deadline for this year's filings, set by the agency, is January 28, 2022, and"
        " nobody expects it to move.</p><aside><time datetime='2022-05-22'>today</time></aside>",
    )
    assert metadata.published_at is None


def test_hatom_published_time_counts_only_when_unique() -> None:
    one = "<time class='entry-date published' datetime='2020-06-29T15:00:23-05:00'>x</time>"
    other = "<time class='published' datetime='2021-01-01T00:00:00Z'>y</time>"
    assert _read("", one).published_at == datetime(2020, 6, 29, 20, 0, 23, tzinfo=UTC)
    assert _read("", one + other).published_at is None


def test_microdata_date_and_author() -> None:
    metadata = _read(
        "",
        "<div itemscope itemtype='https://schema.org/NewsArticle'><span itemprop='author'>"
        "Priya Raman</span><time itemprop='datePublished' datetime='2022-02-01T16:00:00Z'>"
        "Feb 1</time></div>",
    )
    assert metadata.authors == ["Priya Raman"]
    assert metadata.published_at == datetime(2022, 2, 1, 16, tzinfo=UTC)


def test_meta_author_list_is_split_and_placeholders_dropped() -> None:
    metadata = _read('<meta name="author" content="Ann Lee; admin; Bo Chen">')
    assert metadata.authors == ["Ann Lee", "Bo Chen"]


def test_canonical_link_is_resolved_against_the_page_url() -> None:
    metadata = _read('<link rel="canonical" href="/a/b.html?x=1">')
    assert metadata.canonical_url == "https://news.example/a/b.html?x=1"


@pytest.mark.parametrize(
    ("lang", "head", "expected"),
    [
        (' lang="en-US"', "", "en"),
        ("", '<meta property="og:locale" content="de_DE">', "de"),
        ("", '<meta http-equiv="content-language" content="pt-BR">', "pt"),
        (' lang="x-klingon-invalid-but-long"', "", None),
        ("", "", None),
    ],
)
def test_language_is_the_declared_primary_subtag(
    lang: str, head: str, expected: str | None
) -> None:
    assert _read(head, lang=lang).language == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-28T14:52:00Z", datetime(2022, 1, 28, 14, 52, tzinfo=UTC)),
        ("2022-01-28T14:52:00.123+03:00", datetime(2022, 1, 28, 11, 52, 0, 123000, tzinfo=UTC)),
        ("2022-01-28 14:52:00", datetime(2022, 1, 28, 14, 52, tzinfo=UTC)),
        ("2022-01-28", datetime(2022, 1, 28, tzinfo=UTC)),
        ("Fri, 28 Jan 2022 14:52:00 +0000", datetime(2022, 1, 28, 14, 52, tzinfo=UTC)),
        ("Feb 08, 2022", datetime(2022, 2, 8, tzinfo=UTC)),
        ("Thu, 09/25/2025 - 11:38", datetime(2025, 9, 25, 11, 38, tzinfo=UTC)),
        ("Tuesday, February 1, 2022 4:00 PM EST", datetime(2022, 2, 1, 21, tzinfo=UTC)),
        ("February 2022", None),
        ("2022", None),
        ("0001-01-01T00:00:00Z", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_datetime(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("name", ["admin", "By admin", "Administrator", "https://x.example/u/1"])
def test_placeholder_authors(name: str) -> None:
    assert is_placeholder_author(name)


def test_real_author_is_not_a_placeholder() -> None:
    assert not is_placeholder_author("Adam Minter")


def test_webpage_node_date_only_confirms_the_date_the_page_shows() -> None:
    # Yoast's WebPage node dates the page, which is not always the article's date.
    webpage = '{"@type": ["WebPage", "FAQPage"], "datePublished": "Oct 31, 2025"}'
    article = '{"@type": "BlogPosting", "datePublished": "2025-10-30T08:00:00Z"}'
    alone = _read(f'<script type="application/ld+json">{webpage}</script>')
    assert alone.published_at is None
    shown = _read(
        f'<script type="application/ld+json">{webpage}</script>',
        "<h1>A post</h1><p>October 31, 2025</p>",
    )
    assert shown.published_at == datetime(2025, 10, 31, tzinfo=UTC)
    both = _read(f'<script type="application/ld+json">[{webpage}, {article}]</script>')
    assert both.published_at == datetime(2025, 10, 30, 8, tzinfo=UTC)


def test_declared_offset_is_kept_so_the_local_day_is_the_pages() -> None:
    metadata = _read('<meta property="article:published_time" content="2025-12-18T21:00:00-05:00">')
    assert metadata.published_at is not None
    assert metadata.published_at.date().isoformat() == "2025-12-18"
    assert metadata.published_at == datetime(2025, 12, 19, 2, tzinfo=UTC)


def test_double_escaped_entities_are_decoded() -> None:
    metadata = _read(
        '<meta property="og:title" content="Fish &amp;amp; Chips &amp;#8211; A Guide">'
        '<meta name="author" content="Maria &amp;amp; Katerina">'
    )
    assert metadata.title == "Fish & Chips \u2013 A Guide"
    assert metadata.authors == ["Maria", "Katerina"]
