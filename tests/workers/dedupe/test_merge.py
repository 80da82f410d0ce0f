"""Story merges: an article that links two stories shows they are one; the older survives."""

from datetime import UTC, datetime, timedelta

from redis import Redis

from schemas.article import Article
from schemas.settings import FoldSettings
from schemas.story import Tier
from services.runtime.counters import event_counts, queue_tally
from services.runtime.stories import load_snapshot, save_snapshot
from workers.dedupe.fold import Folder

T0 = datetime(2024, 3, 5, 8, 0, tzinfo=UTC)

HARBOUR = (
    "Dockworkers at the Valmere container terminal walked off the job on Tuesday after the "
    "port authority confirmed plans to install automated gantry cranes. Union leaders said "
    "the cranes would eliminate four hundred positions within two years. Shipping lines "
    "diverted three vessels to Ostreva while the picket lines held through the night. The "
    "port authority said negotiations would resume on Thursday with a federal mediator."
)
BRIDGE = (
    "Engineers closed the Harlow suspension bridge to lorries after inspectors found corroded "
    "cable anchorages during a routine survey. Council officials estimated repairs would take "
    "eight months and cost eleven million euros. Freight hauliers warned of detours adding "
    "ninety kilometres to deliveries, and commuters queued for hours at the ferry slipway. "
    "Residents of Marrow Quay petitioned the regional assembly for emergency funding, and the "
    "transport minister promised a temporary pontoon crossing by the spring holidays. "
    "Inspectors will publish the full structural report next week."
)


def article(article_id: str, text: str, published: datetime) -> Article:
    return Article(
        id=article_id,
        feed_id="feed",
        url=f"https://example.org/{article_id}",
        title=None,
        text=text,
        language="en",
        published_at=published,
        fetched_at=published,
    )


def test_an_article_linking_two_stories_merges_them_into_the_older(redis: Redis) -> None:
    folder = Folder(redis, FoldSettings())
    first = folder.fold(article("harbour", HARBOUR, T0), T0)
    second = folder.fold(article("bridge", BRIDGE, T0 + timedelta(hours=1)), T0)
    assert first.id != second.id

    with redis.pipeline() as unwritten:
        queue_tally(unwritten)  # this process's earlier counts, not this test's
    # A round-up carrying both reports whole: a near copy of each.
    merged = folder.fold(article("roundup", HARBOUR + "\n\n" + BRIDGE, T0 + timedelta(hours=2)), T0)
    with redis.pipeline() as pipe:
        queue_tally(pipe)
        pipe.execute()
    assert event_counts(redis)["stories_merged"] == [({}, 1)]

    assert merged.id == first.id
    assert merged.merged_ids == [second.id]
    assert {m.article_id for m in merged.members} == {"harbour", "bridge", "roundup"}
    roundup = next(m for m in merged.members if m.article_id == "roundup")
    assert roundup.tier == Tier.MINHASH
    assert roundup.joined_via == "bridge"  # the closer copy: the longer report
    assert folder.index.story_of("bridge") == first.id
    assert folder.index.load_stories([second.id]) == {}

    save_snapshot(redis, merged)
    redirected = load_snapshot(redis, second.id)
    assert redirected is not None and redirected.id == first.id
