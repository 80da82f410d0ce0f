"""The one HTTP client every fetch of newsfold goes through.

`client.build_client` makes an httpx client whose connections refuse private addresses at the
moment they are opened; `fetch.fetch` downloads one URL with it under newsfold's limits
(schemes, redirects, size, total time) and raises the errors of `errors`.
"""
