"""`add` reads amounts as a reviewer writes them (issue 24): both scripts, Chinese numerals, thousands commas.

The cells are written for these tests; `add` end to end with them, and with qualified dates (2025-09 下旬,
2026 年底前), is in tests/test_add_hardening.py.
"""

import pytest

from stargate_kg.intake.row_checks import read_amount


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
