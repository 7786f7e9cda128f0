"""Relation cues: the words of an article that say how two parties are related, mapped to the ontology.

Each cue is a regular expression over folded text (:func:`stargate_kg.intake.text.fold`)
and the relation (a local name in graph/ontology.ttl) it suggests. Money cues
also give the money kind; ``order`` says which side of the cue the payer or
subject stands on ("向X投资": X after 向 is the payee).

>>> [c.relation for c in cues_in("英伟达宣布将向OpenAI投资最高1000亿美元")]
['announced', 'investsIn']
>>> status_in("知情人士称,OpenAI将购买甲骨文的算力")
'Reported'
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    pattern: str
    relation: str
    money: bool = False  # a money relation between two parties (payer -> payee)
    symmetric: bool = False
    reverse: bool = False  # the party after the cue is the subject (被...收购, 由X负责)


CUES = [
    # money between two parties
    Cue(r"承诺(?:投资|出资|投入|提供)?|认缴|pledged?|committed", "commitsFundingTo", money=True),
    Cue(r"(?<!计划)(?<!总)投资(?!规模|计划|人|者|方|回报)|注资|入股|invest(?:s|ed|ing)?\b", "investsIn", money=True),
    Cue(r"投入|斥资|部署", "commitsFundingTo", money=True),
    Cue(r"贷款|借款|lends?|loan", "lendsTo", money=True),
    Cue(r"购买|采购|买下|租用|签署了?一份.{0,6}合同|合同|purchases?|buys?", "buysFrom", money=True),
    Cue(r"旗下|子公司|收购|控股|owns?|subsidiary", "owns"),
    Cue(r"股权投资人|股东|equity", "equityPartnerOf"),
    # sites and projects
    Cue(r"负责(?:基础设施)?运营|运营|operat(?:es|ed|ing)", "operates"),
    Cue(r"监督|oversee(?:s|ing)?", "oversees"),
    Cue(r"租户|承租|tenant", "tenantOf"),
    Cue(r"建设|建造|兴建|打造|修建|构建|开发|build(?:s|ing)?|construct", "builds"),
    Cue(r"组成部分|一部分|属于|旗下项目|part of", "partOf"),
    Cue(r"主导(?!权)|领导|牵头|lead(?:s|ing)?|led by", "leads"),
    Cue(r"使用|采用|部署|搭载|uses?", "uses"),
    Cue(r"推出|研发|生产|发布了?(?!会)|produces?|launch", "produces"),
    Cue(r"参与|加入|participat", "participatesIn"),
    # partnerships
    Cue(r"技术合作伙伴|technology partner", "technologyPartnerOf"),
    Cue(r"云服务|云计算服务|云提供商|cloud provider", "cloudProviderFor"),
    Cue(r"供应商|供应|供货|提供.{0,8}芯片|supplier|supplies", "supplierOf"),
    Cue(r"合作伙伴|合作|联手|携手|结盟|联盟|partner(?:s|ship)?", "partnerOf", symmetric=True),
    Cue(r"竞争对手|竞争|对手|compet", "competitorOf", symmetric=True),
    # places
    Cue(r"位于|坐落于|坐落在|选址|落户|located in", "locatedIn"),
    Cue(r"总部位于|总部设在|headquartered", "headquarteredIn"),
    # claims and announcements
    Cue(r"质疑|怀疑|批评|嘲讽|doubt|question", "doubts"),
    Cue(r"支持|力挺|support", "supports"),
    Cue(r"宣布|官宣|公布|披露|announc", "announced"),
]
_COMPILED = [(re.compile(c.pattern, re.I), c) for c in CUES]

#: Money figures about one party (no payee), by the words around the figure.
MONEY_ATTRIBUTES = [
    (r"亏损|净亏|loss", "netLoss"),
    (r"资本支出|资本开支|capex|capital spending", "capitalSpending"),
    (r"剩余履约义务|rpo|积压|backlog|未交付订单", "backlog"),
    (r"成本|造价|耗资|估算|估值|价值|cost", "estimatedCost"),
    (r"已经?(?:投入|投资|砸)|砸出|投入了|已花费|spent", "investedToDate"),
    (r"计划|投资|斥资|投入|总投资|融资|资金|invest", "plannedInvestment"),
]
#: Value figures: relation by unit.
UNIT_RELATIONS = {
    "GW": "powerCapacity", "MW": "powerCapacity", "kW": "powerCapacity", "chips": "chipCount", "GPUs": "chipCount",
    "H100-equivalents": "chipCount", "buildings": "buildingCount", "acres": "area", "workers": "workforce",
    "jobs": "jobsCreated", "phases": "phaseCount",
}
STATUS_CUES = [
    (r"知情人士|据报道|据称|消息人士|援引|据悉|reportedly|sources? (?:said|familiar)", "Reported"),
    (r"可能|或将|或许|考虑|探讨|讨论|possibly|may |might|consider", "Considered"),
    (r"正在建设|在建|施工|建造中|正在建造|under construction", "UnderConstruction"),
    (r"已投入运行|投入运行|已上线|运行中|operational|in operation", "Operating"),
    (r"承诺|committed", "Committed"),
    (r"宣布|官宣|公布|披露|announc", "Announced"),
    (r"计划|将|拟|预计|有望|目标|即将|plans?|will|expected", "Planned"),
]


def cues_in(text):
    """The relation cues in ``text`` (folded), in order, without overlaps: [(start, end, Cue)] as Cue objects with offsets.

    Returns a list of :class:`Found`.
    """
    hits = []
    for rx, cue in _COMPILED:
        for m in rx.finditer(text):
            hits.append(Found(m.start(), m.end(), cue))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


@dataclass
class Found:
    start: int
    end: int
    cue: Cue

    @property
    def relation(self):
        return self.cue.relation


def money_relation(text):
    """The attribute relation of a money figure without a payee, from the words around it.

    >>> money_relation("OpenAI在2024年已经亏损了50亿美元"), money_relation("剩余履约义务(RPO)已飙升至4550亿美元")
    ('netLoss', 'backlog')
    """
    for pattern, rel in MONEY_ATTRIBUTES:
        if re.search(pattern, text, re.I):
            return rel
    return None


def status_in(text):
    """The status the words of ``text`` suggest (graph/README.md, Qualifiers), or None."""
    for pattern, status in STATUS_CUES:
        if re.search(pattern, text, re.I):
            return status
    return None
