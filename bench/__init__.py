"""Benchmarks: each measures budgetwh against a baseline in the same run and prints the ratio.
Beside them, ``same_output`` compares what two revisions read and find (a refactor's proof)."""
