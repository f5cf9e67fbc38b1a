"""All Jiangsu documents of the corpus at once (two-file documents read as one): how many of the ten
figures read exactly, printed as "figures exact N/M"."""

from __future__ import annotations

from jiangsu_checks import expected_readings, parsed_document

DOCUMENTS = (
    "js_npc_office_budget_2017.pdf",
    "js_npc_office_budget_2018.pdf",
    "js_procuratorate_budget_2017.pdf",
    "js_procuratorate_budget_2018.pdf",
    "js_high_court_budget_2017.pdf",
    "js_high_court_budget_2018.pdf",
    "js_party_office_budget_2017",
    "js_party_office_budget_2018",
    "js_cppcc_office_budget_2017",
    "js_cppcc_office_budget_2018",
)


def test_every_jiangsu_entry_is_covered(corpus_dir):
    assert sorted(k for k in expected_readings(corpus_dir) if k.startswith("js_")) == sorted(DOCUMENTS)


def test_figures_exact(corpus_dir, capsys):
    expected = expected_readings(corpus_dir)
    exact = total = 0
    wrong: list[str] = []
    for key in DOCUMENTS:
        got = parsed_document(corpus_dir, key).figures.model_dump()
        for figure, value in expected[key]["figures"].items():
            total += 1
            if got[figure] == value:
                exact += 1
            else:
                wrong.append(f"{key} {figure}: {got[figure]} != {value}")
    with capsys.disabled():
        print(f"\nfigures exact {exact}/{total} over {len(DOCUMENTS)} Jiangsu documents")
    assert wrong == []
    assert (exact, total) == (100, 100)
