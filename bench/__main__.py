"""Run every benchmark: `python -m bench` (or `make bench`). Record results in BENCHMARKS.md."""

from bench import load_copy, pdf_read, validate_scale

if __name__ == "__main__":
    load_copy.main()
    pdf_read.main()
    validate_scale.main()
