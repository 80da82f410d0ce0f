"""Stories stored for the API's tests: a real story told by three outlets in two languages,
a second story, and one whose only article is hostile (markup and a `javascript:` URL)."""

from datetime import timedelta

from sqlalchemy import Engine

from schemas.article import ArticleEntity, EntityKind
from schemas.story import Member, Relation, StorySnapshot, Tier
from tests.services.storage.builders import T0, make_article, store

HOSTILE_TITLE = "<script>window.pwned=1</script>Hostile headline"
HOSTILE_TEXT = 'Body <img src=x onerror="window.pwned=2"> and more words.'
HOSTILE_URL = "javascript:window.pwned=3"

# Entities as the enrich stage finds them; the sink keys them (lower case, accents folded).
PERSON, ORGANIZATION, PLACE = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
ENTITIES = {
    "call": [("Vladimir Putin", PERSON, 3), ("Emmanuel Macron", PERSON, 2)],
    "repost": [("Vladimir Putin", PERSON, 2)],
    "french": [("OTAN", ORGANIZATION, 1), ("Kremlin", ORGANIZATION, 1), ("Élysée", PLACE, 1)],
    "strike": [("Valmere", PLACE, 2)],
}


def entities(article_id: str) -> list[ArticleEntity]:
    """The entities of one sample article."""
    return [
        ArticleEntity(name=name, kind=kind, mentions=mentions)
        for name, kind, mentions in ENTITIES.get(article_id, [])
    ]


def member(article_id: str, relation: Relation | None, similarity: float, hours: int) -> Member:
    """A member published `hours` after T0 (the canonical one without a relation)."""
    return Member(
        article_id=article_id,
        relation=relation,
        similarity=similarity,
        tier=None if relation is None else Tier.STORY_SIMILARITY,
        published_at=T0 + timedelta(hours=hours),
    )


def store_sample(engine: Engine) -> None:
    """`putin-macron` (updated last), `port-strike`, `hostile` (updated first)."""
    articles = [
        make_article(
            "call",
            url="https://eastwire.example/news/putin-macron-call",
            title="Putin and Macron hold crunch talks",
            text="Vladimir Putin told Emmanuel Macron that the West ignored Russia's concerns.",
            outlet="eastwire.example",
            site_name="EastWire",
            published_at=T0,
            summary="Vladimir Putin told Emmanuel Macron that the West ignored Russia's concerns.",
            keywords=["security guarantees", "ukraine"],
        ),
        make_article(
            "repost",
            url="https://newshub.example/story/putin-macron",
            title="Putin and Macron hold crunch talks (repost)",
            text="President Putin told Macron that the West ignored Russia's concerns.",
            outlet="newshub.example",
            site_name="NewsHub",
            published_at=T0 + timedelta(hours=1),
        ),
        make_article(
            "french",
            url="https://eurodesk.example/international/poutine-macron",
            title="Face à Macron, Poutine regrette le rejet de ses demandes",
            text="Le Kremlin et l'Élysée ont parlé de l'OTAN pendant plus d'une heure.",
            outlet="eurodesk.example",
            site_name="EuroDesk",
            language="fr",
            published_at=T0 + timedelta(hours=2),
        ),
        make_article(
            "strike",
            url="https://harbor-ledger.example/news/valmere-strike",
            title="Valmere dockworkers walk out over automated cranes",
            text="Dockworkers at the VALMERE container port walked out at 100% strength.",
            outlet="harbor-ledger.example",
            site_name="Harbor Ledger",
            published_at=T0 + timedelta(days=5),
        ),
        make_article(
            "hostile",
            url=HOSTILE_URL,
            title=HOSTILE_TITLE,
            text=HOSTILE_TEXT,
            outlet="evil.example",
            site_name='Evil "Site" <b>',
            published_at=T0 - timedelta(days=3),
        ),
    ]
    snapshots = [
        StorySnapshot(
            id="hostile",
            version=1,
            canonical_id="hostile",
            members=[member("hostile", None, 1.0, -72)],
            updated_at=T0 - timedelta(days=3),
        ),
        StorySnapshot(
            id="port-strike",
            version=1,
            canonical_id="strike",
            members=[member("strike", None, 1.0, 120)],
            updated_at=T0 + timedelta(days=5),
        ),
        StorySnapshot(
            id="putin-macron",
            version=3,
            canonical_id="call",
            members=[
                member("call", None, 1.0, 0),
                member("repost", Relation.NEAR_DUPLICATE, 0.82, 1),
                member("french", Relation.TRANSLATION, 0.55, 2),
            ],
            updated_at=T0 + timedelta(days=6),
        ),
    ]
    for article in articles:
        article.entities = entities(article.id)
    store(engine, articles, snapshots)
