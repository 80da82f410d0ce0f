"""The first stage: which feeds are due, reading OPML, and turning feed documents into entries.

The poll job itself is `workers.poll`; it fetches through `services.http` and hands each new
entry to extraction.
"""
