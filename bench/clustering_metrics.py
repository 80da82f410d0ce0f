"""Scores of a predicted clustering against gold labels, and of binary same/different calls.

A clustering is a mapping from item to cluster label; the predicted and gold mappings must
cover the same items (an item the system lost can be scored as a cluster of its own). All
three clustering scores are computed from the contingency table of the two partitions:

- B-cubed (Amigó, Gonzalo, Artiles & Verdejo 2009, "A comparison of extrinsic clustering
  evaluation metrics based on formal constraints"): an item's precision is the share of its
  predicted cluster (itself included) that shares its gold label, its recall the share of its
  gold class that shares its predicted cluster; both are averaged over items, and F1 is their
  harmonic mean (the paper's F with alpha = 0.5).
- Pairwise: over all unordered pairs of items, a pair placed together is a true positive when
  its two items share a gold label.
- Adjusted Rand index (Hubert & Arabie 1985): the pair agreement corrected for chance,
  1.0 for identical partitions and about 0 for independent ones.

A score whose denominator is empty (precision with nothing predicted positive, recall with
nothing positive in the gold labels) is None rather than a made-up 0 or 1.
"""

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from math import comb
from typing import TypeVar

# Items may be of any hashable type; Mapping is invariant in its key type.
Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True)
class Scores:
    """Precision, recall and their harmonic mean; None where undefined."""

    precision: float | None
    recall: float | None
    f1: float | None


def f1_of(precision: float | None, recall: float | None) -> float | None:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def binary_scores(true_positives: int, false_positives: int, false_negatives: int) -> Scores:
    """Precision, recall and F1 of yes/no decisions from their counts."""
    predicted = true_positives + false_positives
    actual = true_positives + false_negatives
    precision = true_positives / predicted if predicted else None
    recall = true_positives / actual if actual else None
    return Scores(precision, recall, f1_of(precision, recall))


@dataclass(frozen=True)
class Contingency:
    """Item counts per (predicted cluster, gold class) cell, per cluster and per class."""

    cells: Counter[tuple[Hashable, Hashable]]
    clusters: Counter[Hashable]
    classes: Counter[Hashable]
    items: int


def contingency(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> Contingency:
    """The contingency table of two labellings of the same items."""
    if predicted.keys() != gold.keys():
        missing = len(gold.keys() - predicted.keys())
        extra = len(predicted.keys() - gold.keys())
        raise ValueError(f"labellings differ in items: {missing} missing, {extra} extra")
    cells = Counter((predicted[item], gold[item]) for item in gold)
    return Contingency(
        cells=cells,
        clusters=Counter(predicted.values()),
        classes=Counter(gold.values()),
        items=len(gold),
    )


def bcubed(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> Scores:
    """B-cubed precision, recall and F1 of `predicted` against `gold`."""
    table = contingency(predicted, gold)
    if table.items == 0:
        return Scores(None, None, None)
    # The n items of a cell each score n / |their cluster| and n / |their class|.
    cells = table.cells.items()
    precision = sum(n * n / table.clusters[cluster] for (cluster, _), n in cells) / table.items
    recall = sum(n * n / table.classes[gold_class] for (_, gold_class), n in cells) / table.items
    return Scores(precision, recall, f1_of(precision, recall))


def _pair_counts(table: Contingency) -> tuple[int, int, int]:
    """Pairs together in both partitions, together in the prediction, together in gold."""
    together = sum(comb(n, 2) for n in table.cells.values())
    predicted = sum(comb(n, 2) for n in table.clusters.values())
    actual = sum(comb(n, 2) for n in table.classes.values())
    return together, predicted, actual


def pairwise(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> Scores:
    """Precision, recall and F1 of the item pairs `predicted` puts in one cluster."""
    together, predicted_pairs, gold_pairs = _pair_counts(contingency(predicted, gold))
    return binary_scores(together, predicted_pairs - together, gold_pairs - together)


def adjusted_rand_index(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> float:
    """The adjusted Rand index of two labellings of the same items."""
    table = contingency(predicted, gold)
    together, predicted_pairs, gold_pairs = _pair_counts(table)
    all_pairs = comb(table.items, 2)
    expected = predicted_pairs * gold_pairs / all_pairs if all_pairs else 0.0
    maximum = (predicted_pairs + gold_pairs) / 2
    if maximum == expected:
        # Both partitions are all singletons or one cluster (or there are < 2 items): they
        # agree on every pair, which scikit-learn's adjusted_rand_score also scores 1.0.
        return 1.0
    return (together - expected) / (maximum - expected)
