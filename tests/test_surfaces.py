"""One answer, every surface: for every money statement, the CLI's JSON and CSV, the DataFrame, the export and the
map data carry the same parties, amount, bound, status and rank.

The key examples' expected values come from the articles:
- 004 「OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目」, 「计划今后4年投资5000亿美元」:
  OpenAI, Oracle and SoftBank, $500B together (MGX, a co-founder in 002, is no party to the figure);
- 001 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」: OpenAI and SoftBank, $100B together;
- 002 「微软和OpenAI计划共同投资1000亿美元」: Microsoft and OpenAI, $100B together (the 2024 supercomputer);
- 004 「将向OpenAI投资最高1000亿美元」: Nvidia, up to $100B;
- 004 「将在五年内购买甲骨文价值3000亿美元的算力服务」: OpenAI buys $300B of Oracle's compute.
"""

import csv
import io
import json

import pytest

from stargate_kg.answers.funding import MONEY_KINDS, money_flows
from stargate_kg.answers.records import record

E = "https://w3id.org/stargate-kg/entity/"
KEY_EXAMPLES = [
    ({"openai", "oracle", "softbank"}, "stargate", 500_000_000_000, None),
    ({"openai", "softbank"}, "stargate", 100_000_000_000, None),
    ({"microsoft", "openai"}, "stargate-supercomputer-2024", 100_000_000_000, None),
    ({"nvidia"}, "openai", 100_000_000_000, "up to"),
    ({"openai"}, "oracle", 300_000_000_000, None),
]


@pytest.fixture(scope="module")
def flows(kg):
    return [f for f in money_flows(kg, include_inferred=True) if f.kind in MONEY_KINDS]


@pytest.fixture(scope="module")
def expected(kg, flows):
    """statement -> (sorted party IRIs, recipient, amount, bound, status, rank): the record's answer."""
    out = {}
    for f in flows:
        r = record(kg, f)
        out[r.statement] = (sorted(p["iri"] for p in r.parties), r.recipient["iri"], r.amount, r.bound, r.status, r.rank)
    return out


def kind_args():
    return [a for k in MONEY_KINDS for a in ("--kind", k)]


def test_the_key_examples_are_records_as_the_articles_say(expected):
    found = {(frozenset(p.removeprefix(E) for p in parties), to.removeprefix(E), amount, bound)
             for parties, to, amount, bound, _, _ in expected.values()}
    for parties, to, amount, bound in KEY_EXAMPLES:
        assert (frozenset(parties), to, amount, bound) in found, (parties, to, amount)


def test_cli_json_and_csv_say_the_same(run, kg, flows, expected):
    for recipient in sorted({f.recipient for f in flows}):
        name = kg_label(kg, recipient)
        args = ("funders", name, *kind_args(), "--include-inferred")
        data = json.loads(run(*args, "--json").output)
        rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output)))
        mine = {s for s, v in expected.items() if v[1] == recipient}
        assert {d["statement"] for d in data} == mine == {r["statement"] for r in rows}, name
        for d in data:
            assert (sorted(p["iri"] for p in d["parties"]), d["recipient"]["iri"], d["amount"], d["bound"], d["status"],
                    d["rank"]) == expected[d["statement"]]
        for r in rows:
            parties, to, amount, bound, status, rank = expected[r["statement"]]
            assert sorted(r["party_iris"].split("; ")) == parties and r["recipient_iri"] == to
            assert (r["amount"], r["bound"], r["status"], r["rank"]) == (
                str(amount) if amount is not None else "", bound or "", status or "", rank)


def kg_label(kg, iri):
    from stargate_kg.lookup import entity_index, resolve

    label = entity_index(kg)[iri].label
    assert resolve(kg, label).iri == iri
    return label


def test_dataframes_say_the_same(kg, flows, expected):
    pytest.importorskip("pandas")
    from stargate_kg.answers.notebook import Graph

    nb = Graph(kg)
    df = nb.money(include_inferred=True)
    df = df[df.kind.isin(MONEY_KINDS)]
    assert set(df.statement) == set(expected)
    for row in df.itertuples():
        parties, to, amount, bound, status, rank = expected[row.statement]
        assert sorted(row.party_iris) == parties and row.recipient_iri == to
        assert (None if row.amount != row.amount else row.amount) == amount  # NaN: no amount
        assert (row.bound if isinstance(row.bound, str) else None, row.status if isinstance(row.status, str) else None,
                row.rank) == (bound, status, rank)
    # the notebook's funders/funded are the CLI's rows
    oracle = nb.funded("Oracle")
    joint = oracle[oracle.amount == 500_000_000_000].iloc[0]
    assert joint.joint and sorted(joint.parties) == ["OpenAI", "Oracle", "SoftBank Group"]
    assert not ((oracle.funder == "MGX") & (oracle.amount == 500_000_000_000)).any()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_say_the_same(kg, flows, expected, tmp_path, fmt):
    import networkx as nx

    from stargate_kg.answers.export import export

    out = tmp_path / f"money.{fmt}"
    export(kg, out, fmt, families=["funding", "moneyflow"])
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert all(isinstance(e["sources"], list) for e in data["edges"])  # lists, not Python reprs
        G = nx.node_link_graph(data, edges="edges")
    else:
        G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    edges = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if d.get("relation") != "partyToPledge" and u not in expected:  # keyed by statement (GEXF keeps it as an attribute)
            edges[d.get("statement", k)] = (u, v, d)
    for f in flows:
        parties, to, amount, bound, status, rank = expected[f.statement]
        if f.joint:
            node = G.nodes[f.statement]
            assert node["type"] == "JointPledge" and float(node["amount"]) == amount
            assert (node.get("bound"), node.get("status"), node["rank"]) == (bound, status, rank)
            assert sorted(G.predecessors(f.statement)) == parties and list(G.successors(f.statement)) == [to]
            continue
        for st in f.statements:
            u, v, d = edges[st]
            assert ([u], v) == (parties, to), st
            assert (float(d["amount"]) if d.get("amount") is not None else None) == amount
            assert (d.get("bound"), d["rank"]) == (bound, rank) and d.get("status") in f.statuses + [None]
            assert bool(d["inferred"]) == f.inferred


def test_map_data_says_the_same(kg, flows, expected):
    from stargate_kg.viz.money import joint_pledges

    pledges = {j.statements[0]: j for j in joint_pledges(kg)}
    for f in flows:
        if f.joint and f.rank != "deprecated":
            parties, to, amount, bound, status, rank = expected[f.statement]
            j = pledges[f.statement]
            assert (sorted(j.parties), j.recipient, j.amount, j.bound, j.status) == (parties, to, amount, bound, status)


def test_the_2024_supercomputer_is_one_pledge_on_every_surface(run, kg):
    """002 「微软和OpenAI计划共同投资1000亿美元」 and 003 「微软和OpenAI正计划斥资1000亿美元打造AI超算」 give $100B; 002 also says
    「微软和OpenAI计划共同投资超过1000亿美元,用于Stargate超级计算机的建设」 of the same pledge. Every surface: one pledge, the
    $100B (preferred), with "more than $100B" as its conflicting claim, never a second row."""
    pytest.importorskip("pandas")
    from stargate_kg.answers.notebook import Graph
    from stargate_kg.answers.summary import money_summary

    sc, over = E + "stargate-supercomputer-2024", "https://w3id.org/stargate-kg/statement/a002-supercomputer-planned-investment-over-100b"
    nb = Graph(kg)
    money, funders_df = nb.money(), nb.funders("Stargate supercomputer")
    surfaces = {
        "funders --json": [d for d in json.loads(run("funders", "Stargate supercomputer", "--json").output) if d["joint"]],
        "funded --json": [d for d in json.loads(run("funded", "Microsoft", "--json").output) if d["joint"] and d["recipient"]["iri"] == sc],
        "kg.money()": money[(money.recipient_iri == sc) & money.joint].to_dict("records"),
        "kg.funders()": funders_df[funders_df.joint].to_dict("records"),
        "money summary": [r.as_json() for r in money_summary(kg, sc).records if r.joint],
    }
    for name, rows in surfaces.items():
        assert len(rows) == 1, name
        row = rows[0]
        assert (row["amount"], row["bound"] if isinstance(row["bound"], str) else None, row["rank"]) == (100e9, None, "preferred"), name
        assert list(row["conflicts"]) == [over], name
    later = [x for x in surfaces["funders --json"][0]["later"] if x["statement"] == over]
    assert [(x["type"], x["bound"], [p["label"] for p in x["parties"]]) for x in later] == [
        ("conflicting claim", "more than", ["Microsoft", "OpenAI"])]
    assert "more than $100B" in surfaces["kg.money()"][0]["later"][0]


def catalog_rows(kg, name, **params):
    """A catalog question's rows (labels in English), each with the statement it stands for: the ``_statement``
    ordering key that the CLI does not show is the statement's IRI."""
    from stargate_kg.queries import bind_value, catalog, with_lang

    q = catalog()[name]
    bindings = {p.name: bind_value(kg, p, params[p.name]) for p in q.params if p.name in params}
    _, names, rows = kg.query(with_lang(q.text, "en"), bindings)
    assert "_statement" in names, name
    return [{n: (str(r[n]) if r.get(n) is not None else None) for n in names} for r in rows]


# (question, its parameters, the payer's column, the recipient's column or None when the parameter names it)
CATALOG_MONEY = [
    ("funding-relationships", {}, "funder", "recipient"),
    ("money-flows", {"include_inferred": "true"}, "payer", "payee"),
    ("funders-of", {"entity": "Stargate"}, "funder", None),
    ("funders-of", {"entity": "OpenAI"}, "funder", None),
    ("funders-of", {"entity": "stargate-supercomputer-2024"}, "funder", None),
]


@pytest.mark.parametrize("question,params,payer,payee", CATALOG_MONEY,
                         ids=[f"{q}-{'-'.join(p.values()) or 'all'}" for q, p, _, _ in CATALOG_MONEY])
def test_catalog_money_questions_say_the_same(kg, flows, expected, question, params, payer, payee):
    """The catalog's money rows name the record's parties, recipient, amount, bound and status; none is a
    deprecated claim, and every money statement of the record the question covers has its row."""
    from stargate_kg.lookup import entity_index, resolve

    index = entity_index(kg)
    label = {iri: e.label for iri, e in index.items()}
    by_statement = {st: expected[f.statement] for f in flows for st in f.statements}
    statuses = {st: f.statuses for f in flows for st in f.statements}  # a flow several statements report: each its own
    rows = catalog_rows(kg, question, **params)
    recipient = resolve(kg, params["entity"]).iri if "entity" in params else None
    seen = set()
    for r in rows:
        st = r["_statement"]
        if st not in by_statement:
            assert r.get("kind") not in MONEY_KINDS or r.get("inferred") == "true", (question, st)
            continue
        parties, to, amount, bound, status, rank = by_statement[st]
        assert sorted(r[payer].split(" + ")) == sorted(label[p] for p in parties), (question, st)
        assert (r[payee] if payee else label[recipient]) == label[to], (question, st)
        assert (float(r["amount"]) if r["amount"] is not None else None) == amount, (question, st)
        assert r["bound"] == bound, (question, st)
        # a statement without a status of its own shows none; the record gives its flow's (known gap, issue 21)
        assert r.get("status") is None or r["status"] in [status, *statuses[st]], (question, st)
        assert rank != "deprecated"
        seen.add(st)
    assert seen, question
    if question == "funding-relationships":  # every funding statement the record keeps and believes
        wanted = {st for f in flows for st in f.statements
                  if f.kind in ("equity", "ownership", "commitment", "loan") and not f.inferred
                  and expected[f.statement][5] != "deprecated"}
        assert wanted <= seen, sorted(wanted - seen)
