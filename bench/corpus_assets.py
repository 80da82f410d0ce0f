"""The inline CSS and JavaScript an outlet puts on every page, tens of kilobytes of it.

Real article pages weigh 30 to 80 KB, most of it markup, styles and scripts rather than
text; an extractor parses all of it. Each outlet's bundle is made once from its own
generator (as a site serves one bundle on all its pages) and looks like minified code:
rules over made-up class names, small functions over made-up identifiers.
"""

import random
import string
from dataclasses import dataclass

_PROPERTIES = (
    "margin", "padding", "font-size", "line-height", "width", "max-width", "top",
    "left", "border-radius", "gap", "letter-spacing", "min-height",
)  # fmt: skip
_UNITS = ("px", "rem", "em", "%", "vw")
_CALLS = (
    "querySelector", "addEventListener", "setAttribute", "getItem", "push", "then",
    "map", "filter", "forEach", "observe", "postMessage", "fetch",
)  # fmt: skip


@dataclass(frozen=True)
class Assets:
    """One outlet's page furniture: a stylesheet and scripts, each inline."""

    style: str
    scripts: tuple[str, ...]


def outlet_assets(rng: random.Random, classes: tuple[str, ...], size: int) -> Assets:
    """About `size` characters of CSS and JavaScript, a third of it CSS, using the outlet's
    own `classes` in its selectors."""
    style = _stylesheet(rng, classes, size // 3)
    script_size = size - len(style)
    parts = rng.randint(2, 4)
    scripts = tuple(_script(rng, script_size // parts) for _ in range(parts))
    return Assets(style, scripts)


def _identifier(rng: random.Random) -> str:
    return rng.choice(string.ascii_letters) + "".join(
        rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(0, 3))
    )


def _stylesheet(rng: random.Random, classes: tuple[str, ...], size: int) -> str:
    rules: list[str] = []
    length = 0
    while length < size:
        declarations = ";".join(
            f"{rng.choice(_PROPERTIES)}:{rng.randint(0, 48)}{rng.choice(_UNITS)}"
            for _ in range(rng.randint(2, 6))
        )
        colour = f"color:#{rng.randrange(0x1000000):06x}"
        selector = "." + rng.choice(classes) + rng.choice(("", " a", ":hover", ">div", " p"))
        rule = f"{selector}{{{declarations};{colour}}}"
        if rng.random() < 0.1:
            rule = f"@media (min-width:{rng.choice((480, 768, 1024, 1280))}px){{{rule}}}"
        rules.append(rule)
        length += len(rule)
    return "".join(rules)


def _script(rng: random.Random, size: int) -> str:
    functions: list[str] = []
    length = 0
    while length < size:
        name, a, b, c = (_identifier(rng) for _ in range(4))
        body = (
            f"var {c}={a}&&{a}.{rng.choice(_CALLS)}?{a}.{rng.choice(_CALLS)}({b}):"
            f"{rng.randint(0, 0xFFFF)};if(!{c})return null;"
            f'return {c}.{rng.choice(_CALLS)}(function(e){{return e+"{_identifier(rng)}"}})'
        )
        function = f"function {name}({a},{b}){{{body}}}"
        functions.append(function)
        length += len(function)
    return "!function(){" + ";".join(functions) + "}();"
