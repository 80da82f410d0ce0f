"""The words the generated corpus is written with: content words by rough part of speech, made
up proper names, and the synonyms a spinner swaps in.

Content words are wordfreq's 30,000 most frequent English words less the function words at
the top, sorted into nouns, adjectives, past-tense verbs and adverbs by their endings (no
tagger is installed; "-tion" is a noun and "-ed" a past tense often enough for generated
prose). Names are syllables put together, so no event names a real person.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import top_n_list

_POOL_SIZE = 30_000
# wordfreq's top few hundred are function words and the commonest verbs, which the
# sentence templates already spell out.
_FUNCTION_WORDS = 300
_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ist")
_ADJECTIVE_ENDINGS = ("al", "ous", "ive", "ful", "able", "ible", "ic", "less", "ary", "ish")
# "-ed" words that are not past tenses.
_NOT_VERBS = frozenset({"hundred", "shed", "sacred", "wicked", "naked", "kindred"})
# Kept out of generated news copy.
_UNWANTED = frozenset(
    {"fuck", "fucking", "fucked", "shit", "bitch", "porn", "sex", "nigga", "anal", "rape",
     "raped", "rapist", "molested", "willy", "nude", "naked", "penis", "vagina", "boobs",
     "dick", "cock", "pussy", "horny", "slut", "whore", "faggot", "retard", "retarded"}
)  # fmt: skip

# Hand-picked swaps for the template words a spinner would not leave alone; every other
# content word is swapped for a rarer word of its kind (`_rarer_neighbours`), which is how
# spinners' synonyms lean (workers/dedupe/spin.py).
_SYNONYMS = {
    "said": "stated",
    "told": "informed",
    "added": "remarked",
    "officials": "authorities",
    "residents": "inhabitants",
    "reporters": "journalists",
    "statement": "declaration",
    "plan": "scheme",
    "week": "sennight",
    "weeks": "sennights",
    "comment": "remark",
    "expected": "anticipated",
    "critics": "detractors",
    "analysts": "experts",
    "earlier": "previously",
    "similar": "comparable",
    "began": "commenced",
    "rise": "climb",
    "cost": "price",
    "talks": "negotiations",
    "investigation": "probe",
    "evening": "eve",
    "year": "twelvemonth",
    "people": "persons",
    "large": "sizeable",
    "big": "hefty",
}

FIRST_NAMES = (
    "Anna", "Marco", "Lena", "David", "Priya", "Tomas", "Sara", "Jonas", "Amara", "Felix",
    "Grace", "Omar", "Ines", "Hugo", "Mei", "Rafael", "Clara", "Kwame", "Elena", "Pavel",
    "Nadia", "Lucas", "Yara", "Samuel", "Freya", "Mateo", "Aisha", "Oskar", "Leila", "Victor",
    "Hannah", "Diego", "Ruth", "Kenji", "Maya", "Andrei", "Zoe", "Ibrahim", "Carmen", "Erik",
)  # fmt: skip
_ONSETS = (
    "b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p",
    "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "th", "al", "or", "el", "an",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "ia")
_CODAS = ("", "", "", "n", "r", "l", "s", "nd", "rk", "m", "st", "v")
_PLACE_ENDINGS = ("ford", "by", "mere", "ton", "ia", "haven", "wick", "stad", "ovo", "field")


@dataclass(frozen=True)
class Vocabulary:
    """Content words by kind, most frequent first, and each one's spinner synonym."""

    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    verbs: tuple[str, ...]
    adverbs: tuple[str, ...]
    synonyms: dict[str, str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary, read from wordfreq once per process."""
    kinds: dict[str, list[str]] = {"noun": [], "adjective": [], "verb": [], "adverb": []}
    for word in top_n_list("en", _POOL_SIZE)[_FUNCTION_WORDS:]:
        if word.isascii() and word.isalpha() and len(word) >= 3 and word not in _UNWANTED:
            kinds[_kind(word)].append(word)
    synonyms: dict[str, str] = {}
    for words in kinds.values():
        synonyms.update(_rarer_neighbours(words))
    synonyms.update(_SYNONYMS)
    return Vocabulary(
        tuple(kinds["noun"]),
        tuple(kinds["adjective"]),
        tuple(kinds["verb"]),
        tuple(kinds["adverb"]),
        synonyms,
    )


def common(rng: random.Random, words: Sequence[str], bias: float = 2.5) -> str:
    """A word of `words` (most frequent first), the frequent ones likelier: a higher `bias`
    leans harder towards the top, as running text does."""
    return words[int(len(words) * rng.random() ** bias)]


def plural(noun: str) -> str:
    """The regular English plural, which generated prose can live with; a word already
    ending in a single "s" is taken for a plural."""
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun
    if noun.endswith(("s", "x", "ch", "sh", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def name_word(rng: random.Random, syllables: int) -> str:
    """A pronounceable made-up name such as "Korvel"."""
    parts = [
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    ]
    return "".join(parts).capitalize()


def person(rng: random.Random) -> str:
    """A made-up person's full name."""
    return f"{rng.choice(FIRST_NAMES)} {name_word(rng, 2)}"


def place(rng: random.Random) -> str:
    """A made-up town or region."""
    name = name_word(rng, rng.randint(1, 2)) + rng.choice(_PLACE_ENDINGS)
    prefix = rng.choice(("", "", "", "North ", "Port ", "East ", "Upper "))
    return prefix + name


def _kind(word: str) -> str:
    if word.endswith(_NOUN_ENDINGS):
        return "noun"
    if word.endswith(_ADJECTIVE_ENDINGS):
        return "adjective"
    if (
        word.endswith("ed")
        and not word.endswith("eed")
        and len(word) > 4
        and word not in _NOT_VERBS
    ):
        return "verb"
    if word.endswith("ly") and len(word) > 4:
        return "adverb"
    # Words with no telling ending ("house", "water", "market") read as nouns in slots
    # that take nouns more often than in any other.
    return "noun"


def _rarer_neighbours(words: list[str]) -> dict[str, str]:
    # Each word maps to one a little further down the frequency list: a rarer word of the
    # same kind, as spinners' synonyms are. The step varies so the swaps are not one shift.
    return {
        word: words[min(rank + 1 + rank % 5, len(words) - 1)]
        for rank, word in enumerate(words)
        if rank + 1 < len(words)
    }
