"""Editorial pass (issue 22): parties and speakers, Nvidia's $100B, roles at the sites, words.

Each test names the article and quotes the sentence it relies on; the
expected answer is read from that sentence. The views are checked as a
user sees them (``stargate-kg funders``, ``funded``, ``entity``, ``query``).
"""

import pytest

from stargate_kg.answers.statements import all_statements
from stargate_kg.namespace import E

BILLION = 1_000_000_000


@pytest.fixture(scope="module")
def sts(kg):
    return all_statements(kg)


def find(sts, subject, relation, obj=None):
    return [s for s in sts if s.subject == str(E[subject]) and s.relation == relation
            and (obj is None or s.object == str(E[obj])) and not s.deprecated]


def cited(st, article, text):
    return any(src.article == article and text in src.quote for src in st.sources)


def one(sts, subject, relation, obj=None, *, article, text):
    found = [s for s in find(sts, subject, relation, obj) if cited(s, article, text)]
    assert len(found) == 1, f"{subject} {relation} {obj}: {len(found)} statements cite {article} {text!r}"
    return found[0]


# ================================================================ 1. who pledged the $500B
def test_500b_names_the_three_parties_the_articles_name(sts):
    """000: 「为了星际之门，OpenAI、软银和甲骨文真的会投入5000亿美元吗？」;
    004: 「OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目,计划今后4年投资5000亿美元」."""
    st = one(sts, "stargate", "plannedInvestment", article="a000", text="OpenAI、软银和甲骨文真的会投入5000亿美元吗")
    assert st.joint and {p["label"] for p in st.qualifiers["joint_funders"]} == {"OpenAI", "Oracle", "SoftBank Group"}
    assert st.qualifiers["amount"] == 500 * BILLION
    assert cited(st, "a004", "OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建")


def test_mgx_is_a_co_founder_and_equity_partner_not_a_party_to_500b(sts):
    """002: 「Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司」 and
    「Stargate的初始股权投资人包括软银、OpenAI、甲骨文和MGX」: a co-founder and equity investor; no sentence makes
    MGX a party to the $500B."""
    st = one(sts, "mgx", "equityPartnerOf", "stargate", article="a002", text="主权基金MGX共同成立的合资公司")
    assert st.qualifiers["money_kind"] == "equity"
    joint_500 = [s for s in sts if s.joint and s.qualifiers.get("amount") == 500 * BILLION]
    assert joint_500 and all("MGX" not in {p["label"] for p in s.qualifiers["joint_funders"]} for s in joint_500)
    assert not any(cited(s, "a002", "主权基金MGX共同成立的合资公司") for s in joint_500)


def test_views_of_the_500b(run):
    """The same facts in every view: funders of Stargate, what MGX funds, MGX's page (in English and Chinese)."""
    out = run("funders", "Stargate").output
    assert "  OpenAI + Oracle + SoftBank Group -> Stargate" in out.splitlines() and "MGX +" not in out
    assert "MGX -> Stargate" in out  # the equity partner row stays
    funded = run("funded", "MGX").output
    assert "Funded by MGX (1):" in funded and "$500B" not in funded and "MGX -> Stargate  equity" in funded
    page = run("entity", "MGX").output
    assert "-> equity partner of  Stargate" in page and "jointly with" not in page
    zh = run("--lang", "zh", "funders", "星际之门").output
    assert "  OpenAI + 甲骨文 + 软银 -> 星际之门" in zh.splitlines() and "MGX + " not in zh


# ================================================================ 2. relayed sources
def test_001_wsj_relays_unnamed_people(kg, sts):
    """001: 「报道援引知情人士透露的信息称，软银和 OpenAI 共同领导了「星际之门」项目，但在合作的关键条款上一直存在分歧」:
    the WSJ relays people familiar with the matter, as 003's and 004's 知情人士 are credited."""
    insiders = str(E["anonymous-sources-a001"])
    for who in ("softbank", "openai"):
        st = one(sts, who, "leads", "stargate", article="a001", text="报道援引知情人士透露的信息称")
        assert st.qualifiers["stated_by"]["iri"] == insiders
    rift = one(sts, "softbank", "partnerOf", "openai", article="a001", text="但在合作的关键条款上一直存在分歧")
    assert rift.qualifiers["stated_by"]["iri"] == insiders
    # the same paragraph goes on: 「尽管两家公司…但该项目目前设定了一个更为温和的目标，即在今年年底前建造一个小型数据中心，很可能位于俄亥俄州」
    ohio = one(sts, "stargate-small-data-center-2025", "locatedIn", "ohio", article="a001", text="很可能位于俄亥俄州")
    assert ohio.qualifiers["stated_by"]["iri"] == insiders
    assert kg.ask(f'ASK {{ <{insiders}> rdfs:label ?l FILTER(CONTAINS(STR(?l), "WSJ")) }}')


def test_003_is_a_compilation_of_a_foreign_report(kg):
    """003: 「3月30日消息，据国外媒体报道，援引三名知情人士透露」 and 「（编译/金鹿）」: Tencent Tech compiles an unnamed
    foreign outlet's report; the source record says so."""
    assert kg.ask("ASK { src:a003 schema:isBasedOn ?o . ?o a sg:MediaOutlet ; rdfs:label ?l FILTER(STR(?l) = '国外媒体') }")
    assert kg.ask("ASK { src:a003 rdfs:comment ?c FILTER(CONTAINS(STR(?c), '编译') && CONTAINS(STR(?c), '据国外媒体报道')) }")


def test_003_cost_mostly_chips_continues_the_insiders_account(sts):
    """003: 「其中两名知情人士说，这台尚在规划中的超级计算机预计将需要至少数十亿瓦的电力支持，这一数字相当于…。
    此外，虽然该项目的大部分成本将用于购买芯片」: 此外 goes on with what the insiders say."""
    st = one(sts, "stargate-supercomputer-2024", "measure", article="a003", text="此外，虽然该项目的大部分成本将用于购买芯片")
    assert st.qualifiers["stated_by"]["iri"] == str(E["anonymous-sources-a003"])


# ================================================================ 3. one statement, several voices
def speakers(st):
    """{(article, quote fragment): speaker slug} of the statement's references."""
    return {(s.article, s.quote): s.stated_by["iri"].rsplit("/", 1)[-1] if s.stated_by else None for s in st.sources}


def voice(st, article, text):
    found = {who for (art, quote), who in speakers(st).items() if art == article and text in quote}
    assert len(found) == 1, (st.iri, article, text, found)
    return found.pop()


def test_2024_supercomputer_power_in_two_voices(sts):
    """002: 「项目还面临巨大的能源需求,可能需要多达5000兆瓦的电力」 (its own voice, citing its sources);
    003: 「参与项目讨论的人士说，高管们已经讨论过最早在2028年发布“星际之门”，并将时间延长到2030年，到最后可能需要多达5千兆瓦的电力」."""
    st = one(sts, "stargate-supercomputer-2024", "powerCapacity", article="a003", text="到最后可能需要多达5千兆瓦的电力")
    assert "stated_by" not in st.qualifiers  # not one voice for the statement
    assert voice(st, "a003", "到最后可能需要多达5千兆瓦的电力") == "anonymous-sources-a003"
    assert voice(st, "a002", "可能需要多达5000兆瓦的电力") == "53ai"


def test_2028_launch_summary_and_insiders_in_003(sts):
    """003's summary 「划重点：… 高管们希望最早在2028年发布」 is the outlet's; 「参与项目讨论的人士说，高管们已经讨论过最早在2028年
    发布“星际之门”」 the insiders'; 002: 「2. 预计完成时间:Stargate预计将在2028年推出」 its own."""
    st = one(sts, "stargate-supercomputer-2024", "completionDate", article="a003", text="高管们希望最早在2028年发布")
    assert voice(st, "a003", "高管们希望最早在2028年发布") == "tencent-tech"
    assert voice(st, "a003", "高管们已经讨论过最早在2028年发布") == "anonymous-sources-a003"
    assert voice(st, "a002", "Stargate预计将在2028年推出") == "53ai"


def test_every_shared_2024_supercomputer_statement_keeps_each_voice(sts):
    """The 12 reported statements 002 and 003 share: each reference names its speaker."""
    shared = [s for s in sts if s.qualifiers.get("status") == "reported" and {x.article for x in s.sources} == {"a002", "a003"}]
    assert len(shared) == 12
    for st in shared:
        assert "stated_by" not in st.qualifiers and all(src.stated_by for src in st.sources), st.iri
        assert {voice(st, "a002", "")} == {"53ai"}


def test_2024_net_loss_in_two_voices(sts):
    """000: 「不过当我们回到现实，就会看到OpenAI在2024年已经亏损了50亿美元」 (its own voice);
    002: 「根据媒体报道,OpenAI在2024年的亏损额可能达到50亿美元」 (media reports)."""
    st = one(sts, "openai", "netLoss", article="a000", text="OpenAI在2024年已经亏损了50亿美元")
    assert st.qualifiers["amount"] == 5 * BILLION
    assert voice(st, "a000", "已经亏损了50亿美元") == "xinzhiyuan"
    assert voice(st, "a002", "根据媒体报道") == "unnamed-media-reports-a002"


def test_oracle_cloud_provider_in_two_voices(sts):
    """004: 「OpenAI向甲骨文购买云计算服务」 (the outlet) and 「知情人士称,这主要源于OpenAI与甲骨文签署了一份云计算合同,
    将在五年内购买甲骨文价值3000亿美元的算力服务」 (people familiar with the matter)."""
    st = one(sts, "oracle", "cloudProviderFor", "openai", article="a004", text="OpenAI向甲骨文购买云计算服务")
    assert voice(st, "a004", "OpenAI向甲骨文购买云计算服务") == "securities-times"
    assert voice(st, "a004", "将在五年内购买甲骨文价值3000亿美元的算力服务") == "anonymous-sources-a004"


def test_views_show_the_speaker_beside_each_quote(run):
    """`entity` and `funders` print who says so next to the quote, in English and Chinese; the statement is on
    the speaker's page."""
    page = run("entity", "Unnamed people familiar with the matter (article 003)").output
    assert "[a003] (stated by: Unnamed people familiar with the matter (article 003)) “到最后可能需要多达5千兆瓦的电力”" in page
    assert "[a002] (stated by: 53AI Knowledge Base) “项目还面临巨大的能源需求,可能需要多达5000兆瓦的电力”" in page
    funders = run("funders", "Stargate supercomputer").output
    assert "[a003] (stated by: Tencent Tech) 微软和OpenAI正计划斥资1000亿美元打造AI超算" in funders
    zh = run("--lang", "zh", "entity", "OpenAI").output
    assert "      [a002]（表述者：媒体报道） “根据媒体报道,OpenAI在2024年的亏损额可能达到50亿美元”" in zh.splitlines()
    assert "      [a002]（表述者：53AI知识库） “微软和OpenAI计划共同投资1000亿美元,建造名为“星际之门”(Stargate)的AI超级计算机”" in zh.splitlines()
    import json

    data = json.loads(run("entity", "OpenAI", "--json").output)
    loss = [s for s in data["statements"] if s["relation"] == "netLoss" and s["qualifiers"].get("amount") == 5 * BILLION]
    assert {(src["article"], src["stated_by"]["label"]) for src in loss[0]["sources"]} == {
        ("a000", "Xinzhiyuan"), ("a002", "Unnamed media reports (article 002)")}


SHAPE_TTL = """@prefix sg: <https://w3id.org/stargate-kg/ontology#> . @prefix e: <https://w3id.org/stargate-kg/entity/> .
@prefix st: <https://w3id.org/stargate-kg/statement/> . @prefix src: <https://w3id.org/stargate-kg/source/> .
st:both a sg:Statement ; sg:subject e:openai ; sg:relation sg:partnerOf ; sg:object e:oracle ; sg:statedBy e:wsj ;
    sg:reference [ a sg:Reference ; sg:article src:a001 ; sg:statedBy e:wsj ; sg:quote "any quote" ] .
st:some a sg:Statement ; sg:subject e:openai ; sg:relation sg:partnerOf ; sg:object e:oracle ;
    sg:reference [ a sg:Reference ; sg:article src:a001 ; sg:statedBy e:wsj ; sg:quote "a quote" ] ,
                 [ a sg:Reference ; sg:article src:a002 ; sg:quote "another quote" ] .
st:each a sg:Statement ; sg:subject e:openai ; sg:relation sg:partnerOf ; sg:object e:oracle ;
    sg:reference [ a sg:Reference ; sg:article src:a001 ; sg:statedBy e:wsj ; sg:quote "a quote" ] ,
                 [ a sg:Reference ; sg:article src:a002 ; sg:statedBy e:53ai ; sg:quote "another quote" ] .
"""


def test_shapes_one_voice_or_each_reference(tmp_path):
    """sg:statedBy on the statement or on every reference: never both, never some references only."""
    from stargate_kg import load
    from stargate_kg.paths import default_graph_dir
    from stargate_kg.validation import validate

    g = default_graph_dir()
    extra = tmp_path / "voices.ttl"
    extra.write_text(SHAPE_TTL, encoding="utf-8")
    kg = load([g / "ontology.ttl", g / "sources.ttl", g / "entities.ttl", g / "shapes.ttl", extra])
    bad = {p.focus.rsplit("/", 1)[-1] for p in validate(kg).problems if "on every one of its references" in p.message}
    assert bad == {"both", "some"}


# ================================================================ 4. editors' readings marked
def test_norway_and_india_in_stargate_are_a_reading_of_two_sentences(sts):
    """004: 「近一两个月以来,OpenAI已在挪威、印度等国家宣布建设大规模数据中心」 and, next,
    「据接近该项目的高管称,如今“星际之门”已经成为一个总称,用于指代OpenAI所有数据中心项目」: neither sentence alone
    puts the Norway or India site in Stargate."""
    for site in ("openai-norway-data-center", "openai-india-data-center"):
        st = one(sts, site, "partOf", "stargate", article="a004", text="OpenAI已在挪威、印度等国家宣布建设大规模数据中心")
        assert st.inferred and cited(st, "a004", "据接近该项目的高管称")
        assert "Inferred" in st.qualifiers["note"]
        # what each sentence does say stays stated
        place = "norway" if "norway" in site else "india"
        assert not one(sts, site, "locatedIn", place, article="a004", text="OpenAI已在挪威、印度等国家").inferred


def test_nvidia_at_abilene_is_a_reading(sts):
    """000: 「这里会有一个非常大的Blackwell GPU集群」, 「Blackwell是英伟达最新的AI优化芯片」, 「目前真正的赢家，只有英伟达」 name no
    buyer; 004: 「作为负责建设运营数据中心的甲骨文则需要向英伟达采购大量的GPU芯片」 (Oracle buys)."""
    st = one(sts, "nvidia", "supplierOf", "abilene-site", article="a000", text="Blackwell是英伟达最新的AI优化芯片")
    assert st.inferred
    assert not one(sts, "oracle", "buysFrom", "nvidia", article="a004", text="向英伟达采购大量的GPU芯片").inferred


def test_nvidia_supplying_openai_is_a_reading(sts):
    """003: 「英伟达当前为OpenAI软件提供动力的图形处理单元（GPU）」: Nvidia's GPUs power OpenAI's software; a supply is read."""
    st = one(sts, "nvidia", "supplierOf", "openai", article="a003", text="英伟达当前为OpenAI软件提供动力的图形处理单元")
    assert st.inferred


def test_musks_role_at_xai_is_a_reading(sts):
    """001: 「马斯克回应：我们的五年计划」 gives no title: his role at xAI is read from 'our'."""
    st = one(sts, "elon-musk", "hasRoleAt", "xai", article="a001", text="马斯克回应：我们的五年计划")
    assert st.inferred


def test_entity_page_marks_the_readings(run):
    """The Norway site's page shows its Stargate link as an editor's reading (English and Chinese)."""
    lines = run("entity", "OpenAI data center, Norway").output.splitlines()
    part = [ln for ln in lines if "-> part of  Stargate" in ln]
    assert part and "[INFERRED: an editor's reading]" in part[0]
    zh = run("--lang", "zh", "entity", "OpenAI data center, Norway").output
    assert any("星际之门" in ln and "[推断：编辑的解读]" in ln for ln in zh.splitlines())


# ================================================================ 5. citations that name the people
@pytest.mark.parametrize("who, name", [
    ("satya-nadella", "Satya Nadella"),
    ("kevin-scott", "凯文·斯科特（Kevin\nScott）"),
    ("pradeep-sindhu", "普拉迪普·辛杜（Pradeep\nSindhu）"),
    ("brian-harry", "布莱恩·哈里（Brian Harry）"),
])
def test_negotiators_cited_with_the_clause_that_names_them(sts, articles_dir, who, name):
    """003: 「除了首席执行官（Satya Nadella）和首席技术官凯文·斯科特（Kevin⏎Scott）之外，微软方面还有多位管理人员深入参与了超级计算机的
    谈判工作。其中，普拉迪普·辛杜（Pradeep⏎Sindhu）负责…，而布莱恩·哈里（Brian Harry）则协助开发…」: each person's part in the
    talks cites a clause with the name (the article breaks the line inside two of the names; the quote keeps the break)."""
    (st,) = find(sts, who, "participatesIn", "stargate-supercomputer-2024")
    assert cited(st, "a003", name)
    text = (articles_dir / st.sources[0].file).read_text(encoding="utf-8")
    assert all(src.quote in text for src in st.sources)


# ================================================================ 6. Nvidia's $100B is an investment, not equity
def test_nvidia_100b_is_a_commitment_to_invest(sts, run):
    """004: 「英伟达宣布了一项震惊业界的合作,将向OpenAI投资最高1000亿美元」: will invest up to $100B (announced); no sentence
    says shares or equity. The kind is a commitment (a pledge to invest), the ontology's kind for it."""
    st = one(sts, "nvidia", "investsIn", "openai", article="a004", text="将向OpenAI投资最高1000亿美元")
    assert st.qualifiers["money_kind"] == "commitment" and st.qualifiers["amount"] == 100 * BILLION
    assert st.qualifiers["bound"] == "up to" and st.qualifiers["status"] == "announced"
    assert "  Nvidia -> OpenAI     commitment  up to $100B  2025-09-23  announced" in run("funders", "OpenAI").output.splitlines()
    assert "  英伟达 -> OpenAI  承诺出资  最高1000亿美元  2025年9月23日  已宣布" in run("--lang", "zh", "funders", "OpenAI").output.splitlines()
    assert not [s for s in sts if s.subject == str(E["nvidia"]) and s.qualifiers.get("money_kind") == "equity"]


# ================================================================ 7. roles at the sites
def test_abilene_overseer_and_lessor(sts, kg):
    """000: 「他的另一个身份，是数据中心初创公司Crusoe的创始人，而Crusoe正负责监督这个庞大的项目」 (the overseer);
    004: 「其中,与甲骨文合作建设的三处…,这些数据中心将延续双方在德州阿比林数据中心的“以租代售”模式」: Oracle leases to OpenAI
    at Abilene (a lessor, not an operator: no article names Abilene's operator)."""
    one(sts, "crusoe", "oversees", "abilene-site", article="a000", text="而Crusoe正负责监督这个庞大的项目")
    lessor = one(sts, "oracle", "lessorOf", "abilene-site", article="a004", text="延续双方在德州阿比林数据中心的“以租代售”模式")
    assert not lessor.inferred
    one(sts, "openai", "tenantOf", "abilene-site", article="a004", text="“以租代售”模式")
    assert not find(sts, "oracle", "operates", "abilene-site")
    assert kg.ask("ASK { sg:lessorOf sg:family sg:SiteRoles }")
    assert kg.ask("ASK { e:oracle sg:lessorOf e:abilene-site }")  # the direct edge the queries read


def test_site_roles_and_search_show_them(run):
    """`query site-roles` lists Crusoe overseeing Abilene; `search 以租代售` finds Oracle's role there."""
    roles = run("query", "site-roles", "--format", "csv").output
    assert any("Stargate I (Abilene, Texas)" in ln and "Crusoe" in ln and "oversees" in ln for ln in roles.splitlines())
    found = run("search", "以租代售").output.splitlines()
    assert "  Oracle -> lessor of -> Stargate I (Abilene, Texas)" in found
    zh = run("--lang", "zh", "search", "以租代售").output
    assert "甲骨文 -> 出租方 -> 阿比林星际之门数据中心" in zh


# ================================================================ 8. words: 总统, not 总裁
def test_trump_and_biden_are_presidents_of_the_country(sts, kg, run):
    """002: 「特朗普总统在2024年1月21日的白宫新闻发布会上宣布…」 and 「…撤销了前总统拜登签署的…行政令」: 总统 (a country's
    president); 003: 「OpenAI总裁格雷格·布罗克曼」: 总裁 (a company's)."""
    trump = one(sts, "donald-trump", "headOfStateOf", "united-states", article="a002", text="特朗普总统")
    biden = one(sts, "joe-biden", "headOfStateOf", "united-states", article="a002", text="前总统拜登")
    assert "end_time" not in trump.qualifiers and biden.qualifiers["end_time"] == "2025-01-20"
    one(sts, "greg-brockman", "presidentOf", "openai", article="a003", text="OpenAI总裁格雷格·布罗克曼")
    assert not [s for s in sts if s.relation == "presidentOf" and s.object == str(E["united-states"])]
    label = lambda rel: str(kg.select(f"SELECT ?l WHERE {{ sg:{rel} rdfs:label ?l FILTER(lang(?l) = 'zh') }}")[0]["l"])
    assert label("headOfStateOf") == "总统" and label("presidentOf") == "总裁"
    assert kg.ask("ASK { e:donald-trump sg:hasRoleAt e:united-states }")  # still a role (people-of, leaders)
    zh = run("--lang", "zh", "entity", "拜登").output.splitlines()
    assert "  -> 总统  美国  结束：2025年1月20日" in zh and not [ln for ln in zh if "总裁" in ln]
    assert "  -> 总统  美国" in run("--lang", "zh", "entity", "特朗普").output.splitlines()
