"""docs/contract.schema.json is the model's own schema (contract.md: "keeps it true")."""

from __future__ import annotations

from ingest.contract_schema import SCHEMA_PATH, schema_text


def test_committed_schema_matches_the_model():
    assert SCHEMA_PATH.exists(), "run: python -m ingest.contract_schema"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/contract.schema.json is stale: run python -m ingest.contract_schema"
    )


def test_canonical_model_doc_names_every_kind():
    from ingest.reading import vocabulary as v

    text = (SCHEMA_PATH.parent / "canonical-model.md").read_text(encoding="utf-8")
    for name in (*v.STANDARD_KINDS, *v.EXTRA_KINDS, *v.SUMMARY_INCOME_LINES, *v.THREE_PUBLIC_LINES,
                 *v.BASIC_COLUMNS, *v.EXPENDITURE_COLUMNS, *v.INCOME_COLUMNS, *v.FIXED_ASSET_LINES):
        assert f"`{name}`" in text, name
