"""Data-center sites named by their place, and who builds, funds, oversees or operates them.

A sentence about data centers (数据中心, 站点, 园区, 资料中心) that names a
county, a city or a region where the graph has exactly one data-center site
(沙克尔福德郡 -> the Shackelford County site) is about that site: the draft
gets a site mention at the place's words (so a capacity in the sentence goes
to the site, not to the nearest company), a ``locatedIn`` row from the site
to the place, and a row for each company and role the sentence gives:

- builds: 开发, 建设, 兴建, 建造, 新建, 开设, 建;
- funds (``commitsFundingTo``): 出资, 埋单, 买单, 出钱;
- oversees: 监督 (监督兴建 is overseeing, not building);
- operates: 运营, 营运.

A company gets the roles written after it, up to the next company; companies
joined by 与, 和, 及, 、 share the roles of the last of them (OpenAI、软银…建:
both build). A company after 向 or 从 is a seller, not a builder.

>>> ROLE_RX.findall("负责出资并监督兴建")
['出资', '监督兴建']
"""

import re

from stargate_kg.intake.names import Mention

DC_WORDS = re.compile(r"数据中心|资料中心|站点|园区|据点|运算中心|data center", re.I)
ROLE_RX = re.compile(r"出资|埋单|买单|出钱|监督兴建|监督建设|监督|运营|营运|合作开发|开发|建设|兴建|建造|新建|开设|建(?![议立成议])")
ROLES = {"出资": "commitsFundingTo", "埋单": "commitsFundingTo", "买单": "commitsFundingTo", "出钱": "commitsFundingTo",
         "监督": "oversees", "监督兴建": "oversees", "监督建设": "oversees", "运营": "operates", "营运": "operates"}
BUILDERS = {"Company", "JointVenture", "InvestmentFund", "Organization"}
SITE_PLACES = {"City", "County", "Region"}


def sites_by_place(kg):
    """{place IRI: site IRI} for the places of exactly one data-center site."""
    seen = {}
    for r in kg.select("SELECT ?site ?place WHERE { ?site a sg:DataCenterSite ; sg:locatedIn ?place }"):
        seen.setdefault(str(r["place"]), set()).add(str(r["site"]))
    return {p: next(iter(s)) for p, s in seen.items() if len(s) == 1}


def site_mentions(search, sent, ms, by_place, entities):
    """Site mentions for the places of a data-center sentence (same span as the place)."""
    if not DC_WORDS.search(search[sent.start : sent.end]):
        return []
    out = []
    for m in ms:
        site = by_place.get(m.iri) if m.type in SITE_PLACES and m.iri else None
        if site and site in entities:
            ent = entities[site]
            out.append(Mention(m.start, m.end, m.text, site, "DataCenterSite", ent.label, how=f"the site in {m.label or m.text}"))
    return out


def sites_for(sent, sites, pos):
    """The sites a role at ``pos`` is about: those of its clause, else those of the next clause
    (三座数据中心将与甲骨文合作开发，分别位于…)."""
    clauses = sent.clauses or [sent]
    i = next((k for k, c in enumerate(clauses) if c.start <= pos < c.end), None)
    if i is None:
        return []
    for c in clauses[i : i + 2]:
        here = [s for s in sites if c.start <= s.start < c.end]
        if here:
            return here
    return []


def roles(search, sent, ms):
    """[(company mention, relation, cue position)] for the companies of the sentence, from the words after each."""
    companies = [m for m in ms if m.type in BUILDERS and not m.new or (m.new and m.type in ("Company", "Organization"))]
    companies = [m for m in companies if not re.search(r"(向|从)\s*$", search[max(sent.start, m.start - 2) : m.start])]
    out, pending = [], []
    for i, c in enumerate(companies):
        end = companies[i + 1].start if i + 1 < len(companies) else sent.end
        span = search[c.end : end]
        found, seen = [], set()
        for x in ROLE_RX.finditer(span):
            rel = ROLES.get(x.group(0), "builds")
            if rel not in seen:
                seen.add(rel)
                found.append((rel, c.end + x.start()))
        if not found and i + 1 < len(companies) and re.search(r"(与|和|及|、|同|跟)\s*$", span) and "。" not in span:
            pending.append(c)  # OpenAI表示,将与甲骨文合作…: shares the roles of the next company
            continue
        for p in pending + [c]:
            for rel, pos in found:
                out.append((p, rel, pos))
        pending = []
    return out

