"""Issue 23, "Chinese as its readers write it": traditional characters and the regions' names find what
simplified ones find.

The articles write the names in simplified characters: a000 「软银CEO孙正义」, 「德州阿比林的星际之门基地」,
「这项特朗普就职典礼第二天就官宣的…」; a003 「英伟达首席执行官黄仁勋」; a002 「甲骨文」. A reader in Taiwan or Hong
Kong types the same names in traditional characters (軟銀, 孫正義, 黃仁勳, 星際之門), or the region's own name:
輝達 (Taiwan) / 英偉達 (Hong Kong) for 英伟达, 川普 (Taiwan) for 特朗普, 亞比林 (Taiwan) for 阿比林 — the regional
names are editors' additions in graph/regional-names.ttl.
"""

import json
import re
from pathlib import Path

import pytest

from stargate_kg.namespace import E

GRAPH = Path(__file__).resolve().parents[1] / "graph"


@pytest.mark.parametrize(
    "typed, simplified, iri",
    [
        ("軟銀", "软银", "softbank"),  # a000 「软银CEO孙正义」
        ("軟銀集團", "软银集团", "softbank"),  # a search name of SoftBank in simplified characters
        ("孫正義", "孙正义", "masayoshi-son"),  # a000 「软银CEO孙正义」
        ("黃仁勳", "黄仁勋", "jensen-huang"),  # a003 「英伟达首席执行官黄仁勋」
        ("星際之門", "星际之门", "stargate"),  # a000 「德州阿比林的星际之门基地」
        ("輝達", "英伟达", "nvidia"),  # Taiwan's name for 英伟达 (a003 「英伟达首席执行官黄仁勋」)
        ("英偉達", "英伟达", "nvidia"),  # Hong Kong's name, the traditional spelling of 英伟达
        ("川普", "特朗普", "donald-trump"),  # Taiwan's name for 特朗普 (a000 「这项特朗普就职典礼…」)
        ("亞比林", "阿比林", "abilene"),  # Taiwan's name for 阿比林 (a000 「德州阿比林」)
        ("甲骨文公司", "甲骨文", "oracle"),
    ],
)
def test_traditional_and_regional_names_resolve_like_simplified(kg, typed, simplified, iri):
    from stargate_kg.lookup import resolve

    assert resolve(kg, typed).iri == resolve(kg, simplified).iri == str(E[iri])


@pytest.mark.parametrize(
    "typed, first_line",
    [
        ("軟銀", "SoftBank Group (软银)"),
        ("軟銀集團", "SoftBank Group (软银)"),
        ("孫正義", "Masayoshi Son (孙正义)"),
        ("輝達", "Nvidia (英伟达)"),
        ("川普", "Donald Trump (特朗普)"),
        ("亞比林", "Abilene (阿比林)"),
    ],
)
def test_entity_command_reads_traditional_and_regional_names(run, typed, first_line):
    shown = run("entity", typed)
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == first_line


def test_funders_of_stargate_in_traditional_characters_is_the_same_answer(run):
    """a004 「OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目」, 「计划今后4年投资5000亿美元」:
    the same funders whichever script names the project."""
    trad = json.loads(run("funders", "星際之門", "--json").output)
    simp = json.loads(run("funders", "星际之门", "--json").output)
    assert trad == simp
    joint = [f for f in trad if f["joint"]][0]
    assert {f["label"] for f in joint["funders"]} == {"SoftBank Group", "Oracle", "OpenAI"}


def test_search_reads_traditional_characters_in_names_and_quotes(run):
    """a003 「英伟达首席执行官黄仁勋」 is found by 黃仁勳, both the person and the statement quoting it."""
    out = run("search", "黃仁勳").output
    assert "Jensen Huang (黄仁勋)" in out
    assert "英伟达首席执行官黄仁勋" in out  # the quote, as the article wrote it
    assert out.splitlines()[1:] == run("search", "黄仁勋").output.splitlines()[1:]


def test_search_reads_taiwan_words(run):
    """資料中心 is Taiwan's word for 数据中心 (a000 「阿比林的这个数据中心」)."""
    trad = run("search", "資料中心", "--json")
    simp = run("search", "数据中心", "--json")
    hits = [h["text"] for h in json.loads(trad.output)]
    assert hits == [h["text"] for h in json.loads(simp.output)] and any("数据中心" in h for h in hits)


def test_catalog_parameter_reads_traditional_characters(run):
    trad = run("query", "funders-of", "--param", "entity=星際之門", "--format", "csv")
    simp = run("query", "funders-of", "--param", "entity=星际之门", "--format", "csv")
    assert trad.exit_code == 0, trad.output
    assert trad.output == simp.output and trad.output.count("\n") > 3


def test_regional_names_are_labels_in_the_regions_language_and_editors_additions(kg):
    """graph/regional-names.ttl: each regional name carries its region's tag and an editors' note; no article
    (all in simplified characters) writes a zh-Hant name, so none sits in another graph file."""
    import rdflib

    from stargate_kg.lookup import entity_index

    nvidia = entity_index(kg)[str(E["nvidia"])]
    assert nvidia.labels["zh-Hant-TW"] == "輝達" and nvidia.labels["zh-Hant-HK"] == "英偉達"
    assert "輝達" not in nvidia.aliases  # a label, not an alias the articles write
    own = rdflib.Graph().parse(GRAPH / "regional-names.ttl")
    hant = {(s, o) for s, p, o in own if getattr(o, "language", None) and o.language.lower().startswith("zh-hant")}
    assert len(hant) >= 15
    notes = {s: str(o) for s, o in own.subject_objects(rdflib.SKOS.editorialNote)}
    assert [(str(s), str(o)) for s, o in hant if str(o) not in notes.get(s, "")] == []
    for f in sorted(GRAPH.rglob("*.ttl")):
        if f.name != "regional-names.ttl":
            assert "@zh-Hant" not in f.read_text(encoding="utf-8"), f.name


# -- either script out ------------------------------------------------------------------------------------------

QUOTE_LINE = re.compile(r"^\s*\[a\d{3}\](（[^）]*(（[^）]*）)?[^）]*）)? ")  # with the reference's speaker, when it has one


def simplified_only(text):
    """The characters of ``text`` that traditional writing spells differently (汉 in 汉字, not 汉 in 漢字)."""
    from stargate_kg.i18n_zh import simplified_only_chars

    return sorted(set(text) & simplified_only_chars())


def own_words(output):
    """The text an answer writes itself: quote lines ([a002] …), quoted sentences (「…」) and English-marked
    editors' notes left out (they stay as written)."""
    lines = [ln for ln in output.splitlines() if not QUOTE_LINE.match(ln) and "（英文）" not in ln]
    return re.sub(r"「(?:[^「」]|「[^」]*」)*」?", "", "\n".join(lines))  # a quote may quote: 「…「立即」…」


def test_funders_in_traditional_characters_reads_chinese_top_to_bottom(run):
    """Issue 23's example: STARGATE_KG_LANG=zh-Hant stargate-kg funders 星際之門. a002 「该项目计划总投资高达5000亿美元」
    is 5,000億美元 there, as Taiwan and Hong Kong write amounts; the quotes stay as the articles wrote them."""
    res = run("funders", "星際之門", env={"STARGATE_KG_LANG": "zh-Hant"})
    assert res.exit_code == 0, res.output
    mine = own_words(res.output)
    assert simplified_only(mine) == []
    # no English but the names that have no Chinese (OpenAI, MGX)
    assert set(re.findall(r"[A-Za-z]{2,}", mine)) <= {"OpenAI", "MGX"}
    lines = res.output.splitlines()
    assert lines[0] == "注意：這個名稱也指 星際之門超級計算機；這裏是 星際之門。"
    assert "資金概況：" in lines and "星際之門 的資金來源（6）：" in lines
    assert "      承諾出資  5,000億美元 4年內  2025年1月21日  已宣佈  聯合" in lines
    assert "      [a002] 该项目计划总投资高达5000亿美元,目标是在未来四年内完成数据中心和实体园区的建设" in lines
    # a002 「特斯拉CEO埃隆·马斯克公开质疑Stargate项目的资金落实问题」: the doubt says the article's sentence
    assert any(ln.startswith("      埃隆·馬斯克 質疑 星際之門：「特斯拉CEO埃隆·马斯克公开质疑") for ln in lines)


@pytest.mark.parametrize(
    "lang, name, first_line",
    [
        ("zh-TW", "輝達", "輝達 (Nvidia)"),
        ("zh-HK", "輝達", "英偉達 (Nvidia)"),
        ("zh-Hant", "英伟达", "英偉達 (Nvidia)"),
        ("zh", "輝達", "英伟达 (Nvidia)"),
        ("zh-TW", "特朗普", "川普 (Donald Trump)"),
        ("zh-HK", "川普", "特朗普 (Donald Trump)"),
        ("zh-TW", "Abilene", "亞比林 (Abilene)"),
        ("zh-HK", "Abilene", "阿比林 (Abilene)"),
        ("zh-TW", "孙正义", "孫正義 (Masayoshi Son)"),
        ("zh-Hant-TW", "Foxconn", "鴻海 (Foxconn)"),
        # a person's own name is not a character conversion: 郭台銘 writes 台, not 臺
        ("zh-TW", "郭台铭", "郭台銘 (Terry Gou)"),
        ("zh-HK", "郭臺銘", "郭台銘 (Terry Gou)"),
    ],
)
def test_region_picks_the_label(run, lang, name, first_line):
    res = run("--lang", lang, "entity", name)
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == first_line


@pytest.mark.parametrize("locale, first_line", [("zh_TW.UTF-8", "輝達 (Nvidia)"), ("zh_HK.UTF-8", "英偉達 (Nvidia)"),
                                                ("zh_CN.UTF-8", "英伟达 (Nvidia)"), ("en_US.UTF-8", "Nvidia (英伟达)")])
def test_locale_picks_the_script_and_region(run, locale, first_line):
    env = {"STARGATE_KG_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": locale}
    res = run("entity", "Nvidia", env=env)
    assert res.output.splitlines()[0] == first_line


def test_entity_in_taiwan_chinese_has_no_simplified_words(run):
    res = run("--lang", "zh-TW", "entity", "輝達")
    assert res.exit_code == 0
    assert simplified_only(own_words(res.output)) == []
    assert "      承諾出資  最高1,000億美元  2025年9月23日  已宣佈" in res.output.splitlines()  # a004 「将向OpenAI投资最高1000亿美元」


def test_a_bad_language_says_what_is_wrong_in_one_line(run):
    res = run("funders", "OpenAI", env={"STARGATE_KG_LANG": "garbage"}, catch_exceptions=True)
    assert res.exit_code == 2
    assert res.output.strip() == ("Error: $STARGATE_KG_LANG: unknown language 'garbage'; choose from: en, zh, zh-Hant, "
                                  "zh-TW, zh-HK")
    res = run("--lang", "xx", "funders", "OpenAI", catch_exceptions=True)
    assert res.exit_code == 2 and "unknown language 'xx'; choose from: en, zh, zh-Hant, zh-TW, zh-HK" in res.output


# -- global options after the command, dates as the output prints them -------------------------------------------


def test_global_options_after_the_command(run):
    before = run("--lang", "zh", "funders", "星際之門")
    after = run("funders", "星際之門", "--lang", "zh")
    assert after.exit_code == 0, after.output
    assert after.output == before.output and "星际之门 的资金来源（6）：" in after.output
    assert run("funders", "OpenAI", "--lang=zh-TW", "--json").output == run("--lang=zh-TW", "funders", "OpenAI", "--json").output
    # entity has its own --lang: it still wins there
    assert run("--lang", "en", "entity", "輝達", "--lang", "zh-HK").output.splitlines()[0] == "英偉達 (Nvidia)"


@pytest.mark.parametrize("typed, iso", [("2025年7月", "2025-07"), ("2025年7月23日", "2025-07-23"), ("2025年", "2025")])
def test_dates_typed_as_chinese_output_prints_them(run, typed, iso):
    """`--lang zh timeline` prints 2025年7月23日 (a001 reports the 2025-07-22 Oracle announcement): typing it back works."""
    chinese = run("timeline", "--from", typed, "--to", typed, "--json")
    assert chinese.exit_code == 0, chinese.output
    assert chinese.output == run("timeline", "--from", iso, "--to", iso, "--json").output
    assert json.loads(chinese.output)


def test_a_bad_chinese_date_is_refused_in_one_line(run):
    res = run("timeline", "--from", "2025年13月", catch_exceptions=True)
    assert res.exit_code != 0 and res.output.count("\n") == 1 and "2025年13月" in res.output


# -- every entity has a Chinese label ----------------------------------------------------------------------------


def test_every_entity_has_a_chinese_label(kg):
    """Every entity a user can reach (all of them: `list`, search, the map) has a Chinese label: the articles'
    name, a descriptive name made of their words, or an editors' translation (graph/regional-names.ttl)."""
    from stargate_kg.lookup import entity_index

    assert sorted(e.label for e in entity_index(kg).values() if "zh" not in e.labels) == []


# -- Chinese typos, messages in the chosen language ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("孙正意", "Masayoshi Son"),  # a homophone of 孙正义 (a000 「软银CEO孙正义」), as an input method gives it
        ("奥特慢", "Sam Altman"),  # 奥特曼, a000 「OpenAI CEO 奥特曼」
        ("马斯可", "Elon Musk"),  # 马斯克, a002 「特斯拉CEO埃隆·马斯克」
        ("黃仁勛", "Jensen Huang"),  # Hong Kong's variant 勛 of 勳 (a003 「英伟达首席执行官黄仁勋」)
        ("甲骨問", "Oracle"),  # one character off
        ("孙正", "Masayoshi Son"),  # the given name cut short
        ("Masayosi Son", "Masayoshi Son"),  # English typos are unchanged
    ],
)
def test_chinese_typos_get_suggestions(kg, typed, meant):
    from stargate_kg.lookup import suggest

    assert suggest(kg, typed)[0] == meant


def test_chinese_typo_message_in_the_chosen_language(run):
    """The suggestion is named as the answer would name it; what the user typed is shown as typed."""
    res = run("--lang", "zh", "entity", "孙正意", catch_exceptions=True)
    assert res.exit_code == 1 and res.output == "错误：没有名为“孙正意”的实体。你要找的是不是：孙正义？\n"
    res = run("funders", "奥特慢", "--lang", "zh-TW", catch_exceptions=True)
    assert res.output == "錯誤：沒有名為“奥特慢”的實體。你要找的是不是：山姆·奧特曼？\n"
    res = run("entity", "奥特慢", catch_exceptions=True)
    assert res.output == "Error: no entity is called '奥特慢'. Did you mean: Sam Altman?\n"


def test_errors_in_chinese(run):
    res = run("--lang", "zh-HK", "timeline", "--from", "2025年13月", catch_exceptions=True)
    assert res.exit_code == 1
    assert res.output == "錯誤：不是日期：“2025年13月”；請寫 YYYY、YYYY-MM 或 YYYY-MM-DD（如 2025-07，或 2025年7月）\n"
    res = run("--lang", "zh", "query", "funders-of", catch_exceptions=True)
    assert res.output == "错误：问题“funders-of”需要参数 entity：请加上 --param entity=...\n"


def test_search_in_traditional_characters(run):
    """Headings and names in traditional characters; a003 「英伟达首席执行官黄仁勋」 as written; Taiwan's 輝達."""
    out = run("--lang", "zh-TW", "search", "黃仁勳").output.splitlines()
    assert out[0] == "“黃仁勳”的匹配結果：2 條"
    assert "  黃仁勳 (Jensen Huang)  (人物)" in out
    assert "  黃仁勳 -> 首席執行官 -> 輝達" in out
    assert "      [a003] “英伟达首席执行官黄仁勋”" in out


def test_catalog_date_parameter_typed_as_chinese_output_prints_it(run):
    chinese = run("query", "timeline", "--param", "from=2025年7月", "--param", "to=2025年7月", "--format", "csv")
    assert chinese.exit_code == 0, chinese.output
    assert chinese.output == run("query", "timeline", "--param", "from=2025-07", "--param", "to=2025-07", "--format", "csv").output
    assert chinese.output.count("\n") > 2


def test_catalog_in_traditional_characters_keeps_quotes(run):
    """`--lang zh-TW query`: Chinese labels and words in traditional characters (5,000億美元), the quote column as
    a000 wrote it: 「这项特朗普就职典礼第二天就官宣的、意义非凡的5000亿美元AI未来投资计划」."""
    res = run("--lang", "zh-TW", "query", "funders-of", "--param", "entity=星際之門")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split()[:3] == ["出資方", "聯合", "類型"]
    row = next(ln for ln in lines if "a000" in ln)
    assert "承諾出資" in row and "5,000億美元" in row and "2025年1月21日" in row
    assert "这项特朗普就职典礼第二天就官宣的" in row


def test_network_answers_have_no_english_words_in_chinese(run):
    """path, neighbors and cycles in Chinese: counts of further statements and sources, headings and types in
    Chinese (the 004 loop 「再将其部分利润以投资形式返还给OpenAI」: Nvidia -> OpenAI -> Oracle -> Nvidia)."""
    path = run("--lang", "zh", "path", "孫正義", "輝達").output
    assert path.splitlines()[0] == "孙正义 -> 英伟达：2 步" and re.search(r"（另有 \d+ 条陈述）", path)
    assert "other statement" not in path
    near = run("--lang", "zh-TW", "neighbors", "軟銀").output.splitlines()
    assert re.fullmatch(r"軟銀：1 步內有 \d+ 個實體", near[0]) and "  [1] 孫正義 (人物)" in near
    cycles = run("--lang", "zh-TW", "cycles").output
    assert "循環 1：輝達 -> OpenAI -> 甲骨文 -> 輝達" in cycles and re.search(r"（另有 \d+ 條）", cycles)
    assert "more)" not in cycles and simplified_only(own_words(cycles)) == []
    assert run("--lang", "zh-HK", "path", "軟銀", "軟銀").output.strip() == "A 和 B 是同一個實體。"


def test_query_page_offers_traditional_characters(tmp_path):
    """The query page's third language: /examples.json?lang=zh-Hant gives its words in traditional characters
    and examples that bind ?lang "zh" (the graph's Chinese labels); the page lists the option."""
    from tests.test_endpoint import Server, request

    server = Server(tmp_path, engine="rdflib")
    try:
        data = json.loads(request(server.base + "/examples.json?lang=zh-Hant")[2])
        assert data["lang"] == "zh-Hant" and data["vocabulary"]["words"]["page_run"] == "運行查詢"
        ex = {e["name"]: e for e in data["examples"]}["funders-of"]
        assert '= "zh"' in ex["query"]
        assert json.loads(request(server.base + "/examples.json?lang=zh_TW")[2])["lang"] == "zh-TW"
        assert '<option value="zh-Hant">繁體中文</option>' in request(server.base + "/")[2].decode()
    finally:
        server.stop()
