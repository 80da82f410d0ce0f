"""Bytes to text: valid UTF-8 wins, then the declared charset, then windows-1252."""

import codecs

from workers.extract.decoding import declared_charset, decode_html, looks_binary

TEXT = "<p>Élysée “talks” — 100 €</p>"


def test_utf8_wins_over_a_wrong_label() -> None:
    assert decode_html(TEXT.encode("utf-8"), "iso-8859-1") == TEXT


def test_declared_charset_is_used_when_utf8_fails() -> None:
    raw = ('<meta charset="windows-1251">' + "<p>Путин</p>").encode("cp1251")
    assert declared_charset(raw) == "windows-1251"
    assert "Путин" in decode_html(raw)


def test_http_equiv_charset_is_found() -> None:
    raw = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">'
    assert declared_charset(raw) == "ISO-8859-15"


def test_unlabelled_legacy_page_is_read_as_windows_1252() -> None:
    assert decode_html(TEXT.encode("cp1252")) == TEXT


def test_bom_decides() -> None:
    assert decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")) == TEXT


def test_binary_is_recognised() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(TEXT.encode("utf-8"))
    assert not looks_binary(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))


def test_utf8_cut_inside_a_character_stays_utf8() -> None:
    raw = TEXT.encode("utf-8")[:-5]  # "</p>" and the last byte of the euro sign
    assert decode_html(raw, "utf-8") == TEXT[:-5] + "\ufffd"


def test_utf8_with_a_stray_legacy_byte_stays_utf8() -> None:
    raw = TEXT.encode("utf-8") + "<p>caf\u00e9</p>".encode("cp1252")
    assert decode_html(raw).startswith(TEXT)


def test_legacy_bytes_are_not_taken_for_utf8() -> None:
    raw = "<p>Caf\u00e9 cr\u00e8me, \u00e0 la fran\u00e7aise</p>".encode("cp1252")
    assert decode_html(raw, "utf-8") == "<p>Caf\u00e9 cr\u00e8me, \u00e0 la fran\u00e7aise</p>"


def test_double_encoded_utf8_is_decoded_once_more() -> None:
    # UTF-8 read as Latin-1 and written out as UTF-8 again, as some CMSs store pages.
    raw = TEXT.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_html(raw) == TEXT


def test_latin1_letter_pairs_without_c1_controls_are_left_alone() -> None:
    # "Ã©" reads as UTF-8 for "é", but with no C1 control the page is not double-encoded.
    text = "<p>\u00c3\u00a9tude \u00c2\u00bb r\u00e9sum\u00e9</p>"
    assert decode_html(text.encode("utf-8")) == text
