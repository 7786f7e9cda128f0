"""How the page draws entities and edges: layout, labelled boxes, widths by amount, statuses as line styles.

:func:`vis_elements` lays the map out (:func:`stargate_kg.viz.layout.positions`,
with room for the wider of the two languages' labels and for the amounts) and
has pyvis build vis-network's nodes and edges: an entity is a box with its
name inside (so no edge crosses its own label), coloured by type, its text
larger with centrality; a joint pledge a small diamond; an edge is coloured by
family, as wide as its largest amount when it carries money, and dashed by
the status of its headline fact (:data:`stargate_kg.viz.data.STATUS_STYLE`).
Two families between one pair curve apart.
"""

from collections import Counter

from stargate_kg.viz.page import FAMILY_STYLE, JOINT_TYPE, LANGS, OTHER_TYPE_COLOR, TYPE_COLORS

#: Font size of an amount on a money edge (relation names are smaller and show when zoomed in).
AMOUNT_FONT = 16


def _headline(edge, facts):
    from stargate_kg.viz.facts import STATUS_CLASSES

    mine = [facts[k] for k in edge.get("passing") or edge["facts"]]
    standing = [f for f in mine if f["status_class"] not in ("deprecated", "inferred")] or mine
    return max(standing, key=lambda f: (f["usd"] or 0, -STATUS_CLASSES.index(f["status_class"])))


def vis_elements(nodes, edges, facts, lang, focus=None):
    """Add ``vis`` (vis-network options, with x and y) to every node and edge record, in place."""
    import networkx as nx
    from pyvis.network import Network

    from stargate_kg.viz.data import STATUS_STYLE, _contrast
    from stargate_kg.viz.boxes import node_box, text_width
    from stargate_kg.viz.layout import positions
    from stargate_kg.viz.money import money_width

    by_id = {n["id"]: n for n in nodes}
    every = nx.Graph()
    every.add_nodes_from(sorted(by_id))
    every.add_edges_from(sorted((e["from"], e["to"]) for e in edges if e["from"] != e["to"]))
    first = nx.Graph()
    first.add_nodes_from(sorted(n["id"] for n in nodes if n["shown"]))
    first.add_edges_from(sorted((e["from"], e["to"]) for e in edges if e["shown"] and e["from"] != e["to"]))

    # room for the wider of the two labels, so the map stays clear when the page switches language
    def box(n):
        if n["type"] == JOINT_TYPE:
            return node_box("", 12, "diamond")
        bs = [node_box(n["labels"][lg], n["font"]) for lg in LANGS]
        return max(bs, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))

    boxes = {n["id"]: box(n) for n in nodes}
    # two families between one pair: the second and later curve apart (their bends, for the layout too)
    pair_total = Counter(tuple(sorted((e["from"], e["to"]))) for e in edges)
    pair_seen = Counter()
    for e in sorted(edges, key=lambda e: not e["shown"]):  # shown edges first: one alone stays straight
        pair = tuple(sorted((e["from"], e["to"])))
        k = pair_seen[pair]
        pair_seen[pair] += 1
        e["bend"] = 0.0
        if pair_total[pair] > 1 and k:
            e["bend"] = round((0.35 + 0.15 * ((k - 1) // 2)) * (1 if k % 2 else -1), 2)
    amounts = []
    for e in edges:
        if e["shown"] and e["money"] and not e["party"]:
            texts = [e["edge_labels"][lg] for lg in LANGS if e["edge_labels"][lg]]
            if texts:
                amounts.append((e["from"], e["to"], max(texts, key=lambda t: text_width(t, 1)), AMOUNT_FONT, e["bend"]))
    labels = {n["id"]: n["labels"][lang] for n in nodes}
    pos = positions(every, labels, {n["id"]: n["font"] for n in nodes}, {n["id"]: 10 for n in nodes},
                    first=first, focus=focus, boxes=boxes, edge_labels=amounts,
                    drawn=[(e["from"], e["to"], e["bend"]) for e in edges if e["shown"]])

    net = Network(directed=True)
    for n in nodes:
        color = TYPE_COLORS.get(n["type"], OTHER_TYPE_COLOR)
        is_focus = focus is not None and n["id"] == focus
        x, y = pos[n["id"]]
        joint = n["type"] == JOINT_TYPE
        net.add_node(
            n["id"], label=n["labels"][lang], shape="diamond" if joint else "box", size=10 if joint else 12, x=x, y=y,
            color={"background": color, "border": "#111" if is_focus else "#444",
                   "highlight": {"background": color, "border": "#000"}, "hover": {"background": color, "border": "#000"}},
            borderWidth=4 if is_focus else 1, margin=6 if not joint else 5,
            shapeProperties={"borderRadius": 4},
            font={"size": n["font"], "color": _contrast(color), "face": "sans-serif", "multi": False},
        )
    for e in edges:
        head = _headline(e, facts)
        style = STATUS_STYLE[head["status_class"]]
        color = FAMILY_STYLE[e["family"]][0]
        amount_label = not e["party"] and bool(head["money"] and head["amount_texts"][lang])
        e["amount_label"] = amount_label
        width = 2.0 if e["party"] else (money_width(head["amount"], head["currency"]) if head["money"] else 1.4)
        opts = {
            "id": e["id"], "label": e["edge_labels"][lang],
            "color": {"color": color, "highlight": color, "hover": color, "opacity": style["opacity"]},
            "width": width, "dashes": style["dashes"],
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6},
                       "from": {"enabled": bool(e["both_ways"]), "scaleFactor": 0.6}},
            "font": {"size": AMOUNT_FONT if amount_label else 12, "background": "rgba(255,255,255,0.85)",
                     "color": style["font"] or ("#1b5e20" if e["money"] else "#555"),
                     "strokeWidth": 5, "strokeColor": "#ffffff", "align": "horizontal", "face": "sans-serif"},
            # level of detail: amounts show at the opening zoom, relation names once zoomed in
            "scaling": {"label": {"drawThreshold": 8 if amount_label else 20, "maxVisible": 22}},
        }
        if e["bend"]:
            opts["smooth"] = {"enabled": True, "type": "curvedCW" if e["bend"] > 0 else "curvedCCW",
                              "roundness": abs(e["bend"])}
        net.add_edge(e["from"], e["to"], **opts)
        e["style"] = head["status_class"]

    vis_nodes, vis_edges, *_ = net.get_network_data()
    for rec, vis in zip(nodes, vis_nodes):
        rec["vis"] = {**vis, "label": rec["labels"][lang]}  # pyvis writes the id for an empty label
    for rec, vis in zip(edges, vis_edges):
        rec["vis"] = {**vis, "label": rec["edge_labels"][lang]}
