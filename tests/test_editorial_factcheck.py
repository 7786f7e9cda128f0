"""Fact check of every statement that carries a figure (money, capacity, GPUs, jobs, dates), December 2026.

Each test names the article and quotes the sentence it relies on; the expected
figure, bound, status, party or date is read from that sentence and asserted
through what a user sees (the CLI's ``entity`` / ``search`` output, or the
library's statement record). Each failed on the graph as the review found it.
"""

from test_editorial_figures import article_text, by_iri, cites, statement  # noqa: F401 (by_iri is a fixture)

from stargate_kg.answers.amounts import figure_text

# ---------------------------------------------------------------- article 002 (53AI, 2025-01-23)


def test_tens_of_billions_is_an_order_of_magnitude(by_iri, articles_dir, run):
    """002: 「这需要数百万个GPU和数百亿美元的投资」: tens of billions of dollars, an order of magnitude as the
    same sentence's 数百万个GPU (millions of GPUs); "≥ $10B" understates it."""
    quote = "这需要数百万个GPU和数百亿美元的投资"
    assert quote in article_text(articles_dir, "a002")
    st = statement(by_iri, "a002-supercomputer-cost-tens-of-billions")
    assert cites(st, "a002", quote)
    assert st.qualifiers["bound"] == "several" and st.qualifiers["amount"] == 10_000_000_000
    assert figure_text(st.value, st.qualifiers) == "tens of billions of dollars"
    assert figure_text(st.value, st.qualifiers, "zh") == "数百亿美元"
    gpus = statement(by_iri, "stargate-supercomputer-gpus-millions")
    assert cites(gpus, "a002", quote) and gpus.qualifiers["bound"] == st.qualifiers["bound"]
    en = run("entity", "Stargate supercomputer").output
    zh = run("--lang", "zh", "entity", "Stargate supercomputer").output
    assert "estimated cost  tens of billions of dollars" in en and "estimated cost  ≥ $10B" not in en
    assert "成本估算  数百亿美元" in zh and "成本估算  至少100亿美元" not in zh


def test_loss_expected_for_2026_is_a_projection(by_iri, articles_dir, run):
    """002: 「根据媒体报道,OpenAI在2024年的亏损额可能达到50亿美元,并预计在2026年进一步攀升至140亿美元」: the
    $14B is expected (预计) for 2026, a year not over when the article was written (January 2025): projected,
    stated by the media reports the sentence cites."""
    assert "根据媒体报道,OpenAI在2024年的亏损额可能达到50亿美元,并预计在2026年进一步攀升至140亿美元" in article_text(articles_dir, "a002")
    st = statement(by_iri, "a002-openai-net-loss-2026")
    assert cites(st, "a002", "并预计在2026年进一步攀升至140亿美元")
    assert st.qualifiers["status"] == "projected" and st.qualifiers["amount"] == 14_000_000_000
    lines = [line for line in run("entity", "OpenAI").output.splitlines() if "net loss  $14B" in line]
    assert lines and all("status: projected" in line and "reported" not in line for line in lines)
    assert any("Unnamed media reports" in line for line in lines)


def test_jobs_expected_are_a_projection(by_iri, run):
    """002: 「Stargate项目预计将为美国创造超过10万个就业岗位」: expected (预计) to create more than 100,000 jobs,
    a projected outcome, not a plan."""
    st = statement(by_iri, "a002-stargate-jobs-100k")
    assert cites(st, "a002", "Stargate项目预计将为美国创造超过10万个就业岗位")
    assert st.qualifiers["status"] == "projected" and st.qualifiers["bound"] == "more than"
    assert figure_text(st.value, st.qualifiers) == "more than 100,000 jobs"
    lines = [line for line in run("entity", "Stargate").output.splitlines() if "jobs created  more than 100,000 jobs" in line]
    assert lines and all("status: projected" in line for line in lines)


# ---------------------------------------------------------------- article 001 (机器之心, about 2025-07-23)


def test_the_4_5_gw_are_openais_figure(by_iri, articles_dir, run):
    """001: 「OpenAI 正式宣布正与甲骨文（Oracle）在美国合作开发另外 4.5 GW 的星际之门数据中心容量」: the figure is
    OpenAI's announcement relayed, as 「OpenAI 表示，这个 5 GW 规模的数据中心将运行超过 200 万个芯片」 is; so
    OpenAI is who says so, and the figure shows among what OpenAI says on its page."""
    quote = "OpenAI 正式宣布正与甲骨文（Oracle）在美国合作开发另外 4.5 GW 的星际之门数据中心容量"
    assert quote in article_text(articles_dir, "a001")
    st = statement(by_iri, "a001-4-5gw-expansion-power-capacity")
    assert cites(st, "a001", quote) and figure_text(st.value, st.qualifiers) == "4.5 GW"
    chips = statement(by_iri, "a001-openai-oracle-capacity-chips")
    assert st.qualifiers["stated_by"] == chips.qualifiers["stated_by"]
    assert st.qualifiers["stated_by"]["iri"].endswith("/openai")
    says = [line for line in run("entity", "OpenAI").output.splitlines() if line.startswith("  says:")]
    assert any("power capacity  4.5 GW" in line for line in says)


# ---------------------------------------------------------------- article 003 (腾讯科技, 2024-03-30)


def test_wisconsin_billion_is_the_wedcs_announcement(by_iri, articles_dir, run):
    """003: 「最近，威斯康星州经济发展公司宣布，微软在该州投资的10亿美元数据中心扩建项目已破土动工」: the $1B and the
    ground-breaking are the Wisconsin Economic Development Corporation's announcement, relayed; the statement
    quotes the clause that names the speaker and says who says so."""
    quote = "威斯康星州经济发展公司宣布，微软在该州投资的10亿美元数据中心扩建项目已破土动工"
    assert quote in article_text(articles_dir, "a003")
    st = statement(by_iri, "a003-microsoft-capex-mt-pleasant-1b")
    assert cites(st, "a003", quote)
    assert st.qualifiers["amount"] == 1_000_000_000 and st.qualifiers["currency"] == "USD"
    assert st.qualifiers["stated_by"]["iri"].endswith("/wisconsin-economic-development-corporation")
    out = run("entity", "Wisconsin Economic Development Corporation").output
    assert any(line.startswith("  says:") and "$1B" in line for line in out.splitlines())


# ---------------------------------------------------------------- article 004 (证券时报, about 2025-09-25)

A004_ANNOUNCEMENT = ("9月24日,OpenAI宣布,为了构建更多的计算能力,OpenAI将与甲骨文、软银在美国新增建设五个大型人工智能数据中心,"
                     "作为其“星际之门”(Stargate)计划的关键组成部分,有望在年底前提前实现今年1月提出的10GW算力目标")


def test_10gw_by_end_of_2025_is_openais_expectation(by_iri, articles_dir, run):
    """004: 「9月24日,OpenAI宣布,…,有望在年底前提前实现今年1月提出的10GW算力目标」: 有望 (expected) for a year not
    over at the article's date, in the sentence that relays OpenAI's announcement: projected, stated by OpenAI.
    The plan itself (10 GW within four years, 001's 「在未来四年内…建设 10 GW」) stays planned."""
    assert A004_ANNOUNCEMENT in article_text(articles_dir, "a004")
    st = statement(by_iri, "a004-stargate-10gw-target-by-end-2025")
    assert cites(st, "a004", "有望在年底前提前实现今年1月提出的10GW算力目标")
    assert st.qualifiers["status"] == "projected" and st.qualifiers["stated_by"]["iri"].endswith("/openai")
    assert statement(by_iri, "stargate-10gw-target").qualifiers["status"] == "planned"
    lines = [line for line in run("entity", "Stargate").output.splitlines() if "power capacity  10 GW" in line]
    assert any("status: projected" in line and "by the end of 2025" in line and "stated by: OpenAI" in line for line in lines)
    assert not any("status: planned" in line and "by the end of 2025" in line for line in lines)


def test_five_new_sites_are_openais_announcement(by_iri, run):
    """004: 「9月24日,OpenAI宣布,…,OpenAI将与甲骨文、软银在美国新增建设五个大型人工智能数据中心」: the five are the
    figure OpenAI announced; it shows among what OpenAI says."""
    st = statement(by_iri, "a004-stargate-five-new-us-sites")
    assert cites(st, "a004", "OpenAI将与甲骨文、软银在美国新增建设五个大型人工智能数据中心") and st.value == 5
    assert st.qualifiers["stated_by"]["iri"].endswith("/openai")
    says = [line for line in run("entity", "OpenAI").output.splitlines() if line.startswith("  says:")]
    assert any("5 sites" in line for line in says)
