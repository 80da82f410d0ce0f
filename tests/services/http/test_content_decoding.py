"""Bodies decoded from their Content-Encoding in bounded pieces."""

import gzip
import zlib

import brotli
import pytest

from services.http.content_decoding import decoded
from services.http.errors import BadResponse

# brotli's output buffer grows in blocks and may pass the piece size by one.
_BROTLI_BLOCK = 32 * 1024

TEXT = b"<rss>" + b"newsfold " * 50_000 + b"</rss>"


def _chunks(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _raw_deflate(TEXT)),
        ("br", brotli.compress(TEXT)),
        ("gzip, br", brotli.compress(gzip.compress(TEXT))),
        ("identity", TEXT),
        (None, TEXT),
    ],
)
def test_every_coding_decodes_in_pieces_no_larger_than_asked(
    coding: str | None, body: bytes
) -> None:
    pieces = list(decoded(_chunks(body), coding, 4096))
    assert b"".join(pieces) == TEXT
    assert max(len(piece) for piece in pieces) <= 4096 + _BROTLI_BLOCK


def test_a_bomb_is_handed_over_piece_by_piece() -> None:
    bomb = brotli.compress(b"\0" * (256 << 20))  # a few hundred bytes
    pieces = decoded(_chunks(bomb), "br", 65536)
    # The first piece comes before the rest is inflated.
    assert len(next(pieces)) <= 65536 + _BROTLI_BLOCK


@pytest.mark.parametrize(
    ("coding", "body"), [("zstd", b"\x28\xb5\x2f\xfd"), ("gzip", b"not gzip at all")]
)
def test_unknown_codings_and_broken_data_are_bad_responses(coding: str, body: bytes) -> None:
    with pytest.raises(BadResponse):
        list(decoded([body], coding, 4096))
