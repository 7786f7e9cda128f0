"""The catalog in Chinese (issue 23): titles, descriptions, column headings and values read as Chinese
from top to bottom; JSON, CSV and TSV keep the English variable names programs match on."""

import csv
import io
import json
import re

import pytest

from stargate_kg.queries import catalog

CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_WORD = re.compile(r"^[A-Za-z_ ]+$")


def example_args(q):
    args = []
    for p in q.params:
        args += ["--param", f"{p.name}={p.example}"]
    return args


def test_every_question_has_a_chinese_title_and_description():
    for q in catalog().values():
        assert CJK.search(q.title_zh) and CJK.search(q.description_zh), q.name
        assert q.title_in("zh") == q.title_zh and q.title_in("en") == q.title


def test_queries_lists_chinese_titles_and_descriptions(run):
    out = run("--lang", "zh", "queries").output
    assert "英文" not in out.splitlines()[0]  # the old heading said titles were in English
    for q in catalog().values():
        assert q.name in out
        assert q.title_zh in out and q.description_zh in out, q.name
        assert q.title not in out, q.name
    data = json.loads(run("--lang", "zh", "queries", "--json").output)
    assert all(d["title_zh"] and d["title"] for d in data)


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_heading_of_a_chinese_table_is_chinese(run, name):
    """`--lang zh query NAME`: no English heading (variable names stay in csv/tsv/json)."""
    q = catalog()[name]
    for fmt in ("table", "md"):
        r = run("--lang", "zh", "query", name, *example_args(q), "--format", fmt)
        assert r.exit_code == 0, r.output
        first = r.output.splitlines()[0]
        heads = [h.strip() for h in (first.strip("|").split("|") if fmt == "md" else re.split(r"\s{2,}", first.strip()))]
        english = [h for h in heads if h and ASCII_WORD.match(h)]
        assert english == [], (name, fmt, english)
    head = next(csv.reader(io.StringIO(run("--lang", "zh", "query", name, *example_args(q), "--format", "csv").output)))
    assert all(ASCII_WORD.match(h) for h in head), head  # csv keeps ?variable names


def test_chinese_doubts_give_the_articles_sentence_not_the_english_summary(run):
    """002: 「马斯克指出,软银能够提供的资金可能不足100亿美元」: the doubt reads 不足100亿美元 beside the article's sentence;
    the editors' English summary ("SoftBank may be able to provide less than $10B") stays out of the Chinese table."""
    zh = run("--lang", "zh", "query", "doubts").output
    assert "不足100亿美元" in zh and "质疑对象" in zh
    assert "SoftBank may be able" not in zh and "said" not in zh
    assert "SoftBank may be able" in run("query", "doubts").output
    rows = list(csv.DictReader(io.StringIO(run("--lang", "zh", "query", "doubts", "--format", "csv").output)))
    assert any(r["said"].startswith("SoftBank may be able") for r in rows)  # the machine format keeps every column


def test_chinese_values_of_the_catalogs_own_columns(run):
    """003: 「企业和国家将需要投入1万亿美元的资金建设新数据中心」 is 黄仁勋's claim (声称); 002's Musk doubt is 质疑;
    004: 「OpenAI与甲骨文签署了一份云计算合同,将在五年内购买…」: the duration reads 5年."""
    figures = run("--lang", "zh", "query", "quoted-figures").output
    assert re.search(r"黄仁勋\s+声称", figures) and re.search(r"埃隆·马斯克\s+质疑", figures)
    purchases = run("--lang", "zh", "query", "purchases").output
    assert "5年" in purchases and "P5Y" not in purchases
    loop = run("--lang", "zh", "query", "money-loop").output
    assert "承诺出资" in loop and "采购" in loop and "purchase" not in loop  # 004: 将向OpenAI投资最高1000亿美元 (a pledge), OpenAI buys from Oracle


def test_every_chinese_word_of_the_catalog_passes_the_script_hook(run, monkeypatch):
    """Traditional-character output converts in one place (catalog_words.zh): titles, descriptions, headings, values."""
    from stargate_kg import catalog_words

    monkeypatch.setattr(catalog_words, "zh", lambda text, lang: f"<{text}>")
    out = run("--lang", "zh", "queries").output
    q = catalog()["funders-of"]
    assert f"<{q.title_zh}>" in out and f"<{q.description_zh}>" in out
    table = run("--lang", "zh", "query", "quoted-figures").output
    assert "<谁>" in table and "<声称>" in table and "<提到的金额>" in table


def test_query_page_examples_in_chinese(kg):
    from stargate_kg.server.answers import examples

    zh = {e["name"]: e for e in examples(kg, lang="zh")}
    assert zh["funders-of"]["title"] == catalog()["funders-of"].title_zh
    en = {e["name"]: e for e in examples(kg, lang="en")}
    assert en["funders-of"]["title"] == "Funders of an entity"
