"""Money on the map: amounts in both languages, edge widths, joint pledges drawn once.

Only money relations (funding and money flow, :func:`is_money`) are drawn as
money: their width grows with the amount and their label is the amount with
its bound (``$300B``, ``up to $100B``; ``3000亿美元``, ``最高1000亿美元``). A claim
that quotes a figure ("Altman says $500B") is a claim: thin, no amount label.

A joint pledge (several parties, one total: OpenAI and SoftBank's $100B) is
drawn as a small "joint pledge" node: a thin edge from each party to it and one
edge, as wide as the total, from it to the recipient, so the total is drawn
once and never once per party.

>>> amount_text(100e9, "USD", "up to", "en"), amount_text(100e9, "USD", "up to", "zh")
('up to $100B', '最高1000亿美元')
>>> money_width(300e9, "USD") > money_width(10e9, "USD") > money_width(None, None)
True
"""

import math
from dataclasses import dataclass, field

from stargate_kg.answers.amounts import format_amount

#: Rough US-dollar rates, only to size money edges drawn in other currencies.
USD_RATES = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14, "JPY": 0.0067}


def amount_text(amount, currency, bound=None, lang="en"):
    """An amount with its bound, as the chosen language writes it ('' when there is no amount).

    >>> amount_text(None, "USD")
    ''
    """
    return format_amount(amount, currency, bound, lang=lang)


def usd(amount, currency):
    """The amount in US dollars at :data:`USD_RATES` (None when it is not a number)."""
    try:
        return float(amount) * USD_RATES.get(currency or "USD", 1.0)
    except (TypeError, ValueError):
        return None


def money_width(amount, currency):
    """Edge width for a money amount: 2 for $100M or less (or no amount), +2.5 per tenfold, at most 14.

    >>> money_width(100_000_000_000, "USD")
    9.5
    >>> money_width(None, None)
    2.0
    """
    value = usd(amount, currency) if amount is not None else None
    if not value or value <= 1e8:
        return 2.0
    return round(min(14.0, 2.0 + 2.5 * math.log10(value / 1e8)), 1)


@dataclass
class JointPledge:
    """One pledge made together: every party, the recipient and the total, once."""

    parties: list  # entity IRIs
    recipient: str
    amount: float | None
    currency: str | None
    bound: str | None = None
    date: str | None = None
    status: str | None = None
    kind: str | None = None
    statements: list = field(default_factory=list)  # statement IRIs the pledge stands for
    sources: list = field(default_factory=list)  # {"article", "file", "quote"} dicts


def joint_pledges(kg):
    """The graph's standing joint pledges: the money rows (:func:`stargate_kg.viz.facts.money_rows`) marked ``joint``.

    Each keeps every party, the total and the statements it stands for (the
    joint statements and the per-party shares folded into them), so the map
    draws the total once and none of the shares as an edge of its own.

    >>> from stargate_kg import load
    >>> sorted((len(j.parties), j.amount) for j in joint_pledges(load()) if j.recipient.endswith("/stargate"))
    [(2, 100000000000), (3, 500000000000)]
    """
    from stargate_kg.viz.facts import money_rows

    out = []
    for f in money_rows(kg):
        if f.rank == "deprecated" or f.inferred:
            continue
        parties = sorted(dict.fromkeys(p["iri"] for p in f.funders))
        if not f.joint or len(parties) < 2:
            continue
        out.append(JointPledge(
            parties=parties, recipient=f.recipient, amount=f.amount, currency=f.currency, bound=f.bound,
            date=f.date, status=f.status, kind=f.kind, statements=list(dict.fromkeys([*f.statements, *f.shares])),
            sources=[s.as_json() for s in f.sources],
        ))
    return out
