"""Folding one article into the story it belongs to, under the fold lock.

Tiers, cheapest first: the same normalized text (exact hash), a shared MinHash LSH band
verified by estimated Jaccard (near duplicates), then the nearest recent story centroid
(independent rewrites and translations). What is decided is recorded with the tier that
decided it. An article that links two stories (a copy of an article in one, and close to
another) shows they are one: they merge into the older.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np
from redis import Redis

from schemas.article import Article
from schemas.settings import FoldSettings
from schemas.story import Member, Relation, StorySnapshot, Tier
from services.runtime.articles import ArticleNotFound, load_article
from services.runtime.counters import count
from workers.dedupe.decide import choose_canonical, relate
from workers.dedupe.fingerprint import Fingerprint, fingerprint, jaccard
from workers.dedupe.index import FoldIndex, lsh_bands
from workers.dedupe.similarity import embeds, story_fit
from workers.dedupe.spin import SpinVerdict, spin_verdict
from workers.dedupe.story_profile import StoryProfile
from workers.dedupe.story_state import StoryState
from workers.text.embedding import TextEmbedder, embedder_for
from workers.text.language import detect_language, primary_subtag

TIER_OF_RELATION = {
    Relation.EXACT: Tier.EXACT_HASH,
    Relation.NEAR_DUPLICATE: Tier.MINHASH,
    Relation.REWRITE: Tier.STORY_SIMILARITY,
    Relation.TRANSLATION: Tier.STORY_SIMILARITY,
}

# Stories scored by the story-similarity tier: those sharing the most weight of the
# article's telling terms (story_terms.py). On the AllSides roundups (one topic, politics,
# so ~200 stories share some term with each article) the story an article joins ranks first
# by shared terms in 67% of joins, within the first 8 in 94%, 32 in 99.8%, 64 in all.
# B-cubed F1 with 64 / 32 / 16: 0.957 / 0.956 / 0.948 (scoring every story: 0.957); each
# story scored costs its profile's read and unpacking, some 25 microseconds.
STORY_CANDIDATES = 32


@dataclass(frozen=True)
class Match:
    """A story an article belongs to, the tier and score that showed it, and for copies
    the article it copies."""

    story_id: str
    tier: Tier
    score: float
    article_id: str | None = None


def _age(story: StoryState) -> tuple[float, str]:
    first = story.profile.first_published_at
    return (first.timestamp() if first else float("inf"), story.id)


class Folder:
    """Decides stories for articles against the shared index."""

    def __init__(
        self,
        redis: Redis,
        settings: FoldSettings,
        embedder: TextEmbedder | None = None,
        stored_text: Callable[[str], str | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        bands, rows = lsh_bands(settings.near_duplicate_threshold, settings.minhash_permutations)
        self.settings = settings
        # Where the text of an article no longer in flight is found (the database).
        self.stored_text = stored_text
        # The settings' model, loaded once per process, unless the caller brings its own.
        self.embedder = embedder or embedder_for(settings.embedding_model)
        self.window_seconds = settings.window_hours * 3600
        # State outlives the window by a day so an article arriving late still finds it.
        self.index = FoldIndex(
            redis,
            ttl_seconds=int(self.window_seconds) + 86400,
            bands=bands,
            rows=rows,
            clock=clock,
        )

    def analyse(self, article: Article) -> tuple[str | None, Fingerprint]:
        """The article's language and fingerprint (digest, MinHash, terms, embedding)."""
        language = primary_subtag(article.language) or detect_language(article.text)[0]
        features = fingerprint(
            article.text, article.title, language, self.settings.minhash_permutations
        )
        if self.embedder is None or not embeds(self.settings, language):
            return language, features
        # An exact copy takes the embedding of the article it copies, stored with its
        # fingerprint: the same text, and the embedding is most of an analysis's cost
        # (wire copies are much of a feed's articles). Only a different headline would
        # have moved it, a little.
        embedding = self._twin_embedding(features.digest)
        if embedding is None:
            embedding = self.embedder.embed(article.title, article.text)
        return language, replace(features, embedding=embedding)

    def _twin_embedding(self, digest: str) -> np.ndarray | None:
        twin = self.index.exact_match(digest)
        stored = self.index.fingerprints([twin]).get(twin) if twin else None
        return stored.embedding if stored is not None else None

    def fold(
        self,
        article: Article,
        now: datetime,
        analysed: tuple[str | None, Fingerprint] | None = None,
    ) -> StorySnapshot:
        """Fold `article` and return its story's new snapshot. Folding an article twice
        returns its story's current snapshot unchanged (jobs may be retried). `analysed`
        is the article's `analyse` when the caller computed it before taking the fold lock:
        it is most of a fold's cost and needs nothing from the index."""
        known = self.index.story_of(article.id)
        if known is not None:
            story = self.index.load_stories([known]).get(known)
            if story is not None:
                return story.snapshot(now)
        language, features = analysed or self.analyse(article)
        event_time = article.published_at or article.fetched_at
        links = self._links(features, event_time)
        story, losers = self._story_for(links, article.id)
        first = links[0] if links else None
        member = Member(
            article_id=article.id,
            tier=first.tier if first else None,
            published_at=article.published_at,
            text_length=len(article.text),
            language=language,
            join_score=round(first.score, 4) if first else None,
            joined_via=first.article_id if first else None,
        )
        story.members = self._mark_spin(article, language, first, [*story.members, member])
        story.add(event_time, features.terms, features.embedding)
        story.version += 1
        self._relabel(story, {article.id: features})
        with self.index.redis.pipeline(transaction=True) as pipe:
            for loser in losers:
                self.index.retire(pipe, loser, story.id)
            self.index.record(pipe, member, features, story)
            pipe.execute()
        for _ in losers:
            count("stories_merged")
        return story.snapshot(now)

    def _links(self, features: Fingerprint, event_time: datetime) -> list[Match]:
        """Every story the article belongs to, strongest evidence first. Copies (the hash
        and MinHash tiers) are certain; the nearest story centroid is consulted when there
        are none, or to find a story the copies' story turns out to be part of."""
        strong = self._exact(features) + self._near_duplicates(features)
        nearest = self._nearest_story(features, event_time)
        links: dict[str, Match] = {}
        for match in [*strong, *([nearest] if nearest else [])]:
            links.setdefault(match.story_id, match)
        return list(links.values())

    def _exact(self, features: Fingerprint) -> list[Match]:
        twin = self.index.exact_match(features.digest)
        story_id = self.index.story_of(twin) if twin else None
        return [Match(story_id, Tier.EXACT_HASH, 1.0, twin)] if story_id and twin else []

    def _near_duplicates(self, features: Fingerprint) -> list[Match]:
        """The stories of verified near duplicates, each with its closest copy."""
        candidates = self.index.signatures(self.index.lsh_candidates(features.signature))
        scored = sorted(
            (
                (jaccard(features.signature, signature), article_id)
                for article_id, signature in candidates.items()
            ),
            reverse=True,
        )
        matches: dict[str, Match] = {}
        for score, article_id in scored:
            if score < self.settings.near_duplicate_threshold:
                break
            story_id = self.index.story_of(article_id)
            if story_id is not None and story_id not in matches:
                matches[story_id] = Match(story_id, Tier.MINHASH, score, article_id)
        return list(matches.values())

    def _nearest_story(self, features: Fingerprint, event_time: datetime) -> Match | None:
        """The best-fitting story among those sharing the article's telling terms, if it
        fits well enough, and was last published within the window around the article."""
        candidates = self.index.story_terms.candidates(features.terms, STORY_CANDIDATES)
        best: tuple[float, str, float] | None = None  # margin over threshold, id, score
        for story_id, profile in self.index.load_profiles(candidates).items():
            if not self._in_window(profile, event_time):
                continue
            fit = story_fit(features.terms, features.embedding, profile, event_time, self.settings)
            candidate = (fit.score - fit.threshold, story_id, fit.score)
            if fit.score >= fit.threshold and (best is None or candidate > best):
                best = candidate
        return Match(best[1], Tier.STORY_SIMILARITY, best[2]) if best else None

    def _in_window(self, story: StoryProfile, event_time: datetime) -> bool:
        last = story.last_published_at
        return last is not None and abs((last - event_time).total_seconds()) <= self.window_seconds

    def _story_for(
        self, links: list[Match], article_id: str
    ) -> tuple[StoryState, list[StoryState]]:
        """The story the article joins, and the stories merged into it because the article
        links them. The oldest story survives (earliest publication, then smallest id), so
        its id stays stable and the others redirect to it."""
        stories = self.index.load_stories(match.story_id for match in links)
        if not stories:
            return StoryState(id=article_id, canonical_id=article_id), []
        survivor = min(stories.values(), key=_age)
        losers = [story for story in stories.values() if story is not survivor]
        for loser in losers:
            survivor.absorb(loser)
        return survivor, losers

    def _mark_spin(
        self, article: Article, language: str | None, link: Match | None, members: list[Member]
    ) -> list[Member]:
        """Record which of the article and the near duplicate it matched is a spun copy of
        the other (workers/dedupe/spin.py)."""
        if link is None or link.tier is not Tier.MINHASH or link.article_id is None:
            return members
        twin_text = self._text_of(link.article_id)
        if twin_text is None:
            return members
        verdict = spin_verdict(twin_text, article.text, language)
        spun, source = {
            SpinVerdict.SECOND_IS_SPUN: (article.id, link.article_id),
            SpinVerdict.FIRST_IS_SPUN: (link.article_id, article.id),
        }.get(verdict, (None, None))
        return [
            member.model_copy(update={"spun_from": source}) if member.article_id == spun else member
            for member in members
        ]

    def _text_of(self, article_id: str) -> str | None:
        # In flight, in Redis; else stored, once the sink has had it.
        try:
            return load_article(self.index.redis, article_id).text
        except ArticleNotFound:
            return self.stored_text(article_id) if self.stored_text is not None else None

    def _relabel(self, story: StoryState, fresh: dict[str, Fingerprint]) -> None:
        """Choose the canonical article and state every member's relation to it."""
        canonical = choose_canonical(story.members)
        story.canonical_id = canonical.article_id
        prints = {**self.index.fingerprints(m.article_id for m in story.members), **fresh}
        canonical_print = prints.get(canonical.article_id)
        relabelled = []
        for member in story.members:
            member_print = prints.get(member.article_id)
            if member.article_id == canonical.article_id:
                update: dict[str, object] = {"relation": None, "similarity": 1.0}
            elif canonical_print is None or member_print is None:
                # A fingerprint has left the index (a story alive longer than the window):
                # keep what was decided while both were in it.
                update = {} if member.relation else _relation_from_join(member, canonical)
            else:
                relation, similarity = relate(
                    member_print,
                    canonical_print,
                    variant_language=member.language,
                    canonical_language=canonical.language,
                    settings=self.settings,
                )
                # The founding article of a story gets the tier that would have joined it.
                tier = member.tier or TIER_OF_RELATION[relation]
                update = {"relation": relation, "similarity": similarity, "tier": tier}
            relabelled.append(member.model_copy(update=update))
        story.members = relabelled


def _relation_from_join(member: Member, canonical: Member) -> dict[str, object]:
    """A member's relation as its joining tier implies it, for when the canonical article's
    fingerprint is gone and the two can no longer be compared."""
    score = member.join_score if member.join_score is not None else 0.0
    if member.tier is Tier.EXACT_HASH:
        return {"relation": Relation.EXACT, "similarity": 1.0}
    if member.tier is Tier.MINHASH:
        return {"relation": Relation.NEAR_DUPLICATE, "similarity": score}
    other_language = (
        member.language and canonical.language and member.language != canonical.language
    )
    relation = Relation.TRANSLATION if other_language else Relation.REWRITE
    return {"relation": relation, "similarity": score, "tier": member.tier or Tier.STORY_SIMILARITY}
