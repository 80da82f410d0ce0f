"""Stories stored for the API's tests: a real story told by three outlets in two languages,
a second story, and one whose only article is hostile (markup and a `javascript:` URL)."""

from datetime import timedelta

from sqlalchemy import Engine, insert

from schemas.story import Member, Relation, StorySnapshot, Tier
from services.storage.tables import ArticleEntityRow
from tests.services.storage.builders import T0, make_article, store

HOSTILE_TITLE = "<script>window.pwned=1</script>Hostile headline"
HOSTILE_TEXT = 'Body <img src=x onerror="window.pwned=2"> and more words.'
HOSTILE_URL = "javascript:window.pwned=3"

# Entities as the enrich stage keys them (lower-cased, accents folded).
ENTITIES = {
    "call": [
        ("vladimir putin", "person", "Vladimir Putin"),
        ("emmanuel macron", "person", "Emmanuel Macron"),
    ],
    "repost": [("vladimir putin", "person", "Vladimir Putin")],
    "french": [
        ("otan", "org", "OTAN"),
        ("kremlin", "org", "Kremlin"),
        ("elysee", "place", "Élysée"),
    ],
    "strike": [("valmere", "place", "Valmere")],
}


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
    store(engine, articles, snapshots)
    with engine.begin() as connection:
        connection.execute(
            insert(ArticleEntityRow),
            [
                {"article_id": article_id, "key": key, "kind": kind, "name": name, "mentions": 1}
                for article_id, entities in ENTITIES.items()
                for key, kind, name in entities
            ],
        )
