"""Canonical URLs and the ids derived from them: tracking parameters go, content stays."""

import pytest

from schemas.ids import article_id, feed_id, normalize_url


@pytest.mark.parametrize(
    "tracking",
    [
        "utm_source=rss",
        "UTM_Medium=email",
        "utm_whatever_new=1",
        "fbclid=IwAR0abc",
        "gclid=Cj0KCQ",
        "dclid=x",
        "gbraid=0AAA",
        "wbraid=Cj",
        "msclkid=abc",
        "yclid=123",
        "mc_cid=5f",
        "mc_eid=9e",
        "_hsenc=p2AN",
        "_hsmi=123",
        "igshid=MzRl",
        "mkt_tok=eyJp",
        "ocid=msedgntp",
        "cmpid=rss",
        "smid=tw-share",
        "pk_campaign=spring",
    ],
)
def test_tracking_parameters_are_dropped(tracking: str) -> None:
    assert normalize_url(f"https://news.example/a?{tracking}") == "https://news.example/a"
    assert normalize_url(f"https://news.example/a?id=7&{tracking}&x=1") == (
        "https://news.example/a?id=7&x=1"
    )


@pytest.mark.parametrize(
    "content",
    [
        "id=7",
        "p=123",
        "page=2",
        "ref=main",
        "source=ap",
        "cmp=1",
        "ocidental=1",
        "utm=1",
        "gclid2=x",
    ],
)
def test_parameters_that_may_select_content_are_kept(content: str) -> None:
    # `ocidental` and `gclid2` only start like a tracking name; `utm` lacks the underscore.
    assert normalize_url(f"https://news.example/a?{content}") == f"https://news.example/a?{content}"


def test_kept_parameters_keep_their_order_and_spelling() -> None:
    url = "https://news.example/a?z=1&utm_source=x&a=%C3%A9&flag&b=2+3"
    assert normalize_url(url) == "https://news.example/a?z=1&a=%C3%A9&flag&b=2+3"


def test_scheme_host_default_port_fragment_and_trailing_slash_are_canonical() -> None:
    assert normalize_url(" HTTPS://News.Example:443/Path/?q=1#top ") == (
        "https://news.example/Path?q=1"
    )
    assert normalize_url("http://news.example:80") == "http://news.example/"
    assert normalize_url("http://news.example:8080/a/") == "http://news.example:8080/a"


def test_the_same_article_reached_by_two_feeds_has_one_id() -> None:
    from_rss = "https://news.example/2024/storm?utm_source=rss&utm_medium=feed"
    from_social = "https://News.example/2024/storm/?fbclid=IwAR0&mc_cid=1#comments"
    assert article_id(from_rss) == article_id(from_social)
    assert article_id(from_rss) != article_id("https://news.example/2024/storm?id=2")
    assert article_id(from_rss) != feed_id(from_rss)
