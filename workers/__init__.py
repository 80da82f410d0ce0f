"""rq job functions, one module per stage."""
