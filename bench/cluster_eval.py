"""Measure how newsfold folds articles into stories, on labelled data (issue 3).

    python -m bench.cluster_eval articles FILE.jsonl [--workers W] [--limit N]
                                         [--database-url URL] [--json]
    python -m bench.cluster_eval pairs FILE.jsonl [--same-max 1.5] [--different-min 3]
                                      [--limit N] [--json]

`articles`: labelled articles (`id`, `url`, `outlet`, `published_at`, `title`, `text` or
`html`, `story`) are served as a small web, one RSS feed per outlet, and ingested by the real
pipeline (`bench.articles_eval`). The stories it stores are scored against the gold stories
with B-cubed and pairwise precision/recall/F1 and the adjusted Rand index, and the variants
are counted by the tier and the relation that placed them, with how many of each share their
canonical article's gold story. `--limit N` takes the file's first N articles.

`pairs`: labelled pairs (`label` same/different, or SemEval-2022 Task 8's `overall` rating
cut at --same-max and --different-min) are each decided by the dedupe stage's own `Folder`
(`bench.pairs_eval`), and scored overall and per language pair.

Fold thresholds come from NEWSFOLD_FOLD__* variables as in production, so other settings can
be measured without editing code. Data: /work/shared/eval/ (its README.md describes it).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.articles_eval import evaluate_articles
from bench.articles_report import articles_json, articles_text
from bench.eval_data import read_articles, read_pairs
from bench.pairs_eval import evaluate_pairs
from bench.pairs_report import pairs_json, pairs_text
from services.runtime.logging import configure_logging


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster_eval",
        description="Measure how newsfold folds articles into stories, on labelled data.",
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    articles = modes.add_parser("articles", help="labelled articles through the real pipeline")
    articles.add_argument("file", type=Path)
    articles.add_argument("--workers", type=int, default=2)
    articles.add_argument("--limit", type=int, help="only the file's first N articles")
    articles.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    pairs = modes.add_parser("pairs", help="labelled pairs decided by the dedupe stage's Folder")
    pairs.add_argument("file", type=Path)
    pairs.add_argument("--same-max", type=float, default=1.5)
    pairs.add_argument("--different-min", type=float, default=3.0)
    pairs.add_argument("--limit", type=int, help="only the file's first N pairs")
    for mode in (articles, pairs):
        mode.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def _articles(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    articles = read_articles(args.file, args.limit)
    report = evaluate_articles(articles, workers=args.workers, database_url=args.database_url)
    return articles_json(report, args.file), articles_text(report, args.file)


def _pairs(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    cuts = (args.same_max, args.different_min)
    pairs = read_pairs(args.file, same_max=cuts[0], different_min=cuts[1], limit=args.limit)
    report = evaluate_pairs(pairs)
    return pairs_json(report, args.file, *cuts), pairs_text(report, args.file, *cuts)


def main(argv: list[str]) -> int:
    """Run one mode and print its figures."""
    args = _arguments(argv)
    configure_logging("warning")
    as_json, lines = _articles(args) if args.mode == "articles" else _pairs(args)
    print(json.dumps(as_json) if args.json else "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
