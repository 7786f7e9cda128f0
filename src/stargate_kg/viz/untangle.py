"""Keeping lines out of labels: edges sampled as vis-network draws them, boxes and amounts pushed clear.

:func:`untangle` alternates :func:`clear_edges` (a box or an amount that an
edge runs through moves away from it; its edge's ends a little the other
way) and :func:`~stargate_kg.viz.layout.separate` (boxes pushed apart), after
:func:`stretch` has made every labelled edge long enough for its amount.
:func:`blocked` counts what is still blocked: the layout keeps the candidate
with the fewest. Edges are straight or vis-network's curvedCW/curvedCCW
quadratic curves (:func:`curve_points`), so what is measured is what the
page draws.

>>> out = untangle({"a": (0, 0), "b": (200, 0), "c": (100, 2)}, dict.fromkeys("abc", (-10, -10, 10, 10)),
...                [("a", "b")], [])
>>> blocked(out, dict.fromkeys("abc", (-10, -10, 10, 10)), [("a", "b")])
0
"""

import math

from stargate_kg.viz.boxes import PAD, separate


def curve_points(xy, ends, bends, t):
    """Points at parameters ``t`` along drawn edges: straight, or vis-network's curvedCW/curvedCCW quadratic curves.

    ``bends`` holds per edge (0 straight, +r curvedCW, -r curvedCCW with roundness r); vis-network 9 puts
    the control point at ``from + (r/2 + 1/2) * length * (sin g, cos g)`` with
    ``g = (atan2(from.y - to.y, to.x - from.x) + (±r/2 + 1/2) * pi) mod 2 pi``. Returns an E x T x 2 array.

    >>> import numpy as np
    >>> p = curve_points(np.array([[0.0, 0.0], [100.0, 0.0]]), np.array([[0, 1]]), np.array([0.0]), np.array([0.5]))
    >>> p[0, 0].tolist()
    [50.0, 0.0]
    """
    import numpy as np

    a, b = xy[ends[:, 0]], xy[ends[:, 1]]
    length = np.hypot(b[:, 0] - a[:, 0], b[:, 1] - a[:, 1])
    angle = np.arctan2(a[:, 1] - b[:, 1], b[:, 0] - a[:, 0])
    r = np.abs(bends)
    turn = np.where(bends < 0, -0.5 * r + 0.5, 0.5 * r + 0.5)
    g = np.mod(angle + turn * np.pi, 2 * np.pi)
    reach = (0.5 * r + 0.5) * length
    via = np.stack([a[:, 0] + reach * np.sin(g), a[:, 1] + reach * np.cos(g)], axis=1)
    via = np.where((bends == 0)[:, None], (a + b) / 2, via)
    tt = t[None, :, None]
    return (1 - tt) ** 2 * a[:, None, :] + 2 * (1 - tt) * tt * via[:, None, :] + tt ** 2 * b[:, None, :]


def _own_lines(ends, owners, own_edge=None):
    """Which (box, edge) pairs never count as a hit: an entity's own edges; a label's own edge (or, for a label
    of no drawn edge, the edges at its ends)."""
    import numpy as np

    own = (owners[:, 0:1] == ends[None, :, 0]) | (owners[:, 0:1] == ends[None, :, 1])
    own |= (owners[:, 1:2] == ends[None, :, 0]) | (owners[:, 1:2] == ends[None, :, 1])
    if own_edge is not None:
        labelled = own_edge >= 0
        own = np.where(labelled[:, None], own_edge[:, None] == np.arange(len(ends))[None, :], own)
    return own


def _segments_hits(pts, ends, centres, boxes, owners, pad, own_edge=None, own=None):
    """For each box and each edge (sampled ``pts``): does the edge pass through the padded box?

    An entity's box (``owners`` (i, -1)) is not hit by its own edges; a label's box (``own_edge`` >= 0)
    only not by the edge it labels (``own``: :func:`_own_lines`, when the caller has it already). Only the
    pairs whose bounding boxes meet are sampled."""
    import numpy as np

    if own is None:
        own = _own_lines(ends, owners, own_edge)
    left = centres[:, 0] + boxes[:, 0] - pad
    top = centres[:, 1] + boxes[:, 1] - pad
    right = centres[:, 0] + boxes[:, 2] + pad
    bottom = centres[:, 1] + boxes[:, 3] + pad
    px, py = pts[:, :, 0], pts[:, :, 1]
    near = ((px.min(axis=1)[None, :] < right[:, None]) & (px.max(axis=1)[None, :] > left[:, None])
            & (py.min(axis=1)[None, :] < bottom[:, None]) & (py.max(axis=1)[None, :] > top[:, None]) & ~own)
    bi, ej = np.nonzero(near)
    inside = ((px[ej] > left[bi, None]) & (px[ej] < right[bi, None]) & (py[ej] > top[bi, None])
              & (py[ej] < bottom[bi, None])).any(axis=1)
    hit = np.zeros(near.shape, dtype=bool)
    hit[bi[inside], ej[inside]] = True
    return hit


def _label_edges(ends, bends, lab, n_nodes):
    """For each box (entities first, then labels): the index of the edge a label labels (-1 for an entity)."""
    import numpy as np

    out = [-1] * n_nodes
    for u, v, _, b in lab:
        match = [j for j in range(len(ends)) if {int(ends[j][0]), int(ends[j][1])} == {u, v} and abs(bends[j] - b) < 1e-9]
        out.append(match[0] if match else -1)
    return np.array(out, dtype=int)


def _clearing_step(xy, pts, ends, centres, boxes, owners, can, hit, pad):
    """One round of :func:`clear_edges`: how far each node moves for every (box, edge) ``hit``.

    A box an edge runs through moves away from the edge's nearest point by
    half its overlap (at least 1 unit), the edge's ends 0.3 of that the other
    way; a label hit by a sibling line of its own pair lengthens the pair
    instead. Every hit at once, summed in the order of the hits.
    """
    import numpy as np

    bi, ej = np.nonzero(hit)
    c = centres[bi]
    gaps = pts[ej] - c[:, None, :]  # H x T x 2
    closest = pts[ej, np.argmin(np.hypot(gaps[:, :, 0], gaps[:, :, 1]), axis=1)]
    away = c - closest
    norm = np.hypot(away[:, 0], away[:, 1])
    flat = norm < 1e-6  # the box's centre on the line: away along the line's normal
    if flat.any():
        ab = xy[ends[ej, 1]] - xy[ends[ej, 0]]
        ab_len = np.hypot(ab[:, 0], ab[:, 1])
        away = np.where(flat[:, None], np.stack([-ab[:, 1], ab[:, 0]], axis=1), away)
        norm = np.where(flat, np.where(ab_len == 0, 1.0, ab_len), norm)
    away = away / norm[:, None]
    half = boxes[bi]
    extent = np.abs(away[:, 0]) * (half[:, 2] - half[:, 0]) / 2 + np.abs(away[:, 1]) * (half[:, 3] - half[:, 1]) / 2 + pad
    push = np.maximum(extent - norm, 2.0) * 0.5
    m0, m1 = owners[bi, 0], owners[bi, 1]
    e0, e1 = ends[ej, 0], ends[ej, 1]
    sibling = (m1 >= 0) & (((m0 == e0) & (m1 == e1)) | ((m0 == e1) & (m1 == e0)))
    along = xy[e1] - xy[e0]
    along_len = np.hypot(along[:, 0], along[:, 1])
    along = along / np.where(along_len == 0, 1.0, along_len)[:, None]
    # four moves per hit, in the order the rule reads: movers first, then the edge's ends
    idx = np.stack([np.where(sibling, e0, m0), np.where(sibling, e1, np.maximum(m1, 0)), e0, e1], axis=1)
    sib = sibling[:, None]
    moves = np.stack([
        np.where(sib, -(along * push[:, None] * can[e0][:, None]), away * push[:, None] * can[m0][:, None]),
        np.where(sib, along * push[:, None] * can[e1][:, None],
                 np.where((m1 >= 0)[:, None], away * push[:, None] * can[np.maximum(m1, 0)][:, None], 0.0)),
        np.where(sib, 0.0, -(away * push[:, None] * 0.3 * can[e0][:, None])),
        np.where(sib, 0.0, -(away * push[:, None] * 0.3 * can[e1][:, None])),
    ], axis=1)  # H x 4 x 2
    step = np.zeros_like(xy)
    np.add.at(step, idx.reshape(-1), moves.reshape(-1, 2))
    return step


def clear_edges(pos, boxes, edges, movable=None, labels=(), rounds=80, pad=PAD):
    """Move nodes so that no edge passes through another node's box or an edge label; returns new positions.

    ``edges`` are (u, v) pairs drawn straight; ``labels`` are ``(u, v, box)``
    boxes around the middle of the edge u-v (the amounts). Edges and labels
    may carry a bend (``(u, v, bend)``, ``(u, v, bend, box)``: see
    :func:`curve_points`) to follow curved edges as drawn. A box an edge runs
    through moves away from the edge, the edge's ends a little the other way.

    >>> out = clear_edges({"a": (0, 0), "b": (200, 0), "c": (100, 2)}, dict.fromkeys("abc", (-10, -10, 10, 10)),
    ...                   [("a", "b")])
    >>> abs(out["c"][1]) > 10
    True
    """
    import numpy as np

    nodes = list(pos)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(e[0], e[1], e[2] if len(e) > 2 else 0.0) for e in edges]
    edges = [e for e in edges if e[0] in index and e[1] in index and e[0] != e[1]]
    if not edges:
        return dict(pos)
    ends = np.array([(index[u], index[v]) for u, v, _ in edges], dtype=int)
    bends = np.array([b for _, _, b in edges], dtype=float)
    lab = [(index[lk[0]], index[lk[1]], lk[-1], lk[2] if len(lk) > 3 else 0.0) for lk in labels
           if lk[0] in index and lk[1] in index and lk[0] != lk[1]]
    xy = np.array([pos[n] for n in nodes], dtype=float)
    nb = np.array([boxes[n] for n in nodes], dtype=float)
    owners = np.array([(i, -1) for i in range(len(nodes))] + [(u, v) for u, v, _, _ in lab], dtype=int)
    all_boxes = np.vstack([nb, np.array([b for _, _, b, _ in lab], dtype=float)]) if lab else nb
    lab_ends = np.array([(u, v) for u, v, _, _ in lab], dtype=int).reshape(-1, 2)
    lab_bends = np.array([b for _, _, _, b in lab], dtype=float)
    can = np.array([movable is None or n in movable for n in nodes], dtype=float)
    own_edge = _label_edges(ends, bends, lab, len(nodes))
    own = _own_lines(ends, owners, own_edge)
    t = np.linspace(0.0, 1.0, 41)
    for _ in range(rounds):
        pts = curve_points(xy, ends, bends, t)
        centres = np.vstack([xy, curve_points(xy, lab_ends, lab_bends, np.array([0.5]))[:, 0, :]]) if lab else xy
        hit = _segments_hits(pts, ends, centres, all_boxes, owners, pad, own=own)
        if not hit.any():
            break
        step = _clearing_step(xy, pts, ends, centres, all_boxes, owners, can, hit, pad)
        if not step.any():
            break  # only fixed nodes are in the way: every further round is this one
        xy += step
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def stretch(part, boxes, links, movable=None, arrow=40.0):
    """Lengthen every edge that carries a label until the label fits between its ends' boxes and the arrow head.

    >>> out = stretch({"a": (0, 0), "b": (30, 0)}, dict.fromkeys("ab", (-10, -10, 10, 10)), [("a", "b", (-20, -5, 20, 5))])
    >>> out["b"][0] - out["a"][0] >= 20 + 40 + 40
    True
    """
    part = dict(part)
    for u, v, box in links:
        if u not in part or v not in part or u == v:
            continue
        (ux, uy), (vx, vy) = part[u], part[v]
        d = math.hypot(vx - ux, vy - uy) or 1.0
        ex, ey = (vx - ux) / d, (vy - uy) / d

        def reach(b):  # half the extent of a box along the edge
            return abs(ex) * (b[2] - b[0]) / 2 + abs(ey) * (b[3] - b[1]) / 2

        need = reach(boxes[u]) + reach(boxes[v]) + 2 * reach(box) + 2 * arrow
        if d >= need:
            continue
        grow = need - d
        mu, mv = (movable is None or u in movable), (movable is None or v in movable)
        if not (mu or mv):
            continue
        su, sv = (grow / 2, grow / 2) if mu and mv else ((grow, 0.0) if mu else (0.0, grow))
        part[u] = (ux - ex * su, uy - ey * su)
        part[v] = (vx + ex * sv, vy + ey * sv)
    return part


def untangle(part, boxes, edges, links, movable=None, curved=None):
    """Alternate keeping edges out of boxes and amounts (:func:`clear_edges`) and boxes apart (:func:`separate`).

    ``edges`` as drawn (``(u, v)`` or ``(u, v, bend)``); ``curved`` the amounts
    as ``(u, v, bend, box)`` (default: ``links``, straight).
    """
    curved = curved if curved is not None else [(u, v, 0.0, b) for u, v, b in links]
    part = stretch(part, boxes, links, movable)
    for _ in range(5):
        part = clear_edges(part, boxes, edges, movable=movable, labels=curved)
        part = separate(part, boxes, movable=movable, links=links)
    # entity labels last: where an amount could not be given room, the names still do not collide
    return separate(part, boxes, movable=movable)


def blocked(part, boxes, edges, curved=(), pad=2.0):
    """How many boxes (entities, amounts) an edge passes through or another box overlaps: the layout's cost."""
    import numpy as np

    nodes = list(part)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(e[0], e[1], e[2] if len(e) > 2 else 0.0) for e in edges if e[0] in index and e[1] in index and e[0] != e[1]]
    lab = [(index[u], index[v], b, box) for u, v, b, box in curved if u in index and v in index and u != v]
    xy = np.array([part[n] for n in nodes], dtype=float)
    nb = np.array([boxes[n] for n in nodes], dtype=float)
    all_boxes = np.vstack([nb, np.array([b[3] for b in lab], dtype=float)]) if lab else nb
    lab_ends = np.array([(u, v) for u, v, _, _ in lab], dtype=int).reshape(-1, 2)
    lab_bends = np.array([b for _, _, b, _ in lab], dtype=float)
    centres = np.vstack([xy, curve_points(xy, lab_ends, lab_bends, np.array([0.5]))[:, 0, :]]) if lab else xy
    owners = np.array([(i, -1) for i in range(len(nodes))] + [(u, v) for u, v, _, _ in lab], dtype=int)
    bad = np.zeros(len(all_boxes), dtype=bool)
    if edges:
        ends = np.array([(index[u], index[v]) for u, v, _ in edges], dtype=int)
        pts = curve_points(xy, ends, np.array([b for _, _, b in edges], dtype=float), np.linspace(0, 1, 41))
        bends = np.array([b for _, _, b in edges], dtype=float)
        own_edge = _label_edges(ends, bends, [(u, v, None, b) for u, v, b, _ in lab], len(nodes))
        bad |= _segments_hits(pts, ends, centres, all_boxes, owners, pad, own_edge).any(axis=1)
    left, top = centres[:, 0] + all_boxes[:, 0], centres[:, 1] + all_boxes[:, 1]
    right, bottom = centres[:, 0] + all_boxes[:, 2], centres[:, 1] + all_boxes[:, 3]
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
    hit = (ox > 0) & (oy > 0)
    np.fill_diagonal(hit, False)
    bad |= hit.any(axis=1)
    return int(bad.sum())
