"""The figures of an articles-mode run, as JSON and for people."""

from pathlib import Path
from typing import Any

from bench.articles_eval import ArticlesReport, FoldCount
from bench.report_format import figure, scores_json, share, shown


def _folds_json(counts: dict[str, FoldCount]) -> dict[str, dict[str, int]]:
    return {
        key: {"articles": value.articles, "same_gold_story_as_canonical": value.right}
        for key, value in sorted(counts.items())
    }


def articles_json(report: ArticlesReport, file: Path) -> dict[str, Any]:
    """The figures as one JSON object."""
    scores = report.scores
    return {
        "mode": "articles",
        "file": str(file),
        "articles": report.articles,
        "gold_stories": scores.gold_stories,
        "predicted_stories": scores.predicted_stories,
        "largest_predicted_story": scores.largest_predicted,
        "largest_gold_story": scores.largest_gold,
        "feeds": report.feeds,
        "workers": report.workers,
        "ingested": scores.ingested,
        "missing": scores.missing,
        "duplicated": scores.duplicated,
        "unexpected": scores.unexpected,
        "failed_jobs": report.failed_jobs,
        "bcubed": scores_json(scores.bcubed),
        "pairwise": scores_json(scores.pairwise),
        "adjusted_rand_index": figure(scores.adjusted_rand),
        "pipeline_seconds": report.pipeline_seconds,
        "wall_seconds": report.wall_seconds,
        "articles_per_second": figure(report.articles_per_second),
        "canonical": scores.folds.canonical,
        "tiers": _folds_json(scores.folds.tiers),
        "relations": _folds_json(scores.folds.relations),
    }


def articles_text(report: ArticlesReport, file: Path) -> list[str]:
    """The figures for people, one line each."""
    scores = report.scores
    lines = [
        f"{file.name}: {report.articles} articles in {scores.gold_stories} gold stories, "
        f"{report.feeds} feeds, {report.workers} workers",
        f"ingested {scores.ingested}, missing {scores.missing}, failed jobs {report.failed_jobs}, "
        f"in {report.pipeline_seconds:.1f} s: {report.articles_per_second:.1f} articles/s "
        f"end to end ({report.wall_seconds:.1f} s wall)",
        f"stories: {scores.predicted_stories} predicted vs {scores.gold_stories} gold; the "
        f"largest holds {scores.largest_predicted} articles vs {scores.largest_gold} in gold",
    ]
    if scores.duplicated or scores.unexpected:
        lines.append(
            f"warning: {scores.duplicated} articles exported twice, "
            f"{scores.unexpected} exported articles not in the input"
        )
    lines += ["", f"{'':<20}{'precision':>9}{'recall':>9}{'F1':>9}"]
    for name, figures in (("B-cubed", scores.bcubed), ("pairwise", scores.pairwise)):
        lines.append(
            f"{name:<20}{shown(figures.precision)}{shown(figures.recall)}{shown(figures.f1)}"
        )
    lines += [f"{'adjusted Rand index':<20}{shown(scores.adjusted_rand)}", ""]
    lines.append(f"{'placed as':<28}{'articles':>9}  same gold story as canonical")
    lines.append(f"{'canonical':<28}{scores.folds.canonical:>9}")
    for kind, counts in (("tier", scores.folds.tiers), ("relation", scores.folds.relations)):
        for key, value in sorted(counts.items()):
            lines.append(
                f"{kind + ' ' + key:<28}{value.articles:>9}  {share(value.right, value.articles)}"
            )
    return lines
