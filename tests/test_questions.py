"""The question catalog (queries/*.rq), the `query` command, and who-funds-whom.

Every catalog question has a test here whose expected answer comes from an
article (named with the quote it relies on); a guard fails when a new .rq file
has no test.
"""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from stargate_kg.exceptions import MissingParameter, QueryError, UnknownEntity
from stargate_kg.answers.funding import funded, funders
from stargate_kg.lookup import resolve
from stargate_kg.paths import default_queries_dir
from stargate_kg.queries import catalog, display, run_query

TESTED = set()


def ask(kg, name, **params):
    """Run catalog question ``name``; rows as dicts of display strings."""
    TESTED.add(name)
    q = catalog()[name]
    form, names, rows = run_query(kg, q, params)
    assert form == "SELECT"
    return [{n: display(r.get(n)) for n in names} for r in rows]


def num(s):
    return float(s) if s else None


# ---------------------------------------------------------------- the catalog itself
def test_catalog_has_at_least_20_documented_questions():
    cat = catalog()
    assert len(cat) >= 20
    for q in cat.values():
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.example, f"{q.name}: parameter {p.name} needs an example"


def test_every_question_names_its_parameters_in_the_query():
    for q in catalog().values():
        for p in q.params:
            assert re.search(r"\?" + p.name + r"\b", q.text), f"{q.name} declares ?{p.name} but does not use it"


# ---------------------------------------------------------------- one test per question
def test_funding_relationships(kg):
    """004: 英伟达…将向OpenAI投资最高1000亿美元; 003: 微软已向OpenAI承诺投资130亿美元;
    004: 软银旗下…的子公司SB Energy."""
    rows = ask(kg, "funding-relationships")
    got = {(r["funder"], r["recipient"], r["kind"], num(r["amount"])) for r in rows}
    assert ("Nvidia", "OpenAI", "commitment", 100e9) in got  # 将…投资: a pledge, no form given
    assert ("Microsoft", "OpenAI", "commitment", 13e9) in got
    assert ("SoftBank Group", "SB Energy", "ownership", None) in got
    assert all(r["kind"] in ("equity", "ownership", "commitment", "loan") for r in rows)


def test_funders_of(kg):
    """Funders of OpenAI: Nvidia (004, up to $100B) and Microsoft (003, $13B)."""
    rows = ask(kg, "funders-of", entity=resolve(kg, "OpenAI").iri and "OpenAI")
    nvidia = [r for r in rows if r["funder"] == "Nvidia"]
    assert nvidia and num(nvidia[0]["amount"]) == 100e9 and nvidia[0]["bound"] == "up to"
    assert any(r["funder"] == "Microsoft" and num(r["amount"]) == 13e9 for r in rows)


def test_funded_by(kg):
    """SoftBank funds SB Energy (ownership, 004) and is an initial equity investor of Stargate
    (002: Stargate的初始股权投资人包括软银、OpenAI、甲骨文和MGX)."""
    rows = ask(kg, "funded-by", entity="软银")
    got = {(r["recipient"], r["kind"]) for r in rows}
    assert ("SB Energy", "ownership") in got
    assert ("Stargate", "equity") in got


def test_money_flows_include_purchases(kg):
    """004: 将在五年内购买甲骨文价值3000亿美元的算力服务; 甲骨文则需要向英伟达采购大量的GPU芯片."""
    rows = ask(kg, "money-flows")
    got = {(r["payer"], r["payee"], r["kind"]) for r in rows}
    assert ("OpenAI", "Oracle", "purchase") in got
    assert ("Oracle", "Nvidia", "purchase") in got
    assert ("Nvidia", "OpenAI", "commitment") in got


def test_purchases(kg):
    """004: OpenAI…将在五年内购买甲骨文价值3000亿美元的算力服务."""
    rows = ask(kg, "purchases")
    deal = [r for r in rows if (r["buyer"], r["seller"]) == ("OpenAI", "Oracle")]
    assert deal and num(deal[0]["amount"]) == 300e9 and deal[0]["currency"] == "USD"
    assert deal[0]["duration"] == "P5Y"
    assert deal[0]["articles"] == "a004"


def test_largest_amounts(kg):
    """Sorted largest first; the $500B plan (000/002/004: 5000亿美元) and Oracle's $455B RPO
    (004: 剩余履约义务(RPO)已飙升至4550亿美元) are among them."""
    rows = ask(kg, "largest-amounts")
    amounts = [num(r["amount"]) for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    assert 500e9 in amounts and 455e9 in amounts
    assert any(r["subject"] == "Oracle" and num(r["amount"]) == 455e9 for r in rows)


def test_leaders(kg):
    """000: OpenAI CEO 奥特曼; 002: 孙正义将担任Stargate的董事长; 003: 微软首席财务官艾米·胡德;
    003: OpenAI总裁格雷格·布罗克曼; 000: Crusoe的创始人 (Chase Lochmiller)."""
    rows = ask(kg, "leaders")
    got = {(r["person"], r["role"], r["organization"]) for r in rows}
    for fact in [
        ("Sam Altman", "CEO of", "OpenAI"),
        ("Masayoshi Son", "chair of", "Stargate"),
        ("Amy Hood", "CFO of", "Microsoft"),
        ("Kevin Scott", "CTO of", "Microsoft"),
        ("Greg Brockman", "president of", "OpenAI"),
        ("Chase Lochmiller", "founder of", "Crusoe"),
        ("Jensen Huang", "CEO of", "Nvidia"),
    ]:
        assert fact in got, fact


def test_people_of(kg):
    """003: Satya Nadella (首席执行官), 凯文·斯科特 (首席技术官), 艾米·胡德 (首席财务官), 弗兰克·肖 (发言人)."""
    rows = ask(kg, "people-of", entity="微软")
    got = {(r["person"], r["role"]) for r in rows}
    assert {("Satya Nadella", "CEO of"), ("Kevin Scott", "CTO of"), ("Amy Hood", "CFO of"),
            ("Frank Shaw", "spokesperson of")} <= got


def test_sites_by_state(kg):
    """004: 德克萨斯州沙克尔福德县、新墨西哥州多尼亚安娜县…俄亥俄州洛兹敦与德克萨斯州米拉姆县;
    甲骨文将负责基础设施运营; SB Energy负责运营. 000: 站点的总发电容量将达到1.2千兆瓦."""
    rows = ask(kg, "sites-by-state")
    state = {r["site"]: r["state"] for r in rows}
    assert state["Stargate site, Shackelford County, Texas"] == "Texas"
    assert state["Stargate site, Doña Ana County, New Mexico"] == "New Mexico"
    assert state["Stargate site, Lordstown, Ohio"] == "Ohio"
    assert state["Stargate site, Milam County, Texas"] == "Texas"
    assert state["Stargate I (Abilene, Texas)"] == "Texas"
    ops = {(r["site"], r["operator"]) for r in rows}
    assert ("Stargate site, Shackelford County, Texas", "Oracle") in ops
    assert ("Stargate site, Milam County, Texas", "SB Energy") in ops
    abilene = [r for r in rows if r["site"] == "Stargate I (Abilene, Texas)"]
    assert (num(abilene[0]["capacity"]), abilene[0]["unit"]) == (1.2, "GW")
    # 000: 「而Crusoe正负责监督这个庞大的项目」; 004: 「延续双方在德州阿比林数据中心的“以租代售”模式」 (Oracle leases to OpenAI)
    assert (abilene[0]["overseer"], abilene[0]["lessor"]) == ("Crusoe", "Oracle")


def test_partners_of(kg):
    """004: OpenAI将与甲骨文、软银…新增建设; the loop 大模型(OpenAI)—云基建(甲骨文)—算力芯片(英伟达)."""
    rows = ask(kg, "partners-of", entity="Oracle")
    partners = {r["partner"] for r in rows}
    assert {"OpenAI", "Nvidia"} <= partners
    assert all(r["direction"] in ("in", "out") for r in rows)


def test_timeline(kg):
    """The announcement on 2025-01-21 (000: 特朗普就职典礼第二天就官宣) and Nvidia's deal
    the day before the 9月24日 announcement (004) are on the timeline, in date order."""
    rows = ask(kg, "timeline")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert any(r["date"] == "2025-01-21" and r["subject"].startswith("Stargate announcement") for r in rows)
    assert any(r["date"] == "2025-09-23" and r["subject"] == "Nvidia" for r in rows)
    assert "2024-01-21" not in dates  # the misprint is deprecated


def test_conflicting_claims(kg):
    """002 prints 特朗普总统在2024年1月21日; 000/004 place it the day after the 2025 inauguration."""
    rows = ask(kg, "conflicting-claims")
    pair = [r for r in rows if r["claim"] == "a002-announcement-date-misprint"]
    assert pair and pair[0]["rank"] == "deprecated" and pair[0]["other_rank"] == "preferred"


def test_deprecated_claims(kg):
    rows = ask(kg, "deprecated-claims")
    misprint = [r for r in rows if r["claim"] == "a002-announcement-date-misprint"]
    assert misprint and misprint[0]["date"] == "2024-01-21" and misprint[0]["articles"] == "a002"
    assert all(r["reason"] for r in rows)


def test_article_statements(kg, articles_dir):
    """Everything article 004 says, each quote found in 004's text."""
    rows = ask(kg, "article-statements", article="a004")
    text = (Path(articles_dir) / "004_be3f9ccde86d9a42.txt").read_text(encoding="utf-8")
    assert len(rows) >= 40
    assert all(r["quote"] in text for r in rows)
    assert any((r["subject"], r["relation"], r["object"]) == ("SoftBank Group", "owns", "SB Energy") for r in rows)


def test_missing_wikidata(kg):
    rows = ask(kg, "missing-wikidata")
    missing = {r["entity"] for r in rows}
    assert "Crusoe" in missing and "OpenAI" not in missing and "Texas" not in missing


def test_wikidata_links(kg):
    """Every id in shared/wikidata-ids.tsv that names an entity of the graph is linked."""
    rows = ask(kg, "wikidata-links")
    got = {r["entity"]: r["wikidata"].rsplit("/", 1)[-1].removeprefix("wd:") for r in rows}
    assert got["OpenAI"] == "Q21708200" and got["Sam Altman"] == "Q7407093" and got["Wisconsin"] == "Q1537"


def test_doubts(kg):
    """002: 马斯克指出,软银能够提供的资金可能不足100亿美元; Dario Amodei…怀疑…能否实现5000亿美元的融资."""
    rows = ask(kg, "doubts")
    musk = [r for r in rows if r["who"] == "Elon Musk" and r["doubts"] == "SoftBank Group"]
    assert len(musk) == 1 and num(musk[0]["figure"]) == 10e9 and musk[0]["bound"] == "less than"
    assert musk[0]["articles"] == "a002" and int(musk[0]["quotes"]) == 2
    assert any(r["who"] == "Dario Amodei" and r["doubts"] == "Stargate" for r in rows)


def test_quoted_figures(kg):
    """002: 马斯克指出,软银能够提供的资金可能不足100亿美元 (a doubt); 003: 企业和国家将需要投入1万亿美元的资金建设新数据中心
    (Huang, a claim); 000: 有业内人士暗示，这个数字不可能真的达到 (the $500B, doubted)."""
    rows = ask(kg, "quoted-figures")
    got = {(r["who"], r["role"], num(r["figure"]), r["bound"]) for r in rows}
    assert ("Elon Musk", "doubt", 10e9, "less than") in got
    assert ("Jensen Huang", "claim", 1e12, "") in got
    assert ("Unnamed industry insider (article 000)", "doubt", 500e9, "") in got
    assert {r["role"] for r in rows} <= {"claim", "doubt", "support"}


def test_capacities(kg):
    """000: 1200英亩; 2200名工人; 8个建筑; 多达40万块芯片; 1.2千兆瓦."""
    rows = ask(kg, "capacities")
    abilene = {(r["measure"], num(r["value"]), r["unit"]) for r in rows if r["entity"] == "Stargate I (Abilene, Texas)"}
    assert ("area", 1200, "acres") in abilene
    assert ("workforce", 2200, "workers") in abilene
    assert ("building count", 8, "buildings") in abilene
    assert ("power capacity", 1.2, "GW") in abilene
    assert any(m == "chip count" and v == 400000 for m, v, _ in abilene)


def test_entity_types(kg):
    rows = ask(kg, "entity-types")
    counts = {r["type"]: int(r["entities"]) for r in rows}
    people = len(kg.select("SELECT DISTINCT ?p WHERE { ?p a sg:Person }"))
    assert counts["Person"] == people
    assert counts["Data-center site"] >= 8  # Abilene + five 004 sites + Colossus 1 and 2


def test_sources(kg):
    """The articles' README: 002 published 2025-01-23 by 53AI知识库; 003 by 腾讯科技."""
    rows = ask(kg, "sources")
    by = {r["article"]: r for r in rows}
    assert sorted(by) == ["a000", "a001", "a002", "a003", "a004"]
    assert by["a002"]["published"] == "2025-01-23" and by["a002"]["publisher"] == "53AI知识库"
    assert by["a003"]["publisher"] == "腾讯科技"
    assert all(int(r["statements"]) >= 40 for r in rows)


def test_two_stargates(kg):
    """003: 该项目的投资规模可能高达惊人的1000亿美元 (2024 plan); 002: 计划总投资高达5000亿美元 (2025);
    002: 微软和OpenAI计划共同投资超过1000亿美元 (more than)."""
    rows = ask(kg, "two-stargates")
    sc = [r for r in rows if r["stargate"].startswith("Stargate supercomputer") and r["relation"] == "planned investment"]
    assert {(num(r["amount"]), r["bound"]) for r in sc} == {(100e9, ""), (100e9, "more than")}
    assert any(r["relation"] == "estimated cost" and r["bound"] == "up to" and num(r["amount"]) == 100e9 for r in rows)
    plan = {num(r["amount"]) for r in rows if r["stargate"].startswith("Stargate supercomputer")}
    jv = {num(r["amount"]) for r in rows if r["stargate"] == "Stargate"}
    assert 100e9 in plan and 500e9 not in plan
    assert 500e9 in jv


def test_money_loop(kg):
    """004: OpenAI向甲骨文购买云计算服务…甲骨文则需要向英伟达采购…英伟达…以投资形式返还给OpenAI."""
    rows = ask(kg, "money-loop")
    loops = {(r["a"], r["b"], r["c"]) for r in rows}
    assert ("Nvidia", "OpenAI", "Oracle") in loops
    loop = [r for r in rows if (r["a"], r["b"], r["c"]) == ("Nvidia", "OpenAI", "Oracle")][0]
    # 将向OpenAI投资最高1000亿美元: a commitment to invest (no article says equity)
    assert (loop["kind_ab"], loop["kind_bc"], loop["kind_ca"]) == ("commitment", "purchase", "purchase")


def test_places(kg):
    """004: 德克萨斯州沙克尔福德县、新墨西哥州多尼亚安娜县…俄亥俄州洛兹敦."""
    rows = ask(kg, "places")
    got = {(r["place"], r["located_in"]) for r in rows}
    assert {("Shackelford County", "Texas"), ("Doña Ana County", "New Mexico"), ("Lordstown", "Ohio"),
            ("Milam County", "Texas"), ("Abilene", "Texas")} <= got


def test_site_roles(kg):
    """000: Crusoe正负责监督这个庞大的项目; 004: 甲骨文将负责基础设施运营,OpenAI以主力租户身份…"""
    rows = ask(kg, "site-roles")
    got = {(r["site"], r["role"], r["party"]) for r in rows}
    assert ("Stargate I (Abilene, Texas)", "oversees", "Crusoe") in got
    assert ("Stargate site, Shackelford County, Texas", "operates", "Oracle") in got
    assert ("Stargate site, Shackelford County, Texas", "tenant of", "OpenAI") in got
    assert ("Stargate site, Lordstown, Ohio", "operates", "SB Energy") in got
    assert ("Stargate I (Abilene, Texas)", "lessor of", "Oracle") in got  # 004: 「以租代售」


def test_statements_by_status(kg):
    rows = ask(kg, "statements-by-status")
    counts = {r["status"]: int(r["statements"]) for r in rows}
    reported = len(kg.select("SELECT ?st WHERE { ?st sg:status sg:Reported }"))
    assert counts["reported"] == reported > 0
    assert "announced" in counts


def test_catalog_timeline_takes_a_date_range(kg):
    """001 (July 2025): 「昨天，《华尔街日报》报道称」 and 「OpenAI 正式宣布正与甲骨文…另外 4.5 GW」; 004: 9月24日 is outside July."""
    rows = ask(kg, "timeline", **{"from": "2025-07-01", "to": "2025-07-31"})
    assert rows and all(r["date"] in ("2025", "2025-07") or r["date"].startswith("2025-07") for r in rows)
    assert any(r["subject"] == "The Wall Street Journal" and r["relation"] == "claims" for r in rows)
    assert any(r["subject"] == "OpenAI" and r["object"].startswith("Additional 4.5 GW") for r in rows)
    assert not any(r["date"].startswith("2025-09") for r in rows)
    # 000: 「项目预计在2026年中期完工」: the date keeps its qualifier
    mid = [r for r in ask(kg, "timeline", **{"from": "2026", "to": "2026"}) if r["subject"] == "Stargate I (Abilene, Texas)"]
    assert mid and mid[0]["qualifier"] == "mid"


def test_doubts_leave_deprecated_out_unless_asked(kg):
    """002: 「这种质疑不仅来自Anthropic,也来自其他合作伙伴,如软银和甲骨文等」 is deprecated (the same article twice says
    软银…对项目…表示信心)."""
    rows = ask(kg, "doubts")
    assert not [r for r in rows if r["who"] in ("SoftBank Group", "Oracle")]
    every = ask(kg, "doubts", include_deprecated="true")
    dep = [r for r in every if r["who"] in ("SoftBank Group", "Oracle")]
    assert len(dep) == 2 and all(r["rank"] == "deprecated" for r in dep)
    assert all(r["rank"] in ("normal", "preferred") for r in rows)


def test_money_flows_mark_inferred(kg):
    """003: 「微软和OpenAI等客户的成本也相应上升」: OpenAI -> Nvidia is an editor's reading, listed only when asked."""
    plain = ask(kg, "money-flows")
    assert not [r for r in plain if (r["payer"], r["payee"]) == ("OpenAI", "Nvidia")]
    assert any(r["payer"] == "OpenAI + Oracle + SoftBank Group" and r["joint"] == "true" and num(r["amount"]) == 500e9 for r in plain)
    read = [r for r in ask(kg, "money-flows", include_inferred="yes") if (r["payer"], r["payee"]) == ("OpenAI", "Nvidia")]
    assert read and read[0]["inferred"] == "true"


def _without_deprecated(kg, folder):
    """The shipped graph with every deprecated statement (and its references) removed, on the Oxigraph engine."""
    from rdflib import Graph, URIRef

    from stargate_kg.engines import open_graph

    g = Graph()
    for t in kg.graph:
        g.add(t)
    for r in kg.select("SELECT ?st WHERE { ?st sg:rank sg:DeprecatedRank }"):
        st = r["st"]
        for node in [st, *g.objects(st, URIRef(SG_REFERENCE))]:
            for t in list(g.triples((node, None, None))):
                g.remove(t)
        for t in list(g.triples((None, None, st))):
            g.remove(t)
    path = folder / "clean.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    return open_graph([str(path)], engine="oxigraph")


SG_REFERENCE = "https://w3id.org/stargate-kg/ontology#reference"


def test_no_catalog_question_shows_a_deprecated_claim_as_if_it_stood(kg, tmp_path):
    """Every catalog question, with its required parameters and then with every option too, either gives the same answer
    when the deprecated claims are removed from the graph, or says which rows are deprecated in a rank column."""
    from stargate_kg.engines import open_graph

    clean = _without_deprecated(kg, tmp_path)
    kg = open_graph(engine="oxigraph")  # the same answers as rdflib (test_engines), faster
    bad = []
    for q in catalog().values():
        required = {p.name: p.example for p in q.params if not p.optional}
        for params in (required, {p.name: p.example for p in q.params}):
            got = run_query(kg, q, params)
            ref = run_query(clean, q, params)
            rows = {tuple((n, display(r.get(n))) for n in got[1]) for r in got[2]}
            want = {tuple((n, display(r.get(n))) for n in ref[1]) for r in ref[2]}
            ranks = [n for n in got[1] if n.endswith("rank")]
            for row in rows - want:
                if not any(dict(row)[c] == "deprecated" for c in ranks):
                    bad.append((q.name, sorted(params), row))
    assert bad == []


def test_query_table_writes_amounts_with_bounds(run):
    """004: 「将向OpenAI投资最高1000亿美元」 reads 'up to $100B' in table and markdown output; CSV keeps the number and the bound."""
    table = run("query", "funders-of", "--param", "entity=OpenAI").output
    assert "up to $100B" in table and "100000000000" not in table
    md = run("query", "funders-of", "--param", "entity=OpenAI", "--format", "md").output
    assert "| up to $100B |" in md and "| currency |" not in md.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(run("query", "funders-of", "--param", "entity=OpenAI", "--format", "csv").output)))
    nv = [r for r in rows if r["funder"] == "Nvidia"][0]
    assert (nv["amount"], nv["currency"], nv["bound"]) == ("100000000000", "USD", "up to")
    # 003: 「整体计划可能涉及超过1150亿美元的投资」
    assert "more than $115B" in run("query", "largest-amounts").output
    # 001: 「奥特曼此前称他们将在今年年底前上线 100 万个 GPU」: a figure on the timeline keeps its unit
    timeline = run("query", "timeline", "--param", "from=2025", "--param", "to=2025").output
    assert "1,000,000 GPUs" in timeline and "1000000" not in timeline


def test_figures_keep_their_bounds_in_tables(run):
    """002: 「创造超过10万个就业岗位」 (more than), 「可能需要多达5000兆瓦的电力」 (up to); 003: 「数百万个专用服务器芯片」
    (millions: an order of magnitude), 「至少数十亿瓦的电力支持」 (at least several GW): the bound is printed with the figure."""
    from stargate_kg.answers.amounts import format_value

    figures = [("100000", "jobs", "more than"), ("5", "GW", "up to"), ("1000000", "chips", "several"), ("1", "GW", "at least several")]
    for lang in ("en", "zh"):
        two = run("--lang", lang, "query", "two-stargates").output
        caps = run("--lang", lang, "query", "capacities").output
        for value, unit, bound in figures:
            shown = format_value(value, unit, bound, lang)
            assert shown != format_value(value, unit, None, lang)
            assert shown in two, (lang, shown)
            if unit != "jobs":
                assert shown in caps, (lang, shown)


def test_every_catalog_question_has_a_test():
    """Guard: a new queries/*.rq needs a test above (runs last in this module)."""
    names = {p.stem for p in Path(default_queries_dir()).glob("*.rq")}
    untested = sorted(names - TESTED)
    assert not untested, f"catalog questions without a test: {untested}"


# ---------------------------------------------------------------- query command
def test_queries_command_json(run):
    r = run("queries", "--json")
    data = json.loads(r.output)
    assert {"name", "title", "description", "params"} <= set(data[0])
    funders_of = [q for q in data if q["name"] == "funders-of"][0]
    assert funders_of["params"][0]["name"] == "entity"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "md"])
def test_query_formats(run, fmt):
    r = run("query", "funders-of", "--param", "entity=OpenAI", "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "json":
        data = json.loads(r.output)
        assert "funder" in data["head"]["vars"]
        b = [x for x in data["results"]["bindings"] if x["funder"]["value"] == "Nvidia"][0]
        assert b["amount"]["datatype"].endswith("#decimal") and float(b["amount"]["value"]) == 100e9
        assert b["funder"] == {"type": "literal", "value": "Nvidia", "xml:lang": "en"}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.output)))
        assert any(x["funder"] == "Nvidia" for x in rows)
        assert r.stdout_bytes.count(b"\r\n") == len(rows) + 1  # SPARQL 1.1 CSV: CRLF line ends
    elif fmt == "tsv":
        head, *lines = r.output.splitlines()
        assert head.split("\t")[0] == "?funder"
        assert any(line.startswith('"Nvidia"@en') for line in lines)
    elif fmt == "md":
        assert r.output.startswith("| funder |")
    else:
        assert "Nvidia" in r.output and "row" in r.output


def test_query_from_stdin_and_file(run, tmp_path):
    r = run("query", "-", input='SELECT ?l WHERE { e:openai rdfs:label ?l . FILTER(lang(?l) = "en") }', )
    assert r.exit_code == 0 and "OpenAI" in r.output
    f = tmp_path / "mine.rq"
    f.write_text("ASK { e:softbank sg:owns e:sb-energy }", encoding="utf-8")
    r = run("query", str(f), "--format", "json")
    assert json.loads(r.output) == {"head": {}, "boolean": True}


def test_invalid_sparql_gives_line_and_column(run):
    r = run("query", "-", input="SELECT ?x WHERE {\n  ?x ?y \n}")
    assert r.exit_code == 2
    assert "invalid query" in r.output and "line" in r.output and "column" in r.output
    assert "Traceback" not in r.output


def test_invalid_sparql_line_is_the_users_line(kg):
    with pytest.raises(QueryError) as err:
        kg.select("SELECT ?x WHERE {\n ?x ?y ?z .\n FILTER(\n}")
    assert err.value.line in (3, 4)


def test_missing_and_unknown_parameter(run, kg):
    r = run("query", "funders-of")
    assert r.exit_code == 2 and "entity" in r.output and "--param entity=" in r.output
    with pytest.raises(MissingParameter):
        run_query(kg, catalog()["funders-of"], {})
    r = run("query", "funders-of", "--param", "entity=OpenAI", "--param", "color=red")
    assert r.exit_code == 1 and "unknown parameter" in r.output


def test_parameter_is_bound_not_pasted(run):
    r = run("query", "funders-of", "--param", 'entity=OpenAI" } ; DROP ALL ; #')
    assert r.exit_code == 1 and "no entity is called" in r.output


def test_unknown_catalog_name_suggests(run):
    r = run("query", "funders-off")
    assert r.exit_code == 1 and "funders-of" in r.output


# ---------------------------------------------------------------- funders / funded
def test_funders_of_openai(kg):
    """004: 英伟达…将向OpenAI投资最高1000亿美元 (announced the day before 9月24日);
    003: 微软已向OpenAI承诺投资130亿美元."""
    flows = funders(kg, resolve(kg, "OpenAI").iri)
    nv = [f for f in flows if f.funder_label == "Nvidia"][0]
    assert (nv.kind, nv.amount, nv.currency, nv.bound, nv.date) == ("commitment", 100e9, "USD", "up to", "2025-09-23")  # 将…投资
    assert any("1000亿美元" in s.quote and s.article == "a004" for s in nv.sources)
    ms = [f for f in flows if f.funder_label == "Microsoft" and f.kind == "commitment"][0]
    assert ms.amount == 13e9
    assert all(f.kind in ("equity", "ownership", "commitment", "loan") for f in flows)


def test_funders_of_stargate(kg):
    """002: Stargate的初始股权投资人包括软银、OpenAI、甲骨文和MGX; 000: 迄今为止，OpenAI、软银、甲骨文等，已经为这个项目投入了…
    One row per fact: OpenAI's equity stake, stated by 000 and 002, is one row with both articles' quotes."""
    flows = funders(kg, resolve(kg, "星际之门").iri)
    single = [f for f in flows if not f.joint]
    assert {"SoftBank Group", "OpenAI", "Oracle", "MGX"} == {f.funder_label for f in single}
    for who in ("SoftBank Group", "OpenAI", "Oracle"):
        rows = [f for f in single if f.funder_label == who]
        assert len(rows) == 1 and rows[0].kind == "equity" and len(rows[0].statements) == 2
        assert {s.article for s in rows[0].sources} == {"a000", "a002"}
    # no per-company row for the joint $100B: its shares are folded into the joint row
    assert not [f for f in single if f.kind == "commitment"]


def test_funders_of_stargate_joint_totals(kg):
    """004: 「OpenAI、甲骨文与软银…宣布将共建“星际之门”项目,计划今后4年投资5000亿美元」 (000 names the same three);
    002: 「OpenAI和软银宣布将立即部署1000亿美元的投资」."""
    flows = funders(kg, resolve(kg, "Stargate").iri)
    joint = {(tuple(p["label"] for p in f.funders), f.amount, f.duration) for f in flows if f.joint}
    assert joint == {(("OpenAI", "Oracle", "SoftBank Group"), 500e9, "P4Y"), (("OpenAI", "SoftBank Group"), 100e9, None)}
    hundred = [f for f in flows if f.joint and f.amount == 100e9][0]
    assert len(hundred.shares) == 2 and hundred.status == "committed"
    # it conflicts with 001's July report (preferred) and 002's deprecated "each $100B"
    assert any(c.endswith("a001-wsj-stargate-scaled-back") for c in hundred.conflicts)


def test_funders_of_the_2024_supercomputer(kg):
    """003: 「微软和OpenAI正计划斥资1000亿美元打造AI超算」; 002: 「微软和OpenAI计划共同投资超过1000亿美元」 (conflicting bound);
    003: 「微软可能为这一项目提供资金支持」 (considered).
    One pledge, two figures: the $100B two articles give is preferred and the row; 002's "more than" is its
    conflicting claim (a row of its own, ranked below it, only with include_deprecated)."""
    flows = funders(kg, resolve(kg, "Stargate supercomputer").iri)
    joint = [(f.bound, f.amount, f.funder_label, f.rank) for f in flows if f.joint]
    assert joint == [(None, 100e9, "Microsoft + OpenAI", "preferred")]
    plain = [f for f in flows if f.joint][0]
    assert {s.article for s in plain.sources} == {"a002", "a003"}
    assert [c.rsplit("/", 1)[1] for c in plain.conflicts] == ["a002-supercomputer-planned-investment-over-100b"]
    assert [f.status for f in flows if not f.joint] == ["considered"]
    every = funders(kg, resolve(kg, "Stargate supercomputer").iri, include_deprecated=True)
    over = [f for f in every if f.bound == "more than"][0]
    assert over.rank == "normal" and over.outranked_by == plain.statement
    assert sorted(c.rsplit("/", 1)[1] for c in over.conflicts) == [
        "a003-stargate-sc-estimated-cost-100b", "stargate-supercomputer-planned-investment-100b"]


def test_funded_includes_joint_pledges(kg):
    """SoftBank is one of the parties of both Stargate pledges (001/002: $100B with OpenAI; 004: $500B)."""
    flows = funded(kg, resolve(kg, "软银").iri)
    assert {(f.recipient_label, f.amount) for f in flows if f.joint} == {("Stargate", 500e9), ("Stargate", 100e9)}
    assert ("SB Energy", "ownership") in {(f.recipient_label, f.kind) for f in flows}


def test_inferred_money_left_out_unless_asked(kg, run):
    """003: 「微软和OpenAI等客户的成本也相应上升」 is read as OpenAI buying from Nvidia: an editor's reading."""
    nvidia = resolve(kg, "Nvidia").iri
    assert not [f for f in funders(kg, nvidia, kinds=["purchase"]) if f.funder_label == "OpenAI"]
    read = [f for f in funders(kg, nvidia, kinds=["purchase"], include_inferred=True) if f.funder_label == "OpenAI"]
    assert read and read[0].inferred
    out = run("funders", "Nvidia", "--kind", "purchase", "--include-inferred").output
    assert "INFERRED" in out and "OpenAI -> Nvidia" in out
    assert "OpenAI -> Nvidia" not in run("funders", "Nvidia", "--kind", "purchase").output


def test_funders_kind_purchase(kg):
    """004: OpenAI向甲骨文购买云计算服务 — Oracle is paid by OpenAI (purchase), not funded."""
    oracle = resolve(kg, "Oracle").iri
    assert not [f for f in funders(kg, oracle) if f.funder_label == "OpenAI"]
    buys = funders(kg, oracle, kinds=["purchase"])
    deal = [f for f in buys if f.funder_label == "OpenAI" and f.amount == 300e9]
    assert deal and deal[0].kind == "purchase"


def test_funded_by_nvidia_and_transitive(kg):
    nvidia = resolve(kg, "英伟达").iri
    assert [f.recipient_label for f in funded(kg, nvidia)] == ["OpenAI"]
    # Follow the money: Nvidia -> OpenAI -> Stargate (OpenAI is an initial equity investor, 002).
    chain = funded(kg, nvidia, transitive=True, depth=2)
    assert any(f.recipient_label == "Stargate" and [p.funder_label for p in f.path] == ["Nvidia", "OpenAI"] for f in chain)


def test_funders_transitive_follows_upstream(kg):
    """Who funds the funders of Stargate: Nvidia funds OpenAI (004), which funds Stargate (002)."""
    chain = funders(kg, resolve(kg, "Stargate").iri, transitive=True, depth=2)
    assert any(f.funder_label == "Nvidia" and f.recipient_label == "OpenAI" and len(f.path) == 2 for f in chain)


def test_deprecated_claims_left_out_unless_asked(kg):
    """002's 'each committed $100B' is deprecated in favour of the joint $100B (001, 002)."""
    sb = resolve(kg, "SoftBank").iri
    plain = {f.statement for f in funded(kg, sb)}
    every = {f.statement for f in funded(kg, sb, include_deprecated=True)}
    assert plain < every


def test_funders_json_shape(run):
    r = run("funders", "OpenAI", "--json")
    data = json.loads(r.output)
    assert data
    for row in data:
        assert {"funders", "funder", "joint", "recipient", "kind", "amount", "currency", "bound", "date", "status",
                "statuses", "statements", "rank", "inferred", "conflicts", "sources"} <= set(row)
        assert set(row["funder"]) == {"iri", "label"} and row["recipient"]["label"] == "OpenAI"
        assert row["funders"] == [row["funder"]] and row["joint"] is False
        assert row["amount"] is None or isinstance(row["amount"], (int, float))
        assert all({"article", "quote"} <= set(s) for s in row["sources"])


def test_funders_json_joint_row(run):
    """001: 「两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」: one row, both parties, the total, joint."""
    data = json.loads(run("funders", "Stargate", "--json").output)
    joint = [r for r in data if r["joint"] and r["amount"] == 100e9]
    assert len(joint) == 1
    row = joint[0]
    assert [p["label"] for p in row["funders"]] == ["OpenAI", "SoftBank Group"] and row["funder"] is None
    assert (row["currency"], row["bound"], row["kind"]) == ("USD", None, "commitment")
    assert any(s["article"] == "a001" and "1000 亿美元" in s["quote"] for s in row["sources"])


def test_funders_table_fits_100_columns(run):
    """As on a terminal (--width 100); in a pipe nothing is cut (tests/test_record.py)."""
    from stargate_kg.answers.formatting import width

    for args in (["funders", "OpenAI"], ["funded", "SoftBank"], ["funders", "Stargate", "--transitive"]):
        r = run(*args, "--width", "100")
        assert r.exit_code == 0
        assert max(width(line) for line in r.output.splitlines()) <= 100, args
    assert "$100B" in run("funders", "OpenAI").output


def test_funders_unknown_and_injection(run):
    r = run("funders", 'OpenAI" } ; DROP ALL ; #')
    assert r.exit_code == 1 and "no entity is called" in r.output
    r = run("funded", "Softbnak")
    assert r.exit_code == 1 and "SoftBank Group" in r.output


def test_unknown_entity_is_library_exception(kg):
    with pytest.raises(UnknownEntity):
        resolve(kg, "Nobody Inc")
