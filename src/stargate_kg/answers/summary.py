"""The money summary of an entity: its headline pledges, what later reports and doubts say, claims ranked down.

Shown first by ``funders``, ``funded`` and ``entity``; the headline rows are
:class:`~stargate_kg.answers.funding.Flow` rows, written as JSON through their
:class:`~stargate_kg.answers.records.Record`.
"""

from dataclasses import dataclass, field

from stargate_kg.answers.statements import fetch_statements

ONE_STATEMENT = """?st a sg:Statement . BIND("out" AS ?dir)"""


@dataclass
class MoneySummary:
    """The headline money of an entity: pledges and figures with what later reports and doubts say.

    ``headline``: the largest money facts naming the entity (as recipient or
    one of the funders), joint figures with every party; ``later``: for a
    headline row (by its first statement IRI), the statements that conflict
    with it, in date order (the July 2025 scale-back of the January pledge);
    ``doubts``: who doubts the entity's money; ``conflicts``: pairs of
    incompatible money claims about it, with their ranks; ``also_matches``:
    other entities the name typed also names.
    """

    entity: dict
    headline: list = field(default_factory=list)
    later: dict = field(default_factory=dict)
    doubts: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    also_matches: list = field(default_factory=list)
    ranked_down: list = field(default_factory=list)  # the deprecated statements of ``conflicts``, once each
    records: list = field(default_factory=list)  # the headline rows as records (answers.records.Record)

    def as_json(self):
        return {
            "entity": dict(self.entity),
            "also_matches": list(self.also_matches),
            "headline": [r.as_json() for r in self.records] if self.records else [f.as_json() for f in self.headline],
            "later": {k: [s.as_json() for s in v] for k, v in self.later.items()},
            "doubts": [s.as_json() for s in self.doubts],
            "conflicts": [dict(c) for c in self.conflicts],
            "ranked_down": [s.as_json() for s in self.ranked_down],
        }


def one_statement(kg, iri):
    """The statement ``iri`` as a record of :mod:`stargate_kg.answers.statements`, or None."""
    from stargate_kg.terms import IRI

    found = fetch_statements(kg, ONE_STATEMENT, {"st": IRI(iri)})
    return found[0] if found else None


def money_summary(kg, entity, top=6, direction=None):
    """The money summary of ``entity`` (an :class:`stargate_kg.lookup.Entity` or an IRI).

    ``direction``: "in" for money the entity receives (as `funders` shows it),
    "out" for money it provides alone or jointly (`funded`), None for both (`entity`).

    >>> from stargate_kg import load, resolve
    >>> kg = load()
    >>> s = money_summary(kg, resolve(kg, "Stargate"))
    >>> [f.amount for f in s.headline][:2]
    [500000000000, 100000000000]
    >>> any(st.relation == "claims" and st.subject_label == "The Wall Street Journal" for v in s.later.values() for st in v)
    True
    """
    from stargate_kg.answers.funding import MONEY_KINDS, money_flows
    from stargate_kg.answers.records import record
    from stargate_kg.lookup import entity_index

    if isinstance(entity, str):
        index = entity_index(kg)
        iri, label, also = entity, index[entity].label if entity in index else entity, []
    else:
        iri, label, also = entity.iri, entity.label, list(getattr(entity, "also_matches", []) or [])
    flows = money_flows(kg, include_deprecated=True)
    mine = [f for f in flows if (direction != "out" and f.recipient == iri) or (direction != "in" and iri in f.funder_iris)]
    standing = [f for f in mine if not f.deprecated and not f.outranked_by and f.amount is not None and f.kind in MONEY_KINDS]
    headline = sorted(standing, key=lambda f: (-(f.amount or 0), not f.joint, f.date or "", f.statement))[:top]
    later = {}
    for f in headline:
        found = [s for s in (one_statement(kg, c) for c in f.conflicts) if s is not None]
        found.sort(key=lambda s: (s.qualifiers.get("point_in_time") or s.qualifiers.get("end_time") or "9999", s.iri))
        if found:
            later[f.statement] = found
    doubts = [s for s in _about(kg, iri) if s.relation == "doubts" and s.direction == "in" and not s.deprecated]
    pairs, seen = [], set()
    for f in mine:
        for c in f.conflicts:
            pair = tuple(sorted((f.statement, c)))
            if pair in seen:
                continue
            seen.add(pair)
            other = one_statement(kg, c)
            if other is None:
                continue
            pairs.append({"statement": f.statement, "rank": f.rank or "normal", "other": c,
                          "other_rank": other.qualifiers.get("rank", "normal"),
                          "reason": other.qualifiers.get("rank_reason") if other.deprecated else None})
    pairs.sort(key=lambda p: (p["statement"], p["other"]))
    down = sorted({p["statement"] if p["rank"] == "deprecated" else p["other"] for p in pairs
                   if "deprecated" in (p["rank"], p["other_rank"])})
    ranked_down = [s for s in (one_statement(kg, d) for d in down) if s is not None]
    return MoneySummary({"iri": iri, "label": label}, headline, later, doubts, pairs, also, ranked_down,
                        [record(kg, f) for f in headline])


NEARBY = """?e ?link ?n . ?link a sg:Relation . FILTER(?link NOT IN (sg:locatedIn, sg:headquarteredIn))
  ?st a sg:Statement ; sg:subject ?n ; sg:amount ?figure . FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank }
  BIND("out" AS ?dir)"""


def related_figures(kg, iri, exclude=()):
    """Money figures one hop away: amounts on what ``iri`` is directly linked to (its project, its chips).

    A fact should be findable from every entity it names: Sam Altman leads
    Stargate, so Stargate's $500B shows on his page; the Abilene site uses its
    400,000 chips, so their $152B value shows on the site's. Statements in
    ``exclude`` (already shown) and deprecated ones are left out.

    >>> from stargate_kg import load, resolve
    >>> kg = load()
    >>> [s.qualifiers["amount"] for s in related_figures(kg, resolve(kg, "Abilene site").iri) if s.relation == "estimatedCost"]
    [152000000000]
    """
    from stargate_kg.terms import IRI

    exclude = set(exclude)
    return [s for s in fetch_statements(kg, NEARBY, {"e": IRI(iri)}) if s.iri not in exclude]


def _about(kg, iri):
    from stargate_kg.answers.statements import statements_of

    return statements_of(kg, iri)
