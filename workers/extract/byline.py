"""The authors a page's byline names: "By Ann Lee and Bo Chen", next to the headline.

Read from the header's lines (`header`), so a related article's or a comment's byline is
never taken. A byline often continues into the next elements ("By" | "Ann Lee" | ", Senior
Editor" | "Updated May 5, 2025"): names are read until a line that is not part of one.
"""

import re

from workers.extract.shown_dates import shown_dates

# "By", "Written by", "Words by", "Author:"; "Reviewed by", "Edited by", "Photo by" name
# someone else than the author and do not match.
_BYLINE = re.compile(
    r"^(?:(?:written|words|posted|story|text|recipe|authored)\s+)?by\b\s*:?\s*(?P<rest>.*)$"
    r"|^authors?\b\s*:?\s*(?P<after>.*)$",
    re.IGNORECASE,
)
_SEGMENT_SEPARATOR = re.compile(r"\s*[,;|]\s*")
_JOINED = re.compile(r"^\s*(?:,|&|and\b)|(?:,|&|\band)\s*$", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"\s*(?:&|\band\b)\s*", re.IGNORECASE)

# What a byline says besides names: roles and the bits that follow them.
_ROLE_WORDS = frozenset(
    {"editor", "editors", "writer", "reporter", "correspondent", "contributor", "staff",
     "expert", "analyst", "columnist", "director", "manager", "ceo", "founder", "head",
     "senior", "chief", "desk", "professor"}
)  # fmt: skip
# Words that end a byline: what follows is its date, reading time or sharing buttons.
_END_WORDS = frozenset(
    {"updated", "published", "posted", "modified", "min", "read", "reviewed", "fact",
     "checked", "comments", "share", "follow", "bio", "on", "in", "at"}
)  # fmt: skip

# A person's name runs from one word ("Clay", a blogger's handle) to five ("Marna van der
# Merwe"); longer text after "by" is a sentence ("by the end of the year ...").
_MAX_NAME_WORDS = 5
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin",
     "ibn", "al", "el", "dos", "das", "ten", "ter", "y"}
)  # fmt: skip
_MAX_LINES = 4
# A byline line holds a label, names and roles: a longer line starting with "By" is prose.
_MAX_BYLINE_CHARS = 80


def byline_authors(lines: list[str]) -> list[str]:
    """The names in the first byline among `lines`, in order; [] when there is none."""
    for index, line in enumerate(lines):
        match = _BYLINE.match(line.strip())
        if match is None:
            continue
        rest = (match["rest"] if match["rest"] is not None else match["after"]) or ""
        following = lines[index + 1 : index + 1 + _MAX_LINES]
        return _names([rest, *following] if rest.strip() else following)
    return []


def first_naming_byline(lines: list[str]) -> list[str]:
    """The names of the first byline among `lines` that names someone; for lines from all
    over a page, where "By" also starts a sentence or a caption that names nobody."""
    for index, line in enumerate(lines):
        if len(line) > _MAX_BYLINE_CHARS or _BYLINE.match(line.strip()) is None:
            continue
        if names := byline_authors(lines[index : index + 1 + _MAX_LINES]):
            return names
    return []


def names_in(text: str) -> list[str]:
    """The names one element's text gives ("By Ann Lee, Senior Editor", "Ann Lee and Bo
    Chen"), roles left out; [] when it is not a byline's text."""
    return names_in_texts([text])


def names_in_texts(texts: list[str]) -> list[str]:
    """The names an element gives through its text nodes in order ("By" | "Ann Lee" |
    ", Senior Editor"): a neighbouring element's text ("Ann Lee" | "USA TODAY") is not
    read as part of the name."""
    if not texts:
        return []
    match = _BYLINE.match(texts[0].strip())
    if match is None:
        return _names(texts)
    rest = (match["rest"] if match["rest"] is not None else match["after"]) or ""
    return _names([rest, *texts[1:]] if rest.strip() else texts[1:])


def _names(parts: list[str]) -> list[str]:
    names: list[str] = []
    for index, part in enumerate(parts):
        if index and not _JOINED.search(parts[index - 1]) and not _JOINED.match(part):
            break  # a byline goes on into the next element only after "and", "&" or ","
        if shown_dates([part]):
            break
        for segment in _SEGMENT_SEPARATOR.split(part):
            found = _segment_names(segment)
            if found is None:
                return names
            names += [name for name in found if name not in names]
    return names


def _segment_names(segment: str) -> list[str] | None:
    # The names of one comma-separated segment; None where the byline ends.
    words = {word.strip(".:").lower() for word in segment.split()}
    if words & _END_WORDS:
        return None
    # A role after a name ("Ann Lee, Senior Editor") is skipped.
    if words & _ROLE_WORDS:
        return []
    names = [" ".join(piece.split()) for piece in _NAME_SEPARATOR.split(segment)]
    names = [name for name in names if name]
    return names if all(looks_like_name(name) for name in names) else None


def looks_like_name(text: str) -> bool:
    """True for text shaped like a person's name: up to five capitalised words ("Marna van der
    Merwe"), no digits."""
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS or any(ch.isdigit() for ch in text):
        return False
    # Every word of a name is capitalised but its particles ("Marna van der Merwe");
    # "Insights from" is a label.
    return (
        words[0][0].isupper()
        and all(word[0].isupper() or not word[0].isalpha() or word in _PARTICLES for word in words)
        and not text.endswith(":")
    )
