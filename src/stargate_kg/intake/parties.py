"""Who a figure is about: the thing the clause is about, several payers, or "not sure".

The draft used to give a figure to the nearest name. These rules give it to
what the clause is about, and leave the party empty (keep=no, with a reason)
rather than guess:

- a capacity, a count of buildings, chips or jobs is a site's or a project's,
  never a company's or a person's: the one site the sentence names, the site
  just before the figure, the project the sentence names, else the project the
  article is about when the sentence speaks of data centers or a total; when
  the sentence names several sites and the figure follows them all (their
  total), or names none of these, nobody: not sure;
- a capacity in a clause that names a place and no data center, site, project
  or company (上海电网最高负荷达40 GW) is the place's (keep=no: the reviewer
  says whether the graph wants it);
- a capacity written right before power equipment (200兆瓦的变电站) is that
  equipment's, which has no entity yet: not sure;
- money paid "to" a place (在阿根廷…投资) has no payee: not sure;
- a name after the figure joined by 与/和 (计划投入约4000亿美元，与甲骨文和软银合作)
  is a partner, not the payee;
- 收入/营收 (revenue) is a figure about the company, never an investment;
- several payers and one payee: 各 (each) gives one row per payer with the
  figure; 共同/联合 (together) one row with the total, the first payer as
  subject and the others in the ``joint`` column.

>>> bool(REVENUE.search("这笔支出将要求OpenAI大幅提升年收入,远超过目前"))
True
"""

import re

from stargate_kg.intake.names import Mention
from stargate_kg.intake.sites import DC_WORDS

REVENUE = re.compile(r"(年?收入|营收|营业额|销售额|年化收入)[^。；;]{0,14}$")
PARTNER_GAP = re.compile(r"与|和|同|跟|及")
COMPANIES = {"Company", "JointVenture", "InvestmentFund", "Organization", "GovernmentBody"}
PLACES = {"Place", "Country", "State", "County", "City", "Region"}
DC_OR_TOTAL = re.compile(r"数据中心|资料中心|站点|园区|总容量|总用电|总算力|整体容量|总投资|投资额|算力|容量|阶段")
JOINED = re.compile(r"\s*(、|和|与|及|以及|,|，|and)\s*")
MONEY_VERBS = re.compile(r"投资|出资|注资|投入|资助|入股")
PAYEE_BEFORE = re.compile(r"(向|给|对|於|于)[^，,。向给对於于]{0,10}$")


def joined_tail(search, mentions):
    """The last of ``mentions`` that are written together (A、B与C, A和B), in text order ([] for none).

    >>> from stargate_kg.intake.names import Mention
    >>> ms = [Mention(0, 2, "甲方", None, "Company"), Mention(3, 5, "乙方", None, "Company"), Mention(6, 8, "丙方", None, "Company")]
    >>> [m.text for m in joined_tail("甲方说乙方和丙方", ms)]
    ['乙方', '丙方']
    """
    if not mentions:
        return []
    group = [mentions[-1]]
    for m in reversed(mentions[:-1]):
        if JOINED.fullmatch(search[m.end : group[-1].start]):
            group.append(m)
        else:
            break
    return list(reversed(group))


def unsure(drafter, article, sent, f, why, **extra):
    """A row with the figure and no party: keep=no, and the reason."""
    placeholder = Mention(f.start, f.end, "", None, "Unknown")
    row = drafter._row(article, sent, placeholder, extra.pop("relation", "measure"), None, [f.start, f.end - 1], 0.2,
                       f"not sure: {why}", **extra)
    row["subject"] = ""
    row["note"] = "; ".join(x for x in (row.get("note", ""), f"Not sure who this figure is about ({why}): fill in the subject or drop the row.") if x)
    return row


def _clause(sent, pos):
    return next((c for c in sent.clauses if c.start <= pos < c.end), sent)


#: Power equipment written right after a capacity (200兆瓦的变电站, 1吉瓦燃气电厂): the capacity is that equipment's.
EQUIPMENT_AFTER = re.compile(r"\s*的?\s*(?:新|大型|自有)?\s*(变电站|发电厂|电厂|燃气电厂|燃气发电厂|核电站|核电厂|反应堆|储能|电池)")
TOTAL = re.compile(r"总容量|总用电|总算力|总投资|总额|整体|合计|整个|一共|共计|目标")
SPEAKER_AFTER = re.compile(r"\s*(表示|称|指出|透露|宣布|宣佈|说)")
THIS_PROJECT = re.compile(r"(这项|该项|这个|该|这一|此|整个)\s*[“\"「]?\s*(项目|计划|计画|专案|星际之门)")


def figure_entities(entities):
    """[(value, unit, iri, {party IRIs})] for the entities whose names carry a capacity (4.5 GW) and name companies."""
    companies = {e.labels.get("en", e.label): e.iri for e in entities if e.types and e.types[0] == "Company"}
    out = []
    for e in entities:
        text = " ".join(list(e.labels.values()) + list(e.aliases) + list(e.search_names))
        for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(GW|MW)\b", text):
            parties = {iri for name, iri in companies.items() if re.search(r"(?<![A-Za-z])" + re.escape(name) + r"(?![A-Za-z])", text)}
            if parties:
                out.append((float(m.group(1)), m.group(2), e.iri, parties))
    return out


def figure_entity(drafter, search, f, names_here):
    """A known entity whose name carries the figure (the OpenAI-Oracle 4.5 GW expansion) and whose parties are all
    named in this or the last sentence, or None."""
    if f.unit not in ("GW", "MW"):
        return None
    for value, unit, iri, parties in drafter._figure_entities:
        if unit == f.unit and abs(value - float(f.value)) < 1e-9 and parties and parties <= names_here:
            return iri
    return None


def physical_subject(drafter, search, sent, ms, f):
    """(mention or IRI, why) for a physical figure (GW, buildings, chips, jobs); (None, why) when not sure."""
    clause = _clause(sent, f.start)
    equipment = EQUIPMENT_AFTER.match(search[f.end : f.end + 8]) if f.unit in ("GW", "MW", "kW") else None
    if equipment:  # 第一座200兆瓦的变电站: the substation's capacity, not the site's
        return None, f"the capacity of a {equipment.group(1)} the graph has no entity for: propose one or drop the row"
    things = [m for m in ms if m.type in ("DataCenterSite", "Project", "JointVenture")]
    here = [m for m in things if clause.start <= m.start < clause.end]
    before = [m for m in here if m.end <= f.start]
    names_here = {m.iri for m in ms if m.iri} | drafter._prev_names
    named = figure_entity(drafter, search, f, names_here)
    if named:
        ent = drafter.entities[named]
        m = Mention(f.start, f.end, ent.label, named, ent.types[0] if ent.types else "Project", ent.label)
        return m, "a known entity named by this figure and its parties"
    if before or here:
        pick = (before or here)[-1 if before else 0]
        site = drafter._site or drafter._last_site
        if (pick.type != "DataCenterSite" and site is not None and not TOTAL.search(search[clause.start : clause.end])
                and not [m for m in ms if m.type in COMPANIES - {"JointVenture"} and clause.start <= m.start < f.start]):
            return site, "the site the last sentences are about (星际之门将包含8个建筑 after the site was named)"
        return pick, "the site or project of the figure's clause"
    if THIS_PROJECT.search(search[clause.start : f.start]) and drafter._project is not None:
        return drafter._project, "该项目: the project the article is about"
    sites = [m for m in ms if m.type == "DataCenterSite"]
    for m in ms:  # 阿比林的这块1200英亩的土地: the place of a known site
        site_iri = drafter._sites_by_place.get(m.iri) if m.iri and m.type in ("City", "County") else None
        if site_iri and site_iri in drafter.entities and not sites:
            ent = drafter.entities[site_iri]
            sites = [Mention(m.start, m.end, m.text, site_iri, "DataCenterSite", ent.label)]
    distinct = {m.iri or m.text for m in sites}
    if len(distinct) == 1:
        return sites[0], "the one site the sentence names"
    if len(distinct) > 1:
        return None, "the sentence names several sites; a total of them has no entity yet"
    companies = [m for m in ms if m.type in (COMPANIES - {"JointVenture"}) | {"Person"} and not SPEAKER_AFTER.match(search[m.end : m.end + 4])]
    places = [m for m in ms if m.type in PLACES and clause.start <= m.start < f.start]
    if places and not DC_WORDS.search(search[clause.start : clause.end]) and not [m for m in companies if clause.start <= m.start < f.start]:
        return places[-1], "the place the figure's clause is about (a city's or a grid's figure; no site, project or company named)"
    if [m for m in companies if clause.start <= m.start < f.start]:
        return None, "a company's figure: which of its projects or sites is not said"
    projects = [m for m in things if m.type != "DataCenterSite"]
    if projects:
        bef = [m for m in projects if m.end <= f.start]
        return (bef[-1] if bef else projects[0]), "the project the sentence names"
    site = drafter._site or drafter._last_site
    if site is not None and not companies:
        return site, "the site of the last sentences"
    in_clause = [m for m in companies if clause.start <= m.start < clause.end]
    if drafter._project is not None and not in_clause and DC_OR_TOTAL.search(search[clause.start : clause.end]):
        return drafter._project, "the project the article is about"
    return None, "no site or project in the sentence"


def group_money(drafter, article, sent, ms, f, extra, status, bound, kind_of):
    """Rows for several payers and one payee (各 / 共同), or None when the sentence is not like that."""
    search = article.search
    clause_start = max([c.start for c in sent.clauses if c.start <= f.start] or [sent.start])
    prev_clause = max([c.start for c in sent.clauses if c.start < clause_start] or [sent.start])
    orgs = [m for m in ms if m.type in COMPANIES and m.end <= f.start and m.start >= prev_clause]
    if len(orgs) < 2:
        return None
    payee = None
    for m in ms:
        if m.type in COMPANIES and PAYEE_BEFORE.search(search[max(sent.start, m.start - 12) : m.start]) and abs(m.start - f.start) < 60:
            payee = m
            break
    if payee is None:
        after = [m for m in ms if m.type in COMPANIES and m.start >= f.end and m.start - f.end <= 14 and not PARTNER_GAP.search(search[f.end : m.start])]
        payee = after[0] if after else None
    payers = [m for m in orgs if payee is None or m.iri != payee.iri or m.text != payee.text]
    payers = [m for m in payers if m is not payee]
    group = [payers[-1]] if payers else []
    for m in reversed(payers[:-1]):
        if JOINED.fullmatch(search[m.end : group[-1].start]):
            group.append(m)
        else:
            break
    group.reverse()
    if len(group) < 2 or payee is None:
        return None
    clause_text = search[clause_start : f.start]
    between = clause_text if group[-1].end < clause_start else search[group[-1].end : f.start]
    if not MONEY_VERBS.search(between):
        return None  # 隶属于OpenAI、软银及甲骨文共同推动的价值5000亿美元“星际之门”: not a payment by them
    money = {"amount": str(f.amount), "currency": f.currency, "bound": bound, "money_kind": kind_of("investsIn"), "status": status}
    if re.search(r"各自?", between):
        return [drafter._row(article, sent, p, "investsIn", payee, [f.start, f.end - 1], 0.7, f"各: each of {len(group)} payers",
                             **money, **extra) for p in group]
    if re.search(r"共同|联合|合计|一起|共|计划|宣布|将|拟", between) or not re.search(r"各", search[group[-1].end : f.start]):
        row = drafter._row(article, sent, group[0], "investsIn", payee, [f.start, f.end - 1], 0.7,
                           f"a joint figure of {len(group)} payers (no split given)", **money, **extra)
        row["joint"] = "; ".join(drafter._name(p) for p in group[1:])
        return [row]
    return None
