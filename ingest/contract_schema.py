"""Write docs/contract.schema.json from the model, so the published schema is the code's own.

contract.md: "The project documents its full schema (a JSON Schema generated from its own model)
and keeps it true." Run ``python -m ingest.contract_schema`` after changing ingest/model.py; a test
fails while the committed file differs from what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest.model import json_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "contract.schema.json"


def schema_text() -> str:
    """The schema exactly as committed: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print(write_schema(Path(args[0]) if args else SCHEMA_PATH))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
