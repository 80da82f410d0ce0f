"""An article's keywords: its rarest frequent words and the names it repeats.

A word weighs (1 + log of its count) times its rarity, rarity being 7 minus wordfreq's Zipf
frequency (7 for "the", about 1 for a word seen once in a billion), the weighting the dedupe
stage's term vectors use. Runs of capitalized words ("Supreme Court", "Colin Powell") are
candidates of their own, weighing their words' mean rarity. Measured on AllSides
(bench/enrich_keywords.py): 88% of pairs of articles of one story share a keyword against
10% of pairs of different stories; YAKE's best (one-word keywords) 92% against 19%, at nine
times the CPU (3.5 ms per article).
"""

import math
import re
from collections import Counter, defaultdict

from wordfreq import available_languages, zipf_frequency

KEYWORDS_KEPT = 10
_MAX_ZIPF = 7.0
# Words commoner than this ("said", "year", "people": Zipf 5+) say nothing about an article.
_COMMON_ZIPF = 5.0
# A phrase is a run of 2 to 4 capitalized words; longer runs are headlines in title case.
_PHRASE_WORDS = (2, 4)
# A phrase of n words weighs (1 + 0.5 (n - 1)) times its words' mean rarity: "Supreme Court"
# says more than "Supreme" or "Court" alone, though each is commoner than "sued".
_PHRASE_BONUS = 0.5
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*[^\W_])?")
# Clauses: a phrase never spans punctuation.
_CLAUSE = re.compile(r"[^.,;:!?()\[\]\"\u201c\u201d\u00ab\u00bb\u2013\u2014\n]+")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_KNOWN_LANGUAGES = frozenset(available_languages())


def keywords(text: str, language: str | None, limit: int = KEYWORDS_KEPT) -> list[str]:
    """The `limit` most telling words and names of `text`, best first, each in the form the
    text uses most."""
    wordlist = language if language in _KNOWN_LANGUAGES else None
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for clause in _CLAUSE.findall(text):
        tokens = [_POSSESSIVE.sub("", token) for token in _WORD.findall(clause)]
        for candidate in [*tokens, *_capitalized_runs(tokens, wordlist)]:
            key = candidate.casefold()
            counts[key] += 1
            forms[key][candidate] += 1
    scores = {
        key: (1.0 + math.log(count)) * rarity
        for key, count in counts.items()
        if (rarity := _rarity(key, wordlist)) > 0
    }
    kept: list[str] = []
    for key in sorted(scores, key=lambda key: (-scores[key], key)):
        if len(kept) == limit:
            break
        if not _inside_kept_phrase(key, kept, counts):
            kept.append(key)
    return [forms[key].most_common(1)[0][0] for key in kept]


def _inside_kept_phrase(key: str, kept: list[str], counts: Counter[str]) -> bool:
    """Whether `key` is a word that only ever appears inside a phrase already kept
    ("Joint" beside "Joint Chiefs")."""
    return " " not in key and any(
        key in phrase.split() and counts[phrase] >= counts[key] for phrase in kept
    )


def _capitalized_runs(tokens: list[str], wordlist: str | None) -> list[str]:
    """Runs of capitalized words, common words at either end left out ("The Supreme
    Court" gives "Supreme Court")."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token[0].isupper():
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    phrases = []
    for run in runs:
        while run and _zipf(run[0].casefold(), wordlist) > _COMMON_ZIPF:
            run = run[1:]
        while run and _zipf(run[-1].casefold(), wordlist) > _COMMON_ZIPF:
            run = run[:-1]
        if _PHRASE_WORDS[0] <= len(run) <= _PHRASE_WORDS[1]:
            phrases.append(" ".join(run))
    return phrases


def _rarity(key: str, wordlist: str | None) -> float:
    """How telling a candidate is: 0 for short or common words, else 7 minus its words'
    mean Zipf frequency."""
    parts = key.split()
    if len(parts) == 1 and (len(key) < 3 or _zipf(key, wordlist) > _COMMON_ZIPF):
        return 0.0
    mean = _MAX_ZIPF - sum(_zipf(part, wordlist) for part in parts) / len(parts)
    return mean * (1.0 + _PHRASE_BONUS * (len(parts) - 1))


def _zipf(word: str, wordlist: str | None) -> float:
    """wordfreq's Zipf frequency; without a word list for the language (or a segmenter for
    Chinese and Japanese), every word counts as rare and only counts rank them."""
    if wordlist is None:
        return 0.0
    try:
        return float(zipf_frequency(word, wordlist))
    except ImportError:
        return 0.0
