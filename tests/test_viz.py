"""The offline HTML map (stargate_kg.viz, `stargate-kg viz`).

Unit tests read the generated page as text; tests marked ``browser`` open it
in Debian's headless Chromium (driven by selenium and Debian's chromedriver)
with the network blocked, and write screenshots (to tmp_path, and to
$STARGATE_KG_SCREENSHOT_DIR when set).
"""

import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

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
    assert urls and all(u.startswith("data:") for u in urls), [u for u in urls if not u.startswith("data:")][:3]
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
    (edge,) = [e for e in data["edges"] if e["relation"] == "investsIn"]
    assert edge["sources"] == [{"article": "evil", "file": HOSTILE_FILE, "quote": HOSTILE_QUOTE}]
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
def test_nodes_coloured_by_type_and_sized_by_centrality(full_html):
    data = page_data_of(full_html)
    nodes = {n["iri"]: n for n in data["nodes"]}
    legend = {t["type"]: t["color"] for t in data["legend"]["types"]}
    for n in nodes.values():
        assert n["vis"]["color"]["background"] == legend[n["type"]]
    assert nodes[E + "softbank"]["type"] == "Company" and nodes[E + "masayoshi-son"]["type"] == "Person"
    assert legend["Company"] != legend["Person"]
    # OpenAI is at the centre of the story: the biggest node
    biggest = max(nodes.values(), key=lambda n: n["vis"]["size"])
    assert biggest["iri"] == E + "openai"
    sizes = sorted((n["centrality"], n["vis"]["size"]) for n in nodes.values())
    assert all(a[1] <= b[1] for a, b in zip(sizes, sizes[1:]))  # monotone in centrality


def test_money_edge_label_width_and_arrow(full_html):
    data = page_data_of(full_html)
    nodes = {n["id"]: n["iri"] for n in data["nodes"]}
    # article 004: "将向OpenAI投资最高1000亿美元" (Nvidia, up to $100B, 2025-09-23)
    (nv,) = [
        e for e in data["edges"]
        if nodes[e["from"]] == E + "nvidia" and nodes[e["to"]] == E + "openai" and e["relation"] == "investsIn"
    ]
    assert nv["amount_text"] == "up to $100B"
    assert nv["date"] == "2025-09-23"
    # a money edge is labelled with its amount and bound, in both languages
    assert nv["vis"]["label"] == "up to $100B"
    assert nv["edge_labels"] == {"en": "up to $100B", "zh": "最高1000亿美元"}
    assert nv["money"] is True and nv["shown"] is True
    assert nv["vis"]["arrows"]["to"]["enabled"] is True
    assert any("将向OpenAI投资最高1000亿美元" == s["quote"] and s["article"] == "a004" for s in nv["sources"])
    plain = [e for e in data["edges"] if not e["amount_text"]]
    assert nv["vis"]["width"] > max(e["vis"]["width"] for e in plain)
    assert money_width(100e9, "USD") > money_width(5e9, "USD") > money_width(1e6, "USD")
    # article 004: OpenAI buys $300B of Oracle compute: wider than Nvidia's $100B
    (oracle,) = [e for e in data["edges"] if nodes[e["from"]] == E + "openai" and nodes[e["to"]] == E + "oracle"
                 and e["relation"] == "buysFrom"]
    assert oracle["vis"]["label"] == "$300B" and oracle["vis"]["width"] > nv["vis"]["width"]
    # edges are coloured by family, with a legend entry for each
    legend = {f["family"]: f["color"] for f in data["legend"]["families"]}
    assert nv["family"] == "funding"
    assert all(e["vis"]["color"]["color"] == legend[e["family"]] for e in data["edges"])


def test_search_names_are_searchable_but_not_aliases(full_html):
    """Names no article writes (skos:hiddenLabel, e.g. "Oracle Corporation") feed the search box only."""
    oracle = next(n for n in page_data_of(full_html)["nodes"] if n["iri"].endswith("/entity/oracle"))
    assert "Oracle Corporation" in oracle["search_names"]
    assert "Oracle Corporation" not in oracle["aliases"]
    assert "甲骨文" in (oracle["other_name"], oracle["name"], *oracle["aliases"])  # a000 writes 甲骨文


def test_chinese_labels(kg):
    data = page_data_of(render_html(kg, lang="zh"))
    nodes = {n["iri"]: n for n in data["nodes"]}
    assert nodes[E + "softbank"]["vis"]["label"] == "软银"
    assert nodes[E + "masayoshi-son"]["vis"]["label"] == "孙正义"
    assert nodes[E + "softbank"]["other_name"] == "SoftBank Group"
    assert data["text"]["find"] == "查找"
    owns = [e for e in data["edges"] if e["relation"] == "owns"]
    assert owns and all(e["relation_label"] == "拥有" for e in owns)


def test_focus_and_depth(kg):
    d1 = page_data_of(render_html(kg, focus="SoftBank", depth=1))
    iris = {n["iri"] for n in entities(d1["nodes"])}
    # SoftBank owns SB Energy, Masayoshi Son leads it, it funds Stargate and OpenAI
    assert {E + "softbank", E + "sb-energy", E + "masayoshi-son", E + "openai"} <= iris
    # depth 1: every other entity on the map is linked to SoftBank directly
    linked = {e["from"] for e in d1["edges"] if e["to"] == E + "softbank" and not e["joint"]}
    linked |= {e["to"] for e in d1["edges"] if e["from"] == E + "softbank" and not e["joint"]}
    # a joint pledge SoftBank is party to brings its recipient (one step through the pledge)
    linked |= {e["to"] for e in d1["edges"] if e["joint"] and e["from"].startswith("joint:")
               and any(x["from"] == E + "softbank" and x["to"] == e["from"] for x in d1["edges"])}
    assert iris - {E + "softbank"} == linked
    assert d1["focus"] == E + "softbank"
    d2 = page_data_of(render_html(kg, focus="SoftBank", depth=2))
    assert iris < {n["iri"] for n in entities(d2["nodes"])}
    full = page_data_of(render_html(kg))
    assert len(d2["nodes"]) < len(full["nodes"])


def test_relations_types_and_min_degree(kg):
    funding = page_data_of(render_html(kg, families=["funding"]))
    assert funding["edges"] and {e["family"] for e in funding["edges"]} == {"funding"}
    companies = page_data_of(render_html(kg, types=["Company"]))  # a joint venture is a company too
    assert {n["type"] for n in entities(companies["nodes"])} == {"Company", "JointVenture"}
    busy = page_data_of(render_html(kg, min_degree=5))
    # kept: entities linked to at least 5 others in the whole selection (fewer may be drawn)
    assert busy["nodes"] and all(n["degree_all"] >= 5 for n in entities(busy["nodes"]))
    assert all(n["degree"] <= n["degree_all"] for n in busy["nodes"])
    everyone = page_data_of(render_html(kg))["nodes"]
    assert {n["iri"] for n in entities(busy["nodes"])} == {n["iri"] for n in entities(everyone) if n["degree"] >= 5}
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
# Who is in the partner network, from the articles: the joint venture and its four founding
# equity partners (002: "Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司"),
# SoftBank's chief Masayoshi Son and OpenAI's Sam Altman who lead it, Nvidia (004: invests up
# to $100B in OpenAI), the Abilene site (Stargate I), Microsoft (001: $13B into OpenAI).
PARTNERS = ["stargate", "openai", "softbank", "oracle", "mgx", "masayoshi-son", "sam-altman", "nvidia",
            "microsoft", "abilene-site"]
DEFAULT_TYPES = {"Company", "JointVenture", "InvestmentFund", "GovernmentBody", "Project", "DataCenterSite", "Person"}


def shown_nodes(data):
    return {n["iri"]: n for n in data["nodes"] if n["shown"]}


def test_default_view_is_the_partner_network(kg, full_html):
    from stargate_kg.network import to_networkx

    data = page_data_of(full_html)
    shown = shown_nodes(data)
    assert 20 <= len(shown) <= 60, len(shown)
    assert {E + p for p in PARTNERS} <= set(shown)
    assert {n["type"] for n in shown.values()} <= DEFAULT_TYPES | {"JointPledge"}
    # people are there because they lead something: Dario Amodei only doubts Stargate (001) and runs
    # Anthropic, which has no money relation in the story; media outlets and publications stay hidden
    assert E + "dario-amodei" not in shown
    assert not [n for n in data["nodes"] if n["shown"] and n["type"] in ("MediaOutlet", "Publication", "Event")]
    edges = [e for e in data["edges"] if e["shown"]]
    assert {e["family"] for e in edges} <= {"funding", "moneyflow", "partnership", "roles", "site"}
    assert not [e for e in edges if e["relation"] in ("claims", "doubts", "competitorOf")]
    # the rest of the graph is in the page, hidden, for the legend's check boxes
    from stargate_kg.viz import joint_pledges

    g = to_networkx(kg)
    assert len(entities(data["nodes"])) == g.number_of_nodes()
    # every statement is an edge, or part of a joint pledge drawn through its diamond
    joint = {st for j in joint_pledges(kg) for st in j.statements}
    drawn = {e["statement"] for e in data["edges"] if not e["joint"]}
    assert drawn <= {k for _, _, k in g.edges(keys=True)}
    assert {k for _, _, k in g.edges(keys=True)} - drawn <= joint
    claims = [e for e in data["edges"] if e["family"] == "claim"]
    assert claims and not any(e["shown"] for e in claims)
    legend = {f["family"]: f["on"] for f in data["legend"]["families"]}
    assert legend["claim"] is False and legend["funding"] is True
    types = {t["type"]: t["on"] for t in data["legend"]["types"]}
    assert types["MediaOutlet"] is False and types["Publication"] is False and types["Company"] is True
    # every shown edge joins two shown entities, every shown entity has a shown edge
    ends = {x for e in edges for x in (e["from"], e["to"])}
    assert ends == {n["id"] for n in shown.values()}


def test_claims_are_never_money(full_html):
    data = page_data_of(full_html)
    nodes = {n["id"]: n["iri"] for n in data["nodes"]}
    # 001: Altman says $500B ("我们将向 Stargate 投入 5000 亿美元" is his claim, a claim edge with an amount)
    claims = [e for e in data["edges"] if e["family"] == "claim" and e["amount"]]
    assert any(nodes[e["from"]] == E + "sam-altman" for e in claims)
    for e in claims:
        assert e["money"] is False and e["vis"]["width"] < 2 and "$" not in e["vis"]["label"]
        assert e["amount_text"]  # the figure is still in the details
    for e in data["edges"]:
        if not e["money"]:
            assert e["vis"]["width"] == 1.2


def test_options_show_more(kg):
    claims = page_data_of(render_html(kg, include=["claim"]))
    shown = {e["relation"] for e in claims["edges"] if e["shown"]}
    assert "doubts" in shown and "claims" in shown
    assert E + "dario-amodei" in shown_nodes(claims)  # his doubt (002: 「他怀疑“星际之门”项目能否实现5000亿美元的融资」) brings him in
    media = page_data_of(render_html(kg, include=["MediaOutlet"]))
    assert any(n["type"] == "MediaOutlet" for n in shown_nodes(media).values())
    everything = page_data_of(render_html(kg, everything=True))
    assert all(e["shown"] for e in everything["edges"] if not e["inferred"])  # inferences: --include-inferred
    money = page_data_of(render_html(kg, money_only=True))
    assert money["filters"]["money_only"] is True
    shown_edges = [e for e in money["edges"] if e["shown"]]
    assert shown_edges and all(e["money"] for e in shown_edges)
    assert 5 <= len(shown_nodes(money)) < len(shown_nodes(page_data_of(render_html(kg))))


def test_date_range(kg):
    data = page_data_of(render_html(kg, date_from="2025-09", date_to="2025-09-30", money_only=True))
    assert data["filters"]["date_from"] == "2025-09-01" and data["filters"]["date_to"] == "2025-09-30"
    dated = [e for e in data["edges"] if e["shown"] and e["date"]]
    assert dated and all(e["date_to"] >= "2025-09-01" and e["date_from"] <= "2025-09-30" for e in dated)
    # 004: Nvidia's pledge is dated 2025-09-23; OpenAI's $13B from Microsoft (001) is undated and stays
    assert any(e["relation"] == "investsIn" and e["date"] == "2025-09-23" for e in dated)
    with pytest.raises(InvalidChoice):
        render_html(kg, date_from="2025-13")
    with pytest.raises(InvalidChoice):
        render_html(kg, date_from="2025-10", date_to="2025-01")


def test_page_rule_matches_python(full_html):
    """The page's script and stargate_kg.viz.shown apply one rule: the template spells the same checks."""
    from stargate_kg.viz import TEMPLATE

    template = TEMPLATE.read_text(encoding="utf-8")
    for check in ("!famOn[e.family]", "e.inferred && !F.inferred", "F.moneyOnly && !e.money", "e.date_to < F.from",
                  "e.date_from > F.to", "return e.core || F.scopeAll || extra"):
        assert check in template


def test_joint_pledge_drawn_once(kg):
    """A pledge made together is one node: each party -> it (no amount), it -> the recipient (the total, once)."""
    from stargate_kg.network import to_networkx
    from stargate_kg.viz import page_data
    from stargate_kg.viz.money import JointPledge

    g = to_networkx(kg)
    separate = [k for u, v, k, d in g.edges(keys=True, data=True)
                if v == E + "stargate" and d["relation"] == "commitsFundingTo" and d["amount"] is None]
    # 001: "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元" (OpenAI and SoftBank, together)
    pledge = JointPledge(parties=[E + "openai", E + "softbank"], recipient=E + "stargate", amount=100e9,
                         currency="USD", date="2025-01", statements=separate)
    data = page_data(kg, g, joints=[pledge])
    (hub,) = [n for n in data["nodes"] if n["type"] == "JointPledge"]
    into = [e for e in data["edges"] if e["to"] == hub["id"]]
    out = [e for e in data["edges"] if e["from"] == hub["id"]]
    assert sorted(e["from"] for e in into) == [E + "openai", E + "softbank"]
    assert all(e["amount"] is None and e["vis"]["width"] == 2.0 for e in into)
    (total,) = out
    assert total["to"] == E + "stargate" and total["vis"]["label"] == "$100B" and total["vis"]["width"] > 2.0
    # the total is drawn once: no other edge carries the $100B to Stargate, the separate pledges are merged
    assert [e for e in data["edges"] if e["amount"] == 100e9 and e["to"] == E + "stargate" and e["shown"]] == [total]
    assert not {e["statement"] for e in data["edges"] if not e["joint"]} & set(separate)
    assert hub["parties"] == [E + "openai", E + "softbank"]


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
st:fund-invests a sg:Statement ; sg:subject e:fund ; sg:relation sg:investsIn ; sg:object e:buyer ;
    sg:reference [ a sg:Reference ; sg:article src:x ; sg:quote "q1"@zh ] .
st:buyer-buys a sg:Statement ; sg:subject e:buyer ; sg:relation sg:buysFrom ; sg:object e:seller ; sg:inferred true ;
    sg:reference [ a sg:Reference ; sg:article src:x ; sg:quote "q2"@zh ] .
"""


def test_inferred_statements_hidden_then_dashed(tmp_path):
    from stargate_kg import load

    path = tmp_path / "inferred.ttl"
    path.write_text(INFERRED_TTL, encoding="utf-8")
    small = load([default_graph_dir() / "ontology.ttl", path])
    data = page_data_of(render_html(small))
    (buy,) = [e for e in data["edges"] if e["relation"] == "buysFrom"]
    assert buy["inferred"] is True and buy["shown"] is False and buy["vis"]["dashes"] is True
    assert E + "seller" not in shown_nodes(data)
    data = page_data_of(render_html(small, include_inferred=True))
    (buy,) = [e for e in data["edges"] if e["relation"] == "buysFrom"]
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
        if e["shown"] and e["money"] and e["amount"]:
            assert "亿" in e["vis"]["label"] and "$" not in e["vis"]["label"]
        elif e["shown"] and not e["joint"]:
            assert e["vis"]["label"] == e["relation_labels"]["zh"]
    assert data["text"]["money_only"] == "只看资金"
    # the focus is the centre of the layout
    assert (shown[E + "softbank"]["vis"]["x"], shown[E + "softbank"]["vis"]["y"]) == (0.0, 0.0)


def test_layout_is_seeded_and_leaves_room_for_labels(kg, tmp_path):
    from stargate_kg.viz.layout import label_box, overlap_share

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
    shown = [n for n in first["nodes"] if n["shown"]]
    boxes = {n["id"]: label_box(n["vis"]["label"], n["vis"]["font"]["size"], n["vis"]["size"]) for n in shown}
    assert overlap_share({n["id"]: pos[n["id"]] for n in shown}, boxes) <= 0.05


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
    linked = {x for e in data["edges"] if not e["inferred"] for x in (e["from"], e["to"])}
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


# ----------------------------------------------------------------------------- in a real browser
# Debian's packages (apt-get install chromium chromium-driver fonts-noto-cjk); overridable for other systems.
CHROMIUM = os.environ.get("STARGATE_KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("STARGATE_KG_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's headless Chromium, network blocked, recording every request."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium chromium-driver fonts-noto-cjk")
    if not Path(CHROMEDRIVER).exists():
        pytest.skip(f"{CHROMEDRIVER} is absent: apt-get install chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1600,1000",
        # belt and braces: any request that got past the page would go to a dead proxy
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    # Count attempts the page's Content-Security-Policy refused (they would be requests otherwise).
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.__sgBlocked = []; document.addEventListener('securitypolicyviolation',"
                   " function (e) { window.__sgBlocked.push(e.blockedURI + ' ' + e.violatedDirective); });"},
    )
    yield driver
    driver.quit()


class Page:
    """A page opened in the browser, with the requests it made and the errors it logged."""

    def __init__(self, driver, path):
        self.d = driver
        self.url = Path(path).resolve().as_uri()
        driver.get("about:blank")
        driver.get_log("performance")  # drop what came before
        driver.get_log("browser")
        driver.get(self.url)
        deadline = time.time() + 90
        while not driver.execute_script("return window.sgStabilized === true"):
            assert time.time() < deadline, "the layout did not stabilise in 90 s"
            time.sleep(0.2)
        self.requests = []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                self.requests.append(msg["params"]["request"]["url"])
            elif msg["method"] == "Network.webSocketCreated":
                self.requests.append(msg["params"]["url"])
        self.errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def drawn_pixels(self):
        return self.js(
            "var c = document.querySelector('#sg-network canvas');"
            "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
            "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n;"
        )

    def hover_node(self, node_id):
        from selenium.webdriver.common.action_chains import ActionChains

        x, y = self.js(
            "var p = sgNetwork.canvasToDOM(sgNetwork.getPositions([arguments[0]])[arguments[0]]);"
            "var r = document.getElementById('sg-network').getBoundingClientRect();"
            "return [Math.round(r.left + p.x), Math.round(r.top + p.y)];",
            node_id,
        )
        actions = ActionChains(self.d)
        actions.w3c_actions.pointer_action.move_to_location(x - 40, y - 40)
        actions.w3c_actions.pointer_action.move_to_location(x, y)
        actions.perform()
        deadline = time.time() + 5
        while self.js("return document.getElementById('sg-tooltip').style.display") != "block":
            assert time.time() < deadline, "no tooltip on hover"
            time.sleep(0.1)
        return self.js("return document.getElementById('sg-tooltip').textContent")

    def hover_edge(self, edge_id):
        """Move the mouse onto an edge (found with vis-network's getEdgeAt) and return the tooltip text."""
        from selenium.webdriver.common.action_chains import ActionChains

        spot = self.js(
            "var e = sgEdges.get(arguments[0]), p = sgNetwork.getPositions([e.from, e.to]);"
            "var a = sgNetwork.canvasToDOM(p[e.from]), b = sgNetwork.canvasToDOM(p[e.to]);"
            "var r = document.getElementById('sg-network').getBoundingClientRect();"
            "for (var t = 0.3; t <= 0.7; t += 0.05) { for (var dy = 0; dy <= 40; dy = dy > 0 ? -dy : 2 - dy) {"
            "  var q = {x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t + dy};"
            "  if (sgNetwork.getEdgeAt(q) === arguments[0] && sgNetwork.getNodeAt(q) === undefined) {"
            "    return [Math.round(r.left + q.x), Math.round(r.top + q.y)]; } } }"
            "return null;",
            edge_id,
        )
        assert spot, "could not find a point on the edge"
        actions = ActionChains(self.d)
        actions.w3c_actions.pointer_action.move_to_location(spot[0] - 30, spot[1] - 30)
        actions.w3c_actions.pointer_action.move_to_location(*spot)
        actions.perform()
        deadline = time.time() + 5
        while self.js("return document.getElementById('sg-tooltip').style.display") != "block":
            assert time.time() < deadline, "no tooltip on hover"
            time.sleep(0.1)
        return self.js("return document.getElementById('sg-tooltip').textContent")

    def assert_offline(self):
        leaving = [u for u in self.requests if u != self.url and not u.startswith("data:")]
        assert leaving == [], f"requests left the page: {leaving[:5]}"
        assert self.url in self.requests  # the recorder works: it saw the page itself
        assert self.js("return window.__sgBlocked") == []


def screenshot(page, tmp_path, name):
    path = tmp_path / name
    page.d.save_screenshot(str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    target = os.environ.get("STARGATE_KG_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / name)
    return path


# Label boxes of the shown nodes, as vis-network measured and drew them (canvas units), and
# whether each label is drawn at the current zoom (vis-network skips labels too small to read).
MEASURE_LABELS = """
var net = sgNetwork, ids = sgNodes.getIds({filter: function (n) { return !n.hidden && n.label; }});
return ids.map(function (id) {
  var lm = net.body.nodes[id].labelModule, s = lm.size;
  var ctx = document.querySelector('#sg-network canvas').getContext('2d');
  ctx.font = lm.fontOptions.size + 'px ' + lm.fontOptions.face;
  var widest = Math.max.apply(null, String(lm.elementOptions.label || '').split('\\n').map(function (line) {
    return ctx.measureText(line).width; }));
  return {id: id, drawn: lm.visible(), left: s.left, top: s.top, width: s.width, height: s.height, measured: widest};
});
"""


def label_overlap(page):
    """(share of shown nodes whose label overlaps another's, the boxes, the ids overlapping)."""
    boxes = page.js(MEASURE_LABELS)
    hit = set()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
                    and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]):
                hit |= {a["id"], b["id"]}
    return len(hit) / max(1, len(boxes)), boxes, hit


def shown_ids(page, what="sgNodes"):
    return set(page.js(f"return {what}.getIds({{filter: function (x) {{ return !x.hidden; }}}})"))


@pytest.mark.browser
def test_browser_default_map(browser, kg, tmp_path):
    out = tmp_path / "stargate.html"
    html = render_html(kg, out)
    data = page_data_of(html)
    page = Page(browser, out)
    assert page.errors == []
    page.assert_offline()
    # the page carries every entity, and shows the partner network: the same ones the library computed
    assert page.js("return sgNodes.length") == len(data["nodes"])
    assert shown_ids(page) == {n["id"] for n in data["nodes"] if n["shown"]}
    assert shown_ids(page, "sgEdges") == {e["id"] for e in data["edges"] if e["shown"]}
    assert 20 <= len(shown_ids(page)) <= 60
    assert page.js("return sgNetwork.body.nodeIndices.length") == len(shown_ids(page))
    assert page.drawn_pixels() > 20_000
    # labels that do not pile up: at most 5% overlap, measured on what vis-network drew
    share, boxes, hit = label_overlap(page)
    assert len(boxes) >= len(shown_ids(page)) - 4  # every entity has a label (a joint pledge's diamond has none)
    assert all(b["drawn"] for b in boxes), "every label is readable at the opening zoom"
    assert all(b["width"] > 0 and abs(b["width"] - b["measured"]) < b["measured"] * 0.5 + 12 for b in boxes)
    assert share <= 0.05, f"{len(hit)} of {len(boxes)} labels overlap: {sorted(hit)}"
    # and they are readable: at least 9 px on screen
    scale = page.js("return sgNetwork.getScale()")
    assert min(n["vis"]["font"]["size"] for n in data["nodes"] if n["shown"] and n["vis"]["label"]) * scale >= 9
    # money edges carry their amounts (004: Nvidia up to $100B, OpenAI buys $300B from Oracle)
    labels = page.js("return sgEdges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return e.label; })")
    assert "up to $100B" in labels and "$300B" in labels
    screenshot(page, tmp_path, "stargate-network.png")
    # the layout does not move
    before = page.js("return sgNetwork.getPositions()")
    time.sleep(1.0)
    assert page.js("return sgNetwork.getPositions()") == before
    # the search box finds an entity by its Chinese name and shows its details
    box = browser.find_element("id", "sg-search")
    box.send_keys("软银\n")
    assert page.js("return sgNetwork.getSelectedNodes()") == [E + "softbank"]
    details = browser.find_element("id", "sg-details").text
    assert "SoftBank Group" in details and "软银" in details and "SB Energy" in details
    browser.find_element("id", "sg-reset").click()
    assert page.js("return sgNetwork.getSelectedNodes()") == []
    # a search name no article writes still finds its entity, and is not shown as an alias
    box.clear()
    box.send_keys("Oracle Corporation\n")
    assert page.js("return sgNetwork.getSelectedNodes()") == [E + "oracle"]
    assert "Oracle Corporation" not in browser.find_element("id", "sg-details").text
    browser.find_element("id", "sg-reset").click()
    # a picture to take away: the button downloads the view as a PNG, made in the page
    png = page.js("return sgPng()")
    assert png.startswith("data:image/png;base64,")
    import base64

    raw = base64.b64decode(png.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) > 20_000
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.find_element("id", "sg-png").click()
    deadline = time.time() + 10
    while not list(downloads.glob("*.png")):
        assert time.time() < deadline, "the PNG was not downloaded"
        time.sleep(0.2)
    time.sleep(0.3)
    (saved,) = downloads.glob("*.png")
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.js("return window.__sgBlocked") == []


def click_legend(page, attr, value):
    page.d.find_element("css selector", f'input[data-{attr}="{value}"]').click()


@pytest.mark.browser
def test_browser_filters(browser, kg, tmp_path):
    out = tmp_path / "filters.html"
    data = page_data_of(render_html(kg, out))
    page = Page(browser, out)
    assert page.errors == []
    types = {n["id"]: n["type"] for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    before_nodes, before_edges = shown_ids(page), shown_ids(page, "sgEdges")
    sites = {n for n in before_nodes if types[n] == "DataCenterSite"}
    assert sites
    # unticking an entity type hides those entities and their relations
    click_legend(page, "type", "DataCenterSite")
    now = shown_ids(page)
    assert not now & sites and now
    assert not [e for e in shown_ids(page, "sgEdges") if {types[edges[e]["from"]], types[edges[e]["to"]]} & {"DataCenterSite"}]
    click_legend(page, "type", "DataCenterSite")
    assert shown_ids(page) == before_nodes and shown_ids(page, "sgEdges") == before_edges
    # unticking a relation family hides its relations
    click_legend(page, "family", "funding")
    assert not [e for e in shown_ids(page, "sgEdges") if edges[e]["family"] == "funding"]
    click_legend(page, "family", "funding")
    # ticking claims shows them, with the people who make them (001: Dario Amodei doubts Stargate)
    click_legend(page, "family", "claim")
    claims = [e for e in shown_ids(page, "sgEdges") if edges[e]["family"] == "claim"]
    assert claims and E + "dario-amodei" in shown_ids(page)
    share, boxes, hit = label_overlap(page)  # what appears was given room beside the rest
    assert share <= 0.05, f"{len(hit)} of {len(boxes)} labels overlap: {sorted(hit)}"
    click_legend(page, "family", "claim")
    assert shown_ids(page) == before_nodes
    # money only: every relation left is money, and each with an amount is labelled with it
    browser.find_element("id", "sg-money-only").click()
    money = shown_ids(page, "sgEdges")
    assert money and all(edges[e]["money"] for e in money)
    for e in money:
        if edges[e]["amount"]:
            assert page.js("return sgEdges.get(arguments[0]).label", e) == edges[e]["amount_text"]
    # a date range over dated statements: September 2025 (004: Nvidia's up to $100B, 2025-09-23)
    page.js("var f = document.getElementById('sg-date-from'); f.value = '2025-09-01';"
            "f.dispatchEvent(new Event('change'));"
            "var t = document.getElementById('sg-date-to'); t.value = '2025-09-30';"
            "t.dispatchEvent(new Event('change'));")
    browser.find_element("id", "sg-undated").click()  # and only dated ones
    dated = shown_ids(page, "sgEdges")
    assert dated and all("2025-09" in edges[e]["date"] for e in dated)
    assert any(edges[e]["amount_text"] == "up to $100B" for e in dated)
    share, boxes, hit = label_overlap(page)
    assert share <= 0.05 and all(b["drawn"] for b in boxes)
    screenshot(page, tmp_path, "stargate-network-money-2025-09.png")
    # the language switch: the same map in Chinese
    Select = pytest.importorskip("selenium.webdriver.support.ui").Select
    Select(browser.find_element("id", "sg-lang")).select_by_value("zh")
    assert page.js("return sgNodes.get(arguments[0]).label", E + "nvidia") == "英伟达"
    assert "最高1000亿美元" in page.js("return sgEdges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return e.label; })")
    assert browser.find_element("id", "sg-money-only-label").text == "只看资金"
    assert page.js("return document.documentElement.lang") == "zh"
    assert page.errors == [] and page.js("return window.__sgBlocked") == []


@pytest.mark.browser
def test_browser_hover_shows_relation_and_source(browser, kg, tmp_path):
    out = tmp_path / "nvidia.html"
    render_html(kg, out, focus="Nvidia", families=["funding"])
    page = Page(browser, out)
    assert page.errors == []
    page.assert_offline()
    text = page.hover_node(E + "nvidia")
    assert "Nvidia" in text and "Company" in text
    # hovering the edge: relation, amount, date, article and quote (article 004)
    edge = page.js("return sgEdges.get().filter(function (e) { return e.label.indexOf('$100B') >= 0; })[0].id")
    text = page.hover_edge(edge)
    for expected in ("Nvidia → invests in → OpenAI", "up to $100B", "2025-09-23", "a004", "将向OpenAI投资最高1000亿美元"):
        assert expected in text
    # the details of Nvidia's investment in OpenAI, with its amount, date and quote (article 004)
    page.js("sgFind('Nvidia')")
    items = [i for i in browser.find_elements("css selector", "#sg-details .edge-item") if "OpenAI" in i.text]
    assert items
    [i for i in items if "$100B" in i.text][0].click()
    details = browser.find_element("id", "sg-details").text
    for expected in ("invests in", "up to $100B", "2025-09-23", "a004", "将向OpenAI投资最高1000亿美元"):
        assert expected in details


@pytest.mark.browser
def test_browser_chinese_focus(browser, kg, tmp_path):
    from stargate_kg.lookup import entity_index

    out = tmp_path / "softbank-zh.html"
    data = page_data_of(render_html(kg, out, focus="软银", depth=2, lang="zh"))
    page = Page(browser, out)  # waits until the layout is settled and drawn
    assert page.errors == []
    page.assert_offline()
    assert page.js("return document.documentElement.lang") == "zh"
    assert page.js("return sgNodes.get(arguments[0]).label", E + "softbank") == "软银"
    assert page.drawn_pixels() > 5_000
    shown = shown_ids(page)
    assert shown == {n["id"] for n in data["nodes"] if n["shown"]} and len(shown) <= 60
    # no English label where a Chinese one exists
    index = entity_index(kg)
    for iri in shown:
        zh = index[iri].labels.get("zh") if iri in index else None
        if zh:
            assert "".join(page.js("return sgNodes.get(arguments[0]).label", iri).split()) == "".join(zh.split())
    # the focus is in the centre of the view
    x, y, w, h = page.js(
        "var p = sgNetwork.canvasToDOM(sgNetwork.getPositions([arguments[0]])[arguments[0]]);"
        "var c = document.getElementById('sg-network'); return [p.x, p.y, c.clientWidth, c.clientHeight];",
        E + "softbank",
    )
    assert abs(x - w / 2) < w * 0.05 and abs(y - h / 2) < h * 0.05
    share, boxes, hit = label_overlap(page)
    assert share <= 0.05, f"{len(hit)} of {len(boxes)} labels overlap: {sorted(hit)}"
    # edge labels: money in Chinese amounts; relation names only once zoomed in enough to read them
    scale = page.js("return sgNetwork.getScale()")
    drawn = page.js("return sgEdges.get({filter: function (e) { return !e.hidden; }}).filter(function (e) {"
                    " return sgNetwork.body.edges[e.id].labelModule.visible(); }).map(function (e) {"
                    " return [e.label, e.font.size]; })")
    assert drawn and all(size * scale >= 9 for _, size in drawn)
    assert any("亿美元" in label for label, _ in drawn)
    screenshot(page, tmp_path, "stargate-network-softbank-zh.png")
    assert page.js("return sgFind('孙正义')") == E + "masayoshi-son"
    assert "Masayoshi Son" in browser.find_element("id", "sg-details").text
    # the same map in English: the layout left room for the longer English names too
    page.js("document.getElementById('sg-reset').click(); sgSetLang('en'); sgNetwork.redraw();")  # all in view
    time.sleep(0.3)
    assert page.js("return sgNodes.get(arguments[0]).label", E + "softbank") == "SoftBank Group"
    share, boxes, hit = label_overlap(page)
    assert share <= 0.05, f"in English, {len(hit)} of {len(boxes)} labels overlap: {sorted(hit)}"


@pytest.mark.browser
def test_browser_hostile_labels_do_not_run(browser, hostile_kg, tmp_path):
    out = tmp_path / "hostile.html"
    render_html(hostile_kg, out)
    page = Page(browser, out)
    assert page.errors == []
    assert page.js("return sgNodes.length") == 3
    page.assert_offline()
    pwned = "return window.__sgPwned === undefined ? null : String(window.__sgPwned)"
    assert page.js(pwned) is None
    # hover: the tooltip shows the label as text
    text = page.hover_node(E + "evil")
    assert HOSTILE_LABEL in text and HOSTILE_ZH in text
    page.hover_node(E + "linker")
    # click through to the investment and its quote
    assert page.js("return sgFind('Evil Corp')") == E + "evil"
    details = page.js("return document.getElementById('sg-details').textContent")
    assert HOSTILE_LABEL in details and HREF_LABEL in details
    (item,) = [i for i in browser.find_elements("css selector", "#sg-details .edge-item") if "Victim" in i.text]
    item.click()
    details = page.js("return document.getElementById('sg-details').textContent")
    assert HOSTILE_QUOTE in details and HOSTILE_FILE in details
    time.sleep(0.5)  # give any injected onerror/onload a chance to fire
    assert page.js(pwned) is None
    assert page.js("return document.querySelectorAll('img, svg, iframe, a, object, embed').length") == 0
    assert page.js("return document.scripts.length") == 3
    assert page.requests.count(page.url) == 1  # no injected <img src=x> fetched a file beside the page
    screenshot(page, tmp_path, "stargate-network-hostile.png")
