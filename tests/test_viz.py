"""The offline HTML map (stargate_kg.viz, `stargate-kg viz`).

These tests read the generated page as text (its data element); the tests
that open it in a browser are in tests/test_map_browser.py.
"""

import json
import os
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from stargate_kg.exceptions import InvalidChoice, NothingToDraw, UnknownEntity
from stargate_kg.paths import default_graph_dir
from stargate_kg.viz import money_width, render_html

E = "https://w3id.org/stargate-kg/entity/"

# ----------------------------------------------------------------------------- a hostile fixture graph
# Labels, an alias, a quote and an article file name that would run script if
# the page ever put them into HTML. Each payload sets window.__sgPwned.
HOSTILE_LABEL = "<img src=x onerror=window.__sgPwned='label'>Evil Corp"
HOSTILE_ZH = "<script>window.__sgPwned='zh'</script>邪恶公司"
HREF_LABEL = '<a href="javascript:window.__sgPwned=\'href\'">click me</a>'
HOSTILE_QUOTE = "</script><script>window.__sgPwned='quote'</script><img src=x onerror=window.__sgPwned='quote-img'>"
HOSTILE_FILE = "<svg onload=window.__sgPwned='file'>.txt"


def _turtle_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_TTL = f"""
@prefix sg:   <https://w3id.org/stargate-kg/ontology#> .
@prefix e:    <https://w3id.org/stargate-kg/entity/> .
@prefix st:   <https://w3id.org/stargate-kg/statement/> .
@prefix src:  <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

src:evil a sg:Article ; rdfs:label "evil article"@en ; sg:fileName {_turtle_string(HOSTILE_FILE)} .

e:evil a sg:Company ; rdfs:label {_turtle_string(HOSTILE_LABEL)}@en , {_turtle_string(HOSTILE_ZH)}@zh ;
    skos:altLabel "Evil Corp"@en .
e:linker a sg:Person ; rdfs:label {_turtle_string(HREF_LABEL)}@en .
e:victim a sg:Company ; rdfs:label "Victim Inc"@en , "受害者公司"@zh .

st:evil-invests a sg:Statement ; sg:subject e:evil ; sg:relation sg:investsIn ; sg:object e:victim ;
    sg:amount 5000000000.0 ; sg:currency "USD" ; sg:pointInTime "2025-01-21"^^<http://www.w3.org/2001/XMLSchema#date> ;
    sg:reference [ a sg:Reference ; sg:article src:evil ; sg:quote {_turtle_string(HOSTILE_QUOTE)}@zh ] .
st:linker-ceo a sg:Statement ; sg:subject e:linker ; sg:relation sg:ceoOf ; sg:object e:evil ;
    sg:reference [ a sg:Reference ; sg:article src:evil ; sg:quote {_turtle_string(HREF_LABEL)}@zh ] .
"""


@pytest.fixture(scope="module")
def hostile_kg(tmp_path_factory):
    from stargate_kg import load

    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE_TTL, encoding="utf-8")
    return load([default_graph_dir() / "ontology.ttl", path])


@pytest.fixture(scope="module")
def hostile_html(hostile_kg):
    return render_html(hostile_kg)


@pytest.fixture(scope="module")
def full_html(kg):
    return render_html(kg)


def entities(nodes):
    """The nodes that are entities (not the page's joint-pledge diamonds)."""
    return [n for n in nodes if n["type"] != "JointPledge"]


def page_data_of(html):
    """The JSON the page carries in <script type="application/json" id="sg-data">."""
    m = re.search(r'<script type="application/json" id="sg-data">(.*?)</script>', html, re.S)
    assert m, "the page has no data element"
    return json.loads(m.group(1))


class Resources(HTMLParser):
    """Every tag, and every attribute that can make a browser fetch something."""

    FETCHING = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href"}

    def __init__(self):
        super().__init__()
        self.tags, self.fetches = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.fetches += [(tag, k, v) for k, v in attrs if k in self.FETCHING and v]


# ----------------------------------------------------------------------------- unit tests: offline
def test_page_makes_no_request(full_html):
    parser = Resources()
    parser.feed(full_html)
    tags = [t for t, _ in parser.tags]
    # nothing in the page refers to anything outside it
    assert parser.fetches == []
    assert "link" not in tags and "iframe" not in tags and "img" not in tags
    scripts = [a for t, a in parser.tags if t == "script"]
    assert len(scripts) == 3 and all("src" not in a for a in scripts)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", full_html, re.I)
    assert not re.search(r"@import", full_html)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", full_html)
    # data: URLs, and url(#marker) fragments of the SVG the page can export: nothing outside the page
    local = [u for u in urls if not u.startswith(("data:", "#"))]
    assert urls and not local, local[:3]
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert cdn not in full_html.lower()
    # and the browser is told to refuse any request all the same
    assert "default-src 'none'" in full_html


def test_vis_network_is_embedded(full_html):
    assert full_html.startswith("<!DOCTYPE html>")
    assert "new vis.Network(" in full_html
    assert "vis-network" in full_html and ".vis-network" in full_html  # the library and its style, inline
    assert '<meta charset="utf-8">' in full_html


def test_written_file_is_utf8(kg, tmp_path):
    out = tmp_path / "map.html"
    html = render_html(kg, out, focus="软银", lang="zh")
    assert out.read_bytes() == html.encode("utf-8")
    assert "软银" in out.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- unit tests: escaping
def test_hostile_text_is_escaped(hostile_html):
    for payload in (HOSTILE_LABEL, HOSTILE_ZH, HREF_LABEL, HOSTILE_QUOTE, HOSTILE_FILE):
        assert payload not in hostile_html
    assert "window.__sgPwned" in hostile_html  # present, but only inside escaped JSON
    assert "<img" not in hostile_html and "<svg" not in hostile_html and "<a " not in hostile_html
    assert hostile_html.count("</script>") == 3  # nothing closes a script element early
    parser = Resources()
    parser.feed(hostile_html)
    assert [t for t, _ in parser.tags].count("script") == 3 and parser.fetches == []


def test_hostile_text_survives_as_data(hostile_html):
    data = page_data_of(hostile_html)
    names = {n["iri"]: n for n in data["nodes"]}
    assert names[E + "evil"]["name"] == HOSTILE_LABEL
    assert names[E + "evil"]["other_name"] == HOSTILE_ZH
    assert names[E + "linker"]["name"] == HREF_LABEL
    (fact,) = [f for f in data["facts"] if f["relation"] == "investsIn"]
    assert fact["sources"] == [{"article": "evil", "file": HOSTILE_FILE, "quote": HOSTILE_QUOTE}]
    # vis-network never gets a title (it would render it itself); the page's own code shows the details
    assert all("title" not in n["vis"] for n in data["nodes"])
    assert all("title" not in e["vis"] for e in data["edges"])


def test_page_script_never_writes_html():
    from stargate_kg.viz import TEMPLATE

    template = TEMPLATE.read_text(encoding="utf-8")
    own = template[template.index("<script>{{ vis_js }}</script>"):]  # the page's own script
    own = own[own.index("(function () {"):]
    assert "innerHTML" not in own and "insertAdjacentHTML" not in own and "document.write" not in own
    assert "textContent" in own


# ----------------------------------------------------------------------------- unit tests: what is drawn
def node_ids(data):
    return {n["iri"]: n["id"] for n in data["nodes"]}


def facts_of(data, edge):
    return [data["facts"][k] for k in edge["facts"]]


def edges_between(data, a, b, family=None):
    """Drawn edges joining entities a and b (either way), of one family when given."""
    return [e for e in data["edges"] if {e["from"], e["to"]} == {E + a, E + b} and family in (None, e["family"])]


def test_nodes_coloured_by_type_and_sized_by_centrality(full_html):
    data = page_data_of(full_html)
    nodes = {n["iri"]: n for n in data["nodes"]}
    legend = {t["type"]: t["color"] for t in data["legend"]["types"]}
    for n in nodes.values():
        assert n["vis"]["color"]["background"] == legend[n["type"]]
    assert nodes[E + "softbank"]["type"] == "Company" and nodes[E + "masayoshi-son"]["type"] == "Person"
    assert legend["Company"] != legend["Person"]
    # an entity is a box with its name inside (no edge can cross its own label); OpenAI, at the centre
    # of the story, has the largest name
    assert nodes[E + "openai"]["vis"]["shape"] == "box"
    ents = entities(nodes.values())
    assert max(ents, key=lambda n: n["vis"]["font"]["size"])["iri"] == E + "openai"
    sizes = sorted((n["centrality"], n["vis"]["font"]["size"]) for n in ents)
    assert all(a[1] <= b[1] for a, b in zip(sizes, sizes[1:]))  # monotone in centrality


def test_money_edge_label_width_and_arrow(full_html):
    data = page_data_of(full_html)
    # article 004: "将向OpenAI投资最高1000亿美元" (Nvidia, up to $100B, 2025-09-23)
    (nv,) = edges_between(data, "nvidia", "openai", "funding")
    assert (nv["from"], nv["to"]) == (E + "nvidia", E + "openai")
    assert nv["vis"]["label"] == "up to $100B" and nv["edge_labels"] == {
        "en": "up to $100B", "zh": "最高1000亿美元", "zh-Hant": "最高1,000億美元"}
    (fact,) = facts_of(data, nv)
    assert fact["relation"] == "investsIn" and fact["date"] == "2025-09-23" and fact["amount_texts"]["en"] == "up to $100B"
    assert any(s["quote"] == "将向OpenAI投资最高1000亿美元" and s["article"] == "a004" for s in fact["sources"])
    assert nv["money"] is True and nv["shown"] is True and nv["vis"]["arrows"]["to"]["enabled"] is True
    plain = [e for e in data["edges"] if not e["money"]]
    assert nv["vis"]["width"] > max(e["vis"]["width"] for e in plain)
    assert money_width(100e9, "USD") > money_width(5e9, "USD") > money_width(1e6, "USD")
    # article 004: OpenAI buys $300B of Oracle compute: wider than Nvidia's $100B
    (oracle,) = edges_between(data, "openai", "oracle", "moneyflow")
    assert oracle["vis"]["label"] == "$300B" and oracle["vis"]["width"] > nv["vis"]["width"]
    # edges are coloured by family, with a legend entry for each
    legend = {f["family"]: f["color"] for f in data["legend"]["families"]}
    assert all(e["vis"]["color"]["color"] == legend[e["family"]] for e in data["edges"])


def test_one_edge_per_pair_and_family(full_html):
    data = page_data_of(full_html)
    pairs = [(frozenset((e["from"], e["to"])), e["family"]) for e in data["edges"]]
    assert len(pairs) == len(set(pairs))
    # SoftBank and Stargate were joined six times over; now at most one line per family
    sb = edges_between(data, "softbank", "stargate")
    assert len({e["family"] for e in sb}) == len(sb)
    # every fact is behind exactly one drawn line (a joint pledge's also on its parties' lines into it)
    owners = Counter(k for e in data["edges"] for k in e["facts"]
                     if not e["party"] or not data["facts"][k]["from"].startswith("joint:"))
    assert set(owners) == set(range(len(data["facts"]))) and set(owners.values()) == {1}
    # a line's label counts its facts: Microsoft's $13B to OpenAI (003: "微软已向OpenAI承诺投资130亿美元") and its 2019 investment
    (ms,) = edges_between(data, "microsoft", "openai", "funding")
    assert ms["edge_labels"]["en"] == "$13B \u00b7 2" and len(ms["facts"]) == 2


def test_two_figures_for_one_plan_are_one_edge(full_html):
    """The 2024 supercomputer: 003 "微软和OpenAI正计划斥资1000亿美元打造AI超算", 002 "共同投资超过1000亿美元...的建设"."""
    data = page_data_of(full_html)
    into = [e for e in data["edges"] if e["to"] == E + "stargate-supercomputer-2024" and e["family"] == "funding"]
    (hub_edge,) = [e for e in into if e["from"].startswith("joint:")]
    facts = facts_of(data, hub_edge)
    assert sorted((f["amount"], f["bound"] or "") for f in facts) == [(100e9, ""), (100e9, "more than")]
    quotes = {(s["article"], s["quote"]) for f in facts for s in f["sources"]}
    assert ("a003", "微软和OpenAI正计划斥资1000亿美元打造AI超算") in quotes
    assert ("a002", "微软和OpenAI计划共同投资超过1000亿美元,用于Stargate超级计算机的建设") in quotes
    assert hub_edge["edge_labels"]["en"] == "$100B \u00b7 2"
    hub = next(n for n in data["nodes"] if n["id"] == hub_edge["from"])
    assert hub["parties"] == [E + "microsoft", E + "openai"]


def test_statuses_drawn_and_explained(full_html):
    data = page_data_of(full_html)
    facts = data["facts"]

    def fact(frm, to, amount):
        """The standing fact of ``frm`` (one party, or every party of a joint pledge) -> ``to`` with ``amount``."""
        parties = {E + p for p in ((frm,) if isinstance(frm, str) else frm)}
        (f,) = [f for f in facts if f["to"] == E + to and f["amount"] == amount
                and set(data_parties(data, f)) == parties and f["status_class"] != "deprecated"]
        return f

    # 001: "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元", reported scaled back by the WSJ
    jan = fact(("openai", "softbank"), "stargate", 100e9)
    assert jan["status_class"] == "disputed"
    assert [r["by"]["en"] for r in jan["disputed_by"]] == ["The Wall Street Journal"]
    assert any("大幅缩减了近期计划" in s["quote"] for r in jan["disputed_by"] for s in r["sources"])
    # 004: Nvidia will invest up to $100B (announced); 003: Microsoft has committed $13B (in force)
    assert fact("nvidia", "openai", 100e9)["status_class"] == "planned"
    assert fact("microsoft", "openai", 13e9)["status_class"] == "in_force"
    # 002: "富士康创始人郭台铭曾承诺在威斯康星州投资100亿美元建设工厂" ... "投资规模大幅缩水"
    assert fact("foxconn", "foxconn-wisconsin-factory", 10e9)["status_class"] == "disputed"
    # a claim the graph ranks deprecated is carried, hidden at opening
    deprecated = [f for f in facts if f["status_class"] == "deprecated"]
    assert deprecated and not any(e["shown"] for e in data["edges"] if all(
        facts[k]["status_class"] == "deprecated" for k in e["facts"]))
    # each status looks different and has a legend entry, in both languages
    legend = {s["status"]: s for s in data["legend"]["statuses"]}
    assert set(legend) == {"in_force", "planned", "disputed", "deprecated", "inferred"}
    looks = {(json.dumps(s["dashes"]), s["opacity"], s["font"]) for s in legend.values()}
    assert len(looks) == len(legend)
    assert legend["deprecated"]["on"] is False and legend["inferred"]["on"] is False and legend["disputed"]["on"] is True
    assert all(s["labels"]["en"] and s["labels"]["zh"] for s in legend.values())
    # the drawn line takes the look of its headline fact
    (jan_edge,) = [e for e in data["edges"] if not e["party"] and jan in facts_of(data, e)]
    assert jan_edge["vis"]["dashes"] == legend["disputed"]["dashes"]
    assert jan_edge["vis"]["font"]["color"] == legend["disputed"]["font"]


def data_parties(data, fact):
    """The parties of a fact: its subject, or every party of its joint pledge."""
    return fact["parties"] or [fact["from"]]


def test_status_filter_in_python(full_html):
    """stargate_kg.viz.shown: ticking "deprecated" brings in the deprecated claims (000: "已经为这个项目投入了1000亿美元")."""
    from stargate_kg.viz import shown

    data = page_data_of(full_html)
    legend = json.loads(json.dumps(data["legend"]))
    for s in legend["statuses"]:
        s["on"] = s["status"] == "deprecated"
    _, edges = shown(data["nodes"], data["edges"], data["facts"], legend, data["filters"])
    drawn = [data["facts"][k] for i in edges for k in data["edges"][i]["facts"]]
    assert any(f["amount"] == 100e9 and f["relation"] == "investedToDate" for f in drawn)
    # with every status off, nothing is drawn
    for s in legend["statuses"]:
        s["on"] = False
    assert shown(data["nodes"], data["edges"], data["facts"], legend, data["filters"]) == (set(), set())


def test_money_comes_from_the_answer_rows(kg, full_html):
    """Every money fact on the map is a row of stargate_kg.answers.funding.money_flows, and every row is on the map."""
    from stargate_kg.answers.funding import money_flows

    data = page_data_of(full_html)
    rows = money_flows(kg, include_deprecated=True, include_inferred=True)
    on_map = [f for f in data["facts"] if f["money"] and f["relation"] in {r.relation.rsplit("#", 1)[-1] for r in rows}]
    by_statements = {tuple(f["statements"]) for f in on_map}
    for r in rows:
        assert tuple(dict.fromkeys([*r.statements, *r.shares])) in by_statements, r.statement
    assert len(by_statements) == len(rows)


def test_chinese_labels(kg):
    data = page_data_of(render_html(kg, lang="zh"))
    nodes = {n["iri"]: n for n in data["nodes"]}
    assert nodes[E + "softbank"]["vis"]["label"] == "软银"
    assert nodes[E + "masayoshi-son"]["vis"]["label"] == "孙正义"
    assert nodes[E + "softbank"]["other_name"] == "SoftBank Group"
    assert data["text"]["find"] == "查找"
    owns = [f for f in data["facts"] if f["relation"] == "owns"]
    assert owns and all(f["relation_labels"]["zh"] == "拥有" for f in owns)


def test_focus_and_depth(kg):
    d1 = page_data_of(render_html(kg, focus="SoftBank", depth=1))
    iris = {n["iri"] for n in entities(d1["nodes"])}
    # SoftBank owns SB Energy, Masayoshi Son leads it, it funds Stargate and OpenAI
    assert {E + "softbank", E + "sb-energy", E + "masayoshi-son", E + "openai"} <= iris
    # depth 1: every other entity on the map is linked to SoftBank directly (a joint pledge it is party
    # to brings its recipient, one step through the pledge)
    hubs = {n["id"]: n for n in d1["nodes"] if n["type"] == "JointPledge"}
    linked = {x for e in d1["edges"] if E + "softbank" in (e["from"], e["to"]) for x in (e["from"], e["to"])}
    linked |= {f["to"] for f in d1["facts"] if f["from"] in hubs and E + "softbank" in hubs[f["from"]]["parties"]}
    assert iris - {E + "softbank"} <= linked
    assert d1["focus"] == E + "softbank"
    d2 = page_data_of(render_html(kg, focus="SoftBank", depth=2))
    assert iris < {n["iri"] for n in entities(d2["nodes"])}
    full = page_data_of(render_html(kg))
    assert len(d2["nodes"]) < len(full["nodes"])


def test_relations_types_and_min_degree(kg):
    funding = page_data_of(render_html(kg, families=["funding"]))
    assert funding["edges"] and {e["family"] for e in funding["edges"]} <= {"funding", "moneyflow"}
    companies = page_data_of(render_html(kg, types=["Company"]))  # a joint venture is a company too
    assert {n["type"] for n in entities(companies["nodes"])} == {"Company", "JointVenture"}
    busy = page_data_of(render_html(kg, min_degree=5))
    # kept: entities linked to at least 5 others in the whole selection (fewer may be drawn)
    assert busy["nodes"] and all(n["degree_all"] >= 5 for n in entities(busy["nodes"]))
    assert all(n["degree"] <= n["degree_all"] for n in busy["nodes"])
    assert len(busy["nodes"]) < len(page_data_of(render_html(kg, min_degree=1))["nodes"])


def test_errors(kg):
    with pytest.raises(UnknownEntity):
        render_html(kg, focus="Stargat Inc")
    with pytest.raises(InvalidChoice):
        render_html(kg, families=["fundng"])
    with pytest.raises(InvalidChoice):
        render_html(kg, lang="fr")
    with pytest.raises(NothingToDraw):
        render_html(kg, focus="OpenAI", types=["Person"])  # OpenAI is a company
    with pytest.raises(NothingToDraw):
        render_html(kg, min_degree=100000)


# ----------------------------------------------------------------------------- the default view
# The money of the story, from the articles: the joint venture and the three parties to its $500B
# (004: 「OpenAI、甲骨文与软银…计划今后4年投资5000亿美元」), Nvidia (004: up to $100B for OpenAI),
# Microsoft (003: "微软已向OpenAI承诺投资130亿美元"), Foxconn (002: $10B in Wisconsin), the 2024
# supercomputer; SoftBank's Masayoshi Son and OpenAI's Sam Altman who lead them. MGX, the fourth founding
# equity partner (002: "Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司"), is a party
# to no figure and linked to one entity of the money (Stargate) only: by rule 2 it waits behind the legend.
PARTNERS = ["stargate", "openai", "softbank", "oracle", "masayoshi-son", "sam-altman", "nvidia",
            "microsoft", "foxconn", "stargate-supercomputer-2024"]
DEFAULT_TYPES = {"Company", "JointVenture", "InvestmentFund", "GovernmentBody", "Project", "DataCenterSite", "Person"}


def shown_nodes(data):
    return {n["iri"]: n for n in data["nodes"] if n["shown"]}


def test_default_view_is_the_story_at_a_glance(kg, full_html):
    from stargate_kg.network import to_networkx

    data = page_data_of(full_html)
    shown = shown_nodes(data)
    ents = entities(shown.values())
    assert 12 <= len(ents) <= 30, len(ents)
    assert {E + p for p in PARTNERS} <= set(shown)
    assert E + "mgx" not in shown and E + "mgx" in {n["iri"] for n in data["nodes"]}
    assert {n["type"] for n in shown.values()} <= DEFAULT_TYPES | {"JointPledge"}
    # people are there because they lead a party to the money: Dario Amodei only doubts Stargate (001)
    assert E + "dario-amodei" not in shown
    assert not [n for n in data["nodes"] if n["shown"] and n["type"] in ("MediaOutlet", "Publication", "Event")]
    edges = [e for e in data["edges"] if e["shown"]]
    assert {e["family"] for e in edges} <= {"funding", "moneyflow", "partnership", "roles"}
    shown_facts = [data["facts"][k] for e in edges for k in e["passing"]]
    assert not [f for f in shown_facts if f["relation"] in ("claims", "doubts", "competitorOf")]
    # every money fact with an amount that stands (not deprecated, not inferred) is drawn
    standing = [f for f in data["facts"] if f["money"] and f["amount"] and f["status_class"] in ("in_force", "planned", "disputed")]
    assert standing and all(f in shown_facts for f in standing)
    # the rest of the graph is in the page, hidden, for the legend's check boxes
    g = to_networkx(kg)
    assert len(entities(data["nodes"])) == g.number_of_nodes()
    statements = {st for f in data["facts"] for st in f["statements"]}
    assert {k for _, _, k in g.edges(keys=True)} <= statements
    legend = {f["family"]: f["on"] for f in data["legend"]["families"]}
    assert legend["claim"] is False and legend["funding"] is True and legend["site"] is False
    types = {t["type"]: t["on"] for t in data["legend"]["types"]}
    assert types["MediaOutlet"] is False and types["Publication"] is False and types["Company"] is True
    # every shown edge joins two shown entities, every shown entity has a shown edge
    ends = {x for e in edges for x in (e["from"], e["to"])}
    assert ends == {n["id"] for n in shown.values()}


def test_claims_are_never_money(full_html):
    data = page_data_of(full_html)
    # 001: Altman says $500B ("我们将向 Stargate 投入 5000 亿美元" is his claim, a claim edge with an amount)
    claims = [f for f in data["facts"] if f["family"] == "claim" and f["amount"]]
    assert any(f["from"] == E + "sam-altman" for f in claims)
    for f in claims:
        assert f["money"] is False and f["amount_texts"]["en"]  # the figure is still in the details
    for e in data["edges"]:
        if e["family"] == "claim":
            assert e["money"] is False and e["vis"]["width"] < 2 and "$" not in e["vis"]["label"]


def test_options_show_more(kg):
    claims = page_data_of(render_html(kg, include=["claim"]))
    shown = {claims["facts"][k]["relation"] for e in claims["edges"] if e["shown"] for k in e["passing"]}
    assert "doubts" in shown and "claims" in shown
    assert E + "dario-amodei" in shown_nodes(claims)  # his doubt (002: 「他怀疑“星际之门”项目能否实现5000亿美元的融资」) brings him in
    media = page_data_of(render_html(kg, include=["MediaOutlet"]))
    assert any(n["type"] == "MediaOutlet" for n in shown_nodes(media).values())
    everything = page_data_of(render_html(kg, everything=True))
    standing = ("in_force", "planned", "disputed")
    assert all(e["shown"] for e in everything["edges"]
               if any(everything["facts"][k]["status_class"] in standing for k in e["facts"]))
    money = page_data_of(render_html(kg, money_only=True))
    assert money["filters"]["money_only"] is True
    shown_edges = [e for e in money["edges"] if e["shown"]]
    assert shown_edges and all(money["facts"][k]["money"] for e in shown_edges for k in e["passing"])
    assert 5 <= len(shown_nodes(money)) < len(shown_nodes(page_data_of(render_html(kg))))


def test_date_range(kg):
    data = page_data_of(render_html(kg, date_from="2025-09", date_to="2025-09-30", money_only=True))
    assert data["filters"]["date_from"] == "2025-09-01" and data["filters"]["date_to"] == "2025-09-30"
    dated = [data["facts"][k] for e in data["edges"] if e["shown"] for k in e["passing"]]
    dated = [f for f in dated if f["date"]]
    assert dated and all(f["date_to"] >= "2025-09-01" and f["date_from"] <= "2025-09-30" for f in dated)
    # 004: Nvidia's pledge is dated 2025-09-23
    assert any(f["relation"] == "investsIn" and f["date"] == "2025-09-23" for f in dated)
    with pytest.raises(InvalidChoice):
        render_html(kg, date_from="2025-13")
    with pytest.raises(InvalidChoice):
        render_html(kg, date_from="2025-10", date_to="2025-01")


def test_page_rule_matches_python(full_html):
    """The page's script and stargate_kg.viz.shown apply one rule: the template spells the same checks."""
    from stargate_kg.viz import TEMPLATE

    template = TEMPLATE.read_text(encoding="utf-8")
    for check in ("!famOn[e.family]", "!statusOn[f.status_class]", "F.moneyOnly && !f.money", "f.date_to < F.from",
                  "f.date_from > F.to", "f.core || F.scopeAll || outside || !statusDefault[f.status_class]"):
        assert check in template


def test_joint_pledge_drawn_once(full_html):
    """A pledge made together is one diamond: each party -> it (no amount), it -> the recipient (the total, once)."""
    data = page_data_of(full_html)
    # 001: "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元" (OpenAI and SoftBank, together)
    hubs = [n for n in data["nodes"] if n["type"] == "JointPledge" and n["parties"] == [E + "openai", E + "softbank"]]
    (hub,) = [h for h in hubs if any(f["amount"] == 100e9 for f in data["facts"] if f["from"] == h["id"])]
    into = [e for e in data["edges"] if e["to"] == hub["id"]]
    out = [e for e in data["edges"] if e["from"] == hub["id"]]
    assert sorted(e["from"] for e in into) == [E + "openai", E + "softbank"]
    assert all(e["party"] and e["vis"]["label"] == "" and e["vis"]["width"] == 2.0 for e in into)
    (total,) = out
    assert total["to"] == E + "stargate" and total["vis"]["label"] == "$100B" and total["vis"]["width"] > 2.0
    # the total is drawn once: no other shown line carries $100B into Stargate from OpenAI or SoftBank
    others = [e for e in data["edges"] if e["shown"] and e["to"] == E + "stargate" and e is not total
              and any(data["facts"][k]["amount"] == 100e9 for k in e["passing"])]
    assert others == []
    # the per-party pledges are folded into the joint row (statements of its fact)
    (fact,) = facts_of(data, total)
    assert len(fact["statements"]) >= 3


def test_a_joint_pledge_node_is_one_statement(full_html):
    """Two joint statements of the same parties are two diamonds, each with its own statement's IRI.

    004: 「OpenAI、甲骨文与软银…计划今后4年投资5000亿美元」 (the pledge, in force), and 000:
    "迄今为止，OpenAI、软银、甲骨文等，已经为这个项目投入了1000亿美元。" (ranked deprecated): with
    "deprecated" ticked the $100B is drawn apart in its deprecated style, never "$500B · 2".
    """
    from stargate_kg.viz import shown
    from stargate_kg.viz.data import edge_text

    st = "https://w3id.org/stargate-kg/statement/"
    data = page_data_of(full_html)
    three = [n for n in data["nodes"] if n["type"] == "JointPledge"
             and n["parties"] == [E + "openai", E + "oracle", E + "softbank"]]
    by_iri = {n["iri"]: n for n in three}
    assert set(by_iri) == {st + "stargate-planned-investment-500b", st + "a000-stargate-invested-to-date"}
    pledge, spent = by_iri[st + "stargate-planned-investment-500b"], by_iri[st + "a000-stargate-invested-to-date"]
    (pledge_out,) = [e for e in data["edges"] if e["from"] == pledge["id"]]
    (spent_out,) = [e for e in data["edges"] if e["from"] == spent["id"]]
    assert [data["facts"][k]["amount"] for k in pledge_out["facts"]] == [500e9]
    assert [(data["facts"][k]["amount"], data["facts"][k]["status_class"]) for k in spent_out["facts"]] == [
        (100e9, "deprecated")]
    assert pledge_out["shown"] and not spent_out["shown"] and not spent["shown"]
    # tick "deprecated": both drawn, apart, each labelled with its own amount
    legend = json.loads(json.dumps(data["legend"]))
    for s in legend["statuses"]:
        s["on"] = s["on"] or s["status"] == "deprecated"
    nodes_on, edges_on = shown(data["nodes"], data["edges"], data["facts"], legend, data["filters"])
    assert {pledge["id"], spent["id"]} <= nodes_on
    assert {data["edges"].index(pledge_out), data["edges"].index(spent_out)} <= edges_on
    assert edge_text([data["facts"][k] for k in pledge_out["facts"]], "en") == "$500B"
    assert edge_text([data["facts"][k] for k in spent_out["facts"]], "en") == "$100B"
    deprecated = next(s for s in data["legend"]["statuses"] if s["status"] == "deprecated")
    assert spent_out["vis"]["dashes"] == deprecated["dashes"] and spent_out["style"] == "deprecated"
    assert pledge_out["style"] != "deprecated"
    # each party's line into the deprecated diamond carries the deprecated fact only
    into = [e for e in data["edges"] if e["to"] == spent["id"]]
    assert sorted(e["from"] for e in into) == [E + "openai", E + "oracle", E + "softbank"]
    assert all({data["facts"][k]["status_class"] for k in e["facts"]} == {"deprecated"} for e in into)


INFERRED_TTL = """
@prefix sg:   <https://w3id.org/stargate-kg/ontology#> .
@prefix e:    <https://w3id.org/stargate-kg/entity/> .
@prefix st:   <https://w3id.org/stargate-kg/statement/> .
@prefix src:  <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
src:x a sg:Article ; rdfs:label "x"@en ; sg:fileName "x.txt" .
e:buyer a sg:Company ; rdfs:label "Buyer"@en .
e:seller a sg:Company ; rdfs:label "Seller"@en .
e:fund a sg:InvestmentFund ; rdfs:label "Fund"@en .
st:fund-invests a sg:Statement ; sg:subject e:fund ; sg:relation sg:investsIn ; sg:object e:buyer ; sg:amount 5000000.0 ;
    sg:currency "USD" ; sg:reference [ a sg:Reference ; sg:article src:x ; sg:quote "q1"@zh ] .
st:buyer-buys a sg:Statement ; sg:subject e:buyer ; sg:relation sg:buysFrom ; sg:object e:seller ; sg:inferred true ;
    sg:reference [ a sg:Reference ; sg:article src:x ; sg:quote "q2"@zh ] .
"""


def test_inferred_statements_hidden_then_dash_dotted(tmp_path):
    from stargate_kg import load

    path = tmp_path / "inferred.ttl"
    path.write_text(INFERRED_TTL, encoding="utf-8")
    small = load([default_graph_dir() / "ontology.ttl", path])
    data = page_data_of(render_html(small))
    (buy,) = [e for e in data["edges"] if data["facts"][e["facts"][0]]["relation"] == "buysFrom"]
    assert data["facts"][buy["facts"][0]]["status_class"] == "inferred"
    assert buy["shown"] is False and buy["vis"]["dashes"] == [10, 4, 2, 4]
    assert E + "seller" not in shown_nodes(data)
    data = page_data_of(render_html(small, include_inferred=True))
    (buy,) = [e for e in data["edges"] if data["facts"][e["facts"][0]]["relation"] == "buysFrom"]
    assert buy["shown"] is True and buy["edge_labels"]["en"].endswith("?")


def test_chinese_focus_map_has_no_english_where_chinese_exists(kg):
    from stargate_kg.lookup import entity_index

    index = entity_index(kg)
    data = page_data_of(render_html(kg, focus="软银", depth=2, lang="zh"))
    shown = shown_nodes(data)
    assert data["focus"] == E + "softbank" and E + "softbank" in shown
    assert len(shown) <= 60
    for iri, n in shown.items():
        zh = index[iri].labels.get("zh") if iri in index else None
        if zh:
            assert "".join(n["vis"]["label"].split()) == "".join(zh.split()), (iri, n["vis"]["label"])
    for e in data["edges"]:
        if e["shown"] and e["vis"]["label"] and any(data["facts"][k]["amount"] for k in e["passing"]) and e["money"]:
            assert "$" not in e["vis"]["label"]
    assert data["text"]["money_only"] == "只看资金"
    # the focus is the centre of the layout
    assert (shown[E + "softbank"]["vis"]["x"], shown[E + "softbank"]["vis"]["y"]) == (0.0, 0.0)


def test_layout_is_seeded_and_keeps_edges_out_of_boxes(kg, tmp_path):
    from stargate_kg.viz.layout import node_box
    from stargate_kg.viz.untangle import blocked

    import subprocess
    import sys

    first = page_data_of(render_html(kg))
    pos = {n["id"]: (n["vis"]["x"], n["vis"]["y"]) for n in first["nodes"]}
    # the same map in another process, whose sets iterate in another order
    script = "import sys; from stargate_kg import load; from stargate_kg.viz import render_html; render_html(load(), sys.argv[1])"
    out = tmp_path / "again.html"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(out)], env=env, check=True)
    other = page_data_of(out.read_text(encoding="utf-8"))
    assert pos == {n["id"]: (n["vis"]["x"], n["vis"]["y"]) for n in other["nodes"]}
    # the layout's own estimate: no shown edge runs through an entity's box, no box overlaps another
    shown = [n for n in first["nodes"] if n["shown"]]
    boxes = {n["id"]: node_box(n["vis"]["label"], n["vis"]["font"]["size"], n["vis"]["shape"]) for n in shown}
    lines = [(e["from"], e["to"], e["bend"]) for e in first["edges"] if e["shown"]]
    assert blocked({n["id"]: pos[n["id"]] for n in shown}, boxes, lines) <= 1


# ----------------------------------------------------------------------------- CLI
def test_cli_viz(run, tmp_path):
    out = tmp_path / "sb.html"
    res = run("viz", str(out), "--focus", "软银", "--depth", "1", "--lang", "zh", "--relations", "funding,roles")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Wrote {out} (") and "offline" in res.output
    data = page_data_of(out.read_text(encoding="utf-8"))
    assert {e["family"] for e in data["edges"]} <= {"funding", "roles"}
    assert any(n["vis"]["label"] == "孙正义" for n in data["nodes"])


def test_cli_viz_options(run, tmp_path):
    out = tmp_path / "claims.html"
    res = run("viz", str(out), "--include", "claim", "--money-only", "--from", "2025", "--to", "2025-09")
    assert res.exit_code == 0, res.output
    data = page_data_of(out.read_text(encoding="utf-8"))
    assert {f["family"] for f in data["legend"]["families"] if f["on"]} >= {"claim", "funding"}
    assert data["filters"] == {"money_only": True, "scope_all": False, "inferred": False,
                               "date_from": "2025-01-01", "date_to": "2025-09-30", "undated": True}
    everything = tmp_path / "all.html"
    assert run("viz", str(everything), "--all").exit_code == 0
    data = page_data_of(everything.read_text(encoding="utf-8"))
    standing = ("in_force", "planned", "disputed")
    linked = {x for e in data["edges"] if any(data["facts"][k]["status_class"] in standing for k in e["facts"])
              for x in (e["from"], e["to"])}
    assert all(n["shown"] for n in data["nodes"] if n["id"] in linked)


@pytest.mark.parametrize(
    "args, code, message",
    [
        pytest.param(["--depth", "2"], 2, "--depth needs --focus", id="depth-without-focus"),
        pytest.param(["--focus", "Stargat Inc"], 1, "Error: no entity is called 'Stargat Inc'.", id="unknown-focus"),
        pytest.param(["--relations", "fundng"], 2, "Error: unknown relation family 'fundng'", id="unknown-family"),
        pytest.param(["--lang", "fr"], 2, "Invalid value for '--lang'", id="bad-lang"),
        pytest.param(["--include", "claim,Medias"], 2, "Error: unknown family or entity type 'Medias'", id="bad-include"),
        pytest.param(["--from", "2025-13"], 2, "Error: unknown start date '2025-13'", id="bad-date"),
        pytest.param(["--from", "2025-10", "--to", "2025-01"], 2, "a start date on or before the end date", id="bad-range"),
    ],
)
def test_cli_viz_errors(run, tmp_path, args, code, message):
    out = tmp_path / "x.html"
    res = run("viz", str(out), *args)
    assert res.exit_code == code
    assert message in res.output
    assert not out.exists()


