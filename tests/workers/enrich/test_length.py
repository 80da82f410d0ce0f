"""Word count and reading time."""

from workers.enrich.length import reading_time_seconds, word_count


def test_words_are_counted_with_their_inner_apostrophes_and_hyphens() -> None:
    assert word_count("Don't miss the well-known COVID-19 report\u2019s 3 pages.") == 8
    assert word_count("") == 0


def test_reading_time_is_words_at_the_reading_speed() -> None:
    assert reading_time_seconds(238, 238) == 60
    assert reading_time_seconds(714, 238) == 180
    assert reading_time_seconds(1, 238) == 1
    assert reading_time_seconds(0, 238) == 0
