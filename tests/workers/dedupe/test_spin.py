"""Telling a spun copy from its original by the words the spinner swapped."""

from pathlib import Path

from workers.dedupe.spin import SpinVerdict, spin_verdict, swapped_words

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
ORIGINAL = (SEEDS / "000_c1c75fd31f989258.txt").read_text()
SPUN = (SEEDS / "001_778ad9cfaf080fe8.txt").read_text()


def test_the_seed_spin_is_recognised_in_either_order() -> None:
    assert spin_verdict(ORIGINAL, SPUN, "en") is SpinVerdict.SECOND_IS_SPUN
    assert spin_verdict(SPUN, ORIGINAL, "en") is SpinVerdict.FIRST_IS_SPUN


def test_swaps_are_aligned_word_for_word() -> None:
    assert ("listen", "hearken") in swapped_words(ORIGINAL, SPUN)


def test_ordinary_edits_leave_it_undecided() -> None:
    edited = ORIGINAL.replace("100,000", "110,000").replace("Friday", "Thursday")
    assert spin_verdict(ORIGINAL, edited, "en") is SpinVerdict.UNDECIDED
    assert spin_verdict(ORIGINAL, ORIGINAL, "en") is SpinVerdict.UNDECIDED
