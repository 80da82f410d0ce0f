"""Junk lines that survive main-text extraction, removed by rules general to the web.

trafilatura keeps what sits inside an article's container, and CMS themes, autoblog plugins,
paywalls and audio players put their own lines there. A line is junk when it is, in full:
one of `JUNK_LINES` (case-insensitive, once an optional leading date stamp is set aside), only
a date or timestamp, a run of icon names, the site's name, or the headline repeated at the
top. Every rule matches a whole, short line, never part of one, so a sentence that merely
mentions a source, a date or a share price survives.
"""

import re

# Lines longer than this are prose whatever they start with (the longest junk line the rules
# target, a paywall notice with its call to action, is about 150 characters).
MAX_JUNK_LINE = 200

# How far into the text a repeated headline is looked for: themes repeat it as the image
# caption or as the container's own <h1>, right at the top.
TITLE_LINES = 3

_SOCIAL = (
    r"(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|e-?mail|print|"
    r"messenger|flipboard|instagram|youtube|tiktok|vk|copy link|copy)"
)

JUNK_LINES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        # Autoblogs that republish feeds (WordPress "WP RSS Aggregator" and kin) end every
        # post with a link back to the copied article.
        "source_link": r"(original )?source( link| article| url)?|read (the )?original"
        r"( article| story)?( here)?|via",
        # Bylines whose names were links or images the extractor dropped ("by and"), and
        # WordPress posts left under the install's default account ("By admin").
        "byline_stub": r"by( *(and|&|,) *)*|(posted |written )?by (admin|administrator|"
        r"webmaster|editor|author|user\d*|root|guest)",
        # WordPress and Disqus comment forms under the article.
        "comment_form": r"leave a (reply|comment)|(post|add|write) (a |your )?comment|"
        r"cancel reply|comments?( \(\d+\))?|\d+ comments?|no comments( yet)?|"
        r"be the first to comment|join the (discussion|conversation)|"
        r"(your )?email address will not be published\.?( required fields are marked)?|"
        r"required fields are marked",
        # Text-to-speech players (BeyondWords, Trinity Audio) introduce themselves in the
        # body; spun copies swap the verb ("Press play to hearken to this text").
        "audio_prompt": r"(press|click|tap|hit) play to \w+( to)?( this| the)?( \w+)?|"
        r"listen to (this|the) (article|story|text)|audio (version|player)|"
        r"\d+ ?min(ute)?s? (read|listen)",
        # Metered paywalls replace the rest of the article with a notice and a button.
        "paywall": r"you have [\d.,]+ ?% of (this|the) article (left )?to read.*|"
        r"the rest (of (this|the) article )?is (reserved|available) (for|to) "
        r"(subscribers|members).*|(this (article|content|story) is )?(reserved|exclusive|"
        r"only available) (for|to) (subscribers|members).*|(subscribe|sign in|log in|"
        r"register) (now )?to (continue|read|keep reading|unlock).*|already (a subscriber|"
        r"have an account|registered)\?.*|subscribe( now| today)?|sign in|log in|register",
        # Aggregators mark which wire a copied text came from after a slash
        # ("/Public Release.", "/Media reports.").
        "slash_credit": r"/ ?\w+( \w+){0,2}",
        # Teaser blocks' headings: related posts, most-read lists, "You May Also Like".
        "teaser_heading": r"you (may|might) also (like|enjoy)|(related|recommended|"
        r"suggested)( (articles?|posts?|stories|news|content|reading|for you))?|"
        r"read (more|also|next)|also read|see also|more (stories|news|from .{1,40}|"
        r"on this (story|topic))|(top|latest|trending|popular|breaking) (news|stories|posts)|"
        r"most (read|popular|viewed|shared)|trending( now)?|don.t miss|editor.?s picks",
        # Share bars and social prompts, alone or as a run of network names; Jetpack's
        # "Like this:" widget shows "Like" and "Loading..." until its script runs.
        "share": rf"share( this( article| story| post| page)?)?( on \w+| via \w+)?|"
        rf"(share:? *)?{_SOCIAL}([ ,|·]+{_SOCIAL})*|follow us( on \w+)?|connect with us|"
        r"like this|like|loading|tweet( this)?",
        # Search overlays of news themes ("Hi, what are you looking for?").
        "search_prompt": r"(hi,? )?what are you looking for\??|search( for| this site)?|"
        r"type (here )?(and (press|hit) enter )?to search|(press|hit) enter to search",
        # Newsletter boxes dropped into the body.
        "newsletter": r"(sign up|subscribe) (for|to) (our|the) .{0,30}newsletters?.*",
        # Ad slots' labels.
        "advertisement": r"advertisement|advertising|sponsored( content)?|"
        r"scroll to continue( with content)?|story continues (below|after) "
        r"(this )?(ad|advertisement)",
        # Relative timestamps ("Updated 3 hours ago") from themes' date widgets.
        "relative_time": r"((updated|published|posted) )?(\d+|an?|one) (second|minute|hour|"
        r"day|week|month|year)s? ago",
        # WordPress feeds append a footer to every item; feed excerpts end in a link.
        "feed_footer": r"the post .{1,200} appeared first on .{1,100}|continue reading.*|"
        r"read more( »| \u203a)?|\[(…|\.\.\.)\]",
    }.items()
}

# Every rule in one pattern, so a line is matched once rather than once per rule.
_ANY_JUNK_LINE = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in JUNK_LINES.values()), re.IGNORECASE
)

# Tokens a date stamp is made of: "Sun. May 22nd, 2022", "28 Jan, 2022 15:33", "date
# 2022-01-28", "Published 01/28/2022 at 3:33 pm GMT". Themes print the page's own date (not the
# article's) in headers and put the article's timestamp inside the container.
_MONTH = re.compile(
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(t[\d:.]+(z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}",
    re.IGNORECASE,
)
_DAY = re.compile(r"\d{1,2}(st|nd|rd|th)?", re.IGNORECASE)
_DATE_FILLER = re.compile(
    r"(19|20)\d{2}|(mon|tues?|wednes|thu(rs)?|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\.?|\d{1,2}[:.h]\d{2}(:\d{2})?"
    r"(am|pm)?|am|pm|a\.m\.|p\.m\.|utc|gmt|e[sd]t|c[sd]t|m[sd]t|p[sd]t|bst|cest|cet|eest|"
    r"eet|msk|ist|jst|aest|[+-]\d{2}:?\d{2}|at|on|date|dated|published|posted|updated|"
    r"last|modified|created|[|·•,/\u2013\u2014-]",
    re.IGNORECASE,
)

_ICON = re.compile(r"icon", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _normalize(line: str) -> str:
    # Bullets, separators and closing punctuation vary from theme to theme; the words decide.
    return " ".join(line.split()).strip(" .:;|•·»*…-\u203a\u2013\u2014")


def _date_prefix_length(tokens: list[str]) -> int:
    """How many leading tokens form a date stamp (0 if they do not name a day)."""
    count = 0
    full_date = month = day = False
    for token in tokens:
        bare = token.strip(",;")
        if _FULL_DATE.fullmatch(bare):
            full_date = True
        elif _MONTH.fullmatch(bare):
            month = True
        elif _DAY.fullmatch(bare):
            day = True
        elif not _DATE_FILLER.fullmatch(bare):
            break
        count += 1
    # A stamp names a day: "May" is a word and "May 2021" may head a timeline's section,
    # but "May 22nd" and "2022-01-28" are dates.
    return count if full_date or (month and day) else 0


def _is_icon_run(line: str) -> bool:
    # SVG sprite sheets give every <symbol> a <title> like "icon chevron down"; an extractor
    # that reads the sprite runs them together into a long line of icon names.
    icons = len(_ICON.findall(line))
    return icons >= 5 and icons >= 0.3 * len(line.split())


def _same_words(a: str, b: str) -> bool:
    return _WORD.findall(a.casefold()) == _WORD.findall(b.casefold())


def _is_site_name(line: str, site_name: str) -> bool:
    # Footers and mastheads leak the site's name, alone or with its tagline after a dash.
    if _same_words(line, site_name):
        return True
    for separator in (" - ", " \u2013 ", " \u2014 ", " | "):
        head, found, tail = line.partition(separator)
        if found and _same_words(head, site_name) and len(tail.split()) <= 6:
            return True
    return False


def is_junk_line(line: str, site_name: str | None = None) -> bool:
    """True when the whole line is boilerplate by one of this module's rules."""
    text = _normalize(line)
    if not text:
        return True
    if len(text) > MAX_JUNK_LINE:
        return _is_icon_run(text)
    tokens = text.split()
    rest = _normalize(" ".join(tokens[_date_prefix_length(tokens) :]))
    if not rest:
        return True
    if site_name and _is_site_name(text, site_name):
        return True
    return _is_icon_run(rest) or any(
        _ANY_JUNK_LINE.fullmatch(candidate) for candidate in {text, rest}
    )


def clean_text(text: str, *, title: str | None = None, site_name: str | None = None) -> str:
    """`text` without its junk lines. Paragraphs are separated by one blank line, in the
    input and the output; lines inside a paragraph are kept apart by single newlines."""
    paragraphs = []
    seen_lines = 0
    for paragraph in text.split("\n\n"):
        kept = []
        for line in paragraph.split("\n"):
            if not line.strip():
                continue
            seen_lines += 1
            repeated_title = (
                title is not None and seen_lines <= TITLE_LINES and _same_words(line, title)
            )
            if not repeated_title and not is_junk_line(line, site_name):
                kept.append(line.strip())
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs)
