"""Text tables and listings are whole in a pipe or a file, fit ``--width N``, and ``--full`` cuts nothing even on a terminal.

Click's runner is not a terminal, as a pipe is not: what ``query``, ``search``, ``path`` and
``centrality`` print there must hold every sentence whole. Expected sentences are the articles'.
"""

import pytest

from stargate_kg.answers import layout
from stargate_kg.answers.formatting import width

# 000: 「这项特朗普就职典礼第二天就官宣的、意义非凡的5000亿美元AI未来投资计划，第一次如此详尽地展示在我们眼前」
PLEDGE_500B = "这项特朗普就职典礼第二天就官宣的、意义非凡的5000亿美元AI未来投资计划"
# 003: 「这家新公司旨在开发一种能够与英伟达当前为OpenAI软件提供动力的图形处理单元（GPU）相抗衡的新型芯片」
CHIP_COMPANY = "这家新公司旨在开发一种能够与英伟达当前为OpenAI软件提供动力的图形处理单元（GPU）相抗衡的新型芯片"
# 003: 「此外，英伟达还通过向云计算服务提供商转售其云服务器来进一步扩大其市场份额，这同样可能影响到微软的业务发展」
NVIDIA_RIVAL = "此外，英伟达还通过向云计算服务提供商转售其云服务器来进一步扩大其市场份额，这同样可能影响到微软的业务发展"
# a Project's label longer than the 60 columns a cell used to be cut to (graph/statements/a001.ttl)
LONG_LABEL = "Additional 4.5 GW of Stargate data-center capacity (OpenAI and Oracle, July 2025)"

CASES = {
    "query": (["query", "funding-relationships"], PLEDGE_500B),
    "search": (["search", "抗衡"], CHIP_COMPANY),
    "path": (["path", "Kevin Scott", "Crusoe"], NVIDIA_RIVAL),
    "centrality": (["centrality", "--type", "Project", "--top", "5"], LONG_LABEL),
}


def widest(text):
    return max(width(line) for line in text.splitlines())


@pytest.mark.parametrize("name", sorted(CASES))
def test_nothing_is_cut_in_a_pipe(run, name):
    args, whole = CASES[name]
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert whole in r.output, name
    assert "…" not in r.output, name


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("cols", [60, 100])
def test_width_n_fits_every_line(run, name, cols):
    args, whole = CASES[name]
    r = run(*args, "--width", str(cols))
    assert r.exit_code == 0, r.output
    assert widest(r.output) <= cols, (name, cols)
    if cols == 60:  # every sentence above is wider than 60 columns with its indent
        assert whole not in r.output and "…" in r.output, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_on_a_terminal_lines_fit_100_columns_and_full_cuts_nothing(run, monkeypatch, name):
    monkeypatch.setattr(layout, "on_terminal", lambda: True)
    args, whole = CASES[name]
    cut = run(*args).output
    assert widest(cut) <= 100 and whole not in cut, name
    full = run(*args, "--full").output
    assert whole in full and "…" not in full, name


def test_a_cut_table_keeps_its_columns_aligned(run):
    """Narrowed columns still line up: every row's cells start where the heading's do."""
    out = run("query", "funding-relationships", "--width", "80").output.splitlines()
    rule = out[1]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) > 3
    head = out[0]
    assert all(head[i - 2:i] == "  " for i in starts[1:])


def test_width_is_at_least_40(run):
    r = run("centrality", "--width", "10")
    assert r.exit_code == 2 and "--width" in r.output
