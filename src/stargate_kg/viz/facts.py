"""What each drawn edge stands for: facts (one per statement, or one per money row), grouped by pair and family.

The map draws **one edge per pair of entities and relation family**. Behind
each edge are its *facts*: every money fact is a row of the library's money
answer (:func:`money_rows`, i.e. :func:`stargate_kg.answers.funding.money_flows`
with deprecated and inferred rows: the same fact stated in several articles is
already one row there, with every quote), every other relation a statement of
the networkx projection. :func:`group_facts` puts the facts of one pair and
family on one edge; the edge carries their count and the largest amount (or
the joint total), and the page's details panel lists every fact with its
quotes.

Each fact has a **status class** (:func:`status_class`), drawn differently and
filtered in the legend:

- ``in_force``: done, operating, under construction, committed or reported;
- ``planned``: announced, planned, considered or projected (预计: a figure
  not reached yet);
- ``disputed``: scaled back, disputed or cancelled, or contradicted by a later
  report or doubt the graph records (``sg:conflictsWith`` a claim: the
  January 2025 "immediate $100B", reported scaled back by the WSJ in July);
- ``deprecated``: ranked deprecated (hidden at opening);
- ``inferred``: an editor's reading (``sg:inferred true``; hidden at opening).

>>> status_class(["scaled back"], None, False), status_class(["announced"], "normal", False)
('disputed', 'planned')
>>> status_class([], "deprecated", False), status_class(["reported"], None, False)
('deprecated', 'in_force')
>>> status_class(["projected"], None, False)
'planned'
"""

#: Status classes in legend order; the first three are shown at opening.
STATUS_CLASSES = ("in_force", "planned", "disputed", "deprecated", "inferred")
DEFAULT_STATUSES = ("in_force", "planned", "disputed")
PLANNED = frozenset({"announced", "planned", "considered", "proposed", "expected", "projected"})
DISPUTED = frozenset({"scaled back", "disputed", "cancelled", "canceled", "doubted"})
#: Families whose statements count as a later report or doubt against a money fact.
REPORT_FAMILIES = ("claim",)


def status_class(statuses, rank, inferred, disputed_by=()):
    """The status class of a fact: see the module docstring."""
    if rank == "deprecated":
        return "deprecated"
    if inferred:
        return "inferred"
    if set(statuses or ()) & DISPUTED or disputed_by:
        return "disputed"
    if set(statuses or ()) & PLANNED:
        return "planned"
    return "in_force"


def money_rows(kg):
    """The money facts the map draws: the library's money answer rows, every one (deprecated and inferred too).

    This is the map's one dependence on the answer layer; switch it here.

    >>> from stargate_kg import load
    >>> rows = money_rows(load())
    >>> [sorted(p["iri"].rsplit("/", 1)[1] for p in r.funders) for r in rows
    ...  if r.joint and r.amount == 500_000_000_000 and r.rank != "deprecated"]
    [['openai', 'oracle', 'softbank']]
    """
    from stargate_kg.answers.funding import money_flows

    return money_flows(kg, include_deprecated=True, include_inferred=True)


def row_family(row):
    """The map's relation family of a money row: purchases are money flow, the rest funding."""
    return "moneyflow" if row.kind == "purchase" else "funding"


def article_meta(kg, hant="zh-Hant"):
    """{article id: {"date", "outlet": {"en", "zh", "zh-Hant"}}} from the graph's sources (cached)."""
    from stargate_kg.viz.langs import fact_texts, in_langs

    def build():
        query = """SELECT ?a ?date ?pl WHERE { ?a a sg:Article .
            OPTIONAL { ?a <https://schema.org/datePublished> ?date }
            OPTIONAL { ?a <https://schema.org/publisher> ?p . ?p rdfs:label ?pl } }"""
        out = {}
        for r in kg.select(query):
            aid = str(r["a"]).rsplit("/", 1)[-1]
            rec = out.setdefault(aid, {"date": str(r["date"] or ""), "outlet": {}})
            if r["pl"] is not None:
                lang = getattr(r["pl"], "language", None) or "en"
                rec["outlet"].setdefault(lang, str(r["pl"]))
        for rec in out.values():
            rec["outlet"] = in_langs(rec["outlet"], rec["outlet"].get("zh") or "", hant)
            rec["date_texts"] = fact_texts({"date": rec["date"][:10]}, hant)["date_texts"]
        return out

    return kg.cached(f"viz_article_meta_{hant}", build)


def _headline(facts):
    """The fact an edge is labelled with: standing facts first, then the largest amount, then the most sources."""
    def key(f):
        standing = f["status_class"] not in ("deprecated", "inferred")
        return (not standing, -(f["usd"] or 0), f["amount"] is None, -len(f["sources"]), f["date"], f["key"])

    return sorted(facts, key=key)[0]


def group_facts(facts):
    """Facts grouped into drawn edges: one per unordered pair and family (a joint hub's edges per hub).

    Returns a list of ``{"from", "to", "family", "facts", "both_ways"}``: the
    direction is the headline fact's; ``both_ways`` when facts of the group
    run in both directions. A fact with ``drawn_from``/``drawn_to`` is drawn
    between those (a party's own funding of a recipient, on its line into
    the joint pledge it is party to).

    >>> f = lambda a, b, k, amt=None: {"from": a, "to": b, "family": "funding", "status_class": "in_force",
    ...     "usd": amt, "amount": amt, "sources": [], "date": "", "key": k}
    >>> [(e["from"], e["to"], len(e["facts"])) for e in group_facts([f("x", "y", "1"), f("x", "y", "2", 5.0), f("y", "x", "3")])]
    [('x', 'y', 3)]
    """
    groups, order = {}, []
    ends = {id(f): (f.get("drawn_from") or f["from"], f.get("drawn_to") or f["to"]) for f in facts}
    for f in facts:
        key = (tuple(sorted(ends[id(f)])), f["family"])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    out = []
    for key in order:
        facts_ = groups[key]
        head = _headline(facts_)
        ordered = [head] + sorted((f for f in facts_ if f is not head), key=lambda f: (
            STATUS_CLASSES.index(f["status_class"]), -(f["usd"] or 0), f["date"], f["key"]))
        out.append({"from": ends[id(head)][0], "to": ends[id(head)][1], "family": key[1], "facts": ordered,
                    "both_ways": len({ends[id(f)] for f in facts_}) > 1})
    return out
