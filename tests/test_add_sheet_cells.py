"""`add` reads amounts and dates as a reviewer writes them (issue 24): both scripts, Chinese numerals, thousands
commas, and a date qualifier after the date (2025-09 下旬, 2025 年底前, 2026 LateIn).

The cells are written for these tests. The end-to-end rows quote article 004 (证券时报, 2025-09-25):
「将向OpenAI投资最高1000亿美元」, into a copy of the graph without that article.
"""

from pathlib import Path

import pytest

from stargate_kg.intake.row_checks import read_amount

A004 = "004_be3f9ccde86d9a42.txt"
HEADER = "keep,subject,relation,object,amount,currency,bound,value,unit,date,end,status,quote\n"
QUOTE = "将向OpenAI投资最高1000亿美元"


@pytest.mark.parametrize("cell, expected", [
    ("1,000億美元", (100000000000, "USD", None)),
    ("1,000亿美元", (100000000000, "USD", None)),
    ("四千億美元", (400000000000, "USD", None)),
    ("4,000", (4000, None, None)),  # the thousands comma is not a decimal point nor a cut
    ("4,000萬美元", (40000000, "USD", None)),
    ("十五億", (1500000000, None, None)),
    ("一萬二千億美元", (1200000000000, "USD", None)),
    ("三點五億美元", (350000000, "USD", None)),
    ("最高1000亿美元", (100000000000, "USD", "UpTo")),
])
def test_amount_cells_in_both_scripts(cell, expected):
    assert read_amount(cell) == expected


@pytest.mark.parametrize("cell", ["十座", "十座資料中心", "3GW", "點億"])
def test_what_is_not_money_is_refused(cell):
    with pytest.raises(ValueError, match="not an amount"):
        read_amount(cell)


def test_ten_sites_is_a_count_not_money():
    from stargate_kg.intake.figures import find_figures
    from stargate_kg.intake.text import fold

    figs = find_figures(fold("該公司將興建十座資料中心，總投資四千億美元"))
    assert [(f.amount, f.currency, f.value, f.unit) for f in figs] == [(None, None, 10, "sites"), (400000000000, "USD", None, None)]


@pytest.fixture(scope="module")
def without_a004(tmp_path_factory):
    from stargate_kg.intake.holdout import graph_without

    return graph_without("a004", out_dir=tmp_path_factory.mktemp("g") / "graph")


@pytest.fixture
def graph_copy(tmp_path, without_a004):
    import shutil

    d = tmp_path / "graph"
    shutil.copytree(without_a004, d)
    return d


def _files(d):
    return {p.relative_to(d): p.read_bytes() for p in sorted(Path(d).rglob("*")) if p.is_file()}


def _add(run, graph, sheet, articles_dir):
    return run("--graph", str(graph), "add", str(sheet), "--id", "a004", "--article", str(Path(articles_dir) / A004),
               "--publisher", "证券时报", "--date", "2025-09-25")


def test_add_writes_a_traditional_amount_and_a_qualified_date(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + f"yes,輝達,investsIn,OpenAI,一千億,USD,up to,,,2025年9月下旬,,,{QUOTE}\n", encoding="utf-8")
    res = _add(run, graph_copy, sheet, articles_dir)
    assert res.exit_code == 0, res.output
    kg = load([graph_copy])
    assert kg.ask("""ASK { ?st sg:subject e:nvidia ; sg:relation sg:investsIn ; sg:object e:openai ; sg:amount ?a ;
                          sg:pointInTime "2025-09"^^xsd:gYearMonth ; sg:dateQualifier sg:LateIn
                          FILTER(?a = 100000000000) }""")


def test_add_writes_by_the_end_of_on_the_end_date(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + f"yes,英伟达,investsIn,OpenAI,\"1,000億美元\",,up to,,,,2026 年底前,,{QUOTE}\n", encoding="utf-8")
    res = _add(run, graph_copy, sheet, articles_dir)
    assert res.exit_code == 0, res.output
    assert load([graph_copy]).ask('ASK { ?st sg:endTime "2026"^^xsd:gYear ; sg:dateQualifier sg:ByEndOf }')


def test_an_unknown_date_qualifier_names_the_row_and_suggests(run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + f"yes,英伟达,investsIn,OpenAI,1000亿,USD,,,,2025-09 lat,,,{QUOTE}\n", encoding="utf-8")
    before = _files(graph_copy)
    res = _add(run, graph_copy, sheet, articles_dir)
    assert res.exit_code != 0
    assert "row 2" in res.output and "date" in res.output and "Did you mean: LateIn" in res.output, res.output
    assert "Traceback" not in res.output
    assert _files(graph_copy) == before  # nothing half-written
