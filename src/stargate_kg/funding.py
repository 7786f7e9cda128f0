"""Who funds whom: money statements as flows from payer to payee.

"Funding" is equity, ownership, commitments and loans (LittleSis's kinds);
purchases (a cloud contract, GPUs) are money flows too but not funding, and
are included only when asked for with ``kinds``.

>>> from stargate_kg import load
>>> from stargate_kg.lookup import resolve
>>> kg = load()
>>> flows = funders(kg, resolve(kg, "OpenAI").iri)
>>> any(f.funder_label == "Nvidia" and f.amount == 100_000_000_000 for f in flows)
True
"""

from dataclasses import dataclass, field

from stargate_kg.statements import fetch_statements

FUNDING_KINDS = ("equity", "ownership", "commitment", "loan")
MONEY_KINDS = FUNDING_KINDS + ("purchase",)

MONEY_PATTERN = """?st a sg:Statement ; sg:relation ?rel ; sg:object ?o . ?rel sg:family sg:MoneyFlow . BIND("out" AS ?dir)"""
DEFAULT_KIND = "SELECT ?rel ?kind WHERE { ?rel sg:defaultMoneyKind ?k . ?k skos:prefLabel ?kind }"


@dataclass
class Flow:
    """Money from ``funder`` to ``recipient``, with what the article says about it."""

    funder: str
    funder_label: str
    recipient: str
    recipient_label: str
    kind: str
    relation: str
    amount: float | int | None
    currency: str | None
    bound: str | None
    date: str | None
    status: str | None
    statement: str
    sources: list
    rank: str | None = None
    note: str | None = None
    path: list = field(default_factory=list)  # for transitive answers: the flows from here to the target

    def as_json(self):
        out = {
            "funder": {"iri": self.funder, "label": self.funder_label},
            "recipient": {"iri": self.recipient, "label": self.recipient_label},
            "kind": self.kind,
            "relation": self.relation,
            "amount": self.amount,
            "currency": self.currency,
            "bound": self.bound,
            "date": self.date,
            "status": self.status,
            "rank": self.rank,
            "statement": self.statement,
            "sources": [s.as_json() for s in self.sources],
        }
        if self.path:
            out["path"] = [{"funder": p.funder_label, "recipient": p.recipient_label, "kind": p.kind} for p in self.path]
            out["depth"] = len(self.path)
        return out


def money_flows(kg, include_deprecated=False):
    """Every money statement as a Flow (cached)."""

    def build():
        default = {str(r["rel"]).rsplit("#", 1)[-1]: str(r["kind"]) for r in kg.select(DEFAULT_KIND)}
        flows = []
        for st in fetch_statements(kg, MONEY_PATTERN):
            q = st.qualifiers
            flows.append(
                Flow(
                    funder=st.subject,
                    funder_label=st.subject_label,
                    recipient=st.object,
                    recipient_label=st.object_label,
                    kind=q.get("money_kind") or default.get(st.relation, "other"),
                    relation=st.relation,
                    amount=q.get("amount"),
                    currency=q.get("currency"),
                    bound=q.get("bound"),
                    date=q.get("point_in_time") or q.get("start_time"),
                    status=q.get("status"),
                    statement=st.iri,
                    sources=st.sources,
                    rank=q.get("rank"),
                    note=q.get("note"),
                )
            )
        return flows

    flows = kg.cached("money_flows", build)
    return [f for f in flows if include_deprecated or f.rank != "deprecated"]


def _select(kg, kinds, include_deprecated):
    kinds = tuple(kinds) if kinds else FUNDING_KINDS
    return [f for f in money_flows(kg, include_deprecated) if f.kind in kinds]


def _order(flows):
    return sorted(flows, key=lambda f: (len(f.path), -(f.amount or 0), f.funder_label, f.recipient_label, f.statement))


def funders(kg, iri, kinds=None, transitive=False, depth=3, include_deprecated=False):
    """Flows into ``iri``: who funds it. ``transitive`` follows the money upstream.

    With ``transitive``, a flow into a funder at hop N carries ``path``: the
    chain of flows from it down to ``iri``.
    """
    flows = _select(kg, kinds, include_deprecated)
    into = {}
    for f in flows:
        into.setdefault(f.recipient, []).append(f)
    out = [f for f in into.get(iri, [])]
    if not transitive:
        return _order(out)
    results = list(out)
    frontier = [(f, [f]) for f in out]
    seen = {iri}
    for _ in range(max(0, depth - 1)):
        nxt = []
        for f, chain in frontier:
            if f.funder in seen:
                continue
            for g in into.get(f.funder, []):
                if g.funder in {c.recipient for c in chain} | {c.funder for c in chain}:
                    continue  # a cycle: see `stargate-kg cycles`
                path = [g] + chain
                results.append(_with_path(g, path))
                nxt.append((g, path))
        seen |= {f.funder for f, _ in frontier}
        frontier = nxt
    for f in results:
        if not f.path:
            f.path = []
    return _order(results)


def funded(kg, iri, kinds=None, transitive=False, depth=3, include_deprecated=False):
    """Flows out of ``iri``: what it funds. ``transitive`` follows the money downstream."""
    flows = _select(kg, kinds, include_deprecated)
    out_of = {}
    for f in flows:
        out_of.setdefault(f.funder, []).append(f)
    direct = list(out_of.get(iri, []))
    if not transitive:
        return _order(direct)
    results = list(direct)
    frontier = [(f, [f]) for f in direct]
    for _ in range(max(0, depth - 1)):
        nxt = []
        for f, chain in frontier:
            for g in out_of.get(f.recipient, []):
                if g.recipient in {c.funder for c in chain} | {c.recipient for c in chain}:
                    continue
                path = chain + [g]
                results.append(_with_path(g, path))
                nxt.append((g, path))
        frontier = nxt
    return _order(results)


def _with_path(flow, path):
    from dataclasses import replace

    return replace(flow, path=list(path))
