"""The story-similarity score: how well an article fits a recent story.

Online clustering in the spirit of Miranda et al. (2018, "Multilingual Clustering of
Streaming News"): an article is scored against every recent story and joins the best story
above the threshold, else opens a new one. The score blends two views of a text, then asks
more of stories far away in time:

    score = w * mean embedding cosine + (1 - w) * mean term cosine - time_penalty * gap/window

Both cosines are means over the story's members (group-average linkage), computed at once
as the dot product with the mean of the members' vectors. The embedding cosine sees
paraphrase (and, with a multilingual model, translation); the term cosine sees the rare
names, places and words two texts share, which tell apart two stories about the same people
that an embedding finds alike. The gap is the time between the article and the nearest
publication of the story: a follow-up days later needs more in common than a rewrite of the
same hour. Without embeddings the score is the mean term cosine alone, with its own
threshold. Settings and measurements: docs/folding.md.
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from schemas.settings import FoldSettings
from workers.dedupe.story_profile import StoryProfile
from workers.dedupe.term_array import TermArray


def embeds(settings: FoldSettings, language: str | None) -> bool:
    """Whether articles in `language` are embedded: the model reads it."""
    languages = settings.embedding_languages
    return "*" in languages or (language is not None and language in languages)


def blend(terms: float, embedding: float | None, settings: FoldSettings) -> float:
    """The content score of a term cosine and an embedding cosine (None: terms alone)."""
    if embedding is None:
        return terms
    return settings.semantic_weight * embedding + (1.0 - settings.semantic_weight) * terms


def embedding_dot(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Dot product of two embeddings; None unless both exist and come from one model."""
    if a is None or b is None or a.shape != b.shape:
        return None
    return float(np.dot(a, b))


def time_gap_seconds(story: StoryProfile, event_time: datetime) -> float:
    """Seconds between `event_time` and the story's publication span (0 inside it)."""
    first, last = story.first_published_at, story.last_published_at
    if first is not None and event_time < first:
        return (first - event_time).total_seconds()
    if last is not None and event_time > last:
        return (event_time - last).total_seconds()
    return 0.0


@dataclass(frozen=True)
class StoryFit:
    """An article's score against a story and the score it must reach to join it."""

    score: float
    threshold: float


def story_fit(
    terms: TermArray,
    embedding: np.ndarray | None,
    story: StoryProfile,
    event_time: datetime,
    settings: FoldSettings,
) -> StoryFit:
    """How well the article (its term vector and embedding) fits the story: its mean
    similarity to the story's members (the dot product with the mean of their vectors),
    less the time penalty. A mean, not the
    cosine with a centroid: a story that has drifted over several events keeps a mean
    too low to pull in yet another one. Scores with embeddings are held to
    `semantic_threshold`, term scores alone to `story_similarity_threshold`."""
    semantic = embedding_dot(embedding, story.mean_embedding())
    lexical = terms.dot(story.terms) / max(1, story.members)
    window = settings.window_hours * 3600
    gap = min(1.0, time_gap_seconds(story, event_time) / window) if window else 0.0
    return StoryFit(
        score=blend(lexical, semantic, settings) - settings.time_penalty * gap,
        threshold=(
            settings.story_similarity_threshold if semantic is None else settings.semantic_threshold
        ),
    )
