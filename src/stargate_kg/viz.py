"""The partner network as one interactive, offline HTML page.

:func:`render_html` draws the networkx projection
(:func:`stargate_kg.network.to_networkx`) with pyvis and writes a single
self-contained file: vis-network's script and style are embedded, the page
asks nothing of the network (a Content-Security-Policy forbids it too), and
labels and quotes travel as escaped JSON that the page's own script writes
with ``textContent``, so a label containing HTML is shown, never run.
pyvis builds the vis-network nodes and edges and supplies vis-network
itself; the page is our own template (``templates/network.html``), because
pyvis's loads Bootstrap from a CDN even "in line" and switches its tooltips to
``innerHTML`` when a title contains "href". Node and edge titles are never set.

Nodes are coloured by entity type and sized by degree centrality; edges are
coloured by relation family, labelled by relation, point from subject to
object and, for money, grow wider with the amount. Hovering shows the type,
relation, amount, date and each source article with its quote; a search box
finds an entity by any of its names.

>>> from stargate_kg import load
>>> html = render_html(load(), focus="软银", lang="zh")
>>> "<script src=" in html or "<link" in html
False
>>> "软银" in html
True
"""

import json
import math
from collections import Counter
from pathlib import Path

from stargate_kg.exceptions import InvalidChoice, NothingToDraw

TEMPLATE = Path(__file__).resolve().parent / "templates" / "network.html"

#: Entity type -> node colour. Organisations are blues, people orange, places
#: greens, projects purple, products red, events grey.
TYPE_COLORS = {
    "Company": "#1f77b4",
    "JointVenture": "#0b3d91",
    "InvestmentFund": "#17becf",
    "GovernmentBody": "#6baed6",
    "MediaOutlet": "#9ecae1",
    "Organization": "#4a90c2",
    "Person": "#ff7f0e",
    "Country": "#2ca02c",
    "State": "#58b85c",
    "County": "#8fd18a",
    "City": "#b5e3a8",
    "Region": "#7fbf7b",
    "DataCenterSite": "#8c564b",
    "Place": "#98df8a",
    "Project": "#9467bd",
    "Hardware": "#d62728",
    "AIModel": "#e377c2",
    "Software": "#f29bb0",
    "Product": "#ff9896",
    "Event": "#7f7f7f",
}
OTHER_TYPE_COLOR = "#bcbd22"

#: Relation family (the projection's ``family``: the first of an edge's
#: families in :data:`stargate_kg.network.FAMILIES` order) -> edge colour and
#: legend names in English and Chinese.
FAMILY_STYLE = {
    "funding": ("#2e7d32", "Funding", "出资"),
    "moneyflow": ("#e6a700", "Money flow (purchases)", "资金往来（采购）"),
    "partnership": ("#1565c0", "Partnership", "合作"),
    "roles": ("#ef6c00", "Roles", "职务"),
    "location": ("#78909c", "Location", "位置"),
    "site": ("#6a1b9a", "Sites and projects", "园区与项目"),
    "attribute": ("#8d6e63", "Attributes", "属性"),
    "claim": ("#c62828", "Claims", "观点与质疑"),
    "other": ("#9e9e9e", "Other", "其他"),
}

#: Node labels longer than this (in display columns) are shortened with '…';
#: the full name shows on hover.
LABEL_WIDTH = 30

#: Rough US-dollar rates, only to size money edges drawn in other currencies.
USD_RATES = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14, "JPY": 0.0067}

TEXT = {
    "en": {
        "title": "Stargate partner network",
        "counts": "{nodes} entities, {edges} relations",
        "counts_focus": "{nodes} entities, {edges} relations within {depth} step(s) of {focus}",
        "search": "Find:",
        "search_placeholder": "name, e.g. SoftBank or 软银",
        "find": "Find",
        "reset": "Reset",
        "not_found": "no entity of that name on this map",
        "details": "Details",
        "hint": "Hover over an entity or a relation for its details; click to keep them here.",
        "legend_types": "Entity types",
        "legend_relations": "Relations",
        "legend_note": "Node size: centrality (degree). Arrows point from subject to object; "
        "money goes payer \u2192 payee, and wider money edges carry larger amounts.",
        "relations_of": "Relations",
        "relation": "Relation",
        "family": "Family",
        "amount": "Amount",
        "money_kind": "Money kind",
        "date": "Date",
        "status": "Status",
        "rank": "Rank",
        "source": "Source",
        "type": "Type",
        "connections": "Linked entities",
        "on_map": "{shown} on this map, {all} in all",
        "centrality": "Degree centrality",
        "stabilizing": "Arranging the layout\u2026",
    },
    "zh": {
        "title": "星际之门合作网络",
        "counts": "{nodes} 个实体，{edges} 条关系",
        "counts_focus": "{focus} 周围 {depth} 步内：{nodes} 个实体，{edges} 条关系",
        "search": "查找：",
        "search_placeholder": "名称，如 软银 或 SoftBank",
        "find": "查找",
        "reset": "重置",
        "not_found": "图中没有这个名称的实体",
        "details": "详情",
        "hint": "将鼠标移到实体或关系上查看详情；点击后详情保留在此处。",
        "legend_types": "实体类型",
        "legend_relations": "关系",
        "legend_note": "节点大小：中心性（度）。箭头从主体指向客体；资金由付款方指向收款方，金额越大线越粗。",
        "relations_of": "关系",
        "relation": "关系",
        "family": "类别",
        "amount": "金额",
        "money_kind": "资金类型",
        "date": "日期",
        "status": "状态",
        "rank": "等级",
        "source": "来源",
        "type": "类型",
        "connections": "相连实体",
        "on_map": "本图 {shown} 个，共 {all} 个",
        "centrality": "度中心性",
        "stabilizing": "正在布局\u2026",
    },
}


def safe_json(obj):
    """JSON that can sit inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&``.

    >>> safe_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def vis_assets():
    """vis-network's script and style as shipped inside pyvis, for embedding.

    >>> js, css = vis_assets()
    >>> "vis-network" in js and ".vis-network" in css
    True
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    for name, text in (("vis-network.min.js", js), ("vis-network.css", css)):
        if "</script" in text.lower() or "</style" in text.lower() or "<!--" in text:
            raise RuntimeError(f"{name} cannot be embedded inline safely")  # pragma: no cover
    return js, css


def _usd(amount, currency):
    try:
        return float(amount) * USD_RATES.get(currency or "USD", 1.0)
    except (TypeError, ValueError):
        return None


def money_width(amount, currency):
    """Edge width for a money amount: 2 for $100M or less, +2 per tenfold, at most 12.

    >>> money_width(100_000_000_000, "USD")
    8.0
    >>> money_width(None, None)
    2.0
    """
    usd = _usd(amount, currency) if amount is not None else None
    if not usd or usd <= 1e8:
        return 2.0
    return round(min(12.0, 2.0 + 2.0 * math.log10(usd / 1e8)), 1)


def parallel_curve(k, forward):
    """vis-network ``smooth`` for the k-th of several edges joining one pair of entities.

    Edges fan out to alternate sides, a little further each time; ``forward``
    says whether the edge runs in the pair's canonical (sorted) direction, so
    edges in opposite directions fan out together instead of overlapping.

    >>> parallel_curve(0, True), parallel_curve(1, False)
    ({'enabled': True, 'type': 'curvedCW', 'roundness': 0.12}, {'enabled': True, 'type': 'curvedCW', 'roundness': 0.12})
    >>> parallel_curve(20, True)["roundness"]
    0.8
    """
    same_side = (k % 2 == 0) == forward
    return {"enabled": True, "type": "curvedCW" if same_side else "curvedCCW", "roundness": round(min(0.8, 0.12 + 0.1 * (k // 2)), 2)}


def _sources(value):
    """An edge's sources as {article, file, quote} dicts of strings, without repeats."""
    out = []
    for src in value or []:
        rec = {k: "" if src.get(k) is None else str(src[k]) for k in ("article", "file", "quote")}
        if rec not in out:
            out.append(rec)
    return out


def _labels(kg, query):
    """{iri: {lang: label}} for a trusted query binding ?x and ?l."""
    out = {}
    for r in kg.select(query):
        lang = getattr(r["l"], "language", None) or "en"
        out.setdefault(str(r["x"]), {}).setdefault(lang, str(r["l"]))
    return out


def _vocabulary(kg):
    """Labels of entity types and relations in English and Chinese (cached)."""
    from stargate_kg.namespace import local_name

    def build():
        types = _labels(kg, "SELECT ?x ?l WHERE { ?x rdfs:subClassOf* sg:Entity ; rdfs:label ?l }")
        rels = _labels(kg, "SELECT ?x ?l WHERE { ?x a sg:Relation ; rdfs:label ?l }")
        return (
            {local_name(k): v for k, v in types.items()},
            {local_name(k): v for k, v in rels.items()},
        )

    return kg.cached("viz_vocabulary", build)


def select_view(g, focus=None, depth=1, min_degree=0):
    """The part of the projection ``g`` to draw.

    ``focus`` (a node of ``g``) keeps the entities within ``depth`` steps of it,
    edges followed in either direction; ``min_degree`` then drops entities
    linked to fewer than that many other entities in ``g`` (never the focus);
    an entity kept may then show fewer links on the map than it has in ``g``.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    >>> sorted(select_view(g, focus="b", depth=1))
    ['a', 'b', 'c']
    >>> sorted(select_view(g, min_degree=2))
    ['b', 'c']
    """
    import networkx as nx

    from stargate_kg.network import connectivity

    view, linked = g, connectivity(g)
    if focus is not None:
        view = g.subgraph(nx.single_source_shortest_path_length(linked, focus, cutoff=depth))
    if min_degree and min_degree > 0:
        view = view.subgraph([n for n in view if linked.degree(n) >= min_degree or n == focus])
    return view


def page_data(kg, view, lang="en", focus=None, depth=1, whole=None):
    """Everything the page shows, as plain data: nodes, edges, legend, vis options, texts.

    ``view`` is the part of the projection ``whole`` to draw (default: all of
    it). Node sizes follow degree centrality in ``whole``, so an entity is as
    big on a neighbourhood map as on the full one.
    """
    from pyvis.network import Network

    from stargate_kg.formatting import money, shorten
    from stargate_kg.lookup import entity_index
    from stargate_kg.namespace import local_name
    from stargate_kg.network import connectivity, scores

    text = dict(TEXT[lang])
    type_labels, rel_labels = _vocabulary(kg)
    index = entity_index(kg)
    linked = connectivity(view)
    linked_all = connectivity(whole if whole is not None else view)
    centrality = scores(linked_all, "degree") if len(linked_all) > 1 else dict.fromkeys(linked_all, 0.0)
    top = max((centrality[n] for n in view), default=0.0) or 1.0

    net = Network(directed=True)
    nodes, type_counts = [], Counter()
    for n, attrs in sorted(view.nodes(data=True), key=lambda x: str(x[0])):
        iri = str(attrs.get("iri", n))
        en = attrs.get("label") or local_name(iri)
        zh = attrs.get("label_zh")
        name, other = (zh or en, en) if lang == "zh" else (en, zh)
        etype = attrs.get("type") or "Entity"
        type_counts[etype] += 1
        c = centrality.get(n, 0.0)
        share = math.sqrt(c / top)
        color = TYPE_COLORS.get(etype, OTHER_TYPE_COLOR)
        is_focus = focus is not None and n == focus
        net.add_node(
            str(n),
            label=shorten(name, LABEL_WIDTH),
            shape="dot",
            size=round(10 + 30 * share, 1),
            color={"background": color, "border": "#222" if is_focus else "#555",
                   "highlight": {"background": color, "border": "#000"},
                   "hover": {"background": color, "border": "#000"}},
            borderWidth=4 if is_focus else 1,
            font={"size": round(16 + 22 * share), "strokeWidth": 5, "strokeColor": "#ffffff", "color": "#222"},
        )
        ent = index.get(iri)
        nodes.append({
            "id": str(n),
            "iri": iri,
            "name": name,
            "other_name": other or "",
            "aliases": list(ent.aliases) if ent else [],
            "search_names": list(ent.search_names) if ent else [],  # found by the search box, never shown
            "type": etype,
            "type_label": type_labels.get(etype, {}).get(lang) or type_labels.get(etype, {}).get("en") or etype,
            "degree": linked.degree(n),
            "degree_all": linked_all.degree(n),
            "centrality": round(c, 4),
            "centrality_text": f"{c:.3f}",
        })

    edges, fam_counts = [], Counter()
    pair_seen = Counter()
    multi = view.is_multigraph()
    triples = view.edges(keys=True, data=True) if multi else ((u, v, None, d) for u, v, d in view.edges(data=True))
    ordered = sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[3].get("relation", "")), str(t[2])))
    for i, (u, v, _key, d) in enumerate(ordered):
        rel = local_name(str(d.get("relation", "")))
        rel_label = rel_labels.get(rel, {}).get(lang) or d.get("relation_label") or rel
        fam = d.get("family") if d.get("family") in FAMILY_STYLE else "other"
        fam_counts[fam] += 1
        amount, currency = d.get("amount"), d.get("currency")
        amount_text = money(amount, currency, d.get("bound")) if amount is not None else ""
        color, fam_en, fam_zh = FAMILY_STYLE[fam]
        pair = tuple(sorted((str(u), str(v))))
        k = pair_seen[pair]
        pair_seen[pair] += 1
        eid = f"e{i}"
        opts = {
            "id": eid,
            "label": rel_label + (f" {amount_text}" if amount_text else ""),
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "width": money_width(amount, currency) if amount is not None else 1.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 10, "color": "#444", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
        }
        if view.number_of_edges(u, v) + (view.number_of_edges(v, u) if u != v else 0) > 1:
            opts["smooth"] = parallel_curve(k, (str(u), str(v)) == pair)
        net.add_edge(str(u), str(v), **opts)
        edges.append({
            "id": eid,
            "from": str(u),
            "to": str(v),
            "relation": rel,
            "relation_label": rel_label,
            "family": fam,
            "family_label": fam_zh if lang == "zh" else fam_en,
            "amount_text": amount_text,
            "money_kind": str(d.get("kind") or ""),
            "date": str(d.get("date") or ""),
            "status": str(d.get("status") or ""),
            "rank": "" if d.get("rank") in (None, "normal") else str(d["rank"]),
            "sources": _sources(d.get("sources")),
        })

    vis_nodes, vis_edges, *_ = net.get_network_data()
    for rec, vis in zip(nodes, vis_nodes):
        rec["vis"] = vis
    for rec, vis in zip(edges, vis_edges):
        rec["vis"] = vis

    n_nodes = len(nodes)
    options = {
        "autoResize": True,
        "nodes": {"shape": "dot", "scaling": {"label": {"drawThreshold": 4}}},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "physics": {
            "enabled": n_nodes > 1,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -140, "centralGravity": 0.015,
                                 "springLength": 120, "springConstant": 0.05, "damping": 0.6, "avoidOverlap": 0.8},
            "maxVelocity": 60,
            "minVelocity": 1,
            "stabilization": {"enabled": True, "iterations": 600 if n_nodes > 150 else 400,
                              "updateInterval": 50, "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
    }
    focus_name = next((r["name"] for r in nodes if r["id"] == str(focus)), None) if focus is not None else None
    if focus_name:
        text["counts"] = text["counts_focus"].format(nodes=n_nodes, edges=len(edges), depth=depth, focus=focus_name)
        text["title"] = f"{text['title']}: {focus_name}"
    else:
        text["counts"] = text["counts"].format(nodes=n_nodes, edges=len(edges))
    legend = {
        "types": [
            {"type": t, "label": type_labels.get(t, {}).get(lang) or t, "color": TYPE_COLORS.get(t, OTHER_TYPE_COLOR),
             "count": type_counts[t]}
            for t in sorted(type_counts, key=lambda t: (list(TYPE_COLORS).index(t) if t in TYPE_COLORS else 99, t))
        ],
        "families": [
            {"family": f, "label": FAMILY_STYLE[f][2 if lang == "zh" else 1], "color": FAMILY_STYLE[f][0],
             "count": fam_counts[f]}
            for f in FAMILY_STYLE
            if fam_counts[f]
        ],
    }
    return {"nodes": nodes, "edges": edges, "legend": legend, "options": options, "text": text,
            "focus": str(focus) if focus is not None else None, "lang": lang}


def html_page(data):
    """The HTML page for ``page_data(...)``: the template with vis-network and the data inline."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from stargate_kg import __version__

    env = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), autoescape=True)
    js, css = vis_assets()
    return env.get_template(TEMPLATE.name).render(
        lang=data["lang"],
        title=data["text"]["title"],
        version=__version__,
        vis_js=Markup(js),
        vis_css=Markup(css),
        data_json=Markup(safe_json(data)),
    )


def render_html(kg, out_path=None, focus=None, depth=1, families=None, types=None, lang="en", min_degree=0):
    """Draw the partner network as one offline HTML page; write it to ``out_path`` when given.

    ``focus`` (a name, resolved like everywhere else) limits the map to the
    entities within ``depth`` steps; ``families`` and ``types`` choose the
    relation families and entity types (as :func:`stargate_kg.network.to_networkx`
    takes them); ``lang`` ('en' or 'zh') picks the labels; ``min_degree`` hides
    entities linked to fewer other entities. Returns the HTML text.

    Raises NothingToDraw when no relation is left to draw, UnknownEntity or
    AmbiguousEntity for a bad ``focus``, InvalidChoice for an unknown family,
    type or language.
    """
    from stargate_kg.lookup import resolve
    from stargate_kg.network import to_networkx

    if lang not in TEXT:
        raise InvalidChoice("language", lang, sorted(TEXT))
    if not isinstance(depth, int) or depth < 1:
        raise InvalidChoice("depth", depth, ["a whole number of steps, 1 or more"])
    g = to_networkx(kg, families=families, types=types)
    node = None
    if focus is not None:
        ent = resolve(kg, focus)
        node = ent.iri
        if node not in g:
            raise NothingToDraw(
                f"{ent.label} is not on the map with the chosen relations and types; "
                "drop --relations/--types or pick another entity."
            )
    view = select_view(g, node, depth, min_degree)
    if view.number_of_edges() == 0:
        who = f"{ent.label} has" if focus is not None else "the chosen entities have"
        raise NothingToDraw(
            f"nothing to draw: {who} no relations with the chosen relations and types; "
            "lower --min-degree or widen --relations/--types."
        )
    html = html_page(page_data(kg, view, lang=lang, focus=node, depth=depth, whole=g))
    if out_path is not None:
        Path(out_path).write_text(html, encoding="utf-8")
    return html

