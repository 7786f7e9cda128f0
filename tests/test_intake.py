"""Adding an article: the parsers (cases from the articles), the sheet, `add`'s checks, and draft -> add -> validate -> funders."""

import shutil
from pathlib import Path

import pytest

from stargate_kg.intake.figures import find_dates, find_figures, parse_amount, parse_date
from stargate_kg.intake.text import fold, read_article

A000, A001, A002, A003, A004 = (
    "000_35ddcf81c43aee56.txt", "001_7711eabe29cb3961.txt", "002_c91c73846aab870d.txt",
    "003_d7d1f333780e9863.txt", "004_be3f9ccde86d9a42.txt",
)


def in_article(articles_dir, name, text):
    """The phrase is written in the article (so the case is the article's, not made up)."""
    assert text in (Path(articles_dir) / name).read_text(encoding="utf-8"), (name, text)
    return fold(text)


# ------------------------------------------------------------------------------------------------- figures

FIGURES = [
    # (article, text as the article writes it, [(amount, currency, value, unit, bound)])
    (A004, "将向OpenAI投资最高1000亿美元", [(100000000000, "USD", None, None, "UpTo")]),
    (A003, "超过1150亿美元", [(115000000000, "USD", None, None, "MoreThan")]),
    (A002, "不足100亿美元", [(10000000000, "USD", None, None, "LessThan")]),
    (A003, "截至目前，微软已向OpenAI承诺投资130亿美元", [(13000000000, "USD", None, None, None)]),
    (A004, "用于建设总容量达10GW的人工智能基础设施", [(None, None, 10, "GW", None)]),
    (A001, "另外 4.5 GW 的星际之门数据中心容量", [(None, None, 4.5, "GW", None)]),
    (A002, "可能需要多达5000兆瓦的电力", [(None, None, 5000, "MW", "UpTo")]),
    (A004, "每周能够生产出一吉瓦规模的新人工智能基础设施", [(None, None, 1, "GW", None)]),
    (A001, "2024 年上海电网夏季最高用电负荷达 4030 万千瓦", [(None, None, 40.3, "GW", None)]),
    (A000, "总共有多达40万块芯片", [(None, None, 400000, "chips", "UpTo")]),
    (A000, "已经有2200名工人在现场施工了", [(None, None, 2200, "workers", None)]),
    (A000, "阿比林的这块1200英亩的土地", [(None, None, 1200, "acres", None)]),
    (A000, "每天会消耗数百万加仑的水", [(None, None, 1000000, "gallons", "Several")]),  # 数X: an order of magnitude (a000.ttl)
    (A003, "预计将需要至少数十亿瓦的电力支持", [(None, None, 1, "GW", "AtLeastSeveral")]),
    (A002, "这需要数百万个GPU和数百亿美元的投资", [(None, None, 1000000, "GPUs", "Several"), (10000000000, "USD", None, None, "Several")]),
    (A004, "同比增长359%", [(None, None, 359, "percent", None)]),
    (A004, "这五座新数据中心将分布于美国多个关键地区", [(None, None, 5, "sites", None)]),
    (A004, "与甲骨文合作建设的三处分别位于德克萨斯州沙克尔福德县", [(None, None, 3, "sites", None)]),
    (A004, "10GW相当于400万至500万块图形处理器(GPU)",
     [(None, None, 10, "GW", None), (None, None, 4000000, "GPUs", "AtLeast"), (None, None, 5000000, "GPUs", "UpTo")]),
    (A001, "xAI 的 Colossus 1 超级集群有 23 万块 GPU", [(None, None, 230000, "GPUs", None)]),
]


@pytest.mark.parametrize("article,text,expected", FIGURES, ids=[t for _, t, _ in FIGURES])
def test_figures_from_the_articles(articles_dir, article, text, expected):
    folded = in_article(articles_dir, article, text)
    got = [(f.amount, f.currency, f.value, f.unit, f.bound) for f in find_figures(folded)]
    assert got == expected


def test_a_year_is_not_a_figure(articles_dir):
    # 003: 「OpenAI在2024年已经亏损了50亿美元」 is in 000; the year 2024 is a date, 50亿美元 the only figure
    folded = in_article(articles_dir, A000, "OpenAI在2024年已经亏损了50亿美元")
    assert [(f.amount, f.value) for f in find_figures(folded)] == [(5000000000, None)]


DATES = [
    (A004, "9月24日,OpenAI宣布", "2025-09-25", [("2025-09-24", "point")]),
    (A004, "有望在年底前提前实现今年1月提出的10GW算力目标", "2025-09-25", [("2025", "end"), ("2025-01", "point")]),
    (A004, "计划今后4年投资5000亿美元", "2025-09-25", [("P4Y", "duration")]),
    (A004, "将在五年内购买甲骨文价值3000亿美元的算力服务", "2025-09-25", [("P5Y", "duration")]),
    (A001, "昨天，《华尔街日报》报道称", "2025-07-23", [("2025-07-22", "point")]),
    (A001, "甲骨文公司上个月开始交付首批英伟达 GB200 机架", "2025-07-23", [("2025-06", "point")]),
    (A002, "项目的雏形早在24年的三月就由微软和OpenAI提出", "2025-01-23", [("2024-03", "point")]),
    (A002, "项目将在2028年至2030年间逐步扩大规模", "2025-01-23", [("2028/2030", "range")]),
    (A002, "目标是在2026年前完成", "2025-01-23", [("2026", "end")]),
    (A002, "特朗普总统在2024年1月21日的白宫新闻", "2025-01-23", [("2024-01-21", "point")]),
]


@pytest.mark.parametrize("article,text,date,expected", DATES, ids=[t for _, t, _, _ in DATES])
def test_dates_from_the_articles(articles_dir, article, text, date, expected):
    folded = in_article(articles_dir, article, text)
    assert [(d.value, d.role) for d in find_dates(folded, date)] == expected


def test_relative_dates_need_the_article_date(articles_dir):
    folded = in_article(articles_dir, A004, "有望在年底前提前实现今年1月提出的10GW算力目标")
    assert find_dates(folded, None) == []  # no guessing a year


@pytest.mark.parametrize("cell,expected", [
    ("100000000000", (100000000000, None, None)), ("1E+11", (100000000000, None, None)),
    ("1000亿美元", (100000000000, "USD", None)), ("$100B", (100000000000, "USD", None)),
    ("最高1000亿美元", (100000000000, "USD", "UpTo")), ("130亿", (13000000000, None, None)),
])
def test_amount_cells(cell, expected):
    assert parse_amount(cell) == expected


def test_date_cells():
    assert parse_date("2025-09-24") == ("2025-09-24", "date")
    assert parse_date("2025/9/24") == ("2025-09-24", "date")
    assert parse_date("2025年1月") == ("2025-01", "gYearMonth")
    with pytest.raises(ValueError, match="write 2025-09-24, 2025-09 or 2025"):
        parse_date("24.9.")


# ------------------------------------------------------------------------------------------------- text and names

def test_body_ends_before_the_page_noise(articles_dir):
    a4 = read_article(Path(articles_dir) / A004)
    assert a4.raw[a4.body_end:].startswith("特别声明")
    a1 = read_article(Path(articles_dir) / A001)
    assert a1.raw[a1.body_end:].startswith("参考链接")
    a2 = read_article(Path(articles_dir) / A002)
    assert a2.raw[a2.body_end:].startswith("参考资料与链接")


def test_sentences_hold_no_markup(articles_dir):
    for name in (A000, A001, A002):
        art = read_article(Path(articles_dir) / name)
        for s in art.sentences:
            assert art.raw[s.start:s.end] == s.text
            assert "<img" not in s.text and "](" not in s.text and "http" not in s.text and "<br>" not in s.text, s.text


def test_navigation_and_page_chrome_are_not_sentences(articles_dir):
    # 004 opens with the hosting page's breadcrumb 「网易首页 > 网易号 > 正文 申请入驻」 and 「分享至」
    a4 = read_article(Path(articles_dir) / A004)
    assert a4.raw.startswith("网易首页 > 网易号 > 正文")
    texts = [s.text for s in a4.sentences]
    assert not any("网易首页" in t or t == "分享至" for t in texts)
    assert texts[0] == "狂砸算力基建,OpenAI大动作!"


def test_cli_startup_does_not_import_the_intake_libraries():
    import subprocess
    import sys

    code = ("import sys; from stargate_kg.cli import cli; from stargate_kg.commands import register; register(cli);"
            "print(sorted(m for m in ('jieba', 'opencc', 'stargate_kg.intake.draft') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_new_name_takes_the_english_name_in_brackets(articles_dir):
    """003: 「微软首席财务官艾米·胡德（Amy\nHood）」: a new Person 艾米·胡德 whose English name is Amy Hood
    (the article breaks the line inside the brackets)."""
    from stargate_kg.intake.names import NameIndex, find_new
    from stargate_kg.intake.text import Article

    text = (Path(articles_dir) / A003).read_text(encoding="utf-8")
    start = text.index("微软首席财务官艾米·胡德（Amy")
    art = Article.from_text("x.txt", text[start : text.index("）", start) + 1] + "。")
    idx = NameIndex.from_names([("e:microsoft", "微软", "Company")])
    new = find_new(art, idx.find(art.search))
    assert [(m.text, m.type, m.en) for m in new] == [("艾米·胡德", "Person", "Amy Hood")]


def test_traditional_characters_find_known_names(kg):
    from stargate_kg.intake.names import NameIndex

    idx = NameIndex.from_graph(kg)
    # 004 writes 「软银」 and 「甲骨文」; the same names in traditional characters
    labels = [idx.by_iri[m.iri].label for m in idx.find(fold("軟銀與甲骨文簽署合同"))]
    assert labels == ["SoftBank Group", "Oracle"]


def test_new_names_after_a_title(articles_dir, kg, tmp_path):
    """Without article 004, 黄仁勋 (「英伟达CEO黄仁勋在接受媒体采访时表示」) is still known from 003; a name the
    graph has never seen is proposed as a new Person from the title before it."""
    from stargate_kg.intake.names import NameIndex, find_new
    from stargate_kg.intake.text import Article

    text = in_article(articles_dir, A004, "英伟达CEO黄仁勋在接受媒体采访时表示").replace("黄仁勋", "李明远")
    art = Article.from_text("x.txt", text)
    idx = NameIndex.from_graph(kg)
    known = idx.find(art.search)
    new = find_new(art, known)
    assert [(m.text, m.type) for m in new] == [("李明远", "Person")]


# ------------------------------------------------------------------------------------------------- draft

@pytest.fixture(scope="module")
def without_a004(tmp_path_factory):
    from stargate_kg.intake.holdout import graph_without

    return graph_without("a004", out_dir=tmp_path_factory.mktemp("g") / "graph")


def test_holdout_drops_the_article_but_keeps_shared_statements(without_a004):
    from stargate_kg import load

    kg = load([without_a004])
    assert not kg.ask("ASK { ?r sg:article src:a004 }")
    # defined in a000.ttl, also cited by a004: kept with its other references
    assert kg.ask("ASK { st:sam-altman-ceo-of-openai sg:subject e:sam-altman ; sg:reference ?r }")
    # only 004 says it: gone
    assert not kg.ask("ASK { st:a004-nvidia-invests-openai-100b ?p ?o }")


def test_draft_proposes_the_nvidia_investment_with_a_quote_from_the_file(articles_dir, without_a004):
    from stargate_kg import load
    from stargate_kg.intake.draft import draft

    path = Path(articles_dir) / A004
    raw = path.read_text(encoding="utf-8")
    rows = draft(load([without_a004]), path, "a004", "2025-09-25")
    inv = [r for r in rows if r["relation"] == "investsIn" and r.get("amount")]
    assert [(r["subject"], r["object"], r["amount"], r["currency"], r["bound"]) for r in inv][:1] == [
        ("Nvidia", "OpenAI", "100000000000", "USD", "up to")]
    body_end = raw.index("特别声明")
    for r in rows:
        assert r["quote"] in raw and raw.index(r["quote"]) < body_end and len(r["quote"]) <= 100, r["quote"]


def test_draft_marks_what_the_graph_already_has(articles_dir, kg):
    from stargate_kg.intake.draft import draft

    rows = draft(kg, Path(articles_dir) / A004, "a004", "2025-09-25")
    ceo = [r for r in rows if r["subject"] == "Jensen Huang" and r["relation"] == "ceoOf"]
    assert ceo and ceo[0]["existing"] == "st:jensen-huang-ceo-of-nvidia"


# ------------------------------------------------------------------------------------------------- add: errors

HEADER = "keep,subject,relation,object,amount,currency,bound,value,unit,date,status,quote,subject_type\n"


@pytest.fixture()
def graph_copy(tmp_path, without_a004):
    d = tmp_path / "graph"
    shutil.copytree(without_a004, d)
    return d


def snapshot(d):
    return {p.relative_to(d): p.read_bytes() for p in sorted(Path(d).rglob("*")) if p.is_file()}


def add_args(graph, sheet, articles_dir, *extra):
    return ["--graph", str(graph), "add", str(sheet), "--id", "a004", "--article", str(Path(articles_dir) / A004),
            "--publisher", "证券时报", "--date", "2025-09-25", *extra]


ERRORS = [
    ("yes,英伟达,invests,OpenAI,1000亿,USD,up to,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column relation: unknown relation 'invests'. Did you mean: investsIn?\n"),
    ("yes,英伟达公司X,investsIn,OpenAI,1000亿,USD,,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column subject: no entity is called '英伟达公司X'. Did you mean: Nvidia? To add it, fill subject_type (Company, Person, State, ...)\n"),
    ("yes,英伟达,investsIn,OpenAI,1000亿,,,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column currency: an amount needs a currency (USD, CNY, ...)\n"),
    ("yes,英伟达,investsIn,OpenAI,lots,USD,,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column amount: not an amount: 'lots' (write digits such as 100000000000, or 1000亿, or $100B)\n"),
    ("yes,英伟达,investsIn,OpenAI,1000亿,USD,,,,9/24,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column date: not a date: '9/24' (write 2025-09-24, 2025-09 or 2025)\n"),
    ("yes,英伟达,investsIn,OpenAI,1000亿,USD,,,,,,将向OpenAI投资1000亿美元,\n",
     "Error: a004.csv, row 2, column quote: the quote is not an exact substring of 004_be3f9ccde86d9a42.txt: copy it from the file\n"),
    ("yes,英伟达,investsIn,OpenAI,1000亿,USD,,,,,,马卡:维尼修斯抢罚点球破坏了姆巴佩戴帽的机会,\n",
     "Error: a004.csv, row 2, column quote: the quote is after the end of the article body (reference list or page noise)\n"),
    ("yes,英伟达,investsIn,OpenAI,1000亿,USD,uo to,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column bound: unknown bound 'uo to'. Did you mean: UpTo?\n"),
    ("yes,英伟达,powerCapacity,,,,,10,gigawatt,,,用于建设总容量达10GW的人工智能基础设施,\n",
     "Error: a004.csv, row 2, column unit: unknown unit 'gigawatt'. Did you mean: GW?\n"),
    ("maybe,英伟达,investsIn,OpenAI,1000亿,USD,,,,,,将向OpenAI投资最高1000亿美元,\n",
     "Error: a004.csv, row 2, column keep: write yes or no, not 'maybe'\n"),
    ("yes,黄仁勋X,ceoOf,英伟达,,,,,,,,英伟达CEO黄仁勋在接受媒体采访时表示,Persn\n",
     "Error: a004.csv, row 2, column subject_type: unknown entity type 'Persn'. Did you mean: Person?\n"),
]


@pytest.mark.parametrize("row,message", ERRORS, ids=[m.split(": ", 3)[2] for _, m in ERRORS])
def test_add_errors_name_the_row_and_column(run, articles_dir, graph_copy, tmp_path, row, message):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + row, encoding="utf-8")
    before = snapshot(graph_copy)
    res = run(*add_args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 2
    assert message in res.output
    assert snapshot(graph_copy) == before  # nothing written


def test_add_reports_every_bad_row_at_once(run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + ERRORS[0][0] + ERRORS[2][0], encoding="utf-8")
    res = run(*add_args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 2
    assert "row 2, column relation" in res.output and "row 3, column currency" in res.output
    assert "2 problems; nothing was written." in res.output


def test_add_refuses_a_taken_id(run, articles_dir, graph_copy, tmp_path):
    import os

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + "yes,英伟达,investsIn,OpenAI,1000亿,USD,up to,,,,,将向OpenAI投资最高1000亿美元,\n", encoding="utf-8")
    args = add_args(graph_copy, sheet, articles_dir)
    args[args.index("a004")] = "a003"
    res = run(*args)
    assert res.exit_code == 1
    assert "Error: article a003 is already in the graph (src:a003); pick the next free id" in res.output


def test_add_refuses_a_read_only_folder(run, articles_dir, graph_copy, tmp_path, monkeypatch):
    import os

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + "yes,英伟达,investsIn,OpenAI,1000亿,USD,up to,,,,,将向OpenAI投资最高1000亿美元,\n", encoding="utf-8")
    before = snapshot(graph_copy)
    os.chmod(graph_copy, 0o555)
    if os.geteuid() == 0:
        # root may write into a 0555 folder, so os.access says yes; have it answer as it does for anyone else
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == graph_copy and mode & os.W_OK else real(p, mode, **kw))
    try:
        res = run(*add_args(graph_copy, sheet, articles_dir))
        assert res.exit_code == 1 and res.output == f"Error: cannot add to {graph_copy}: the folder is not writable\n"
    finally:
        os.chmod(graph_copy, 0o755)
    assert snapshot(graph_copy) == before


def test_sheet_round_trip_for_spreadsheets(tmp_path):
    from stargate_kg.intake.sheet import read_sheet, write_sheet

    p = tmp_path / "s.csv"
    write_sheet([{"subject": "软银", "relation": "owns", "object": "SB Energy", "note": "=HYPERLINK(\"x\")", "quote": "软银旗下"}], p)
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = read_sheet(p)
    assert (rows[0]["subject"], rows[0]["note"]) == ("软银", '=HYPERLINK("x")')
    assert "'=HYPERLINK" in p.read_text(encoding="utf-8-sig")  # shown as text, never run
    # Excel's "Unicode text" is UTF-16 with tabs
    u = tmp_path / "u.txt"
    u.write_bytes("subject\trelation\tquote\n软银\towns\t软银旗下\n".encode("utf-16"))
    assert read_sheet(u)[0]["quote"] == "软银旗下"
    # Excel on Chinese Windows saves "CSV" as GB18030
    g = tmp_path / "g.csv"
    g.write_bytes("subject,relation,quote\n软银,owns,软银旗下\n".encode("gb18030"))
    assert read_sheet(g)[0]["subject"] == "软银"


# ------------------------------------------------------------------------------------------------- end to end

def test_draft_add_validate_funders_end_to_end(run, articles_dir, graph_copy, tmp_path):
    """004 drafted against the graph without 004, the sheet added as drafted (keep=yes rows), then the graph
    validates and the new facts answer at once: 「将向OpenAI投资最高1000亿美元」 makes Nvidia a funder of OpenAI."""
    article = Path(articles_dir) / A004
    sheet = tmp_path / "a004.csv"
    res = run("--graph", str(graph_copy), "funders", "OpenAI")
    assert "Nvidia" not in res.output
    res = run("--graph", str(graph_copy), "draft", str(article), "--id", "a004", "--date", "2025-09-25",
              "--publisher", "证券时报", "-o", str(sheet))
    assert res.exit_code == 0, res.output
    res = run("--graph", str(graph_copy), "draft", str(article), "--id", "a004", "-o", str(sheet))
    assert res.exit_code == 1 and f"Error: {sheet} exists and may hold your review: pick another -o, or pass --force" in res.output
    res = run(*add_args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 0, res.output
    assert (graph_copy / "statements" / "a004.ttl").is_file()
    res = run("--graph", str(graph_copy), "validate", "--articles", str(articles_dir))
    assert res.exit_code == 0, res.output
    res = run("--graph", str(graph_copy), "--engine", "rdflib", "funders", "OpenAI")
    assert "Nvidia -> OpenAI" in res.output and "up to $100B" in res.output
    assert "[a004] 英伟达宣布了一项震惊业界的合作,将向OpenAI投资最高1000亿美元" in res.output
    res = run("--graph", str(graph_copy), "funders", "OpenAI")  # the cached store is rebuilt from the changed files
    assert "up to $100B" in res.output
    res = run("--graph", str(graph_copy), "query", "article-statements", "--param", "article=a004")
    assert "Jensen Huang" in res.output
    # the article's quote was added to a statement the graph had (shared statement)
    res = run("--graph", str(graph_copy), "--engine", "rdflib", "entity", "黄仁勋")
    assert "[a004] “英伟达CEO黄仁勋在接受媒体采访时表示”" in res.output


def test_coverage_lists_uncited_sentences_with_figures(run, articles_dir, graph_copy):
    """Against the graph without 004, every 004 sentence with a figure is uncovered; against the full graph,
    the sentence with 「同比增长359%」 is cited."""
    article = Path(articles_dir) / A004
    res = run("--graph", str(graph_copy), "coverage", str(article), "--id", "a004")
    assert res.exit_code == 0 and "359%" in res.output
    res = run("coverage", str(article), "--id", "a004", "--json")
    assert "359%" not in res.output


def test_add_declares_new_entities_and_a_new_publisher(run, articles_dir, graph_copy, tmp_path):
    """Without 004, its proofreader 刘星莹 (「校对:刘星莹」) is not in the graph: a row declaring her a new Person
    with an English label adds her; an unknown publisher becomes a new media outlet."""
    from stargate_kg import load
    from stargate_kg.lookup import resolve

    sheet = tmp_path / "a004.csv"
    sheet.write_text("keep,subject,relation,object,quote,subject_type,subject_en\n"
                     "yes,刘星莹,editorOf,新报社,校对:刘星莹,Person,Liu Xingying (proofreader)\n", encoding="utf-8")
    res = run(*add_args(graph_copy, sheet, articles_dir)[:-4], "--publisher", "新报社", "--date", "2025-09-25")
    assert res.exit_code == 2
    assert res.output == ("Error: a004.csv, row 2, column object: no entity is called '新报社'. "
                          "To add it, fill object_type (Company, Person, State, ...)\n")
    sheet.write_text("keep,subject,relation,object,quote,subject_type,subject_en,object_type\n"
                     "yes,刘星莹,editorOf,新报社,校对:刘星莹,Person,Liu Xingying (proofreader),MediaOutlet\n", encoding="utf-8")
    res = run(*add_args(graph_copy, sheet, articles_dir)[:-4], "--publisher", "新报社", "--date", "2025-09-25")
    assert res.exit_code == 0, res.output
    assert "new Person: Liu Xingying (proofreader) (刘星莹) <https://w3id.org/stargate-kg/entity/liu-xingying-proofreader>" in res.output
    assert "new MediaOutlet: 新报社" in res.output
    kg = load([graph_copy])
    ent = resolve(kg, "刘星莹")
    assert (ent.label, ent.labels.get("zh"), ent.types) == ("Liu Xingying (proofreader)", "刘星莹", ["Person"])
    assert kg.ask("ASK { src:a004 schema:publisher ?p . ?p a sg:MediaOutlet ; rdfs:label '新报社'@zh }")
    # one outlet: the sheet's and the publisher are the same new entity
    assert len(kg.select("SELECT ?p WHERE { ?p a sg:MediaOutlet ; rdfs:label '新报社'@zh }")) == 1
    assert kg.ask("ASK { ?st sg:subject ?who ; sg:relation sg:editorOf ; sg:object ?p . src:a004 schema:publisher ?p }")


def _figure_rows(kg, text):
    from stargate_kg.intake.draft import draft
    from stargate_kg.intake.text import Article

    return draft(kg, Article.from_text("x.txt", text), "a099", "2025-09-25")


def test_a_supposition_is_not_a_figure_of_anyone(kg):
    # a000: a figure after 如果 is what could be, not what a party has; the same figure stated is drafted
    assert not [r for r in _figure_rows(kg, "如果能有数十万个闲置的GPU,OpenAI就能做更多的事。") if r["value"]]
    assert [r["value"] for r in _figure_rows(kg, "OpenAI有数十万个闲置的GPU。") if r["value"]] == ["100000"]


def test_a_range_is_one_row_on_its_low_end(kg):
    # a004: 10GW相当于400万至500万块图形处理器(GPU)
    rows = [r for r in _figure_rows(kg, "英伟达CEO黄仁勋在接受媒体采访时表示,10GW相当于400万至500万块图形处理器(GPU)。") if r["unit"] == "GPUs"]
    assert [r["value"] for r in rows] == ["4000000"]
    assert "400万至500万块" in rows[0]["note"]


def test_a_speech_row_gives_way_to_the_figure_it_introduces(kg):
    # a001: the figure rows are the evidence of what OpenAI said; no separate claims row with the same parties
    rows = _figure_rows(kg, "OpenAI 表示，这个 5 GW 规模的数据中心将运行超过 200 万个芯片。")
    assert sorted(r["unit"] for r in rows if r["value"]) == ["GW", "chips"]
    assert not [r for r in rows if r["relation"] == "claims"]
    # the figures are not OpenAI's own (这个…数据中心 is a data center the sentence does not name): no party, keep=no,
    # and OpenAI is who says so
    assert {(r["subject"], r["keep"], r["stated_by"]) for r in rows if r["value"]} == {("", "no", "OpenAI")}
    # 10GW相当于400万至500万块GPU is an equivalence Huang states, not Nvidia's capacity: no party, stated by him
    rows = _figure_rows(kg, "英伟达CEO黄仁勋在接受媒体采访时表示,10GW相当于400万至500万块图形处理器(GPU)。")
    assert {(r["subject"], r["stated_by"]) for r in rows if r["value"]} == {("", "Jensen Huang")}


def test_physical_figures_go_to_the_site_the_article_visits(kg):
    # a000: the reporter visits the Abilene site; 星际之门 then names the project, but buildings and homes are the site's
    rows = _figure_rows(kg, "记者探访了德州阿比林的星际之门基地。星际之门将包含8个建筑。能为75万家庭供电。")
    assert {(r["subject"], r["value"], r["unit"]) for r in rows if r["value"]} == {
        ("Stargate I (Abilene, Texas)", "8", "buildings"), ("Stargate I (Abilene, Texas)", "750000", "homes")}
    # a site right after its state is placed in its city, not in the state
    assert not [r for r in rows if r["relation"] == "locatedIn" and r["subject"] == "Stargate I (Abilene, Texas)" and r["object"] == "Texas"]


def test_money_without_a_payer_is_the_projects(kg):
    # a001: 即在未来四年内投资 5000 亿美元, after the project was named
    rows = _figure_rows(kg, "星际之门项目由软银和OpenAI领导。即在未来四年内投资 5000 亿美元。")
    assert [(r["subject"], r["amount"]) for r in rows if r["amount"]] == [("Stargate", "500000000000")]
