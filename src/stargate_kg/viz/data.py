"""The data the page carries: entities, facts, one drawn edge per pair and family, legend, texts.

:func:`page_data` turns a view of the networkx projection and the money
answer rows (:func:`stargate_kg.viz.facts.money_rows`) into plain data: the
facts behind the map (:mod:`stargate_kg.viz.facts`), the drawn edges (one per
pair and family, joint pledges through a diamond), the legend with its
statuses, the layout (:mod:`stargate_kg.viz.layout`), and vis-network's nodes
and edges built by pyvis.
"""

import math
from collections import Counter

from stargate_kg.viz.facts import (
    DEFAULT_STATUSES, REPORT_FAMILIES, STATUS_CLASSES, article_meta, group_facts, money_rows, row_family, status_class,
)
from stargate_kg.viz.money import amount_text, usd
from stargate_kg.viz.page import (
    FAMILY_STYLE, JOINT_TYPE, JOINT_TYPE_LABELS, LANGS, OTHER_TYPE_COLOR, TYPE_COLORS, _both, _sources, date_range,
    inferred_statements, vocabulary, wrap_label,
)
from stargate_kg.viz.selection import DEFAULT_FAMILIES, DEFAULT_TYPES, is_money
from stargate_kg.viz.langs import LANG_NAMES, fact_texts, hant_of, in_script, label_tags, page_lang
from stargate_kg.viz.texts import TEXT

#: How each status class is drawn: vis-network dashes, opacity, label colour.
STATUS_STYLE = {
    "in_force": {"dashes": False, "opacity": 0.95, "font": None},
    "planned": {"dashes": [12, 7], "opacity": 0.9, "font": None},
    "disputed": {"dashes": [2, 5], "opacity": 0.9, "font": "#b71c1c"},
    "deprecated": {"dashes": [1, 9], "opacity": 0.35, "font": "#9e9e9e"},
    "inferred": {"dashes": [10, 4, 2, 4], "opacity": 0.8, "font": None},
}


def fact_passes(f, filters, status_on):
    """Whether one fact passes the page's status, money-only and date filters (the page's ``factPasses``)."""
    if not status_on.get(f["status_class"]):
        return False
    if filters.get("money_only") and not f["money"]:
        return False
    lo, hi = filters.get("date_from") or "", filters.get("date_to") or ""
    if f["date_from"] is None:
        return filters.get("undated", True) or not (lo or hi)
    return not ((lo and f["date_to"] < lo) or (hi and f["date_from"] > hi))


def passing_facts(e, nodes, facts, legend, filters, ntype=None):
    """The facts of edge ``e`` the filters let through (the page's ``passingFacts``): each passes the status,
    money-only and date filters, and is in the default view, or the whole graph is asked for, or it is
    something the default leaves out that the user ticked (a claim, a media outlet, a deprecated fact)."""
    ntype = ntype or {n["id"]: n["type"] for n in nodes}
    type_default = {t["type"]: t["default"] for t in legend["types"]}
    fam_default = {f["family"]: f["default"] for f in legend["families"]}
    status_on = {s["status"]: s["on"] for s in legend["statuses"]}
    outside = not fam_default.get(e["family"]) or not all(type_default.get(ntype[x]) for x in (e["from"], e["to"]))
    out = []
    for k in e["facts"]:
        f = facts[k]
        if not fact_passes(f, filters, status_on):
            continue
        if f["core"] or filters.get("scope_all") or outside or f["status_class"] not in DEFAULT_STATUSES:
            out.append(f)
    return out


def shown(nodes, edges, facts, legend, filters, focus=None):
    """What the page shows for a state of its filters: (node ids, indices of ``edges``).

    The page's script applies the same rule (``edgeShown`` in
    ``templates/network.html``; a browser test checks that they agree). An
    edge is shown when its family and both ends' types are ticked, one of its
    facts passes the status, money-only and date filters, and it is in the
    default view, or the whole graph is asked for, or it involves something
    the default leaves out that the user ticked (a claim, a media outlet, a
    deprecated or inferred fact). A node is shown when one of its edges is
    (the focus always is, its type ticked).
    """
    type_on = {t["type"]: t["on"] for t in legend["types"]}
    ntype = {n["id"]: n["type"] for n in nodes}
    fam_on = {f["family"]: f["on"] for f in legend["families"]}
    out_edges = set()
    for i, e in enumerate(edges):
        if not fam_on.get(e["family"]) or not all(type_on.get(ntype[x]) for x in (e["from"], e["to"])):
            continue
        if passing_facts(e, nodes, facts, legend, filters, ntype):
            out_edges.add(i)
    out_nodes = {n for i in out_edges for n in (edges[i]["from"], edges[i]["to"])}
    if focus is not None and type_on.get(ntype.get(focus)):
        out_nodes.add(focus)
    return out_nodes, out_edges


def edge_text(facts, lang, party=False):
    """The label of a drawn edge for its passing ``facts`` (the page's ``edgeText``): the headline
    amount on a money edge (else the relation), the number of facts when more than one, "?" for an inference.

    >>> f = {"money": True, "amount_texts": {"en": "$5B"}, "relation_labels": {"en": "invests in"}, "usd": 5e9,
    ...      "status_class": "in_force"}
    >>> edge_text([f, dict(f, usd=1e9, amount_texts={"en": "$1B"})], "en")
    '$5B · 2'
    """
    if party or not facts:
        return ""
    standing = [f for f in facts if f["status_class"] not in ("deprecated", "inferred")] or facts
    head = max(standing, key=lambda f: (f["usd"] or 0, -STATUS_CLASSES.index(f["status_class"])))
    text = head["amount_texts"][lang] if head["money"] and head["amount_texts"][lang] else head["relation_labels"][lang]
    if len(facts) > 1:
        text += f" \u00b7 {len(facts)}"
    if head["status_class"] == "inferred":
        text += " ?"
    return text


def _contrast(color):
    """Dark or white text for a background colour."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#111111" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _statement_index(whole):
    """{statement IRI: (subject, object, edge data)} of the projection."""
    return {str(k): (u, v, d) for u, v, k, d in whole.edges(keys=True, data=True)}


def page_data(kg, view, lang="en", focus=None, depth=1, whole=None, core=None, include=(),
              scope_all=False, money_only=False, date_from=None, date_to=None, include_inferred=False):
    """Everything the page shows, as plain data: nodes, facts, edges, legend, vis options, texts in each language.

    ``view`` is the part of the projection ``whole`` the page carries (default:
    all of it); ``core`` = (nodes, edge keys) shown at first (default: all of
    ``view``). Money is drawn from :func:`~stargate_kg.viz.facts.money_rows`,
    one fact per row, joint rows through one diamond per pledge
    (:func:`pledge_key`). Label sizes follow degree centrality in ``whole``.
    ``include`` names families and types ticked besides the default ones; the
    other flags set the page's filters at opening. ``lang`` is any language
    the CLI speaks (en, zh, zh-Hant, zh-TW, zh-HK): the page carries English,
    simplified and traditional Chinese (the region's, for zh-TW and zh-HK) and
    opens in ``lang``.
    """
    from stargate_kg.lookup import entity_index
    from stargate_kg.namespace import local_name
    from stargate_kg.network import connectivity, scores

    whole = view if whole is None else whole
    hant, lang = hant_of(lang), page_lang(lang)
    words = in_script(TEXT, hant)
    type_labels, rel_labels = vocabulary(kg)
    inferred = inferred_statements(kg)
    index = entity_index(kg)
    linked, linked_all = connectivity(view), connectivity(whole)
    centrality = scores(linked_all, "degree") if len(linked_all) > 1 else dict.fromkeys(linked_all, 0.0)
    top = max((centrality.get(n, 0.0) for n in view), default=0.0) or 1.0
    if core is None:
        core = (set(view), {(u, v, k) for u, v, k in view.edges(keys=True)})
    core_nodes, core_edges = core
    by_statement = _statement_index(whole)

    # ---------------------------------------------------------------- nodes
    nodes = []
    for n, attrs in sorted(view.nodes(data=True), key=lambda x: str(x[0])):
        iri = str(attrs.get("iri", n))
        ent = index.get(iri)
        names = _both(label_tags(attrs, ent), local_name(iri), hant)
        etype = attrs.get("type") or "Entity"
        c = centrality.get(n, 0.0)
        nodes.append({
            "id": str(n), "iri": iri, "names": names, "name": names[lang],
            "other_name": (names["en"] if lang != "en" else attrs.get("label_zh")) or "",
            "labels": {lg: wrap_label(names[lg]) for lg in LANGS},
            "aliases": list(ent.aliases) if ent else [],
            # found by the search box, never shown (with the names typed in traditional characters, see lookup)
            "search_names": list(ent.search_names) + ent.other_spellings() if ent else [],
            "type": etype, "type_labels": _both(type_labels.get(etype, {}), etype, hant),
            "degree": linked.degree(n), "degree_all": linked_all.degree(n),
            "centrality": round(c, 4), "centrality_text": f"{c:.3f}", "core": n in core_nodes,
            "font": round(14 + 8 * math.sqrt(c / top)),
        })
    by_id = {n["id"]: n for n in nodes}

    # ---------------------------------------------------------------- facts
    facts = []

    def add_fact(**f):
        f["date_from"], f["date_to"] = date_range(f["date"])
        f.update(fact_texts(f, hant))
        f["usd"] = usd(f["amount"], f["currency"]) if f["amount"] is not None else None
        f["key"] = f"f{len(facts)}"
        facts.append(f)
        return f

    def rel_names(rel, fallback):
        return _both(rel_labels.get(rel, {}), fallback or rel, hant)

    rows = money_rows(kg)
    drawn_by_rows = {st for r in rows for st in (*r.statements, *r.shares)}
    hubs = {}  # one diamond per pledge: (parties, recipient, pledge) -> hub node id (see pledge_key)
    for r in rows:
        parties = [p for p in dict.fromkeys(r.funder_iris) if p in view]
        if r.recipient not in view or not parties or (not r.joint and len(parties) != 1):
            continue
        disputed_by = [c for c in r.conflicts if c in by_statement and by_statement[c][2].get("family") in REPORT_FAMILIES]
        sclass = status_class(r.statuses, r.rank, r.inferred, disputed_by)
        rel = local_name(r.relation)
        src = r.funder if not r.joint else None
        if r.joint and len(r.funder_iris) > 1:
            hk = (tuple(sorted(r.funder_iris)), r.recipient, pledge_key(r))
            if hk not in hubs:
                hubs[hk] = f"joint:{len(hubs)}"
            src = hubs[hk]
        ends_core = r.recipient in core_nodes and all(p in core_nodes for p in parties)
        add_fact(**{
            "from": src, "to": r.recipient, "relation": rel, "relation_labels": rel_names(rel, rel),
            "family": row_family(r), "money": True, "amount": r.amount, "currency": r.currency, "bound": r.bound,
            "money_kind": r.kind or "", "date": str(r.date or ""), "status": ", ".join(r.statuses),
            "status_class": sclass, "rank": "" if r.rank in (None, "normal") else str(r.rank),
            "inferred": bool(r.inferred), "sources": [s.as_json() for s in r.sources],
            "statements": list(dict.fromkeys([*r.statements, *r.shares])), "core": ends_core,
            "parties": parties if src and src.startswith("joint:") else [],
            "disputed_by": [_report(c, by_statement, whole, rel_names, hant, index) for c in disputed_by],
        })
    seen = {}
    for u, v, key, d in sorted(view.edges(keys=True, data=True),
                               key=lambda t: (str(t[0]), str(t[1]), str(t[3].get("relation", "")), str(t[2]))):
        if str(key) in drawn_by_rows:
            continue  # drawn from its money row
        rel = local_name(str(d.get("relation", "")))
        fam = d.get("family") if d.get("family") in FAMILY_STYLE else "other"
        inf = bool(d.get("inferred")) or str(key) in inferred
        status = str(d.get("status") or "")
        same = (str(u), str(v), rel, d.get("amount"), str(d.get("date") or ""), status, inf)
        if same in seen:  # the same fact stated in another article: one fact, every quote
            f = seen[same]
            f["statements"].append(str(key))
            f["sources"] += [x for x in _sources(d.get("sources")) if x not in f["sources"]]
            f["core"] = f["core"] or (u, v, key) in core_edges
            continue
        seen[same] = add_fact(**{
            "from": str(u), "to": str(v), "relation": rel, "relation_labels": rel_names(rel, d.get("relation_label")),
            "family": fam, "money": is_money(d), "amount": d.get("amount"), "currency": d.get("currency"),
            "bound": d.get("bound"), "money_kind": str(d.get("kind") or ""), "date": str(d.get("date") or ""),
            "status": status, "status_class": status_class([status], d.get("rank"), inf),
            "rank": "" if d.get("rank") in (None, "normal") else str(d["rank"]), "inferred": inf,
            "sources": _sources(d.get("sources")), "statements": [str(key or "")],
            "core": (u, v, key) in core_edges, "parties": [], "disputed_by": [],
        })

    # ---------------------------------------------------------------- joint-pledge diamonds
    for (all_parties, recipient, _), hub in hubs.items():
        mine = [f for f in facts if f["from"] == hub]
        parties = [p for p in all_parties if p in view]
        to = by_id[recipient]["names"]
        nodes.append({
            "id": hub, "iri": mine[0]["statements"][0] if mine else "",
            "names": {lg: f"{words[lg]['joint']}: {', '.join(by_id[p]['names'][lg] for p in parties)} \u2192 {to[lg]}"
                      for lg in LANGS},
            "labels": {lg: "" for lg in LANGS}, "aliases": [], "search_names": [], "type": JOINT_TYPE,
            "type_labels": _both(JOINT_TYPE_LABELS, JOINT_TYPE, hant), "degree": len(parties) + 1, "degree_all": len(all_parties) + 1,
            "centrality": 0.0, "centrality_text": "", "core": any(f["core"] for f in mine), "font": 12,
            "parties": parties,
        })
        nodes[-1]["name"], nodes[-1]["other_name"] = nodes[-1]["names"][lang], ""
        by_id[hub] = nodes[-1]

    # ---------------------------------------------------------------- drawn edges: one per pair and family
    # a party's own funding of a joint pledge's recipient (OpenAI: equity partner of Stargate) is drawn on
    # its line into the pledge (the largest one standing), not as a second line beside it
    weight = {}
    for f in facts:
        if f["from"] in by_hub_id(hubs):
            standing = f["status_class"] not in ("deprecated", "inferred")
            weight[f["from"]] = max(weight.get(f["from"], (False, 0)), (standing, f["usd"] or 0))
    for f in facts:
        if f["family"] != "funding" or f["from"].startswith("joint:"):
            continue
        mine = [h for (ps, rec, _), h in hubs.items() if rec == f["to"] and f["from"] in ps and h in weight]
        if mine:
            f["drawn_from"], f["drawn_to"] = f["from"], max(mine, key=lambda h: weight[h])
    edges = []
    for grp in group_facts(facts):
        edges.append({"from": grp["from"], "to": grp["to"], "family": grp["family"], "both_ways": grp["both_ways"],
                      "facts": [int(f["key"][1:]) for f in grp["facts"]], "party": False,
                      "core": any(f["core"] for f in grp["facts"]), "money": any(f["money"] for f in grp["facts"])})
    for (all_parties, recipient, _), hub in hubs.items():
        total = next(e for e in edges if e["from"] == hub)
        for p in by_id[hub]["parties"]:
            own = next((e for e in edges if e["from"] == p and e["to"] == hub), None)
            if own is None:
                edges.append({"from": p, "to": hub, "family": total["family"], "both_ways": False,
                              "facts": list(total["facts"]), "party": True, "core": total["core"], "money": True})
            else:
                own.update(party=True, facts=own["facts"] + total["facts"], money=True,
                           core=own["core"] or total["core"])

    # ---------------------------------------------------------------- legend and filters at opening
    included = set(include or ())
    type_counts = Counter(n["type"] for n in nodes)
    fam_counts = Counter(e["family"] for e in edges if not e["party"])
    status_counts = Counter(f["status_class"] for f in facts)
    default_types = set(DEFAULT_TYPES) | {"Person", JOINT_TYPE}
    type_order = list(TYPE_COLORS)
    legend = {
        "types": [
            {"type": t, "labels": _both(type_labels.get(t, {}) if t != JOINT_TYPE else JOINT_TYPE_LABELS, t, hant),
             "color": TYPE_COLORS.get(t, OTHER_TYPE_COLOR), "count": type_counts[t],
             "on": scope_all or t in default_types or t in included, "default": t in default_types}
            for t in sorted(type_counts, key=lambda t: (type_order.index(t) if t in type_order else 99, t))
        ],
        "families": [
            {"family": f, "labels": _both({"en": FAMILY_STYLE[f][1], "zh": FAMILY_STYLE[f][2]}, f, hant), "color": FAMILY_STYLE[f][0],
             "count": fam_counts[f], "on": scope_all or f in DEFAULT_FAMILIES or f in included,
             "default": f in DEFAULT_FAMILIES}
            for f in FAMILY_STYLE if fam_counts[f]
        ],
        "statuses": [
            {"status": s, "labels": {lg: words[lg]["status_labels"][s] for lg in LANGS}, "count": status_counts[s],
             "on": s in DEFAULT_STATUSES or (s == "inferred" and include_inferred) or s in included,
             "default": s in DEFAULT_STATUSES, **STATUS_STYLE[s]}
            for s in STATUS_CLASSES if status_counts[s]
        ],
    }
    for group in legend.values():
        for entry in group:
            entry["label"] = entry["labels"][lang]
    filters = {"money_only": bool(money_only), "scope_all": bool(scope_all), "inferred": bool(include_inferred),
               "date_from": date_from or "", "date_to": date_to or "", "undated": True}
    foc = str(focus) if focus is not None else None
    shown_nodes, shown_edges = shown(nodes, edges, facts, legend, filters, foc)
    for n in nodes:
        n["shown"] = n["id"] in shown_nodes
    for i, e in enumerate(edges):
        e["id"], e["shown"] = f"e{i}", i in shown_edges
        passing = passing_facts(e, nodes, facts, legend, filters) or [facts[k] for k in e["facts"]]
        e["passing"] = [int(f["key"][1:]) for f in passing]
        e["edge_labels"] = {lg: edge_text(passing, lg, e["party"]) for lg in LANGS}

    from stargate_kg.viz.draw import AMOUNT_FONT, vis_elements

    vis_elements(nodes, edges, facts, lang, foc)

    n_core, n_edges_core = len(shown_nodes), len(shown_edges)
    texts = {}
    focus_names = by_id[foc]["names"] if foc in by_id else None
    for lg in LANGS:
        t = dict(words[lg])
        if focus_names:
            t["counts"] = t["counts_focus"].format(nodes=n_core, edges=n_edges_core, depth=depth, focus=focus_names[lg])
            t["title"] = f"{t['title']}: {focus_names[lg]}"
        else:
            t["counts"] = t["counts"].format(nodes=n_core, edges=n_edges_core)
        texts[lg] = t
    options = {
        "autoResize": True,
        "nodes": {"shape": "box", "scaling": {"label": {"drawThreshold": 6, "maxVisible": 30}}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        # positions come from the seeded layout (stargate_kg.viz.layout): nothing moves at load time
        "physics": {"enabled": False},
        "layout": {"randomSeed": 7, "improvedLayout": False},
    }
    return {"nodes": nodes, "edges": edges, "facts": facts, "legend": legend, "options": options, "texts": texts,
            "text": texts[lang], "filters": filters, "focus": foc, "depth": depth, "lang": lang,
            "articles": article_meta(kg, hant), "amount_font": AMOUNT_FONT, "hant": hant, "lang_names": LANG_NAMES}


def pledge_key(row):
    """What makes a joint money row one pledge, drawn as one diamond: its own statement; two figures stated for
    one pledge (rows folding the same per-party shares: the 2024 supercomputer's "$100B" (003) and "more than
    $100B" (002)) are one, unless one of them is deprecated. Statements of the same parties that are not one
    pledge (000's deprecated "$100B invested so far" and the $500B pledge) are drawn apart."""
    return (row.rank == "deprecated", frozenset(row.shares) if row.shares else row.statement)


def by_hub_id(hubs):
    """The ids of the joint-pledge diamonds."""
    return set(hubs.values())


def _report(iri, by_statement, whole, rel_names, hant, index):
    """A later report or doubt against a money fact: who says what (in every page language), with its quotes."""
    from stargate_kg.namespace import local_name

    u, v, d = by_statement[iri]
    attrs = whole.nodes[u] if u in whole else {}
    ent = index.get(str(attrs.get("iri", u)))
    names = _both(label_tags(attrs, ent), str(u).rsplit("/", 1)[-1], hant)
    rel = local_name(str(d.get("relation", "")))
    date = str(d.get("date") or "")
    return {"statement": iri, "by": names, "relation": str(d.get("relation_label") or d.get("relation") or ""),
            "relation_labels": rel_names(rel, d.get("relation_label")), "date": date,
            "date_texts": fact_texts({"date": date}, hant)["date_texts"],
            "sources": _sources(d.get("sources"))}
