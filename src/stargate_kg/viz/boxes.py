"""How much room each label takes, and pushing boxes apart until none overlaps.

The map's layout (:mod:`stargate_kg.viz.layout`) works on boxes: an entity is
a box with its name inside (:func:`node_box`), an amount a box around the
middle of its edge (:func:`edge_label_box`). Sizes are estimated from the text
(CJK characters one em wide, Latin about half: :func:`text_width`);
:func:`separate` nudges overlapping boxes apart, :func:`overlap_share`
measures what still overlaps.

>>> node_box("OpenAI", 10)
(-27.9, -15.0, 27.9, 15.0)
>>> separate({"a": (0, 0), "b": (0, 0)}, dict.fromkeys("ab", (-5, -5, 5, 5)), pad=0)
{'a': (0.0, -5.0), 'b': (0.0, 5.0)}
"""

import unicodedata

#: Space kept between two label boxes, in canvas units.
PAD = 10.0


def char_width(ch):
    """Advance of one character in ems, roughly, for a sans-serif font."""
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    if ch in "iljtfI.,;:|!'() ":
        return 0.3
    if ch.isupper() or ch in "mwMW":
        return 0.74
    return 0.6


def text_width(text, font_size):
    """Estimated width of one line of text in canvas units.

    >>> text_width("软银", 10), text_width("ab", 10)
    (20.0, 12.0)
    """
    return round(sum(char_width(ch) for ch in text) * font_size, 1)


def label_box(label, font_size, dot):
    """Estimated box of a dot node and its label below, relative to the node centre: (left, top, right, bottom).

    vis-network draws a dot's label centred under it, its top 3 units below
    the dot; each line is about 1.25 font sizes high, plus a 5-unit halo.
    """
    lines = label.split("\n") if label else []
    w = max([text_width(line, font_size) for line in lines] + [2.0 * dot]) + 10
    h = len(lines) * font_size * 1.25 + 6
    return (-w / 2, -dot, w / 2, dot + 3 + h)


def node_box(label, font_size, shape="box"):
    """Estimated box of a node drawn as a labelled box (label inside), or of a label-less diamond, centred.

    >>> node_box("", 12, "diamond")
    (-12.0, -12.0, 12.0, 12.0)
    """
    if shape != "box" or not label:
        return (-12.0, -12.0, 12.0, 12.0)
    lines = label.split("\n")
    w = max(text_width(line, font_size) for line in lines) + 20
    h = len(lines) * font_size * 1.2 + 18
    return (-w / 2, -h / 2, w / 2, h / 2)


def edge_label_box(text, font_size):
    """Estimated box of an edge label centred on the middle of its edge."""
    w = text_width(text, font_size) + 10
    h = font_size * 1.25 + 6
    return (-w / 2, -h / 2, w / 2, h / 2)


def _boxes_arrays(nodes, pos, boxes):
    import numpy as np

    xy = np.array([pos[n] for n in nodes], dtype=float)
    b = np.array([boxes[n] for n in nodes], dtype=float)
    return xy, b


def separate(pos, boxes, movable=None, rounds=300, pad=PAD, links=()):
    """Nudge nodes apart until their label boxes (and dots) no longer overlap; returns new positions.

    ``boxes`` maps a node to its (left, top, right, bottom) relative to the
    node centre. Only nodes in ``movable`` (default: all) move; a pair with
    one fixed node moves the other the whole way. ``links`` are edge labels
    to keep clear too, as ``(u, v, box)``: a box around the middle of the
    edge u-v; pushing one moves both ends, so its edge grows until the label
    has room.

    >>> out = separate({"a": (0, 0), "b": (1, 0)}, dict.fromkeys("ab", (-10, -10, 10, 10)), pad=0)
    >>> abs(out["a"][0] - out["b"][0]) >= 20
    True
    """
    import numpy as np

    nodes = list(pos)
    if len(nodes) < 2:
        return dict(pos)
    index = {n: i for i, n in enumerate(nodes)}
    links = [(index[u], index[v], box) for u, v, box in links if u in index and v in index and u != v]
    xy, b = _boxes_arrays(nodes, pos, boxes)
    if links:
        b = np.vstack([b, np.array([box for _, _, box in links], dtype=float)])
    ends = np.array([(u, v) for u, v, _ in links], dtype=int).reshape(-1, 2)
    can_nodes = np.array([movable is None or n in movable for n in nodes], dtype=float)
    # edge labels stand still (they follow their edge); the nodes around them make room
    can = np.concatenate([can_nodes, np.zeros(len(links))]) if links else can_nodes
    size = len(can)
    idx = np.arange(size)
    tie = np.sign(idx[:, None] - idx[None, :])  # ties broken by index
    share = can[:, None] / np.maximum(can[:, None] + can[None, :], 1e-9)
    for _ in range(rounds):
        pts = np.vstack([xy, (xy[ends[:, 0]] + xy[ends[:, 1]]) / 2]) if links else xy
        left, top = pts[:, 0] + b[:, 0] - pad / 2, pts[:, 1] + b[:, 1] - pad / 2
        right, bottom = pts[:, 0] + b[:, 2] + pad / 2, pts[:, 1] + b[:, 3] + pad / 2
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        cx, cy = (left + right) / 2, (top + bottom) / 2
        dx, dy = cx[:, None] - cx[None, :], cy[:, None] - cy[None, :]
        # push along the axis of the smaller overlap, away from the other box
        sx, sy = np.where(dx == 0, tie, np.sign(dx)), np.where(dy == 0, tie, np.sign(dy))
        along_x = ox < oy
        move = np.zeros((size, 2))
        move[:, 0] = np.where(hit & along_x, sx * ox * share * 0.6, 0.0).sum(axis=1)
        move[:, 1] = np.where(hit & ~along_x, sy * oy * share * 0.6, 0.0).sum(axis=1)
        step = move[: len(nodes)] * can_nodes[:, None]
        if links:  # two amounts in each other's way: each moves its edge (both ends) away from the other
            k = len(nodes)
            ll = hit[k:, k:]
            lx = np.where(ll & along_x[k:, k:], sx[k:, k:] * ox[k:, k:] * 0.3, 0.0).sum(axis=1)
            ly = np.where(ll & ~along_x[k:, k:], sy[k:, k:] * oy[k:, k:] * 0.3, 0.0).sum(axis=1)
            np.add.at(step, ends[:, 0], np.stack([lx, ly], axis=1) * can_nodes[ends[:, 0], None])
            np.add.at(step, ends[:, 1], np.stack([lx, ly], axis=1) * can_nodes[ends[:, 1], None])
        if not step.any():
            break  # what still overlaps cannot move (fixed nodes, amounts): every further round is this one
        xy += step
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def overlap_share(pos, boxes):
    """Share of nodes whose label box overlaps another's (0.0 to 1.0).

    >>> overlap_share({"a": (0, 0), "b": (5, 0), "c": (500, 0)}, dict.fromkeys("abc", (-10, 0, 10, 10)))
    0.6666666666666666
    """
    import numpy as np

    nodes = list(pos)
    if len(nodes) < 2:
        return 0.0
    xy, b = _boxes_arrays(nodes, pos, boxes)
    left, top, right, bottom = xy[:, 0] + b[:, 0], xy[:, 1] + b[:, 1], xy[:, 0] + b[:, 2], xy[:, 1] + b[:, 3]
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
    hit = (ox > 0) & (oy > 0)
    np.fill_diagonal(hit, False)
    return float(hit.any(axis=1).sum()) / len(nodes)
