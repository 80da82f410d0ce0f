"""How `newsfold stories explain` reads to a person."""

from services.storage.explain import MemberEvidence, StoryEvidence

_TIER_EVIDENCE = {
    "exact_hash": "same normalized text as {via}",
    "minhash": "word-bigram Jaccard {score:.2f} with {via}",
    "story_similarity": "similarity {score:.2f} to the story's centroid",
}


def explanation_lines(evidence: StoryEvidence) -> list[str]:
    """The story's members, canonical first, each with why it is there."""
    lines = [f"story {evidence.id}  version {evidence.version}  {len(evidence.members)} articles"]
    if evidence.merged_ids:
        lines.append(f"absorbed stories: {', '.join(evidence.merged_ids)}")
    lines.append(
        "canonical rule: not a spun copy of another member; then the earliest publication, "
        "the longest clean text, the smallest id"
    )
    for member in evidence.members:
        lines += ["", *_member_lines(member)]
    return lines


def _member_lines(member: MemberEvidence) -> list[str]:
    published = member.published_at.strftime("%Y-%m-%d %H:%M") if member.published_at else "-"
    head = (
        "CANONICAL"
        if member.canonical
        else (f"{member.relation} (similarity to canonical {member.similarity:.2f})")
    )
    lines = [
        f"{member.article_id}  {head}",
        f"  {member.site_name or '-'}  {published}  {member.text_length} chars  "
        f"{member.title or '(untitled)'}",
        f"  {member.url}",
    ]
    if member.tier is None or member.join_score is None:
        # The first article of a story joined nothing: later articles were folded into it.
        lines.append("  opened the story")
    else:
        why = _TIER_EVIDENCE.get(member.tier, member.tier).format(
            via=member.joined_via or "an earlier article", score=member.join_score
        )
        lines.append(f"  joined by {member.tier}: {why}")
    if member.spun_from is not None:
        lines.append(f"  reads as a synonym-spun copy of {member.spun_from}: never canonical")
    return lines
