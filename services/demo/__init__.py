"""Bundled sample sites and feeds, and the HTTP server that serves them.

`content/` holds five sites' copies of one real story (built from the seed texts by
`generate`), a second, fictional story as an original, an exact repost and a rewrite, and one
unrelated article, listed by an RSS 2.0 and an Atom feed. `server.serve_content` serves it, or
any other directory, on 127.0.0.1 for the demo and for tests.
"""
