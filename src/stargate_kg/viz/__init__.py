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

The parts:

- :mod:`~stargate_kg.viz.selection`: what is shown at first (the story's
  money and partnerships, one rule; a focus neighbourhood);
- :mod:`~stargate_kg.viz.facts`: the facts behind each drawn edge (money from
  the library's answer rows, :func:`~stargate_kg.viz.facts.money_rows`), their
  statuses, one edge per pair and family;
- :mod:`~stargate_kg.viz.data` and :mod:`~stargate_kg.viz.draw`: the data the
  page carries and how vis-network draws it;
- :mod:`~stargate_kg.viz.money`: amounts in English and Chinese, edge widths,
  joint pledges drawn once;
- :mod:`~stargate_kg.viz.layout`, :mod:`~stargate_kg.viz.boxes` and
  :mod:`~stargate_kg.viz.untangle`: a seeded layout, label boxes kept apart,
  lines kept out of names and amounts;
- :mod:`~stargate_kg.viz.langs`: the page's three languages (English, simplified and traditional
  Chinese, the region's names for zh-TW and zh-HK);
- :mod:`~stargate_kg.viz.page`: the HTML, with vis-network inline.

The page opens on the story's money and partnerships (26 entities of the
shipped graph) and carries the rest hidden: every legend entry is a check
box (types, relation families, statuses), with a money-only switch, a date
range, a language switch (English, 简体中文, 繁體中文: labels, amounts and dates as
traditional-character readers write them; quotes as the articles printed them), and PNG and SVG
downloads of the view.

>>> from stargate_kg import load
>>> html = render_html(load(), focus="软银", lang="zh")
>>> "<script src=" in html or "<link" in html
False
>>> "软银" in html
True
"""

from pathlib import Path

from stargate_kg.exceptions import InvalidChoice, NothingToDraw
from stargate_kg.viz.money import amount_text, joint_pledges, money_width
from stargate_kg.viz.data import page_data, shown
from stargate_kg.viz.facts import money_rows
from stargate_kg.viz.page import FAMILY_STYLE, LANGS, TEMPLATE, TEXT, TYPE_COLORS, html_page, safe_json, vis_assets
from stargate_kg.viz.selection import neighbourhood, partner_network, select_view

__all__ = [
    "FAMILY_STYLE", "TEMPLATE", "TEXT", "TYPE_COLORS", "amount_text", "html_page", "joint_pledges", "map_view",
    "money_rows", "money_width", "neighbourhood", "page_data", "partner_network", "render_html", "safe_json", "select_view",
    "shown", "vis_assets",
]


def _day(value, end, what):
    """An ISO date of any precision (2025, 2025-07, 2025-07-21) as the first or last day it covers."""
    import datetime

    from stargate_kg.viz.page import date_range

    if value in (None, ""):
        return None
    from stargate_kg.i18n_zh import parse_zh_date

    text = parse_zh_date(value) or str(value).strip()  # 2025年7月, as Chinese output prints it, too
    lo, hi = date_range(text)
    try:
        datetime.date.fromisoformat(lo)
        if len(text) not in (4, 7, 10):
            raise ValueError(text)
    except ValueError:
        raise InvalidChoice(what, value, ["a date such as 2025, 2025-07 or 2025-07-21"]) from None
    if len(text) == 7:  # the real last day of the month, for the page's date input
        y, m = int(text[:4]), int(text[5:7])
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        hi = (nxt - datetime.timedelta(days=1)).isoformat()
    return hi if end else lo


def _included(kg, names):
    """Relation families and entity types (with their subclasses) named by ``include``."""
    from stargate_kg.network import entity_classes, family_names, relation_filter, type_filter

    out = set()
    for name in names or ():
        if not str(name).strip():
            continue
        try:
            fams, rels = relation_filter(kg, [name])
            if fams:
                out |= fams
                continue
        except InvalidChoice:
            pass
        try:
            out |= type_filter(kg, [name])
        except InvalidChoice:
            raise InvalidChoice("family or entity type", name, family_names(kg) + sorted(entity_classes(kg))) from None
    return out


def map_view(kg, focus=None, depth=1, families=None, types=None, min_degree=0, everything=False):
    """What a map carries and shows at first: (projection, view carried, focus node, (core nodes, core edge keys)).

    Without ``families``, ``types`` or ``everything`` the page carries the
    whole projection and shows the partner network
    (:func:`~stargate_kg.viz.selection.partner_network`); with any of them it
    shows all it carries. ``focus`` narrows both to ``depth`` steps around an
    entity (over the partner network's relations when the entity is in it).
    """
    from stargate_kg.lookup import resolve
    from stargate_kg.network import to_networkx

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
    plain = families is None and types is None and not everything
    if plain:
        money = [(r.funder_iris, r.recipient) for r in money_rows(kg)
                 if r.amount is not None and r.rank != "deprecated" and not r.inferred]
        core_nodes, core_edges = partner_network(g, money)
    else:
        core_nodes, core_edges = set(g), set(g.edges(keys=True))
    if node is not None:
        if plain and node in core_nodes:
            near = neighbourhood(g, node, depth, core_edges)
        else:
            near = neighbourhood(g, node, depth)
            core_edges = set(g.edges(keys=True))
        core_nodes = near
        core_edges = {e for e in core_edges if e[0] in near and e[1] in near}
    view = select_view(g, node, depth, min_degree)
    core_nodes &= set(view)
    core_edges = {e for e in core_edges if e[0] in core_nodes and e[1] in core_nodes}
    if view.number_of_edges() == 0 or not core_edges:
        who = f"{ent.label} has" if focus is not None else "the chosen entities have"
        raise NothingToDraw(
            f"nothing to draw: {who} no relations with the chosen relations and types; "
            "lower --min-degree or widen --relations/--types."
        )
    return g, view, node, (core_nodes, core_edges)


def render_html(kg, out_path=None, focus=None, depth=1, families=None, types=None, lang="en", min_degree=0,
                include=None, everything=False, include_inferred=False, money_only=False, date_from=None,
                date_to=None):
    """Draw the partner network as one offline HTML page; write it to ``out_path`` when given.

    By default the page opens on the partner network (the rule in
    :mod:`stargate_kg.viz.selection`) and carries the rest of the graph
    hidden, behind the legend's check boxes. ``include`` (relation families or
    entity types, e.g. ``["claim", "MediaOutlet"]``) ticks more legend entries
    at opening; ``everything`` shows the whole graph. ``families`` and
    ``types`` restrict the page to those relations and entity types (as
    :func:`stargate_kg.network.to_networkx` takes them), all shown. ``focus``
    (a name, resolved like everywhere else) limits the map to the entities
    within ``depth`` steps, with the focus in the centre; ``lang`` ('en', 'zh',
    or traditional Chinese: 'zh-Hant', 'zh-TW', 'zh-HK') picks the labels at opening (the page switches
    between English, simplified and traditional Chinese); ``min_degree``
    hides entities linked to fewer other entities. ``include_inferred``,
    ``money_only``, ``date_from`` and ``date_to`` (2025, 2025-07 or
    2025-07-21) set the page's filters at opening. Returns the HTML text.

    Raises NothingToDraw when no relation is left to draw, UnknownEntity or
    AmbiguousEntity for a bad ``focus``, InvalidChoice for an unknown family,
    type, language or date.
    """
    from stargate_kg.i18n_zh import LANGS as CLI_LANGS
    from stargate_kg.viz.langs import page_lang

    if page_lang(lang) is None:
        raise InvalidChoice("language", lang, list(CLI_LANGS))
    if not isinstance(depth, int) or depth < 1:
        raise InvalidChoice("depth", depth, ["a whole number of steps, 1 or more"])
    lo, hi = _day(date_from, False, "start date"), _day(date_to, True, "end date")
    if lo and hi and lo > hi:
        raise InvalidChoice("date range", f"{date_from}..{date_to}", ["a start date on or before the end date"])
    ticked = _included(kg, include)
    g, view, node, core = map_view(kg, focus, depth, families, types, min_degree, everything)
    html = html_page(page_data(
        kg, view, lang=lang, focus=node, depth=depth, whole=g, core=core, include=ticked, scope_all=everything or families is not None or types is not None,
        money_only=money_only, date_from=lo, date_to=hi, include_inferred=include_inferred,
    ))
    if out_path is not None:
        Path(out_path).write_text(html, encoding="utf-8")
    return html
