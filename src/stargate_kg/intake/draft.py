"""Draft a sheet of candidate statements from an article.

For every sentence of the body: the entities it names (known ones by every
name the graph has, new ones by jieba and the article's patterns), its figures
and dates, and the relation cues between the names. Each candidate becomes a
row with a verbatim quote (the shortest clauses that hold the row's evidence,
an exact substring of the file), a confidence, the reason it was proposed and,
when the graph already has the same statement, that statement's IRI in
``existing``.

>>> from stargate_kg import load
>>> from stargate_kg.intake.text import Article
>>> art = Article.from_text("x.txt", "英伟达宣布将向OpenAI投资最高1000亿美元。")
>>> rows = draft(load(), art, "a099", "2025-09-25")
>>> [(r["subject"], r["relation"], r["object"], r["amount"], r["bound"]) for r in rows if r.get("amount")]
[('Nvidia', 'investsIn', 'OpenAI', '100000000000', 'up to')]
"""

import re
import time

from stargate_kg.intake.cues import UNIT_RELATIONS, cues_in, money_relation, status_in
from stargate_kg.intake.figures import find_dates, find_figures
from stargate_kg.intake.names import NameIndex, find_new
from stargate_kg.intake.parties import COMPANIES, PARTNER_GAP, REVENUE, figure_entities, group_money, physical_subject, unsure
from stargate_kg.intake.rows import ORG_TYPES, PLACE_TYPES, RowRules
from stargate_kg.intake.sites import site_mentions, sites_by_place
from stargate_kg.intake.text import quote_for
from stargate_kg.intake.variants import bracket_mentions, named_projects

BOUND_LABELS = {"UpTo": "up to", "AtLeast": "at least", "MoreThan": "more than", "LessThan": "less than", "About": "about"}
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
KEEP_AT = 0.6
#: Money relations whose subject, when no cue names the payer, is only the nearest company: keep=no, the reviewer decides.
GUESSED_PAYER = {"plannedInvestment", "investedToDate", "estimatedCost", "investsIn", "commitsFundingTo"}
PRODUCTS = {"Product", "Hardware", "Software", "AIModel"}
BENEFICIARY_RELATIONS = {"cloudProviderFor", "supplierOf", "investsIn", "commitsFundingTo", "lendsTo", "buysFrom", "supports", "builds"}
#: The kinds of entity a cue's object (and subject) can be: 微软便着手打造了…英伟达GPU does not make Microsoft build Nvidia.
OBJECT_TYPES = {
    "builds": PRODUCTS | {"Project", "DataCenterSite"}, "uses": PRODUCTS | {"Project"}, "produces": PRODUCTS | {"Publication"},
    "operates": PRODUCTS | {"Project", "DataCenterSite"}, "oversees": {"Project", "DataCenterSite"}, "tenantOf": {"DataCenterSite"},
    "partOf": {"Project", "JointVenture"}, "leads": {"Project", "JointVenture"}, "participatesIn": {"Project", "Event", "JointVenture"},
    "announced": PRODUCTS | {"Project", "Event", "DataCenterSite"}, "owns": ORG_TYPES, "cloudProviderFor": ORG_TYPES | {"Project"},
    "supplierOf": ORG_TYPES | {"Project"}, "equityPartnerOf": ORG_TYPES | {"Project"},
}
SUBJECT_TYPES = {rel: ORG_TYPES | {"Person"} for rel in ("builds", "operates", "produces", "tenantOf", "supplierOf", "cloudProviderFor", "owns",
                                                         "leads", "uses", "announced", "equityPartnerOf", "oversees")}
#: A figure in a supposition (如果能有数十万个闲置的GPU, 但如果OpenAI能以…增加20倍) or a comparison with something else
#: (要快过一百兆瓦数据中心) says nothing about the parties of the sentence.
HYPOTHETICAL = re.compile(r"(如果|假如|假设|倘若|要是|if\b)[^，,。；;]*$|(快过|慢于|快于|高于|低于)\s*$", re.I)
#: What joins the two ends of a range: 2到4千瓦, 400万至500万块.
RANGE_GAP = re.compile(r"\s*(到|至|~|～|-|—|–)\s*")


class Drafter(RowRules):
    """Drafts rows for one article against one graph (names and statements are indexed once)."""

    def __init__(self, kg, names=None):
        from stargate_kg.lookup import entity_index
        from stargate_kg.answers.statements import all_statements

        self.kg = kg
        self.names = names or NameIndex.from_graph(kg)
        self.entities = entity_index(kg)
        self.statements = all_statements(kg)
        self._by_pair = {}
        self._sites_by_place = sites_by_place(kg)
        self._figure_entities = figure_entities(list(self.entities.values()))
        self._prev_names = set()
        for st in self.statements:
            self._by_pair.setdefault((st.subject, st.relation, st.object), []).append(st)

    # -- the rows ---------------------------------------------------------------------------
    def draft(self, article, article_id, date=None, publisher=None):
        def sentence_key(pos):
            sent = article.sentence_at(pos)
            return sent.index if sent else None

        known = [m for m in self.names.find(article.search, sentence_key) if article.sentence_at(m.start) and m.start < article.body_end]
        known += bracket_mentions(article, known)
        projects = named_projects(article, known)
        known = [m for m in known if not any(p.start < m.end and m.start < p.end for p in projects)]
        new = projects + self._vet(find_new(article, known + projects), article)
        mentions = sorted(known + new, key=lambda m: m.start)
        site_ms = []
        for sent in article.sentences:  # a county or city where the graph has one site, in a data-center sentence
            in_sent = [m for m in mentions if sent.start <= m.start < sent.end]
            site_ms += site_mentions(article.search, sent, in_sent, self._sites_by_place, self.entities)
        mentions = sorted(mentions + site_ms, key=lambda m: m.start)
        figures = [f for f in find_figures(article.search) if article.sentence_at(f.start)]
        dates = [d for d in find_dates(article.search, date) if article.sentence_at(d.start)]
        by_sentence = {}
        for kind, items in (("m", mentions), ("f", figures), ("d", dates)):
            for x in items:
                s = article.sentence_at(x.start)
                by_sentence.setdefault(s.index, {"m": [], "f": [], "d": []})[kind].append(x)
        rows, topic, self._site, site_age, person = [], None, None, 0, None
        self._project = self._last_site = None
        self._prev_names = set()
        self._search = article.search
        for sent in article.sentences:
            parts = by_sentence.get(sent.index, {"m": [], "f": [], "d": []})
            ms = parts["m"]
            rows += self._roles(article, sent, ms, publisher)
            rows += self._figures(article, sent, ms, parts["f"], parts["d"], topic)
            rows += self._places(article, sent, ms)
            rows += self._site_rows(article, sent, ms)
            rows += self._cues(article, sent, ms, parts["f"], parts["d"], topic)
            rows += self._claims(article, sent, ms, person)
            self._prev_names = {m.iri for m in ms if m.iri}
            people = [m for m in ms if m.type == "Person"]
            if people:
                person = people[-1]
            topics = [m for m in ms if m.type in TOPIC_TYPES - {"Event"}]
            if topics:
                topic = topics[-1]
            projects = [m for m in ms if m.type in ("Project", "JointVenture") and (not m.new or m.how.startswith(("named", "a country")))]
            if projects:
                self._project = projects[-1]
            sites = [m for m in ms if m.type == "DataCenterSite"]
            site_age += 1
            if sites:
                self._site, site_age = sites[-1], 0
                self._last_site = sites[-1]
            elif site_age > 8:
                self._site = None
        rows = self._dedupe(rows)
        for r in rows:
            self._mark_existing(r)
            r["keep"] = "yes" if float(r["confidence"]) >= KEEP_AT else "no"
            assert r["quote"] in article.raw
        return rows

    # -- helpers -----------------------------------------------------------------------------
    def _name(self, m):
        return self.entities[m.iri].label if m.iri else m.text

    def _row(self, article, sent, subject, relation, obj=None, positions=(), confidence=0.5, reason="", **extra):
        q = quote_for(article, sent, list(positions) + [subject.start] + ([obj.start] if obj is not None else []))
        row = {
            "subject": self._name(subject), "relation": relation, "object": self._name(obj) if obj is not None else "",
            "quote": q.text, "confidence": f"{confidence:.2f}", "reason": reason,
            "_subject": subject, "_object": obj, "_start": q.start, "_end": q.end, "_sentence": sent.index,
        }
        for side, m in (("subject", subject), ("object", obj)):
            if m is not None and m.new:
                row[f"{side}_type"] = m.type
                cjk = bool(re.search(r"[\u4e00-\u9fff]", m.text))
                row[f"{side}_zh" if cjk else f"{side}_en"] = m.text
                if m.en:
                    row[f"{side}_en"] = m.en
                row["confidence"] = f"{max(0.1, confidence - 0.1):.2f}"
                row["reason"] += f"; new {side} ({m.how})"
        for k, v in extra.items():
            if v not in (None, ""):
                row[k] = v
        return row

    def _status(self, text):
        s = status_in(text)
        return STATUS_LABELS.get(s, "") if s else ""

    def _dates_for(self, dates, lo, hi, sent):
        """date/start/end/duration cells from the dates in the clause span [lo, hi)."""
        out, notes = {}, []
        for d in sorted(dates, key=lambda d: not (lo <= d.start < hi)):  # the clause's own dates first
            if not (lo - 12 <= d.start <= hi + 12):
                continue
            if d.role == "duration":
                out.setdefault("duration", d.value)
            elif d.role == "range":
                a, b = d.value.split("/")
                out.setdefault("start", a)
                out.setdefault("end", b)
            elif d.role == "end":
                out.setdefault("end", d.value)
            else:
                out.setdefault("date", d.value)
            if d.note:
                notes.append(f"{d.text}: {d.note}")
        points = [d for d in dates if d.role == "point" and sent.start <= d.start < sent.end]
        if not out and len(points) == 1:  # 《彭博》周五(9日)报导，…，共同投资10亿美元: the sentence's one date
            out["date"] = points[0].value
            notes.append(f"{points[0].text}: the sentence's date" + (f"; {points[0].note}" if points[0].note else ""))
        if notes:
            out["note"] = "; ".join(notes)
        return out

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
                    if right_after is not None:  # 价值5000亿美元“星际之门”计划: the figure is the project's
                        subj, rel = right_after, "plannedInvestment"
                    elif built and target is not None:
                        subj = target
                    elif subj is not None and subj.type in COMPANIES and subj.start < clause_of_f.start:
                        subj = self._project  # 目标是4年内砸5000亿美元 after a list of partners: the project's, or nobody's
                    elif self._project is not None and (subj not in ms or re.search(r"(这个|该|这一|此)(项目|计划)", article.search[max(sent.start, f.start - 20) : f.start])):
                        subj = self._project  # 即在未来四年内投资 5000 亿美元: no payer named, the money of the project the article is about
                    if subj is None:
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
                    cue_rows.append(self._row(article, sent, subj, rel, None, [f.start, f.end - 1], 0.65 if subj in ms else 0.55,
                                              f"figure {f.text.strip()} ({f.unit}): {why}", **fig))
            else:
                rel = "measure" if f.text.startswith("第") else UNIT_RELATIONS.get(f.unit, "measure")  # 第三阶段: which phase, not how many
                subj = self._subject_for(ms, f, topic)
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

    def _joint(self, article, sent, ms, f, topic):
        """Several payers and one figure (微软和OpenAI计划共同投资1000亿美元, OpenAI、软银、甲骨文等已经为这个项目投入了…):
        (payers, project, already spent) or None. The figure goes on the project, a pledge per payer without an amount."""
        clause_start = max(c.start for c in sent.clauses if c.start <= f.start) if sent.clauses else sent.start
        orgs = [m for m in ms if m.end <= f.start and m.start >= clause_start - 30 and m.type in ORG_TYPES]
        if len(orgs) < 2:
            return None
        group = [orgs[-1]]
        for m in reversed(orgs[:-1]):
            if re.fullmatch(r"\s*(、|和|与|及|以及|,|，|and)\s*", article.search[m.end : group[-1].start]):
                group.append(m)
            else:
                break
        if len(group) < 2:
            return None
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
            if not after and clause.end - end < 4:  # the cue ends its clause: 宣布了一项合作,将向OpenAI…
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


def draft(kg, article, article_id, date=None, publisher=None, drafter=None):
    """Rows (dicts by sheet column) of candidate statements for ``article`` (an Article or a path)."""
    from stargate_kg.intake.text import Article, read_article

    if not isinstance(article, Article):
        article = read_article(article)
    d = drafter or Drafter(kg)
    rows = d.draft(article, article_id, date, publisher)
    from stargate_kg.intake.sheet import COLUMNS

    return [{k: "" for k in COLUMNS} | {k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def draft_file(kg, article_path, article_id, date=None, publisher=None):
    """Draft and time it: (rows, seconds)."""
    t0 = time.perf_counter()
    rows = draft(kg, article_path, article_id, date, publisher)
    return rows, time.perf_counter() - t0
