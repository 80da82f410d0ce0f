"""Response bodies decoded from their Content-Encoding with every output piece bounded.

httpx decodes a whole network chunk at once before anyone can count it: a 400-byte brotli
body inflated to 512 MiB in one call, a 64 KiB deflate chunk to some 64 MiB. Here zlib's
`max_length` and brotli's `output_buffer_limit` hand the output over in pieces of about
`piece` bytes (zlib's exactly at most; brotli's buffer grows in blocks and may pass it by
one, some 32 KiB), so the caller's size limit stops a compression bomb a piece past it.
"""

import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli

from services.http.errors import BadResponse

# What newsfold asks servers for, and can decode.
ACCEPT_ENCODING = "gzip, deflate, br"

_GZIP_WBITS = zlib.MAX_WBITS | 16
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS

Transform = Callable[[Iterable[bytes], int], Iterator[bytes]]


def decoded(raw: Iterable[bytes], content_encoding: str | None, piece: int) -> Iterator[bytes]:
    """The body `raw` (the bytes as sent) decoded by `content_encoding` (codings listed in
    the order they were applied), in pieces of about `piece` bytes. Raises BadResponse for
    a coding newsfold did not ask for, or data that does not decode."""
    codings = [
        coding.strip().lower()
        for coding in (content_encoding or "").split(",")
        if coding.strip().lower() not in ("", "identity")
    ]
    chunks: Iterable[bytes] = raw
    # The last coding applied is the first to undo.
    for coding in reversed(codings):
        transform = _TRANSFORMS.get(coding)
        if transform is None:
            raise BadResponse(f"unsupported content encoding {coding!r}")
        chunks = transform(chunks, piece)
    return _translated(chunks)


def _translated(chunks: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    except (zlib.error, brotli.error) as exc:
        raise BadResponse(f"body does not decode: {exc}") from exc


def _gzip(chunks: Iterable[bytes], piece: int) -> Iterator[bytes]:
    return _inflated(chunks, piece, lambda _first: _GZIP_WBITS)


def _deflate(chunks: Iterable[bytes], piece: int) -> Iterator[bytes]:
    # "deflate" is meant to be a zlib stream (RFC 9110), but servers send raw deflate as
    # often; a zlib stream announces itself in its first two bytes (RFC 1950).
    return _inflated(chunks, piece, _deflate_wbits)


def _deflate_wbits(first: bytes) -> int:
    if len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return _RAW_DEFLATE_WBITS


def _inflated(
    chunks: Iterable[bytes], piece: int, wbits_for: Callable[[bytes], int]
) -> Iterator[bytes]:
    decompressor: zlib._Decompress | None = None
    for chunk in chunks:
        if not chunk:
            continue
        if decompressor is None:
            decompressor = zlib.decompressobj(wbits_for(chunk))
        data = chunk
        while True:
            out = decompressor.decompress(data, piece)
            if out:
                yield out
            data = decompressor.unconsumed_tail
            # Input left over, or output that filled the piece, means more is waiting.
            if decompressor.eof or (not data and len(out) < piece):
                break
        if decompressor.eof:
            return  # anything after the stream's end is not body


def _brotli(chunks: Iterable[bytes], piece: int) -> Iterator[bytes]:
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        out = decompressor.process(chunk, output_buffer_limit=piece)
        # Output held back by the limit comes with empty input, until there is none.
        while out:
            yield out
            out = decompressor.process(b"", output_buffer_limit=piece)
        if decompressor.is_finished():
            return


_TRANSFORMS: dict[str, Transform] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
}
