"""Issue 22, "Figures and their qualifiers" and "Facts still only in notes": fact tests.

Each test names the article and quotes the sentence it relies on; the expected
figure, bound, date or wording is read from that sentence. The views (search,
entity, timeline) are run as users run them, in English and in Chinese.
"""

import re
from pathlib import Path

import pytest

from stargate_kg.answers.amounts import figure_text, format_duration, qualifier_marks
from stargate_kg.answers.statements import all_statements
from stargate_kg.namespace import PREFIX_IRIS

ST = PREFIX_IRIS["st"]


@pytest.fixture(scope="module")
def by_iri(kg):
    return {s.iri: s for s in all_statements(kg)}


def statement(by_iri, slug):
    assert ST + slug in by_iri, f"no statement st:{slug}"
    return by_iri[ST + slug]


def cites(st, article, text):
    return any(s.article == article and text in s.quote for s in st.sources)


def article_text(articles_dir, article):
    return next(Path(articles_dir).glob(f"{article[1:]}_*.txt")).read_text(encoding="utf-8")


# ---------------------------------------------------------------- durations: a delay, time under way


def test_delay_of_six_months_is_a_delay(by_iri, run):
    """001: 「OpenAI 和软银在推迟了 6 个月的星际之门（Stargate）项目上出现了争执」: the project was delayed by six
    months; not "over 6 months" / "6个月内"."""
    st = statement(by_iri, "a001-wsj-stargate-delayed-six-months")
    assert cites(st, "a001", "推迟了 6 个月")
    assert st.qualifiers["duration"] == "P6M" and st.qualifiers["duration_kind"] == "delayed by"
    assert figure_text(st.value, st.qualifiers) == "delayed by 6 months"
    assert figure_text(st.value, st.qualifiers, "zh") == "推迟6个月"
    en = run("search", "推迟了").output
    zh = run("--lang", "zh", "search", "推迟了").output
    assert "delayed by 6 months" in en and "over 6 months" not in en
    assert "推迟6个月" in zh and "6个月内" not in zh


def test_six_months_under_way(by_iri, run):
    """001: 「目前，星际之门项目已经开展了六个月」: six months under way at the article's date."""
    st = statement(by_iri, "a001-stargate-under-way-six-months")
    assert cites(st, "a001", "已经开展了六个月")
    assert st.qualifiers["duration"] == "P6M" and st.qualifiers["duration_kind"] == "under way for"
    assert not isinstance(st.value, (int, float))  # no bare "6" without its unit
    en = run("entity", "Stargate").output
    zh = run("--lang", "zh", "entity", "星际之门").output
    assert "duration: under way for 6 months" in en and "duration: delayed by 6 months" in en
    assert "已开展6个月" in zh and "推迟6个月" in zh and "6个月内" not in zh


def test_duration_without_a_kind_is_a_period_within():
    """004: 「将在五年内购买甲骨文价值3000亿美元的算力服务」: five years is the period the purchase runs over."""
    assert format_duration("P5Y") == "over 5 years" and format_duration("P5Y", lang="zh") == "5年内"
    assert format_duration("P6M", kind="DelayedBy") == "delayed by 6 months"


# ---------------------------------------------------------------- bounds on figures that are not money


@pytest.mark.parametrize(
    "slug, article, text, bound, en, zh",
    [
        # 002: 「这需要数百万个GPU和数百亿美元的投资」: millions, an order of magnitude, not one million
        ("stargate-supercomputer-gpus-millions", "a002", "数百万个GPU", "several", "millions of GPUs", "数百万块GPU"),
        # 003: 「在规划中的超级计算机预计将需要至少数十亿瓦的电力支持」: at least several GW
        ("a003-stargate-sc-power-several-gw", "a003", "至少数十亿瓦", "at least several", "at least several GW", "至少数十亿瓦"),
        # 003: 「到最后可能需要多达5千兆瓦的电力」: up to
        ("stargate-supercomputer-power-5gw", "a003", "多达5千兆瓦", "up to", "up to 5 GW", "最多5 GW"),
        # 002: 「Stargate项目预计将为美国创造超过10万个就业岗位」: more than
        ("a002-stargate-jobs-100k", "a002", "超过10万个就业岗位", "more than", "more than 100,000 jobs", "超过10万个就业岗位"),
    ],
)
def test_bounds_are_kept_and_search_shows_them(by_iri, run, slug, article, text, bound, en, zh):
    st = statement(by_iri, slug)
    assert cites(st, article, text)
    assert st.qualifiers["bound"] == bound
    assert figure_text(st.value, st.qualifiers) == en and figure_text(st.value, st.qualifiers, "zh") == zh
    assert en in run("search", text).output
    assert zh in run("--lang", "zh", "search", text).output


def test_millions_are_not_one_million(run):
    """002 and 003 say 数百万个GPU (millions of GPUs): no view prints 1,000,000 GPUs for it."""
    out = run("search", "数百万个GPU").output
    assert "millions of GPUs" in out and "1,000,000" not in out and "1000000" not in out


def test_hundreds_of_thousands_of_gpus(by_iri):
    """003: 「微软还计划在未来两年内，向OpenAI提供配备数十万个GPU的服务器」: hundreds of thousands, over two years."""
    st = statement(by_iri, "a003-microsoft-to-supply-openai-gpu-servers")
    assert cites(st, "a003", "数十万个GPU")
    assert figure_text(st.value, st.qualifiers) == "hundreds of thousands of GPUs over 2 years"
    assert figure_text(st.value, st.qualifiers, "zh") == "数十万块GPU 2年内"


# ---------------------------------------------------------------- certainty, parts, projections


def test_small_data_center_likely_in_ohio(by_iri, run):
    """001: 「即在今年年底前建造一个小型数据中心，很可能位于俄亥俄州」: likely, not certainly, in Ohio."""
    st = statement(by_iri, "a001-small-data-center-located-in-ohio")
    assert cites(st, "a001", "很可能位于俄亥俄州") and st.object.endswith("/ohio")
    assert st.qualifiers["certainty"] == "likely"
    ohio_lines = [line for line in run("entity", "Ohio").output.splitlines() if "Small Stargate data center" in line]
    assert ohio_lines and all("[likely]" in line for line in ohio_lines)
    zh = run("--lang", "zh", "search", "很可能位于俄亥俄州").output
    assert any("俄亥俄州" in line and "很可能" in line and "->" in line for line in zh.splitlines())


def test_colossus_1_gb200_are_part_of_its_gpus(by_iri, run):
    """001: 「xAI 的 Colossus 1 超级集群有 23 万块 GPU（包括 3 万块 GB200）」: the 30,000 GB200 are among the 230,000."""
    whole = statement(by_iri, "a001-colossus-1-gpu-count")
    part = statement(by_iri, "a001-colossus-1-gb200-count")
    assert cites(whole, "a001", "23 万块 GPU（包括 3 万块 GB200）") and whole.value == 230_000
    assert part.value == 30_000 and part.qualifiers["included_in"] == [whole.iri]
    assert "included_in" not in whole.qualifiers
    out = run("entity", "Colossus 1").output
    assert "30,000 GPUs" in out and "part of the figure of a001-colossus-1-gpu-count, not added to it" in out


def test_microsoft_2024_capex_is_a_projection(by_iri, run):
    """003: 「该公司今年的预计支出将约为500亿美元」: expected spending, about $50B, not money spent."""
    st = statement(by_iri, "a003-microsoft-capex-2024-50b")
    assert cites(st, "a003", "预计支出将约为500亿美元")
    assert st.qualifiers["status"] == "projected" and st.qualifiers["amount"] == 50_000_000_000
    assert st.qualifiers["bound"] == "about"
    en = run("timeline", "--entity", "Microsoft", "--from", "2024", "--to", "2024").output
    assert re.search(r"about \$50B +projected", en), en
    zh = run("--lang", "zh", "timeline", "--entity", "Microsoft", "--from", "2024", "--to", "2024").output
    assert re.search(r"约500亿美元 +预计", zh), zh


# ---------------------------------------------------------------- misprints flagged


def test_rack_power_misprint_is_flagged(by_iri, run):
    """000: 「如果采用英伟达最好的配置，每个机架的预算就是130千万，这几乎是两个数量级的增长」: read as 130 kW
    (against 「单个机架的功耗通常在2到4千瓦之间」), the article printing 130千万."""
    st = statement(by_iri, "a000-nvidia-rack-power")
    assert cites(st, "a000", "130千万")
    assert st.value == 130 and st.qualifiers["unit"] == "kW" and st.qualifiers["printed_as"] == "130千万"
    out = run("search", "130千万").output
    assert "130 kW" in out and "corrected misprint: the article prints 130千万" in out
    assert "更正误印：原文印作130千万" in run("--lang", "zh", "search", "130千万").output


def test_timeline_marks_the_corrected_announcement_date(by_iri, run):
    """002: 「特朗普总统在2024年1月21日的白宫新闻发布会上宣布了名为“星际之门”(Stargate)的人工智能基础设施投资计划」:
    the year is misprinted; the timeline shows 2025-01-21 with a marker."""
    st = statement(by_iri, "a002-trump-announced-stargate")
    assert st.qualifiers["point_in_time"] == "2025-01-21" and st.qualifiers["printed_as"] == "2024年1月21日"
    assert cites(st, "a002", "2024年1月21日")
    # modelled as 002's date already was: the printed date kept, deprecated
    assert statement(by_iri, "a002-announcement-date-misprint").deprecated
    lines = run("timeline", "--from", "2025-01-21", "--to", "2025-01-21").output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("2025-01-21") and "Donald Trump announced Stargate" in line)
    assert "[corrected misprint: the article prints 2024年1月21日]" in lines[at + 1]
    zh = run("--lang", "zh", "timeline", "--from", "2025-01-21", "--to", "2025-01-21").output
    assert "[更正误印：原文印作2024年1月21日]" in zh


def test_every_printed_misprint_is_in_a_quote(kg):
    """A corrected reading says what the article prints, and one of its quotes prints it."""
    flagged = [s for s in all_statements(kg) if s.qualifiers.get("printed_as")]
    assert len(flagged) >= 2
    for s in flagged:
        assert any(s.qualifiers["printed_as"] in src.quote for src in s.sources), s.iri


# ---------------------------------------------------------------- dates


def test_abilene_partly_operating_is_on_the_timeline(run):
    """001: 「这是目前正在建造的 Stargate I 数据中心，位于德克萨斯州阿比林。目前其中部分设施现已投入运行。」 (July 2025)."""
    out = run("timeline", "--entity", "Stargate I", "--from", "2025-07", "--to", "2025-07").output
    assert "[a001] 目前其中部分设施现已投入运行" in out and "\n2025-07 " in out


def test_musk_reposted_an_october_2024_video(by_iri):
    """001: 「伊隆・马斯克转发了一条去年十月份的视频，并表示 xAI 的 Colossus 1 超级集群有 23 万块 GPU」: the post
    (July 2025, after OpenAI's 5 GW announcement) reposts a video of October 2024 (去年 from an article of 2025)."""
    repost = statement(by_iri, "a001-musk-reposted-october-2024-video")
    assert repost.relation == "reposted" and repost.subject.endswith("/elon-musk")
    assert cites(repost, "a001", "转发了一条去年十月份的视频") and repost.qualifiers["point_in_time"] == "2025-07"
    video = statement(by_iri, "a001-october-2024-video-date")
    assert video.subject == repost.object and video.qualifiers["point_in_time"] == "2024-10"
    assert "reposting a video of October 2024" in statement(by_iri, "a001-colossus-1-gpu-count").qualifiers["note"]


# ---------------------------------------------------------------- facts that were only in notes or absent


@pytest.mark.parametrize(
    "slug, article, quote, subject, relation",
    [
        ("a003-dropping-infiniband-reduces-nvidia-dependence", "a003", "放弃InfiniBand有助于OpenAI和微软减少对英伟达的依赖", "tencent-tech", "claims"),
        ("a003-altman-plan-needs-huge-spending", "a003", "无论微软是否参与，奥特曼的计划都注定要在电力和数据中心建设方面投入巨额资金", "tencent-tech", "claims"),
        ("a003-doubt-on-altman-planned-gpus", "a003", "目前尚不清楚奥特曼是否对其计划在未来几年内开发的理论上的GPU抱有充足的信心", "tencent-tech", "doubts"),
        ("a000-gpu-cooling-water-per-day", "a000", "冷却它们的过程，每天会消耗数百万加仑的水", "data-center-industry", "measure"),
        ("a000-openai-lesson-idle-gpus", "a000", "如果能有数十万个闲置的GPU，就能应对这种程度的需求激增了", "xinzhiyuan", "claims"),
        ("a003-openai-pushes-microsoft-data-center-limits", "a003", "OpenAI的需求已经推动了微软在数据中心领域的边界扩展", "tencent-tech", "claims"),
        ("a000-xinzhiyuan-largest-infrastructure", "a000", "这个世界最大规模的基础设施", "xinzhiyuan", "claims"),
        ("a004-five-sites-across-key-us-regions", "a004", "这五座新数据中心将分布于美国多个关键地区", "openai", "claims"),
        ("a002-trump-administration-role-in-stargate", "a002", "特朗普政府在Stargate项目中的具体角色和影响主要体现在宣布项目", "53ai", "claims"),
        ("a002-trump-administration-delivery-doubted", "a002", "特朗普政府在任期内的执行力也引发了担忧", "53ai", "doubts"),
    ],
)
def test_fact_once_only_in_notes_is_a_statement(by_iri, articles_dir, slug, article, quote, subject, relation):
    st = statement(by_iri, slug)
    assert quote in article_text(articles_dir, article)
    assert cites(st, article, quote)
    assert st.subject.endswith("/" + subject) and st.relation == relation


def test_conventional_cooling_water_is_millions_of_gallons_a_day(by_iri):
    """000: 「因为GPU运行时的温度非常高，冷却它们的过程，每天会消耗数百万加仑的水」."""
    st = statement(by_iri, "a000-gpu-cooling-water-per-day")
    assert figure_text(st.value, st.qualifiers) == "millions of gallons a day"
    assert figure_text(st.value, st.qualifiers, "zh") == "数百万加仑/天"


def test_marks_in_both_languages():
    assert qualifier_marks({"certainty": "likely"}) == ["likely"]
    assert qualifier_marks({"certainty": "likely"}, "zh") == ["很可能"]


# ---------------------------------------------------------------- coverage: no sentence left without a reason


@pytest.mark.parametrize("article", ["a000", "a001", "a002", "a003", "a004"])
def test_no_uncited_sentence_without_a_reason(kg, articles_dir, article):
    """Every body sentence with a figure or two named entities is cited, or reviewed with a reason; every reviewed
    row still matches a sentence that is uncited (a row whose sentence got cited must go)."""
    from stargate_kg.intake.coverage import coverage, read_reviewed

    reviewed = read_reviewed()
    path = next(Path(articles_dir).glob(f"{article[1:]}_*.txt"))
    gaps = coverage(kg, path, article, reviewed=reviewed)
    assert [g.quote for g in gaps if not g.reason] == []
    text = path.read_text(encoding="utf-8")
    for row in (r for r in reviewed if r.article == article):
        assert row.text in text, row.where
        assert any(row.text in g.quote for g in gaps), f"{row.where}: the sentence is cited now; drop the row"
        assert len(row.reason) >= 40, row.where


def test_coverage_command_counts_reviewed_sentences_apart(run, articles_dir):
    path = next(Path(articles_dir).glob("002_*.txt"))
    out = run("coverage", str(path), "--id", "a002").output
    assert "(a002): 0 sentence(s)" in out and "reviewed and left uncited on purpose" in out
    listed = run("coverage", str(path), "--id", "a002", "--reviewed").output
    assert "软银的资金实力是否足以支撑Stargate项目?" in listed and "reviewed, left uncited: A question heading" in listed


def test_a_bad_reviewed_row_names_file_and_line(tmp_path):
    from stargate_kg.exceptions import IntakeError
    from stargate_kg.intake.coverage import read_reviewed

    (tmp_path / "reviewed-sentences.tsv").write_text("article\tsentence\treason\na000\t标题\n", encoding="utf-8")
    with pytest.raises(IntakeError, match=r"reviewed-sentences.tsv, line 2: "):
        read_reviewed([tmp_path])
