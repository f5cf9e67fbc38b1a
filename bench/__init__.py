"""Benchmarks: each measures budgetwh against a baseline in the same run and prints the ratio."""
