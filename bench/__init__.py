"""Benchmarks (not tests): each module exposes ``run(argv) -> dict``, prints a readable table
and, as its last line, one line of JSON with its figures and the budget each is held to."""
