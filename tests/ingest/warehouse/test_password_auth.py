"""Password authentication first in pg_hba.conf (ingest/warehouse/password_auth.py): the block that
``budgetwh serve`` and the read-only role's grant put before pgserver's trusting lines."""

from __future__ import annotations

from ingest.warehouse import password_auth as serving


def test_the_password_block_goes_first_and_replaces_an_earlier_one():
    trusting = "# pgserver's\nlocal all all trust\nhost all all 127.0.0.1/32 trust\n"
    once = serving._with_lines_first(trusting, serving.hba_lines())
    lines = once.splitlines()
    assert lines[0] == serving.BEGIN and lines[len(serving.hba_lines()) - 1] == serving.END
    assert lines[1].split() == ["local", "all", "budgetwh_reader", "scram-sha-256"]
    assert "host all all 127.0.0.1/32 trust" in lines[len(serving.hba_lines()):]
    assert serving._with_lines_first(once, serving.hba_lines()) == once
    assert once.count(serving.BEGIN) == 1
