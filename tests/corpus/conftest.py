"""Fixtures of the corpus tests: each Shanghai PDF parsed once per session, its expected.json entry.

expected.json is read at test time from ../shared/corpus (tests/conftest.py's ``corpus_dir``); it is
never copied into the project.
"""

from __future__ import annotations

import pytest
from shanghai_checks import expected_readings, parsed


@pytest.fixture(scope="module")
def doc(corpus_dir, request):
    return parsed(corpus_dir / request.module.NAME)


@pytest.fixture(scope="module")
def expected(corpus_dir, request):
    return expected_readings(corpus_dir)[request.module.NAME]
