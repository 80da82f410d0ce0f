"""The lead summary: whole first sentences of the prose, a few hundred characters."""

from tests.workers.enrich.seeds import seed_text
from workers.enrich.summary import lead_summary


def test_the_summary_is_the_first_sentences_of_the_prose_cut_at_a_sentence_end() -> None:
    text = seed_text("004")
    summary = lead_summary(text, None, "en", 300)
    assert summary is not None
    # The dateline above the article ("Sun. May 22nd, 2022") is not prose.
    assert summary.startswith("Russian President Vladimir Putin said on Friday")
    assert summary.endswith(".")
    assert len(summary) <= 600
    assert " ".join(text.split()).find(summary) > 0


def test_sentences_are_added_while_they_fit_and_abbreviations_do_not_end_them() -> None:
    text = (
        "Headline Without A Full Stop\n\nMr. Macron spoke to U.S. officials on Friday. "
        "They discussed NATO. A third sentence that would make the summary far too long "
        "for the limit given here."
    )
    assert lead_summary(text, None, "en", 80) == (
        "Mr. Macron spoke to U.S. officials on Friday. They discussed NATO."
    )


def test_a_first_sentence_far_too_long_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Word " * 200 + "end."
    summary = lead_summary(text, None, "en", 100)
    assert summary is not None
    assert summary.endswith("Word\u2026")
    assert len(summary) <= 201


def test_the_title_repeated_atop_the_text_and_text_without_prose_give_no_summary() -> None:
    assert lead_summary("Putin calls Macron.\n\nHe did.", "Putin calls Macron.", "en", 300) == (
        "He did."
    )
    assert lead_summary("menu home about", None, "en", 300) is None
    assert lead_summary("Ein Satz. Noch einer.", None, "qq", 300) == "Ein Satz. Noch einer."


def test_a_whole_text_on_one_line_cut_mid_sentence_still_gives_whole_sentences() -> None:
    text = (
        "Fünf Surfer vor niederländischer Küste ums Leben gekommen. Sie waren laut Polizei "
        "am Montag vor einem Strand in Scheveningen bei starkem Wind weggerissen worden. "
        "Zwei Surfer wurden Montagabend aus der Nordsee geholt, sie konnten trotz"
    )
    assert lead_summary(text, None, "de", 300) == (
        "Fünf Surfer vor niederländischer Küste ums Leben gekommen. Sie waren laut Polizei "
        "am Montag vor einem Strand in Scheveningen bei starkem Wind weggerissen worden."
    )
