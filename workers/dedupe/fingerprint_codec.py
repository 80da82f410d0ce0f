"""Fingerprints packed as bytes for the fold index: Redis holds one per article for the whole
fold window, so its size is what the window costs.

Layout (little-endian): format byte, 16-byte digest, signature length (u16) and its u32
values, embedding length (u16) and its float16 values, term count (u16) and per term its
UTF-8 length (u8), bytes and float16 weight. float16 keeps three significant digits, which
leaves cosines unchanged to about 1e-3. JSON took some 3 KB per article; this about half.
"""

import struct

import numpy as np

from workers.dedupe.fingerprint import Fingerprint

FORMAT = 1
_HEAD = struct.Struct("<B16sH")
_COUNT = struct.Struct("<H")
_TERM_LENGTH = struct.Struct("<B")
_WEIGHT = struct.Struct("<e")
_MAX_TERM_BYTES = 255


class UnknownFormat(ValueError):
    """The bytes were packed in another format (an older release's entry)."""


def pack_fingerprint(fingerprint: Fingerprint) -> bytes:
    """`fingerprint` as bytes."""
    signature = fingerprint.signature.astype("<u4")
    parts = [_HEAD.pack(FORMAT, bytes.fromhex(fingerprint.digest), len(signature))]
    parts.append(signature.tobytes())
    embedding = fingerprint.embedding
    parts.append(_COUNT.pack(0 if embedding is None else len(embedding)))
    if embedding is not None:
        parts.append(embedding.astype("<f2").tobytes())
    # A "word" longer than 255 bytes is a run of junk (a URL, a token), no telling term.
    terms = [
        (term.encode(), weight)
        for term, weight in fingerprint.terms.items()
        if len(term.encode()) <= _MAX_TERM_BYTES
    ]
    parts.append(_COUNT.pack(len(terms)))
    for term, weight in terms:
        parts += [_TERM_LENGTH.pack(len(term)), term, _WEIGHT.pack(weight)]
    return b"".join(parts)


def unpack_signature(packed: bytes) -> np.ndarray:
    """The MinHash signature alone of a packed fingerprint: what verifying an LSH candidate
    needs, without decoding its terms word by word."""
    if not packed or packed[0] != FORMAT:
        raise UnknownFormat("not a packed fingerprint of this release")
    _format, _digest, perms = _HEAD.unpack_from(packed, 0)
    return np.frombuffer(packed, dtype="<u4", count=perms, offset=_HEAD.size).astype(np.uint32)


def unpack_fingerprint(packed: bytes) -> Fingerprint:
    """The fingerprint `pack_fingerprint` packed; raises UnknownFormat for other bytes."""
    if not packed or packed[0] != FORMAT:
        raise UnknownFormat("not a packed fingerprint of this release")
    _format, digest, perms = _HEAD.unpack_from(packed, 0)
    signature = unpack_signature(packed)
    offset = _HEAD.size + 4 * perms
    (dimensions,) = _COUNT.unpack_from(packed, offset)
    offset += _COUNT.size
    embedding = None
    if dimensions:
        embedding = np.frombuffer(packed, dtype="<f2", count=dimensions, offset=offset)
        embedding = embedding.astype(np.float32)
        offset += 2 * dimensions
    (count,) = _COUNT.unpack_from(packed, offset)
    offset += _COUNT.size
    terms: dict[str, float] = {}
    for _ in range(count):
        (length,) = _TERM_LENGTH.unpack_from(packed, offset)
        offset += _TERM_LENGTH.size
        term = packed[offset : offset + length].decode()
        offset += length
        (weight,) = _WEIGHT.unpack_from(packed, offset)
        offset += _WEIGHT.size
        terms[term] = weight
    return Fingerprint(digest=digest.hex(), signature=signature, terms=terms, embedding=embedding)
