"""Measure newsfold's page extraction against trafilatura and readability-lxml on labelled pages.

    python -m bench.extract_eval /work/shared/eval/wcxb_dev_articles
        [--limit N] [--jobs J] [--speed-pages N]

Extractors (bench/extract_runners.py), each given the page's bytes: newsfold's `extract_page`
(trafilatura's `bare_extraction` in recall mode without its metadata, readability-lxml where that
text looks partial, and newsfold's own metadata); trafilatura's `bare_extraction` with metadata
and `include_comments=False`, plain and with `favor_precision=True`; readability-lxml's
`Document(html).summary()` as text, and its title.

Accuracy (bench/extract_scores.py), over the first `--limit` pages, `--jobs` processes:
- text: word-level bag-of-words precision, recall and F1 against `main_content`, per page and
  averaged over pages with a main text (an empty extraction scores 0);
- snippets: the share of `with` snippets found in the text and of `without` snippets absent
  from it, pooled over pages; a snippet is matched as a whole-word sequence of lower-cased
  words, and snippets under 3 words are not scored (a `without` "Home" also occurs in prose);
- title: the same lower-cased word sequence; author: the same set of names, a label split on
  commas, ';', '&' and 'and' (so credentials after a comma count as names); publication day:
  the page's labelled day ("YYYY-MM-DD" labels only) against the day the extractor returns
  (newsfold: `published_at.date()`), and how often undated pages get a date anyway.
Speed and memory (bench/extract_speed.py): each extractor in a fresh process pinned to one CPU,
the first `--speed-pages` pages one after the other after a 3-page warm-up; pages per CPU
second, and the peak resident set with the resident set after warm-up in brackets.

WCXB dev split, 2026-11-23 (trafilatura 2.3.1, readability-lxml 0.9, newsfold with the author
box reader; 2 jobs, 200 speed pages). The machine is a shared 2-core VM whose neighbours' load
shows in CPU time: trafilatura alone measured 9.1 to 14.7 pages/s from one run to the next.

                                              newsfold   trafilatura  traf-precise   readability
    text bag-of-words F1                        0.9425        0.9365        0.9128        0.8933
    text precision                              0.9447        0.9404        0.9386        0.9277
    text recall                                 0.9613        0.9532        0.9189        0.9021
    pages with no text                               1             2            10            10
    `with` snippets kept (3167)                  90.2%         89.5%         86.3%         83.5%
    `without` snippets dropped (1452)            93.7%         93.8%         95.5%         95.0%
    title exact (711)                            86.4%         54.7%         54.0%         24.6%
    author exact (553)                           81.6%         66.4%         65.6%           n/a
    publication day exact (587)                  82.6%         84.8%         84.3%           n/a
    a date on undated pages (123)                14.6%         98.4%         96.7%           n/a
    pages/s, one core (200 pages)                 21.9          12.8          12.7           9.1
    peak RSS MB (warm RSS)                    126 (76)      170 (77)      170 (77)       95 (77)
"""

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.extract_data import page_paths
from bench.extract_page_score import PageScore, score_page
from bench.extract_report import report
from bench.extract_runners import EXTRACTORS
from bench.extract_speed import Speed, measure


def accuracy(paths: list[Path], jobs: int) -> list[dict[str, PageScore]]:
    """Every page scored by every extractor, in `jobs` processes (1: in this one)."""
    if jobs <= 1:
        return [score_page(path) for path in paths]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(score_page, paths, chunksize=4))


def speeds(dataset: Path, pages: int) -> dict[str, Speed]:
    """Each extractor's speed and memory, measured one after the other."""
    return {each.name: measure(each.name, dataset, pages) for each in EXTRACTORS}


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="score the first N pages only")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the accuracy pass")
    parser.add_argument(
        "--speed-pages", type=int, default=200, help="pages timed per extractor (0: none)"
    )
    args = parser.parse_args(argv)
    results = accuracy(page_paths(args.dataset, args.limit), args.jobs)
    measured = speeds(args.dataset, args.speed_pages) if args.speed_pages else {}
    print(report(results, measured))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
