"""Every surface of the answer record carries every field: JSON, CSV, Markdown --wide and the DataFrame.

The fields (answers/records.py): parties, amount, bound, figures, date with its precision, duration with what
it measures, status, rank, inferred, who says so, later reports and conflicting claims (with their date and
gist), and the sources (article id, outlet, publication date, quote). Expected values come from the articles:

- 001 「尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元」: OpenAI and SoftBank, $100B together, January 2025;
  001 relays the WSJ of July 2025: 「项目上出现了争执，并大幅缩减了近期计划」 (a later report);
  002 「在Stargate项目的初始投资中,软银和OpenAI各自承诺投入1000亿美元」 (each: a conflicting claim, ranked down);
- 004 「计划今后4年投资5000亿美元」: a period of four years;
- shared/articles/README.md: 001 is 机器之心 (Synced) of about 2025-07-23, 002 is 53AI知识库 of 2025-01-23.
"""

import csv
import io
import json

import pytest

from stargate_kg.answers.tables import FLOW_COLUMNS

JANUARY_QUOTE = "尽管两家公司在 1 月份的声明中承诺「立即」投资 1000 亿美元"
FIELDS = ("parties", "amount", "bound", "figures", "date", "date_precision", "duration", "duration_measures", "status",
          "rank", "inferred", "stated_by", "later", "conflicts")


def january(rows):
    (row,) = [r for r in rows if str(r["amount"]).startswith(("100000000000", "1e+11")) and str(r["joint"]).lower() == "true"]
    return row


def test_json_carries_every_field(run):
    data = json.loads(run("funders", "Stargate", "--json").output)
    assert all(set(FIELDS + ("sources",)) <= set(r) for r in data)
    r = january(data)
    assert ([p["label"] for p in r["parties"]], r["amount"], r["date"], r["date_precision"]) == (
        ["OpenAI", "SoftBank Group"], 100_000_000_000, "2025-01", "month")
    assert [(x["type"], x["date"], x["rank"]) for x in r["later"]][0] == ("later report", "2025-07", "preferred")
    assert "scaled back" in r["later"][0]["gist"]
    down = [x for x in r["later"] if x["type"] == "conflicting claim"]
    assert [(x["who"]["label"], x["amount"], x["rank"]) for x in down] == [
        ("OpenAI", 100_000_000_000, "deprecated"), ("SoftBank Group", 100_000_000_000, "deprecated")]
    src = next(s for s in r["sources"] if s["quote"] == JANUARY_QUOTE)
    assert (src["article"], src["outlet"]["iri"].rsplit("/", 1)[1], src["published"]) == ("a001", "jiqizhixin", "2025-07-23")


def csv_rows(run, *args):
    return list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output)))


def test_csv_carries_every_field(run):
    rows = csv_rows(run, "funders", "Stargate")
    assert set(FIELDS) | {"articles", "outlets", "published", "sources"} <= set(rows[0])
    r = january(rows)
    assert (r["parties"], r["date"], r["date_precision"], r["status"], r["rank"], r["inferred"]) == (
        "OpenAI; SoftBank Group", "2025-01", "month", "committed", "normal", "false")
    assert r["later"].startswith("2025-07 The Wall Street Journal claims Stargate (later report, preferred): OpenAI and SoftBank")
    assert "OpenAI commits funding to Stargate (conflicting claim, deprecated): $100B" in r["later"]
    assert (r["articles"], r["published"]) == ("a001; a002", "2025-07-23; 2025-01-23")
    assert r["outlets"].split("; ")[1] == "53AI Knowledge Base" and r["outlets"].startswith("Synced")
    assert f"[a001] {JANUARY_QUOTE}" in r["sources"]
    five = next(x for x in rows if x["amount"] == "500000000000")
    assert (five["duration"], five["duration_measures"]) == ("P4Y", "period")


def test_csv_stated_by_and_inferred(run):
    """003 「微软和OpenAI正计划斥资1000亿美元打造AI超算」 (Tencent Tech, its own voice) and 002 (53AI); 003's
    「微软和OpenAI等客户的成本也相应上升」 read as OpenAI buying Nvidia GPUs is the editors' (inferred)."""
    sc = january(csv_rows(run, "funders", "Stargate supercomputer"))
    assert sc["stated_by"] == "53AI Knowledge Base; Tencent Tech" and sc["rank"] == "preferred"
    bought = csv_rows(run, "funded", "OpenAI", "--kind", "purchase", "--include-inferred")
    assert {(r["recipient"], r["inferred"]) for r in bought} >= {("Nvidia", "true"), ("Oracle", "false")}


def test_markdown_wide_is_the_csv_row(run):
    md = run("funders", "Stargate", "--format", "md", "--wide").output.splitlines()
    split = lambda line: [c.strip().replace("\\|", "|") for c in line.strip("| ").split(" | ")]  # noqa: E731
    heads = split(md[0])
    from stargate_kg.i18n import column

    assert heads == [column(c) for c in FLOW_COLUMNS]  # every field, English headings ("recipient IRI")
    cells = [dict(zip(FLOW_COLUMNS, split(line))) for line in md[2:]]
    mine = january(cells)
    want = january(csv_rows(run, "funders", "Stargate"))
    for field in ("parties", "amount", "later", "conflicts", "articles", "outlets", "published", "sources", "date_precision"):
        assert mine[field] == want[field], field


def test_dataframe_carries_every_field(kg):
    pytest.importorskip("pandas")
    from stargate_kg.answers.notebook import Graph

    df = Graph(kg).funders("Stargate")
    assert set(FIELDS) | {"articles", "outlets", "published", "quotes"} <= set(df.columns)
    r = df[df.joint & (df.amount == 1e11)].iloc[0]
    assert (r.parties, str(r.date.date()), r.date_precision, r.status, r["rank"], bool(r.inferred)) == (
        ["OpenAI", "SoftBank Group"], "2025-01-01", "month", "committed", "normal", False)
    assert r.later[0].startswith("2025-07 The Wall Street Journal claims Stargate (later report, preferred)")
    assert len(r.conflicts) == len(r.later) == 3
    assert (r.articles, r.published) == (["a001", "a002"], ["2025-07-23", "2025-01-23"]) and r.outlets[1] == "53AI Knowledge Base"
    assert JANUARY_QUOTE in r.quotes
    five = df[df.amount == 5e11].iloc[0]
    assert (five.duration, five.duration_measures) == ("P4Y", "period")
