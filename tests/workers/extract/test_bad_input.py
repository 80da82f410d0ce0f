"""Pages that are broken, hostile or not articles: a clear outcome, never a crash, in
bounded time."""

import random
import time

import pytest

from schemas.article import DateSource
from tests.workers.extract.demo_pages import page_html
from workers.extract.article import is_article_like
from workers.extract.page import extract_page

PARAGRAPH = (
    "The harbour master said eleven ships were waiting outside the breakwater on Thursday, "
    "and that the queue would take days to clear once the cranes were working again."
)
NORTHFIELD = (
    "northfield-gazette/community/northfield-libraries-add-telescopes-to-lending-catalogue.html"
)


def _page(body: str, head: str = "<meta charset='utf-8'>") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>T</title></head><body>{body}</body></html>"


def test_windows_1252_page_is_decoded_by_its_meta_charset() -> None:
    html = _page(f"<article><p>Caf\u00e9 owners \u201cwelcomed\u201d it. {PARAGRAPH}</p></article>")
    raw = html.replace("utf-8", "windows-1252").encode("cp1252")
    text = extract_page(raw).text
    assert "Caf\u00e9 owners \u201cwelcomed\u201d it." in text
    assert "\ufffd" not in text


def test_page_labelled_utf8_but_written_in_windows_1252_is_still_read() -> None:
    raw = _page(f"<article><p>Caf\u00e9 society. {PARAGRAPH}</p></article>").encode("cp1252")
    text = extract_page(raw, encoding="utf-8").text
    assert "Caf\u00e9 society." in text


def test_page_labelled_latin1_but_written_in_utf8_is_read_as_utf8() -> None:
    raw = _page(f"<article><p>\u0421entral \u201cTribune\u201d. {PARAGRAPH}</p></article>")
    text = extract_page(raw.encode("utf-8"), encoding="iso-8859-1").text
    assert "\u0421entral \u201cTribune\u201d." in text


def test_undecodable_bytes_do_not_fail() -> None:
    raw = _page(f"<article><p>{PARAGRAPH}</p></article>").encode() + b"\xff\xfe\x81\x8d\xc3"
    assert PARAGRAPH in extract_page(raw, encoding="no-such-charset").text


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\x89PNG\r\n\x1a\n" + bytes(2000)])
def test_empty_or_binary_input_gives_no_text(raw: bytes) -> None:
    extraction = extract_page(raw)
    assert extraction.text == ""
    assert extraction.date_source is DateSource.NONE


def test_random_bytes_give_a_result() -> None:
    noise = random.Random(7).randbytes(100_000)
    assert isinstance(extract_page(noise).text, str)


def test_truncated_page_keeps_what_arrived() -> None:
    raw = page_html(NORTHFIELD)
    cut = raw[: raw.index(b"Similar programmes")]
    text = extract_page(cut).text
    assert text.startswith("Residents of Northfield will soon be able to borrow a telescope")
    assert "Similar programmes" not in text


@pytest.mark.timeout(30)
def test_deeply_nested_markup_ends_quickly_with_no_text() -> None:
    # libxml2 stops building the tree at depth 256, so content nested deeper is lost: the
    # page counts as empty (the job then falls back to the feed) instead of hanging.
    html = _page("<div>" * 5000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 5000)
    started = time.monotonic()
    extraction = extract_page(html)
    assert time.monotonic() - started < 10
    assert extraction.text == ""


def test_markup_nested_within_the_parser_limit_is_extracted() -> None:
    html = _page("<div>" * 200 + f"<p>{PARAGRAPH}</p>" * 3 + "</div>" * 200)
    assert PARAGRAPH in extract_page(html).text


@pytest.mark.timeout(60)
def test_multi_megabyte_page_is_extracted_in_bounded_time() -> None:
    paragraphs = "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>\n" for n in range(20_000))
    html = _page(f"<article>{paragraphs}</article>")
    assert len(html) > 3_000_000
    started = time.monotonic()
    text = extract_page(html).text
    assert time.monotonic() - started < 30
    assert "Paragraph 19999." in text


def test_listing_page_is_not_article_like() -> None:
    teasers = "".join(
        f"<article><h2><a href='/story-{n}'>Headline number {n} of the day</a></h2>"
        f"<p>Teaser {n} of a story.</p><time>2 hours ago</time></article>"
        for n in range(40)
    )
    html = _page(f"<header><nav><a href='/'>Home</a></nav></header><main>{teasers}</main>")
    extraction = extract_page(html)
    assert not is_article_like(extraction.text)


def test_article_is_article_like() -> None:
    assert is_article_like(extract_page(page_html(NORTHFIELD)).text)
