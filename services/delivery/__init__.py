"""Webhooks: story changes POSTed to configured endpoints, signed, retried, dead-lettered."""
