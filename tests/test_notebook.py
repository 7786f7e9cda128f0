"""The notebook API answers as the command line does: kg.timeline(), centrality(), cycles(), communities(), money()."""

import json

import pytest

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def nb(kg):
    from stargate_kg.answers.notebook import Graph

    return Graph(kg)


def cli_json(run, *args):
    res = run(*args, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_timeline_is_the_cli_timeline(nb, run):
    """001: 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」, later scaled back (the WSJ, July 2025)."""
    df = nb.timeline("Stargate")
    cli = cli_json(run, "timeline", "--entity", "Stargate")
    assert df.statement.tolist() == [e["statement"] for e in cli]
    assert str(df.date.dtype).startswith("datetime64") and df.date.notna().all()
    jan = df[(df.amount == 1e11) & df.joint].iloc[0]
    assert (str(jan.date.date()), jan.date_precision, jan.when) == ("2025-01-01", "month", "2025-01")
    assert jan.later[0].startswith("2025-07 The Wall Street Journal claims Stargate (later report, preferred)")


def test_money_rows_add_up(nb, kg):
    """A joint pledge counts once: the $500B of 002 「该项目计划在未来四年内投资5000亿美元」 is one row, not four."""
    from stargate_kg.answers.funding import money_flows

    df = nb.money()
    assert str(df.amount.dtype) == "float64" and str(df.date.dtype).startswith("datetime64")
    assert (df.amount == 5e11).sum() == 1 and df[df.amount == 5e11].iloc[0].joint
    assert df.amount.sum() == sum(f.amount or 0 for f in money_flows(kg))
    assert not df.statement.duplicated().any()


def test_centrality_is_the_cli_centrality(nb, run):
    df = nb.centrality("pagerank", top=5)
    cli = cli_json(run, "centrality", "--metric", "pagerank", "--top", "5")
    assert df[["iri", "label", "score"]].values.tolist() == [[r["iri"], r["label"], r["score"]] for r in cli]
    assert df["rank"].tolist() == [1, 2, 3, 4, 5]


def test_cycles_are_the_cli_cycles(nb, run):
    """004: 「形成了“大模型(OpenAI)-云服务商(甲骨文)-芯片商(英伟达)”的闭环」."""
    df = nb.cycles()
    cli = cli_json(run, "cycles")
    assert [(r["from"], r["to"], r["kind"]) for r in df.to_dict("records")] == [
        (e["from"]["label"], e["to"]["label"], e["kind"]) for c in cli for e in c]
    assert {("Nvidia", "OpenAI"), ("OpenAI", "Oracle"), ("Oracle", "Nvidia")} <= set(zip(df["from"], df["to"]))


def test_communities_are_the_cli_communities(nb, run):
    df = nb.communities()
    cli = cli_json(run, "communities")
    assert df[["community", "iri"]].values.tolist() == [[c["id"], m["iri"]] for c in cli["communities"] for m in c["members"]]


def test_draw_marks_amounts_and_inferences(nb):
    """003: 「微软和OpenAI等客户的成本也相应上升」 is read by an editor as OpenAI buying Nvidia's GPUs (inferred)."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = nb.draw()
    texts = [t.get_text() for t in ax.texts]
    assert "$500B" in texts and "up to $100B" in texts
    assert any(t.endswith("(inferred)") for t in texts)
    assert "(inferred)" not in " ".join(t.get_text() for t in nb.draw(include_inferred=False).texts)


def empty_examples(nb):
    """The code cells of a notebook that show nothing, or a table with no row (their 1-based numbers)."""
    import re

    empty = []
    for i, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        data = [o.get("data", {}) for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        html = [d["text/html"] for d in data if "<table" in d.get("text/html", "")]
        rows = [len(re.findall(r"<tr>", h.split("<tbody>", 1)[1])) if "<tbody>" in h else 0 for h in html]
        if not any(d for d in data) or (html and not all(rows)):
            empty.append(i)
    return empty


def test_the_shipped_notebook_is_committed_with_outputs_and_every_example_returns_rows():
    """docs/notebook.ipynb as committed: every code cell has its output, every table at least one row
    (tests/test_docs.py runs it and checks the same of the fresh outputs)."""
    from pathlib import Path

    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(Path(__file__).resolve().parents[1] / "docs" / "notebook.ipynb", as_version=4)
    assert empty_examples(nb) == []
    text = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    # 004 「OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目」: the $500B's three parties, as the code answers now
    assert "OpenAI + Oracle + SoftBank Group" in text and "MGX + OpenAI" not in text
