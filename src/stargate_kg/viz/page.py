"""The page: what it carries (nodes, edges, legend, texts in both languages) and how it is written.

:func:`page_data` turns a view of the networkx projection into plain data:
pyvis builds each vis-network node and edge, this module adds what the page
needs to explain and filter them. :func:`html_page` puts that data, escaped,
into ``templates/network.html`` with vis-network inline.
"""

import json
import math
from collections import Counter
from pathlib import Path

from stargate_kg.viz.money import amount_text, money_width
from stargate_kg.viz.selection import DEFAULT_FAMILIES, DEFAULT_TYPES, is_money

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "network.html"
LANGS = ("en", "zh")

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
    "Project": "#9467bd",
    "DataCenterSite": "#8c564b",
    "JointPledge": "#2e7d32",
    "Country": "#2ca02c",
    "State": "#58b85c",
    "County": "#8fd18a",
    "City": "#b5e3a8",
    "Region": "#7fbf7b",
    "Place": "#98df8a",
    "Hardware": "#d62728",
    "AIModel": "#e377c2",
    "Software": "#f29bb0",
    "Product": "#ff9896",
    "Event": "#7f7f7f",
    "Publication": "#c7c7c7",
}
OTHER_TYPE_COLOR = "#bcbd22"
#: The joint-pledge node is the page's own, not a class of the graph.
JOINT_TYPE = "JointPledge"
JOINT_TYPE_LABELS = {"en": "Joint pledge (total drawn once)", "zh": "联合承诺（总额只画一次）"}

#: Relation family (the projection's ``family``: the first of an edge's
#: families in :data:`stargate_kg.network.FAMILIES` order) -> edge colour and
#: legend names in English and Chinese.
FAMILY_STYLE = {
    "funding": ("#2e7d32", "Funding", "出资"),
    "moneyflow": ("#e6a700", "Money flow (purchases)", "资金往来（采购）"),
    "partnership": ("#1565c0", "Partnership", "合作"),
    "roles": ("#ef6c00", "Roles", "职务"),
    "site": ("#6a1b9a", "Sites and projects", "园区与项目"),
    "location": ("#78909c", "Location", "位置"),
    "attribute": ("#8d6e63", "Attributes", "属性"),
    "claim": ("#c62828", "Claims and doubts", "观点与质疑"),
    "other": ("#9e9e9e", "Other (announcements, products, events)", "其他（宣布、产品、事件）"),
}

#: A label is cut to this many display columns (the full name shows on hover)
#: and wrapped onto lines of at most LINE_WIDTH columns.
LABEL_WIDTH = 40
LINE_WIDTH = 18

TEXT = {
    "en": {
        "title": "Stargate partner network",
        "counts": "{nodes} entities, {edges} relations",
        "counts_focus": "{nodes} entities, {edges} relations within {depth} step(s) of {focus}",
        "shown": "{nodes} entities and {edges} relations shown (of {all_nodes} and {all_edges} in this page)",
        "search": "Find:",
        "search_placeholder": "name, e.g. SoftBank or 软银",
        "find": "Find",
        "reset": "Reset",
        "png": "Download PNG",
        "png_name": "stargate-network.png",
        "not_found": "no entity of that name on this map",
        "hidden_found": "{name} is hidden by the filters",
        "details": "Details",
        "hint": "Hover over an entity or a relation for its details; click to keep them here.",
        "filters": "Filters",
        "money_only": "Money only",
        "partner_only": "Partner network only (the default rule)",
        "inferred": "Editor's inferences (dashed)",
        "date_from": "From",
        "date_to": "to",
        "undated": "relations without a date",
        "language": "Language",
        "legend_types": "Entity types",
        "legend_relations": "Relations",
        "legend_note": "Tick or untick an entry to show or hide what it names. Node size: centrality (degree). "
        "Arrows point from subject to object; money goes payer \u2192 payee, and only money edges grow wider "
        "with the amount. A joint pledge is one node: its total is drawn once, not once per party.",
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
        "inferred_note": "An editor's reading, not a sentence of an article",
        "joint": "Joint pledge",
        "joint_label": "joint pledge",
        "party_to": "party to",
        "parties": "Parties",
        "connections": "Linked entities",
        "on_map": "{shown} on this map, {all} in all",
        "centrality": "Degree centrality",
        "stabilizing": "Arranging the layout\u2026",
    },
    "zh": {
        "title": "星际之门合作网络",
        "counts": "{nodes} 个实体，{edges} 条关系",
        "counts_focus": "{focus} 周围 {depth} 步内：{nodes} 个实体，{edges} 条关系",
        "shown": "显示 {nodes} 个实体、{edges} 条关系（本页共 {all_nodes} 个实体、{all_edges} 条关系）",
        "search": "查找：",
        "search_placeholder": "名称，如 软银 或 SoftBank",
        "find": "查找",
        "reset": "重置",
        "png": "下载 PNG",
        "png_name": "stargate-network.png",
        "not_found": "图中没有这个名称的实体",
        "hidden_found": "{name} 已被筛选隐藏",
        "details": "详情",
        "hint": "将鼠标移到实体或关系上查看详情；点击后详情保留在此处。",
        "filters": "筛选",
        "money_only": "只看资金",
        "partner_only": "只看合作网络（默认规则）",
        "inferred": "编者推断（虚线）",
        "date_from": "从",
        "date_to": "到",
        "undated": "无日期的关系",
        "language": "语言",
        "legend_types": "实体类型",
        "legend_relations": "关系",
        "legend_note": "勾选或取消勾选以显示或隐藏对应内容。节点大小：中心性（度）。箭头从主体指向客体；"
        "资金由付款方指向收款方，只有资金关系的线随金额变粗。联合承诺是一个节点：总额只画一次，不按每一方重复计算。",
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
        "inferred_note": "编者的推断，并非文章原句",
        "joint": "联合承诺",
        "joint_label": "联合承诺",
        "party_to": "参与",
        "parties": "各方",
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


def wrap_label(text, width=LINE_WIDTH, limit=LABEL_WIDTH):
    """A node label cut to ``limit`` display columns and broken into at most two balanced lines.

    Latin text breaks at spaces, Chinese between characters; a label of
    ``width`` columns or fewer stays on one line.

    >>> wrap_label("Stargate site, Shackelford County, Texas")
    'Stargate site,\\nShackelford County, Texas'
    >>> wrap_label("沙克尔福德县数据中心"), wrap_label("OpenAI")
    ('沙克尔福德\\n县数据中心', 'OpenAI')
    """
    from stargate_kg.answers.formatting import shorten, width as cols

    text = shorten(text, limit)
    total = cols(text)
    if total <= width:
        return text
    target = total / 2
    # candidate breaks: after a space, or between two characters that are not both Latin letters/digits
    best, best_cost = None, None
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a == " ":
            cut = (text[:i].rstrip(), text[i:])
        elif b != " " and not (a.isascii() and b.isascii()):
            cut = (text[:i], text[i:])
        else:
            continue
        cost = abs(cols(cut[0]) - target) + (0 if a == " " else 1)
        if best_cost is None or cost < best_cost:
            best, best_cost = cut, cost
    if best is None:
        return text
    return "\n".join(part.strip() for part in best)


def date_range(date):
    """The first and last day a date of any precision covers, as ISO strings (None, None without a date).

    >>> date_range("2025-01"), date_range("2026"), date_range("2025-09-23")
    (('2025-01-01', '2025-01-31'), ('2026-01-01', '2026-12-31'), ('2025-09-23', '2025-09-23'))
    """
    if not date:
        return None, None
    d = str(date)[:10]
    parts = d.split("-")
    if len(parts) == 1 and d.isdigit():
        return f"{d}-01-01", f"{d}-12-31"
    if len(parts) == 2:
        return f"{d}-01", f"{d}-31"  # compared as text: "-31" is after every day of the month
    return d, d


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


def vocabulary(kg):
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


def inferred_statements(kg):
    """IRIs of statements marked ``sg:inferred true`` (an editor's reading, not an article's sentence)."""

    def build():
        rows = kg.select("SELECT ?st ?v WHERE { ?st sg:inferred ?v }")
        return {str(r["st"]) for r in rows if str(r["v"]).lower() in ("true", "1")}

    return kg.cached("viz_inferred", build)


def _both(labels, fallback):
    """{"en": ..., "zh": ...}: a label in each language, English standing in for a missing Chinese one."""
    en = labels.get("en") or fallback
    return {"en": en, "zh": labels.get("zh") or en}


def shown(nodes, edges, legend, filters, focus=None):
    """What the page shows for a state of its filters: (node ids, indices of ``edges``).

    The page's script applies the same rule (``applyFilters`` in
    ``templates/network.html``); a browser test checks that they agree. An edge
    is shown when its family and both ends' types are ticked, it passes the
    money-only, date and inferred filters, and it is in the default view, or
    the whole graph is asked for, or it involves something outside the
    default view that the user ticked (a claim, a media outlet, an inference).
    A node is shown when its type is ticked and one of its edges is shown (the
    focus always is).
    """
    type_on = {t["type"]: t["on"] for t in legend["types"]}
    type_default = {t["type"]: t["default"] for t in legend["types"]}
    fam_on = {f["family"]: f["on"] for f in legend["families"]}
    fam_default = {f["family"]: f["default"] for f in legend["families"]}
    ntype = {n["id"]: n["type"] for n in nodes}
    lo, hi = filters.get("date_from") or "", filters.get("date_to") or ""
    out_edges = set()
    for i, e in enumerate(edges):
        ends = (ntype[e["from"]], ntype[e["to"]])
        if not fam_on.get(e["family"]) or not all(type_on.get(t) for t in ends):
            continue
        if (e["inferred"] and not filters.get("inferred")) or (filters.get("money_only") and not e["money"]):
            continue
        if e["date_from"] is None:
            if not filters.get("undated", True) and (lo or hi):
                continue
        elif (lo and e["date_to"] < lo) or (hi and e["date_from"] > hi):
            continue
        extra = not fam_default.get(e["family"]) or not all(type_default.get(t) for t in ends) or e["inferred"]
        if e["core"] or filters.get("scope_all") or extra:
            out_edges.add(i)
    out_nodes = {n for i in out_edges for n in (edges[i]["from"], edges[i]["to"])}
    if focus is not None and type_on.get(ntype.get(focus)):
        out_nodes.add(focus)
    return out_nodes, out_edges


def page_data(kg, view, lang="en", focus=None, depth=1, whole=None, core=None, joints=(), include=(),
              scope_all=False, money_only=False, date_from=None, date_to=None, include_inferred=False):
    """Everything the page shows, as plain data: nodes, edges, legend, vis options, texts in both languages.

    ``view`` is the part of the projection ``whole`` the page carries (default:
    all of it); ``core`` = (nodes, edge keys) shown at first (default: all of
    ``view``); ``joints`` the joint pledges (:class:`~stargate_kg.viz.money.JointPledge`)
    to draw as one node each. Node sizes follow degree centrality in ``whole``,
    so an entity is as big on a neighbourhood map as on the full one.
    ``include`` names families and types ticked in the legend besides the
    default ones; the other flags set the page's filters at opening.
    """
    from pyvis.network import Network

    from stargate_kg.lookup import entity_index
    from stargate_kg.namespace import local_name
    from stargate_kg.network import connectivity, scores
    from stargate_kg.viz.layout import positions

    type_labels, rel_labels = vocabulary(kg)
    inferred = inferred_statements(kg)
    index = entity_index(kg)
    linked = connectivity(view)
    linked_all = connectivity(whole if whole is not None else view)
    centrality = scores(linked_all, "degree") if len(linked_all) > 1 else dict.fromkeys(linked_all, 0.0)
    top = max((centrality.get(n, 0.0) for n in view), default=0.0) or 1.0
    if core is None:
        core = (set(view), {(u, v, k) for u, v, k in view.edges(keys=True)})
    core_nodes, core_edges = core

    # ---------------------------------------------------------------- nodes
    nodes = []
    for n, attrs in sorted(view.nodes(data=True), key=lambda x: str(x[0])):
        iri = str(attrs.get("iri", n))
        ent = index.get(iri)
        names = _both({"en": attrs.get("label"), "zh": attrs.get("label_zh")}, local_name(iri))
        etype = attrs.get("type") or "Entity"
        c = centrality.get(n, 0.0)
        share = math.sqrt(c / top)
        nodes.append({
            "id": str(n),
            "iri": iri,
            "names": names,
            "name": names[lang],
            "other_name": (names["en"] if lang == "zh" else attrs.get("label_zh")) or "",
            "labels": {lg: wrap_label(names[lg]) for lg in LANGS},
            "aliases": list(ent.aliases) if ent else [],
            # found by the search box, never shown (with the names typed in traditional characters, see lookup)
            "search_names": list(ent.search_names) + ent.other_spellings() if ent else [],
            "type": etype,
            "type_labels": _both(type_labels.get(etype, {}), etype),
            "degree": linked.degree(n),
            "degree_all": linked_all.degree(n),
            "centrality": round(c, 4),
            "centrality_text": f"{c:.3f}",
            "core": n in core_nodes,
            "size": round(9 + 21 * share, 1),
            "font": round(15 + 9 * share),
        })

    # ---------------------------------------------------------------- edges (statements)
    joint_statements = {st for j in joints for st in j.statements}
    records = []
    multi = view.is_multigraph()
    triples = view.edges(keys=True, data=True) if multi else ((u, v, None, d) for u, v, d in view.edges(data=True))
    for u, v, key, d in sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[3].get("relation", "")), str(t[2]))):
        if key in joint_statements:
            continue  # drawn through its joint-pledge node
        rel = local_name(str(d.get("relation", "")))
        fam = d.get("family") if d.get("family") in FAMILY_STYLE else "other"
        money = is_money(d)
        amount = d.get("amount")
        records.append({
            "from": str(u), "to": str(v), "relation": rel,
            "relation_labels": _both(rel_labels.get(rel, {}), d.get("relation_label") or rel),
            "family": fam, "money": money, "amount": amount, "currency": d.get("currency"), "bound": d.get("bound"),
            "money_kind": str(d.get("kind") or ""), "date": str(d.get("date") or ""),
            "status": str(d.get("status") or ""),
            "rank": "" if d.get("rank") in (None, "normal") else str(d["rank"]),
            "inferred": bool(d.get("inferred")) or str(key) in inferred,
            "sources": _sources(d.get("sources")), "statement": str(key or ""),
            "core": (u, v, key) in core_edges, "joint": None,
        })

    # ---------------------------------------------------------------- joint pledges: one node, the total once
    for i, j in enumerate(joints):
        parties = [p for p in j.parties if p in view]
        if j.recipient not in view or not parties:
            continue
        hub = f"joint:{i}"
        texts = {lg: amount_text(j.amount, j.currency, j.bound, lg) or TEXT[lg]["joint_label"] for lg in LANGS}
        to = view.nodes[j.recipient]
        to_names = _both({"en": to.get("label"), "zh": to.get("label_zh")}, local_name(j.recipient))
        is_core = j.recipient in core_nodes and any(p in core_nodes for p in parties)
        nodes.append({
            "id": hub, "iri": (j.statements or [""])[0],
            "names": {lg: f"{TEXT[lg]['joint']}: {texts[lg]} \u2192 {to_names[lg]}" for lg in LANGS},
            "labels": {lg: "" for lg in LANGS}, "aliases": [], "search_names": [],  # the diamond says it
            "type": JOINT_TYPE, "type_labels": dict(JOINT_TYPE_LABELS), "degree": len(parties) + 1,
            "degree_all": len(j.parties) + 1, "centrality": 0.0, "centrality_text": "", "core": is_core,
            "size": 11, "font": 12, "parties": parties,
        })
        nodes[-1]["name"], nodes[-1]["other_name"] = nodes[-1]["names"][lang], ""
        common = {"money_kind": str(j.kind or ""), "date": str(j.date or ""), "status": str(j.status or ""),
                  "rank": "", "inferred": False, "sources": list(j.sources), "statement": (j.statements or [""])[0],
                  "core": is_core, "joint": hub, "currency": j.currency, "bound": j.bound}
        for p in parties:
            records.append({**common, "from": p, "to": hub, "relation": "jointPledge",
                            "relation_labels": {lg: TEXT[lg]["party_to"] for lg in LANGS},
                            "family": "funding", "money": True, "amount": None})
        records.append({**common, "from": hub, "to": j.recipient, "relation": "jointPledge",
                        "relation_labels": {lg: TEXT[lg]["joint_label"] for lg in LANGS},
                        "family": "funding", "money": True, "amount": j.amount})

    by_id = {n["id"]: n for n in nodes}
    # ---------------------------------------------------------------- legend: what is ticked at opening
    included = set(include or ())
    type_counts = Counter(n["type"] for n in nodes)
    fam_counts = Counter(e["family"] for e in records)
    default_types = set(DEFAULT_TYPES) | {"Person", JOINT_TYPE}
    type_order = list(TYPE_COLORS)
    legend = {
        "types": [
            {"type": t, "labels": _both(type_labels.get(t, {}), t) if t != JOINT_TYPE else dict(JOINT_TYPE_LABELS),
             "color": TYPE_COLORS.get(t, OTHER_TYPE_COLOR), "count": type_counts[t],
             "on": scope_all or t in default_types or t in included, "default": t in default_types}
            for t in sorted(type_counts, key=lambda t: (type_order.index(t) if t in type_order else 99, t))
        ],
        "families": [
            {"family": f, "labels": {"en": FAMILY_STYLE[f][1], "zh": FAMILY_STYLE[f][2]}, "color": FAMILY_STYLE[f][0],
             "count": fam_counts[f], "on": scope_all or f in DEFAULT_FAMILIES or f in included,
             "default": f in DEFAULT_FAMILIES}
            for f in FAMILY_STYLE
            if fam_counts[f]
        ],
    }
    for group in legend.values():
        for entry in group:
            entry["label"] = entry["labels"][lang]
    filters = {"money_only": bool(money_only), "scope_all": bool(scope_all), "inferred": bool(include_inferred),
               "date_from": date_from or "", "date_to": date_to or "", "undated": True}
    for e in records:
        e["date_from"], e["date_to"] = date_range(e["date"])
    shown_nodes, shown_edges = shown(nodes, records, legend, filters, str(focus) if focus is not None else None)
    for n in nodes:
        n["shown"] = n["id"] in shown_nodes
    for i, e in enumerate(records):
        e["shown"] = i in shown_edges

    # ---------------------------------------------------------------- layout
    import networkx as nx

    # nodes and edges in a fixed order: the seeded layout then gives the same map in every run
    every = nx.Graph()
    every.add_nodes_from(sorted(by_id))
    every.add_edges_from(sorted((e["from"], e["to"]) for e in records if e["from"] != e["to"]))
    first = nx.Graph()
    first.add_nodes_from(sorted(shown_nodes))
    first.add_edges_from(sorted((e["from"], e["to"]) for e in records if e["shown"] and e["from"] != e["to"]))
    # room for the wider of the two labels, so the map stays clear when the page switches language
    from stargate_kg.viz.layout import text_width

    widest = {n: max((by_id[n]["labels"][lg] for lg in LANGS),
                     key=lambda t: (max(text_width(x, 1) for x in t.split("\n")), t == by_id[n]["labels"][lang]))
              for n in by_id}
    pos = positions(every, widest, {n: by_id[n]["font"] for n in by_id},
                    {n: by_id[n]["size"] for n in by_id}, first=first, focus=str(focus) if focus is not None else None,
                    edge_labels=[(e["from"], e["to"], amount_text(e["amount"], e["currency"], e["bound"], lang), 18)
                                 for e in records if e["shown"] and e["money"] and e["amount"] is not None])

    # ---------------------------------------------------------------- vis-network nodes and edges, through pyvis
    net = Network(directed=True)
    for n in nodes:
        color = TYPE_COLORS.get(n["type"], OTHER_TYPE_COLOR)
        is_focus = focus is not None and n["id"] == str(focus)
        x, y = pos[n["id"]]
        net.add_node(
            n["id"],
            label=n["labels"][lang],
            shape="diamond" if n["type"] == JOINT_TYPE else "dot",
            size=n["size"],
            x=x, y=y,
            color={"background": color, "border": "#222" if is_focus else "#555",
                   "highlight": {"background": color, "border": "#000"},
                   "hover": {"background": color, "border": "#000"}},
            borderWidth=4 if is_focus else 1,
            font={"size": n["font"], "strokeWidth": 4, "strokeColor": "#ffffff",
                  "color": "#2e7d32" if n["type"] == JOINT_TYPE else "#222"},
        )
    edges = []
    pair_seen = Counter()
    pair_total = Counter(tuple(sorted((e["from"], e["to"]))) for e in records)
    for i, e in enumerate(records):
        eid = f"e{i}"
        color = FAMILY_STYLE[e["family"]][0]
        e["amount_texts"] = {lg: amount_text(e["amount"], e["currency"], e["bound"], lg) for lg in LANGS}
        # a money edge is labelled with its amount (or, without one, its relation); others with the relation
        e["edge_labels"] = {
            lg: "" if e["joint"] and not e["amount"] else  # a party's edge into a joint pledge: the diamond says it
            (e["amount_texts"][lg] if e["money"] and e["amount_texts"][lg] else e["relation_labels"][lg])
            + (" ?" if e["inferred"] else "")
            for lg in LANGS
        }
        pair = tuple(sorted((e["from"], e["to"])))
        k = pair_seen[pair]
        pair_seen[pair] += 1
        money_amount = e["money"] and e["amount"] is not None
        opts = {
            "id": eid,
            "label": e["edge_labels"][lang],
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.9 if e["money"] else 0.7},
            "width": money_width(e["amount"], e["currency"]) if e["money"] else 1.2,
            "dashes": bool(e["inferred"]),
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 18 if money_amount else 12, "color": "#1b5e20" if e["money"] else "#555",
                     "strokeWidth": 5, "strokeColor": "#ffffff", "align": "horizontal"},
            # level of detail: amounts show at the opening zoom, relation names once zoomed in
            "scaling": {"label": {"drawThreshold": 9 if money_amount else 15, "maxVisible": 22}},
        }
        if pair_total[pair] > 1:
            opts["smooth"] = parallel_curve(k, (e["from"], e["to"]) == pair)
        net.add_edge(e["from"], e["to"], **opts)
        edges.append({
            "id": eid,
            **{k2: v for k2, v in e.items() if k2 not in ("amount", "currency", "bound")},
            "amount": e["amount"],
            "relation_label": e["relation_labels"][lang],
            "family_labels": {"en": FAMILY_STYLE[e["family"]][1], "zh": FAMILY_STYLE[e["family"]][2]},
            "family_label": FAMILY_STYLE[e["family"]][2 if lang == "zh" else 1],
            "amount_text": e["amount_texts"][lang],
        })

    vis_nodes, vis_edges, *_ = net.get_network_data()
    for rec, vis in zip(nodes, vis_nodes):
        rec["vis"] = {**vis, "label": rec["labels"][lang]}  # pyvis writes the id for an empty label
    for rec, vis in zip(edges, vis_edges):
        rec["vis"] = {**vis, "label": rec["edge_labels"][lang]}

    n_core = sum(1 for n in nodes if n["shown"])
    n_edges_core = sum(1 for e in edges if e["shown"])
    texts = {}
    focus_names = next((r["names"] for r in nodes if r["id"] == str(focus)), None) if focus is not None else None
    for lg in LANGS:
        t = dict(TEXT[lg])
        if focus_names:
            t["counts"] = t["counts_focus"].format(nodes=n_core, edges=n_edges_core, depth=depth, focus=focus_names[lg])
            t["title"] = f"{t['title']}: {focus_names[lg]}"
        else:
            t["counts"] = t["counts"].format(nodes=n_core, edges=n_edges_core)
        texts[lg] = t

    options = {
        "autoResize": True,
        "nodes": {"shape": "dot", "scaling": {"label": {"drawThreshold": 7, "maxVisible": 28}}},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.25},
                  "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        # positions come from the seeded layout (stargate_kg.viz.layout): nothing moves at load time
        "physics": {"enabled": False},
        "layout": {"randomSeed": 7, "improvedLayout": False},
    }
    return {"nodes": nodes, "edges": edges, "legend": legend, "options": options, "texts": texts,
            "text": texts[lang], "filters": filters, "focus": str(focus) if focus is not None else None,
            "depth": depth, "lang": lang}


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
