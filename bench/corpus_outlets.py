"""The corpus's outlets: a name, a layout, staff writers, the navigation every page repeats
and the styles and scripts every page carries, all made from (seed, outlet number)."""

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from bench.corpus_assets import Assets, outlet_assets
from bench.corpus_events import CATEGORIES
from bench.corpus_layouts import LAYOUTS, Layout
from bench.corpus_words import common, person, place, vocabulary

_MASTHEADS = (
    "The {} Herald", "{} Daily", "The {} Times", "The {} Courier", "{} Post",
    "{} News", "The {} Gazette", "{} Chronicle", "The {} Observer", "{} Tribune",
)  # fmt: skip
_EXTRA_SECTIONS = (
    "opinion", "video", "podcasts", "travel", "food", "money", "obituaries",
    "puzzles", "weather", "local", "education", "property", "motoring",
)  # fmt: skip
_FOOTER_LINKS = (
    "About us", "Contact us", "Careers", "Advertise with us", "Privacy policy",
    "Terms of use", "Cookie settings", "Accessibility", "Corrections",
    "Editorial standards", "Newsletters", "Subscribe", "Help centre",
    "Sitemap", "Archive", "RSS feeds", "Facebook", "Instagram", "YouTube",
    "LinkedIn", "Syndication", "Licensing",
)  # fmt: skip
_CLASS_WORDS = (
    "card", "teaser", "grid", "btn", "icon", "promo", "banner", "menu", "link",
    "tile", "label", "kicker", "badge", "modal", "drawer", "ticker", "slot",
)  # fmt: skip
_NON_LETTERS = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Outlet:
    """One news site of the corpus."""

    number: int
    name: str
    slug: str
    layout: Layout
    class_prefix: str
    sections: tuple[str, ...]
    topics: tuple[str, ...]  # the sub-menu's links
    staff: tuple[str, ...]
    footer_links: tuple[str, ...]
    assets: Assets

    def tag(self, template: str) -> str:
        """A layout's opening tag with this outlet's class prefix."""
        return template.replace("{p}", self.class_prefix)


def layout_of(number: int) -> Layout:
    """Outlet `number`'s layout, known without making the outlet: layouts take turns, so
    every one is on the corpus's pages once there are as many outlets."""
    return LAYOUTS[number % len(LAYOUTS)]


@lru_cache(maxsize=4096)
def outlet(seed: int, number: int) -> Outlet:
    """Outlet `number` of the corpus seeded `seed`."""
    rng = random.Random(f"{seed}:outlet:{number}")
    name = rng.choice(_MASTHEADS).format(place(rng))
    slug = _NON_LETTERS.sub("-", name.lower().removeprefix("the ")).strip("-")
    prefix = rng.choice(("", "", "".join(word[0] for word in slug.split("-")) + "-"))
    extra = rng.sample(_EXTRA_SECTIONS, rng.randint(4, 9))
    classes = tuple(
        f"{prefix}{rng.choice(_CLASS_WORDS)}-{common(rng, vocabulary().nouns)}" for _ in range(60)
    )
    return Outlet(
        number=number,
        name=name,
        slug=slug,
        layout=layout_of(number),
        class_prefix=prefix,
        sections=(*CATEGORIES, *extra),
        topics=tuple(
            common(rng, vocabulary().nouns).capitalize() for _ in range(rng.randint(25, 45))
        ),
        staff=tuple(person(rng) for _ in range(rng.randint(5, 15))),
        footer_links=tuple(rng.sample(_FOOTER_LINKS, rng.randint(12, len(_FOOTER_LINKS)))),
        # Real pages weigh 30-80 KB; styles and scripts are most of it.
        assets=outlet_assets(rng, classes, rng.randint(18_000, 50_000)),
    )
