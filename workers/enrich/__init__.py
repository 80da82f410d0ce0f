"""The enrichment stage: language, publication time in UTC, and outlet."""
