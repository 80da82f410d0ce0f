"""The article's title: the headline the page shows, or a declared title cleared of the site
name that og:title and <title> carry ("Headline | The Site", "The Site - Headline").

The h1 is what readers see as the title, but a page's h1 is at times its logo or a section
name. It is trusted when a declared title (JSON-LD headline, og:title, twitter:title,
<title>) agrees with it; otherwise the declared title is.
"""

import re
from urllib.parse import urlsplit

# Separators between a headline and the site name in og:title and <title> ("Blog: Post"
# too; a headline's own colon is left alone, as only a part naming the site is dropped).
_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u2022\u00b7:\u00bb]{1,2}\s+|(?<=\w):\s+")
_WORD = re.compile(r"\w+")

# An h1 and a declared title agree when this share of the shorter's words is in the other.
# Headlines differ from their og:title by a word or two ("Best X in 2025" vs "Best X").
_AGREEMENT = 0.6


def choose_title(
    headline: str | None, declared: list[str], site_names: list[str], url: str | None
) -> str | None:
    """The title: the page's h1 `headline` when one of the `declared` titles agrees with
    it, else the first declared title without its site name; None when there is neither."""
    site = _Site(site_names, url)
    stripped = [site.strip_from(title) for title in declared]
    if headline and site.is_named_by(headline):
        headline = None
    if headline and (not stripped or any(_agree(headline, title) for title in stripped)):
        return headline
    return stripped[0] if stripped else headline


class _Site:
    """The site's name as its metadata and its host name spell it ("Wine Folly" at
    winefolly.com, "Spice AI" at spice.ai), compared by letters and digits only."""

    def __init__(self, names: list[str], url: str | None) -> None:
        self.names = {_letters(name) for name in names if _letters(name)}
        self.host = _letters(urlsplit(url).hostname or "") if url else ""

    def is_named_by(self, text: str) -> bool:
        letters = _letters(text)
        return bool(letters) and (letters in self.names or letters in self.host)

    def strip_from(self, title: str) -> str:
        """`title` without the site's name as its first or last part."""
        parts = _SEPARATOR.split(title)
        if len(parts) < 2:
            return title
        if self.is_named_by(parts[-1]):
            return _join(title, parts[:-1])
        if self.is_named_by(parts[0]):
            return _join(title, parts[1:])
        return title


def _join(title: str, kept: list[str]) -> str:
    # The separators between the kept parts are the title's own ("Best X: Top 5 | Site").
    start = title.index(kept[0])
    end = title.rindex(kept[-1]) + len(kept[-1])
    return title[start:end]


def _agree(headline: str, title: str) -> bool:
    ours, theirs = set(_WORD.findall(headline.lower())), set(_WORD.findall(title.lower()))
    if not ours or not theirs:
        return False
    return len(ours & theirs) >= _AGREEMENT * min(len(ours), len(theirs))


def _letters(text: str) -> str:
    return "".join(_WORD.findall(text.lower())).replace("_", "")
