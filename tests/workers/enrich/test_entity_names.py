"""Entity names: titles, articles and possessives off; last names count for full names."""

from collections import Counter

import pytest

from schemas.article import EntityKind
from workers.text.entity_names import EntityTally, clean_name, entity_key, fold_entities


@pytest.mark.parametrize(
    ("surface", "kind", "name"),
    [
        ("President Putin", EntityKind.PERSON, "Putin"),
        ("Russian President Vladimir Putin\u2019s", EntityKind.PERSON, "Vladimir Putin"),
        ("Mr. Macron", EntityKind.PERSON, "Macron"),
        ("Prime Minister  Boris\u00a0Johnson", EntityKind.PERSON, "Boris Johnson"),
        ("Secretary of State Antony Blinken", EntityKind.PERSON, "Antony Blinken"),
        ("Pope Francis", EntityKind.PERSON, "Pope Francis"),
        ("the Kremlin", EntityKind.ORGANIZATION, "Kremlin"),
        ("The\u00a0Supreme Court's", EntityKind.ORGANIZATION, "Supreme Court"),
        ("the Los Angeles Times", EntityKind.ORGANIZATION, "Los Angeles Times"),
        ("Marine Le Pen", EntityKind.PERSON, "Marine Le Pen"),
        ("the Elys\u00e9e", EntityKind.PLACE, "Elys\u00e9e"),
        ("U.S.", EntityKind.PLACE, "U.S."),
        ("Ukraine.", EntityKind.PLACE, "Ukraine"),
        # A title alone is no name; President is kept off organizations' names only.
        ("President", EntityKind.PERSON, None),
        ("President's Office", EntityKind.ORGANIZATION, "President's Office"),
        ("\u2014", EntityKind.PLACE, None),
    ],
)
def test_clean_name_strips_titles_articles_possessives_and_spaces(
    surface: str, kind: EntityKind, name: str | None
) -> None:
    assert clean_name(surface, kind) == name


def test_keys_fold_case_accents_dots_and_spaces() -> None:
    assert entity_key("\u00c9lys\u00e9e") == entity_key("elysee") == "elysee"
    assert entity_key("U.S.") == entity_key("US") == "us"
    assert entity_key("Vladimir  Putin") == "vladimir putin"
    assert entity_key("NATO") != entity_key("Nato Summit")


def tally(name: str, kind: EntityKind, mentions: int = 1, article: str = "") -> EntityTally:
    return EntityTally(
        name,
        Counter({kind: mentions}),
        mentions,
        forms={name},
        articles={article} if article else set(),
    )


def test_a_last_name_counts_as_the_full_name_that_ends_with_it() -> None:
    folded = fold_entities(
        [
            tally("Putin", EntityKind.PERSON, 3, "a1"),
            tally("Vladimir Putin", EntityKind.PERSON, 1, "a2"),
            tally("Emmanuel Macron", EntityKind.PERSON, 2, "a2"),
            tally("Macron", EntityKind.PERSON, 2, "a1"),
            tally("NATO", EntityKind.ORGANIZATION, 5, "a1"),
        ]
    )
    assert [(entity.name, entity.mentions) for entity in folded] == [
        ("NATO", 5),
        ("Emmanuel Macron", 4),
        ("Vladimir Putin", 4),
    ]
    putin = folded[2]
    assert putin.forms == {"Putin", "Vladimir Putin"}
    assert putin.articles == {"a1", "a2"}


def test_a_last_name_shared_by_two_people_goes_to_the_more_mentioned() -> None:
    folded = fold_entities(
        [
            tally("Hunter Biden", EntityKind.PERSON, 1),
            tally("Joe Biden", EntityKind.PERSON, 4),
            tally("Biden", EntityKind.PERSON, 3),
        ]
    )
    assert {entity.name: entity.mentions for entity in folded} == {
        "Joe Biden": 7,
        "Hunter Biden": 1,
    }


def test_last_names_merge_only_into_people_and_spellings_of_one_key_merge() -> None:
    folded = fold_entities(
        [
            tally("Washington", EntityKind.PLACE, 2),
            tally("George Washington", EntityKind.PERSON, 1),
            tally("Nato", EntityKind.ORGANIZATION, 1),
            tally("NATO", EntityKind.ORGANIZATION, 3),
        ]
    )
    assert {entity.name: entity.mentions for entity in folded} == {
        "NATO": 4,
        "Washington": 2,
        "George Washington": 1,
    }


def test_an_entity_takes_the_kind_it_was_given_most() -> None:
    [kremlin] = fold_entities(
        [
            tally("Kremlin", EntityKind.ORGANIZATION, 3),
            tally("Kremlin", EntityKind.PLACE, 1),
        ]
    )
    assert (kremlin.kind, kremlin.mentions) == (EntityKind.ORGANIZATION, 4)


def test_a_name_tagged_otherwise_joins_the_person_it_was_also_written_for() -> None:
    newsom = tally("Gavin Newsom", EntityKind.PERSON, 4, "a1")
    newsom.forms = {"Gavin Newsom", "Gov. Newsom"}
    folded = fold_entities(
        [
            newsom,
            tally("Newsom", EntityKind.ORGANIZATION, 2, "a2"),
            tally("California", EntityKind.PLACE, 3, "a2"),
        ]
    )
    assert [(e.name, e.kind, e.mentions, e.articles) for e in folded] == [
        ("Gavin Newsom", EntityKind.PERSON, 6, {"a1", "a2"}),
        ("California", EntityKind.PLACE, 3, {"a2"}),
    ]


def test_a_spelling_two_people_share_leaves_the_other_entity_alone() -> None:
    joe = tally("Joe Biden", EntityKind.PERSON, 3)
    joe.forms = {"Joe Biden", "Biden"}
    jill = tally("Jill Biden", EntityKind.PERSON, 2)
    jill.forms = {"Jill Biden", "Biden"}
    folded = fold_entities([joe, jill, tally("Biden", EntityKind.ORGANIZATION, 1)])
    assert {entity.name for entity in folded} == {"Joe Biden", "Jill Biden", "Biden"}
