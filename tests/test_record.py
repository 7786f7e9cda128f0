"""The statement record (answers/records.py): one answer per statement, the same for every surface.

Expected values come from the articles (quoted in each test)."""

import re
import shutil

import pytest

from stargate_kg.answers.funding import funded, funders, money_flows
from stargate_kg.answers.records import clean_note, record
from stargate_kg.answers.statements import all_statements
from stargate_kg.lookup import resolve

ST = "https://w3id.org/stargate-kg/statement/"


def flow(kg, name, amount, joint=True, direction="funders"):
    rows = (funders if direction == "funders" else funded)(kg, resolve(kg, name).iri)
    return next(f for f in rows if f.amount == amount and f.joint == joint)


def test_the_january_pledge_is_joint_with_its_later_report(kg):
    """001: 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」 (OpenAI and SoftBank, one $100B, January);
    001 relays the WSJ of July 2025: 「项目上出现了争执，并大幅缩减了近期计划」."""
    r = record(kg, flow(kg, "Stargate", 100_000_000_000))
    assert [p["label"] for p in r.parties] == ["OpenAI", "SoftBank Group"] and r.joint
    assert (r.amount, r.currency, r.bound, r.kind) == (100_000_000_000, "USD", None, "commitment")
    assert (r.date, r.date_precision) == ("2025-01", "month")
    report = [x for x in r.later if x["type"] == "later report"]
    assert [(x["who"]["label"], x["date"], x["articles"]) for x in report] == [("The Wall Street Journal", "2025-07", ["a001"])]
    assert "scaled back" in report[0]["gist"]
    assert any(s["quote"] == "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元" for s in r.sources)


def test_the_500b_names_every_partner_and_its_four_years(kg):
    """004: 「OpenAI、甲骨文与软银在特朗普重返白宫第二天即宣布将共建“星际之门”项目」, 「计划今后4年投资5000亿美元」 (MGX: a co-founder in 002, no party to the figure)."""
    r = record(kg, flow(kg, "Stargate", 500_000_000_000))
    assert sorted(p["label"] for p in r.parties) == ["OpenAI", "Oracle", "SoftBank Group"]
    assert (r.duration, r.duration_measures) == ("P4Y", "period")
    assert (r.date, r.date_precision) == ("2025-01-21", "day")
    assert {"article": "a004", "quote": "计划今后4年投资5000亿美元"}.items() <= next(
        s for s in r.sources if s["quote"] == "计划今后4年投资5000亿美元").items()
    js = r.as_json()
    assert js["funder"] is None and len(js["funders"]) == 3 and js["amount"] == 500_000_000_000


def test_sources_carry_outlet_and_publication_date(kg):
    """shared/articles/README: 004 is 证券时报, about 2025-09-25; 004: 「将向OpenAI投资最高1000亿美元」."""
    r = record(kg, flow(kg, "OpenAI", 100_000_000_000, joint=False))
    src = next(s for s in r.sources if s["quote"] == "将向OpenAI投资最高1000亿美元")
    assert src["article"] == "a004" and src["published"] == "2025-09-25"
    assert src["outlet"]["iri"].endswith("/securities-times")
    assert r.bound == "up to"


def test_a_delay_is_not_a_length(kg, run):
    """001: 「昨天，《华尔街日报》报道称，OpenAI 和软银在推迟了 6 个月的」 (delayed by six months), while
    「在未来四年内投资 5000 亿美元」 is a period of four years."""
    st = next(s for s in all_statements(kg) if s.iri == ST + "a001-wsj-stargate-delayed-six-months")
    r = record(kg, st)
    assert (r.duration, r.duration_measures) == ("P6M", "delay")
    out = run("entity", "WSJ").output
    assert "delayed by 6 months" in out and "over 6 months" not in out
    zh = run("--lang", "zh", "entity", "WSJ").output
    assert "推迟6个月" in zh and "6个月内" not in zh


def test_notes_never_show_internal_ids(kg):
    for st in all_statements(kg):
        note = st.qualifiers.get("note")
        if note:
            assert not re.search(r"\b(st|e|src):[a-z0-9]", clean_note(kg, note)), st.iri
    r = record(kg, flow(kg, "Stargate", 100_000_000_000))
    assert "(st:" not in " ".join(r.notes) and "“OpenAI commits funding to Stargate”" in " ".join(r.notes)


def test_text_output_leaks_no_ids_and_is_not_cut_in_a_pipe(run):
    """The WSJ sentence is printed whole when the output is not a terminal; --width cuts it."""
    out = run("funders", "Stargate").output
    assert "(st:" not in out
    assert "one small data center by the end of 2025, likely in Ohio" in out
    cut = run("funders", "Stargate", "--width", "100").output
    assert "likely in Ohio" not in cut and "…" in cut
    assert max(len(line) for line in cut.splitlines() if "later report" in line) <= 100


def test_every_money_row_has_a_record(kg):
    for f in money_flows(kg, include_deprecated=True, include_inferred=True):
        r = record(kg, f)
        assert r.parties and r.recipient["iri"] == f.recipient and r.statements == f.statements
        assert all(s["outlet"] and s["published"] for s in r.sources), r.statement


def test_stated_by_is_read_from_the_reference_when_it_has_one(tmp_path):
    """A reference may say who says so (sg:statedBy on the reference node); it wins over the statement's."""
    from stargate_kg import load
    from stargate_kg.paths import default_graph_dir

    (tmp_path / "g").mkdir()
    shutil.copy(default_graph_dir() / "ontology.ttl", tmp_path / "g" / "ontology.ttl")
    (tmp_path / "g" / "t.ttl").write_text("""@prefix sg: <https://w3id.org/stargate-kg/ontology#> .
@prefix e: <https://w3id.org/stargate-kg/entity/> .
@prefix st: <https://w3id.org/stargate-kg/statement/> .
@prefix src: <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
src:t001 a sg:Article ; sg:fileName "t001.txt" .
e:a a sg:Company ; rdfs:label "A"@en .
e:b a sg:Company ; rdfs:label "B"@en .
e:p a sg:Person ; rdfs:label "P"@en .
e:q a sg:Person ; rdfs:label "Q"@en .
st:s1 a sg:Statement ; sg:subject e:a ; sg:relation sg:investsIn ; sg:object e:b ; sg:amount 5 ; sg:currency "USD" ;
    sg:statedBy e:q ;
    sg:reference [ a sg:Reference ; sg:article src:t001 ; sg:quote "one"@zh ; sg:statedBy e:p ] ,
                 [ a sg:Reference ; sg:article src:t001 ; sg:quote "two"@zh ] .
""", encoding="utf-8")
    kg = load([tmp_path / "g"])
    r = record(kg, funders(kg, "https://w3id.org/stargate-kg/entity/b")[0])
    assert {s["quote"]: s["stated_by"]["label"] for s in r.sources} == {"one": "P", "two": "Q"}
    assert sorted(p["label"] for p in r.stated_by) == ["P", "Q"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_columns_are_the_same_whatever_the_rows(run, fmt):
    """Two answers concatenate: funders of Stargate (joint rows) and of OpenAI (single funders)."""
    from stargate_kg.answers.tables import FLOW_COLUMNS

    sep = "," if fmt == "csv" else "\t"
    heads = [run(cmd, name, "--format", fmt).output.splitlines()[0] for cmd, name in
             [("funders", "Stargate"), ("funders", "OpenAI"), ("funded", "Microsoft")]]
    assert heads == [sep.join(FLOW_COLUMNS)] * 3


def test_csv_cells_are_neutralised():
    from stargate_kg.answers.formatting import write_rows

    text = write_rows(["who", "amount"], [{"who": "=HYPERLINK(\"x\")", "amount": -5}], "csv")
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"x\"\")\",-5"


def test_markdown_is_a_story_table(run):
    """002/004: the $500B of the four partners; 003: Microsoft's $13B (「微软已向OpenAI承诺投资130亿美元」)."""
    md = run("funders", "Stargate", "--format", "md").output.splitlines()
    assert md[0] == "| Who | To | Kind | Amount | Date | Status | Source |"
    assert md[2].startswith("| OpenAI + Oracle + SoftBank Group (joint) | Stargate | commitment | $500B over 4 years | 2025-01-21 | announced |")
    assert "https://" not in "\n".join(md)
    wide = run("funders", "Stargate", "--format", "md", "--wide").output.splitlines()
    assert len(wide[0].split(" | ")) > 8


def test_timeline_carries_the_scale_back(run):
    """The January $100B row says the WSJ reported in July 2025 that it was scaled back
    (001: 「项目上出现了争执，并大幅缩减了近期计划」)."""
    import json

    text = run("timeline", "--entity", "Stargate", "--from", "2025-01", "--to", "2025-01").output.splitlines()
    i = next(i for i, line in enumerate(text) if "OpenAI + SoftBank Group planned investment Stargate (joint)" in line)
    assert text[i + 2].strip().startswith("later report: 2025-07 The Wall Street Journal claims Stargate: OpenAI and SoftBank")
    events = json.loads(run("timeline", "--entity", "Stargate", "--from", "2025-01", "--to", "2025-01", "--json").output)
    jan = next(e for e in events if e["joint"] and e["amount"] == 100_000_000_000)
    assert [(x["who"]["label"], x["date"], x["type"]) for x in jan["later"]][0] == ("The Wall Street Journal", "2025-07", "later report")


def test_entity_markdown_is_a_story_table(run):
    """002: 「软银和OpenAI各自承诺投入1000亿美元」 is kept but ranked down, and the table says so."""
    md = run("entity", "SoftBank", "--format", "md").output.splitlines()
    assert md[0] == "| Who | Relation | With | Amount | Date | Status | Source |"
    assert "| SoftBank Group | commits funding to | Stargate | $100B |  | committed (deprecated) | a002 (53AI Knowledge Base, 2025-01-23) |" in md
    zh = run("--lang", "zh", "entity", "软银", "--format", "md").output.splitlines()
    assert zh[0] == "| 主体 | 关系 | 对象 | 金额 | 日期 | 状态 | 来源 |" and any("| 证券时报, " in r or "(证券时报, " in r for r in zh)
