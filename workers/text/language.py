"""Language identification with py3langid (fast, 97 languages, normalized probabilities)."""

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Enough text for a confident guess; longer inputs only cost time.
_SAMPLE_CHARACTERS = 2000


@cache
def _identifier() -> LanguageIdentifier:
    # Loaded once per process: the model takes ~100 ms to unpickle.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's language and the model's probability for it;
    (None, 0.0) for text too short to tell."""
    sample = text[:_SAMPLE_CHARACTERS]
    if len(sample.split()) < 3:
        return None, 0.0
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def primary_subtag(language: str | None) -> str | None:
    """'en' for 'en-GB', 'en_US' or 'EN'; None stays None."""
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].lower() or None
