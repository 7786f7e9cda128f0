"""Facts of the shipped graph checked against the five source articles.

Each fact test names the article and quotes the sentence it relies on; the
expected values are read from that sentence, not from the graph. The
graph-wide tests at the end check the curation rules: every statement
sourced, every entity typed, labelled and used, English labels unique,
quotes inside the article bodies, Wikidata links as listed in
``../shared/wikidata-ids.tsv``.
"""

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from stargate_kg.names import normalize
from stargate_kg.namespace import E, SG
from stargate_kg.answers.statements import all_statements

BILLION = 1_000_000_000


# ---------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def sts(kg):
    """Every statement of the graph as records (stargate_kg.answers.statements)."""
    return all_statements(kg)


def find(sts, subject, relation, obj=None, *, deprecated=False):
    """Statements ``subject --relation--> obj`` (entity slugs), deprecated ones only if asked."""
    return [
        s
        for s in sts
        if s.subject == str(E[subject])
        and s.relation == relation
        and (obj is None or s.object == str(E[obj]))
        and (deprecated or not s.deprecated)
    ]


def cited(st, article, text):
    """True when ``st`` has a reference to ``article`` whose quote contains ``text``."""
    return any(src.article == article and text in src.quote for src in st.sources)


def one(sts, subject, relation, obj=None, *, article, text, deprecated=False):
    """The one statement of that shape supported by a quote of ``article`` containing ``text``."""
    found = [s for s in find(sts, subject, relation, obj, deprecated=deprecated) if cited(s, article, text)]
    assert len(found) == 1, f"{subject} {relation} {obj}: {len(found)} statements cite {article} {text!r}"
    return found[0]


def amount(st):
    return Decimal(str(st.qualifiers["amount"]))


def edge(kg, s, rel, o):
    """A derived direct edge (graph/rules/), which deprecated statements never give."""
    return kg.ask(f"ASK {{ <{E[s]}> <{SG[rel]}> <{E[o]}> }}")


# ================================================================ the 2025 joint venture
def test_stargate_500b_over_four_years(sts):
    """001: 「今年 1 月在白宫宣布的承诺，即在未来四年内投资 5000 亿美元，在美国建设 10 GW 的 AI 基础设施」;
    004: 「计划今后4年投资5000亿美元」."""
    st = one(sts, "stargate", "plannedInvestment", article="a001", text="在未来四年内投资 5000 亿美元")
    assert amount(st) == 500 * BILLION and st.qualifiers["currency"] == "USD"
    assert st.qualifiers["duration"] == "P4Y"
    assert cited(st, "a004", "计划今后4年投资5000亿美元")
    assert cited(st, "a002", "5000亿美元")


def test_stargate_10gw_target(sts):
    """001: 「在未来四年内投资 5000 亿美元，在美国建设 10 GW 的 AI 基础设施」; 004: 「今年1月提出的10GW算力目标」."""
    st = one(sts, "stargate", "powerCapacity", article="a001", text="10 GW 的 AI 基础设施")
    assert st.value == 10 and st.qualifiers["unit"] == "GW"
    assert cited(st, "a004", "今年1月提出的10GW算力目标")


def test_10gw_expected_by_end_of_2025(sts):
    """004: 「有望在年底前提前实现今年1月提出的10GW算力目标」: the 10 GW, not Stargate as a whole,
    is expected by the end of 2025 (Stargate is 「一个总称,用于指代OpenAI所有数据中心项目」)."""
    cited_004 = [s for s in find(sts, "stargate", "powerCapacity") if cited(s, "a004", "有望在年底前提前实现")]
    by_2025 = [s for s in cited_004 if s.qualifiers.get("end_time") == "2025"]
    assert len(by_2025) == 1
    assert by_2025[0].value == 10 and by_2025[0].qualifiers["unit"] == "GW"
    assert not [s for s in find(sts, "stargate", "completionDate") if cited(s, "a004", "10GW算力目标")]


def test_stargate_jobs(sts):
    """002: 「Stargate项目预计将为美国创造超过10万个就业岗位」."""
    st = one(sts, "stargate", "jobsCreated", article="a002", text="超过10万个就业岗位")
    assert st.value == 100_000 and st.qualifiers["bound"] == "more than"


def test_initial_equity_investors(sts):
    """002: 「Stargate的初始股权投资人包括软银、OpenAI、甲骨文和MGX」."""
    for who in ("softbank", "openai", "oracle", "mgx"):
        st = one(sts, who, "equityPartnerOf", "stargate", article="a002", text="初始股权投资人包括软银、OpenAI、甲骨文和MGX")
        assert st.qualifiers["money_kind"] == "equity"


def test_technology_partners_include_arm(sts):
    """002: 「项目的技术合作伙伴包括Arm、微软、英伟达和甲骨文」 (the 2025 joint venture)."""
    for who in ("arm", "microsoft", "nvidia", "oracle"):
        one(sts, who, "technologyPartnerOf", "stargate", article="a002", text="技术合作伙伴包括Arm、微软、英伟达和甲骨文")
    assert not find(sts, "arm", "technologyPartnerOf", "stargate-supercomputer-2024")


def test_son_chairs_stargate(sts):
    """002: 「孙正义将担任Stargate的董事长」."""
    one(sts, "masayoshi-son", "chairOf", "stargate", article="a002", text="孙正义将担任Stargate的董事长")


def test_data_center_partners(sts):
    """001: 「该项目已经与甲骨文、软银和 CoreWeave 建立了在数据中心方面的合作关系」."""
    for who in ("oracle", "softbank", "coreweave"):
        one(sts, who, "dataCenterPartnerOf", "stargate", article="a001", text="甲骨文、软银和 CoreWeave")


def test_microsoft_cloud_provider_for_openai(sts):
    """001: 「微软将继续为 OpenAI 提供云服务，包括通过星际之门项目」; 003: OpenAI 借助微软的数据中心为ChatGPT ... 提供强大的支持."""
    st = one(sts, "microsoft", "cloudProviderFor", "openai", article="a001", text="微软将继续为 OpenAI 提供云服务")
    assert cited(st, "a003", "借助微软的数据中心")


# ---------------------------------------------------------------- the announcement date
def test_announcement_date_is_2025_01_21_preferred(kg, sts):
    """000: 「这项特朗普就职典礼第二天就官宣的、意义非凡的5000亿美元AI未来投资计划」;
    004: 「今年1月,OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目」."""
    st = one(sts, "stargate-announcement-2025", "occurredOn", article="a000", text="特朗普就职典礼第二天就官宣")
    assert cited(st, "a004", "在特朗普重返白宫第二天即宣布")
    assert st.qualifiers["point_in_time"] == "2025-01-21"
    assert st.qualifiers["rank"] == "preferred" and st.qualifiers["rank_reason"]
    lit = kg.select("SELECT ?d WHERE { ?st sg:subject e:stargate-announcement-2025 ; sg:relation sg:occurredOn ; "
                    "sg:rank sg:PreferredRank ; sg:pointInTime ?d }")
    assert [r["d"] for r in lit] == [Literal("2025-01-21", datatype=XSD.date)]


def test_announcement_misprint_deprecated(kg, sts):
    """002: 「特朗普总统在2024年1月21日的白宫新闻发布会上宣布了名为“星际之门”(Stargate)的人工智能基础设施投资计划」."""
    st = one(sts, "stargate-announcement-2025", "occurredOn", article="a002", text="2024年1月21日", deprecated=True)
    assert st.qualifiers["point_in_time"] == "2024-01-21"
    assert st.qualifiers["rank"] == "deprecated" and st.qualifiers["rank_reason"]
    assert kg.ask("ASK { ?a sg:conflictsWith|^sg:conflictsWith ?b . ?a sg:rank sg:DeprecatedRank ; sg:pointInTime \"2024-01-21\"^^xsd:date . "
                  "?b sg:rank sg:PreferredRank ; sg:pointInTime \"2025-01-21\"^^xsd:date }")


def test_every_current_announcement_date_is_2025(sts):
    """001: 「今年 1 月在白宫宣布的承诺」 (a 2025 article): no non-deprecated statement dates the announcement to 2024."""
    dates = [s.qualifiers["point_in_time"] for s in find(sts, "stargate-announcement-2025", "occurredOn")]
    assert dates and all(d.startswith("2025-01") for d in dates)


# ---------------------------------------------------------------- the January $100B and its fate
def test_initial_100b_is_one_joint_pledge(sts):
    """001: 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」; 002: 「OpenAI和软银宣布将立即部署1000亿美元的投资」."""
    st = one(sts, "stargate", "plannedInvestment", article="a001", text="承诺「立即」投资 1000 亿美元")
    assert amount(st) == 100 * BILLION and st.qualifiers["status"] == "committed"
    assert cited(st, "a002", "OpenAI和软银宣布将立即部署1000亿美元的投资")
    for who in ("openai", "softbank"):
        pledge = one(sts, who, "commitsFundingTo", "stargate", article="a002", text="OpenAI和软银宣布将立即部署1000亿美元的投资")
        assert "amount" not in pledge.qualifiers  # a joint figure: no per-company share


def test_each_100b_reading_is_deprecated(sts):
    """002: 「在Stargate项目的初始投资中,软银和OpenAI各自承诺投入1000亿美元」 contradicts 002's own 「初始投资为1000亿美元」."""
    for who in ("softbank", "openai"):
        st = one(sts, who, "commitsFundingTo", "stargate", article="a002", text="各自承诺投入1000亿美元", deprecated=True)
        assert st.deprecated and amount(st) == 100 * BILLION
        assert str(E).replace("/entity/", "/statement/") + "stargate-initial-investment-100b" in st.qualifiers["conflicts_with"]


def test_july_scale_back_is_preferred(kg, sts):
    """001: 「该项目目前设定了一个更为温和的目标，即在今年年底前建造一个小型数据中心，很可能位于俄亥俄州」."""
    st = one(sts, "wsj", "claims", "stargate", article="a001", text="即在今年年底前建造一个小型数据中心")
    assert st.qualifiers["rank"] == "preferred" and st.qualifiers["status"] == "reported"
    initial = one(sts, "stargate", "plannedInvestment", article="a001", text="承诺「立即」投资 1000 亿美元")
    assert initial.qualifiers["rank"] == "normal"
    assert kg.ask(f"ASK {{ <{initial.iri}> sg:conflictsWith|^sg:conflictsWith <{st.iri}> }}")


def test_small_data_center_likely_in_ohio(sts):
    """001: 「即在今年年底前建造一个小型数据中心，很可能位于俄亥俄州」."""
    st = one(sts, "stargate-small-data-center-2025", "locatedIn", "ohio", article="a001", text="很可能位于俄亥俄州")
    assert st.qualifiers["status"] == "reported"
    done = one(sts, "stargate-small-data-center-2025", "completionDate", article="a001", text="今年年底前")
    assert done.qualifiers["end_time"] == "2025"


def test_000_hundred_billion_invested_is_deprecated(kg, sts):
    """000: 「迄今为止，OpenAI、软银、甲骨文等，已经为这个项目投入了1000亿美元」, against 001's July scale-back."""
    st = one(sts, "stargate", "investedToDate", article="a000", text="已经为这个项目投入了1000亿美元", deprecated=True)
    assert st.deprecated and amount(st) == 100 * BILLION and st.qualifiers["rank_reason"]
    assert st.qualifiers["conflicts_with"]


def test_000_per_investor_stakes_stay_normal_without_the_deprecated_figure(kg, sts):
    """000: 「迄今为止，OpenAI、软银、甲骨文等，已经为这个项目投入了1000亿美元」: the $100B-to-date is deprecated,
    but that each named company puts money into Stargate is kept, deliberately (explicit normal rank with a reason),
    with neither the amount nor a date; 002 「Stargate的初始股权投资人包括软银、OpenAI、甲骨文和MGX」 agrees."""
    total = one(sts, "stargate", "investedToDate", article="a000", text="已经为这个项目投入了1000亿美元", deprecated=True)
    for who in ("openai", "softbank", "oracle"):
        st = one(sts, who, "investsIn", "stargate", article="a000", text="已经为这个项目投入了1000亿美元")
        assert st.qualifiers["rank"] == "normal" and "st:" + total.iri.rsplit("/", 1)[1] in st.qualifiers["rank_reason"]
        assert not {"amount", "point_in_time", "start_time"} & set(st.qualifiers)
        assert edge(kg, who, "investsIn", "stargate")
        one(sts, who, "equityPartnerOf", "stargate", article="a002", text="初始股权投资人包括软银、OpenAI、甲骨文和MGX")


def test_musk_says_softbank_has_less_than_10b(sts):
    """002: 「马斯克指出,软银能够提供的资金可能不足100亿美元」."""
    st = one(sts, "elon-musk", "doubts", "softbank", article="a002", text="不足100亿美元")
    assert amount(st) == 10 * BILLION and st.qualifiers["bound"] == "less than"
    assert st.qualifiers["conflicts_with"] and st.qualifiers["rank_reason"]


def test_musk_doubts_stargate_funding(sts):
    """002: 「马斯克对此表示质疑,认为该项目实际上没有足够的资金」."""
    one(sts, "elon-musk", "doubts", "stargate", article="a002", text="该项目实际上没有足够的资金")
    one(sts, "elon-musk", "ceoOf", "tesla", article="a002", text="特斯拉CEO埃隆·马斯克")


def test_amodei_doubts_500b(sts):
    """002: 「Anthropic CEO Dario Amodei在达沃斯世界经济论坛上表示,他怀疑“星际之门”项目能否实现5000亿美元的融资」."""
    st = one(sts, "dario-amodei", "doubts", "stargate", article="a002", text="能否实现5000亿美元的融资")
    assert amount(st) == 500 * BILLION
    one(sts, "dario-amodei", "ceoOf", "anthropic", article="a002", text="Anthropic CEO")
    one(sts, "dario-amodei", "participatesIn", "davos-2025", article="a002", text="达沃斯世界经济论坛")


def test_softbank_and_oracle_doubt_is_deprecated(sts):
    """002: 「这种质疑不仅来自Anthropic,也来自其他合作伙伴,如软银和甲骨文等」 vs 「尽管OpenAI、软银和甲骨文等科技巨头对项目表示信心」."""
    for who in ("softbank", "oracle"):
        doubt = one(sts, who, "doubts", "stargate", article="a002", text="如软银和甲骨文等", deprecated=True)
        assert doubt.deprecated
        conf = one(sts, who, "claims", "stargate", article="a002", text="对项目表示信心")
        assert conf.qualifiers["rank"] == "preferred"
        assert conf.iri in doubt.qualifiers["conflicts_with"]


def test_2024_supercomputer_more_than_vs_up_to_100b_are_linked(sts):
    """002: 「微软和OpenAI计划共同投资超过1000亿美元,用于Stargate超级计算机的建设」 (more than)
    vs 003: 「该项目的投资规模可能高达惊人的1000亿美元」 (up to): the graph keeps both and says they disagree."""
    over = one(sts, "stargate-supercomputer-2024", "plannedInvestment", article="a002", text="共同投资超过1000亿美元")
    up_to = one(sts, "stargate-supercomputer-2024", "estimatedCost", article="a003", text="可能高达惊人的1000亿美元")
    assert (amount(over), over.qualifiers["bound"]) == (100 * BILLION, "more than")
    assert (amount(up_to), up_to.qualifiers["bound"]) == (100 * BILLION, "up to")
    assert up_to.iri in over.qualifiers["conflicts_with"]
    assert over.qualifiers["rank"] == "normal" and over.qualifiers["rank_reason"]


def test_unnamed_insider_doubts_500b(sts):
    """000: 「有业内人士暗示，这个数字不可能真的达到」 (the $500B)."""
    st = one(sts, "unnamed-industry-insider-a000", "doubts", "stargate", article="a000", text="这个数字不可能真的达到")
    assert amount(st) == 500 * BILLION


# ================================================================ sites
def test_abilene_site_in_abilene_texas(sts):
    """000: 「记者Emily Chang探访了德州阿比林的星际之门基地」; 001: 「德克萨斯州阿比林的 Stargate I 数据中心即将上线」."""
    st = one(sts, "abilene-site", "locatedIn", "abilene", article="a000", text="德州阿比林的星际之门基地")
    assert cited(st, "a001", "德克萨斯州阿比林的 Stargate I")
    one(sts, "abilene", "locatedIn", "texas", article="a001", text="德克萨斯州阿比林")
    one(sts, "abilene-site", "partOf", "stargate", article="a000", text="第一座星际之门")


def test_abilene_site_figures(sts):
    """000: 「站点的总发电容量将达到1.2千兆瓦」, 「星际之门将包含8个建筑」, 「总共有多达40万块芯片」,
    「阿比林的这块1200英亩的土地」, 「已经有2200名工人在现场施工了」."""
    power = one(sts, "abilene-site", "powerCapacity", article="a000", text="1.2千兆瓦")
    assert power.value == pytest.approx(1.2) and power.qualifiers["unit"] == "GW"
    assert one(sts, "abilene-site", "buildingCount", article="a000", text="8个建筑").value == 8
    chips = one(sts, "abilene-site", "chipCount", article="a000", text="多达40万块芯片")
    assert chips.value == 400_000 and chips.qualifiers["bound"] == "up to"
    area = one(sts, "abilene-site", "area", article="a000", text="1200英亩")
    assert area.value == 1200 and area.qualifiers["unit"] == "acres"
    assert one(sts, "abilene-site", "workforce", article="a000", text="2200名工人").value == 2200


def test_abilene_completion_mid_2026(sts):
    """000: 「阿比林的这个数据中心，被命名为「Project Ludicrous」（荒唐计划），项目预计在2026年中期完工」."""
    st = one(sts, "abilene-site", "completionDate", article="a000", text="2026年中期完工")
    assert st.qualifiers["end_time"] == "2026"


def test_abilene_chips_worth_at_least_152b(sts):
    """000: 「如今，看着这40万块芯片（保守估值也有1520亿美元）」: the conservative value (保守估值) of the
    400,000 chips, not the cost of the site."""
    st = one(sts, "abilene-site-chips", "estimatedCost", article="a000", text="1520亿美元")
    assert amount(st) == 152 * BILLION and st.qualifiers["bound"] == "at least"
    assert not [s for s in find(sts, "abilene-site", "estimatedCost") if cited(s, "a000", "1520亿美元")]
    # the site holds the chips: 「每座建筑中都会有完全互连的大型GPU集群，总共有多达40万块芯片」
    one(sts, "abilene-site", "uses", "abilene-site-chips", article="a000", text="总共有多达40万块芯片")


def test_crusoe_oversees_abilene(sts):
    """000: 「他的另一个身份，是数据中心初创公司Crusoe的创始人，而Crusoe正负责监督这个庞大的项目」."""
    one(sts, "crusoe", "oversees", "abilene-site", article="a000", text="Crusoe正负责监督这个庞大的项目")
    one(sts, "chase-lochmiller", "founderOf", "crusoe", article="a000", text="Crusoe的创始人")


def test_openai_is_tenant_at_abilene(sts):
    """004: 「这些数据中心将延续双方在德州阿比林数据中心的“以租代售”模式」."""
    one(sts, "openai", "tenantOf", "abilene-site", article="a004", text="以租代售")


def test_three_oracle_sites(sts):
    """004: 「与甲骨文合作建设的三处分别位于德克萨斯州沙克尔福德县、新墨西哥州多尼亚安娜县、以及中西部一个尚未公开的地点 ...
    甲骨文将负责基础设施运营,OpenAI以主力租户身份独占核心算力资源」."""
    for site in ("shackelford-county-site", "dona-ana-county-site", "midwest-site"):
        one(sts, "oracle", "operates", site, article="a004", text="甲骨文将负责基础设施运营")
        one(sts, "openai", "tenantOf", site, article="a004", text="主力租户")
        one(sts, "oracle", "builds", site, article="a004", text="与甲骨文合作建设的三处")
        one(sts, site, "partOf", "stargate", article="a004", text="关键组成部分")


def test_sb_energy_sites(sts):
    """004: 「另外两个则是由OpenAI和软银旗下开发太阳能和电池项目的子公司SB Energy负责运营,选址俄亥俄州洛兹敦与德克萨斯州米拉姆县」."""
    for site in ("lordstown-site", "milam-county-site"):
        one(sts, "sb-energy", "operates", site, article="a004", text="子公司SB Energy负责运营")
        one(sts, site, "partOf", "stargate", article="a004", text="选址俄亥俄州洛兹敦与德克萨斯州米拉姆县")


def test_no_builder_of_the_sb_energy_sites_by_elimination(kg, sts):
    """004: 「OpenAI将与甲骨文、软银在美国新增建设五个大型人工智能数据中心」 names SoftBank for all five only;
    「另外两个则是由OpenAI和软银旗下…子公司SB Energy负责运营」 says who operates the other two, not who builds them.
    A guard: OpenAI builds them (it builds all five), SB Energy operates them, and no SoftBank or SB Energy
    'builds' is inferred by elimination from the three built 「与甲骨文合作」."""
    for site in ("lordstown-site", "milam-county-site"):
        one(sts, "openai", "builds", site, article="a004", text="新增建设五个大型人工智能数据中心")
        one(sts, "sb-energy", "operates", site, article="a004", text="子公司SB Energy负责运营")
        for who in ("softbank", "sb-energy", "oracle"):
            assert not find(sts, who, "builds", site, deprecated=True), (who, site)
            assert not edge(kg, who, "builds", site)
    one(sts, "softbank", "dataCenterPartnerOf", "openai", article="a004", text="OpenAI将与甲骨文、软银在美国新增建设五个")


def test_no_operator_recorded_for_abilene(kg, sts):
    """004: 「这些数据中心将延续双方在德州阿比林数据中心的“以租代售”模式,甲骨文将负责基础设施运营」: Oracle
    will operate the new sites (将, about 这些数据中心); the article does not say who operates Abilene. A guard:
    OpenAI leases at Abilene, Crusoe oversees its construction (000), and no operator is inferred."""
    assert not [s for s in sts if s.relation == "operates" and s.object == str(E["abilene-site"])]
    assert not edge(kg, "oracle", "operates", "abilene-site")
    one(sts, "openai", "tenantOf", "abilene-site", article="a004", text="以租代售")
    one(sts, "crusoe", "oversees", "abilene-site", article="a000", text="Crusoe正负责监督这个庞大的项目")


def test_site_places_down_to_country(kg, sts):
    """004: 「德克萨斯州沙克尔福德县、新墨西哥州多尼亚安娜县」, 「选址俄亥俄州洛兹敦与德克萨斯州米拉姆县」, 「在美国新增建设五个」."""
    chains = {
        "shackelford-county-site": ["shackelford-county", "texas"],
        "dona-ana-county-site": ["dona-ana-county", "new-mexico"],
        "lordstown-site": ["lordstown", "ohio"],
        "milam-county-site": ["milam-county", "texas"],
    }
    for site, (place, state) in chains.items():
        one(sts, site, "locatedIn", place, article="a004", text="县" if "county" in place else "洛兹敦")
        one(sts, place, "locatedIn", state, article="a004", text="州")
        assert kg.ask(f"ASK {{ <{E[site]}> sg:locatedIn+ e:united-states }}"), site
    one(sts, "midwest-site", "locatedIn", "us-midwest", article="a004", text="中西部一个尚未公开的地点")


def test_softbank_owns_sb_energy(kg, sts):
    """004: 「软银旗下开发太阳能和电池项目的子公司SB Energy」."""
    st = one(sts, "softbank", "owns", "sb-energy", article="a004", text="软银旗下")
    assert st.qualifiers["money_kind"] == "ownership"
    assert edge(kg, "softbank", "owns", "sb-energy")


def test_five_new_sites_announced_2025_09_24(sts):
    """004: 「9月24日,OpenAI宣布 ... OpenAI将与甲骨文、软银在美国新增建设五个大型人工智能数据中心」."""
    st = one(sts, "stargate", "measure", article="a004", text="新增建设五个")
    assert st.value == 5 and st.qualifiers["unit"] == "sites"
    ann = one(sts, "stargate-expansion-announcement-2025-09", "occurredOn", article="a004", text="9月24日")
    assert ann.qualifiers["point_in_time"] == "2025-09-24"


def test_oracle_4_5gw_and_over_5gw(sts):
    """001: 「OpenAI 正式宣布正与甲骨文（Oracle）在美国合作开发另外 4.5 GW 的星际之门数据中心容量」,
    「两者相加 ... 将超过 5 GW」, 「这个 5 GW 规模的数据中心将运行超过 200 万个芯片」."""
    exp = one(sts, "openai-oracle-4-5gw-expansion", "powerCapacity", article="a001", text="另外 4.5 GW")
    assert exp.value == pytest.approx(4.5) and exp.qualifiers["unit"] == "GW"
    total = one(sts, "openai-oracle-stargate-capacity", "powerCapacity", article="a001", text="数据中心容量将超过")
    assert total.value == 5 and total.qualifiers["bound"] == "more than"
    chips = one(sts, "openai-oracle-stargate-capacity", "chipCount", article="a001", text="超过 200 万个芯片")
    assert chips.value == 2_000_000 and chips.qualifiers["bound"] == "more than"


def test_colossus_clusters(sts):
    """001: 「xAI 的 Colossus 1 超级集群有 23 万块 GPU（包括 3 万块 GB200）」, 「Colossus 2 ... 首批将有 55 万块 GB200 和 GB300」."""
    c1 = [s for s in find(sts, "colossus-1", "chipCount") if cited(s, "a001", "23 万块 GPU")]
    assert sorted(s.value for s in c1) == [30_000, 230_000]
    assert [s.value for s in find(sts, "colossus-1", "chipCount", "gb200")] == [30_000]
    assert one(sts, "colossus-2", "chipCount", article="a001", text="55 万块 GB200 和 GB300").value == 550_000
    for c in ("colossus-1", "colossus-2"):
        one(sts, "xai", "operates", c, article="a001", text="Colossus")


def test_musk_five_year_plan(sts):
    """001: 「马斯克表示目标是在 5 年内上线的 AI 算力（但能效更高）将达到等价于 5000 万台 H100 的量级」."""
    st = one(sts, "xai-five-year-plan", "measure", "h100", article="a001", text="5000 万台 H100")
    assert st.value == 50_000_000 and st.qualifiers["duration"] == "P5Y"
    assert st.qualifiers["bound"] == "about"  # 「…的量级」: an order of magnitude, not an exact count


# ================================================================ money around OpenAI
def test_nvidia_invests_up_to_100b_in_openai(kg, sts):
    """004: 「就在OpenAI官宣新建五座数据中心的前一天,英伟达宣布了一项震惊业界的合作,将向OpenAI投资最高1000亿美元」."""
    st = one(sts, "nvidia", "investsIn", "openai", article="a004", text="将向OpenAI投资最高1000亿美元")
    assert amount(st) == 100 * BILLION and st.qualifiers["bound"] == "up to"
    assert st.qualifiers["money_kind"] == "commitment"  # 将…投资: will invest; no article says equity
    assert st.qualifiers["point_in_time"] == "2025-09-23"
    assert not find(sts, "openai", "investsIn", "nvidia")  # payer -> payee


def test_nvidia_partnership_10gw(sts):
    """004: 「用于建设总容量达10GW的人工智能基础设施」; 「10GW相当于400万至500万块图形处理器(GPU)」."""
    assert one(sts, "nvidia-openai-10gw-partnership", "powerCapacity", article="a004", text="10GW").value == 10
    gpus = [s for s in find(sts, "nvidia-openai-10gw-partnership", "chipCount") if cited(s, "a004", "400万至500万块")]
    assert len(gpus) == 1  # one range, 400万至500万: a minimum and a maximum
    assert (gpus[0].qualifiers["min_value"], gpus[0].qualifiers["max_value"]) == (4_000_000, 5_000_000)
    assert gpus[0].value is None


def test_openai_buys_300b_of_oracle_compute(sts):
    """004: 「知情人士称,这主要源于OpenAI与甲骨文签署了一份云计算合同,将在五年内购买甲骨文价值3000亿美元的算力服务」."""
    st = one(sts, "openai", "buysFrom", "oracle", article="a004", text="价值3000亿美元的算力服务")
    assert amount(st) == 300 * BILLION and st.qualifiers["duration"] == "P5Y"
    assert st.qualifiers["money_kind"] == "purchase" and st.qualifiers["status"] == "reported"


def test_oracle_buys_gpus_from_nvidia(sts):
    """004: 「作为负责建设运营数据中心的甲骨文则需要向英伟达采购大量的GPU芯片」."""
    st = one(sts, "oracle", "buysFrom", "nvidia", article="a004", text="向英伟达采购大量的GPU芯片")
    assert st.qualifiers["money_kind"] == "purchase"


def test_money_loop_openai_oracle_nvidia(kg):
    """004: 「OpenAI向甲骨文购买云计算服务,... 甲骨文则需要向英伟达采购大量的GPU芯片, ... 英伟达,再将其部分利润以投资形式返还给OpenAI」."""
    assert edge(kg, "openai", "buysFrom", "oracle")
    assert edge(kg, "oracle", "buysFrom", "nvidia")
    assert edge(kg, "nvidia", "investsIn", "openai")


def test_oracle_backlog(sts):
    """004: 「甲骨文披露其剩余履约义务(RPO)已飙升至4550亿美元,同比增长359%,其中仅第一季度就新增了3170亿美元」."""
    st = one(sts, "oracle", "backlog", article="a004", text="4550亿美元")
    assert amount(st) == 455 * BILLION
    assert one(sts, "oracle", "measure", article="a004", text="同比增长359%").value == 359


def test_oracle_q1_rpo_addition_is_not_a_backlog(sts):
    """004: 「其中仅第一季度就新增了3170亿美元」: $317B was added to the RPO in one quarter;
    Oracle's backlog is the 「4550亿美元」, so the $317B is a measure, not a second backlog figure."""
    assert [amount(s) for s in find(sts, "oracle", "backlog") if cited(s, "a004", "亿美元")] == [455 * BILLION]
    added = one(sts, "oracle", "measure", article="a004", text="仅第一季度就新增了3170亿美元")
    assert amount(added) == 317 * BILLION and added.qualifiers["money_kind"] == "backlog"


def test_microsoft_13b_commitment_to_openai(sts):
    """003: 「截至目前，微软已向OpenAI承诺投资130亿美元」."""
    st = one(sts, "microsoft", "commitsFundingTo", "openai", article="a003", text="承诺投资130亿美元")
    assert amount(st) == 13 * BILLION and st.qualifiers["currency"] == "USD"


def test_openai_losses(sts):
    """000: 「OpenAI在2024年已经亏损了50亿美元」; 002: 「并预计在2026年进一步攀升至140亿美元」."""
    st = one(sts, "openai", "netLoss", article="a000", text="亏损了50亿美元")
    assert amount(st) == 5 * BILLION and st.qualifiers["point_in_time"] == "2024"
    assert cited(st, "a002", "亏损额可能达到50亿美元")
    later = one(sts, "openai", "netLoss", article="a002", text="140亿美元")
    assert amount(later) == 14 * BILLION and later.qualifiers["point_in_time"] == "2026"


def test_foxconn_wisconsin_pledge(sts):
    """002: 「富士康创始人郭台铭曾承诺在威斯康星州投资100亿美元建设工厂,但最终该项目未能完全兑现」."""
    st = one(sts, "foxconn", "commitsFundingTo", "foxconn-wisconsin-factory", article="a002", text="投资100亿美元建设工厂")
    assert amount(st) == 10 * BILLION and st.qualifiers["status"] == "scaled back"
    one(sts, "terry-gou", "founderOf", "foxconn", article="a002", text="富士康创始人郭台铭")


# ================================================================ the 2024 Microsoft/OpenAI plan
def test_two_stargates_are_distinct(kg, sts):
    """003: 「高管们构想中的这台超级计算机名为“星际之门（Stargate）”」 (2024) vs 002: 「Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司」 (2025)."""
    assert not kg.ask("ASK { e:stargate owl:sameAs e:stargate-supercomputer-2024 }")
    assert not kg.ask("ASK { e:stargate-supercomputer-2024 owl:sameAs e:stargate }")
    assert kg.ask("ASK { e:stargate a sg:JointVenture }")
    assert not kg.ask("ASK { e:stargate-supercomputer-2024 a sg:JointVenture }")
    assert find(sts, "mgx", "equityPartnerOf", "stargate")
    assert not find(sts, "mgx", "equityPartnerOf", "stargate-supercomputer-2024")
    one(sts, "microsoft", "builds", "stargate-supercomputer-2024", article="a003", text="微软和OpenAI正计划斥资1000亿美元打造AI超算")
    assert not find(sts, "microsoft", "builds", "stargate")


def test_supercomputer_100b(sts):
    """003: 「微软和OpenAI正计划斥资1000亿美元打造AI超算」; 002: 「微软和OpenAI计划共同投资1000亿美元,建造名为“星际之门”(Stargate)的AI超级计算机」."""
    st = one(sts, "stargate-supercomputer-2024", "plannedInvestment", article="a003", text="斥资1000亿美元")
    assert amount(st) == 100 * BILLION
    assert cited(st, "a002", "共同投资1000亿美元")


def test_both_pledges_to_the_2024_supercomputer_cite_002_and_003(sts):
    """003: 「微软和OpenAI正计划斥资1000亿美元打造AI超算」; 002: 「微软和OpenAI计划共同投资1000亿美元,建造名为“星际之门”(Stargate)的AI超级计算机」:
    each company plans to fund it (no split given, so no amount each); 002's 「超过1000亿美元」 is not 003's claim and stays linked to 003's 「可能高达」."""
    for who in ("microsoft", "openai"):
        st = one(sts, who, "commitsFundingTo", "stargate-supercomputer-2024", article="a003", text="正计划斥资1000亿美元")
        assert cited(st, "a002", "计划共同投资1000亿美元") and "amount" not in st.qualifiers
        assert st.qualifiers["status"] == "planned"
    over = one(sts, "stargate-supercomputer-2024", "plannedInvestment", article="a002", text="共同投资超过1000亿美元")
    assert not any(src.article == "a003" for src in over.sources)
    up_to = one(sts, "stargate-supercomputer-2024", "estimatedCost", article="a003", text="可能高达惊人的1000亿美元")
    assert up_to.iri in over.qualifiers["conflicts_with"]


def test_supercomputer_plan_over_115b(sts):
    """003: 「总体来看，整体计划可能涉及超过1150亿美元的投资」."""
    st = one(sts, "microsoft-openai-supercomputer-plan-2024", "estimatedCost", article="a003", text="超过1150亿美元")
    assert amount(st) == 115 * BILLION and st.qualifiers["bound"] == "more than"


def test_supercomputer_five_phases_phase_5_is_stargate(sts):
    """003: 「奥特曼与微软的员工共同将这个超级计算机项目划分了五个发展阶段，其中第五阶段就是“星际之门”」."""
    st = one(sts, "microsoft-openai-supercomputer-plan-2024", "phaseCount", article="a003", text="五个发展阶段")
    assert st.value == 5
    one(sts, "stargate-supercomputer-2024", "partOf", "microsoft-openai-supercomputer-plan-2024", article="a003", text="其中第五阶段就是")
    one(sts, "phase-4-supercomputer", "partOf", "microsoft-openai-supercomputer-plan-2024", article="a003", text="第四阶段超级计算机")
    third = one(sts, "microsoft-openai-supercomputer-plan-2024", "measure", article="a003", text="第三阶段")
    assert third.value == 3


def test_phase_4_in_mount_pleasant_wisconsin(sts):
    """003: 「高管们即将把威斯康辛州的普莱森特山（Mt. Pleasant）作为这台超级计算机的部署地点」."""
    one(sts, "phase-4-supercomputer", "locatedIn", "mount-pleasant", article="a003", text="威斯康辛州的普莱森特山")
    one(sts, "mount-pleasant", "locatedIn", "wisconsin", article="a003", text="威斯康辛州的普莱森特山")
    st = one(sts, "phase-4-supercomputer", "completionDate", article="a003", text="2026年左右")
    assert st.qualifiers["end_time"] == "2026" and st.qualifiers["rank"] == "preferred"


def test_phase_4_cost_up_to_10b(sts):
    """003: 「这台超级计算机与数据中心的最终建设成本可能高达100亿美元」."""
    st = one(sts, "phase-4-supercomputer", "estimatedCost", article="a003", text="可能高达100亿美元")
    assert amount(st) == 10 * BILLION and st.qualifiers["bound"] == "up to"


def test_wisconsin_expansion_not_placed_in_mount_pleasant(sts):
    """003: 「威斯康星州经济发展公司宣布，微软在该州投资的10亿美元数据中心扩建项目已破土动工」 names the state only."""
    one(sts, "mt-pleasant-site", "locatedIn", "wisconsin", article="a003", text="微软在该州投资的10亿美元数据中心扩建项目")
    assert not find(sts, "mt-pleasant-site", "locatedIn", "mount-pleasant")
    st = one(sts, "microsoft", "capitalSpending", "mt-pleasant-site", article="a003", text="10亿美元数据中心扩建项目")
    assert amount(st) == 1 * BILLION


def test_supercomputer_power_and_launch(sts):
    """003: 「高管们已经讨论过最早在2028年发布“星际之门”，并将时间延长到2030年，到最后可能需要多达5千兆瓦的电力」."""
    power = one(sts, "stargate-supercomputer-2024", "powerCapacity", article="a003", text="多达5千兆瓦")
    assert power.value == 5 and power.qualifiers["unit"] == "GW" and power.qualifiers["bound"] == "up to"
    launch = one(sts, "stargate-supercomputer-2024", "completionDate", article="a003", text="最早在2028年发布")
    assert launch.qualifiers["end_time"] == "2028"


def test_microsoft_spent_1_2b_on_first_supercomputer(sts):
    """003: 「几年来，微软在该系统上的投入已经累计达到12亿美元」."""
    st = one(sts, "microsoft", "capitalSpending", "microsoft-openai-first-supercomputer", article="a003", text="累计达到12亿美元")
    assert amount(st) == Decimal("1200000000")


def test_first_supercomputer_was_started_after_2019_not_in_2019(sts):
    """003: 「在2019年对这家初创公司进行初步投资后，微软便着手打造了第一台包含数千个英伟达GPU的超级计算机」:
    the build came after the 2019 investment; the article gives it no year, so the graph gives it no date."""
    build = one(sts, "microsoft", "builds", "microsoft-openai-first-supercomputer", article="a003", text="微软便着手打造了第一台")
    assert not {"point_in_time", "start_time", "end_time"} & set(build.qualifiers)
    assert cited(build, "a003", "在2019年对这家初创公司进行初步投资后")
    invest = one(sts, "microsoft", "investsIn", "openai", article="a003", text="在2019年对这家初创公司进行初步投资后")
    assert invest.qualifiers["point_in_time"] == "2019"


def test_microsoft_capex_this_year_about_50b(sts):
    """003: 「该公司今年的预计支出将约为500亿美元」 (2024)."""
    st = one(sts, "microsoft", "capitalSpending", article="a003", text="约为500亿美元")
    assert amount(st) == 50 * BILLION and st.qualifiers["bound"] == "about" and st.qualifiers["point_in_time"] == "2024"


# ================================================================ roles and bylines
def test_altman_is_openai_ceo_in_four_articles(sts):
    """000 「OpenAI CEO 奥特曼」, 001 「OpenAI CEO 山姆・奥特曼」, 003 「OpenAI首席执行官山姆·奥特曼」, 004 「OpenAI创始人兼首席执行官山姆·奥特曼」."""
    st = one(sts, "sam-altman", "ceoOf", "openai", article="a000", text="OpenAI CEO 奥特曼")
    assert {s.article for s in st.sources} == {"a000", "a001", "a003", "a004"}
    one(sts, "sam-altman", "founderOf", "openai", article="a004", text="OpenAI创始人兼首席执行官")


def test_microsoft_people(sts):
    """003: 「首席执行官（Satya Nadella）和首席技术官凯文·斯科特」, 「微软首席财务官艾米·胡德」, 「微软发言人弗兰克·肖」, 「OpenAI总裁格雷格·布罗克曼」."""
    one(sts, "satya-nadella", "ceoOf", "microsoft", article="a003", text="Satya Nadella")
    one(sts, "kevin-scott", "ctoOf", "microsoft", article="a003", text="微软首席技术官凯文·斯科特")
    one(sts, "amy-hood", "cfoOf", "microsoft", article="a003", text="微软首席财务官艾米·胡德")
    one(sts, "frank-shaw", "spokespersonOf", "microsoft", article="a003", text="微软发言人弗兰克·肖")
    one(sts, "greg-brockman", "presidentOf", "openai", article="a003", text="OpenAI总裁格雷格·布罗克曼")


def test_other_ceos(sts):
    """000 「软银CEO孙正义」; 003/004 「英伟达首席执行官黄仁勋」 / 「英伟达CEO黄仁勋」; 003 「Databricks公司首席执行官阿里·戈德西」."""
    one(sts, "masayoshi-son", "ceoOf", "softbank", article="a000", text="软银CEO孙正义")
    huang = one(sts, "jensen-huang", "ceoOf", "nvidia", article="a003", text="英伟达首席执行官黄仁勋")
    assert cited(huang, "a004", "英伟达CEO黄仁勋")
    one(sts, "ali-ghodsi", "ceoOf", "databricks", article="a003", text="Databricks公司首席执行官")
    one(sts, "chris-sharp", "ctoOf", "digital-realty", article="a003", text="Digital Realty的首席技术官")


def test_bylines(kg, sts):
    """000 「编辑：Aeneas」; 001 「编辑：Panda」; 003 「（编译/金鹿）」; 004 「责编:岳亚楠」 「校对:刘星莹」."""
    one(sts, "aeneas", "editorOf", "xinzhiyuan", article="a000", text="编辑：Aeneas")
    one(sts, "panda", "editorOf", "jiqizhixin", article="a001", text="编辑：Panda")
    one(sts, "jin-lu", "reporterFor", "tencent-tech", article="a003", text="编译/金鹿")
    one(sts, "yue-yanan", "editorOf", "securities-times", article="a004", text="责编:岳亚楠")
    one(sts, "liu-xingying", "editorOf", "securities-times", article="a004", text="校对:刘星莹")
    assert kg.ask("ASK { src:a004 schema:publisher e:securities-times ; schema:editor e:yue-yanan }")


def test_biden_is_a_former_president_in_2025(kg, sts):
    """002: 「特朗普政府在上任初期撤销了前总统拜登签署的…行政令」 (前总统: former); 000: 「特朗普就职典礼第二天就官宣」 and
    004: 「在特朗普重返白宫第二天即宣布」, the day before the 2025-01-21 announcement: Biden's presidency ended 2025-01-20,
    so asked after that day, only Trump is president."""
    biden = one(sts, "joe-biden", "headOfStateOf", "united-states", article="a002", text="前总统拜登")
    assert biden.qualifiers["end_time"] == "2025-01-20"
    rows = kg.select(
        """SELECT ?p WHERE { ?st sg:subject ?p ; sg:relation sg:headOfStateOf ; sg:object e:united-states .
             FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank }
             OPTIONAL { ?st sg:endTime ?end } FILTER(!BOUND(?end) || ?end >= "2025-09-24"^^xsd:date) }"""
    )
    assert [str(r["p"]) for r in rows] == [str(E["donald-trump"])]


# ================================================================ the network
def test_path_from_arm_to_crusoe(kg):
    """002 「项目的技术合作伙伴包括Arm」, 000 「第一座星际之门」 (Abilene), 000 「Crusoe正负责监督这个庞大的项目」:
    Arm -technologyPartnerOf-> Stargate <-partOf- Abilene site <-oversees- Crusoe, all derived edges."""
    assert edge(kg, "arm", "technologyPartnerOf", "stargate")
    assert edge(kg, "abilene-site", "partOf", "stargate")
    assert edge(kg, "crusoe", "oversees", "abilene-site")


def test_deprecated_claims_give_no_edges(kg):
    """002's 「如软银和甲骨文等」 doubt is deprecated: no derived edge e:softbank sg:doubts e:stargate."""
    assert not edge(kg, "softbank", "doubts", "stargate")
    assert not edge(kg, "oracle", "doubts", "stargate")
    assert edge(kg, "elon-musk", "doubts", "softbank")


# ================================================================ joint money, readings, attribution (issue 14)
def parties(st):
    return sorted(p["iri"].rsplit("/", 1)[-1] for p in st.qualifiers.get("joint_funders", []))


def test_initial_100b_is_joint_with_its_parties(sts):
    """001: 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」; 002: 「OpenAI和软银宣布将立即部署1000亿美元的投资」:
    one $100B for the two together, the per-company pledges its shares without an amount."""
    st = one(sts, "stargate", "plannedInvestment", article="a002", text="OpenAI和软银宣布将立即部署1000亿美元的投资")
    assert st.qualifiers["joint"] is True and parties(st) == ["openai", "softbank"]
    assert amount(st) == 100 * BILLION
    for who in ("openai", "softbank"):
        share = one(sts, who, "commitsFundingTo", "stargate", article="a001", text="承诺「立即」投资 1000 亿美元")
        assert share.qualifiers["share_of"] == [st.iri] and "amount" not in share.qualifiers


def test_500b_is_the_three_named_parties_joint_figure(sts):
    """004: 「今年1月,OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目,计划今后4年投资5000亿美元」;
    000: 「为了星际之门，OpenAI、软银和甲骨文真的会投入5000亿美元吗？」 and 「这项特朗普就职典礼第二天就官宣的…5000亿美元…」.
    002's 「Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司」 makes MGX a co-founder (an equity
    partner), not a party to the $500B."""
    st = one(sts, "stargate", "plannedInvestment", article="a004", text="OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布")
    assert st.qualifiers["joint"] is True and parties(st) == ["openai", "oracle", "softbank"]
    assert amount(st) == 500 * BILLION and st.qualifiers["duration"] == "P4Y"
    assert cited(st, "a000", "为了星际之门，OpenAI、软银和甲骨文真的会投入5000亿美元吗？")
    assert not cited(st, "a002", "主权基金MGX共同成立的合资公司")
    one(sts, "mgx", "equityPartnerOf", "stargate", article="a002", text="主权基金MGX共同成立的合资公司")
    assert st.qualifiers["point_in_time"] == "2025-01-21"  # the day after the inauguration (000, 004)


def test_2024_supercomputer_100b_is_joint(sts):
    """003: 「微软和OpenAI正计划斥资1000亿美元打造AI超算」; 002: 「微软和OpenAI计划共同投资超过1000亿美元」."""
    st = one(sts, "stargate-supercomputer-2024", "plannedInvestment", article="a003", text="微软和OpenAI正计划斥资1000亿美元")
    assert st.qualifiers["joint"] is True and parties(st) == ["microsoft", "openai"] and "bound" not in st.qualifiers
    over = one(sts, "stargate-supercomputer-2024", "plannedInvestment", article="a002", text="共同投资超过1000亿美元")
    assert over.qualifiers["joint"] is True and over.qualifiers["bound"] == "more than"
    for who in ("microsoft", "openai"):
        share = one(sts, who, "commitsFundingTo", "stargate-supercomputer-2024", article="a003", text="正计划斥资1000亿美元")
        assert set(share.qualifiers["share_of"]) == {st.iri, over.iri} and "amount" not in share.qualifiers


def test_joint_totals_are_not_double_counted(kg):
    """The SPARQL sum of pledged commitments to Stargate counts each joint total once: $500B (004: 计划今后4年投资5000亿美元)
    and $100B (002: 立即部署1000亿美元), nothing on the shares."""
    rows = kg.select("""SELECT (SUM(?a) AS ?total) WHERE {
        ?st sg:moneyKind sg:Commitment ; sg:amount ?a . { ?st sg:object e:stargate } UNION { ?st sg:subject e:stargate }
        FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank } }""")
    assert Decimal(str(rows[0]["total"])) == 600 * BILLION
    assert not kg.ask("ASK { ?st sg:shareOf ?j ; sg:amount ?a }")


def test_openai_nvidia_purchase_is_inferred(sts):
    """003: 「由于对英伟达GPU服务器的需求激增，微软和OpenAI等客户的成本也相应上升」 says costs rose, not that OpenAI
    buys from Nvidia: an editor's reading, marked sg:inferred."""
    st = one(sts, "openai", "buysFrom", "nvidia", article="a003", text="微软和OpenAI等客户的成本也相应上升")
    assert st.inferred and st.qualifiers["inferred"] is True
    # 004's Oracle -> Nvidia purchase is stated: 「甲骨文则需要向英伟达采购大量的GPU芯片」
    assert not one(sts, "oracle", "buysFrom", "nvidia", article="a004", text="向英伟达采购大量的GPU芯片").inferred


def test_yang_fangxian_is_not_the_author(kg, sts):
    """002 prints 「来源:上堵吟」 and, under the recommendation block, 「杨芳贤\\n53A创始人/腾讯云(TVP)最具价值专家」: he signs
    the block as 53AI's founder; no author line."""
    assert not kg.ask("ASK { src:a002 schema:author ?who }")
    assert kg.ask("ASK { src:a002 schema:isBasedOn e:shangduyin }")
    assert not find(sts, "yang-fangxian", "reporterFor")
    one(sts, "yang-fangxian", "founderOf", "53ai", article="a002", text="53A创始人")
    # nor does any description of the graph still call his signature an author line
    stale = kg.select("""SELECT ?x ?c WHERE { ?x rdfs:comment|sg:note ?c FILTER(CONTAINS(LCASE(STR(?c)), "author line")
                        && !CONTAINS(LCASE(STR(?c)), "no author line")) }""")
    assert not stale, stale


def test_sharp_claims_cite_their_own_sentences(sts):
    """003: 「但夏普认为，以现今的标准来看，这个项目的规模或许令人难以想象。然而，他预测，当这样一台超级计算机最终建成时，
    这些看似惊人的数字将会变得不再那么令人震惊」; 「Realty目前尚未参与“星际之门”项目」 is about Digital Realty, not his claim."""
    st = one(sts, "chris-sharp", "claims", "stargate-supercomputer-2024", article="a003", text="这个项目的规模或许令人难以想象")
    assert cited(st, "a003", "这些看似惊人的数字将会变得不再那么令人震惊")
    assert not cited(st, "a003", "尚未参与")
    one(sts, "tencent-tech", "claims", "digital-realty", article="a003", text="Realty目前尚未参与“星际之门”项目")


def test_004_analysis_is_unnamed_analysts_not_the_outlet(sts):
    """004: 「业内人士分析,这场由OpenAI主导、英伟达与甲骨文协同推进的AI基础设施建设狂潮」: unnamed industry analysts say so."""
    one(sts, "unnamed-industry-analysts-a004", "claims", "openai", article="a004", text="业内人士分析")
    assert not [s for s in find(sts, "securities-times", "claims") if cited(s, "a004", "业内人士分析")]


def test_person_stated_figures_show_on_the_person(kg):
    """001: 「马斯克表示目标是在 5 年内上线的 AI 算力…等价于 5000 万台 H100 的量级」; 004: 「英伟达CEO黄仁勋在接受媒体采访时表示」
    「10GW相当于400万至500万块图形处理器(GPU)」; 001: 「而 OpenAI CEO 山姆・奥特曼此前称他们将在今年年底前上线 100 万个 GPU」."""
    from stargate_kg.answers.statements import statements_of

    def stated(who):
        return [s for s in statements_of(kg, str(E[who])) if s.direction == "stated"]

    musk = [s for s in stated("elon-musk") if s.value == 50_000_000]
    assert musk and musk[0].qualifiers["unit"] == "H100-equivalents" and musk[0].qualifiers["duration"] == "P5Y"
    huang = [s for s in stated("jensen-huang") if s.qualifiers.get("min_value") == 4_000_000]
    assert huang and huang[0].qualifiers["max_value"] == 5_000_000
    altman = [s for s in stated("sam-altman") if s.value == 1_000_000]
    assert altman and altman[0].qualifiers["end_time"] == "2025" and altman[0].qualifiers["date_qualifier"] == "by the end of"


def test_who_says_so_is_its_own_qualifier(sts):
    """004: 「知情人士称,这主要源于OpenAI与甲骨文签署了一份云计算合同」 (anonymous sources); 001: 「昨天，《华尔街日报》报道称」
    … 「报道援引知情人士透露的信息称，软银和 OpenAI 共同领导了「星际之门」项目」 (the people the WSJ cites)."""
    deal = one(sts, "openai", "buysFrom", "oracle", article="a004", text="知情人士称")
    assert deal.qualifiers["stated_by"]["iri"] == str(E["anonymous-sources-a004"])
    lead = one(sts, "softbank", "leads", "stargate", article="a001", text="共同领导了「星际之门」项目")
    assert lead.qualifiers["stated_by"]["iri"] == str(E["anonymous-sources-a001"]) and lead.qualifiers["status"] == "reported"


def stated_by(st):
    """The slug of the entity ``st`` is stated by, or None."""
    who = st.qualifiers.get("stated_by")
    return who["iri"].rsplit("/", 1)[-1] if who else None


def test_000_estimate_is_stated_by_an_unnamed_estimate(sts):
    """000: 「据估计，到2035年，数据中心会消耗美国8%以上的电量」: whose estimate is not said."""
    st = one(sts, "data-center-industry", "measure", "united-states", article="a000", text="到2035年，数据中心会消耗美国8%以上的电量")
    assert stated_by(st) == "unnamed-estimators-a000" and st.qualifiers["status"] == "reported"


def test_001_netizen_estimate_and_musks_colossus(sts):
    """001: 「有网友做了简单的盘点和计算：配备 55 万块 GB200 的 Colossus 2 大约相当于 550 万 H100」 (a netizen, not Musk);
    「马斯克…并表示 xAI 的 Colossus 1 超级集群有 23 万块 GPU…。而 Colossus 2 也将在几周后开始上线，首批将有 55 万块 GB200 和 GB300」."""
    h100 = one(sts, "colossus-2", "measure", "h100", article="a001", text="大约相当于 550 万 H100")
    assert stated_by(h100) == "unnamed-netizen-a001" and h100.value == 5_500_000
    gb300 = one(sts, "colossus-2", "uses", "gb300", article="a001", text="首批将有 55 万块 GB200 和 GB300")
    assert stated_by(gb300) == "elon-musk"


def test_002_media_reports_on_openai_losses(sts):
    """002: 「根据媒体报道,OpenAI在2024年的亏损额可能达到50亿美元,并预计在2026年进一步攀升至140亿美元」."""
    st = one(sts, "openai", "netLoss", article="a002", text="并预计在2026年进一步攀升至140亿美元")
    assert stated_by(st) == "unnamed-media-reports-a002" and amount(st) == 14 * BILLION


def test_003_sources_and_own_voice(sts):
    """003: 「消息人士称，OpenAI预计其下一个重大人工智能升级（GPT-5）将在明年初落地」 (sources);
    「据一位了解微软计算需求的人士透露，微软还计划在未来两年内，向OpenAI提供配备数十万个GPU的服务器」 (a source);
    「总体来看，整体计划可能涉及超过1150亿美元的投资」 (the outlet's own voice: 腾讯科技)."""
    gpt5 = one(sts, "openai", "produces", "gpt-5", article="a003", text="GPT-5")
    assert stated_by(gpt5) == "anonymous-sources-a003"
    servers = one(sts, "microsoft", "supplierOf", "openai", article="a003", text="配备数十万个GPU的服务器")
    assert stated_by(servers) == "anonymous-sources-a003"
    plan = one(sts, "microsoft-openai-supercomputer-plan-2024", "estimatedCost", article="a003", text="超过1150亿美元")
    assert stated_by(plan) == "tencent-tech" and amount(plan) == 115 * BILLION


def test_004_executives_close_to_the_project(sts):
    """004: 「据接近该项目的高管称,如今“星际之门”已经成为一个总称,用于指代OpenAI所有数据中心项目」; hence
    「OpenAI已在挪威、印度等国家宣布建设大规模数据中心」 are Stargate sites on their word."""
    for site in ("openai-norway-data-center", "openai-india-data-center"):
        st = one(sts, site, "partOf", "stargate", article="a004", text="据接近该项目的高管称")
        assert stated_by(st) == "unnamed-executives-close-to-project-a004" and st.qualifiers["status"] == "reported"


def test_every_reported_statement_says_who_says_so(sts):
    """A reported statement names who says so (sg:statedBy), or its subject is the speaker of a claim.
    Where two articles give it in different voices (the 2024-supercomputer statements 002 (own voice) and
    003 (知情人士) share), every reference names its own speaker."""
    missing = []
    for st in sts:
        if st.qualifiers.get("status") != "reported" or stated_by(st):
            continue
        if st.relation in {"claims", "doubts", "supports"}:
            continue
        if st.sources and all(src.stated_by for src in st.sources):
            continue
        missing.append(st.iri)
    assert not missing


def test_stated_by_is_never_a_party(sts):
    """sg:statedBy is for a speaker who is not the statement's subject or object: Musk's own doubts need no
    'stated by Musk', and the statement already shows on the party's page."""
    said = [st for st in sts if st.qualifiers.get("stated_by")]
    assert said
    assert not [st.iri for st in said if st.qualifiers["stated_by"]["iri"] in (st.subject, st.object)]


def test_date_qualifiers_are_data(sts):
    """000: 「项目预计在2026年中期完工」 (mid-2026); 003: 「高管们希望最早在2028年发布」 (as early as 2028);
    003: 「并计划于2026年左右正式推出」 (about 2026); 002: 「目标是在2026年前完成」 (before 2026)."""
    mid = one(sts, "abilene-site", "completionDate", article="a000", text="2026年中期")
    assert (mid.qualifiers["end_time"], mid.qualifiers["date_qualifier"]) == ("2026", "mid")
    early = one(sts, "stargate-supercomputer-2024", "completionDate", article="a003", text="最早在2028年")
    assert (early.qualifiers["end_time"], early.qualifiers["date_qualifier"]) == ("2028", "as early as")
    about = one(sts, "phase-4-supercomputer", "completionDate", article="a003", text="2026年左右")
    assert about.qualifiers["date_qualifier"] == "about"
    before = one(sts, "phase-4-supercomputer", "completionDate", article="a002", text="2026年前完成")
    assert before.qualifiers["date_qualifier"] == "before"


def test_rack_power_range_is_a_minimum_and_maximum(sts):
    """000: 「在20年前的数据中心中，单个机架的功耗通常在2到4千瓦之间」."""
    st = one(sts, "data-center-industry", "measure", article="a000", text="2到4千瓦之间")
    assert (st.qualifiers["min_value"], st.qualifiers["max_value"], st.qualifiers["unit"]) == (2, 4, "kW")
    assert st.value is None and "bound" not in st.qualifiers


def test_softbank_is_responsible_for_finances_not_operations(sts):
    """002: 「软银作为主要合作伙伴之一,负责财务运营」."""
    one(sts, "softbank", "managesFinancesOf", "stargate", article="a002", text="负责财务运营")
    assert not [s for s in find(sts, "softbank", "oversees", "stargate") if cited(s, "a002", "负责财务运营")]


def test_trump_announcement_dated_and_day_cited_by_every_article_giving_it(sts):
    """002: 「特朗普总统在2024年1月21日的白宫新闻发布会上宣布」 (the day, year misprinted); 000: 「特朗普就职典礼第二天就官宣」;
    004: 「在特朗普重返白宫第二天即宣布」: Trump's announcement is dated 2025-01-21, and the preferred date cites 000, 002, 004."""
    trump = one(sts, "donald-trump", "announced", "stargate", article="a002", text="白宫新闻发布会上宣布")
    assert trump.qualifiers["point_in_time"] == "2025-01-21"
    date = one(sts, "stargate-announcement-2025", "occurredOn", article="a000", text="特朗普就职典礼第二天")
    assert cited(date, "a002", "1月21日") and cited(date, "a004", "重返白宫第二天")
    assert not cited(date, "a002", "2024年")


def test_july_2025_reports_are_dated(sts):
    """001 (about 2025-07-23): 「昨天，《华尔街日报》报道称」; 「OpenAI 正式宣布正与甲骨文（Oracle）在美国合作开发另外 4.5 GW」;
    it calls January 2025 「今年 1 月」 and the project 「已经开展了六个月」: July 2025."""
    wsj = one(sts, "wsj", "claims", "stargate", article="a001", text="即在今年年底前建造一个小型数据中心")
    assert wsj.qualifiers["point_in_time"] == "2025-07"
    more = one(sts, "openai", "announced", "openai-oracle-4-5gw-expansion", article="a001", text="另外 4.5 GW")
    assert more.qualifiers["point_in_time"] == "2025-07"
    # 001 prints no date: every statement dated July 2025 says in its note how the month was established
    july = [s for s in sts if str(s.qualifiers.get("point_in_time")) == "2025-07"]
    assert len(july) >= 5
    unexplained = [s.iri for s in july if not re.search(r"2025-07|July|六个月", s.qualifiers.get("note") or "")]
    assert not unexplained, unexplained


# ================================================================ graph-wide rules
ENTITY_SQL = """SELECT DISTINCT ?e WHERE {
  { ?st sg:subject|sg:object ?e } UNION { ?e a ?c . ?c rdfs:subClassOf* sg:Entity }
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/stargate-kg/entity/")) }"""


def test_every_statement_has_a_reference(kg):
    rows = kg.select("SELECT ?st WHERE { ?st a sg:Statement . FILTER NOT EXISTS { ?st sg:reference/sg:quote ?q } }")
    assert rows == []
    assert kg.select("SELECT (COUNT(?st) AS ?n) WHERE { ?st a sg:Statement }")[0]["n"].toPython() >= 250


def test_every_entity_typed_and_labelled_in_english(kg):
    ents = [r["e"] for r in kg.select(ENTITY_SQL)]
    assert len(ents) >= 100
    untyped = [e for e in ents if not kg.ask(f"ASK {{ <{e}> a ?c . ?c rdfs:subClassOf* sg:Entity }}")]
    assert untyped == []
    unlabelled = [e for e in ents if not kg.ask(f'ASK {{ <{e}> rdfs:label ?l . FILTER(lang(?l) = "en") }}')]
    assert unlabelled == []


def test_every_entity_is_used(kg):
    rows = kg.select(
        """SELECT ?e WHERE { ?e a ?c . ?c rdfs:subClassOf* sg:Entity .
             FILTER NOT EXISTS { ?st sg:subject|sg:object|sg:jointFunder|sg:statedBy ?e }
             FILTER NOT EXISTS { ?a a sg:Article ; schema:publisher|schema:editor|schema:author|schema:isBasedOn ?e } }"""
    )
    assert [str(r["e"]) for r in rows] == []


def test_english_labels_are_unique(kg):
    rows = kg.select(
        """SELECT ?l (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c rdfs:subClassOf* sg:Entity . ?e rdfs:label ?l .
             FILTER(lang(?l) = "en") } GROUP BY ?l HAVING (COUNT(DISTINCT ?e) > 1)"""
    )
    assert [str(r["l"]) for r in rows] == []


# Where each article body ends (reference lists and the hosting page's noise come after).
BODY_END = {"a000": None, "a001": "参考链接", "a002": "参考资料与链接", "a003": None, "a004": "特别声明"}


def test_quotes_are_inside_the_article_bodies(kg, articles_dir):
    rows = kg.select("SELECT ?st ?art ?file ?q WHERE { ?st sg:reference ?r . ?r sg:article ?art ; sg:quote ?q . ?art sg:fileName ?file }")
    assert rows
    texts = {}
    outside = []
    for r in rows:
        art = str(r["art"]).rsplit("/", 1)[-1]
        if art not in texts:
            text = (Path(articles_dir) / str(r["file"])).read_text(encoding="utf-8")
            end = BODY_END[art]
            texts[art] = text[: text.index(end)] if end else text
        q = str(r["q"])
        if q not in texts[art] or len(q) > 100:
            outside.append((str(r["st"]), q))
    assert outside == []


def fold(text):
    """``text`` folded as names.normalize folds a name (case, width, accents), separators kept so word edges show."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] != "M")


def _article_bodies(articles_dir):
    """Each article's body (as in test_quotes_are_inside_the_article_bodies), folded."""
    bodies = {}
    for f in sorted(Path(articles_dir).glob("0*.txt")):
        text = f.read_text(encoding="utf-8")
        end = BODY_END["a" + f.name[:3]]
        bodies["a" + f.name[:3]] = fold(text[: text.index(end)] if end else text)
    return bodies


def written_in(name, bodies):
    """The articles whose (folded) body writes ``name`` up to what lookup ignores (case, width, accents, punctuation,
    spaces: 003's 「Mt.\nPleasant」 writes "Mt. Pleasant"). A Latin name must not sit inside a longer Latin
    word: "Son" is not written by 「Larry Ellison」, nor "US" by any word containing "us"."""
    key = normalize(name)
    edge_before = r"(?<![a-z0-9])" if key[:1].isascii() and key[:1].isalnum() else ""
    edge_after = r"(?![a-z0-9])" if key[-1:].isascii() and key[-1:].isalnum() else ""
    pattern = re.compile(edge_before + r"[\W_]*".join(re.escape(ch) for ch in key) + edge_after)
    return [art for art, body in bodies.items() if pattern.search(body)]


def test_written_in_ignores_what_lookup_ignores():
    bodies = {"a9": fold("记者Emily Chang探访了Larry Ellison的（Mt.\nPleasant）和ＯｐｅｎＡＩ、Doña Ana")}
    for name in ("Mt. Pleasant", "open ai", "EMILY CHANG", "Dona Ana", "探访"):
        assert written_in(name, bodies) == ["a9"], name
    for name in ("Son", "US", "Emily Changs", "Chase"):
        assert written_in(name, bodies) == [], name


ENTITY_NAMES_OF = """SELECT ?e ?name WHERE { ?e a ?c . ?c rdfs:subClassOf* sg:Entity . ?e %s ?name }"""


def test_every_alias_is_written_in_an_article(kg, articles_dir):
    """graph/README.md, Entities: an alias (skos:altLabel) is a name as an article body writes it; a name no
    article writes ("Oracle Corporation", "USA") is a search name (skos:hiddenLabel), and a name an article
    writes is an alias, not a search name."""
    bodies = _article_bodies(articles_dir)
    aliases = [(str(r["e"]), str(r["name"])) for r in kg.select(ENTITY_NAMES_OF % "skos:altLabel")]
    assert len(aliases) >= 50
    assert [(e, a) for e, a in aliases if not written_in(a, bodies)] == []
    hidden = [(str(r["e"]), str(r["name"])) for r in kg.select(ENTITY_NAMES_OF % "skos:hiddenLabel")]
    assert (str(E["oracle"]), "Oracle Corporation") in hidden
    assert [(e, h, written_in(h, bodies)) for e, h in hidden if written_in(h, bodies)] == []


# graph/README.md, Entities: Chinese labels the articles do not write, each a descriptive name made of their words
DESCRIPTIVE_ZH_LABELS = {
    "abilene-site": "阿比林星际之门数据中心", "shackelford-county-site": "沙克尔福德县数据中心",
    "dona-ana-county-site": "多尼亚安娜县数据中心", "midwest-site": "中西部数据中心",
    "lordstown-site": "洛兹敦数据中心", "milam-county-site": "米拉姆县数据中心",
    "stargate-announcement-2025": "星际之门官宣", "china-ai-compute-network": "中国自主可控的AI算力网络",
    "eu-ai-compute-network": "欧盟自主可控的AI算力网络", "biden-ai-executive-order": "拜登AI行政令",
    "foxconn-wisconsin-factory": "富士康威斯康星州工厂",
    "musk-reposted-video-2024-10": "马斯克转发的2024年10月视频",  # 001's 去年十月份的视频 (an alias) gives no year once read later
}


def test_chinese_labels_are_written_in_an_article_or_listed_as_descriptive(kg, articles_dir):
    """A Chinese label is the articles' own name, or one of the descriptive names graph/README.md lists:
    a new made-up label fails here until an editor adds it there (and here). The whole file counts (the
    publisher line of 004, 证券时报, sits below its body)."""
    bodies = {f.name[:4]: fold(f.read_text(encoding="utf-8")) for f in sorted(Path(articles_dir).glob("0*.txt"))}
    labels = [(str(r["e"]).rsplit("/", 1)[-1], str(r["name"])) for r in kg.select(ENTITY_NAMES_OF % "rdfs:label")
              if getattr(r["name"], "language", None) == "zh"]
    assert len(labels) >= 100
    made_up = {e: name for e, name in labels if not written_in(name, bodies)}
    # graph/regional-names.ttl: a label the editors translated says so in its skos:editorialNote
    translated = {str(r["e"]).rsplit("/", 1)[-1] for r in kg.select(
        "SELECT ?e WHERE { ?e skos:editorialNote ?n . FILTER(CONTAINS(STR(?n), \"an editors' translation\")) }")}
    assert {e: name for e, name in made_up.items() if e not in translated} == DESCRIPTIVE_ZH_LABELS
    assert len(translated) >= 15 and translated <= set(made_up)
    readme = (Path(__file__).resolve().parents[1] / "graph" / "README.md").read_text(encoding="utf-8")
    assert "descriptive name" in readme and "洛兹敦数据中心" in readme
    # each descriptive label is built from the articles' words: 004 「选址俄亥俄州洛兹敦」, 002 「撤销AI行政令」
    assert written_in("洛兹敦", bodies) == ["004_"] and written_in("AI行政令", bodies)


def test_search_names_find_entities_but_are_not_shown_as_aliases(kg, run):
    """「甲骨文（Oracle）」 (001) is an alias of Oracle; "Oracle Corporation" (the name ../shared/wikidata-ids.tsv
    uses) is written by no article: it still finds e:oracle, on every engine, but is not listed as an alias."""
    from stargate_kg.lookup import resolve

    ent = resolve(kg, "Oracle Corporation")
    assert ent.iri == str(E["oracle"])
    assert "Oracle Corporation" in ent.search_names and "Oracle Corporation" not in ent.aliases
    assert "甲骨文（Oracle）" in ent.aliases
    assert resolve(kg, "usa").iri == str(E["united-states"]) and resolve(kg, "Trump").iri == str(E["donald-trump"])
    for engine in ("oxigraph", "rdflib"):
        shown = run("--engine", engine, "entity", "Oracle Corporation")
        assert shown.exit_code == 0 and shown.output.startswith("Oracle (甲骨文)")
        assert "甲骨文（Oracle）" in shown.output and "Oracle Corporation" not in shown.output
        data = json.loads(run("--engine", engine, "entity", "Oracle Corporation", "--json").output)
        assert data["iri"] == str(E["oracle"]) and "Oracle Corporation" not in data["aliases"]


def test_ranked_statements_say_why(kg):
    rows = kg.select(
        """SELECT ?st WHERE { ?st sg:rank ?r . FILTER(?r IN (sg:PreferredRank, sg:DeprecatedRank))
             FILTER NOT EXISTS { ?st sg:rankReason ?why } }"""
    )
    assert rows == []
    # every deprecated claim is tied to the claim that replaces it
    lonely = kg.select(
        """SELECT ?st WHERE { ?st sg:rank sg:DeprecatedRank . FILTER NOT EXISTS { ?st sg:conflictsWith|^sg:conflictsWith ?o } }"""
    )
    assert lonely == []


def test_money_statements_have_kind_and_decimal_amounts(kg):
    rows = kg.select(
        """SELECT ?st WHERE { ?st sg:relation ?rel . ?rel sg:family sg:Funding .
             FILTER NOT EXISTS { ?st sg:moneyKind ?k } }"""
    )
    assert rows == []
    bad = kg.select("SELECT ?st ?a WHERE { ?st sg:amount ?a . FILTER(datatype(?a) != xsd:decimal) }")
    assert bad == []


def wikidata_rows():
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        for cand in (base / "shared" / "wikidata-ids.tsv", base.parent / "shared" / "wikidata-ids.tsv"):
            if cand.is_file():
                lines = cand.read_text(encoding="utf-8").splitlines()[1:]
                return [tuple(line.split("\t")) for line in lines if line.strip()]
    pytest.skip("../shared/wikidata-ids.tsv is not present")


def test_core_entities_keep_their_wikidata_links(kg):
    from stargate_kg.lookup import resolve

    rows = wikidata_rows()
    assert len(rows) >= 14
    listed = set()
    for name, qid in rows:
        ent = resolve(kg, name)
        wd = "http://www.wikidata.org/entity/" + qid
        listed.add(wd)
        assert wd in ent.same_as, (name, qid, ent.iri)
    used = {str(r["w"]) for r in kg.select("SELECT DISTINCT ?w WHERE { ?e owl:sameAs ?w }")}
    assert used <= listed  # only ids confirmed in wikidata-ids.tsv


def test_every_article_has_statements(kg):
    for art in ("a000", "a001", "a002", "a003", "a004"):
        n = kg.select("SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st sg:reference/sg:article ?a }", {"a": URIRef("https://w3id.org/stargate-kg/source/" + art)})
        assert n[0]["n"].toPython() >= 40, art
