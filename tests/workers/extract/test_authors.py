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


def test_author_box_in_an_article_footer() -> None:
    body = (
        "<article><h1>A post</h1><p>Text.</p><footer class='meta'><div class='author'>"
        "<p class='name'><a href='/author/hgoetz/' rel='author'>Halina Goetz</a></p>"
        "</div></footer></article><footer class='site'><a rel='author'>Site Team</a></footer>"
    )
    assert _authors("", body) == ["Halina Goetz"]


def test_page_footer_author_is_not_the_articles() -> None:
    body = "<h1>A post</h1><p>Text.</p><footer><span class='author'>Ann Lee</span></footer>"
    assert _authors("", body) == []


def test_author_box_in_elementor_widget_wrappers() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p>"
        "<div class='elementor-widget-wrap'><div class='elementor-element elementor-widget"
        " elementor-widget-author-box'><div class='elementor-widget-container'>"
        "<div class='elementor-author-box'><div class='elementor-author-box__text'>"
        "<h4 class='elementor-author-box__name'>Liz Kenny</h4>"
        "<div class='elementor-author-box__bio'>Former McKinsey Consultant</div>"
        "</div></div></div></div></div>"
    )
    assert _authors("", body) == ["Liz Kenny"]


def test_author_in_a_sidebar_widget_is_not_the_articles() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p><div class='widget widget_recent_entries'>"
        "<span class='post-author'>Ann Lee</span></div>"
    )
    assert _authors("", body) == []


def test_body_classes_do_not_hide_the_author() -> None:
    html = (
        "<html><body class='single has-sidebar comments-open'><h1>A post</h1>"
        "<div class='post_author_name'><a href='/authors/oleg-parashchak/'>Oleg Parashchak</a>"
        "</div><p>Text.</p></body></html>"
    )
    tree = lxml.html.document_fromstring(html)
    assert read_metadata(tree, "https://www.example.org/a").authors == ["Oleg Parashchak"]


def test_neighbouring_elements_are_not_read_into_the_name() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p><span class='author'>"
        "<a href='/staff/brian-truitt/'>Brian Truitt</a><span>USA TODAY</span></span>"
    )
    assert _authors("", body) == ["Brian Truitt"]


def test_names_joined_across_elements_are_all_read() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p><div class='byline'>By <a>Ann Lee</a> and <a>Bo Chen</a></div>"
    )
    assert _authors("", body) == ["Ann Lee", "Bo Chen"]


def test_avatar_initials_beside_the_name_are_skipped() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p><div class='post-author'><span class='initials'>CM</span>"
        "<span>Craig McCarthy</span></div>"
    )
    assert _authors("", body) == ["Craig McCarthy"]


def test_declared_login_gives_way_to_the_shown_author() -> None:
    head = _json_ld('{"@type": "Person", "name": "andrew.keaveney"}')
    body = "<h1>A post</h1><p>Text.</p><div class='author-info'><span>Denise Everheart</span></div>"
    assert _authors(head, body) == ["Denise Everheart"]


def test_declared_login_stands_when_the_page_shows_nobody() -> None:
    head = _json_ld('{"@type": "Person", "name": "jsmith_42"}')
    assert _authors(head, "<h1>A post</h1><p>Text.</p>") == ["jsmith_42"]


def test_declared_credential_is_no_login() -> None:
    head = _json_ld('[{"@type": "Person", "name": "Genevieve Carlton"}, "Ph.D."]')
    body = "<h1>A post</h1><p>Text.</p><div class='author-info'><span>Someone Else</span></div>"
    assert _authors(head, body) == ["Genevieve Carlton", "Ph.D."]


def test_written_by_box_after_the_article() -> None:
    body = (
        "<h1>A post</h1><p>By 2030, most of the market will have moved.</p>"
        "<div class='bio-box'><div>Written by</div><div>Jack Shepherd</div>"
        "<div>Hi! I'm Jack, co-founder of the agency, and I write about social media.</div></div>"
    )
    assert _authors("", body) == ["Jack Shepherd"]


def test_link_to_the_authors_other_posts() -> None:
    body = "<h1>A post</h1><p>Text.</p><p><a href='/u/'>View all posts by Cassidy Horton »</a></p>"
    assert _authors("", body) == ["Cassidy Horton"]


def test_written_by_in_a_comment_is_not_the_articles() -> None:
    body = (
        "<h1>A post</h1><p>Text.</p><div class='comments'><p>Written by</p><p>Some Reader</p></div>"
    )
    assert _authors("", body) == []


def test_declared_organization_before_an_author_box() -> None:
    # The box is read last: a declared name, even an organization's, comes first.
    head = _json_ld('{"@type": "Organization", "name": "EcoFlow"}')
    prose = "<p>" + "A long paragraph of the article. " * 30 + "</p>"
    body = f"<h1>A post</h1>{prose}<p>Written by Ann Lee</p>"
    assert _authors(head, body) == ["EcoFlow"]
