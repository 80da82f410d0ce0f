"""A story's aggregated fields, computed from its exported articles: what a consumer reads
without going through every variant (counts by relation, outlets, languages, entities,
keywords, timeline)."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from schemas.story import (
    ExportedArticle,
    ExportedVariant,
    Relation,
    StoryEntity,
    StoryKeyword,
    StoryLanguage,
    StoryOutlet,
    TimelineEntry,
)
from workers.text.entity_names import EntityTally, fold_entities

# A story of many articles names hundreds of things; the rest are in article_entities and
# in each article's own lists.
ENTITIES_KEPT = 30
KEYWORDS_KEPT = 20
_UNDATED = datetime.max.replace(tzinfo=UTC)


def story_fields(canonical: ExportedArticle, variants: Sequence[ExportedVariant]) -> dict[str, Any]:
    """The aggregated fields of ExportedStory for a story of these articles."""
    articles = [canonical, *variants]
    return {
        "article_count": len(articles),
        "relation_counts": dict(Counter(variant.relation for variant in variants)),
        "outlets": _outlets(articles),
        "languages": [
            StoryLanguage(language=language, articles=count)
            for language, count in _ranked(Counter(a.language for a in articles if a.language))
        ],
        "entities": _entities(articles),
        "keywords": _keywords(articles),
        "timeline": _timeline(canonical, variants),
    }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most counted first, then alphabetically."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _outlets(articles: list[ExportedArticle]) -> list[StoryOutlet]:
    counts = Counter(article.outlet for article in articles if article.outlet)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        if article.outlet and article.site_name:
            names[article.outlet][article.site_name] += 1
    return [
        StoryOutlet(
            domain=domain,
            site_name=names[domain].most_common(1)[0][0] if names[domain] else None,
            articles=count,
        )
        for domain, count in _ranked(counts)
    ]


def _entities(articles: list[ExportedArticle]) -> list[StoryEntity]:
    """The articles' entities folded story-wide (one article's "Putin" is another's
    "Vladimir Putin"), those most articles mention first."""
    tallies = [
        EntityTally(
            name=entity.name,
            kinds=Counter({entity.kind: entity.mentions}),
            mentions=entity.mentions,
            forms=set(entity.forms or [entity.name]),
            articles={article.id},
        )
        for article in articles
        for entity in article.entities or []
    ]
    folded = sorted(
        fold_entities(tallies), key=lambda tally: (-len(tally.articles), -tally.mentions)
    )
    return [
        StoryEntity(
            name=tally.name,
            kind=tally.kind,
            articles=len(tally.articles),
            mentions=tally.mentions,
            forms=sorted(tally.forms),
        )
        for tally in folded[:ENTITIES_KEPT]
    ]


def _keywords(articles: list[ExportedArticle]) -> list[StoryKeyword]:
    """Keywords by how many articles have them (case aside), then by how high they rank in
    those articles; each in its commonest spelling."""
    articles_with: Counter[str] = Counter()
    rank_sum: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        seen = set()
        for rank, keyword in enumerate(article.keywords or []):
            key = keyword.casefold()
            if key not in seen:
                seen.add(key)
                articles_with[key] += 1
                rank_sum[key] += rank
                spellings[key][keyword] += 1
    ranked = sorted(
        articles_with, key=lambda key: (-articles_with[key], rank_sum[key] / articles_with[key])
    )
    return [
        StoryKeyword(keyword=spellings[key].most_common(1)[0][0], articles=articles_with[key])
        for key in ranked[:KEYWORDS_KEPT]
    ]


def _timeline(
    canonical: ExportedArticle, variants: Sequence[ExportedVariant]
) -> list[TimelineEntry]:
    """Each article when it appeared: by publication time, else by when it was stored."""
    entries = [_entry(canonical, None)] + [_entry(v, v.relation) for v in variants]
    return sorted(entries, key=_appearance)


def _entry(article: ExportedArticle, relation: Relation | None) -> TimelineEntry:
    return TimelineEntry(
        article_id=article.id,
        outlet=article.outlet,
        relation=relation,
        published_at=article.published_at,
        stored_at=article.stored_at,
    )


def _appearance(entry: TimelineEntry) -> tuple[datetime, str]:
    """Sort key: undated articles last."""
    return (entry.published_at or entry.stored_at or _UNDATED, entry.article_id)
