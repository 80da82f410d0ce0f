"""Articles written about an event: a headline and body blocks (paragraphs, subheadings, a
pull quote), and the spinner's version of an article.

Sentences are templates whose slots take the event's facts and topic words, or now and then
a word of the whole vocabulary. Two articles written about one event with two random
generators are rewrites of each other: same people, places and numbers, other sentences in
another order. Templates share few runs of fixed words, so unrelated events share few word
pairs (the dedupe stage compares word bigrams).
"""

import random
import re
from dataclasses import dataclass

from bench.corpus_events import Event
from bench.corpus_words import common, plural, vocabulary

_SENTENCES = (
    "{person}, {role} at {org}, said the {adj} {noun} in {place} had {verb} {count} {nouns}.",
    "“We have {verb} every {noun} we could,” {person} told reporters in {place} on {day}.",
    "Officials in {place} said {count} {nouns} were {verb} during the {noun}.",
    "According to {org}, the {noun} {verb} by {percent} compared with the previous {noun}.",
    "{org} declined to comment on the {adj} {noun}, citing {nouns} in {place}.",
    "Critics, including {person}, argued the {noun} was {adv} {verb} and left {nouns} {adj}.",
    "The {adj} {noun} is expected to cost {amount}, a figure {person} described as {adj}.",
    "It was the most {adj} {noun} in {place} since {year}, when {org} {verb} a {noun}.",
    "Residents of {place} said they had {verb} the {nouns} for weeks.",
    "In a statement, {org} said the {noun} would be {verb} {adv} and that {nouns} were {adj}.",
    "{person} added that {place}'s {noun} was {adj} but {adj}.",
    "Figures from {org} show {count} {nouns} {verb} in the {adj} {noun}.",
    "The {noun} came as {org} {verb} its {adj} {noun} for {place}.",
    "“This is a {adj} {noun} for {place},” said {person}, who {verb} the {noun} in {year}.",
    "Analysts at {org} {adv} {verb} the {noun}, saying {nouns} could rise to {count}.",
    "{person} did not respond to requests for comment about the {noun}.",
    "The {noun} has {verb} {adj} {nouns} across {place} and {place}.",
    "Talks between {org} and {org} over the {noun} {verb} on {day}.",
    "By {day} evening, {count} {nouns} had been {verb} near {place}.",
    "Some {nouns} {verb} the {noun} as {adj}, while others called it {adj}.",
    "{org} has {verb} {amount} since the {noun} began, {person} said.",
    "A report published by {org} found the {adj} {noun} had {verb} {adv}.",
    "Police in {place} said the {noun} near the {noun} was under investigation.",
    "The {noun} will be {verb} again at a {adj} {noun} in {place} next {day}.",
    "{person} said {org} had {verb} the {nouns} {adv}, adding that the {noun} was {adj}.",
    "More than {count} {nouns} have {verb} {adj} {nouns} in {place} this year.",
    "The {adj} {noun} followed months of {noun} between {org} and {nouns} in {place}.",
    "Asked about the {noun}, {person} said it was too early to judge its {noun}.",
    "Earlier this week, {org} {verb} a {adj} {noun} worth {amount}.",
    "Nearly {percent} of {nouns} surveyed by {org} backed the {noun}.",
    "{person}, who has {verb} {nouns} for {org} since {year}, called for a {adj} {noun}.",
    "Outside {place}, {nouns} {adv} {verb} what {person} called a {adj} {noun}.",
    "Under the {noun}, {nouns} in {place} would receive {amount} over five years.",
    "Few expected the {noun} to be {verb} so {adv}, {person} admitted.",
    "Opposition to the {noun} grew after {org} {verb} {count} {nouns}.",
    "{place} {verb} {adj} {nouns} last {day}, {role} {person} confirmed.",
    "Whether the {noun} survives depends on {org}, {person} wrote on {day}.",
    "At least {count} {nouns} {verb}, up {percent} on {year}.",
)
_HEADLINES = (
    "{org} {verb} {adj} {noun} in {place}",
    "{place} {noun} {verb} as {count} {nouns} wait",
    "{person} says {noun} in {place} was {adj}",
    "{count} {nouns} {verb} after {adj} {noun} in {place}",
    "{org} and {org} clash over {adj} {noun}",
    "What we know about the {adj} {noun} in {place}",
    "{place}: {noun} worth {amount} {verb}",
    "{adj} {noun} leaves {place} {nouns} {verb}",
)
_SUBHEADINGS = (
    "The {adj} {noun}",
    "What {org} said",
    "{place} and the {noun}",
    "What happens next",
    "A {adj} {noun} for {place}",
    "Why the {noun} matters",
)
_PULL_QUOTES = (
    "“This is a {adj} {noun} for {place}, and we will not let it pass.”",
    "“Nobody in {place} wanted {nouns} to end up {verb} like this.”",
    "“{count} {nouns} is not a number, it is a {adj} {noun}.”",
)
_ROLES = (
    "a spokesperson", "the chief executive", "a senior official", "the director",
    "a researcher", "the chair", "an adviser", "the mayor",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SLOT = re.compile(r"\{(\w+)\}")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeiou])")
_FIRST_SENTENCE = re.compile(r"^.+?[.!?][”\"]?(?=\s|$)")
# Share of slot words taken from the event's topic words rather than the whole vocabulary.
_TOPIC_SHARE = 0.75


@dataclass(frozen=True)
class Block:
    """A piece of an article's body: `tag` is "p", "h2" or "blockquote"."""

    tag: str
    text: str


@dataclass(frozen=True)
class Story:
    """An article's words: its headline and body."""

    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The body as plain text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def description(self) -> str:
        """The first sentence, as a feed's description or a page's meta description."""
        first = self.blocks[0].text
        match = _FIRST_SENTENCE.match(first)
        return match[0] if match else first


def write_story(event: Event, rng: random.Random, *, blocks: int | None = None) -> Story:
    """A new article about `event`, 500 to 1,200 words long. With `blocks`, only its
    headline and first blocks: what a feed shows, for a fraction of the work."""
    title = write_headline(event, rng)
    target = rng.randint(500, 1200)
    quote_after = rng.randint(3, 8) if rng.random() < 0.6 else -1
    heading_every = rng.randint(4, 7)
    written: list[Block] = []
    words, since_heading = 0, 0
    while words < target and (blocks is None or len(written) < blocks):
        if since_heading >= heading_every and target - words > 120:
            written.append(Block("h2", _fill(rng.choice(_SUBHEADINGS), event, rng)))
            since_heading = 0
        sentences = [_fill(rng.choice(_SENTENCES), event, rng) for _ in range(rng.randint(1, 3))]
        written.append(Block("p", " ".join(sentences)))
        since_heading += 1
        words += sum(len(sentence.split()) for sentence in sentences)
        if len(written) == quote_after:
            written.append(Block("blockquote", _fill(rng.choice(_PULL_QUOTES), event, rng)))
    return Story(title, tuple(written))


def write_headline(event: Event, rng: random.Random) -> str:
    """A headline about `event` alone, for teasers that link to its articles."""
    return _fill(rng.choice(_HEADLINES), event, rng)


def spin_story(story: Story, rng: random.Random, rate: float) -> Story:
    """`story` with each lower-case word that has a synonym swapped for it with
    probability `rate`; names, numbers and the words that start a sentence stay."""
    synonyms = vocabulary().synonyms

    def swap(match: re.Match[str]) -> str:
        word = match[0]
        return synonyms.get(word, word) if rng.random() < rate else word

    def spun(text: str) -> str:
        return _LOWER_WORD.sub(swap, text)

    # The title first: a story cut short (`write_story`'s `blocks`) is then spun the same as
    # the start of the whole one.
    title = spun(story.title)
    return Story(title, tuple(Block(block.tag, spun(block.text)) for block in story.blocks))


def _fill(template: str, event: Event, rng: random.Random) -> str:
    text = _SLOT.sub(lambda match: _slot(match[1], event, rng), template)
    text = _BEFORE_VOWEL.sub(r"\1n ", text)
    return text[0].upper() + text[1:]


def _slot(name: str, event: Event, rng: random.Random) -> str:
    words = vocabulary()
    kinds = {
        "noun": (event.nouns, words.nouns),
        "nouns": (event.nouns, words.nouns),
        "adj": (event.adjectives, words.adjectives),
        "verb": (event.verbs, words.verbs),
        "adv": (event.adverbs, words.adverbs),
    }
    if name in kinds:
        own, everyone = kinds[name]
        word = rng.choice(own) if rng.random() < _TOPIC_SHARE else common(rng, everyone)
        return plural(word) if name == "nouns" else word
    facts = {
        "person": event.people,
        "place": event.places,
        "org": event.organisations,
        "count": event.counts,
        "amount": event.amounts,
        "percent": event.percents,
        "year": (str(event.year),),
        "role": _ROLES,
        "day": _DAYS,
    }
    return rng.choice(facts[name])
