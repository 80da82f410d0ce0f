"""Names of entities as newsfold counts them: "President Putin", "Putin's" and "Vladimir
Putin" are one person, "the Kremlin" is "Kremlin".

Used for an article's entities (workers/enrich/entities.py) and again across a story's
articles (services/storage/story_record.py), where one article's "Putin" meets another's
"Vladimir Putin".
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas.article import EntityKind

# Titles and honorifics that news puts before a person's name; taken off, longest first, as
# often as they are stacked ("Russian President", "Foreign Minister Sergei Lavrov"). Kings,
# popes and princes keep theirs: "Pope Francis" is the name news uses.
_TITLE_LIST = (
    "president, vice president, prime minister, deputy prime minister, minister, "
    "foreign minister, defence minister, defense minister, chancellor, secretary, "
    "secretary of state, secretary-general, secretary general, senator, sen, "
    "representative, rep, congressman, congresswoman, governor, gov, mayor, speaker, "
    "leader, general, gen, colonel, col, lieutenant, lt, admiral, adm, sergeant, sgt, "
    "captain, capt, judge, justice, chief justice, attorney general, ambassador, "
    "spokesman, spokeswoman, spokesperson, chairman, chairwoman, ceo, director, "
    "commissioner, mr, mrs, ms, miss, mx, dr, prof, professor, sir, dame, lord, lady, "
    "madame, mme, monsieur, m, herr, frau, señor, señora, rev, reverend, rabbi, imam, "
    "russian, french, american, us, u.s, ukrainian, german, british, chinese, former, "
    "incoming, outgoing, acting"
)
_TITLES = sorted(_TITLE_LIST.split(", "), key=lambda title: -len(title))
_TITLE = re.compile(
    r"^(?:" + "|".join(re.escape(title) for title in _TITLES) + r")\.?(?:\s+|$)", re.IGNORECASE
)
# Only English's article: "Los Angeles", "Le Pen" and "El Salvador" keep theirs.
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
# Punctuation around a name; a final dot stays on initialisms ("U.S.").
_EDGE_JUNK = re.compile(r"^[\W_]+|[^\w.]+$|(?<=\w\w)\.$")
_SPACE = re.compile(r"\s+")


def clean_name(surface: str, kind: EntityKind) -> str | None:
    """The entity's name without leading article, titles (for people), possessive and odd
    whitespace; None when nothing worth a name is left."""
    name = _EDGE_JUNK.sub("", _SPACE.sub(" ", surface))
    name = _EDGE_JUNK.sub("", _POSSESSIVE.sub("", name))
    name = _ARTICLE.sub("", name)
    if kind is EntityKind.PERSON:
        while (stripped := _TITLE.sub("", name)) != name:
            name = stripped
    name = _EDGE_JUNK.sub("", name)
    return name if len(name) > 1 and any(char.isalpha() for char in name) else None


def entity_key(name: str) -> str:
    """The form names are matched and searched by: lower case, accents folded, no dots,
    single spaces ("Élysée" and "elysee" are one key, "U.S." and "US" another)."""
    decomposed = unicodedata.normalize("NFKD", name.replace(".", ""))
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACE.sub(" ", folded).strip().casefold()


@dataclass
class EntityTally:
    """An entity with what was counted of it: mentions, the spellings used, the articles
    (at story level) and how often each kind was given to it."""

    name: str
    kinds: Counter[EntityKind]
    mentions: int
    forms: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The matching key of the entity's name."""
        return entity_key(self.name)

    @property
    def kind(self) -> EntityKind:
        """The kind given most often (ties: person, then organization, then place)."""
        order = list(EntityKind)
        return max(self.kinds, key=lambda kind: (self.kinds[kind], -order.index(kind)))


def fold_entities(tallies: Iterable[EntityTally]) -> list[EntityTally]:
    """The tallies merged by key; a person known only by a last name merged into the one
    full name that ends with it ("Putin" into "Vladimir Putin"; where several full names do,
    the most mentioned); and a name the model took for something else merged into the person
    it was also written for ("Newsom" tagged an organization once, and a spelling of "Gavin
    Newsom" elsewhere). Most mentioned first."""
    by_key: dict[str, EntityTally] = {}
    for tally in tallies:
        known = by_key.get(tally.key)
        by_key[tally.key] = tally if known is None else _merged(known, tally)
    people = [key for key, tally in by_key.items() if tally.kind is EntityKind.PERSON]
    for key in sorted(people, key=len):
        full = _full_name_of(key, people, by_key)
        if full is not None:
            by_key[full] = _merged(by_key[full], by_key.pop(key))
    _merge_into_people(by_key)
    return sorted(by_key.values(), key=lambda tally: (-tally.mentions, tally.key))


def _full_name_of(key: str, people: list[str], by_key: dict[str, EntityTally]) -> str | None:
    """The most mentioned longer person name ending with the words of `key`."""
    longer = [
        other for other in people if other in by_key and other != key and other.endswith(" " + key)
    ]
    return max(longer, key=lambda other: (by_key[other].mentions, other), default=None)


def _merge_into_people(by_key: dict[str, EntityTally]) -> None:
    """Merge each entity that is not a person into the one person one of whose spellings
    has its key (spaCy tags a bare last name a place or an organization now and then)."""
    written_for: dict[str, set[str]] = {}
    for key, tally in by_key.items():
        if tally.kind is EntityKind.PERSON:
            for form in tally.forms:
                name = clean_name(form, EntityKind.PERSON)
                if name is not None and entity_key(name) != key:
                    written_for.setdefault(entity_key(name), set()).add(key)
    for key, people in written_for.items():
        other = by_key.get(key)
        if other is not None and other.kind is not EntityKind.PERSON and len(people) == 1:
            [person] = people
            by_key[person] = _merged(by_key[person], by_key.pop(key))


def _merged(into: EntityTally, other: EntityTally) -> EntityTally:
    """One tally of both, under the longer name (the fuller form: "Vladimir Putin"), or for
    one key, the more mentioned spelling ("NATO" over "Nato")."""
    ours, theirs = (len(into.name), into.mentions), (len(other.name), other.mentions)
    name = into.name if ours >= theirs else other.name
    return EntityTally(
        name=name,
        kinds=into.kinds + other.kinds,
        mentions=into.mentions + other.mentions,
        forms=into.forms | other.forms,
        articles=into.articles | other.articles,
    )
