"""Fingerprints packed as bytes for the fold index: Redis holds one per article for the whole
fold window, so its size is what the window costs.

Layout (little-endian): format byte, 16-byte digest, signature length (u16) and the low 16
bits of each value (u16: what verifying a candidate compares, `fingerprint.jaccard`),
embedding length (u16) and its values (vector_codec: int8 steps and a scale), term count
(u16), the term ids (u32) and their float16 weights. float16 keeps three significant
digits, which leaves cosines unchanged to about 1e-3. Words, full 32-bit signature values
and a float16 embedding took some 2.8 KB per article; this about 0.9 KB.
"""

import struct

import numpy as np

from workers.dedupe.fingerprint import Fingerprint
from workers.dedupe.term_array import ID_DTYPE, TermArray
from workers.dedupe.vector_codec import pack_vector, packed_size, unpack_vector

FORMAT = 2
_HEAD = struct.Struct("<B16sH")
_COUNT = struct.Struct("<H")


class UnknownFormat(ValueError):
    """The bytes were packed in another format (an older release's entry)."""


def pack_fingerprint(fingerprint: Fingerprint) -> bytes:
    """`fingerprint` as bytes."""
    signature = fingerprint.signature.astype("<u2")  # the low 16 bits
    parts = [_HEAD.pack(FORMAT, bytes.fromhex(fingerprint.digest), len(signature))]
    parts.append(signature.tobytes())
    embedding = fingerprint.embedding
    parts.append(_COUNT.pack(0 if embedding is None else len(embedding)))
    if embedding is not None:
        parts.append(pack_vector(embedding))
    terms = fingerprint.terms
    parts.append(_COUNT.pack(len(terms.ids)))
    parts.append(terms.ids.astype(ID_DTYPE).tobytes())
    parts.append(terms.weights.astype("<f2").tobytes())
    return b"".join(parts)


def unpack_signature(packed: bytes) -> np.ndarray:
    """The stored MinHash signature alone (its values' low 16 bits): what verifying an LSH
    candidate needs, without decoding the rest."""
    if not packed or packed[0] != FORMAT:
        raise UnknownFormat("not a packed fingerprint of this release")
    _format, _digest, perms = _HEAD.unpack_from(packed, 0)
    return np.frombuffer(packed, dtype="<u2", count=perms, offset=_HEAD.size).astype(np.uint32)


def unpack_fingerprint(packed: bytes) -> Fingerprint:
    """The fingerprint `pack_fingerprint` packed; raises UnknownFormat for other bytes."""
    signature = unpack_signature(packed)
    _format, digest, perms = _HEAD.unpack_from(packed, 0)
    offset = _HEAD.size + 2 * perms
    (dimensions,) = _COUNT.unpack_from(packed, offset)
    offset += _COUNT.size
    embedding = None
    if dimensions:
        embedding = unpack_vector(packed, dimensions, offset)
        offset += packed_size(dimensions)
    (count,) = _COUNT.unpack_from(packed, offset)
    offset += _COUNT.size
    ids = np.frombuffer(packed, dtype=ID_DTYPE, count=count, offset=offset)
    offset += 4 * count
    weights = np.frombuffer(packed, dtype="<f2", count=count, offset=offset).astype(np.float32)
    return Fingerprint(
        digest=digest.hex(),
        signature=signature,
        terms=TermArray(ids, weights),
        embedding=embedding,
    )
