"""Where each entity goes: a seeded networkx layout that leaves room for the labels.

The page does not arrange the map at load time (that made every opening
different and let labels pile up); it draws the positions computed here:

1. :func:`networkx.forceatlas2_layout` (seeded, so the same graph always gives
   the same map) over the entities shown by default, each node given a size
   from its label (:func:`label_box`), so big labels push their neighbours away;
   of a few fixed seeds, the layout that can be drawn largest on the screen is kept;
2. the layout is scaled to a readable edge length and :func:`separate` then
   nudges apart the label boxes that still overlap (a few rounds of pushing
   each overlapping pair apart along its shorter overlap);
3. the entities hidden by default are placed around the shown ones
   (:func:`networkx.spring_layout` with the shown ones held fixed), so ticking
   a legend entry adds them without moving what is already there;
4. a focus entity is put at the origin: the page centres the view on it.

Label sizes are estimated from the text and boxes pushed apart in
:mod:`stargate_kg.viz.boxes` (re-exported here); edges are kept out of boxes
and amounts in :mod:`stargate_kg.viz.untangle`. The browser measures the
real labels, and the page nudges again with those after a filter (see
``templates/network.html``).

>>> import networkx as nx
>>> g = nx.path_graph(4)
>>> pos = positions(g, {n: f"entity {n}" for n in g}, {n: 14 for n in g}, {n: 10 for n in g}, seed=1)
>>> sorted(pos) == [0, 1, 2, 3] and overlap_share(pos, {n: label_box(f"entity {n}", 14, 10) for n in g}) == 0.0
True
"""

import math

from stargate_kg.viz.boxes import (  # noqa: F401  (the box helpers: re-exported, callers import them from here too)
    PAD, char_width, edge_label_box, label_box, node_box, overlap_share, separate, text_width,
)

#: Target length of a typical edge, in canvas units (font sizes are 14-24 units).
EDGE_LENGTH = 100.0
#: Width / height the map is stretched towards (the page's drawing area on a laptop screen).
ASPECT = 1.5
#: The page's drawing area in a 1600x1000 window (the side panel takes the rest), in pixels.
SCREEN = (1250, 800)
#: How many seeds are tried for a group of more than 8 entities (seed, seed + 1, ...).
SEEDS = 6


def free_spot(centre, box, placed, start=0.0, pad=PAD):
    """The nearest point around ``centre`` where ``box`` overlaps none of ``placed`` [(position, box)].

    Candidates lie on rings one edge length and more away, 16 to a ring,
    the first at angle ``start``; the first free one wins (else the farthest).

    >>> free_spot((0, 0), (-5, -5, 5, 5), [((0, 0), (-5, -5, 5, 5))])[0] != 0
    True
    """
    import numpy as np

    rings = np.repeat(EDGE_LENGTH * (1.0 + 0.35 * np.arange(30)), 16)
    angles = start + np.tile(np.arange(16) * (2 * math.pi / 16), 30)
    cand = np.stack([centre[0] + rings * np.cos(angles), centre[1] + rings * np.sin(angles)], axis=1)
    if not placed:
        return (float(cand[0, 0]), float(cand[0, 1]))
    p = np.array([xy for xy, _ in placed], dtype=float)
    b = np.array([bx for _, bx in placed], dtype=float)
    l2, t2, r2, b2 = p[:, 0] + b[:, 0] - pad, p[:, 1] + b[:, 1] - pad, p[:, 0] + b[:, 2] + pad, p[:, 1] + b[:, 3] + pad
    l1, t1 = cand[:, 0:1] + box[0], cand[:, 1:2] + box[1]
    r1, b1 = cand[:, 0:1] + box[2], cand[:, 1:2] + box[3]
    clash = ((l1 < r2) & (l2 < r1) & (t1 < b2) & (t2 < b1)).any(axis=1)
    free = np.flatnonzero(~clash)
    i = int(free[0]) if len(free) else len(cand) - 1
    return (float(cand[i, 0]), float(cand[i, 1]))


def _scale_to_edge_length(pos, edges, length):
    import math
    import statistics

    lengths = [math.dist(pos[u], pos[v]) for u, v in edges if u in pos and v in pos and u != v]
    typical = statistics.median(lengths) if lengths else 1.0
    k = length / typical if typical > 0 else 1.0
    return {n: (x * k, y * k) for n, (x, y) in pos.items()}


def _landscape(pos, aspect=ASPECT, turn=True):
    """Turn a layout so its longer axis is horizontal, then stretch it towards ``aspect`` (width / height).

    A map is read on a wide screen; a force layout comes out in any direction.
    """
    import numpy as np

    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    if len(nodes) > 2 and turn:
        _, vecs = np.linalg.eigh(np.cov(xy.T))
        major = vecs[:, -1]
        if major[0] < 0 or (major[0] == 0 and major[1] < 0):
            major = -major  # a fixed orientation, so the map does not flip between runs
        rot = np.array([[major[0], major[1]], [-major[1], major[0]]])
        xy = xy @ rot.T
    if len(nodes) > 2:
        w, h = np.ptp(xy[:, 0]), np.ptp(xy[:, 1])
        if h > 0 and w / h < aspect:
            k = min(2.0, (aspect / (w / h)) ** 0.5)
            xy[:, 0] *= k
            xy[:, 1] /= k
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def rings(g, focus, step=EDGE_LENGTH * 1.6, aspect=ASPECT):
    """A focus map: the focus in the centre, entities one step away on a ring around it, two steps on the next.

    Each ring is :func:`networkx.shell_layout`'s circle, stretched to ``aspect``;
    an entity on an outer ring is ordered by the angle of its neighbours
    further in, so it sits beyond them.

    >>> import networkx as nx
    >>> pos = rings(nx.star_graph(3), 0)
    >>> pos[0], round(abs(complex(*pos[1])) / (EDGE_LENGTH * 1.6), 2) >= 1.0
    ((0.0, 0.0), True)
    """
    import math

    import networkx as nx

    dist = nx.single_source_shortest_path_length(g, focus)
    shells = [[focus]]
    angle = {focus: 0.0}
    for d in range(1, max(dist.values()) + 1):
        ring = [n for n in g if dist.get(n) == d]

        def key(n):
            inner = [angle[m] for m in g[n] if m in angle]
            if not inner:
                return (9.0, str(n))
            return (math.atan2(sum(math.sin(a) for a in inner), sum(math.cos(a) for a in inner)), str(n))

        ring.sort(key=key)
        shells.append(ring)
        for i, n in enumerate(ring):
            angle[n] = 2 * math.pi * i / len(ring) - math.pi
    pos = {focus: (0.0, 0.0)}
    for d, ring in enumerate(shells[1:], start=1):
        radius = step * d * max(1.0, len(ring) / (10.0 * d))
        for n in ring:
            a = angle[n]
            pos[n] = (radius * math.cos(a) * aspect ** 0.5, radius * math.sin(a) / aspect ** 0.5)
    return pos


def _extent(part, boxes):
    return (min(x + boxes[n][0] for n, (x, y) in part.items()), min(y + boxes[n][1] for n, (x, y) in part.items()),
            max(x + boxes[n][2] for n, (x, y) in part.items()), max(y + boxes[n][3] for n, (x, y) in part.items()))


def pack(parts, boxes, gap=EDGE_LENGTH / 2):
    """Put separately laid-out groups side by side: the first (largest) where it is, the others beside it.

    Beside means in a column to its right, or in a row below it when the first
    group is already wider than the screen's shape (:data:`ASPECT`).

    >>> pack([{"a": (0, 0)}, {"b": (0, 0)}], dict.fromkeys("ab", (-10, -10, 10, 10)), gap=5)
    {'a': (0, 0), 'b': (25, 0)}
    """
    if not parts:
        return {}
    out = dict(parts[0])
    left0, top, right, bottom = _extent(parts[0], boxes)
    below = len(parts[0]) > 2 and (right - left0) > ASPECT * (bottom - top)
    x, y, col_w = right + gap, top, 0.0
    if below:
        x, y = left0, bottom + gap
    for part in parts[1:]:
        l, t, r, b = _extent(part, boxes)
        if below:
            if x > left0 and x + (r - l) > right:
                x, y = left0, y + col_w + gap
                col_w = 0.0
            out.update({n: (px + x - l, py + y - t) for n, (px, py) in part.items()})
            x += (r - l) + gap
            col_w = max(col_w, b - t)
            continue
        if y > top and y + (b - t) > bottom:
            x, y, col_w = x + col_w + gap, top, 0.0
        dx, dy = x - l, y - t
        out.update({n: (px + dx, py + dy) for n, (px, py) in part.items()})
        y += (b - t) + gap
        col_w = max(col_w, r - l)
    return out


def _force_layout(sub, boxes, links, length, seed, drawn=None, curved=None):
    """One seeded forceatlas2 layout of a connected group, turned landscape, scaled, labels separated."""
    import networkx as nx

    size = {n: (boxes[n][2] - boxes[n][0]) / 2 / length * 4 for n in sub}
    raw = nx.forceatlas2_layout(sub, seed=seed, max_iter=400, node_size=size, scaling_ratio=4.0, gravity=2.0, weight=None)
    part = _landscape({n: (float(x), float(y)) for n, (x, y) in raw.items()})
    part = _scale_to_edge_length(part, sub.edges(), length)
    part = separate(part, boxes, links=links)
    if len(part) > 2:  # separating can make it tall again: widen, separate once more
        part = separate(_landscape(part, turn=False), boxes, links=links)
    return part


def _kk_layout(sub, boxes, links, length):
    """Kamada-Kawai (even edge lengths, no seed) turned landscape, scaled, labels separated."""
    import networkx as nx

    raw = nx.kamada_kawai_layout(sub, weight=None)
    part = _landscape({n: (float(x), float(y)) for n, (x, y) in raw.items()})
    part = _scale_to_edge_length(part, sub.edges(), length)
    return separate(part, boxes, links=links)


def _fit_scale(part, boxes, width=SCREEN[0], height=SCREEN[1]):
    """The zoom at which ``part`` fills a drawing area of ``width`` x ``height`` pixels."""
    left, top, right, bottom = _extent(part, boxes)
    return min(width / max(right - left, 1.0), height / max(bottom - top, 1.0))


def positions(g, labels, font_sizes, dots, first=None, focus=None, seed=7, edge_labels=(), boxes=None, drawn=None):
    """Canvas positions ``{node: (x, y)}`` for every node of the undirected simple graph ``g``.

    ``labels`` (with line breaks), ``font_sizes`` and ``dots`` (radii) give
    each node's box; ``first`` is the graph of the nodes and edges shown at
    opening (default: ``g``), laid out first and on its own; ``focus`` ends
    up at (0, 0). ``edge_labels`` are ``(u, v, text, font size)`` of labels
    drawn at opening (the amounts on money edges), with a bend as a fifth
    item when their edge is curved: they are kept clear too. ``drawn`` lists
    the edges drawn at opening as ``(from, to, bend)`` (see
    :func:`curve_points`): no edge is let through a box or an amount.

    The same question asked again in one process (the map in another
    language: its boxes are the wider of the languages' labels already) is
    answered from a small memo.
    """
    if boxes is None:
        boxes = {n: label_box(labels[n], font_sizes[n], dots[n]) for n in g}
    key = _memo_key(g, first, focus, seed, edge_labels, boxes, drawn)
    if key not in _MEMO:
        if len(_MEMO) >= 8:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = _positions(g, first, focus, seed, edge_labels, boxes, drawn)
    return dict(_MEMO[key])


_MEMO = {}


def _memo_key(g, first, focus, seed, edge_labels, boxes, drawn):
    """Everything :func:`positions` reads, as a hashable value (sets of nodes and edges in a fixed order)."""
    def graph(h):
        return (tuple(sorted(map(repr, h.nodes))), tuple(sorted(repr(tuple(sorted(map(repr, e)))) for e in h.edges())))

    return (graph(g), None if first is None else graph(first), repr(focus), seed, repr(list(edge_labels)),
            repr(sorted((repr(k), v) for k, v in boxes.items())), repr(drawn))


def _positions(g, first, focus, seed, edge_labels, boxes, drawn):
    """:func:`positions`, computed."""
    import networkx as nx

    from stargate_kg.viz.untangle import blocked, untangle

    core = g if first is None else first
    # a small map gets longer edges: it is drawn at most at natural size, so the room is there
    length = EDGE_LENGTH * min(2.0, max(1.0, (40 / max(1, len(core))) ** 0.5))
    links = [(lk[0], lk[1], edge_label_box(lk[2], lk[3])) for lk in edge_labels]
    curved_all = [(lk[0], lk[1], lk[4] if len(lk) > 4 else 0.0, edge_label_box(lk[2], lk[3])) for lk in edge_labels]
    pos = {}
    groups = sorted(nx.connected_components(core), key=lambda c: (-len(c), min(map(str, c))))
    placed = []
    for group in groups:
        sub = nx.Graph()  # a copy in a fixed order (a subgraph view may iterate in set order)
        sub.add_nodes_from(sorted(group, key=str))
        sub.add_edges_from(sorted((tuple(sorted(e, key=str)) for e in core.subgraph(group).edges()), key=str))
        sub_boxes = {n: boxes[n] for n in sub}
        near = [lk for lk in links if lk[0] in sub and lk[1] in sub]
        near_c = [lk for lk in curved_all if lk[0] in sub and lk[1] in sub]
        sub_drawn = [e for e in drawn if e[0] in sub and e[1] in sub] if drawn is not None else None
        if len(sub) == 1:
            part = {next(iter(group)): (0.0, 0.0)}
        elif focus in group:
            part = rings(sub, focus, step=length * 1.6)
            fx, fy = part[focus]
            part = {n: (x - fx, y - fy) for n, (x, y) in part.items()}
            part = separate(part, sub_boxes, movable=set(part) - {focus}, links=near)
            part = untangle(part, sub_boxes, sub_drawn if sub_drawn is not None else list(sub.edges()), near,
                            movable=set(part) - {focus}, curved=near_c)
        else:
            # Kamada-Kawai and a few seeded force layouts, the same every time, each untangled; the one with
            # the fewest boxes crossed or overlapped wins, then the one drawn largest on the screen
            lines = sub_drawn if sub_drawn is not None else list(sub.edges())
            starts = []
            if len(sub) > 2:
                try:  # networkx's Kamada-Kawai needs scipy; without it, the force layouts alone
                    starts.append(_kk_layout(sub, sub_boxes, near, length))
                except ImportError:
                    pass
            starts += [_force_layout(sub, sub_boxes, near, length, s)
                       for s in range(seed, seed + (SEEDS if len(sub) > 8 else 1))]
            tries = [untangle(t, sub_boxes, lines, near, curved=near_c) for t in starts]
            part = min(tries, key=lambda t: (blocked(t, sub_boxes, lines, near_c), -_fit_scale(t, sub_boxes)))
        placed.append(part)
    pos = pack(placed, boxes)
    rest = [n for n in g if n not in pos]
    if rest:
        pos = dict(pos)
        # entities hidden at opening go beside what they are linked to, nearest first, each a step
        # out from its placed neighbours (turning by the golden angle, so siblings fan out)
        dist = nx.multi_source_dijkstra_path_length(g, [n for n in pos if n in g]) if pos else {}
        turn = 0
        for n in sorted((n for n in rest if n in dist), key=lambda n: (dist[n], str(n))):
            near = [pos[m] for m in g[n] if m in pos]
            cx, cy = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
            turn += 1
            pos[n] = free_spot((cx, cy), boxes[n], [(pos[m], boxes[m]) for m in pos], turn * 2.399963)
        # groups with no link to anything shown: laid out on their own, packed beside
        loose = g.subgraph([n for n in rest if n not in pos])
        parts = [pos] if pos else []
        for group in sorted(nx.connected_components(loose), key=lambda c: (-len(c), min(map(str, c)))):
            sub = nx.Graph()
            sub.add_nodes_from(sorted(group, key=str))
            sub.add_edges_from(sorted((tuple(sorted(e, key=str)) for e in loose.subgraph(group).edges()), key=str))
            if len(sub) == 1:
                part = {next(iter(group)): (0.0, 0.0)}
            else:
                raw = nx.forceatlas2_layout(sub, seed=seed, max_iter=200, scaling_ratio=4.0, gravity=2.0)
                part = _scale_to_edge_length({k: (float(x), float(y)) for k, (x, y) in raw.items()}, sub.edges(), EDGE_LENGTH)
            parts.append(separate(part, {k: boxes[k] for k in part}))
        pos = pack(parts, boxes) if parts else pos
        pos = separate(pos, boxes, movable=set(rest), rounds=300)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
