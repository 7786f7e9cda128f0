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

from stargate_kg.amounts import format_amount

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


def _iri(party):
    if isinstance(party, str):
        return party
    if isinstance(party, dict):
        return party.get("iri")
    if isinstance(party, (tuple, list)):
        return party[0]
    return getattr(party, "iri", None)


def _source(src):
    if isinstance(src, dict):
        return {k: "" if src.get(k) is None else str(src[k]) for k in ("article", "file", "quote")}
    return {k: str(getattr(src, k, "") or "") for k in ("article", "file", "quote")}


def joint_pledges(kg):
    """The graph's joint pledges, from :mod:`stargate_kg.funding`'s rows marked ``joint``.

    Rows are read by attribute (``funders`` or ``parties``, ``joint``,
    ``recipient``, ``amount``, ``currency``, ``bound``, ``date``, ``status``,
    ``kind``, ``statements`` and ``shares``, the per-party statements folded
    into the row, ``sources``); a graph or library version without joint rows
    has none, and every money statement is drawn as its own edge.
    """
    from stargate_kg import funding

    rows = []
    for name in ("money_rows", "money_flows"):
        fn = getattr(funding, name, None)
        if fn is not None:
            rows = fn(kg)
            break
    out = []
    for r in rows:
        named = getattr(r, "parties", None) or getattr(r, "funders", None) or []
        parties = [p for p in (_iri(x) for x in named) if p]
        if not getattr(r, "joint", False) or len(parties) < 2:
            continue
        statements = [str(x) for x in (getattr(r, "statements", None) or [])]
        for extra in [getattr(r, "statement", None)] + list(getattr(r, "shares", None) or []):
            if extra and str(extra) not in statements:
                statements.append(str(extra))
        out.append(JointPledge(
            parties=sorted(dict.fromkeys(parties)),
            recipient=_iri(getattr(r, "recipient", None)),
            amount=getattr(r, "amount", None),
            currency=getattr(r, "currency", None),
            bound=getattr(r, "bound", None),
            date=getattr(r, "date", None),
            status=getattr(r, "status", None),
            kind=getattr(r, "kind", None),
            statements=statements,
            sources=[_source(s) for s in (getattr(r, "sources", None) or [])],
        ))
    return out
