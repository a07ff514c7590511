"""Benchmarks of the "Proof" issue: `make bench` runs them (bench/run.py)."""
