"""What the map shows: the money and partnerships of the story by default, a neighbourhood around a focus.

The default view (:func:`partner_network`) follows one rule, written out in
the README's map section:

1. **Money**: every payer, party and recipient of a money fact with a stated
   amount (the rows of the library's money answer,
   :func:`stargate_kg.viz.facts.money_rows`; deprecated rows and editors'
   inferences left out);
2. **Partners**: organisations, projects and data-center sites
   (:data:`DEFAULT_TYPES`) linked by money or partnership relations
   (:data:`PARTNER_FAMILIES`; rivalry is not partnership) to at least
   :data:`MIN_PARTNER_LINKS` of the entities of rule 1;
3. **Leaders**: people who lead (:data:`LEAD_RELATIONS`: CEO, founder, chair,
   president, ``leads``) an entity of rule 1.

The relations drawn are those of :data:`DEFAULT_FAMILIES` (money, partnership,
roles; sites and projects are a tick away) between these
entities. On the shipped graph this gives 16 entities (and three joint-pledge
diamonds): the story at a glance. Everything else (claims and doubts,
publications, media outlets, events, places, products, other people, smaller
partners) stays in the page, hidden, behind the legend's check boxes;
``--include`` and ``--all`` choose it from the command line.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, t in [("acme", "Company"), ("fund", "InvestmentFund"), ("ceo", "Person"), ("pundit", "Person"),
...              ("site", "DataCenterSite"), ("lab", "Company")]:
...     g.add_node(n, type=t, types=[t])
>>> _ = g.add_edge("fund", "acme", relation="investsIn", families=["funding"])
>>> _ = g.add_edge("ceo", "acme", relation="ceoOf", families=["roles"])
>>> _ = g.add_edge("pundit", "acme", relation="doubts", families=["claim"])
>>> _ = g.add_edge("site", "acme", relation="supplierOf", families=["partnership"])
>>> _ = g.add_edge("fund", "site", relation="owns", families=["funding"])
>>> _ = g.add_edge("lab", "acme", relation="partnerOf", families=["partnership"])
>>> nodes, edges = partner_network(g, money=[(["fund"], "acme")])
>>> sorted(nodes)
['acme', 'ceo', 'fund', 'site']
"""

#: Entity types (most specific class names) of the default view, besides leaders.
ORGANISATION_TYPES = ("Company", "JointVenture", "InvestmentFund", "GovernmentBody", "Organization")
DEFAULT_TYPES = ORGANISATION_TYPES + ("Project", "DataCenterSite")
#: People are drawn when they hold one of these relations to an entity of DEFAULT_TYPES.
LEAD_RELATIONS = ("ceoOf", "founderOf", "chairOf", "presidentOf", "leads")
#: Relation families of the default view.
DEFAULT_FAMILIES = ("funding", "moneyflow", "partnership", "roles")
#: Families that carry money: only these edges are drawn as money (width by amount, amount label).
MONEY_FAMILIES = ("funding", "moneyflow")
#: Families that make an entity a partner (rule 2).
PARTNER_FAMILIES = ("funding", "moneyflow", "partnership")
#: A partner (rule 2) is linked to at least this many entities of rule 1.
MIN_PARTNER_LINKS = 2
#: Relations of a default family that are not partner links.
EXCLUDED_RELATIONS = ("competitorOf",)


def is_money(attrs):
    """True for a money relation (funding or money flow); a claim that quotes an amount is not.

    >>> is_money({"families": ["funding", "moneyflow"]}), is_money({"families": ["claim"], "amount": 5e11})
    (True, False)
    """
    fams = attrs.get("families") or [attrs.get("family")]
    return "claim" not in fams and any(f in MONEY_FAMILIES for f in fams)


def _types(g, n):
    attrs = g.nodes[n]
    return set(attrs.get("types") or [attrs.get("type")])


def default_edge(g, u, v, attrs):
    """True when the statement ``u -> v`` belongs to the default view by rules 1 and 2."""
    if attrs.get("rank") == "deprecated" or attrs.get("inferred"):
        return False
    if attrs.get("relation") in EXCLUDED_RELATIONS:
        return False
    fams = set(attrs.get("families") or [attrs.get("family")])
    if not fams & set(DEFAULT_FAMILIES) or "claim" in fams:
        return False
    tu, tv = _types(g, u), _types(g, v)
    core_u, core_v = bool(tu & set(DEFAULT_TYPES)), bool(tv & set(DEFAULT_TYPES))
    if core_u and core_v:
        return True
    # a person who leads an organisation, project or site
    return core_v and "Person" in tu and attrs.get("relation") in LEAD_RELATIONS


def partner_network(g, money=None):
    """The default view of the projection ``g``: (set of nodes, set of edge keys ``(u, v, key)``).

    ``money`` lists the money facts with an amount as ``(parties, recipient)``
    (see :func:`stargate_kg.viz.facts.money_rows`); without it, the money
    edges of ``g`` that carry an amount stand in. See the module docstring for the rule.
    """
    from collections import defaultdict

    if money is None:
        money = [([u], v) for u, v, d in g.edges(data=True) if is_money(d) and d.get("amount") is not None
                 and d.get("rank") != "deprecated" and not d.get("inferred")]
    core = {n for parties, recipient in money for n in (*parties, recipient) if n in g}
    edges = {(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if default_edge(g, u, v, d)}
    links, leaders = defaultdict(set), set()
    for u, v, k in edges:
        d = g.edges[u, v, k]
        if v in core and "Person" in _types(g, u) and d.get("relation") in LEAD_RELATIONS:
            leaders.add(u)
        if not set(d.get("families") or [d.get("family")]) & set(PARTNER_FAMILIES):
            continue
        for a, b in ((u, v), (v, u)):
            if b in core and a not in core and _types(g, a) & set(DEFAULT_TYPES):
                links[a].add(b)
    nodes = core | leaders | {a for a, linked in links.items() if len(linked) >= MIN_PARTNER_LINKS}
    return nodes, {e for e in edges if e[0] in nodes and e[1] in nodes}


def neighbourhood(g, focus, depth, edges=None):
    """Nodes within ``depth`` steps of ``focus`` in ``g``, following only ``edges`` (keys) when given.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(neighbourhood(g, "b", 1))
    ['a', 'b', 'c']
    >>> sorted(neighbourhood(g, "b", 2, edges={("b", "c", 0)}))
    ['b', 'c']
    """
    import networkx as nx

    linked = nx.Graph()
    linked.add_node(focus)
    pairs = ((u, v) for u, v, k in (edges if edges is not None else g.edges(keys=True)))
    linked.add_edges_from(p for p in pairs if p[0] != p[1])
    return set(nx.single_source_shortest_path_length(linked, focus, cutoff=depth))


def select_view(g, focus=None, depth=1, min_degree=0):
    """The part of the projection ``g`` to draw (every relation counts).

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
    from stargate_kg.network import connectivity

    view, linked = g, connectivity(g)
    if focus is not None:
        view = g.subgraph(neighbourhood(g, focus, depth))
    if min_degree and min_degree > 0:
        view = view.subgraph([n for n in view if linked.degree(n) >= min_degree or n == focus])
    return view
