"""Fact check of the issue-22 editorial change (branch h22b): what the review found wrong or overstated.

Each test names the article and quotes the sentence it relies on; the expected
figure, bound, party or wording is read from that sentence, and each failed on
the data (or the view) as h22b left it.
"""

import pytest
from test_editorial_figures import article_text, by_iri, cites, statement  # noqa: F401 (by_iri is a fixture)

from stargate_kg.answers.amounts import figure_text
from stargate_kg.namespace import PREFIX_IRIS


def test_at_least_several_gigawatts(by_iri, articles_dir, run):
    """003: 「这台尚在规划中的超级计算机预计将需要至少数十亿瓦的电力支持」: at least several billion
    watts, i.e. at least *several* GW; "≥ 1 GW" understates it."""
    quote = "在规划中的超级计算机预计将需要至少数十亿瓦的电力支持"
    assert quote in article_text(articles_dir, "a003").replace("**", "")
    st = statement(by_iri, "a003-stargate-sc-power-several-gw")
    assert cites(st, "a003", quote) and st.qualifiers["unit"] == "GW"
    assert st.qualifiers["bound"] == "at least several"
    assert figure_text(st.value, st.qualifiers) == "at least several GW"
    assert figure_text(st.value, st.qualifiers, "zh") == "至少数十亿瓦"
    for args, text in (((), "at least several GW"), (("--lang", "zh"), "至少数十亿瓦")):
        for view in (("search", "数十亿瓦"), ("query", "two-stargates"), ("query", "capacities")):
            out = run(*args, *view).output
            assert text in out, (args, view)
            assert "≥ 1 GW" not in out and "至少1 GW" not in out


@pytest.mark.parametrize(
    "slug, text, en, zh, old",
    [
        # 003: 「该项目包括构建一台拥有数百万个专用服务器芯片的人工智能超级计算机」: millions of chips
        ("a003-stargate-sc-chip-count", "数百万个专用服务器芯片", "millions of chips", "数百万块芯片", "≥ 1,000,000 chips"),
        # 003: 「微软便着手打造了第一台包含数千个英伟达GPU的超级计算机」: thousands of GPUs
        ("a003-first-supercomputer-gpu-count", "第一台包含数千个英伟达GPU的超级计算机", "thousands of GPUs", "数千块GPU", "≥ 1,000 GPUs"),
    ],
)
def test_orders_of_magnitude_are_not_counts(by_iri, run, slug, text, en, zh, old):
    """数百万 and 数千 give an order of magnitude, like 数十万 (sg:Several), not "≥ 1,000,000" or "≥ 1,000"."""
    st = statement(by_iri, slug)
    assert cites(st, "a003", text)
    assert st.qualifiers["bound"] == "several"
    assert figure_text(st.value, st.qualifiers) == en and figure_text(st.value, st.qualifiers, "zh") == zh
    out = run("query", "capacities").output
    assert en in out and old not in out


def test_two_stargates_keeps_the_bound_of_a_figure(run):
    """003: 「到最后可能需要多达5千兆瓦的电力」 and 002: 「可能需要多达5000兆瓦的电力」: up to 5 GW.
    The two-stargates table has an amount column too; a row without an amount keeps its figure's bound."""
    rows = [line for line in run("query", "two-stargates").output.splitlines() if "power capacity" in line and "5 GW" in line]
    assert rows and all("up to 5 GW" in line for line in rows)
    zh = [line for line in run("--lang", "zh", "query", "two-stargates").output.splitlines() if "5 GW" in line]
    assert zh and all("最多5 GW" in line for line in zh)


def test_idle_gpu_lesson_is_the_outlets_account(by_iri, articles_dir):
    """000: 「这也让他们意识到：如果能有数十万个闲置的GPU，就能应对这种程度的需求激增了」: the article tells,
    in its own voice, what OpenAI realised; no one at OpenAI is quoted saying it. So it is a claim of
    新智元 about OpenAI (as 000's 「最后，OpenAI只能被迫借用研究中的算力」 is), not a claim OpenAI makes."""
    quote = "这也让他们意识到：如果能有数十万个闲置的GPU，就能应对这种程度的需求激增了"
    assert quote in article_text(articles_dir, "a000")
    st = statement(by_iri, "a000-openai-lesson-idle-gpus")
    assert cites(st, "a000", quote) and st.relation == "claims"
    assert st.subject.endswith("/xinzhiyuan") and st.object.endswith("/openai")
    assert "hundreds of thousands of idle GPUs" in st.value
    companion = statement(by_iri, "a000-openai-borrowed-research-compute")
    assert companion.subject == st.subject and companion.object == st.object


def test_trump_delivery_concern_says_no_more_than_its_quotes(by_iri):
    """002: 「当然,计划的始作俑者特朗普政府在该项目中的角色也引发了讨论」 and 「特朗普政府在任期内的执行力也
    引发了担忧」: the value says that much; the Foxconn example (「例如,在特朗普上一个任期内,富士康…」)
    is a further sentence the statement does not quote, so its value does not state it."""
    st = statement(by_iri, "a002-trump-administration-delivery-doubted")
    assert cites(st, "a002", "特朗普政府在任期内的执行力也引发了担忧") and cites(st, "a002", "角色也引发了讨论")
    assert "Foxconn" not in st.value or any("富士康" in s.quote for s in st.sources)


def test_trump_role_summary_points_to_every_part(by_iri):
    """002: 「…主要体现在宣布项目、撤销AI行政令、促进私营部门合作、创造就业机会、推动能源开发以及支持中小企业和
    初创企业等方面」: the note says each part has its own statement; the last part (small firms and
    start-ups) is 002's 「Stargate项目不仅惠及大型科技公司,还将惠及中小型科技企业、初创企业以及民众」."""
    st = statement(by_iri, "a002-trump-administration-role-in-stargate")
    assert cites(st, "a002", "支持中小企业和初创企业")
    assert "st:a002-53ai-stargate-benefits-smes" in st.qualifiers["note"]
    smes = statement(by_iri, "a002-53ai-stargate-benefits-smes")
    assert cites(smes, "a002", "中小型科技企业、初创企业")


def test_reposted_video_label_gives_the_year(kg):
    """001 (about 2025-07-23): 「伊隆・马斯克转发了一条去年十月份的视频」: 去年十月份 is October 2024 counted from
    the article; as a label read at any other time "去年十月份的视频" names the wrong year, so the Chinese label
    gives 2024年10月 (the article's words stay an alias)."""
    import rdflib

    video = rdflib.URIRef(PREFIX_IRIS["e"] + "musk-reposted-video-2024-10")
    zh = [str(o) for o in kg.graph.objects(video, rdflib.RDFS.label) if getattr(o, "language", None) == "zh"]
    assert zh and all("2024年10月" in label for label in zh)
    aliases = {str(o) for o in kg.graph.objects(video, rdflib.SKOS.altLabel)}
    assert "去年十月份的视频" in aliases
