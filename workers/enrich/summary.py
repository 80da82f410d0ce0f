"""An article's lead summary: its first sentences, cut at a sentence end.

News puts the essentials first (the inverted pyramid), so the lead is the summary a reader
expects. Sentences come from spaCy's rule-based sentencizer on the language's tokenizer,
whose exceptions keep "Mr." and "U.S." inside a sentence.
"""

import re
from functools import cache
from typing import Any

from workers.enrich.ner_models import import_spacy

# What may end a paragraph that reads as prose; a headline, byline or dateline does not.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_SPACE = re.compile(r"\s+")
# Paragraphs looked at: the lead is in the first few.
_PARAGRAPHS_READ = 6
# A line this long is prose even without a sentence end: a paragraph cut short, or a whole
# text on one line (feed content, excerpts).
_PROSE_CHARACTERS = 150


def lead_summary(text: str, title: str | None, language: str | None, limit: int) -> str | None:
    """Whole sentences from the start of the article's prose, as many as fit in `limit`
    characters (at least one); a first sentence longer than twice `limit` is cut at a
    word and ends with an ellipsis. None for a text without prose."""
    sentences = _sentences(_lead_paragraphs(text, title), language)
    summary = ""
    for sentence in sentences:
        longer = f"{summary} {sentence}".strip()
        if summary and (len(longer) > limit or not _SENTENCE_END.search(sentence)):
            break
        summary = longer
    if len(summary) > 2 * limit:
        summary = summary[: 2 * limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return summary or None


def _lead_paragraphs(text: str, title: str | None) -> str:
    """The first paragraphs that read as prose (headline repeats, bylines and datelines
    left out), joined by spaces."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    prose = [
        line
        for line in lines
        if line != (title or "").strip()
        and (_SENTENCE_END.search(line) or len(line) >= _PROSE_CHARACTERS)
    ]
    return " ".join(prose[:_PARAGRAPHS_READ])


def _sentences(text: str, language: str | None) -> list[str]:
    if not text:
        return []
    document = _sentencizer(language or "xx")(text)
    return [sentence.text.strip() for sentence in document.sents if sentence.text.strip()]


@cache
def _sentencizer(language: str) -> Any:
    """A tokenizer-and-sentencizer pipeline for `language` (spaCy's multi-language one
    where spaCy has no tokenizer for it), built once per process."""
    spacy = import_spacy()
    try:
        nlp = spacy.blank(language)
    except ImportError:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp
