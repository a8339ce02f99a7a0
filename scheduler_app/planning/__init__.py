"""Pure-Python planning: formats, optimisers and baselines (no Flask, no ORM)."""
