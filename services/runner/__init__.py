"""Running the pipeline: worker processes, `run --once`, and the supervising daemon."""
