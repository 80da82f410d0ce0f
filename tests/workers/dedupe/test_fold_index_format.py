"""The fold index's compact formats: packed fingerprints and framed ids in LSH buckets."""

from datetime import UTC, datetime

import numpy as np
import pytest
from redis import Redis

from schemas.settings import FoldSettings
from tests.workers.dedupe.test_fold import seed_articles
from workers.dedupe.fingerprint import Fingerprint, jaccard
from workers.dedupe.fingerprint_codec import UnknownFormat, pack_fingerprint, unpack_fingerprint
from workers.dedupe.fold import Folder
from workers.dedupe.lsh_buckets import decode_frame, encode_id, split_frames
from workers.dedupe.term_array import TermArray
from workers.dedupe.vector_codec import pack_vector, packed_size, unpack_vector


def _print(embedding: bool) -> Fingerprint:
    rng = np.random.default_rng(3)
    vector = rng.normal(size=384).astype(np.float32)
    return Fingerprint(
        digest="0f" * 16,
        signature=rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32),
        terms=TermArray.of({"kremlin": 0.41, "macron": 0.38, "straße": 0.2}),
        embedding=vector / np.linalg.norm(vector) if embedding else None,
    )


@pytest.mark.parametrize("embedding", [True, False])
def test_a_packed_fingerprint_comes_back_as_it_was(embedding: bool) -> None:
    original = _print(embedding)
    packed = pack_fingerprint(original)
    back = unpack_fingerprint(packed)
    assert back.digest == original.digest
    # The signature's values keep their low 16 bits, which is what verification compares.
    assert np.array_equal(back.signature, original.signature & 0xFFFF)
    assert jaccard(back.signature, original.signature) == 1.0
    # Weights in float16, the embedding in int8 steps.
    assert np.array_equal(back.terms.ids, original.terms.ids)
    assert np.allclose(back.terms.weights, original.terms.weights, atol=1e-3)
    if embedding:
        assert original.embedding is not None and back.embedding is not None
        assert float(back.embedding @ original.embedding) == pytest.approx(1.0, abs=1e-3)
    else:
        assert back.embedding is None
    assert len(packed) == 1 + 16 + 2 + 2 * 128 + 2 + (4 + 384 if embedding else 0) + 2 + 6 * 3


def test_bytes_of_another_format_are_refused() -> None:
    with pytest.raises(UnknownFormat):
        unpack_fingerprint(b'{"digest": "json of an older release"}')


def test_ids_are_framed_and_hex_ids_packed() -> None:
    ids = ["0123456789abcdef0123", "seed000", "a1"]
    framed = b"".join(encode_id(article_id) for article_id in ids)
    assert [decode_frame(frame) for frame in split_frames(framed)] == ids
    assert len(encode_id("0123456789abcdef0123")) == 11


def test_a_value_of_packed_ids_alone_splits_into_their_frames() -> None:
    ids = ["0123456789abcdef0123", "8a8a8a8a8a8a8a8a8a8a", "ffffffffffffffffffff"]
    frames = split_frames(b"".join(encode_id(article_id) for article_id in ids))
    assert frames == [encode_id(article_id) for article_id in ids]
    assert [decode_frame(frame) for frame in frames] == ids


def test_lsh_buckets_find_a_folded_copy_until_it_is_withdrawn(redis: Redis) -> None:
    seeds = seed_articles()
    folder = Folder(redis, FoldSettings(embedding_model=None))
    analysed = folder.analyse(seeds["000"])
    folder.fold(seeds["000"], datetime.now(UTC), analysed)
    signature = analysed[1].signature
    assert folder.index.lsh_candidates(signature) == {"seed000"}
    # Compact: a day's shard hashes stay in listpack encoding.
    [key] = redis.keys("nf:fold:lsh:*")[:1]
    assert redis.object("encoding", key) == b"listpack"
    folder.index.withdraw_copy("seed000", analysed[1])
    assert folder.index.lsh_candidates(signature) == set()


def test_int8_embeddings_keep_cosines_within_two_thousandths() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # Pairs from unrelated to near-identical: each second vector a mix with the first.
    mixed = 0.8 * vectors[:100] + 0.2 * vectors[100:]
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    for a, b in zip(vectors[:100], mixed, strict=True):
        back_a, back_b = (unpack_vector(pack_vector(v), 384) for v in (a, b))
        assert abs(float(back_a @ back_b) - float(a @ b)) < 2e-3
    assert len(pack_vector(vectors[0])) == packed_size(384) == 388
