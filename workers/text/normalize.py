"""Text normalization for comparing articles, not for display."""

import re
import unicodedata

# Typographic variants that syndication and CMS "smart quotes" introduce into copies of
# the same text; folded so that an exact copy hashes the same.
_PUNCTUATION_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The lower-cased words of `text` after Unicode (NFKC) and punctuation folding."""
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION_FOLD).casefold()
    return _WORD.findall(folded)


def normalized_text(text: str) -> str:
    """`text` as its words joined by single spaces: whitespace, quotes, case and
    punctuation no longer distinguish two copies."""
    return " ".join(words(text))
