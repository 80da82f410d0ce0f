"""Measurements of newsfold against labelled public data (`python -m bench.<script>`)."""
