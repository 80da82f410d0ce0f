"""Pages that are broken, hostile or not articles: a clear outcome, never a crash, in
bounded time. Times are CPU seconds of this process, so a busy machine does not fail them."""

import random
import time

import pytest
from structlog.testing import capture_logs

from schemas.article import DateSource
from tests.workers.extract.demo_pages import page_html
from workers.extract.article import NotArticle, not_article_reason
from workers.extract.limits import MAX_ELEMENTS, PageCut
from workers.extract.page import extract_page

PARAGRAPH = (
    "The harbour master said eleven ships were waiting outside the breakwater on Thursday, "
    "and that the queue would take days to clear once the cranes were working again."
)
NORTHFIELD = (
    "northfield-gazette/community/northfield-libraries-add-telescopes-to-lending-catalogue.html"
)


def _paragraphs(count: int) -> str:
    return "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>\n" for n in range(count))


def _cut_codes(logs: list[dict[str, object]]) -> list[object]:
    return [entry["code"] for entry in logs if entry["event"].startswith("page ")]


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


def test_page_labelled_utf8_in_its_meta_but_written_in_windows_1252_is_still_read() -> None:
    raw = _page(f"<article><p>Caf\u00e9 society. {PARAGRAPH}</p></article>").encode("cp1252")
    assert "Caf\u00e9 society." in extract_page(raw).text


def test_page_labelled_latin1_in_its_meta_but_written_in_utf8_is_read_as_utf8() -> None:
    html = _page(f"<article><p>Caf\u00e9 \u201csociety\u201d. {PARAGRAPH}</p></article>")
    raw = html.replace("utf-8", "iso-8859-1").encode("utf-8")
    assert "Caf\u00e9 \u201csociety\u201d." in extract_page(raw).text


def test_utf8_page_cut_inside_a_character_keeps_its_accents() -> None:
    html = _page(f"<article><p>Caf\u00e9 \u201csociety\u201d. {PARAGRAPH}</p><p>{PARAGRAPH}")
    raw = (html + "\u00e9").encode("utf-8")[:-1]
    assert "Caf\u00e9 \u201csociety\u201d." in extract_page(raw).text


@pytest.mark.timeout(30)
def test_deeply_nested_markup_ends_quickly_with_no_text_and_says_why() -> None:
    # libxml2 stops building the tree at depth 256, so content nested deeper is lost: the
    # page counts as empty (the job then falls back to the feed) instead of hanging.
    html = _page("<div>" * 50_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 50_000)
    started = time.process_time()
    with capture_logs() as logs:
        extraction = extract_page(html)
    assert time.process_time() - started < 10
    assert extraction.text == ""
    assert not_article_reason(extraction.text) is NotArticle.NO_TEXT
    assert _cut_codes(logs) == [PageCut.TOO_DEEP]


def test_markup_nested_within_the_parser_limit_is_extracted_without_a_warning() -> None:
    html = _page("<div>" * 200 + _paragraphs(3) + "</div>" * 200)
    with capture_logs() as logs:
        text = extract_page(html).text
    assert "Paragraph 2." in text
    assert _cut_codes(logs) == []


@pytest.mark.timeout(60)
def test_twenty_megabyte_page_is_cut_and_extracted_in_bounded_time() -> None:
    html = _page(f"<article>{_paragraphs(120_000)}</article>")
    assert len(html) > 20_000_000
    started = time.process_time()
    with capture_logs() as logs:
        text = extract_page(html.encode()).text
    assert time.process_time() - started < 20
    assert text.startswith("Paragraph 0.")
    assert "Paragraph 119999." not in text
    assert _cut_codes(logs) == [PageCut.TOO_LONG, PageCut.TOO_MANY_ELEMENTS]


@pytest.mark.timeout(60)
def test_page_of_too_many_elements_keeps_its_first_ones_in_bounded_time() -> None:
    # 3 MB, under the HTTP layer's 5 MiB: an article, then 400,000 one-letter paragraphs
    # (about 2 s cut to 10,000 elements; over a minute uncut).
    html = _page(f"<article>{_paragraphs(3)}</article>" + "<p>x</p>" * 400_000)
    started = time.process_time()
    with capture_logs() as logs:
        text = extract_page(html).text
    assert time.process_time() - started < 20
    assert "Paragraph 2." in text
    assert _cut_codes(logs) == [PageCut.TOO_MANY_ELEMENTS]


def test_a_page_under_the_element_limit_is_not_cut() -> None:
    html = _page(f"<article>{_paragraphs(MAX_ELEMENTS - 10)}</article>")
    with capture_logs() as logs:
        text = extract_page(html).text
    assert "Paragraph 0." in text
    assert _cut_codes(logs) == []


def test_listing_page_has_no_prose() -> None:
    teasers = "".join(
        f"<article><h2><a href='/story-{n}'>Headline number {n} of the day</a></h2>"
        f"<p>Teaser {n} of a story.</p><time>2 hours ago</time></article>"
        for n in range(40)
    )
    html = _page(f"<header><nav><a href='/'>Home</a></nav></header><main>{teasers}</main>")
    assert not_article_reason(extract_page(html).text) in {NotArticle.NO_PROSE, NotArticle.NO_TEXT}


def test_video_page_is_not_an_article() -> None:
    related = "".join(
        f"<li><a href='/video/{n}'>Watch: clip number {n} from the harbour</a> 1:0{n % 10}</li>"
        for n in range(12)
    )
    html = _page(
        "<main><h1>Cranes stand idle at Valmere</h1>"
        "<video controls src='/media/cranes.mp4' poster='/media/cranes.jpg'></video>"
        "<p>Drone footage of the idle terminal. Duration 1:42.</p>"
        f"<aside><h2>More videos</h2><ul>{related}</ul></aside></main>"
    )
    assert not_article_reason(extract_page(html).text) is not None


def test_article_is_article_like() -> None:
    assert not_article_reason(extract_page(page_html(NORTHFIELD)).text) is None
