"""The rules of folding, free of Redis: how two articles relate, which article is canonical."""

from schemas.settings import FoldSettings
from schemas.story import Member, Relation
from workers.dedupe.fingerprint import Fingerprint, jaccard


def relate(
    variant: Fingerprint,
    canonical: Fingerprint,
    *,
    variant_language: str | None,
    canonical_language: str | None,
    settings: FoldSettings,
) -> tuple[Relation, float]:
    """How `variant` relates to the canonical article, and how similar they are (0..1)."""
    if variant.digest == canonical.digest:
        return Relation.EXACT, 1.0
    overlap = jaccard(variant.signature, canonical.signature)
    if overlap >= settings.near_duplicate_threshold:
        return Relation.NEAR_DUPLICATE, round(overlap, 4)
    similarity = round(variant.terms.dot(canonical.terms), 4)
    if variant_language and canonical_language and variant_language != canonical_language:
        return Relation.TRANSLATION, similarity
    return Relation.REWRITE, similarity


def canonical_order(member: Member) -> tuple[float, int, str]:
    """Sort key of the canonical rule: the earliest publication wins (originals precede
    their copies), then the most complete text, then the smallest id so the choice is
    deterministic. Undated articles come last."""
    published = member.published_at.timestamp() if member.published_at else float("inf")
    return (published, -member.text_length, member.article_id)


def choose_canonical(members: list[Member]) -> Member:
    """The canonical member of a story by `canonical_order`, among the members that are not
    spun copies of another member."""
    present = {member.article_id for member in members}
    originals = [member for member in members if member.spun_from not in present]
    return min(originals or members, key=canonical_order)
