"""The figures of a pairs-mode run, as JSON and for people."""

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench.eval_data import Label
from bench.pairs_eval import PairCounts, PairDecision, PairsReport, count
from bench.report_format import figure, scores_json, share, shown

# Distinct error messages listed in the text report; the JSON has them all.
_ERRORS_SHOWN = 3


def _grouped(
    decisions: Iterable[PairDecision], key: Callable[[PairDecision], str | None]
) -> dict[str, list[PairDecision]]:
    groups: dict[str, list[PairDecision]] = {}
    for decision in decisions:
        name = key(decision)
        if name is not None:
            groups.setdefault(name, []).append(decision)
    return dict(sorted(groups.items()))


def _by_gold_label(decisions: list[PairDecision]) -> dict[str, list[PairDecision]]:
    """The decisions per gold label: same, left out, different."""
    return {label.value: [d for d in decisions if d.pair.label is label] for label in Label}


def _languages(decision: PairDecision) -> str:
    return decision.pair.languages


def _relation(decision: PairDecision) -> str | None:
    return decision.relation.value if decision.folded and decision.relation else None


def _tier(decision: PairDecision) -> str | None:
    return decision.tier.value if decision.folded and decision.tier else None


def _by_label(decisions: list[PairDecision]) -> dict[str, int]:
    return {label.value: sum(d.pair.label is label for d in decisions) for label in Label}


def folded_as(decisions: list[PairDecision]) -> dict[str, dict[str, int]]:
    """Folded pairs per relation and per tier, counted by gold label."""
    return {
        f"{kind} {name}": _by_label(group)
        for kind, key in (("relation", _relation), ("tier", _tier))
        for name, group in _grouped(decisions, key).items()
    }


def _errors(decisions: list[PairDecision]) -> Counter[str]:
    return Counter(d.error for d in decisions if d.error is not None)


def _counts_json(counts: PairCounts) -> dict[str, Any]:
    return {
        "pairs": counts.pairs,
        "same": counts.same,
        "true_positives": counts.true_positives,
        "false_positives": counts.false_positives,
        "false_negatives": counts.false_negatives,
        "errors": counts.errors,
        **scores_json(counts.scores),
    }


def pairs_json(
    report: PairsReport, file: Path, same_max: float, different_min: float
) -> dict[str, Any]:
    """The figures as one JSON object."""
    decisions = report.decisions
    return {
        "mode": "pairs",
        "file": str(file),
        "pairs": len(decisions),
        "same_max": same_max,
        "different_min": different_min,
        "labels": _by_label(decisions),
        "overall": _counts_json(count(decisions)),
        "languages": {
            name: _counts_json(count(group))
            for name, group in _grouped(decisions, _languages).items()
        },
        "folded_by_label": {
            name: {"pairs": len(group), "folded": sum(d.folded for d in group)}
            for name, group in _by_gold_label(decisions).items()
        },
        "folded_as": folded_as(decisions),
        "errors": dict(_errors(decisions).most_common()),
        "seconds": report.seconds,
        "pairs_per_second": figure(report.pairs_per_second),
    }


def _counts_row(name: str, counts: PairCounts) -> str:
    scores = counts.scores
    return (
        f"{name:<10}{counts.pairs:>6}{counts.same:>6}{counts.true_positives:>6}"
        f"{counts.false_positives:>6}{counts.false_negatives:>6}{counts.errors:>7}"
        f"{shown(scores.precision, 11)}{shown(scores.recall)}{shown(scores.f1)}"
    )


def _error_lines(decisions: list[PairDecision]) -> list[str]:
    errors = _errors(decisions)
    if not errors:
        return []
    lines = ["", f"folding failed on {sum(errors.values())} pairs (left out of the scores):"]
    lines += [
        f"  {number} x {message[:120]}" for message, number in errors.most_common(_ERRORS_SHOWN)
    ]
    return lines


def pairs_text(report: PairsReport, file: Path, same_max: float, different_min: float) -> list[str]:
    """The figures for people, one line each."""
    decisions = report.decisions
    labels = _by_label(decisions)
    lines = [
        f"{file.name}: {len(decisions)} pairs: {labels['same']} same, "
        f"{labels['different']} different, {labels['left out']} left out "
        f"(a rating <= {same_max:g} is the same story, >= {different_min:g} a different one)",
        f"decided in {report.seconds:.1f} s ({report.pairs_per_second:.1f} pairs/s)",
        "",
        f"{'languages':<10}{'pairs':>6}{'same':>6}{'TP':>6}{'FP':>6}{'FN':>6}{'errors':>7}"
        f"{'precision':>11}{'recall':>9}{'F1':>9}",
        _counts_row("all", count(decisions)),
    ]
    for name, group in _grouped(decisions, _languages).items():
        lines.append(_counts_row(name, count(group)))
    lines += ["", f"{'gold label':<12}{'pairs':>6}  folded"]
    for name, group in _by_gold_label(decisions).items():
        lines.append(
            f"{name:<12}{len(group):>6}  {share(sum(d.folded for d in group), len(group))}"
        )
    lines += ["", f"{'folded as':<28}{'pairs':>6}{'same':>6}{'left out':>10}{'different':>11}"]
    for name, split in folded_as(decisions).items():
        lines.append(
            f"{name:<28}{sum(split.values()):>6}{split['same']:>6}"
            f"{split['left out']:>10}{split['different']:>11}"
        )
    return lines + _error_lines(decisions)
