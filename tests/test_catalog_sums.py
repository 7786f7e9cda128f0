"""The catalog's money questions give one row per statement, so their amounts add up.

Each question's rows are summed and compared with the sum over the distinct
statements it is about, found here in Python from the graph's triples (rdflib),
not by SPARQL: a statement repeated once per quote, or a joint pledge repeated
once per party, would make the sums differ.
"""

from decimal import Decimal

import pytest
from rdflib import RDF, Literal, Namespace

from stargate_kg.queries import catalog, run_query

SG = Namespace("https://w3id.org/stargate-kg/ontology#")
E = Namespace("https://w3id.org/stargate-kg/entity/")


@pytest.fixture(scope="module")
def ox():
    """The questions are asked of the Oxigraph engine (tests/test_engines.py checks rdflib gives the same rows)."""
    from stargate_kg.engines import open_graph

    return open_graph(engine="oxigraph")


@pytest.fixture(scope="module")
def g(kg):
    """The shipped graph's triples (asserted and derived) in an rdflib Graph."""
    from rdflib import Graph

    out = Graph()
    for t in kg.graph:
        out.add(t)
    return out


class Facts:
    """Plain-Python reading of the statements: relation families, rank, joint pledges and their shares."""

    def __init__(self, g):
        self.g = g

    def statements(self):
        return set(self.g.subjects(RDF.type, SG.Statement))

    def one(self, st, p):
        return next(iter(self.g.objects(st, p)), None)

    def families(self, st):
        return set(self.g.objects(self.one(st, SG.relation), SG.family))

    def deprecated(self, st):
        return (st, SG.rank, SG.DeprecatedRank) in self.g

    def flag(self, st, p):
        return (st, p, Literal(True)) in self.g

    def share_of_joint(self, st):
        return any(self.flag(w, SG.joint) and not self.deprecated(w) for w in self.g.objects(st, SG.shareOf))

    def referenced(self, st):
        return any(True for _ in self.g.objects(st, SG.reference))

    def outranked(self, st):
        """A normal-rank figure in conflict with a preferred figure of the same pledge (graph/README.md, ranks):
        002's 「超过1000亿美元」 for the 2024 supercomputer beside the preferred $100B. It is not a second pledge."""
        if (st, SG.rank, SG.PreferredRank) in self.g:
            return False
        others = set(self.g.objects(st, SG.conflictsWith)) | set(self.g.subjects(SG.conflictsWith, st))
        return any((b, SG.rank, SG.PreferredRank) in self.g
                   and all(self.one(b, p) == self.one(st, p) for p in (SG.relation, SG.subject))
                   and set(self.g.objects(st, SG.object)) <= set(self.g.objects(b, SG.object))
                   and set(self.g.objects(st, SG.jointFunder)) <= set(self.g.objects(b, SG.jointFunder)) for b in others)

    def money(self, family, inferred=False):
        """Statements of ``family`` (one party to another) and joint pledges, as the money questions select them."""
        out = set()
        for st in self.statements():
            if self.deprecated(st) or not self.referenced(st) or (self.flag(st, SG.inferred) and not inferred):
                continue
            if self.outranked(st):
                continue
            if self.flag(st, SG.joint):
                out.add(st)
            elif family in self.families(st) and self.one(st, SG.object) is not None and not self.share_of_joint(st):
                out.add(st)
        return out

    def total(self, sts):
        return sum((Decimal(str(self.one(st, SG.amount))) for st in sts if self.one(st, SG.amount) is not None), Decimal(0))


def answer(ox, name, **params):
    form, names, rows = run_query(ox, catalog()[name], params)
    assert form == "SELECT"
    return rows


def amounts(rows, column="amount"):
    return sum((Decimal(str(r[column])) for r in rows if r.get(column) is not None), Decimal(0))


def test_funding_relationships_add_up(ox, g):
    facts = Facts(g)
    want = facts.money(SG.Funding)
    rows = answer(ox, "funding-relationships")
    assert len(rows) == len(want)
    assert amounts(rows) == facts.total(want)


def test_money_flows_add_up(ox, g):
    facts = Facts(g)
    for inferred in (False, True):
        want = facts.money(SG.MoneyFlow, inferred)
        rows = answer(ox, "money-flows", **({"include_inferred": "true"} if inferred else {}))
        assert len(rows) == len(want), inferred
        assert amounts(rows) == facts.total(want), inferred


def test_funders_of_stargate_add_up_to_the_two_joint_pledges(ox, g):
    """004: 「计划今后4年投资5000亿美元」 (OpenAI, Oracle and SoftBank together; 004 names the three: 「OpenAI、甲骨文与软银」) and 001: 「两家公司在 1 月份的声明中承诺
    「立即」投资 1000 亿美元」 (OpenAI and SoftBank): $600B, each pledge once; the per-party equity rows carry no amount."""
    facts = Facts(g)
    rows = answer(ox, "funders-of", entity="Stargate")
    want = {st for st in facts.money(SG.Funding) if E.stargate in (facts.one(st, SG.object), facts.one(st, SG.subject))}
    assert len(rows) == len(want)
    assert amounts(rows) == facts.total(want) == Decimal("600000000000")
    joint = [r for r in rows if str(r["joint"]) == "true"]
    assert sorted(str(r["funder"]) for r in joint) == ["OpenAI + Oracle + SoftBank Group", "OpenAI + SoftBank Group"]


def test_funded_by_softbank_adds_up(ox, g):
    facts = Facts(g)
    rows = answer(ox, "funded-by", entity="SoftBank")
    want = {st for st in facts.money(SG.Funding)
            if (st, SG.jointFunder, E.softbank) in g or (not facts.flag(st, SG.joint) and facts.one(st, SG.subject) == E.softbank)}
    assert len(rows) == len(want)
    assert amounts(rows) == facts.total(want)


def test_purchases_add_up(ox, g):
    """004: 「将在五年内购买甲骨文价值3000亿美元的算力服务」 is the one purchase with a sum."""
    facts = Facts(g)
    want = {st for st in facts.statements() if facts.one(st, SG.relation) == SG.buysFrom and not facts.deprecated(st)
            and not facts.flag(st, SG.inferred)}
    rows = answer(ox, "purchases")
    assert len(rows) == len(want)
    assert amounts(rows) == facts.total(want) == Decimal("300000000000")


def test_largest_amounts_are_the_20_largest_statements_and_no_doubt(ox, g):
    """Figures quoted in doubts and claims (002: 马斯克指出,软银能够提供的资金可能不足100亿美元) are not sums of money moved."""
    facts = Facts(g)
    money = [st for st in facts.statements() if facts.one(st, SG.amount) is not None and not facts.deprecated(st)
             and not facts.outranked(st) and SG.Claim not in facts.families(st)]
    top = sorted((Decimal(str(facts.one(st, SG.amount))) for st in money), reverse=True)[:20]
    rows = answer(ox, "largest-amounts")
    assert sorted((Decimal(str(r["amount"])) for r in rows), reverse=True) == top
    assert not [r for r in rows if str(r["relation"]) in ("doubts", "claims", "supports")]
    assert [Decimal(str(r["amount"])) for r in rows].count(Decimal("500000000000")) == 1  # the pledge, once


def test_quoted_figures_are_marked_as_claims_and_doubts(ox, g):
    """002: 「马斯克指出,软银能够提供的资金可能不足100亿美元」 is a doubt; 003: 「企业和国家将需要投入1万亿美元的资金建设新数据中心」
    (Huang) a claim. Each statement once, its figure in ``figure``, never in an ``amount`` column."""
    facts = Facts(g)
    want = {st for st in facts.statements() if facts.one(st, SG.amount) is not None and not facts.deprecated(st)
            and SG.Claim in facts.families(st)}
    form, names, rows = run_query(ox, catalog()["quoted-figures"], {})
    assert "amount" not in names and "role" in names
    assert len(rows) == len(want)
    assert amounts(rows, "figure") == facts.total(want)
    got = {(str(r["who"]), str(r["role"]), Decimal(str(r["figure"]))) for r in rows}
    assert ("Elon Musk", "doubt", Decimal("10000000000")) in got
    assert ("Jensen Huang", "claim", Decimal("1000000000000")) in got
    doubts = answer(ox, "doubts")
    assert len(doubts) == len({(str(r["who"]), str(r["doubts"]), str(r["said"])) for r in doubts})  # one row per doubt


@pytest.mark.parametrize("name", ["funding-relationships", "money-flows", "funders-of", "funded-by", "purchases", "doubts",
                                  "quoted-figures", "capacities", "two-stargates"])
def test_one_row_per_statement_with_every_article(ox, name):
    """The sources travel with the row: ``articles`` lists each article once, in order; ``quotes`` counts the quotes."""
    q = catalog()[name]
    _, names, rows = run_query(ox, q, {p.name: p.example for p in q.params if not p.optional})
    assert "articles" in names and "article" not in names
    for r in rows:
        arts = str(r["articles"]).split(", ")
        assert arts == sorted(set(arts)) and all(a.startswith("a") for a in arts)
        if "quotes" in names:
            assert int(str(r["quotes"])) >= len(arts)
