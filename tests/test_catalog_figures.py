"""Catalog questions mark a sum that a doubt or a claim quotes as a ``figure``, never as an ``amount`` of money moved.

002: 「马斯克指出,软银能够提供的资金可能不足100亿美元」 — Musk doubts SoftBank can provide $10B: a figure he names,
not money SoftBank moved, so it adds to no amount column.
"""

import pytest

from stargate_kg.queries import catalog, run_query

CLAIM_RELATIONS = {"doubts", "claims", "supports"}


def rows(kg, name, **params):
    _, names, result = run_query(kg, catalog()[name], params)
    return [{n: (str(r[n]) if r.get(n) is not None else None) for n in names} for r in result]


@pytest.mark.parametrize("name,params", [("timeline", {}), ("article-statements", {"article": "a002"}),
                                         ("two-stargates", {})])
def test_doubts_and_claims_quote_figures_not_amounts(kg, name, params):
    got = rows(kg, name, **params)
    assert {"amount", "figure"} <= set(got[0])
    for r in got:
        if r["relation"] in CLAIM_RELATIONS:
            assert r["amount"] is None, r
        else:
            assert r["figure"] is None, r


def test_musks_doubt_names_a_figure(kg):
    (musk,) = [r for r in rows(kg, "article-statements", article="a002")
               if r["subject"] == "Elon Musk" and r["relation"] == "doubts" and r["figure"]]
    assert (musk["amount"], float(musk["figure"]), musk["bound"]) == (None, 10_000_000_000, "less than")


def test_no_money_question_lists_a_doubt_or_claim(kg):
    """The money questions list money moved; what a doubt or claim quotes is in quoted-figures."""
    for name, params, col in [("largest-amounts", {}, "relation"), ("funding-relationships", {}, "kind"),
                              ("money-flows", {"include_inferred": "true"}, "kind")]:
        for r in rows(kg, name, **params):
            assert r[col] not in CLAIM_RELATIONS, (name, r)
    figures = rows(kg, "quoted-figures")
    assert any(r["who"] == "Elon Musk" and float(r["figure"]) == 10_000_000_000 for r in figures)
