"""Build the demo's seed pages from the seed texts.

    python -m services.demo.generate /work/shared/seeds services/demo/content

Each seed text is one site's copy of the Putin-Macron call story with the junk of its page
still around it. `SEED_PAGES` says which of its lines are junk, what the page's headline and
publication time are, and which template (one site's chrome) the article is poured into. The
templates already hold the junk where real sites put it: navigation, asides, footers, and
inline in the article body. They sit beside this module and are needed only to regenerate; the
committed pages are what the demo serves.
"""

import html
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class SeedPage:
    """How one seed text becomes a page."""

    seed: str  # prefix of the seed file name
    template: str
    path: str  # under the content directory
    title: str
    published: datetime
    head: int = 0  # junk lines before the article
    tail: int = 0  # junk lines after it
    lead: int = 0  # article lines that form the standfirst, shown under the headline
    inline_junk: tuple[str, ...] = ()
    subheadings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SeedArticle:
    """A seed text split into its article and its junk."""

    lead: list[str]
    paragraphs: list[str]
    junk: list[str]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


# Times are UTC on the day of the call; 000, the original report, is the earliest.
SEED_PAGES: tuple[SeedPage, ...] = (
    SeedPage(
        seed="000",
        template="central-tribune.html",
        path="central-tribune/politics/"
        "in-call-with-macron-putin-slams-west-for-ignoring-russias-fundamental-concerns.html",
        title="In call with Macron, Putin slams West for ignoring Russia’s ‘fundamental concerns’",  # noqa: RUF001 (the site's typographic quotes)
        published=_utc("2022-01-28T14:52:00+00:00"),
        head=2,
        tail=8,
    ),
    SeedPage(
        seed="001",
        template="politic-digest.html",
        path="politic-digest/2022/01/28/in-telephone-name-with-macron-putin-slams-west.html",
        title="In telephone name with Macron, Putin slams West for ignoring "
        "Russia’s ‘basic considerations’",  # noqa: RUF001
        published=_utc("2022-01-28T16:10:00+00:00"),
        head=1,
    ),
    SeedPage(
        seed="002",
        template="eastwire.html",
        path="eastwire/news/547893-putin-macron-crunch-talks.html",
        title="Putin & Macron hold crunch talks",
        published=_utc("2022-01-28T15:33:00+00:00"),
        head=2,
        lead=1,
    ),
    SeedPage(
        seed="003",
        template="eurodesk.html",
        path="eurodesk/international/2022/01/28/"
        "faced-with-macron-putin-regrets-rejection-of-his-requests.html",
        title="Faced with Macron, Putin regrets rejection of his requests by United States",
        published=_utc("2022-01-28T17:25:00+00:00"),
        tail=2,
        lead=1,
        inline_junk=("by and",),
        subheadings=("Lower the tension",),
    ),
    SeedPage(
        seed="004",
        template="world-news-today.html",
        path="world-news-today/2022/01/28/"
        "putin-says-us-response-to-security-demands-inadequate.html",
        title="Putin tells Macron US and NATO ignored Russia’s fundamental security concerns",  # noqa: RUF001
        published=_utc("2022-01-28T20:05:00+00:00"),
        head=1,
        tail=4,
    ),
)


def split_seed(text: str, page: SeedPage) -> SeedArticle:
    """Separate a seed text's article lines from its junk (per `page`) and its headline."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    junk = lines[: page.head] + (lines[len(lines) - page.tail :] if page.tail else [])
    kept = lines[page.head : len(lines) - page.tail]
    junk += [line for line in kept if line in page.inline_junk]
    # The headline is rendered once, as the page's <h1>; seeds repeat it in their text.
    article = [line for line in kept if line not in page.inline_junk and line != page.title]
    return SeedArticle(lead=article[: page.lead], paragraphs=article[page.lead :], junk=junk)


def _json(value: str) -> str:
    # Inside <script>, "</" would end the element early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _body(article: SeedArticle, page: SeedPage) -> str:
    blocks = []
    for paragraph in article.paragraphs:
        tag = "h2" if paragraph in page.subheadings else "p"
        blocks.append(f"        <{tag}>{html.escape(paragraph, quote=False)}</{tag}>")
    return "\n".join(blocks)


def render_page(page: SeedPage, article: SeedArticle) -> str:
    """The page's HTML, with `{{base_url}}` left for the demo server to fill in."""
    lead = " ".join(article.lead)
    description = lead or article.paragraphs[0]
    if len(description) > 160:
        description = description[:157].rsplit(" ", 1)[0] + "..."
    template = Template((TEMPLATES / page.template).read_text(encoding="utf-8"))
    return template.substitute(
        title=html.escape(page.title, quote=False),
        title_attr=html.escape(page.title),
        title_json=_json(page.title),
        url="{{base_url}}/" + page.path,
        published=page.published.isoformat(),
        published_human=f"{page.published:%B} {page.published.day}, {page.published.year}",
        lead=html.escape(lead, quote=False),
        lead_attr=html.escape(lead),
        lead_json=_json(lead),
        description_attr=html.escape(description),
        body=_body(article, page),
    )


def seed_text(seeds: Path, page: SeedPage) -> str:
    """The text of the seed file whose name starts with `page.seed`."""
    (path,) = seeds.glob(f"{page.seed}_*.txt")
    return path.read_text(encoding="utf-8")


def generate(seeds: Path, content: Path) -> list[Path]:
    """Write every seed page under `content`; returns the paths written."""
    written = []
    for page in SEED_PAGES:
        article = split_seed(seed_text(seeds, page), page)
        target = content / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(page, article), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    """Command-line entry point: `generate SEEDS CONTENT`."""
    if len(argv) != 2:
        print("usage: python -m services.demo.generate SEEDS_DIR CONTENT_DIR", file=sys.stderr)
        return 2
    for path in generate(Path(argv[0]), Path(argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
