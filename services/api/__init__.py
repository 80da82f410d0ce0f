"""`newsfold serve`: a read-only HTTP API over the stored stories and an HTML page of them."""
