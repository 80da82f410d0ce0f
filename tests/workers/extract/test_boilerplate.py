"""The boilerplate rules: junk lines go, real sentences stay, whatever words they share."""

import pytest

from workers.extract.boilerplate import JUNK_LINES, clean_text, is_junk_line

ICON_RUN = (
    "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon "
    "chevron righticon chevron upicon closeicon v-compressicon downloadicon editicon"
)


@pytest.mark.parametrize(
    "line",
    [
        "Source link",
        "By admin",
        "by and",
        "Leave a Reply",
        "Your email address will not be published.",
        "Your email address will not be published. Required fields are marked *",
        " date 2022-01-28 Press play to hearken to this text",
        "Press play to listen to this article",
        "You have 63.84% of this article to read. The rest is reserved for subscribers.",
        "The rest is reserved for subscribers.",
        "/Media reports.",
        "/Public Release.",
        "You May Also Like",
        "Related",
        "Related Articles",
        "TOP news",
        "Share this:",
        "Share this article",
        "Facebook Twitter WhatsApp Email",
        "Connect with us",
        "Hi, what are you looking for?",
        "Search",
        "Subscribe",
        "Like this:",
        "Loading...",
        "Advertisement",
        "Updated 3 hours ago",
        "5 min read",
        "The post Port strike halts traffic appeared first on Harbor Ledger.",
        "Sun. May 22nd, 2022",
        "28 Jan, 2022 15:33",
        "Friday, January 28, 2022",
        "2022-01-28T14:52:00Z",
        "Published January 28, 2022 at 18h25, updated January 29, 2022 at 09h02",
        "28/01/2022 | 15:33 GMT",
        ICON_RUN,
    ],
)
def test_junk_line_is_removed(line: str) -> None:
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The source said the talks would continue into next week.",
        "Source: Reuters",
        "By contrast, the ministry said nothing about the talks.",
        "By 2030, every crane at the terminal will be automated.",
        "The bill was passed by and large along party lines.",
        "Share prices fell 3% on Monday after the announcement.",
        "Related talks in Geneva ended without an agreement on Friday.",
        "Search and rescue teams arrived at the scene within the hour.",
        "January 28, 2022 was the day the two leaders spoke.",
        "May 2021",
        "On Friday",
        "Like many ports, Valmere has struggled to hire crane operators.",
        "Leave a message after the tone, the recording said.",
        "You have 24 hours to respond, the ultimatum said.",
        "The icon of the movement, a red flag, hung above the gate.",
        "Subscribers will get the report first.",
    ],
)
def test_real_sentence_survives(line: str) -> None:
    assert not is_junk_line(line)


def test_every_rule_has_a_name_and_compiles() -> None:
    assert len(JUNK_LINES) >= 10
    assert all(pattern.pattern for pattern in JUNK_LINES.values())


def test_clean_text_keeps_paragraphs_and_their_lines() -> None:
    text = "First paragraph.\nIts second line.\n\nSource link\n\nSecond paragraph."
    assert clean_text(text) == "First paragraph.\nIts second line.\n\nSecond paragraph."


def test_repeated_headline_is_removed_only_at_the_top() -> None:
    title = "Putin & Macron hold crunch talks"
    top = clean_text(f"{title}\n\nThe standfirst.\n\nBody.", title=title)
    assert top == "The standfirst.\n\nBody."
    text = "One.\n\nTwo.\n\nThree.\n\nFour.\n\nPutin and Macron hold crunch talks"
    assert clean_text(text, title=title) == text


def test_site_name_with_tagline_is_removed() -> None:
    text = "The article.\n\nCentral Tribune - Politic News"
    assert clean_text(text, site_name="Central Tribune") == "The article."
    kept = "Central Tribune reported the story first, an editor said."
    assert clean_text(kept, site_name="Central Tribune") == kept


def test_junk_sharing_a_paragraph_with_text_leaves_the_text() -> None:
    text = "28 Jan, 2022 15:33\nThe call lasted an hour."
    assert clean_text(text) == "The call lasted an hour."
