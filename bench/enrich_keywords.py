"""How telling keywords are: articles of one story should share a keyword, articles of
different stories should not.

    PYTHONPATH=. python -m bench.enrich_keywords [FILE.jsonl] [--pairs 800] [--yake]

Over AllSides (../shared/eval/allsides_roundups.jsonl: articles with a gold story), draws
`--pairs` pairs of articles of one story and as many of different stories, and prints for
newsfold's keywords (workers/enrich/keywords.py) how often each kind of pair shares one
(compared case aside) and the CPU ms per article; `--yake` adds YAKE (pip install yake) with
1-, 2- and 3-word keywords, the usual alternative.
"""

import argparse
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bench.eval_data import LabelledArticle, read_articles
from workers.enrich.keywords import KEYWORDS_KEPT, keywords

DEFAULT_FILE = (
    Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "allsides_roundups.jsonl"
)
Pair = tuple[int, int]


def draw_pairs(
    articles: list[LabelledArticle], count: int, seed: int
) -> tuple[list[Pair], list[Pair]]:
    """`count` pairs of one story and `count` of different stories, drawn reproducibly."""
    rng = random.Random(seed)
    by_story: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        by_story[article.story].append(index)
    same = [pair for ids in by_story.values() for pair in itertools.combinations(ids, 2)]
    same = rng.sample(same, min(count, len(same)))
    different: list[Pair] = []
    while len(different) < count:
        a, b = rng.sample(range(len(articles)), 2)
        if articles[a].story != articles[b].story:
            different.append((a, b))
    return same, different


def measure(
    name: str,
    extract: Callable[[str], list[str]],
    articles: list[LabelledArticle],
    pairs: tuple[list[Pair], list[Pair]],
) -> None:
    started = time.process_time()
    found = [{k.casefold() for k in extract(a.text or "")} for a in articles]
    ms = (time.process_time() - started) / len(articles) * 1000
    same, different = (
        sum(bool(found[a] & found[b]) for a, b in group) / len(group) for group in pairs
    )
    print(
        f"{name:>16}: one story {same:.3f}, different stories {different:.3f}, "
        f"difference {same - different:.3f}; {ms:.2f} CPU ms per article"
    )


def yake_extractor(words: int) -> Callable[[str], list[str]]:
    import yake  # type: ignore[import-not-found]

    extractor = yake.KeywordExtractor(lan="en", n=words, top=KEYWORDS_KEPT)
    return lambda text: [keyword for keyword, _ in extractor.extract_keywords(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--pairs", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--yake", action="store_true")
    args = parser.parse_args()
    articles = list(read_articles(args.file))
    pairs = draw_pairs(articles, args.pairs, args.seed)
    print(f"{len(articles)} articles; share of article pairs with a keyword in common:")
    measure("newsfold", lambda text: keywords(text, "en"), articles, pairs)
    if args.yake:
        for words in (1, 2, 3):
            measure(f"YAKE, {words} word(s)", yake_extractor(words), articles, pairs)


if __name__ == "__main__":
    main()
