"""Term vectors as sorted id arrays: sums and dot products agree with words and dicts."""

from workers.dedupe.term_array import TermArray


def _dict_dot(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(weight * second[term] for term, weight in first.items() if term in second)


def test_the_dot_product_is_the_one_of_the_word_vectors() -> None:
    first = {"kremlin": 3.0, "macron": 2.0, "nato": 0.5, "summit": 1.0}
    second = {"nato": 4.0, "kremlin": 1.5, "paris": 2.0, "zelensky": 1.0}
    expected = _dict_dot(first, second)
    assert abs(TermArray.of(first).dot(TermArray.of(second)) - expected) < 1e-6
    assert abs(TermArray.of(second).dot(TermArray.of(first)) - expected) < 1e-6


def test_vectors_with_nothing_shared_or_nothing_at_all_have_a_zero_dot_product() -> None:
    words = TermArray.of({"kremlin": 1.0, "macron": 2.0})
    assert words.dot(TermArray.of({"weather": 1.0})) == 0.0
    assert words.dot(TermArray.empty()) == 0.0
    assert TermArray.empty().dot(words) == 0.0


def test_a_sum_keeps_the_heaviest_terms_with_repeated_ones_added_up() -> None:
    total = TermArray.of({"kremlin": 1.0, "nato": 1.0}).plus(
        TermArray.of({"kremlin": 2.0, "paris": 0.5}), keep=2
    )
    assert total.heaviest(2) == [
        (TermArray.of({"kremlin": 1.0}).ids[0], 3.0),
        (TermArray.of({"nato": 1.0}).ids[0], 1.0),
    ]
