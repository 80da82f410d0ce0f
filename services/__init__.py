"""newsfold's long-running processes (poller, sink, daemon, CLI) and the plumbing they share."""
