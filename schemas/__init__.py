"""Typed messages and records that pass between newsfold's stages and into its database.

Every stage imports these models and nothing of another stage, so the shapes here are the
contracts of the pipeline: poll -> extract -> dedupe -> enrich -> sink.
"""
