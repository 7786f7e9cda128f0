"""What the map shows: the partner network by default, a neighbourhood around a focus.

The default view (:func:`partner_network`) follows one rule, written out in
the README's map section:

1. **Entities**: organisations (companies, the joint venture, investment
   funds, government bodies; not media outlets), projects and data-center
   sites; people only when they lead one of those (:data:`LEAD_RELATIONS`:
   CEO, founder, chair, president, or ``leads`` a project or site).
2. **Relations** between them: money (funding and money flow), partnership,
   roles and sites/projects (:data:`DEFAULT_FAMILIES`); rivalry
   (``competitorOf``) is not partnership. Statements ranked deprecated, and
   statements an editor inferred (``sg:inferred true``), are left out.
3. **Groups with money**: of the connected groups these form, only those with
   at least one money relation are kept, so a lone CEO-and-company pair
   unrelated to the story's money does not float at the edge of the map.

Everything else (claims and doubts, publications, media outlets, events,
places, products, other people) stays in the page, hidden, behind the legend's
check boxes; ``--include`` and ``--all`` choose it from the command line.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("acme", type="Company", types=["Company"])
>>> g.add_node("fund", type="InvestmentFund", types=["InvestmentFund"])
>>> g.add_node("ceo", type="Person", types=["Person"])
>>> g.add_node("pundit", type="Person", types=["Person"])
>>> _ = g.add_edge("fund", "acme", relation="investsIn", families=["funding"])
>>> _ = g.add_edge("ceo", "acme", relation="ceoOf", families=["roles"])
>>> _ = g.add_edge("pundit", "acme", relation="doubts", families=["claim"])
>>> nodes, edges = partner_network(g)
>>> sorted(nodes)
['acme', 'ceo', 'fund']
"""

#: Entity types (most specific class names) of the default view, besides leaders.
ORGANISATION_TYPES = ("Company", "JointVenture", "InvestmentFund", "GovernmentBody", "Organization")
DEFAULT_TYPES = ORGANISATION_TYPES + ("Project", "DataCenterSite")
#: People are drawn when they hold one of these relations to an entity of DEFAULT_TYPES.
LEAD_RELATIONS = ("ceoOf", "founderOf", "chairOf", "presidentOf", "leads")
#: Relation families of the default view.
DEFAULT_FAMILIES = ("funding", "moneyflow", "partnership", "roles", "site")
#: Families that carry money: only these edges are drawn as money (width by amount, amount label).
MONEY_FAMILIES = ("funding", "moneyflow")
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


def partner_network(g):
    """The default view of the projection ``g``: (set of nodes, set of edge keys ``(u, v, key)``).

    See the module docstring for the rule.
    """
    import networkx as nx

    edges = {(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if default_edge(g, u, v, d)}
    linked = nx.Graph()
    linked.add_edges_from((u, v) for u, v, _ in edges)
    money = {n for u, v, k in edges if is_money(g.edges[u, v, k]) for n in (u, v)}
    nodes = set()
    for group in nx.connected_components(linked):
        if group & money:
            nodes |= group
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
