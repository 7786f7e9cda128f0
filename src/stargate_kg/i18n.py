"""The words people read, in English and Chinese: headings, column names, money kinds, statuses, dates.

Chinese comes in simplified characters (``zh``) and traditional ones
(``zh-Hant``, Taiwan's ``zh-TW``, Hong Kong's ``zh-HK``): the tables below are
simplified and :mod:`stargate_kg.i18n_zh` writes them in the other script.

One vocabulary for the CLI, the library's tables, the query page and the map.
Names of entities and relations come from the graph (``rdfs:label`` in each
language); the words around them come from here. Quotes are never
translated (they are the articles' own words) and editors' notes stay in
English (the graph holds them in English only); in Chinese the note's
heading says so.

>>> text("funders_of", "zh", name="OpenAI", n=3)
'OpenAI 的资金来源（3）'
>>> concept("equity", "zh"), concept("up to", "zh"), concept("announced", "en")
('股权', '最高', 'announced')
>>> date_text("2025-01-21", "zh"), date_text("2025-09", "zh"), date_text("2019", "zh")
('2025年1月21日', '2025年9月', '2019年')
>>> pick_lang({"STARGATE_KG_LANG": "", "LANG": "zh_CN.UTF-8"}), pick_lang({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"})
('zh', 'en')
>>> pick_lang({"LANG": "zh_TW.UTF-8"}), pick_lang({"LANG": "zh_HK.UTF-8"}), pick_lang({"STARGATE_KG_LANG": "zh-Hant"})
('zh-TW', 'zh-HK', 'zh-Hant')
>>> text("funders_of", "zh-TW", name="輝達", n=3), concept("commitment", "zh-Hant"), date_text("2025-07", "zh-HK")
('輝達 的資金來源（3）', '承諾出資', '2025年7月')
"""

import os
import re

from stargate_kg.i18n_zh import LANGS, base_lang, canonical_lang, is_zh, to_script  # noqa: F401 (LANGS, is_zh: re-exported)
from stargate_kg.i18n_graph import (  # noqa: F401 (names from the graph, re-exported: callers import them from here)
    concept_name, concept_names, entity_name, entity_name_by_label, localize, relation_name, relation_names,
)

#: Headings, column names and messages: key -> (English, Chinese). ``{name}``-style fields are filled by :func:`text`.
WORDS = {
    # funders / funded
    "funders_of": ("Funders of {name} ({n})", "{name} 的资金来源（{n}）"),
    "funded_by": ("Funded by {name} ({n})", "{name} 出资的对象（{n}）"),
    "funders_none": ("Funders of {name}: none in the graph.", "{name} 的资金来源：图中没有记录。"),
    "funded_none": ("Funded by {name}: none in the graph.", "{name} 出资的对象：图中没有记录。"),
    "amount_na": ("amount n/a", "金额不详"),
    "via": ("via", "经由"),
    "deprecated_flag": ("DEPRECATED", "已弃用"),
    "outranked_flag": ("RANKED BELOW a preferred claim", "次于优先说法"),
    "joint_flag": ("JOINT", "联合"),
    "inferred_flag": ("INFERRED", "推断"),
    "conflicts_flag": ("CONFLICTS with {n} claim{s}", "与 {n} 条说法冲突"),
    "money_summary": ("Money summary:", "资金概况："),
    "doubts_head": ("doubts:", "质疑："),
    "ranked_down": ("claims ranked down (kept, not believed):", "降级的说法（保留，但不采信）："),
    "later_report": ("later report", "后续报道"),
    "conflicting_claim": ("conflicting claim", "冲突的说法"),
    "also_names": ("note: the name also names {others}; this is {name}.", "注意：这个名称也指 {others}；这里是 {name}。"),
    "joint_suffix": ("(joint)", "（联合）"),
    "timeline_head": ("Timeline{scope}{range} ({n} event{s}):", "时间线{scope}{range}（{n} 个事件）："),
    "timeline_none": ("Timeline{scope}{range}: no dated events.", "时间线{scope}{range}：没有带日期的事件。"),
    "timeline_of": (" of {name}", "：{name}"),
    "range_from": (" from {date}", "，自 {date}"),
    "range_to": (" to {date}", "，至 {date}"),
    "more_quotes": ("(+{n} more quotes; --json lists them all)", "（另有 {n} 条引文；--json 列出全部）"),
    # entity
    "type": ("type", "类型"),
    "iri": ("iri", "IRI"),
    "aliases": ("aliases", "别名"),
    "wikidata": ("wikidata", "维基数据"),
    "note": ("note", "备注"),
    "note_en": ("note", "备注（英文）"),
    "also_alias": ("{name!r} is also an alias of: {others}", "“{name}”也是以下实体的别名：{others}"),
    "statements": ("Statements ({n})", "陈述（{n}）"),
    "point_in_time": ("point in time", "时间"),
    "start_time": ("start time", "开始"),
    "end_time": ("end time", "结束"),
    "duration": ("duration", "时长"),
    "date_qualifier": ("date qualifier", "时间限定"),
    "why": ("why: ", "原因（英文）："),
    "stated_by": ("stated by", "表述者"),
    "says": ("says:", "称："),
    "jointly_with": ("== jointly with", "== 联合"),
    "inferred_reading": ("[INFERRED: an editor's reading]", "[推断：编辑的解读]"),
    "nearby_head": (
        "Figures one hop away ({n}): money on what {name} is linked to",
        "一步之外的数字（{n}）：与{name}相连的实体的资金",
    ),
    "money_kind": ("money kind", "资金类型"),
    "status": ("status", "状态"),
    # columns (table and md headings; csv, tsv and json keep the English keys)
    "col_n": ("#", "#"),
    "col_entity": ("entity", "实体"),
    "col_type": ("type", "类型"),
    "col_label": ("label", "名称"),
    "col_label_zh": ("Chinese label", "中文名"),
    "col_label_en": ("English label", "英文名"),
    "col_aliases": ("aliases", "别名"),
    "col_funder": ("funder", "出资方"),
    "col_recipient": ("recipient", "接受方"),
    "col_kind": ("kind", "类型"),
    "col_amount": ("amount", "金额"),
    "col_currency": ("currency", "货币"),
    "col_bound": ("bound", "限定"),
    "col_joint": ("joint", "联合"),
    "col_date": ("date", "日期"),
    "col_status": ("status", "状态"),
    "col_rank": ("rank", "等级"),
    "col_article": ("article", "文章"),
    "col_quote": ("quote", "引文"),
    "col_sources": ("sources", "来源"),
    "col_outlets": ("outlets", "媒体"),
    "col_published": ("published", "发布日期"),
    "col_relation": ("relation", "关系"),
    "col_subject": ("subject", "主体"),
    "col_object": ("object", "客体"),
    "col_match": ("match", "匹配"),
    "col_field": ("matched in", "匹配位置"),
    "col_score": ("score", "得分"),
    "col_iri": ("iri", "IRI"),
    "col_count": ("count", "数量"),
    "col_section": ("section", "类别"),
    "col_key": ("key", "项目"),
    "col_value": ("value", "数值"),
    # network
    "path_head": ("{a} -> {b}: {n} hop{s}", "{a} -> {b}：{n} 步"),
    "same_entity": ("A and B are the same entity.", "A 和 B 是同一个实体。"),
    "path_n": ("Path {i}. ", "路径 {i}. "),
    "more_sources": ("(+{n} more)", "（另有 {n} 条）"),
    "other_statements": ("(+{n} other statement{s})", "（另有 {n} 条陈述）"),
    "neighbors_head": ("{name}: {n} entit{ies} within {depth} hop{s}", "{name}：{depth} 步内有 {n} 个实体"),
    "neighbors_via": ("via", "经由"),
    "communities_head": ("{n} communities ({method}, modularity {q:.3f})", "{n} 个社群（{method}，模块度 {q:.3f}）"),
    "communities_isolated": ("({n} entities with no link are not shown)", "（未显示 {n} 个没有关系的实体）"),
    "no_cycles": ("No money cycles.", "没有资金循环。"),
    "cycle_n": ("Cycle {i}: {loop}", "循环 {i}：{loop}"),
    # search and list
    "search_head": ("{n} match{es} for {query!r}", "“{query}”的匹配结果：{n} 条"),
    "search_none": ("Nothing matches {query!r}.", "没有与“{query}”匹配的内容。"),
    "search_names": ("Entities", "实体"),
    "search_statements": ("Statements", "陈述"),
    "matched_alias": ("alias", "别名"),
    "matched_label": ("label", "名称"),
    "matched_search_name": ("search name", "检索名"),
    "matched_quote": ("quote", "引文"),
    "matched_note": ("note", "备注"),
    "list_head": ("{n} entit{ies}", "{n} 个实体"),
    "list_head_type": ("{n} entit{ies} of type {type}", "{n} 个{type}类实体"),
    # the query page (static/app.js reads these from /examples.json?lang=...)
    "page_title": ("Stargate knowledge graph · SPARQL", "星际之门知识图谱 · SPARQL"),
    "page_about": (
        "A read-only SPARQL 1.1 endpoint at /sparql. Prefixes such as sg:, e:, rdfs: are declared for you.",
        "只读的 SPARQL 1.1 端点：/sparql。sg:、e:、rdfs: 等前缀已为你声明。",
    ),
    "page_language": ("Language", "语言"),
    "page_examples": ("Catalog questions", "目录中的问题"),
    "page_pick": ("— pick an example —", "— 选择一个示例 —"),
    "page_example_values": (
        "Example values: {values} (bound in the VALUES line; edit it to ask about something else).",
        "示例值：{values}（写在 VALUES 一行中；修改它即可询问其他内容）。",
    ),
    "page_query": ("Query", "查询"),
    "page_run": ("Run query", "运行查询"),
    "page_hint": ("Ctrl+Enter runs it.", "按 Ctrl+Enter 运行。"),
    "page_running": ("running…", "运行中…"),
    "page_rows": ("{n} rows", "{n} 行"),
    "page_row": ("1 row", "1 行"),
    "page_in": ("{summary} in {ms} ms", "{summary}，用时 {ms} 毫秒"),
    "page_failed": ("failed after {ms} ms", "{ms} 毫秒后失败"),
    "page_graph": ("graph (Turtle)", "图（Turtle）"),
    "page_no_answer": ("The endpoint did not answer: {error}", "端点没有应答：{error}"),
    "page_triples": ("{n} triples. ", "{n} 个三元组。"),
    "page_limits": (
        "Read-only; each query may run {timeout} s and return {rows} rows. SPARQL Update, SERVICE and FROM are refused.",
        "只读；每个查询最多运行 {timeout} 秒、返回 {rows} 行。SPARQL Update、SERVICE 和 FROM 会被拒绝。",
    ),
    # validate
    "validate_counts": (
        "{statements} statements, {references} references; quotes verified: {ok}/{all}",
        "{statements} 条陈述，{references} 条引用；已核实的引文：{ok}/{all}",
    ),
    "validate_skipped": ("skipped {why}", "已跳过：{why}"),
    "validate_ok": ("OK: no violations.", "通过：没有违规。"),
    "validate_failed": ("FAILED: {n} violation(s).", "未通过：{n} 处违规。"),
    # queries
    "queries_example": ("e.g.", "例如："),
    "queries_head": ("{n} catalog questions:", "目录中的问题（{n} 个；标题和说明为英文）："),
    # cache
    "cache_removed": ("Removed {n} cached store{s} from {folder}.", "已从 {folder} 删除 {n} 个缓存的存储。"),
    "cache_folder": ("Cache folder: {folder} ({n} store{s})", "缓存文件夹：{folder}（{n} 个存储）"),
    "cache_store": (
        "{sources}: {triples} triples, built {built}, {mb:.1f} MB, {state}",
        "{sources}：{triples} 个三元组，建于 {built}，{mb:.1f} MB，{state}",
    ),
    "cache_current": ("current", "最新"),
    "cache_stale": ("out of date (rebuilt on next use)", "已过期（下次使用时重建）"),
    # stats
    "stats_line": (
        "{entities} entities, {statements} statements, {references} references, {sources} sources, {triples} triples",
        "{entities} 个实体，{statements} 条陈述，{references} 条引用，{sources} 篇来源，{triples} 个三元组",
    ),
    "stats_quotes": ("quotes verified against the articles: {ok}/{all}", "已对照文章核实的引文：{ok}/{all}"),
    "stats_wikidata": ("entities with a Wikidata link: {n}", "有维基数据链接的实体：{n}"),
    "entities_by_type": ("Entities by type", "按类型统计的实体"),
    "statements_by_family": ("Statements by family", "按类别统计的陈述"),
    "statements_by_money_kind": ("Statements by money kind", "按资金类型统计的陈述"),
    "statements_by_rank": ("Statements by rank", "按等级统计的陈述"),
    "statements_per_source": ("Statements per source", "每篇来源的陈述"),
    "statements_by_relation": ("Statements by relation", "按关系统计的陈述"),
}

#: Money kinds, statuses, bounds, ranks and relation families: the English
#: ``skos:prefLabel`` -> Chinese. The ontology holds the same Chinese words as
#: the concepts' ``rdfs:label``@zh (a test keeps the two equal).
CONCEPTS = {
    # money kinds
    "equity": "股权",
    "ownership": "控股",
    "commitment": "承诺出资",
    "loan": "贷款",
    "purchase": "采购",
    "capex": "资本支出",
    "loss": "亏损",
    "backlog": "剩余履约义务",
    "cost-estimate": "成本估算",
    # statuses
    "announced": "已宣布",
    "committed": "已承诺",
    "planned": "计划中",
    "reported": "据报道",
    "under construction": "在建",
    "operating": "运营中",
    "completed": "已完成",
    "disputed": "有争议",
    "cancelled": "已取消",
    "scaled back": "已缩减",
    "considered": "考虑中",
    "projected": "预计",
    # ranks
    "preferred": "首选",
    "normal": "普通",
    "deprecated": "已弃用",
    # bounds
    "up to": "最高",
    "at least": "至少",
    "more than": "超过",
    "less than": "不足",
    "about": "约",
    "exactly": "恰好",
    "several": "数",
    "at least several": "至少数",
    # what a duration measures; how sure a hedged statement is
    "within": "之内",
    "delayed by": "推迟",
    "under way for": "已开展",
    "likely": "很可能",
    # relation families
    "funding": "出资",
    "money flow": "资金往来",
    "partnership": "合作",
    "roles": "职务",
    "location": "位置",
    "site": "园区与项目",
    "attribute": "属性",
    "claim": "观点与质疑",
    "other": "其他",
}

#: Date qualifiers (their English prefLabel -> Chinese); apart from CONCEPTS because "about" is also a bound.
DATE_QUALIFIERS = {
    "as early as": "最早", "about": "左右", "before": "之前", "by the end of": "年底前", "early": "初",
    "mid": "中期", "late": "末",
}  # fmt: skip

#: Kinds of timeline events (not concepts of the graph: the timeline sorts statements into them).
EVENT_KINDS = {
    "announcement": "公告", "pledge": "承诺", "investment": "投资", "contract": "合同", "completion": "完工",
    "report": "报道", "event": "事件",
}  # fmt: skip

#: Entity types (class local names) -> Chinese, as the ontology's class labels say.
TYPES = {
    "Entity": "实体", "Organization": "组织", "Company": "公司", "JointVenture": "合资公司",
    "InvestmentFund": "投资基金", "GovernmentBody": "政府机构", "MediaOutlet": "媒体", "Person": "人物",
    "Place": "地点", "Country": "国家", "State": "州", "County": "县", "City": "城市", "Region": "地区",
    "DataCenterSite": "数据中心站点", "Project": "项目", "Product": "产品", "Hardware": "硬件",
    "AIModel": "AI模型", "Software": "软件或服务", "Event": "事件", "Publication": "出版物", "Sector": "行业",
}  # fmt: skip


def pick_lang(environ=None):
    """The default language: $STARGATE_KG_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else 'en'.

    As POSIX says, the first of LC_ALL, LC_MESSAGES, LANG that is set decides: zh_TW and zh_HK (and zh_MO)
    are traditional Chinese with their region's names, another zh_* locale simplified Chinese, anything else
    English. A $STARGATE_KG_LANG that names no language is an error (InvalidChoice), not a silent English.
    """
    env = os.environ if environ is None else environ
    chosen = (env.get("STARGATE_KG_LANG") or "").strip()
    if chosen:
        if canonical_lang(chosen) is None:
            from stargate_kg.exceptions import InvalidChoice

            raise InvalidChoice("language", chosen, LANGS, where="$STARGATE_KG_LANG")
        return canonical_lang(chosen)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip()
        if value:
            return canonical_lang(value) or ("zh" if value.lower().startswith("zh") else "en")
    return "en"


def check_lang(lang, what="language"):
    """``lang`` as one of LANGS (en, zh, zh-Hant, zh-TW, zh-HK; also zh_TW, zh-Hant-HK, zh-CN...); raise InvalidChoice otherwise."""
    chosen = canonical_lang(lang)
    if chosen is None:
        from stargate_kg.exceptions import InvalidChoice

        raise InvalidChoice(what, lang, LANGS)
    return chosen


def text(key, lang="en", **fields):
    """The vocabulary entry ``key`` in ``lang``, with ``fields`` filled in (English plurals: s, es, ies)."""
    en, zh = WORDS[key]
    fields.setdefault("s", "" if fields.get("n") == 1 else "s")
    fields.setdefault("es", "" if fields.get("n") == 1 else "es")
    fields.setdefault("ies", "y" if fields.get("n") == 1 else "ies")
    return (to_script(zh, lang) if is_zh(lang) else en).format(**fields)


def concept(label, lang="en"):
    """A money kind, status, bound, rank or family (its English prefLabel) in ``lang``; unknown words stay as they are."""
    if label is None:
        return None
    if not is_zh(lang):
        return label
    return to_script(CONCEPTS.get(label) or EVENT_KINDS.get(label, label), lang)


def type_name(local, lang="en"):
    """An entity type (class local name) in ``lang``."""
    return to_script(TYPES.get(local, local), lang) if is_zh(lang) else local


def column(key, lang="en"):
    """A column heading: the vocabulary's ``col_KEY`` in ``lang``, else the key itself."""
    entry = WORDS.get(f"col_{key}")
    if entry is None:
        for suffix, tail in (("_label", ""), ("_iri", " IRI")):
            if key.endswith(suffix) and f"col_{key[: -len(suffix)]}" in WORDS:
                return column(key[: -len(suffix)], lang) + tail
        return key
    return to_script(entry[1], lang) if is_zh(lang) else entry[0]


_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_text(value, lang="en"):
    """A date (``2025-01-21``, ``2025-09``, ``2019``) as people write it in ``lang``: ISO in English, 2025年1月21日 in Chinese."""
    if value in (None, ""):
        return ""
    value = str(value)
    if not is_zh(lang):
        return value
    m = _DATE.match(value)
    if not m:
        return value
    y, mo, d = m.groups()
    out = f"{int(y)}年"
    if mo:
        out += f"{int(mo)}月"
    if d:
        out += f"{int(d)}日"
    return out


#: Columns whose values are concepts (translated in Markdown tables) or dates.
CONCEPT_COLUMNS = {"kind", "money_kind", "status", "bound", "rank", "family"}
DATE_COLUMNS = {"date", "point_in_time", "start_time", "end_time"}


def vocabulary(lang="en"):
    """Everything above in one language, as JSON-able data (for pages: the query page, the map)."""
    return {
        "lang": lang,
        "words": {k: (to_script(zh, lang) if is_zh(lang) else en) for k, (en, zh) in WORDS.items()},
        "concepts": {k: concept(k, lang) for k in CONCEPTS},
        "types": {k: type_name(k, lang) for k in TYPES},
    }
