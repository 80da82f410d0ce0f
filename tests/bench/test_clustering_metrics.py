"""B-cubed, pairwise and adjusted Rand scores against examples worked out by hand."""

import pytest

from bench.clustering_metrics import (
    adjusted_rand_index,
    bcubed,
    binary_scores,
    f1_of,
    pairwise,
)

# Gold: {a, b, c} and {d, e}; predicted: {a, b} and {c, d, e}.
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
PREDICTED = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2"}


def test_bcubed_averages_each_items_cluster_and_class_overlap() -> None:
    scores = bcubed(PREDICTED, GOLD)
    # Precision per item (share of its cluster in its class): a, b 2/2; c 1/3; d, e 2/3.
    # Recall per item (share of its class in its cluster): a, b 2/3; c 1/3; d, e 2/2.
    assert scores.precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)  # 11/15
    assert scores.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)  # 11/15
    assert scores.f1 == pytest.approx(11 / 15)


def test_pairwise_counts_pairs_placed_together() -> None:
    scores = pairwise(PREDICTED, GOLD)
    # Together in the prediction: ab, cd, ce, de; in gold: ab, ac, bc, de; in both: ab, de.
    assert scores.precision == pytest.approx(2 / 4)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.f1 == pytest.approx(0.5)


def test_adjusted_rand_index_corrects_pair_agreement_for_chance() -> None:
    # 10 pairs; 4 together in each partition, 2 in both: expected 4 * 4 / 10 = 1.6,
    # maximum (4 + 4) / 2 = 4, so ARI = (2 - 1.6) / (4 - 1.6).
    assert adjusted_rand_index(PREDICTED, GOLD) == pytest.approx(0.4 / 2.4)


def test_identical_partitions_score_one_whatever_the_label_names() -> None:
    renamed = {item: label.lower() for item, label in GOLD.items()}
    assert bcubed(renamed, GOLD).f1 == pytest.approx(1.0)
    assert pairwise(renamed, GOLD).f1 == pytest.approx(1.0)
    assert adjusted_rand_index(renamed, GOLD) == pytest.approx(1.0)


def test_all_singletons_against_one_gold_class() -> None:
    gold = dict.fromkeys("abcd", "G")
    singletons = {item: item for item in gold}
    scores = bcubed(singletons, gold)
    assert (scores.precision, scores.recall) == (pytest.approx(1.0), pytest.approx(0.25))
    pairs = pairwise(singletons, gold)
    assert pairs.precision is None  # no pair predicted: precision is undefined, not 0 or 1
    assert pairs.recall == 0.0
    assert pairs.f1 is None
    assert adjusted_rand_index(singletons, gold) == pytest.approx(0.0)


def test_one_predicted_cluster_against_two_gold_classes() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    lumped = dict.fromkeys(gold, "all")
    scores = bcubed(lumped, gold)
    assert (scores.precision, scores.recall) == (pytest.approx(0.5), pytest.approx(1.0))
    assert pairwise(lumped, gold).precision == pytest.approx(2 / 6)
    # Expected 6 * 2 / 6 = 2 pairs together, and 2 are: no better than chance.
    assert adjusted_rand_index(lumped, gold) == pytest.approx(0.0)


def test_singletons_on_both_sides_agree_fully() -> None:
    gold = {item: item for item in "abc"}
    assert adjusted_rand_index(dict(gold), gold) == 1.0


def test_labellings_of_different_items_are_refused() -> None:
    with pytest.raises(ValueError, match="1 missing"):
        bcubed({"a": 1}, {"a": 1, "b": 1})


def test_binary_scores_from_counts() -> None:
    scores = binary_scores(true_positives=3, false_positives=1, false_negatives=2)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.6)
    assert scores.f1 == pytest.approx(2 / 3)
    assert binary_scores(0, 0, 0).f1 is None
    assert f1_of(0.0, 0.0) == 0.0
