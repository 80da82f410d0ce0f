"""The extract stage: fetch an entry's page, pull out its article text and metadata, and
hand the article to dedupe.

`page` extracts one HTML page (trafilatura for the text, the page's own structured data for
the metadata), `boilerplate` removes the junk lines that survive, `feed_text` turns a feed
entry's content into text when the page gives nothing, and `job` is the rq job.
"""
