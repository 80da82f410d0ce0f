"""The article's authors: declared people first, a byline or an author-marked element over a
declared organization, and names cleared of the byline words CMSs leave in them."""

import lxml.html

from workers.extract.metadata import read_metadata


def _authors(head: str, body: str) -> list[str]:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return read_metadata(lxml.html.document_fromstring(html), "https://www.example.org/a").authors


def _json_ld(author: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "A post",'
        f' "author": {author}}}</script>'
    )


def test_byline_person_over_a_declared_organization() -> None:
    head = _json_ld('{"@type": "Organization", "name": "Cleveland Clinic"}')
    body = "<h1>A post</h1><p>By Holly Wilgus</p><p>Text.</p>"
    assert _authors(head, body) == ["Holly Wilgus"]


def test_author_named_like_the_site_gives_way_to_the_page_author() -> None:
    head = '<meta property="og:site_name" content="GlossGenius">' + _json_ld('"GlossGenius"')
    body = "<h1>A post</h1><p>Text.</p><div class='post-author-name'>Shauna Mitchell</div>"
    assert _authors(head, body) == ["Shauna Mitchell"]


def test_declared_organization_stands_when_the_page_names_nobody() -> None:
    head = _json_ld('{"@type": "Organization", "name": "EcoFlow"}')
    assert _authors(head, "<h1>A post</h1><p>Text.</p>") == ["EcoFlow"]


def test_author_marked_element_when_nothing_is_declared() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p>"
        "<aside><span class='author-name'>Someone Else</span></aside>"
        "<div class='author-avatar'>JC</div>"
        "<div class='entry-author'>Author <a>Jordanna Campbell</a></div>"
    )
    assert _authors("", body) == ["Jordanna Campbell"]


def test_microdata_author_name_without_the_elements_styles() -> None:
    body = (
        "<h1>A post</h1><div itemprop='author'><style>.css-1{align-self:flex-start}</style>"
        "<meta itemprop='name' content='Trevor Jackins'><a>Trevor Jackins</a></div>"
    )
    assert _authors("", body) == ["Trevor Jackins"]


def test_yoast_written_by_card() -> None:
    head = (
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Albert Swann">'
    )
    assert _authors(head, "<h1>A post</h1>") == ["Albert Swann"]


def test_byline_in_a_declared_author_is_read_as_one() -> None:
    head = (
        '<meta property="og:site_name" content="The Commercial Appeal">'
        '<meta name="author" content="Manoj Jain and Jagpreet Chhatwal, The Commercial Appeal">'
    )
    assert _authors(head, "") == ["Manoj Jain", "Jagpreet Chhatwal"]
    assert _authors('<meta name="author" content="Written By: Tom May">', "") == ["Tom May"]


def test_declared_organization_with_and_is_kept_whole() -> None:
    head = '<meta name="author" content="Center for Drug Evaluation and Research">'
    assert _authors(head, "") == ["Center for Drug Evaluation and Research"]
