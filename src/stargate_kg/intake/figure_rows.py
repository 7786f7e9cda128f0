"""The drafter's rules for figures: money (who pays whom, joint money, revenue, the project's money), capacities and
counts (on the site or project of the clause, or "not sure"), ranges, suppositions.

:class:`FigureRules` is a part of :class:`~stargate_kg.intake.draft.Drafter` (it uses the drafter's names, entities,
the project and site of the last sentences, and ``_row``); it lives here to keep each module short.

>>> from stargate_kg import load
>>> from stargate_kg.intake.draft import draft
>>> from stargate_kg.intake.text import Article
>>> rows = draft(load(), Article.from_text("x.txt", "甲骨文的年收入达到500亿美元。"), "a099", "2025-09-25")
>>> [(r["subject"], r["relation"], r["amount"], r["note"]) for r in rows if r["amount"]]
[('Oracle', 'measure', '50000000000', 'revenue')]
"""

import re

from stargate_kg.intake.cues import UNIT_RELATIONS, cues_in, money_relation
from stargate_kg.intake.parties import COMPANIES, PARTNER_GAP, PLACES, REVENUE, group_money, joined_tail, physical_subject, unsure
from stargate_kg.intake.rows import ORG_TYPES, PLACE_TYPES

#: The sheet's words for the graph's bounds (skos:prefLabel of sg:Bound, which ``add`` reads back).
BOUND_LABELS = {"UpTo": "up to", "AtLeast": "at least", "MoreThan": "more than", "LessThan": "less than", "About": "about",
                "Several": "several", "AtLeastSeveral": "at least several"}
STATUS_LABELS = {
    "Announced": "announced", "Committed": "committed", "Planned": "planned", "Reported": "reported",
    "Considered": "considered", "UnderConstruction": "under construction", "Operating": "operating",
}
MONEY_KINDS = {
    "investsIn": "equity", "commitsFundingTo": "commitment", "lendsTo": "loan", "buysFrom": "purchase", "owns": "ownership",
    "equityPartnerOf": "equity", "netLoss": "loss", "capitalSpending": "capex", "backlog": "backlog",
    "estimatedCost": "cost-estimate", "plannedInvestment": "commitment", "investedToDate": "equity",
}
TOPIC_TYPES = {"Project", "DataCenterSite", "JointVenture", "Company", "Organization", "Hardware", "Event", "InvestmentFund"}
NOT_FIGURE_SUBJECTS = {"Person", "MediaOutlet", "Event", "Publication", "Country", "State", "County", "City", "Region", "Place"}
PHYSICAL_UNITS = {"acres", "workers", "buildings", "chips", "GPUs", "GW", "MW", "kW", "gallons", "racks", "servers", "homes", "cars", "bulbs"}
#: Money relations whose subject, when no cue names the payer, is only the nearest company: keep=no, the reviewer decides.
#: Money relations that are a company's figure (its loss, its order backlog, its capital spending), not a project's.
COMPANY_MONEY = {"netLoss", "backlog", "capitalSpending"}
#: Money relations a joint figure of several payers can have (not a purchase: A向B购买 names a buyer and a seller).
JOINT_MONEY = {"plannedInvestment", "investsIn", "commitsFundingTo", "investedToDate"}
#: An agreement after a figure (OpenAI与甲骨文现有的3,000亿美元、4.5 GW协议): a deal between the two, not joint money.
DEAL_AFTER = re.compile(r"[^，,。；;]{0,14}?(协议|合同|交易|订单|合约|deal)")
GUESSED_PAYER = {"plannedInvestment", "investedToDate", "estimatedCost", "investsIn", "commitsFundingTo"}
#: A figure in a supposition (如果能有数十万个闲置的GPU, 但如果OpenAI能以…增加20倍) or a comparison with something else
#: (要快过一百兆瓦数据中心) says nothing about the parties of the sentence.
HYPOTHETICAL = re.compile(r"(如果|假如|假设|倘若|要是|if\b)[^，,。；;]*$|(快过|慢于|快于|高于|低于)\s*$", re.I)
#: What joins the two ends of a range: 2到4千瓦, 400万至500万块.
RANGE_GAP = re.compile(r"\s*(到|至|~|～|-|—|–)\s*")


class FigureRules:
    """Figure rows of one sentence (see the module docstring)."""

    def _figures(self, article, sent, ms, figures, dates, topic):
        rows = []
        for k, f in enumerate(figures):
            clause = next((c for c in sent.clauses if c.start <= f.start < c.end), sent)
            text = article.search[sent.start : sent.end]
            if HYPOTHETICAL.search(article.search[clause.start : f.start]):
                continue  # 如果能有数十万个闲置的GPU: a supposition, not a fact about anyone
            prev = figures[k - 1] if k else None
            if prev is not None and prev.unit == f.unit and prev.currency == f.currency and RANGE_GAP.fullmatch(article.search[prev.end : f.start]):
                for r in rows:  # 2到4千瓦, 400万至500万块: one row for the range, on its low end
                    if r.get("_figure") is prev:
                        r["note"] = "; ".join(x for x in (r.get("note", ""), f"a range: {article.raw[prev.start:f.end].strip()}") if x)
                continue
            extra = self._dates_for(dates, clause.start, clause.end, sent)
            status = self._status(text)
            cue_rows = []
            bound = BOUND_LABELS.get(f.bound, "")
            grp = group_money(self, article, sent, ms, f, extra, status, bound, MONEY_KINDS.get) if f.kind == "money" else None
            if grp:
                cue_rows = grp
            elif f.kind == "money" and REVENUE.search(article.search[sent.start : f.start]):
                owner = [m for m in ms if m.end <= f.start and m.type in COMPANIES]
                if owner:
                    cue_rows.append(self._row(article, sent, owner[-1], "measure", None, [f.start, f.end - 1], 0.5,
                                              "revenue: a figure about the company, not an investment", amount=str(f.amount),
                                              currency=f.currency, bound=bound, note="revenue", **extra))
                else:
                    cue_rows.append(unsure(self, article, sent, f, "revenue of a company the sentence does not name",
                                           amount=str(f.amount), currency=f.currency, **extra))
            elif f.kind == "money":
                near = article.search[max(sent.start, f.start - 30) : f.start]
                rel, subj, obj, why, to_place = None, None, None, "", False
                for c in reversed(cues_in(near)):
                    if c.cue.money:
                        rel = c.relation
                        pos = max(sent.start, f.start - 30) + c.start
                        m_to = re.search(r"(向|给|对|为)\s*$", article.search[sent.start : pos])
                        cands_after = [m for m in ms if pos <= m.start < f.start] or [m for m in ms if m.start >= pos]
                        cands_before = [m for m in ms if m.end <= pos and m.type not in PLACE_TYPES]
                        if m_to or (cands_before and cands_before[-1].start > pos - 12 and re.search(r"(向|给|对)", article.search[cands_before[-1].start - 2 : cands_before[-1].start])):
                            obj = cands_before[-1] if cands_before else None
                            payers = [m for m in cands_before[:-1] if m.type not in PLACE_TYPES]
                            subj = payers[-1] if payers else topic
                        else:
                            subj = cands_before[-1] if cands_before else topic
                            # the payee stands between the cue and the figure, or just after the figure: 购买甲骨文…的
                            obj = next((m for m in cands_after if m is not subj and m.type not in PLACE_TYPES - {"DataCenterSite"}
                                        and (m.start < f.start or m.start - f.end <= 6)
                                        and not (m.start > f.end and PARTNER_GAP.search(article.search[f.end : m.start]))), None)
                            placed = next((m for m in cands_after if m.type in PLACE_TYPES - {"DataCenterSite"} and m.start < f.start), None)
                            if obj is not None and article.search[max(0, obj.start - 1) : obj.start] == "在":
                                placed = obj  # 在阿根廷建设…: a place, whatever the tagger called it
                            if placed is not None and (obj is None or placed.start <= obj.start):
                                subj = obj = None  # 在阿根廷投资…: money into a place has no payee the sentence names
                                to_place = True
                            if obj is not None and subj is not None and subj.iri == obj.iri:
                                others = [m for m in cands_before if m.iri != obj.iri]
                                subj = others[-1] if others else None
                        why = f"money cue {article.raw[pos:pos + c.end - c.start]}"
                        break
                if obj is not None and (obj.type in PLACE_TYPES - {"DataCenterSite"}
                                        or article.search[max(0, obj.start - 1) : obj.start] in ("在", "于")):
                    subj = obj = None  # 在阿根廷建设…投资: a place is not a payee
                    to_place = True
                joint = self._joint(article, sent, ms, f, topic) if rel in ("investsIn", "commitsFundingTo") else None
                if joint:
                    payers, project, done = joint
                    prel = "investedToDate" if done else "plannedInvestment"
                    cue_rows.append(self._row(article, sent, project, prel, None, [f.start, f.end - 1], 0.7,
                                              f"joint money of {len(payers)} parties goes on the project",
                                              amount=str(f.amount), currency=f.currency, bound=BOUND_LABELS.get(f.bound, ""),
                                              money_kind=MONEY_KINDS[prel], status=status, **extra))
                    for p in payers:
                        r = "investsIn" if done else "commitsFundingTo"
                        cue_rows.append(self._row(article, sent, p, r, project, [f.start, p.end - 1], 0.65,
                                                  "one party of a joint figure: no amount of its own", money_kind=MONEY_KINDS[r],
                                                  status=status, **{k: v for k, v in extra.items() if k != "note"}))
                elif rel and subj is not None and obj is not None and subj.iri != obj.iri:
                    cue_rows.append(self._row(article, sent, subj, rel, obj, [f.start, f.end - 1], 0.75, why,
                                              amount=str(f.amount), currency=f.currency, bound=BOUND_LABELS.get(f.bound, ""),
                                              money_kind=MONEY_KINDS[rel], status=status, **extra))
                if not cue_rows and to_place:
                    cue_rows.append(unsure(self, article, sent, f, "the money goes to a place, not to a party the sentence names",
                                           relation="plannedInvestment", amount=str(f.amount), currency=f.currency, bound=bound, **extra))
                if not cue_rows:
                    rel = money_relation(article.search[max(sent.start, f.start - 20) : f.end + 6]) or money_relation(text) or "plannedInvestment"
                    subj = self._subject_for(ms, f, topic)
                    built = re.match(r"[^，,。]{0,4}?(打造|建造|建设|用于|开发|兴建)", article.search[f.end : f.end + 8])
                    target = next((m for m in ms if m.start >= f.end and m.start - f.end < 16 and m.type in {"Project", "Hardware", "DataCenterSite"}), None)
                    clause_of_f = next((c for c in sent.clauses if c.start <= f.start < c.end), sent)
                    right_after = next((m for m in ms if m.type in {"Project", "JointVenture"} and 0 <= m.start - f.end <= 3), None)
                    joined = self._joined_payers(article, ms, f, clause_of_f)
                    if rel in COMPANY_MONEY:  # a loss, a backlog, capital spending: a company's, never a project's
                        subj = self._company_for(ms, f, topic)
                    elif right_after is not None:  # 价值5000亿美元“星际之门”计划: the figure is the project's
                        subj, rel = right_after, "plannedInvestment"
                    elif (joined and rel in JOINT_MONEY and not DEAL_AFTER.match(article.search[f.end : f.end + 16])
                          and (target or self._recent_project()) is not None):
                        project = target or self._recent_project()  # OpenAI和软银宣布将部署1000亿美元的投资: a joint figure
                        row = self._row(article, sent, joined[0], "commitsFundingTo", project, [f.start, f.end - 1],
                                        0.6 if project in ms else 0.5, f"a joint figure of {len(joined)} payers (no split given)",
                                        amount=str(f.amount), currency=f.currency, bound=bound, money_kind=MONEY_KINDS["commitsFundingTo"],
                                        status=status, **extra)
                        row["joint"] = "; ".join(self._name(p) for p in joined[1:])
                        if project not in ms:
                            row["note"] = "; ".join(x for x in (row.get("note", ""), f"the project is the article's ({self._name(project)}), not named in the sentence") if x)
                        cue_rows.append(row)
                        subj = None
                    elif built and target is not None:
                        subj = target
                    elif subj is not None and subj.type in COMPANIES and subj.start < clause_of_f.start:
                        subj = self._project  # 目标是4年内砸5000亿美元 after a list of partners: the project's, or nobody's
                    elif self._project is not None and (subj not in ms or re.search(r"(这个|该|这一|此)(项目|计划)", article.search[max(sent.start, f.start - 20) : f.start])):
                        subj = self._project  # 即在未来四年内投资 5000 亿美元: no payer named, the money of the project the article is about
                    if subj is None and cue_rows:
                        pass
                    elif subj is None:
                        cue_rows.append(unsure(self, article, sent, f, "no payer in the figure's clause and no project",
                                               relation=rel, amount=str(f.amount), currency=f.currency, bound=bound, **extra))
                    else:
                        cue_rows.append(self._row(article, sent, subj, rel, None, [f.start, f.end - 1],
                                                  (0.5 if subj.type in COMPANIES and rel in GUESSED_PAYER else 0.65) if subj in ms else 0.45, f"money figure, {rel} from the words around it",
                                                  amount=str(f.amount), currency=f.currency, bound=BOUND_LABELS.get(f.bound, ""),
                                                  money_kind=MONEY_KINDS[rel], status=status, **extra))
            elif f.unit in PHYSICAL_UNITS | {"jobs"} and not f.text.startswith("第"):
                rel = UNIT_RELATIONS.get(f.unit, "measure")
                subj, why = physical_subject(self, article.search, sent, ms, f)
                fig = {"value": str(f.value), "unit": f.unit, "bound": BOUND_LABELS.get(f.bound, ""), "status": status, **extra}
                if subj is None:
                    cue_rows.append(unsure(self, article, sent, f, why, relation=rel, **fig))
                else:
                    conf = 0.5 if getattr(subj, "type", "") in PLACES else 0.65 if subj in ms else 0.55
                    cue_rows.append(self._row(article, sent, subj, rel, None, [f.start, f.end - 1], conf,
                                              f"figure {f.text.strip()} ({f.unit}): {why}", **fig))
            else:
                rel = "measure" if f.text.startswith("第") else UNIT_RELATIONS.get(f.unit, "measure")  # 第三阶段: which phase, not how many
                subj = self._subject_for(ms, f, topic)
                clause_of_f = next((c for c in sent.clauses if c.start <= f.start < c.end), sent)
                first = [m for m in ms if clause_of_f.start <= m.start < f.start and m.type not in NOT_FIGURE_SUBJECTS]
                if f.unit in ("percent", "x") and first:
                    subj = first[0]  # 软银股价在宣布加入星际之门后上涨了7%: a share or a multiple of the clause's first name
                if subj is not None:
                    value = f.value
                    cue_rows.append(self._row(article, sent, subj, rel, None, [f.start, f.end - 1],
                                              (0.5 if subj.type in COMPANIES | {"Person"} else 0.65) if subj in ms else 0.45,
                                              f"figure {f.text.strip()} ({f.unit})", value=str(value), unit=f.unit,
                                              bound=BOUND_LABELS.get(f.bound, ""), status=status, **extra))
            for r in cue_rows:
                r["_figure"] = f
            rows += cue_rows
        return rows

    def _joined_payers(self, article, ms, f, clause):
        """Two or more companies written together (A和B, A、B与C) just before a figure in its clause, or []."""
        group = joined_tail(article.search, [m for m in ms if clause.start <= m.start and m.end <= f.start and m.type in COMPANIES])
        if len(group) < 2 or len({m.iri or m.text for m in group}) < len(group):
            return []
        return group

    def _recent_project(self):
        """The project the article is about when the last sentence named it, else None."""
        p = self._project
        return p if p is not None and p.iri and p.iri in self._prev_names else None

    def _company_for(self, ms, f, topic):
        """The company a loss, backlog or capital spending is about: the last company before the figure in its
        sentence, else the company of the last sentences (其中仅第一季度就新增了3170亿美元 after 甲骨文…), else None."""
        before = [m for m in ms if m.end <= f.start and m.type in COMPANIES - {"JointVenture"}]
        if before:
            return before[-1]
        return topic if topic is not None and topic.type in COMPANIES - {"JointVenture"} else None

    def _joint(self, article, sent, ms, f, topic):
        """Several payers and one figure (微软和OpenAI计划共同投资1000亿美元, OpenAI、软银、甲骨文等已经为这个项目投入了…):
        (payers, project, already spent) or None. The figure goes on the project, a pledge per payer without an amount."""
        clause_start = max(c.start for c in sent.clauses if c.start <= f.start) if sent.clauses else sent.start
        group = joined_tail(article.search, [m for m in ms if m.end <= f.start and m.start >= clause_start - 30 and m.type in ORG_TYPES])
        if len(group) < 2:
            return None
        group.reverse()
        projects = [m for m in ms if m.type in {"Project", "DataCenterSite", "JointVenture", "Hardware"} and m not in group]
        after = [m for m in projects if m.start >= f.end and m.start - f.end < 30]
        before = [m for m in projects if group[0].end <= m.end <= f.start]
        project = (before or after or [None])[0]
        if project is None and re.search(r"(这个|该|这一|此)(项目|计划)", article.search[group[0].end : f.start]):
            project = self._project
        if project is None:
            return None
        done = bool(re.search(r"已经?|迄今", article.search[group[0].end : f.start]))
        return list(reversed(group)), project, done

    def _subject_for(self, ms, f, topic):
        """The entity a figure is about: the nearest name before it in the sentence (sites first for physical
        figures, then projects), else the site or project the last sentences were about."""
        ms = [m for m in ms if (m.type not in NOT_FIGURE_SUBJECTS and not m.new or m.type in ORG_TYPES | {"DataCenterSite", "Project"})
              and not self._search[max(0, m.start - 1) : m.start] == "在"]  # 在白宫宣布: a place, not who
        before = [m for m in ms if m.end <= f.start]
        if f.unit == "sites":  # 新增建设五个…数据中心,作为其“星际之门”计划的关键组成部分: the project's sites
            projects = [m for m in ms if m.type in {"Project", "JointVenture"}]
            if projects or self._project is not None:
                return (projects or [self._project])[0]
        if f.unit in PHYSICAL_UNITS:
            sites = [m for m in ms if m.type == "DataCenterSite"]
            if sites:
                return sites[-1] if [m for m in sites if m.end <= f.start] == [] else [m for m in sites if m.end <= f.start][-1]
            # 星际之门将包含8个建筑 after the site was named: buildings, chips and megawatts are the site's, not the project's
            site = self._site or self._last_site
            if site is not None and not [m for m in before if m.type not in PLACE_TYPES | {"Project", "JointVenture"}]:
                return site
        for pool in ([m for m in before if m.type in {"Project", "DataCenterSite", "JointVenture"} and f.start - m.end < 40],
                     [m for m in before if m.type not in PLACE_TYPES | {"Person"}],
                     before, [m for m in ms if m.type not in PLACE_TYPES]):
            if pool:
                return pool[-1] if pool is not ms else pool[0]
        return topic
