"""The drafter's rules for cue words: who builds, supplies, partners with, announces what (宣布, 合作, 建设, 提供…),
the parties listed before a cue, A与B合作, and the kinds of entity each relation takes.

:class:`CueRules` is a part of :class:`~stargate_kg.intake.draft.Drafter`; it lives here to keep each module short.

>>> from stargate_kg import load
>>> from stargate_kg.intake.draft import draft
>>> from stargate_kg.intake.text import Article
>>> rows = draft(load(), Article.from_text("x.txt", "甲骨文宣布与OpenAI合作建设数据中心。"), "a099", "2025-09-25")
>>> [(r["subject"], r["relation"], r["object"]) for r in rows]
[('Oracle', 'partnerOf', 'OpenAI')]
"""

import re

from stargate_kg.intake.cues import cues_in
from stargate_kg.intake.figure_rows import MONEY_KINDS
from stargate_kg.intake.rows import ORG_TYPES, PLACE_TYPES

PRODUCTS = {"Product", "Hardware", "Software", "AIModel"}
BENEFICIARY_RELATIONS = {"cloudProviderFor", "supplierOf", "investsIn", "commitsFundingTo", "lendsTo", "buysFrom", "supports", "builds"}
#: The kinds of entity a cue's object (and subject) can be: 微软便着手打造了…英伟达GPU does not make Microsoft build Nvidia.
OBJECT_TYPES = {
    "builds": PRODUCTS | {"Project", "DataCenterSite"}, "uses": PRODUCTS | {"Project"}, "produces": PRODUCTS | {"Publication"},
    "operates": PRODUCTS | {"Project", "DataCenterSite"}, "oversees": {"Project", "DataCenterSite"}, "tenantOf": {"DataCenterSite"},
    "partOf": {"Project", "JointVenture"}, "leads": {"Project", "JointVenture"}, "participatesIn": {"Project", "Event", "JointVenture"},
    "announced": PRODUCTS | {"Project", "Event", "DataCenterSite", "JointVenture"}, "owns": ORG_TYPES, "cloudProviderFor": ORG_TYPES | {"Project"},
    "supplierOf": ORG_TYPES | {"Project"}, "equityPartnerOf": ORG_TYPES | {"Project"},
}
SUBJECT_TYPES = {rel: ORG_TYPES | {"Person"} for rel in ("builds", "operates", "produces", "tenantOf", "supplierOf", "cloudProviderFor", "owns",
                                                         "leads", "uses", "announced", "equityPartnerOf", "oversees")}


class CueRules:
    """Cue-word rows of one sentence (see the module docstring)."""

    def _with(self, article, sent, ms, pos, topic):
        """``A 与 B(、C和D) …cue``: (A, [B, C, D]) for the cue at ``pos``; A is the project 该项目/这个项目 names.

        The partners are every name between the first 与/同/跟 (else the last 和) of the cue's clause and the cue.
        """
        clause = next((cl for cl in sent.clauses if cl.start <= pos < cl.end), sent)
        lo = max(clause.start, pos - 45)
        window = article.search[lo:pos]
        if re.search(r"等\s*(?:科技巨头|公司|企业|伙伴)?\s*(?:的)?\s*$", window):
            return None  # 甲骨文和软银等合作伙伴: a list of partners (of someone else), not partners of each other
        m = re.search(r"与|同|跟", window) or next(reversed(list(re.finditer(r"和", window))), None)
        if not m:
            return None
        at = lo + m.start()
        partners = [x for x in ms if at < x.start < pos and x.type not in PLACE_TYPES]
        if not partners:
            return None
        a = [x for x in ms if x.end <= at and x.start >= clause.start and x.type not in PLACE_TYPES]
        if a and at - a[-1].end < 12:
            return a[-1], partners
        if re.search(r"(这个|该|这一|此)(项目|计划)", article.search[max(clause.start, at - 8) : at]) and self._project is not None:
            return self._project, partners
        return None

    def _opening_list(self, article, before):
        """The parties a clause opens with when a 在… phrase (time or place) follows them: [A, B, C] of
        OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布…, else []. Names inside the 在… phrase are not subjects."""
        orgs = [m for m in before if m.type in ORG_TYPES]
        if not orgs:
            return []
        group = [orgs[0]]
        for m in orgs[1:]:
            if re.fullmatch(r"\s*(、|和|与|及|以及|,|，|and)\s*", article.search[group[-1].end : m.start]):
                group.append(m)
            else:
                break
        if len(group) < 2 or not re.match(r"\s*(?:将|已|已经|也|则|都|即)?\s*在", article.search[group[-1].end : group[-1].end + 6]):
            return []
        return group

    def _cues(self, article, sent, ms, figures, dates, topic=None):
        rows = []
        text = article.search[sent.start : sent.end]
        for c in cues_in(text):
            if c.relation in ("locatedIn",):
                continue
            pos, end = sent.start + c.start, sent.start + c.end
            clause = next((cl for cl in sent.clauses if cl.start <= pos < cl.end), sent)
            before = [m for m in ms if m.end <= pos and m.start >= clause.start - 40 and m.start >= sent.start and m.type not in PLACE_TYPES - {"DataCenterSite"}]
            after = [m for m in ms if m.start >= end and m.start < clause.end and m.type not in PLACE_TYPES - {"DataCenterSite"}]
            # the cue ends its clause: 宣布了一项合作,将向OpenAI… (not a partnership: 与A、B的合作,推动了C: C is no partner)
            if not after and clause.end - end < 4 and not c.cue.symmetric:
                nxt = next((cl for cl in sent.clauses if cl.start >= clause.end), None)
                if nxt is not None:
                    after = [m for m in ms if nxt.start <= m.start < nxt.end and m.type not in PLACE_TYPES - {"DataCenterSite"}]
            if c.relation in OBJECT_TYPES:
                after = [m for m in after if m.type in OBJECT_TYPES[c.relation]]
            if c.relation in SUBJECT_TYPES:
                before = [m for m in before if m.type in SUBJECT_TYPES[c.relation]]
            if c.cue.symmetric or c.relation in ("builds", "technologyPartnerOf", "dataCenterPartnerOf"):
                pair = self._with(article, sent, ms, pos, topic)
                if pair:
                    a_side, b_side = pair
                    if c.cue.symmetric:  # A与B合作: the partners are both before the cue
                        for b in b_side:
                            if a_side.iri != b.iri:
                                rows.append(self._row(article, sent, a_side, c.relation, b, [pos], 0.65, f"{a_side.text}与{b.text}…{article.raw[pos:end]}",
                                                      status=self._status(text)))
                        continue
                    if after:  # A与B合作建设X: both build X
                        for p in [a_side] + b_side:
                            if p.iri != after[0].iri:
                                rows.append(self._row(article, sent, p, c.relation, after[0], [pos], 0.6, f"{p.text} …{article.raw[pos:end]}",
                                                      status=self._status(text)))
                        continue
                    partnered = any(x.cue.symmetric for x in cues_in(text))  # 与B合作建设: the 合作 row says it
                    if c.relation == "builds" and a_side.type in ORG_TYPES and not partnered:  # A将与B、C建设五个数据中心
                        for b in b_side:
                            if b.iri != a_side.iri and b.type in ORG_TYPES:
                                rows.append(self._row(article, sent, a_side, "dataCenterPartnerOf", b, [pos], 0.55,
                                                      f"{a_side.text}与{b.text}…{article.raw[pos:end]}: building together, what is built has no name",
                                                      status=self._status(text)))
                        continue
            if not before or not after:
                continue
            # the parties listed just before the cue (OpenAI、甲骨文与软银…宣布) are all subjects
            subjects = [before[-1]]
            for m in reversed(before[:-1]):
                gap = article.search[m.end : subjects[-1].start]
                if re.fullmatch(r"\s*(、|和|与|及|以及|,|，|and)\s*", gap):
                    subjects.append(m)
                else:
                    break
            opening = self._opening_list(article, before)
            if opening and opening[-1].end < subjects[-1].start:
                subjects = list(reversed(opening))  # OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布: not Trump
            obj = after[0]
            if c.cue.reverse:
                subjects, obj = [obj], subjects[0]
            elif c.relation in BENEFICIARY_RELATIONS and len(before) >= 2 and re.search(r"(为|向|给|对)\s*$", article.search[before[-2].end : before[-1].start]):
                subjects, obj = [before[-2]], before[-1]  # 微软将继续为OpenAI提供云服务: 微软 -> OpenAI
            if c.cue.money and figures:
                continue  # the figure rows carry it
            for s in reversed(subjects):
                if s.iri and s.iri == obj.iri or s.text == obj.text:
                    continue
                if c.relation in ("investsIn", "commitsFundingTo", "buysFrom", "lendsTo") and s.type in PLACE_TYPES:
                    continue
                extra = self._dates_for(dates, clause.start, clause.end, sent)
                status = self._status(text)
                mk = MONEY_KINDS.get(c.relation, "") if c.cue.money else ""
                conf = 0.6 if obj.start - end < 10 else 0.5
                rows.append(self._row(article, sent, s, c.relation, obj, [pos], conf,
                                      f"cue {article.raw[pos:end]}", status=status, money_kind=mk, **extra))
        return rows
