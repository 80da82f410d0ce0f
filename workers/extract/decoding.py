"""A page's bytes as text, by the charset it declares, without ever failing.

Servers and pages mislabel their charset often enough that a label is only a hint: bytes that
are UTF-8 are read as UTF-8 whatever the label says (text in a legacy charset is almost never
valid UTF-8 by accident), and otherwise the declared charset is used, then windows-1252, which
is what browsers assume for an unlabelled Western page. Bytes count as UTF-8 when their valid
non-ASCII characters outnumber their invalid sequences: a page cut inside a character, or with
a fragment in another charset pasted in, is still UTF-8 with a few replacement characters,
where reading it all as windows-1252 would garble every accented letter. Text that was
UTF-8 read as Latin-1 before it reached us (double-encoded) is decoded once more.
"""

import codecs
import re

# The HTML standard's prescan looks at the first 1,024 bytes; some CMSs put a long <head>
# of scripts first, so a little more is read.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)

_REPLACEMENT = "\ufffd"

_UTF8_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
# A UTF-8 lead byte and its continuation bytes, as Latin-1 characters.
_LATIN1_READ_UTF8 = re.compile(
    "[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The HTML standard reads these labels as windows-1252, its superset.
_WINDOWS_1252_LABELS = frozenset(
    {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii", "l1"}
)


def looks_binary(raw: bytes) -> bool:
    """True for bytes that are no text at all (an image, a PDF): control bytes that no
    text encoding uses appear near the start (the HTML standard's MIME sniffing rule)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return bool(_BINARY_BYTES.search(raw[:_PRESCAN_BYTES]))


def declared_charset(raw: bytes) -> str | None:
    """The charset a <meta> tag near the top of the page declares, if any."""
    match = _META_CHARSET.search(raw[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_html(raw: bytes, encoding: str | None = None) -> str:
    """Decode a page; `encoding` is the charset from the HTTP header, when known."""
    text = _decoded(raw, encoding)
    # C1 controls are looked for in the bytes, where each starts with the byte 0xC2: ten
    # times faster than a character class over the text.
    return _undo_double_encoding(text) if _UTF8_C1_CONTROL.search(raw) else text


def _decoded(raw: bytes, encoding: str | None) -> str:
    for bom, bom_codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(bom_codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = raw.decode("utf-8", errors="replace")
    if _mostly_utf8(as_utf8):
        return as_utf8
    for label in (encoding, declared_charset(raw)):
        codec = _codec(label)
        # UTF-8 just failed: a UTF-8 label is wrong, and another may be right.
        if codec is not None and codec != "utf-8":
            return raw.decode(codec, errors="replace")
    return raw.decode("cp1252", errors="replace")


def _undo_double_encoding(text: str) -> str:
    """`text` with its double-encoded characters decoded: each is a UTF-8 sequence read as
    Latin-1, two to four characters whose first is a Latin-1 letter and whose others fall in
    U+0080-U+00BF, among them C1 controls, which no page means to show (an em dash becomes
    an a-circumflex and two controls: ten of the 711 WCXB dev pages, whole pages of them)."""
    return _LATIN1_READ_UTF8.sub(_utf8_of_latin1, text)


def _utf8_of_latin1(match: re.Match[str]) -> str:
    try:
        return match.group().encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def _mostly_utf8(text: str) -> bool:
    """True when `text`, decoded as UTF-8 with replacement, has more good non-ASCII
    characters than replaced sequences."""
    replaced = text.count(_REPLACEMENT)
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - replaced > replaced


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
