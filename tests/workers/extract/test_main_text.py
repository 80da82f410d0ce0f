"""The main text: which of trafilatura's and readability's texts is kept, when readability
runs at all, and what never reaches the text (scripts, styles, hidden elements, entities)."""

from datetime import UTC, datetime

from schemas.feed import FeedEntry
from schemas.ids import article_id
from workers.extract.fusion import Candidates, chosen_text
from workers.extract.main_text import needs_second_opinion
from workers.extract.page import extract_page

LEAD = "The harbour authority approved the new ferry timetable on Monday after a long review."
BODY = "Crossings to the islands will run every forty minutes from June, twice as often as now."
SIDEBAR = "Most read: council budget, school merger, weekend weather, ferry fares, road closures."


def test_readability_is_kept_when_it_holds_trafilaturas_text_and_more() -> None:
    partial = LEAD
    whole = f"{LEAD}\n\n{BODY}"
    assert chosen_text(Candidates(trafilatura=partial, readability=whole)) == whole


def test_trafilatura_is_kept_when_readability_found_something_else() -> None:
    article = f"{LEAD}\n\n{BODY}"
    longer_sidebar = f"{SIDEBAR}\n\n{SIDEBAR}\n\n{SIDEBAR}"
    assert chosen_text(Candidates(trafilatura=article, readability=longer_sidebar)) == article


def test_the_feed_summary_picks_the_text_that_holds_it() -> None:
    candidates = Candidates(trafilatura=f"{SIDEBAR}\n\n{SIDEBAR}", readability=BODY)
    assert chosen_text(candidates, summary=BODY) == BODY
    assert chosen_text(candidates) == candidates.trafilatura


def test_an_empty_candidate_gives_way_to_the_other() -> None:
    assert chosen_text(Candidates(trafilatura="", readability=LEAD)) == LEAD
    assert chosen_text(Candidates(trafilatura=LEAD, readability="")) == LEAD


def test_readability_runs_on_short_texts_and_texts_missing_the_summary() -> None:
    assert needs_second_opinion(LEAD, page_words=500, summary=None)
    assert not needs_second_opinion(LEAD, page_words=30, summary=None)
    assert needs_second_opinion(LEAD, page_words=30, summary=BODY)
    assert not needs_second_opinion(f"{LEAD}\n\n{BODY}", page_words=30, summary=BODY)


PAGE = f"""<html><head><title>Ferry timetable approved</title>
<style>.promo {{ color: red }}</style><script>var tracker = "pageview";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ferry timetable approved</h1>
<p>{LEAD}</p><p hidden>Hidden teaser that no reader sees.</p>
<div style="display: none">A collapsed newsletter box.</div>
<p>{BODY} Fares stay at &pound;4 &amp; children travel free.</p>
<p>The operator said the extra boats had been leased from a Norwegian company for two years,
and that crews were being hired in Valmere and on the islands.</p>
<script>document.write("injected");</script></article>
<footer>Contact us</footer></body></html>"""


def test_page_text_has_paragraphs_and_decoded_entities_and_no_code_or_hidden_text() -> None:
    text = extract_page(PAGE, "https://harbor-ledger.example/ferry").text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == LEAD
    assert f"{BODY} Fares stay at £4 & children travel free." in paragraphs
    for absent in ("tracker", "color", "injected", "Hidden teaser", "newsletter", "Contact"):
        assert absent not in text


def test_the_feed_summary_reaches_the_choice() -> None:
    url = "https://harbor-ledger.example/ferry"
    entry = FeedEntry(
        article_id=article_id(url),
        feed_id="feed",
        url=url,
        summary_html=f"<p>{BODY}</p>",
        discovered_at=datetime(2024, 3, 14, tzinfo=UTC),
    )
    assert BODY in extract_page(PAGE, url, entry=entry).text
