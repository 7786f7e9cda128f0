"""Answers for people (issue 15): Chinese or English throughout, the same output formats on every
listing command, search and list, suggestions that make sense, and the notebook library.

Expected answers come from the articles: a004 reports Nvidia's investment of up to $100B in OpenAI
(将向OpenAI投资最高1000亿美元, 2025-09-23), a003 Microsoft's $13B commitment (截至目前，微软已向OpenAI
承诺投资130亿美元) and its first investment in 2019, a004 OpenAI's $300B cloud contract with Oracle
(签署了一份云计算合同), a000 Crusoe's three statements (its gas plant, overseeing Abilene, its founder).
"""

import csv
import io
import json
import re

import pytest

from stargate_kg.i18n import CONCEPTS, TYPES, date_text, pick_lang, text

# ----------------------------------------------------------------------------- the language


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-TW"),  # LC_ALL wins (Taiwan: traditional, issue 23)
        ({"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "zh"),  # then LC_MESSAGES
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"STARGATE_KG_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),  # the variable beats the locale
        ({"STARGATE_KG_LANG": "zh"}, "zh"),
    ],
)
def test_default_language(env, expected):
    assert pick_lang(env) == expected


def test_lang_from_environment_and_option(run, monkeypatch):
    monkeypatch.delenv("STARGATE_KG_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "\nOpenAI 的资金来源（3）：\n" in run("funders", "OpenAI").output
    assert "\nFunders of OpenAI (3):\n" in run("--lang", "en", "funders", "OpenAI").output
    monkeypatch.setenv("STARGATE_KG_LANG", "en")
    assert "\nFunders of OpenAI (3):\n" in run("funders", "OpenAI").output
    bad = run("--lang", "fr", "stats")
    assert bad.exit_code == 2 and "unknown language 'fr'; choose from: en, zh, zh-Hant, zh-TW, zh-HK" in bad.output


FUNDERS_EN = """\
Money summary:
  Nvidia -> OpenAI
      commitment  up to $100B  2025-09-23  announced
  Microsoft -> OpenAI
      commitment  $13B  committed
  doubts:
      Ali Ghodsi doubts OpenAI: scaling up existing AI with ever more compute may lead customers into a 'trough of disillusionment' as they learn its limits; the focus should be on real value for people and businesses, which takes time

Funders of OpenAI (3):
  Nvidia -> OpenAI     commitment  up to $100B  2025-09-23  announced
      [a004] 再将其部分利润以投资形式返还给OpenAI
      [a004] 将向OpenAI投资最高1000亿美元
      [a004] 就在OpenAI官宣新建五座数据中心的前一天,英伟达宣布了一项震惊业界的合作
  Microsoft -> OpenAI  commitment  $13B  committed
      [a003] 截至目前，微软已向OpenAI承诺投资130亿美元
  Microsoft -> OpenAI  equity  amount n/a  2019
      [a003] 在2019年对这家初创公司进行初步投资后
"""

FUNDERS_ZH = """\
资金概况：
  英伟达 -> OpenAI
      承诺出资  最高1000亿美元  2025年9月23日  已宣布
  微软 -> OpenAI
      承诺出资  130亿美元  已承诺
  质疑：
      阿里·戈德西 质疑 OpenAI：「可能会让客户经历一段“幻灭期”」

OpenAI 的资金来源（3）：
  英伟达 -> OpenAI  承诺出资  最高1000亿美元  2025年9月23日  已宣布
      [a004] 再将其部分利润以投资形式返还给OpenAI
      [a004] 将向OpenAI投资最高1000亿美元
      [a004] 就在OpenAI官宣新建五座数据中心的前一天,英伟达宣布了一项震惊业界的合作
  微软 -> OpenAI    承诺出资  130亿美元  已承诺
      [a003] 截至目前，微软已向OpenAI承诺投资130亿美元
  微软 -> OpenAI    股权  金额不详  2019年
      [a003] 在2019年对这家初创公司进行初步投资后
"""


def test_funders_in_english(run):
    assert run("--lang", "en", "funders", "OpenAI").output == FUNDERS_EN


def test_funders_in_chinese(run):
    assert run("--lang", "zh", "funders", "OpenAI").output == FUNDERS_ZH


def latin_words(output, names=()):
    """Latin-script words left in ``output`` once quotes, article ids and ``names`` are taken out."""
    body = re.sub(r"\[a\d{3}\].*|（英文）.*", "", output)  # quotes; editors' English paraphrases, marked
    for name in names:
        body = body.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}", body)


def test_chinese_top_to_bottom(run):
    """Nothing English in `--lang zh funders OpenAI` but the one name with no Chinese label (OpenAI)."""
    out = run("--lang", "zh", "funders", "OpenAI").output
    assert latin_words(out, names=["OpenAI"]) == []
    # and the English answer does use English words (the check can fail)
    assert latin_words(run("--lang", "en", "funders", "OpenAI").output, names=["OpenAI"])


CRUSOE_ZH = """\
Crusoe
  类型：      公司
  IRI：       https://w3id.org/stargate-kg/entity/crusoe

陈述（3）：
  -> 建设  燃气发电厂
      备注（英文）：Crusoe's own gas-fired power plant, built as backup power.
      [a000] “甚至，Crusoe在星际之门现场直接建起了自己的燃气发电厂，作为备用”
  -> 监督  阿比林星际之门数据中心
      备注（英文）：'This huge project' is the Stargate construction project at the Abilene site the reporter visits.
      [a000] “而Crusoe正负责监督这个庞大的项目”
  <- 创始人  Chase Lochmiller
      备注（英文）：The article describes Crusoe as a data-center start-up (数据中心初创公司).
      [a000] “他的另一个身份，是数据中心初创公司Crusoe的创始人”
"""


def test_entity_in_chinese(run):
    """Relations, other parties, type and headings in Chinese; notes stay English and say so; quotes as written."""
    assert run("--lang", "zh", "entity", "Crusoe").output == CRUSOE_ZH
    # the command's own --lang still works, and overrides the global one
    assert run("--lang", "en", "entity", "Crusoe", "--lang", "zh").output == CRUSOE_ZH
    en = run("entity", "Crusoe").output
    assert "  -> oversees  Stargate I (Abilene, Texas)\n      note: 'This huge project'" in en


def test_network_commands_in_chinese(run):
    out = run("--lang", "zh", "path", "Arm", "Crusoe").output
    assert out.startswith("Arm -> Crusoe：3 步\n  1. Arm --技术合作伙伴--> 星际之门\n")
    assert "阿比林星际之门数据中心 <--监督-- Crusoe" in out
    cycles = run("--lang", "zh", "cycles").output
    assert "英伟达 -> OpenAI  承诺出资  最高1000亿美元" in cycles and "OpenAI -> 甲骨文  采购  3000亿美元" in cycles
    top = run("--lang", "zh", "centrality", "--top", "2").output.splitlines()
    assert top[0].split() == ["#", "实体", "类型", "degree"] and top[2].split()[1:3] == ["OpenAI", "公司"]
    assert re.match(r"\d+ 个实体，\d+ 条陈述，\d+ 条引用，5 篇来源，\d+ 个三元组\n", run("--lang", "zh", "stats").output)


def test_amounts_and_dates():
    from stargate_kg.answers.formatting import format_amount

    assert format_amount(100_000_000_000, "USD", "up to", lang="zh") == "最高1000亿美元"
    assert format_amount(100_000_000_000, "USD", "up to") == "up to $100B"
    assert format_amount(500_000_000_000, "USD", lang="zh") == "5000亿美元"
    assert format_amount(1_200_000_000, "USD", "more than", lang="zh") == "超过12亿美元"
    assert format_amount(None, "USD", lang="zh") == ""
    assert [date_text(d, "zh") for d in ("2025-01-21", "2025-09", "2019")] == ["2025年1月21日", "2025年9月", "2019年"]
    assert date_text("2025-01-21", "en") == "2025-01-21"


def test_vocabulary_matches_the_ontology(kg):
    """Every money kind, status, bound, rank and family has a Chinese label in the ontology, equal to the vocabulary's;
    so have the entity classes and the relations."""
    from stargate_kg.i18n import DATE_QUALIFIERS

    concepts = kg.select(
        "SELECT ?k ?en ?zh WHERE { ?c a ?k . ?k rdfs:subClassOf skos:Concept . ?c skos:prefLabel ?en . FILTER(lang(?en) = 'en') "
        "OPTIONAL { ?c rdfs:label ?zh . FILTER(lang(?zh) = 'zh') } }"
    )
    assert len(concepts) >= 45  # 9 money kinds, 11 statuses, 3 ranks, 6 bounds, 9 families, 7 date qualifiers
    for r in concepts:
        assert r["zh"] is not None, f"no Chinese label for {r['en']}"
        words = DATE_QUALIFIERS if str(r["k"]).endswith("DateQualifier") else CONCEPTS
        assert words.get(str(r["en"])) == str(r["zh"]), str(r["en"])
    classes = kg.select(
        "SELECT ?c ?zh WHERE { ?c rdfs:subClassOf* sg:Entity ; rdfs:label ?zh . FILTER(lang(?zh) = 'zh') }"
    )
    for r in classes:
        assert TYPES[str(r["c"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1]] == str(r["zh"])
    missing = kg.select(
        "SELECT ?r WHERE { ?r a sg:Relation . FILTER NOT EXISTS { ?r rdfs:label ?l . FILTER(lang(?l) = 'zh') } }"
    )
    assert missing == []


def test_vocabulary_complete():
    from stargate_kg.i18n import WORDS, vocabulary

    assert all(en and zh for en, zh in WORDS.values())
    assert vocabulary("zh")["concepts"]["purchase"] == "采购"
    assert text("funders_of", "en", name="X", n=1) == "Funders of X (1)"


# ----------------------------------------------------------------------------- catalog questions in a language


def test_catalog_question_in_chinese(run):
    zh = run("--lang", "zh", "query", "funders-of", "--param", "entity=OpenAI", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(zh)))
    assert {r["funder"] for r in rows} == {"英伟达", "微软"}
    en = run("query", "funders-of", "--param", "entity=OpenAI", "--format", "csv").output
    assert {r["funder"] for r in csv.DictReader(io.StringIO(en))} == {"Nvidia", "Microsoft"}
    # --param lang=zh does the same; an entity with no Chinese label keeps its English one
    by_param = run("query", "funded-by", "--param", "entity=软银", "--param", "lang=zh", "--format", "csv").output
    recipients = {r["recipient"] for r in csv.DictReader(io.StringIO(by_param))}
    assert "星际之门" in recipients and "SB Energy" in recipients
    bad = run("query", "funders-of", "--param", "entity=OpenAI", "--param", "lang=fr")
    assert bad.exit_code == 2 and "unknown language 'fr'" in bad.output


def test_catalog_engines_agree_in_chinese(kg):
    """Both engines give the same rows, in the same order, for every catalog question in Chinese."""
    from stargate_kg.engines import open_graph
    from stargate_kg.queries import catalog, display, run_query

    ox = open_graph(engine="oxigraph")
    for name, q in catalog().items():
        params = {p.name: p.example for p in q.params}
        a = run_query(ox, q, params, lang="zh")
        b = run_query(kg, q, params, lang="zh")
        rows_a = [[display(r.get(n)) for n in a[1]] for r in a[2]]
        rows_b = [[display(r.get(n)) for n in b[1]] for r in b[2]]
        assert rows_a == rows_b, name
        assert len(rows_a) == len(run_query(kg, q, params)[2]), f"{name}: a language must not add or drop rows"


# ----------------------------------------------------------------------------- one set of output formats

LISTINGS = [
    ("funders", "OpenAI"),
    ("funded", "SoftBank"),
    ("entity", "Crusoe"),
    ("path", "Arm", "Crusoe"),
    ("neighbors", "Crusoe"),
    ("centrality", "--top", "3"),
    ("communities",),
    ("cycles",),
    ("search", "合同"),
    ("list", "--type", "Person"),
    ("stats",),
]


@pytest.mark.parametrize("args", LISTINGS, ids=[a[0] for a in LISTINGS])
def test_every_listing_has_the_formats(run, args):
    as_json = run(*args, "--json")
    assert as_json.exit_code == 0, as_json.output
    assert run(*args, "--format", "json").output == as_json.output
    data = json.loads(as_json.output)
    csv_res = run(*args, "--format", "csv")
    assert csv_res.stdout_bytes.endswith(b"\r\n")  # SPARQL-style CSV lines (click's .output shows them as \n)
    csv_out = csv_res.output
    rows = list(csv.reader(io.StringIO(csv_out)))
    assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)
    tsv_out = run(*args, "--format", "tsv").output
    assert [len(line.split("\t")) for line in tsv_out.splitlines()] == [len(rows[0])] * len(tsv_out.splitlines())
    md = run(*args, "--format", "md").output.splitlines()
    assert md[0].startswith("| ") and set(md[1]) <= set("|-") and len(md) == len(rows) + 1
    assert data  # something was found
    both = run(*args, "--json", "--format", "csv")
    assert both.exit_code == 2 and "--json and --format csv" in both.output


def test_csv_rows_of_funders(run):
    rows = list(csv.DictReader(io.StringIO(run("funders", "OpenAI", "--format", "csv").output)))
    assert [(r["parties"], r["kind"], r["amount"], r["date"]) for r in rows] == [
        ("Nvidia", "commitment", "100000000000", "2025-09-23"),  # a004: 将向OpenAI投资最高1000亿美元 (a pledge; no form given)
        ("Microsoft", "commitment", "13000000000", ""),
        ("Microsoft", "equity", "", "2019"),
    ]
    assert "[a004] 将向OpenAI投资最高1000亿美元" in rows[0]["sources"]


def test_markdown_in_chinese(run):
    md = run("--lang", "zh", "funders", "OpenAI", "--format", "md").output.splitlines()
    assert md[0] == "| 出资方 | 接受方 | 类型 | 金额 | 日期 | 状态 | 来源 |"  # a story table; --wide for every column
    assert md[2] == "| 英伟达 | OpenAI | 承诺出资 | 最高1000亿美元 | 2025年9月23日 | 已宣布 | a004 (证券时报, 2025-09-25) |"
    wide = run("--lang", "zh", "funders", "OpenAI", "--format", "md", "--wide").output.splitlines()
    assert "| 英伟达 |" in wide[2] and "| 承诺出资 |" in wide[2] and "| 2025年9月23日 |" in wide[2] and "| 最高 |" in wide[2]


def test_json_labels_follow_the_language(run):
    data = json.loads(run("--lang", "zh", "funders", "OpenAI", "--json").output)
    assert data[0]["funder"] == {"iri": "https://w3id.org/stargate-kg/entity/nvidia", "label": "英伟达"}
    assert data[0]["kind"] == "commitment"  # the machine's keys stay


def test_export_to_standard_output(run):
    res = run("export", "--format", "csv", "-")
    assert res.exit_code == 0
    assert res.stdout.startswith("statement,from,from_label,relation")
    assert re.fullmatch(r"Wrote \d+ nodes and \d+ edges to standard output \(csv\)\.\n", res.stderr)
    ttl = run("export", "--format", "ttl", "-")
    assert "@prefix e: <https://w3id.org/stargate-kg/entity/> ." in ttl.stdout
    assert run("export", "-").exit_code == 2  # no suffix to guess the format from


# ----------------------------------------------------------------------------- search and list

SEARCH_CONTRACT = """\
2 matches for '合同'

Statements:
  OpenAI -> buys from -> Oracle  $300B over 5 years  purchase  reported
      [a004] “OpenAI与甲骨文签署了一份云计算合同,将在五年内购买甲骨文价值3000亿美元的算力服务”
  Oracle -> cloud provider for -> OpenAI
      [a004] “OpenAI与甲骨文签署了一份云计算合同,将在五年内购买甲骨文价值3000亿美元的算力服务”
"""


def test_search_finds_the_contract(run):
    assert run("search", "合同").output == SEARCH_CONTRACT
    zh = run("--lang", "zh", "search", "合同").output
    assert zh.startswith("“合同”的匹配结果：2 条\n\n陈述：\n  OpenAI -> 购买 -> 甲骨文  3000亿美元 5年内  采购  据报道\n")
    # `entity` does not find it, and says where to look
    res = run("entity", "合同")
    assert res.exit_code == 1 and "stargate-kg search '合同'" in res.output


def test_search_ranks_names_first(run):
    out = run("search", "Crusoe").output
    entities, statements = out.split("\nStatements:\n")
    assert entities.splitlines()[3].strip().startswith("Crusoe  (Company)")
    assert "他的另一个身份，是数据中心初创公司Crusoe的创始人" in statements
    data = json.loads(run("search", "Crusoe", "--json").output)
    kinds = [h["kind"] for h in data]
    assert kinds == sorted(kinds)  # entities, then statements
    assert data[0]["entity"]["label"] == "Crusoe" and data[0]["match"] == "exact"


def test_search_words_and_notes(run):
    """English words in any order find a statement by its note; Chinese names find entities."""
    out = run("search", "contract", "cloud").output
    assert "OpenAI -> buys from -> Oracle  $300B" in out
    assert "软银" in run("search", "软银", "--only", "entities").output
    assert run("search", "zzzz-nothing").output == "Nothing matches 'zzzz-nothing'.\n"


def test_list_by_type(run, kg):
    from stargate_kg.lookup import entity_index

    n = sum("Person" in e.types for e in entity_index(kg).values())
    assert n >= 27  # the people the articles name
    people = run("list", "--type", "Person")
    assert people.output.startswith(f"{n} entities of type Person\n")
    assert "Sam Altman" in people.output and "山姆·奥特曼" in people.output
    rows = json.loads(run("list", "--type", "人物", "--json").output)  # a Chinese type name
    assert len(rows) == n and all("Person" in r["types"] for r in rows)
    orgs = json.loads(run("list", "--type", "organization", "--json").output)
    assert any(r["label"] == "SoftBank Group" for r in orgs)  # subtypes count
    bad = run("list", "--type", "Compny")
    assert bad.exit_code == 2 and bad.output.startswith("Error: unknown entity type 'Compny'; choose from: Company,")


# ----------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    "typed, first",
    [("OpenIA", "OpenAI"), ("Sam", "Sam Altman"), ("Softbnk", "SoftBank Group"), ("软银集", "SoftBank Group"),
     ("微软公司", "Microsoft"), ("Altmn", "Sam Altman"), ("nvida", "Nvidia"), ("stargat", "Stargate")],
)  # fmt: skip
def test_suggestions_make_sense(kg, typed, first):
    from stargate_kg.lookup import suggest

    assert suggest(kg, typed)[0] == first


def test_suggestions_are_never_a_city_for_openia(kg, run):
    from stargate_kg.lookup import entity_index, suggest

    cities = {e.label for e in entity_index(kg).values() if "City" in e.types}
    assert "Phoenix" in cities
    assert not cities & set(suggest(kg, "OpenIA"))
    res = run("funders", "OpenIA")
    assert res.exit_code == 1 and res.output == "Error: no entity is called 'OpenIA'. Did you mean: OpenAI?\n"


# ----------------------------------------------------------------------------- the notebook library


@pytest.fixture(scope="module")
def nb():
    import stargate_kg

    return stargate_kg.open()


def test_open_uses_the_cli_engine(nb):
    assert nb.kg.engine == "oxigraph" and nb.lang == "en"


def test_funders_frame_by_name(nb):
    df = nb.funders("OpenAI")
    assert df[["funder", "kind", "amount", "bound"]].values.tolist()[0] == ["Nvidia", "commitment", 100_000_000_000, "up to"]
    assert str(df.loc[0, "date"].date()) == "2025-09-23" and df.loc[0, "date_precision"] == "day"
    assert set(df["funder"]) == {"Nvidia", "Microsoft"}
    assert df.loc[1, "quotes"] == ["截至目前，微软已向OpenAI承诺投资130亿美元"]
    assert nb.funded("软银")["recipient"].tolist().count("Stargate") >= 2


def test_frames_hold_plain_values(nb):
    df = nb.query("largest-amounts")
    for value in df.head(5).to_numpy().ravel():
        assert value is None or isinstance(value, (str, int, float)), type(value)
    rows = nb.select("SELECT ?e ?amount WHERE { ?st sg:subject ?e ; sg:amount ?amount } LIMIT 3")
    assert all(type(r["e"]) is str and type(r["amount"]) in (int, float) for r in rows)


def test_no_label_rows_repeated_per_language(nb):
    import stargate_kg

    own = nb.query("SELECT ?e WHERE { ?e sg:investsIn e:openai }", labels=True)
    assert sorted(own["e_label"]) == ["Microsoft", "Nvidia"]
    catalog = nb.query("people-of", entity="OpenAI")
    assert not catalog.duplicated().any()
    zh = stargate_kg.open(lang="zh")
    assert sorted(zh.query("SELECT ?e WHERE { ?e sg:investsIn e:openai }", labels=True)["e_label"]) == ["微软", "英伟达"]
    assert set(zh.funders("OpenAI")["funder"]) == {"英伟达", "微软"}


def test_notebook_search_and_entities(nb):
    hits = nb.search("合同")
    assert hits.loc[0, "kind"] == "statement" and "3000亿美元" in hits.loc[0, "text"]
    assert len(nb.entities("Person")) >= 27
