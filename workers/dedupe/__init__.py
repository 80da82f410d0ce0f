"""The dedupe stage: fold each article into a story (new or existing), with its relation to
the story's canonical article. See docs/folding.md for the tiers and their thresholds."""
