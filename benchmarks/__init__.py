"""Benchmarks of phr-tui: run `python benchmarks/run.py` for the table of figures."""
