"""Keywords on real text: the seeds' names and telling words, drawn from the text."""

from tests.workers.enrich.seeds import seed_text
from workers.enrich.keywords import keywords
from workers.text.normalize import words


def test_the_seed_keywords_are_its_names_and_come_from_its_text() -> None:
    text = seed_text("004")
    found = keywords(text, "en")
    assert len(found) == 10
    assert {"Macron", "Putin", "NATO", "Kremlin", "Ukraine"} <= set(found)
    present = set(words(text))
    for keyword in found:
        assert set(words(keyword)) <= present, keyword
    # Common words never make it, however often they appear.
    assert not {"said", "the", "president", "friday"} & {k.casefold() for k in found}


def test_a_name_of_several_words_is_one_keyword_and_its_words_are_not_repeated() -> None:
    text = (
        "The Joint Chiefs of Staff met on Monday. Colin Powell, once chairman of the Joint "
        "Chiefs, was remembered. The Joint Chiefs praised Colin Powell's service."
    )
    found = keywords(text, "en", limit=5)
    assert "Joint Chiefs" in found
    assert "Colin Powell" in found
    assert "Joint" not in found
    assert "Chiefs" not in found


def test_a_language_without_a_word_list_ranks_by_counts_alone() -> None:
    text = "Ndege ndege ndege ilipaa juu ya mlima. Mlima ulikuwa mrefu sana."
    assert keywords(text, "sw", limit=2) == ["ndege", "mlima"]
    assert keywords("", "en") == []
