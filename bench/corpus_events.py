"""News events of the generated corpus: who, where, how many and what about, from a seed.

An event is everything its articles may mention: its people, places and organisations
(made-up names), its figures, and topic words drawn from the vocabulary, so that two articles
about one event share names, numbers and words while two events share almost none.
"""

import random
from dataclasses import dataclass, replace
from functools import lru_cache

from bench.corpus_words import common, name_word, person, place, vocabulary

CATEGORIES = (
    "politics", "business", "world", "science", "sport",
    "health", "technology", "culture", "climate", "crime",
)  # fmt: skip
# A few words each category's stories lean on, beside the event's own topic words.
_CATEGORY_NOUNS = {
    "politics": ("election", "parliament", "minister", "vote", "coalition", "policy"),
    "business": ("shares", "profit", "market", "investors", "merger", "revenue"),
    "world": ("border", "embassy", "ceasefire", "treaty", "refugees", "summit"),
    "science": ("researchers", "study", "laboratory", "telescope", "data", "samples"),
    "sport": ("match", "league", "coach", "season", "striker", "championship"),
    "health": ("hospital", "patients", "vaccine", "doctors", "clinic", "treatment"),
    "technology": ("software", "startup", "chip", "platform", "users", "network"),
    "culture": ("festival", "gallery", "album", "audience", "novel", "theatre"),
    "climate": ("flooding", "emissions", "drought", "storm", "wildfire", "rainfall"),
    "crime": ("police", "court", "suspect", "trial", "prosecutors", "arrest"),
}
_ORGANISATION_FORMS = (
    "{surname} Group", "the {place} City Council", "the Ministry of {noun}",
    "the {place} {noun} Authority", "{initials}", "the {place} {noun} Union",
    "{surname} & {surname2}", "the {place} Institute",
)  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One news event: the facts and words its articles are written from."""

    number: int
    category: str
    people: tuple[str, ...]
    places: tuple[str, ...]
    organisations: tuple[str, ...]
    counts: tuple[str, ...]
    amounts: tuple[str, ...]
    percents: tuple[str, ...]
    year: int
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    verbs: tuple[str, ...]
    adverbs: tuple[str, ...]


def category_of(seed: int, number: int) -> str:
    """Event `number`'s category: known without making the whole event, for URLs."""
    return random.Random(f"{seed}:category:{number}").choice(CATEGORIES)


@lru_cache(maxsize=8192)
def event(seed: int, number: int) -> Event:
    """Event `number` of the corpus seeded `seed`, the same in every process."""
    rng = random.Random(f"{seed}:event:{number}")
    words = vocabulary()
    category = category_of(seed, number)
    places = tuple(place(rng) for _ in range(rng.randint(1, 3)))
    # Topic words come from the whole list, not its frequent end: they are what tells one
    # event from another, as the rarer words of a real story do.
    topic_nouns = [common(rng, words.nouns, 1.2) for _ in range(14)]
    return Event(
        number=number,
        category=category,
        people=tuple(person(rng) for _ in range(rng.randint(2, 4))),
        places=places,
        organisations=tuple(_organisation(rng, places) for _ in range(rng.randint(1, 3))),
        counts=tuple(f"{round(10 ** rng.uniform(1, 5)):,}" for _ in range(2)),
        amounts=(_amount(rng),),
        percents=(_percent(rng),),
        year=rng.randint(1990, 2024),
        nouns=(*topic_nouns, *rng.sample(_CATEGORY_NOUNS[category], 3)),
        adjectives=tuple(common(rng, words.adjectives, 1.2) for _ in range(6)),
        verbs=tuple(common(rng, words.verbs, 1.2) for _ in range(6)),
        adverbs=tuple(common(rng, words.adverbs, 1.2) for _ in range(3)),
    )


def retold(event: Event, rng: random.Random) -> Event:
    """`event` as another writer tells it: the same people, places and figures, half of the
    topic words kept and the rest their own. Real rewrites share the facts, not the words."""
    words = vocabulary()

    def half(own: tuple[str, ...], everyone: tuple[str, ...]) -> tuple[str, ...]:
        kept = rng.sample(own, len(own) // 2)
        return (*kept, *(common(rng, everyone, 1.2) for _ in range(len(own) - len(kept))))

    return replace(
        event,
        nouns=half(event.nouns, words.nouns),
        adjectives=half(event.adjectives, words.adjectives),
        verbs=half(event.verbs, words.verbs),
        adverbs=half(event.adverbs, words.adverbs),
    )


def _organisation(rng: random.Random, places: tuple[str, ...]) -> str:
    form = rng.choice(_ORGANISATION_FORMS)
    surname, surname2 = name_word(rng, 2), name_word(rng, 2)
    return form.format(
        surname=surname,
        surname2=surname2,
        place=rng.choice(places),
        noun=common(rng, vocabulary().nouns).capitalize(),
        initials="".join(rng.choice("ABCDEFGHKLMNPRSTUVW") for _ in range(rng.randint(3, 4))),
    )


def _amount(rng: random.Random) -> str:
    currency = rng.choice("$£€")
    if rng.random() < 0.5:
        return f"{currency}{rng.uniform(1.1, 9.9):.1f} {rng.choice(('million', 'billion'))}"
    return f"{currency}{rng.randint(10, 990) * 1000:,}"


def _percent(rng: random.Random) -> str:
    return f"{round(rng.uniform(0.5, 60), rng.choice((0, 1))):g}%"
