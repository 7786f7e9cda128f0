"""The catalog's words in Chinese: column headings of ``stargate-kg query`` tables and the values of the catalog's own columns.

Titles and descriptions are in each question's header (``# title_zh:``,
``# description_zh:``). JSON, CSV and TSV keep the English variable names and
values (programs match on them); tables and Markdown for people use these.
Every Chinese text of the catalog reaches the reader through :func:`zh`, the
one place where simplified text is turned into the script ``lang`` asks for.

>>> heading("payer", "zh"), heading("articles", "zh"), heading("payer", "en")
('付款方', '文章', 'payer')
>>> value("role", "doubt", "zh"), value("direction", "in", "zh"), value("role", "doubt", "en")
('质疑', '来自对方', 'doubt')
"""

#: Column name -> Chinese heading (names the general vocabulary, stargate_kg.i18n, does not have).
HEADINGS = {
    "a": "甲", "b": "乙", "c": "丙", "kind_ab": "甲→乙类型", "kind_bc": "乙→丙类型", "kind_ca": "丙→甲类型",
    "about": "涉及", "articles": "文章", "builder": "建设方", "buyer": "买方", "capacity": "容量", "claim": "说法",
    "conflicts_with": "与之冲突的说法", "direction": "方向", "doubts": "质疑对象", "duration": "期限", "end": "结束日期",
    "entities": "实体数", "figure": "提到的金额", "file": "文件", "funders": "出资方", "headline": "标题",
    "inferred": "推断", "joint_funders": "联合出资方", "located_in": "所在地", "measure": "指标", "operator": "运营方", "overseer": "监督方", "lessor": "出租方",
    "organization": "组织", "other": "对象", "other_article": "对方文章", "other_rank": "对方等级", "partner": "合作方",
    "party": "相关方", "payee": "收款方", "payer": "付款方", "person": "人物", "person_zh": "中文名", "place": "地点",
    "place_zh": "中文名", "published": "发表日期", "publisher": "发布者", "qualifier": "时间限定", "quotes": "引文数",
    "reason": "原因（英文）", "role": "角色", "said": "所说（英文）", "seller": "卖方", "site": "站点",
    "stargate": "星际之门", "state": "州", "statements": "陈述数", "unit": "单位", "who": "谁", "wikidata": "维基数据",
}  # fmt: skip

#: Column name -> {English value: Chinese} for values the catalog writes itself (not labels from the graph).
VALUES = {
    "role": {"claim": "声称", "doubt": "质疑", "support": "支持"},
    "direction": {"out": "指向对方", "in": "来自对方"},
}

#: Columns whose values are dates (besides stargate_kg.i18n.DATE_COLUMNS) or concepts: ranks, money kinds
#: (besides stargate_kg.i18n.CONCEPT_COLUMNS).
DATE_COLUMNS = {"end", "published"}
CONCEPT_COLUMNS = {"other_rank", "kind_ab", "kind_bc", "kind_ca"}

#: Columns only English fills (the editors' English summary); Chinese tables leave them out when a
#: ``quote`` column gives the article's own sentence.
ENGLISH_ONLY = {"said"}


def zh(text, lang):
    """Simplified Chinese ``text`` in the script ``lang`` asks for ('zh': simplified, as written here).

    The one hook for traditional characters: every Chinese word of the catalog passes here.

    >>> zh("出资方", "zh"), zh("出资方", "zh-TW")
    ('出资方', '出資方')
    """
    from stargate_kg.i18n_zh import to_script

    return to_script(text, lang)


def heading(name, lang="en"):
    """The heading of column ``name`` in ``lang``: the catalog's word, else the general vocabulary's, else the name."""
    if lang == "en":
        return name
    if name in HEADINGS:
        return zh(HEADINGS[name], lang)
    from stargate_kg.i18n import column

    return zh(column(name, "zh"), lang)


def value(column, text, lang="en"):
    """A value of the catalog's own ``column`` (role, direction) in ``lang``; others are returned as they are."""
    if lang == "en" or text is None:
        return text
    word = VALUES.get(column, {}).get(text)
    return zh(word, lang) if word else text
