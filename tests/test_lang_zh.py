"""Issue 15, "a language for every answer": what the people helper left in English under --lang zh.

Expected words come from the articles and the graph's Chinese labels: 孙正义 (a000 "软银CEO孙正义"), 软银,
甲骨文, 英伟达, 华尔街日报; the figures from the quotes ("将向OpenAI投资最高1000亿美元", a004; "计划今后4年投资5000亿美元",
a004; "OpenAI和软银宣布将立即部署1000亿美元的投资", a002). Table and Markdown speak Chinese; csv/tsv/json keep the
graph's English keys and values (the rule the people helper set for the other commands).
"""

import re

import pytest

from tests.test_viz import page_data_of

#: English words of headings and markers that must not appear in a Chinese answer (quotes and notes aside).
ENGLISH_HEADINGS = ("Figures one hop away", "Statements", "money kind", "status:", "point in time", "stated by",
                    "JOINT", "type:", "note:", "says:", "jointly with", "Money summary", "DEPRECATED", "conflicting claim")


def cells(line):
    """The cells of a text-table line (columns are separated by two or more spaces)."""
    return re.split(r"\s{2,}", line.strip())


def prose(output):
    """The lines a Chinese answer writes itself: quotes ([a00x] “…”) and English-only notes left out."""
    return [ln for ln in output.splitlines() if not re.match(r"\s*\[a\d{3}\]", ln) and "（英文）" not in ln]


def test_entity_headings_and_nearby_figures_in_chinese(run):
    res = run("--lang", "zh", "entity", "孙正义")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "孙正义 (Masayoshi Son)"
    assert "一步之外的数字（2）：与孙正义相连的实体的资金" in lines
    # the joint $100B pledge of OpenAI and SoftBank (a002), under the nearby figures, subject named in Chinese
    assert "  星际之门：计划投资  1000亿美元  资金类型：承诺出资  状态：已承诺  时间：2025年1月  联合：OpenAI + 软银" in lines
    # a000: Son's claim, said in the article's own sentence (issue 23: no English paraphrase when a quote says it)
    i = lines.index("  -> 声称  星际之门  5000亿美元")
    assert lines[i + 1] == "      [a000] “我们很有信心实现这一目标，因为我们并不需要在一天内投入5000亿美元，可以一步一步来”"
    assert "We are confident" not in res.output
    text = "\n".join(prose(res.output))
    for word in ENGLISH_HEADINGS:
        assert word not in text, word


def test_entity_stated_by_and_money_summary_in_chinese(run):
    res = run("--lang", "zh", "entity", "OpenAI")
    assert res.exit_code == 0, res.output
    lines = prose(res.output)
    # a001: 「报道援引知情人士透露的信息称，软银和 OpenAI 共同领导了「星际之门」项目」: the people the WSJ cites
    assert any("表述者：报道援引知情人士" in ln for ln in lines)
    assert "资金概况：" in lines
    assert "  英伟达 -> OpenAI" in lines
    assert "      承诺出资  最高1000亿美元  2025年9月23日  已宣布" in lines  # a004: 将向OpenAI投资最高1000亿美元 (a pledge, not equity)
    assert "  OpenAI + 甲骨文 + 软银 -> 星际之门" in lines  # a004: OpenAI、甲骨文与软银…计划今后4年投资5000亿美元
    text = "\n".join(lines)
    for word in ENGLISH_HEADINGS + ("SoftBank Group", "Oracle ->"):
        assert word not in text, word


def test_entity_english_unchanged(run):
    res = run("--lang", "en", "entity", "Masayoshi Son")
    assert res.exit_code == 0, res.output
    assert "Figures one hop away (2): money on what Masayoshi Son is linked to" in res.output.splitlines()


def test_timeline_lines_use_chinese_relations_and_words(run):
    res = run("--lang", "zh", "timeline", "--entity", "软银")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert re.fullmatch(r"时间线：软银（\d+ 个事件）：", lines[0])
    # a004: OpenAI、甲骨文与软银 ... 宣布 (January 2025); the joint $500B over four years (a004 计划今后4年投资5000亿美元)
    assert "2025年1月              公告         软银 宣布 星际之门" in lines
    i = lines.index("2025年1月21日          承诺         OpenAI + 甲骨文 + 软银 计划投资 星际之门 （联合）")
    assert lines[i + 1] == " " * 36 + "5000亿美元 4年内  已宣布"  # two spaces between facts, as funders writes them
    assert any(re.fullmatch(r" {36}（另有 \d+ 条引文；--json 列出全部）", ln) for ln in lines)
    text = "\n".join(prose(res.output))
    for word in ("announced", "pledge", "planned investment", "SoftBank", "Oracle", "(joint)", "more quotes"):
        assert word not in text, word


def test_timeline_json_keeps_english_values(run):
    import json

    res = run("--lang", "zh", "timeline", "--entity", "软银", "--format", "json")
    events = json.loads(res.output)
    pledge = next(e for e in events if e["date"] == "2025-01-21")
    assert (pledge["kind"], pledge["status"], pledge["relation"]) == ("pledge", "announced", "plannedInvestment")


def test_query_table_and_md_in_chinese_csv_stable(run):
    res = run("--lang", "zh", "query", "funders-of", "--param", "entity=OpenAI")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert cells(lines[0]) == ["出资方", "联合", "类型", "金额", "日期", "状态", "文章", "引文数", "引文"]
    assert ["英伟达", "否", "承诺出资", "最高1000亿美元", "2025年9月23日", "已宣布", "a004", "3", "将向OpenAI投资最高1000亿美元"] in [cells(ln) for ln in lines]
    assert re.fullmatch(r"（\d+ 行）", lines[-1])
    md = run("--lang", "zh", "query", "funders-of", "--param", "entity=OpenAI", "--format", "md").output.splitlines()
    assert md[0] == "| 出资方 | 联合 | 类型 | 金额 | 日期 | 状态 | 文章 | 引文数 | 引文 |"
    assert "| 英伟达 | 否 | 承诺出资 | 最高1000亿美元 | 2025年9月23日 | 已宣布 | a004 | 3 | 将向OpenAI投资最高1000亿美元 |" in md
    csv = run("--lang", "zh", "query", "funders-of", "--param", "entity=OpenAI", "--format", "csv").output.splitlines()
    assert csv[0] == "funder,joint,kind,amount,currency,bound,date,status,articles,quotes,quote"
    assert "英伟达,false,commitment,100000000000,USD,up to,2025-09-23,announced,a004,3,将向OpenAI投资最高1000亿美元" in csv
    en = run("--lang", "en", "query", "funders-of", "--param", "entity=OpenAI").output.splitlines()
    assert cells(en[0]) == ["funder", "joint", "kind", "amount", "date", "status", "articles", "quotes", "quote"]
    assert ["Nvidia", "false", "commitment", "up to $100B", "2025-09-23", "announced", "a004", "3", "将向OpenAI投资最高1000亿美元"] in [cells(ln) for ln in en]


def test_validate_in_chinese(run):
    res = run("--lang", "zh", "validate")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[-1] == "通过：没有违规。"
    m = re.fullmatch(r"(\d+) 条陈述，(\d+) 条引用；已核实的引文：(\d+)/(\d+)", lines[-2])
    assert m and m.group(3) == m.group(4) == m.group(2)


def test_queries_in_chinese(run):
    res = run("--lang", "zh", "queries")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert re.fullmatch(r"目录中的问题（\d+ 个）：", lines[0])
    assert any(ln.strip() == "例如：stargate-kg query funders-of --param entity=OpenAI" for ln in lines)
    assert "e.g." not in res.output


def test_cache_in_chinese(run, tmp_path):
    env = {"STARGATE_KG_CACHE": str(tmp_path)}
    res = run("--lang", "zh", "cache", env=env)
    assert res.output == f"缓存文件夹：{tmp_path}（0 个存储）\n"
    res = run("--lang", "zh", "cache", "--clear", env=env)
    assert res.output == f"已从 {tmp_path} 删除 0 个缓存的存储。\n"
    assert run("--lang", "en", "cache", env=env).output == f"Cache folder: {tmp_path} (0 stores)\n"


@pytest.mark.parametrize("args, env, label", [
    pytest.param([], {"STARGATE_KG_LANG": "zh"}, "孙正义", id="env"),
    pytest.param(["--lang", "zh"], {"STARGATE_KG_LANG": "en"}, "孙正义", id="global-option"),
    pytest.param(["--lang", "zh", "VIZ", "--lang", "en"], {}, "Masayoshi Son", id="viz-option-overrides"),
])
def test_viz_follows_the_global_language(run, tmp_path, args, env, label):
    out = tmp_path / "sb.html"
    before = args[: args.index("VIZ")] if "VIZ" in args else args
    after = args[args.index("VIZ") + 1:] if "VIZ" in args else []
    res = run(*before, "viz", str(out), "--focus", "软银", "--depth", "1", *after, env=env)
    assert res.exit_code == 0, res.output
    data = page_data_of(out.read_text(encoding="utf-8"))
    assert any(n["vis"]["label"] == label for n in data["nodes"])
