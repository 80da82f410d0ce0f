"""A feed entry's own content as article text, for when its page gives none."""

from schemas.feed import FeedEntry
from workers.extract.boilerplate import clean_text
from workers.extract.paragraphs import html_fragment_text


def feed_text(entry: FeedEntry) -> str:
    """The longer of the entry's content and summary as clean text ('' if it has neither).
    Feeds put the full article in either, or a teaser in both."""
    texts = [
        clean_text(html_fragment_text(html), title=entry.title)
        for html in (entry.content_html, entry.summary_html)
        if html
    ]
    return max(texts, key=len, default="")
