"""How close one extraction is to a page's ground truth: text, snippets, title, authors, day.

Texts and snippets are compared as sequences of lower-cased words (`\\w+`), so punctuation,
whitespace and typographic quotes never decide a match.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

_WORD = re.compile(r"\w+")
# WCXB's author labels join several names with these; credentials after a comma
# ("Dylan Bailey, MS, RD") become names of their own, which such a page then cannot match.
_AUTHOR_SEPARATORS = re.compile(r",|;|&|\band\b", re.I)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Snippets shorter than this are left out of the snippet rates: a one- or two-word `without`
# snippet ("Home", "Privacy Policy") also occurs in prose, and on WCXB's dev pages 1,308 of
# the 2,787 `without` snippets (and 5 of 3,171 `with` snippets) are that short.
MIN_SNIPPET_WORDS = 3


@dataclass(frozen=True)
class TextScores:
    """Bag-of-words precision, recall and F1 of an extracted text against the expected one."""

    precision: float
    recall: float
    f1: float


def words(text: str) -> list[str]:
    """The lower-cased words of `text`."""
    return _WORD.findall(text.lower())


def bag_scores(extracted: str, expected: str) -> TextScores:
    """Word-count overlap of two texts; an empty extraction scores 0 on all three."""
    found = Counter(words(extracted))
    truth = Counter(words(expected))
    overlap = sum((found & truth).values())
    if not overlap:
        return TextScores(0.0, 0.0, 0.0)
    precision = overlap / sum(found.values())
    recall = overlap / sum(truth.values())
    return TextScores(precision, recall, 2 * precision * recall / (precision + recall))


def snippets_found(text: str, snippets: list[str]) -> tuple[int, int]:
    """How many of the scored snippets (MIN_SNIPPET_WORDS or more) occur in `text` as whole
    words, and how many were scored."""
    haystack = f" {' '.join(words(text))} "
    scored = [words(snippet) for snippet in snippets]
    scored = [snippet for snippet in scored if len(snippet) >= MIN_SNIPPET_WORDS]
    found = sum(f" {' '.join(snippet)} " in haystack for snippet in scored)
    return found, len(scored)


def same_title(extracted: str | None, expected: str) -> bool:
    """True when both titles have the same words in the same order."""
    return bool(extracted) and words(extracted or "") == words(expected)


def author_names(authors: str | list[str] | None) -> frozenset[tuple[str, ...]]:
    """The set of names in an author label or list, each as its lower-cased words."""
    labels = [authors] if isinstance(authors, str) else authors or []
    names = (name for label in labels for name in _AUTHOR_SEPARATORS.split(label))
    return frozenset(tuple(words(name)) for name in names if words(name))


def same_authors(extracted: str | list[str] | None, expected: str) -> bool:
    """True when the extraction names exactly the labelled authors, in any order."""
    return bool(author_names(expected)) and author_names(extracted) == author_names(expected)


def labelled_day(label: str | None) -> date | None:
    """The publication day of a ground-truth label ("2025-09-04"); None for an undated page
    or a label coarser than a day."""
    return date.fromisoformat(label) if label and _ISO_DAY.fullmatch(label) else None
