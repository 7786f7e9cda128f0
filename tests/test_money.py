"""Money answers: readable amounts, joint pledges, money summaries, the timeline (issue 14).

Expected answers come from the articles; each test quotes the sentence it relies on.
"""

import json

import pytest

from stargate_kg.answers.amounts import bound_label, format_amount, format_range, format_value
from stargate_kg.exceptions import StargateKGError
from stargate_kg.answers.funding import funded, funders
from stargate_kg.answers.summary import money_summary, related_figures
from stargate_kg.lookup import resolve
from stargate_kg.answers.timeline import format_date, overlaps, timeline

B = 1_000_000_000


# ---------------------------------------------------------------- amounts
@pytest.mark.parametrize(
    "amount, bound, en, zh",
    [
        (100 * B, None, "$100B", "1000亿美元"),  # 003: 「斥资1000亿美元打造AI超算」
        (100 * B, "up to", "up to $100B", "最高1000亿美元"),  # 004: 「将向OpenAI投资最高1000亿美元」
        (115 * B, "more than", "more than $115B", "超过1150亿美元"),  # 003: 「超过1150亿美元的投资」
        (10 * B, "less than", "less than $10B", "不足100亿美元"),  # 002: 「可能不足100亿美元」
        (455 * B, None, "$455B", "4550亿美元"),  # 004: 「已飙升至4550亿美元」
        (1.2 * B, None, "$1.2B", "12亿美元"),  # 003: 「累计达到12亿美元」
        (1000 * B, None, "$1T", "1万亿美元"),  # 003: 「投入1万亿美元的资金」
        (152 * B, "at least", "≥ $152B", "至少1520亿美元"),  # 000: 「保守估值也有1520亿美元」
    ],
)
def test_amounts_as_the_articles_write_them(amount, bound, en, zh):
    assert format_amount(amount, "USD", bound) == en
    assert format_amount(amount, "USD", bound, lang="zh") == zh


def test_figures_and_ranges():
    """000: 「总共有多达40万块芯片」; 002: 「数百万个GPU」 (at least 1,000,000); 000: 「2到4千瓦之间」;
    004: 「10GW相当于400万至500万块图形处理器(GPU)」; 000: 「1.2千兆瓦」."""
    assert format_value(400_000, "chips", "up to") == "up to 400,000 chips"
    assert format_value(400_000, "chips", "UpTo", lang="zh") == "最多40万块芯片"
    assert format_value(1_000_000, "GPUs", "at least") == "≥ 1,000,000 GPUs"
    assert format_value(1.2, "GW") == "1.2 GW"
    assert format_range(2, 4, "kW") == "2–4 kW"
    assert format_range(4_000_000, 5_000_000, "GPUs", lang="zh") == "400万–500万块GPU"
    assert bound_label("https://w3id.org/stargate-kg/ontology#MoreThan") == "more than"
    assert format_amount(None, "USD") == "" and format_value(None) == ""


# ---------------------------------------------------------------- joint pledges and one row per fact
def test_joint_pledge_is_one_row_for_each_party(kg):
    """001: 「两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」: OpenAI's and SoftBank's `funded` both show the one
    joint $100B row, naming both, not a $100B each."""
    for name, other in (("OpenAI", "SoftBank Group"), ("SoftBank", "OpenAI")):
        rows = [f for f in funded(kg, resolve(kg, name).iri) if f.joint and f.amount == 100 * B and f.recipient_label == "Stargate"]
        assert len(rows) == 1 and other in rows[0].funder_label
    assert not [f for f in funded(kg, resolve(kg, "SoftBank").iri) if not f.joint and f.amount == 100 * B]


def test_deprecated_each_100b_shows_only_when_asked(kg):
    """002: 「软银和OpenAI各自承诺投入1000亿美元」 is deprecated: it shows with include_deprecated, marked."""
    sb = resolve(kg, "SoftBank").iri
    rows = [f for f in funded(kg, sb, include_deprecated=True) if f.deprecated]
    assert any(not f.joint and f.amount == 100 * B for f in rows)
    # the deprecated 000 total (「已经为这个项目投入了1000亿美元」) is a joint figure too
    assert any(f.joint and f.kind == "equity" and f.amount == 100 * B for f in rows)


def test_money_summary_of_stargate(kg):
    """004: 「计划今后4年投资5000亿美元」; 001: 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元，但该项目目前设定了一个
    更为温和的目标」 (the July scale-back, WSJ); 002: Dario Amodei 「怀疑“星际之门”项目能否实现5000亿美元的融资」."""
    s = money_summary(kg, resolve(kg, "Stargate"))
    assert [(f.amount, f.joint) for f in s.headline[:2]] == [(500 * B, True), (100 * B, True)]
    assert s.headline[0].duration == "P4Y" and s.headline[0].date == "2025-01-21"
    later = s.later[s.headline[1].statement]
    wsj = [st for st in later if st.subject_label == "The Wall Street Journal"]
    assert wsj and wsj[0].qualifiers["rank"] == "preferred" and wsj[0].qualifiers["point_in_time"] == "2025-07"
    assert any(st.subject_label == "Dario Amodei" for st in s.doubts)
    assert "Stargate supercomputer (2024 Microsoft/OpenAI plan)" in s.also_matches
    json.dumps(s.as_json())


def test_funders_text_has_the_summary_first(run):
    r = run("funders", "Stargate")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].startswith("note: the name also names Stargate supercomputer")
    summary = r.output[: r.output.index("Funders of Stargate (")]
    assert "Money summary:" in summary
    assert "$500B over 4 years" in summary and "2025-01-21" in summary and "JOINT" in summary
    assert "later report: 2025-07 The Wall Street Journal claims Stargate" in summary
    # 004: 「OpenAI、甲骨文与软银…计划今后4年投资5000亿美元」: three parties; MGX (002) is an equity partner only
    assert "OpenAI + Oracle + SoftBank Group -> Stargate" in r.output
    assert "MGX + OpenAI" not in r.output and "MGX -> Stargate" in r.output


def test_claims_ranked_down_read_as_claims_with_their_reason(run):
    """000: 「迄今为止，OpenAI、软银、甲骨文等，已经为这个项目投入了1000亿美元」 is ranked down (001's July scale-back);
    002: 「软银和OpenAI各自承诺投入1000亿美元」 is ranked down (002 twice gives one joint $100B). Readers see the claims
    and why, not statement identifiers, and each once."""
    out = run("funders", "Stargate").output
    down = out[out.index("claims ranked down"): out.index("Funders of Stargate (")]
    assert "a000-stargate-invested-to-date" not in down and " vs " not in down
    assert "Stargate invested to date  $100B" in down and "OpenAI commits funding to Stargate  $100B" in down
    assert down.count("SoftBank Group commits funding to Stargate  $100B") == 1  # two conflicts, one line
    assert down.count("why: ") == down.count("DEPRECATED") == 3


def test_funders_of_the_2024_supercomputer_text(run):
    """002: 「微软和OpenAI计划共同投资1000亿美元」; 「共同投资超过1000亿美元」, which conflicts with 003's 「可能高达…1000亿美元」."""
    out = run("funders", "Stargate supercomputer").output
    assert "Microsoft + OpenAI -> Stargate supercomputer" in out
    assert "more than $100B" in out and "CONFLICTS with 1 claim" in out
    assert "amount n/a" in out  # 003: 「微软可能为这一项目提供资金支持」, no amount


def test_funders_lines_in_chinese():
    from stargate_kg import load
    from stargate_kg.commands.money import flow_lines

    kg = load()
    lines = flow_lines(funders(kg, resolve(kg, "OpenAI").iri), lang="zh")
    assert any("最高1000亿美元" in line for line in lines)  # 004: 「将向OpenAI投资最高1000亿美元」


# ---------------------------------------------------------------- entity views
def test_entity_shows_person_stated_figures(run):
    """001: 「马斯克表示目标是在 5 年内上线的 AI 算力…等价于 5000 万台 H100 的量级」."""
    out = run("entity", "马斯克").output
    assert "says:  xAI five-year AI infrastructure plan measure" in out and "about 50,000,000 H100 equivalents" in out
    assert "over 5 years" in out and "P5Y" not in out  # 「5 年内」, as people write it


def test_entity_writes_dates_with_their_qualifier(run):
    """000: 「项目预计在2026年中期完工」: the Abilene site's completion reads mid-2026 (zh: 2026年中期)."""
    assert "end time: mid-2026" in run("entity", "Abilene site").output
    assert "2026年中期" in run("entity", "Abilene site", "--lang", "zh").output


def test_entity_shows_figures_one_hop_away(kg, run):
    """000: 「如今，看着这40万块芯片（保守估值也有1520亿美元）」: the site's page shows its chips' value."""
    out = run("entity", "Abilene site").output
    assert "Figures one hop away" in out and "≥ $152B" in out
    altman = related_figures(kg, resolve(kg, "Sam Altman").iri)
    assert any(s.qualifiers.get("amount") == 500 * B for s in altman)  # he leads Stargate (000: 奥特曼、孙正义亲自坐镇)


def test_entity_of_a_company_has_a_money_summary(run):
    """SoftBank: the joint $100B with OpenAI (002: 「OpenAI和软银宣布将立即部署1000亿美元的投资」) and Musk's doubt
    (002: 「软银能够提供的资金可能不足100亿美元」)."""
    out = run("entity", "SoftBank").output
    summary = out[: out.index("Statements (")]
    assert "Money summary:" in summary and "OpenAI + SoftBank Group -> Stargate" in summary
    assert "Elon Musk doubts SoftBank Group" in summary and "less than $10B" in summary
    data = json.loads(run("entity", "SoftBank", "--json").output)
    assert data["money_summary"]["headline"][0]["joint"] is True
    assert any(s["direction"] == "joint" for s in data["statements"])


# ---------------------------------------------------------------- timeline
def test_timeline_january_to_july_2025(kg):
    """What changed between January and July 2025: 004 「在特朗普重返白宫第二天即宣布…计划今后4年投资5000亿美元」 (2025-01-21),
    002 「特朗普总统在…1月21日的白宫新闻发布会上宣布」, 001 「1 月份的声明中承诺「立即」投资 1000 亿美元」 (2025-01),
    then in July 2025 (001) the WSJ's scale-back and OpenAI's 4.5 GW with Oracle."""
    events = timeline(kg, resolve(kg, "Stargate").iri, "2025-01", "2025-07")
    keys = [(e.date, e.kind, e.subject["label"]) for e in events]
    assert ("2025-01-21", "announcement", "Donald Trump") in keys
    pledge = [e for e in events if e.kind == "pledge" and e.amount == 500 * B]
    assert pledge and pledge[0].date == "2025-01-21" and pledge[0].joint and pledge[0].duration == "P4Y"
    hundred = [e for e in events if e.kind == "pledge" and e.amount == 100 * B]
    assert len(hundred) == 1 and hundred[0].date == "2025-01" and hundred[0].precision == "month"
    assert not [e for e in events if e.relation == "commitsFundingTo"]  # the shares are in the joint event
    assert ("2025-07", "report", "The Wall Street Journal") in keys
    assert any(e.date == "2025-07" and e.object and e.object["label"].startswith("Additional 4.5 GW") for e in events)
    order = [e.date[:7] for e in events if len(e.date) > 4]
    assert order == sorted(order)


def test_timeline_keeps_precision_and_qualifiers(kg):
    """000: 「项目预计在2026年中期完工」 (Abilene, a part of Stargate); 003: 「最早在2028年发布“星际之门”」."""
    ev = [e for e in timeline(kg, resolve(kg, "Stargate").iri, "2026", "2026") if e.subject["label"].startswith("Stargate I")]
    assert ev and ev[0].when == "mid-2026" and ev[0].kind == "completion" and ev[0].precision == "year"
    sc = [e for e in timeline(kg, resolve(kg, "Stargate supercomputer").iri, kinds=["completion"]) if e.date == "2028"]
    assert any(e.when == "as early as 2028" for e in sc)
    assert format_date("2025", "by the end of") == "by the end of 2025"


def test_timeline_end_of_a_role_is_not_a_completion(kg):
    """002: 「特朗普政府在上任初期撤销了前总统拜登签署的…行政令」: Biden's presidency ended; nothing was completed."""
    ev = [e for e in timeline(kg, resolve(kg, "Joe Biden").iri) if e.relation == "headOfStateOf"]  # 前总统 (a country's president)
    assert ev and ev[0].date == "2025-01-20"
    assert ev[0].kind != "completion"


def test_timeline_leaves_the_misprint_out(kg):
    """002 prints 「2024年1月21日」, deprecated: not on the timeline unless asked."""
    assert not [e for e in timeline(kg, start="2024-01-21", end="2024-01-21") if e.date == "2024-01-21"]
    dep = [e for e in timeline(kg, start="2024-01-21", end="2024-01-21", include_deprecated=True) if e.date == "2024-01-21"]
    assert dep and all(e.rank == "deprecated" for e in dep)


def test_overlapping_ranges():
    assert overlaps("2025", "2025-07-01", "2025-07-31")
    assert not overlaps("2025-09-24", "2025-07-01", "2025-07-31")
    assert overlaps("2025-07", None, "2025-07-15")


def test_timeline_command(run):
    r = run("timeline", "--entity", "Stargate", "--from", "2025-01-21", "--to", "2025-01-21")
    assert r.exit_code == 0
    assert "Donald Trump announced Stargate" in r.output and "$500B over 4 years" in r.output
    data = json.loads(run("timeline", "--from", "2025-09", "--to", "2025-09", "--json").output)
    nvidia = [e for e in data if e["subject"]["label"] == "Nvidia" and e["amount"] == 100 * B]
    # 004: 「就在OpenAI官宣新建五座数据中心的前一天,英伟达宣布…将向OpenAI投资最高1000亿美元」: will invest, a pledge
    assert nvidia and nvidia[0]["date"] == "2025-09-23" and nvidia[0]["bound"] == "up to" and nvidia[0]["kind"] == "pledge"
    assert {"date", "precision", "qualifier", "when", "kind", "parties", "amount", "currency", "bound", "status", "sources"} <= set(nvidia[0])
    # 002 is the one article about Joe Biden (「前总统拜登」): one event, counted in the singular
    assert "Timeline of Joe Biden (1 event):" in run("timeline", "--entity", "Joe Biden").output


@pytest.mark.parametrize("args, message", [
    (["--from", "2025-13"], "not a date: '2025-13'"),
    (["--from", "July"], "not a date: 'July'"),
    (["--from", "2025-07", "--to", "2025-01"], "the range starts (2025-07) after it ends (2025-01)"),
    (["--entity", "Nobody Inc"], "no entity is called"),
])
def test_timeline_bad_input(run, args, message):
    r = run("timeline", *args)
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output


def test_timeline_library_errors(kg):
    with pytest.raises(StargateKGError):
        timeline(kg, start="2025-02-30")
    with pytest.raises(StargateKGError, match="unknown event kind"):
        timeline(kg, kinds=["rumour"])


# ---------------------------------------------------------------- shapes for the money model
SHAPE_PREFIXES = """@prefix sg: <https://w3id.org/stargate-kg/ontology#> . @prefix e: <https://w3id.org/stargate-kg/entity/> .
@prefix st: <https://w3id.org/stargate-kg/statement/> . @prefix src: <https://w3id.org/stargate-kg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize("extra, message", [
    ('st:x sg:joint true ; sg:jointFunder e:openai ; sg:amount 1.0 ; sg:currency "USD" .', "at least two parties"),
    ('st:x sg:jointFunder e:openai , e:softbank ; sg:amount 1.0 ; sg:currency "USD" .', "Only a joint statement"),
    ('st:x sg:inferred "yes" .', "sg:inferred is one xsd:boolean"),
    ('st:x sg:shareOf st:stargate-initial-investment-100b ; sg:amount 1.0 ; sg:currency "USD" .', "A share (sg:shareOf) carries no amount"),
    ('st:x sg:dateQualifier sg:MidIn .', "has a date to qualify"),
])
def test_shapes_check_the_money_model(tmp_path, articles_dir, extra, message):
    import shutil

    from stargate_kg import load
    from stargate_kg.paths import default_graph_dir
    from stargate_kg.validation import validate

    graph = tmp_path / "graph"
    shutil.copytree(default_graph_dir(), graph)
    (graph / "statements" / "zz-broken.ttl").write_text(SHAPE_PREFIXES + """
st:x a sg:Statement ; sg:subject e:stargate ; sg:relation sg:plannedInvestment ;
    sg:reference [ a sg:Reference ; sg:article src:a001 ; sg:quote "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元"@zh ] .
""" + extra + "\n", encoding="utf-8")
    report = validate(load([str(graph)]), articles_dir)
    assert not report.ok
    assert any(message in str(p) for p in report.problems), [str(p) for p in report.problems]
