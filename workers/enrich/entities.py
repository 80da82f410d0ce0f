"""An article's named entities: people, organizations and places, most mentioned first."""

from collections import Counter
from typing import Any

from schemas.article import ArticleEntity, EntityKind
from workers.text.entity_names import EntityTally, clean_name, fold_entities

# spaCy's labels (OntoNotes for English, WikiNER's PER/ORG/LOC for French and others).
# NORP (nationalities, religious and political groups: "Russian", "Republicans") is left
# out: adjectives of places and parties already counted, which would top every story about
# a country. FAC (buildings, airports, bridges) counts as a place: news names institutions
# by their buildings ("the Elysée", "the White House"). MISC (events, works, products in
# the WikiNER models) is too mixed to be any of the three.
_KINDS = {
    "PERSON": EntityKind.PERSON,
    "PER": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
# NER reads this much of an article at most (~3,300 words): its cost grows with the text
# (~9 CPU ms per 1,000 characters), and a huge page must not hold a worker. On WCXB's
# development pages (11,000 characters on average) reading 20,000 keeps 99% of each
# article's five most mentioned entities and 97% of all; 10,000 would keep 89% and 81%.
MAX_CHARACTERS = 20_000


def find_entities(nlp: Any, title: str | None, text: str) -> list[ArticleEntity]:
    """The people, organizations and places the headline and text mention, each under its
    normalized name with its mentions and spellings; a last name alone counts for the full
    name the article also uses."""
    document = nlp(((title or "") + "\n\n" + text)[:MAX_CHARACTERS])
    tallies = []
    for span in document.ents:
        kind = _KINDS.get(span.label_)
        name = clean_name(span.text, kind) if kind is not None else None
        if kind is not None and name is not None:
            surface = " ".join(span.text.split())
            tallies.append(EntityTally(name, Counter({kind: 1}), 1, forms={surface}))
    return [
        ArticleEntity(
            name=tally.name, kind=tally.kind, mentions=tally.mentions, forms=sorted(tally.forms)
        )
        for tally in fold_entities(tallies)
    ]
