"""An article's length in words and the time it takes to read."""

import re

# A word: letters or digits, joined by inner apostrophes and hyphens ("don't", "well-known"
# and "COVID-19" are one word each). Text without spaces (Chinese, Japanese) counts a run
# as one word, so its reading time is too short.
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def word_count(text: str) -> int:
    """How many words the text has."""
    return sum(1 for _ in _WORD.finditer(text))


def reading_time_seconds(words: int, words_per_minute: int) -> int:
    """Seconds to read `words` words silently at `words_per_minute` (rounded; at least one
    second for a text with any word)."""
    if words == 0:
        return 0
    return max(1, round(words * 60 / words_per_minute))
