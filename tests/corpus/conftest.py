"""Fixtures of the corpus tests: each corpus document parsed once per session, its expected.json entry.

A test names its document by a ``key`` parameter (expected.json's key: corpus_documents.documents()
or for_document()); ``doc`` and ``expected`` read that document. expected.json is read at test time
from ../shared/corpus (tests/conftest.py's ``corpus_dir``); it is never copied into the project.
"""

from __future__ import annotations

import pytest
from corpus_checks import corpus_document, expected_readings


@pytest.fixture
def doc(corpus_dir, key):
    return corpus_document(corpus_dir, key)


@pytest.fixture
def expected(corpus_dir, key):
    return expected_readings(corpus_dir)[key]
