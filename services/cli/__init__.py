"""The `newsfold` admin CLI: one module per group of commands."""
