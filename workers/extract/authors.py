"""Who wrote the article: the authors the page declares, else its byline, else the elements
it marks as its author's ("author-name", rel="author"), else its author box ("Written by" |
"Ann Lee" at the article's end, "View all posts by Ann Lee").

A declared organization ("Cleveland Clinic", the site itself) is the publisher's name in the
author's place: a person the page shows as its author comes first, and the organization
stands only where the page names nobody.
"""

import html
import re

from lxml.html import HtmlElement

from workers.extract.byline import first_naming_byline, looks_like_name, names_in, names_in_texts
from workers.extract.header import is_other_content, page_lines
from workers.extract.jsonld import LinkedData

_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
)

# Elements marked as the author's by their class or id ("author-name", "post-byline",
# "entry-author") or by microformats; a class word like "authority" does not count.
_AUTHOR_MARKS = (
    "//*[@rel='author' or @itemprop='author'"
    " or contains(translate(@class, 'AUTHOR', 'author'), 'author')"
    " or contains(translate(@class, 'BYLINE', 'byline'), 'byline')]"
)
_NOT_AUTHOR_MARK = re.compile(r"avatar|image|img|photo|bio|desc|about|date|label", re.IGNORECASE)
_VISIBLE_TEXT = ".//text()[not(ancestor::style or ancestor::script)]"
_INITIALS = re.compile(r"[A-Z]{1,3}")
_TEXTLESS_TAGS = frozenset({"img", "script", "style", "meta", "link", "svg"})

# Account names CMSs print when nobody set an author: not a person's name.
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "webmaster",
        "editor",
        "author",
        "root",
        "guest",
        "user",
        "unknown",
        "anonymous",
        "staff writer",
    }
)

# A name element holds a name: longer text is an author box's biography.
_MAX_NAME_CHARS = 60

# The link to an author's other articles names the author ("View all posts by Ann Lee »").
_MORE_BY = re.compile(
    r"^(?:(?:view|see)\s+)?(?:all|more)\s+(?:posts|articles|stories)\s+by\s+"
    r"(?P<name>[^\u2192\u00bb\u203a>]+?)\s*[\u2192\u00bb\u203a>]?$",
    re.IGNORECASE,
)


def article_authors(
    linked: LinkedData,
    meta: dict[str, str],
    tree: HtmlElement,
    byline: list[str],
    publisher_names: list[str],
) -> list[str]:
    """The article's authors as the page gives them; `byline` are the names its byline
    shows, `publisher_names` the site's and publisher's names."""
    author = linked.article_value("author")
    organizations = {_letters(name) for name in linked.organization_names(author)}
    organizations |= {_letters(name) for name in publisher_names}
    declared = _declared(linked, meta)
    people = [
        name for name in declared if _letters(name) not in organizations and not _is_handle(name)
    ]
    found = people or byline or _marked_authors(tree) or declared or _author_box(tree)
    return [name for name in found if not is_placeholder_author(name)]


def is_placeholder_author(name: str) -> bool:
    """True for CMS account names ("admin") and other non-names that fill author fields."""
    bare = name.strip().casefold().removeprefix("by ").strip()
    return bare in _PLACEHOLDER_AUTHORS or "://" in bare or "@" in bare or not bare


def _declared(linked: LinkedData, meta: dict[str, str]) -> list[str]:
    candidates = linked.names(linked.article_value("author"))
    if not candidates:
        candidates = [value for name in _AUTHOR_META if (value := meta.get(name))]
    if not candidates and meta.get("twitter:label1", "").lower() == "written by":
        # Yoast's summary card: "Written by" and the author's name.
        candidates = [meta.get("twitter:data1", "")]
    names: list[str] = []
    for candidate in candidates:
        # One meta tag often lists several people, and some CMSs write a byline into it
        # ("By Ann Lee", "Ann Lee and Bo Chen, The Gazette").
        for part in re.split(r"\s*[;|]\s*", html.unescape(candidate)):
            part = " ".join(part.split()).strip(" ,")
            # A declared name that is no person's ("Center for Drug Evaluation and
            # Research") is kept whole.
            found = (names_in(part) if _reads_as_byline(part) else []) or [part]
            names += [name for name in found if not is_placeholder_author(name)]
    return list(dict.fromkeys(names))


def _is_handle(name: str) -> bool:
    # A CMS account's login ("andrew.keaveney", "jsmith_42") fills the declared author on
    # pages that show the writer's name elsewhere; it is kept only when nothing else is.
    # A credential ("Ph.D.") is no login.
    return " " not in name and bool(re.search(r"\d|[a-z][._][a-z]", name))


def _reads_as_byline(text: str) -> bool:
    return bool(re.match(r"(?:written\s+)?by\b|author", text, re.IGNORECASE)) or bool(
        re.search(r",|\band\b|&", text)
    )


def _marked_authors(tree: HtmlElement) -> list[str]:
    for element in tree.xpath(_AUTHOR_MARKS):
        if element.tag in _TEXTLESS_TAGS or _NOT_AUTHOR_MARK.search(element.get("class") or ""):
            continue
        texts = _marked_texts(element)
        text = " ".join(texts)
        if not text or len(text) > _MAX_NAME_CHARS:
            continue
        if any(is_other_content(ancestor) for ancestor in element.iterancestors()):
            continue
        if names := names_in_texts(texts):
            return names
    return []


def _author_box(tree: HtmlElement) -> list[str]:
    # Read last, as it walks the whole page. On WCXB's dev pages it gave the labelled
    # authors on 7 of the 109 pages whose author was missed, and a wrong name on 3.
    lines = list(page_lines(tree))
    if names := first_naming_byline(lines):
        return names
    for line in lines:
        if (match := _MORE_BY.match(line)) and looks_like_name(match["name"]):
            return [match["name"]]
    return []


def _marked_texts(element: HtmlElement) -> list[str]:
    # Microdata puts the name in a nested itemprop="name", often a <meta> with no text.
    for named in element.iterfind(".//*[@itemprop='name']"):
        return [" ".join(str(named.get("content") or named.text_content()).split())]
    texts = (" ".join(str(text).split()) for text in element.xpath(_VISIBLE_TEXT))
    # A lone word of up to three capitals is an avatar's initials ("CM").
    return [text for text in texts if text and not _INITIALS.fullmatch(text)]


def _letters(text: str) -> str:
    return "".join(re.findall(r"\w+", text.lower())).replace("_", "")
