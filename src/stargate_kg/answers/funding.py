"""Who funds whom: money statements as flows from payer(s) to payee, one row per fact.

"Funding" is equity, ownership, commitments and loans (LittleSis's kinds);
purchases (a cloud contract, GPUs) are money flows too but not funding, and
are included only when asked for with ``kinds``.

One row per fact: statements of the same funder(s), recipient, kind, amount,
bound and date are one :class:`Flow` with all their sources and statuses (as
a Wikidata statement carries several references); different amounts or dates
stay separate rows, and a row whose statement conflicts with another claim
says so (``conflicts``). When the graph prefers one claim of a pledge
(``sg:rank sg:PreferredRank``: the 2024 supercomputer's $100B, given by 002
and 003) and another claim of the same pledge (same parties, recipient and
kind) conflicts with it (002's "more than $100B"), the pledge is one row: the
preferred claim, with the other among its ``conflicts`` (as Wikidata's best
rank); the other is ``outranked_by`` it and shown as a row of its own only
with ``include_deprecated``. A joint figure (``sg:joint true``: OpenAI and
SoftBank pledged $100B together) is one row naming every party, with the
total; the per-party statements without an amount that are its shares
(``sg:shareOf``) are folded into it. Claims the graph ranks as deprecated
and editors' readings (``sg:inferred true``) are left out unless asked for.

>>> from stargate_kg import load
>>> from stargate_kg.lookup import resolve
>>> kg = load()
>>> flows = funders(kg, resolve(kg, "OpenAI").iri)
>>> any(f.funder_label == "Nvidia" and f.amount == 100_000_000_000 for f in flows)
True
>>> joint = [f for f in funders(kg, resolve(kg, "Stargate").iri) if f.joint and f.amount == 100_000_000_000]
>>> [p["label"] for p in joint[0].funders]
['OpenAI', 'SoftBank Group']
"""

from dataclasses import dataclass, field, replace

from stargate_kg.answers.records import figures_of
from stargate_kg.answers.statements import fetch_statements

FUNDING_KINDS = ("equity", "ownership", "commitment", "loan")
MONEY_KINDS = FUNDING_KINDS + ("purchase",)

MONEY_PATTERN = """?st a sg:Statement ; sg:relation ?rel . { ?rel sg:family sg:MoneyFlow } UNION { ?st sg:joint true } BIND("out" AS ?dir)"""
DEFAULT_KIND = "SELECT ?rel ?kind WHERE { ?rel sg:defaultMoneyKind ?k . ?k skos:prefLabel ?kind }"
CONFLICTS = "SELECT ?a ?b WHERE { ?a sg:conflictsWith ?b }"


@dataclass
class Flow:
    """Money from ``funders`` (one party, or every party of a joint figure) to ``recipient``.

    ``statements`` are the graph statements this row stands for (several when
    articles state the same fact separately), ``statuses`` their statuses,
    ``sources`` all their quotes. ``shares`` are per-party statements folded
    into a joint row; ``conflicts`` statements that make an incompatible claim.
    """

    funders: list  # [{"iri", "label"}]
    recipient: str
    recipient_label: str
    kind: str
    relation: str
    amount: float | int | None
    currency: str | None
    bound: str | None
    date: str | None
    statuses: list
    statements: list
    sources: list
    rank: str | None = None
    joint: bool = False
    inferred: bool = False
    duration: str | None = None
    date_qualifier: str | None = None
    stated_by: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    shares: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    path: list = field(default_factory=list)  # for transitive answers: the flows from here to the target
    figures: list = field(default_factory=list)  # other figures: [{"value", "unit", "bound", "min", "max"}]
    value: object = None  # a text value (an editor's English paraphrase)
    outranked_by: str | None = None  # the preferred statement of the same pledge this row conflicts with

    # -- one party's view (the first, or all names joined for a joint row)
    @property
    def funder(self):
        """The funder's IRI; for a joint row, the first party's (see ``funders``)."""
        return self.funders[0]["iri"]

    @property
    def funder_label(self):
        """The funder's label; for a joint row every party, joined with ' + '."""
        return " + ".join(p["label"] for p in self.funders)

    @property
    def funder_iris(self):
        return [p["iri"] for p in self.funders]

    @property
    def statement(self):
        return self.statements[0]

    @property
    def status(self):
        return ", ".join(self.statuses) if self.statuses else None

    @property
    def note(self):
        return self.notes[0] if self.notes else None

    @property
    def deprecated(self):
        return self.rank == "deprecated"

    def as_json(self):
        out = {
            "funders": [dict(p) for p in self.funders],
            "funder": dict(self.funders[0]) if not self.joint else None,
            "joint": self.joint,
            "recipient": {"iri": self.recipient, "label": self.recipient_label},
            "kind": self.kind,
            "relation": self.relation,
            "amount": self.amount,
            "currency": self.currency,
            "bound": self.bound,
            "date": self.date,
            "date_qualifier": self.date_qualifier,
            "duration": self.duration,
            "status": self.status,
            "statuses": list(self.statuses),
            "rank": self.rank,
            "inferred": self.inferred,
            "stated_by": [dict(p) for p in self.stated_by],
            "statement": self.statement,
            "statements": list(self.statements),
            "shares": list(self.shares),
            "conflicts": list(self.conflicts),
            "outranked_by": self.outranked_by,
            "sources": [s.as_json() for s in self.sources],
        }
        if self.path:
            out["path"] = [{"funder": p.funder_label, "recipient": p.recipient_label, "kind": p.kind} for p in self.path]
            out["depth"] = len(self.path)
        return out


def conflict_map(kg):
    """Statement IRI -> the statements it conflicts with (``sg:conflictsWith``, both ways; cached)."""
    def build():
        pairs = {}
        for r in kg.select(CONFLICTS):
            a, b = str(r["a"]), str(r["b"])
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)
        return pairs

    return kg.cached("conflict_map", build)


def _raw_flows(kg):
    """One Flow per money statement (before rows are merged)."""
    default = {str(r["rel"]).rsplit("#", 1)[-1]: str(r["kind"]) for r in kg.select(DEFAULT_KIND)}
    conflicts = conflict_map(kg)
    flows = []
    for st in fetch_statements(kg, MONEY_PATTERN):
        q = st.qualifiers
        if st.joint:
            parties = list(q.get("joint_funders") or [])
            recipient = (st.object, st.object_label) if st.object else (st.subject, st.subject_label)
        else:
            if not st.object:
                continue
            parties = [{"iri": st.subject, "label": st.subject_label}]
            recipient = (st.object, st.object_label)
        flows.append(
            Flow(
                funders=parties,
                recipient=recipient[0],
                recipient_label=recipient[1],
                kind=q.get("money_kind") or default.get(st.relation, "other"),
                relation=st.relation,
                amount=q.get("amount"),
                currency=q.get("currency"),
                bound=q.get("bound"),
                date=q.get("point_in_time") or q.get("start_time"),
                date_qualifier=q.get("date_qualifier"),
                duration=q.get("duration"),
                statuses=[q["status"]] if q.get("status") else [],
                statements=[st.iri],
                sources=list(st.sources),
                rank=q.get("rank"),
                joint=st.joint,
                inferred=st.inferred,
                stated_by=[q["stated_by"]] if q.get("stated_by") else [],
                notes=[q["note"]] if q.get("note") else [],
                shares=list(q.get("share_of") or []),  # for now: what this statement is a share of
                conflicts=sorted(conflicts.get(st.iri, ())),
                figures=figures_of(st),
                value=st.value if isinstance(st.value, str) else None,
            )
        )
    return flows


def _key(f):
    return (tuple(sorted(f.funder_iris)), f.recipient, f.kind, f.amount, f.currency, f.bound, f.date,
            f.duration, f.joint, f.inferred, f.rank == "deprecated")


def _merge(flows):
    """Rows of the same fact (same parties, recipient, kind, amount, bound, date) become one."""
    rows, order = {}, []
    for f in flows:
        k = _key(f)
        if k not in rows:
            rows[k] = f
            order.append(k)
            continue
        row = rows[k]
        row.statements += [s for s in f.statements if s not in row.statements]
        row.statuses += [s for s in f.statuses if s not in row.statuses]
        row.sources += [s for s in f.sources if s not in row.sources]
        row.notes += [n for n in f.notes if n not in row.notes]
        row.stated_by += [p for p in f.stated_by if p not in row.stated_by]
        row.conflicts = sorted(set(row.conflicts) | set(f.conflicts))
        row.date_qualifier = row.date_qualifier or f.date_qualifier
        if f.rank == "preferred" or (row.rank is None and f.rank):
            row.rank = f.rank
    out = []
    for k in order:
        row = rows[k]
        row.conflicts = [c for c in row.conflicts if c not in row.statements]
        row.sources.sort(key=lambda s: (s.article, s.quote))
        out.append(row)
    return out


def money_flows(kg, include_deprecated=False, include_inferred=False, include_outranked=None):
    """Every money fact as a Flow, one row per fact (cached; the rows are shared, do not change them).

    A per-party share of a joint figure is folded into the joint row when that
    row is shown, and shown on its own otherwise (when the joint figure is
    deprecated and left out). A claim a preferred claim of the same pledge
    outranks (:func:`outrank`) is left out unless ``include_outranked``
    (by default: ``include_deprecated``).

    >>> from stargate_kg import load
    >>> kg = load()
    >>> sc = [f for f in money_flows(kg) if f.recipient.endswith("stargate-supercomputer-2024") and f.joint]
    >>> [(f.amount, f.bound, f.rank, len(f.conflicts)) for f in sc]
    [(100000000000, None, 'preferred', 1)]
    >>> [(f.bound, f.rank, f.outranked_by.rsplit("/", 1)[1]) for f in money_flows(kg, include_outranked=True) if f.outranked_by]
    [('more than', 'normal', 'stargate-supercomputer-planned-investment-100b')]
    """
    raw = kg.cached("money_flows_raw", lambda: _raw_flows(kg))
    if include_outranked is None:
        include_outranked = include_deprecated
    key = ("money_flows", include_deprecated, include_inferred, include_outranked)

    def build():
        keep = [replace(f, statements=list(f.statements), statuses=list(f.statuses), sources=list(f.sources),
                        notes=list(f.notes), stated_by=list(f.stated_by), shares=[], conflicts=list(f.conflicts))
                for f in raw
                if (include_deprecated or f.rank != "deprecated") and (include_inferred or not f.inferred)]
        share_of = {f.statements[0]: f.shares for f in raw if f.shares}
        joint_rows = {f.statements[0]: f for f in keep if f.joint}
        shown = []
        for f in keep:
            targets = [t for t in share_of.get(f.statements[0], []) if t in joint_rows]
            if targets:
                for t in targets:
                    joint_rows[t].shares.append(f.statements[0])
                    joint_rows[t].statuses += [s for s in f.statuses if s not in joint_rows[t].statuses]
                continue
            shown.append(f)
        rows = outrank(_merge(shown))
        return rows if include_outranked else [f for f in rows if not f.outranked_by]

    return kg.cached(key, build)


def _pledge(f):
    return tuple(sorted(f.funder_iris)), f.recipient, f.kind


def outrank(rows):
    """Mark each row of normal rank that conflicts with a preferred row of the same pledge (parties, recipient, kind).

    It gets ``outranked_by`` = the preferred row's statement; ``rows`` is returned.
    """
    best = {st: f for f in rows if f.rank == "preferred" for st in f.statements}
    for f in rows:
        if f.rank in ("preferred", "deprecated"):
            continue
        found = [best[c] for c in f.conflicts if c in best and _pledge(best[c]) == _pledge(f)]
        f.outranked_by = found[0].statement if found else None
    return rows


def _select(kg, kinds, include_deprecated, include_inferred):
    kinds = tuple(kinds) if kinds else FUNDING_KINDS
    return [f for f in money_flows(kg, include_deprecated, include_inferred) if f.kind in kinds]


def _order(flows):
    return sorted(flows, key=lambda f: (len(f.path), -(f.amount or 0), f.funder_label, f.recipient_label, f.date or "", f.statement))


def funders(kg, iri, kinds=None, transitive=False, depth=3, include_deprecated=False, include_inferred=False):
    """Flows into ``iri``: who funds it. ``transitive`` follows the money upstream.

    With ``transitive``, a flow into a funder at hop N carries ``path``: the
    chain of flows from it down to ``iri``.
    """
    flows = _select(kg, kinds, include_deprecated, include_inferred)
    into = {}
    for f in flows:
        into.setdefault(f.recipient, []).append(f)
    out = list(into.get(iri, []))
    if not transitive:
        return _order(out)
    results = list(out)
    frontier = [(f, [f]) for f in out]
    seen = {iri}
    for _ in range(max(0, depth - 1)):
        nxt = []
        for f, chain in frontier:
            for party in f.funder_iris:
                if party in seen:
                    continue
                for g in into.get(party, []):
                    on_chain = {c.recipient for c in chain} | {p for c in chain for p in c.funder_iris}
                    if on_chain & set(g.funder_iris):
                        continue  # a cycle: see `stargate-kg cycles`
                    path = [g] + chain
                    results.append(replace(g, path=list(path)))
                    nxt.append((g, path))
        seen |= {p for f, _ in frontier for p in f.funder_iris}
        frontier = nxt
    return _order(results)


def funded(kg, iri, kinds=None, transitive=False, depth=3, include_deprecated=False, include_inferred=False):
    """Flows out of ``iri`` (as sole funder or one party of a joint figure): what it funds.
    ``transitive`` follows the money downstream."""
    flows = _select(kg, kinds, include_deprecated, include_inferred)
    out_of = {}
    for f in flows:
        for party in f.funder_iris:
            out_of.setdefault(party, []).append(f)
    direct = list(out_of.get(iri, []))
    if not transitive:
        return _order(direct)
    results = list(direct)
    frontier = [(f, [f]) for f in direct]
    for _ in range(max(0, depth - 1)):
        nxt = []
        for f, chain in frontier:
            for g in out_of.get(f.recipient, []):
                if g.recipient in {c.recipient for c in chain} | {p for c in chain for p in c.funder_iris}:
                    continue
                path = chain + [g]
                results.append(replace(g, path=list(path)))
                nxt.append((g, path))
        frontier = nxt
    return _order(results)




def __getattr__(name):
    """The money summary moved to :mod:`stargate_kg.answers.summary`; still importable from here."""
    if name in ("MoneySummary", "money_summary", "related_figures", "NEARBY"):
        from stargate_kg.answers import summary

        return getattr(summary, name)
    raise AttributeError(name)
