"""The map in traditional characters (issue 23): `--lang zh-Hant` / `zh-TW` / `zh-HK` and the locale.

The articles are written in simplified characters; a reader in Taiwan or Hong
Kong gets the map's labels, words, amounts and dates in traditional ones (the
region's own name where the graph has one, graph/regional-names.ttl), while
every quote stays exactly as the article printed it. The page switches
between English, 简体中文 and 繁體中文 (tests/test_map_browser.py drives the
switch in Chromium).
"""

import re

import pytest

from stargate_kg.i18n_zh import simplified_only_chars
from stargate_kg.viz import render_html
from tests.test_viz import E, page_data_of, shown_nodes

ST = "https://w3id.org/stargate-kg/statement/"


@pytest.fixture(scope="module")
def hant(kg):
    return render_html(kg, lang="zh-Hant")


@pytest.fixture(scope="module")
def hant_data(hant):
    return page_data_of(hant)


def simplified_in(text):
    """The characters of ``text`` that traditional writing never uses (软, 门, 亿)."""
    return sorted(set(text) & simplified_only_chars())


def test_labels_in_traditional_characters(hant, hant_data):
    # 000: "许多人怀疑，这些工程简直大到难以置信，而OpenAI、软银、甲骨文并不能拿出这么多钱来。"
    # 软银 -> 軟銀, 星际之门 -> 星際之門, 孙正义 -> 孫正義; 甲骨文 is written the same in both scripts
    assert hant_data["lang"] == "zh-Hant" and '<html lang="zh-Hant">' in hant
    shown = shown_nodes(hant_data)
    assert shown[E + "softbank"]["vis"]["label"] == "軟銀"
    assert shown[E + "stargate"]["vis"]["label"] == "星際之門"
    assert shown[E + "oracle"]["vis"]["label"] == "甲骨文"
    assert shown[E + "masayoshi-son"]["vis"]["label"] == "孫正義"
    # no simplified character in any label the page can show in traditional Chinese
    for n in hant_data["nodes"]:
        assert not simplified_in(n["names"]["zh-Hant"]), (n["id"], n["names"]["zh-Hant"])
        assert not simplified_in(n["labels"]["zh-Hant"]) and not simplified_in(n["type_labels"]["zh-Hant"])
    for e in hant_data["edges"]:
        assert not simplified_in(e["edge_labels"]["zh-Hant"]), e["edge_labels"]["zh-Hant"]
    # the simplified labels travel too, for the page's switch
    assert shown[E + "softbank"]["labels"]["zh"] == "软银" and shown[E + "softbank"]["labels"]["en"] == "SoftBank Group"


def test_words_legend_filters_and_details_in_traditional_characters(hant_data):
    words = hant_data["texts"]["zh-Hant"]
    assert set(hant_data["texts"]) == {"en", "zh", "zh-Hant"}
    assert words["money_only"] == "只看資金" and words["title"] == "星際之門合作網絡"
    assert hant_data["text"] == words  # the page opens in traditional characters

    def flat(x):
        return [s for v in x.values() for s in (flat(v) if isinstance(v, dict) else [v]) if isinstance(s, str)]

    assert not [s for s in flat(words) if simplified_in(s)]
    legend = [e["labels"]["zh-Hant"] for group in hant_data["legend"].values() for e in group]
    assert "出資" in legend and not [s for s in legend if simplified_in(s)]
    for f in hant_data["facts"]:
        for key in ("relation_labels", "amount_texts", "date_texts", "kind_texts", "status_texts"):
            assert not simplified_in(f[key]["zh-Hant"]), (key, f[key]["zh-Hant"])
    for a in hant_data["articles"].values():
        assert not simplified_in(a["outlet"]["zh-Hant"])


def test_amounts_and_dates_as_the_region_writes_them(hant_data):
    facts = hant_data["facts"]
    # 004: 「OpenAI、甲骨文与软银…计划今后4年投资5000亿美元」: the joint pledge, announced the day after the inauguration
    (pledge,) = [f for f in facts if f["statements"] == [ST + "stargate-planned-investment-500b"]]
    assert pledge["amount_texts"] == {"en": "$500B", "zh": "5000亿美元", "zh-Hant": "5,000億美元"}
    assert pledge["date_texts"]["zh-Hant"] == "2025年1月21日"
    assert pledge["relation_labels"]["zh-Hant"] == "計劃投資"
    # 004: Nvidia will invest up to $100B in OpenAI
    nvidia = [f for f in facts if f["from"] == E + "nvidia" and f["to"] == E + "openai" and f["amount"] == 100e9]
    assert nvidia and nvidia[0]["amount_texts"]["zh-Hant"] == "最高1,000億美元"
    shown_amounts = {e["vis"]["label"] for e in hant_data["edges"] if e["shown"] and e["money"]}
    assert "5,000億美元" in shown_amounts and "最高1,000億美元" in shown_amounts


def test_quotes_stay_as_the_articles_printed_them(kg, hant_data):
    zh = page_data_of(render_html(kg, lang="zh"))
    quotes = {s["quote"] for f in hant_data["facts"] for s in f["sources"]}
    assert quotes == {s["quote"] for f in zh["facts"] for s in f["sources"]}
    # 000, word for word, in simplified characters
    assert "为了星际之门，OpenAI、软银和甲骨文真的会投入5000亿美元吗？" in quotes
    reports = {s["quote"] for f in hant_data["facts"] for r in f["disputed_by"] for s in r["sources"]}
    assert any("大幅缩减了近期计划" in q for q in reports)  # 001, the WSJ's scale-back, as printed


def test_regions_names(kg):
    # graph/regional-names.ttl: Nvidia is 輝達 in Taiwan, 英偉達 in Hong Kong; Trump's administration 川普政府 in Taiwan
    tw = page_data_of(tw_html := render_html(kg, lang="zh-TW"))
    hk = page_data_of(render_html(kg, lang="zh-HK"))
    assert '<html lang="zh-TW">' in tw_html and tw["lang"] == "zh-Hant" and tw["hant"] == "zh-TW"
    assert shown_nodes(tw)[E + "nvidia"]["vis"]["label"] == "輝達"
    assert shown_nodes(hk)[E + "nvidia"]["vis"]["label"] == "英偉達"
    assert shown_nodes(tw)[E + "softbank"]["vis"]["label"] == "軟銀"
    # the Find box knows every script's name
    nvidia = next(n for n in tw["nodes"] if n["id"] == E + "nvidia")
    assert {"Nvidia", "英伟达", "輝達"} <= {nvidia["names"]["en"], nvidia["names"]["zh"], nvidia["names"]["zh-Hant"]}


def test_cli_lang_and_locale(run, tmp_path):
    out = tmp_path / "tw.html"
    res = run("viz", str(out), "--lang", "zh-TW")
    assert res.exit_code == 0, res.output
    data = page_data_of(out.read_text(encoding="utf-8"))
    assert data["lang"] == "zh-Hant" and shown_nodes(data)[E + "nvidia"]["vis"]["label"] == "輝達"
    # the locale route the rest of the CLI uses
    out = tmp_path / "hk.html"
    res = run("viz", str(out), env={"STARGATE_KG_LANG": "zh-HK", "LANG": "C"})
    assert res.exit_code == 0, res.output
    data = page_data_of(out.read_text(encoding="utf-8"))
    assert data["hant"] == "zh-HK" and shown_nodes(data)[E + "nvidia"]["vis"]["label"] == "英偉達"
    out = tmp_path / "lang.html"
    res = run("viz", str(out), env={"STARGATE_KG_LANG": "", "LC_ALL": "", "LANG": "zh_TW.UTF-8"})
    assert res.exit_code == 0, res.output
    assert page_data_of(out.read_text(encoding="utf-8"))["hant"] == "zh-TW"
    res = run("viz", str(tmp_path / "x.html"), "--lang", "fr")
    assert res.exit_code != 0 and "zh-Hant" in res.output


def test_language_switch_offers_three(hant):
    select = re.search(r'<select id="sg-lang">(.*?)</select>', hant, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)">([^<]+)</option>', select) == [
        ("en", "English"), ("zh", "简体中文"), ("zh-Hant", "繁體中文")]
