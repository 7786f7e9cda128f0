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

REVENUE = re.compile(r"(年?收入|营收|营业额|销售额|年化收入)[^，,。]{0,12}$")
PARTNER_GAP = re.compile(r"与|和|同|跟|及")
COMPANIES = {"Company", "JointVenture", "InvestmentFund", "Organization", "GovernmentBody"}
PLACES = {"Place", "Country", "State", "County", "City", "Region"}
DC_OR_TOTAL = re.compile(r"数据中心|资料中心|站点|园区|总容量|总用电|总算力|整体容量|总投资|投资额|算力|容量")
JOINED = re.compile(r"\s*(、|和|与|及|以及|,|，|and)\s*")
PAYEE_BEFORE = re.compile(r"(向|给|对|於|于)\s*$")


def unsure(drafter, article, sent, f, why, **extra):
    """A row with the figure and no party: keep=no, and the reason."""
    placeholder = Mention(f.start, f.end, "", None, "Unknown")
    row = drafter._row(article, sent, placeholder, extra.pop("relation", "measure"), None, [f.start, f.end - 1], 0.2,
                       f"not sure: {why}", **extra)
    row["subject"] = ""
    row["note"] = "; ".join(x for x in (row.get("note", ""), f"Not sure who this figure is about ({why}): fill in the subject or drop the row.") if x)
    return row


def physical_subject(drafter, search, sent, ms, f):
    """(mention, why) for a physical figure (GW, buildings, chips, jobs); (None, why) when not sure."""
    sites = [m for m in ms if m.type == "DataCenterSite"]
    distinct = {m.iri or m.text for m in sites}
    if len(distinct) == 1:
        return sites[0], "the site the sentence names"
    if len(distinct) > 1:
        before = [m for m in sites if m.end <= f.start]
        after = [m for m in sites if m.start >= f.end]
        if before and f.start - before[-1].end <= 12 and after:
            return before[-1], "the site just before the figure"
        return None, "the sentence names several sites; a total of them has no entity yet"
    projects = [m for m in ms if m.type in ("Project", "JointVenture")]
    if projects:
        before = [m for m in projects if m.end <= f.start]
        return (before[-1] if before else projects[0]), "the project the sentence names"
    companies = [m for m in ms if m.type in COMPANIES | {"Person"}]
    site = drafter._site or drafter._last_site
    if site is not None and not companies:
        return site, "the site of the last sentences"
    if drafter._project is not None and DC_OR_TOTAL.search(search[sent.start : sent.end]):
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
        if m.type in COMPANIES and PAYEE_BEFORE.search(search[max(sent.start, m.start - 2) : m.start]) and abs(m.start - f.start) < 40:
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
    between = search[group[-1].end : f.start]
    money = {"amount": str(f.amount), "currency": f.currency, "bound": bound, "money_kind": kind_of("investsIn"), "status": status}
    if re.search(r"各(自)?", between):
        return [drafter._row(article, sent, p, "investsIn", payee, [f.start, f.end - 1], 0.7, f"各: each of {len(group)} payers",
                             **money, **extra) for p in group]
    if re.search(r"共同|联合|合计|一起|共", between):
        row = drafter._row(article, sent, group[0], "investsIn", payee, [f.start, f.end - 1], 0.7,
                           f"共同: a joint figure of {len(group)} payers", **money, **extra)
        row["joint"] = "; ".join(drafter._name(p) for p in group[1:])
        return [row]
    return None
