"""Names written another way: regional forms, English names in brackets, near-duplicates, things that are not names.

Articles from Taiwan and Hong Kong write the names the graph knows in other
words, not only in other characters (OpenCC maps 輝達 to 辉达, not to 英伟达):
:data:`REGIONAL` lists those forms by the English label of the entity they
name. A county the graph writes …县 is …郡 in Taiwan, and an article may name
it by its English name alone (德州Milam). An English name in brackets after a
Chinese one (唐娜安娜郡（Dona Ana County）) says which entity the Chinese name
is, whatever its transliteration.

A new-name proposal is checked against every existing name (scripts folded,
spaces and dots ignored, then a fuzzy ratio with rapidfuzz), and is never a
unit (百萬瓩), an amount word (億美元於) or a verb fragment (新建, 共開發).

>>> not_a_name("百萬瓩"), not_a_name("共开发"), not_a_name("Sur Energy")
(True, True, False)
>>> latin_type("Vantage Data Centers", ""), latin_type("Port Washington", "威斯康星州的"), latin_type("Orion 2", "", "超级集群有")
('Company', 'City', 'DataCenterSite')
"""

import re

#: Other names of known entities, as articles of other regions write them (simplified after folding) -> English label.
REGIONAL = {
    "辉达": "Nvidia", "川普": "Donald Trump", "亚比林": "Abilene", "奥尔特曼": "Sam Altman", "阿特曼": "Sam Altman",
    "山姆·奥尔特曼": "Sam Altman", "萨姆·奥尔特曼": "Sam Altman", "软体银行": "SoftBank Group", "软银集团": "SoftBank Group",
    "星门": "Stargate", "星门计画": "Stargate", "星际之门计画": "Stargate", "星际之门计划": "Stargate",
    "唐纳安那郡": "Doña Ana County", "唐娜安娜郡": "Doña Ana County", "多纳安娜县": "Doña Ana County", "唐娜安娜": "Doña Ana County",
    "多尼亚安纳县": "Doña Ana County", "谢克尔福德县": "Shackelford County", "沙克尔福德郡": "Shackelford County",
    "米拉姆郡": "Milam County", "米勒姆县": "Milam County", "洛德斯敦": "Lordstown", "洛兹镇": "Lordstown",
    "德州": "Texas", "得州": "Texas", "德克萨斯州": "Texas", "威斯康辛州": "Wisconsin", "密西根州": "Michigan",
    "格雷格·布罗克曼": "Greg Brockman", "布罗克曼": "Greg Brockman", "孙正义": "Masayoshi Son", "黄仁勋": "Jensen Huang",
    "Dona Ana": "Doña Ana County", "Shackelford": "Shackelford County", "Milam": "Milam County",
}
#: Words that are never an entity: units, amount words, verbs and fragments the tagger may return as names.
NOT_NAMES = {
    "百万瓩", "千瓩", "万瓩", "瓩", "兆瓦", "吉瓦", "千兆瓦", "百万瓦", "亿瓦", "美元", "亿美元", "万美元", "新台币", "人民币",
    "新建", "共开发", "合作开发", "开发", "兴建", "建设", "营运", "运营", "宣布", "宣佈", "表示", "投资", "合资", "出资", "埋单",
    "关联", "关联公司", "相关公司", "其关联公司", "执行长", "行政总裁", "联合行政总裁", "总裁", "董事长", "高管", "主管", "分析师", "知情人士", "外电", "财经频道",
}
BOUND_WORDS = re.compile(r"多达|高达|超过|最高|达到|容纳|约合|左右|以上")
UNIT_RX = re.compile(r"(瓩|瓦|美元|亿|万|兆|元|於|于|个|座|家|吉|GW|MW)$|^\d|\d", re.I)
COMPANY_WORDS = re.compile(r"\b(Energy|Data Centers?|Capital|Management|Partners|Holdings|Group|Inc|LLC|Ltd|Corp|Corporation|"
                           r"Technologies|Systems|Networks|Power|Digital|Infrastructure|Ventures|Fund)\b", re.I)


def not_a_name(text):
    """True for a proposal that is a unit, an amount, a number, a verb or a title rather than a name."""
    from stargate_kg.intake.text import fold

    t = fold(text).strip()
    if not t or t in NOT_NAMES or len(t) < 2:
        return True
    if re.search(r"[\u4e00-\u9fff]", t) and (UNIT_RX.search(t) or BOUND_WORDS.search(t)):
        return True
    return bool(re.fullmatch(r"[\d.,\s%]+", t))


#: Words after a name that say it is a data center or a computing cluster (Colossus 1 超级集群, X 资料中心).
SITE_AFTER = re.compile(r"\s*(的)?\s*(超级集群|超算集群|超级计算机|超算|数据中心|资料中心|运算中心|园区|campus|supercluster|data cent)", re.I)
#: A chip's name before 集群 (Blackwell GPU集群: a cluster of those chips, not a site called so).
CHIP_NAME = re.compile(r"\b(GPU|TPU|CPU|chips?|GB\d+|H\d+)$", re.I)


def latin_type(text, before, after=""):
    """A type for a new Latin-script name from its words and the text just before it (a state then 的: a place) and
    just after it (超级集群, 数据中心: a data-center site)."""
    if COMPANY_WORDS.search(text):
        return "Company"
    if SITE_AFTER.match(after) and not SITE_AFTER.match(after).group(1) and not CHIP_NAME.search(text):
        return "DataCenterSite"
    if re.search(r"(州|县|郡|国)(的|之)?\s*$", before) or re.search(r"(位于|位在|选址|在)\s*$", before):
        return "City"
    return "Organization"


def regional_rows(entities):
    """Extra (iri, name, type, is_label, label) rows for :class:`~stargate_kg.intake.names.NameIndex`: the regional forms,
    the 郡 form of every …县, and a county's English label without "County"."""
    by_label = {e.label: e for e in entities}
    rows = []
    for name, label in REGIONAL.items():
        e = by_label.get(label)
        if e is not None:
            rows.append((e.iri, name, e.types[0] if e.types else "Entity", False, e.label))
    for e in entities:
        typ = e.types[0] if e.types else "Entity"
        zh = e.labels.get("zh", "")
        if typ == "County" and zh.endswith("县"):
            rows.append((e.iri, zh[:-1] + "郡", typ, False, e.label))
        for en in [e.labels.get("en", "")] + list(e.search_names):
            if typ == "County" and en.endswith(" County"):
                rows.append((e.iri, en, typ, False, e.label))
    return rows


BRACKET = re.compile(r"([\u4e00-\u9fff·・]{2,16})\s*[（(]\s*([A-Za-z][A-Za-z .'\-ñÑ]{1,40}?)\s*[）)]")


def bracket_mentions(article, known):
    """Mentions of known entities written in Chinese the graph does not know, with the entity's English name in
    brackets after them: 唐娜安娜郡（Dona Ana County） -> Doña Ana County. The Chinese span is what no known mention
    covers just before the bracket (a state, a title before it is left out)."""
    from stargate_kg.intake.names import TITLE_RX, Mention

    out = []
    for m in BRACKET.finditer(article.search, 0, article.body_end):
        inside = [k for k in known if k.start >= m.start(2) and k.end <= m.end(2)]
        if not inside:
            continue
        s, e = m.span(1)
        for k in known:  # a known name inside the Chinese run (德州沙克尔福德郡): what follows it is the name
            if s < k.end <= e:
                s = max(s, k.end)
        if any(s < k.end and k.start < e for k in known):
            continue
        lead = re.match(r".*(?:" + TITLE_RX + r"|州|市|国)", article.search[s:e])
        if lead and e - (s + lead.end()) >= 2:
            s += lead.end()
        if e - s < 2 or not article.sentence_at(s):
            continue
        ent = inside[0]
        out.append(Mention(s, e, article.raw[s:e], ent.iri, ent.type, ent.label, how="English name in brackets"))
    return out


NAMED = re.compile(r"(?:名为|名叫|命名为|代号为?|称为)\s*[「“\"]?(?P<zh>[\u4e00-\u9fff]{2,8})?[」”\"]?\s*[（(]?\s*(?P<en>[a-z][a-z .'\-]{1,40}?)?\s*[）)]?(?=[，,。；;]|$)")
PLACE_PROJECT = re.compile(r"[「“\"](?P<name>[\u4e00-\u9fff]{2,5}星际之门)(?:项目|计划|计画)?[」”\"]")


def named_projects(article, known):
    """Projects an article names: 名为燈塔(Lighthouse), 「阿根廷星际之门」 (a country's Stargate is its own project, not
    the 2025 joint venture). New mentions of type Project; a 「X星际之门」 replaces the known 星际之门 inside it."""
    from stargate_kg.intake.names import Mention

    out = []
    for m in NAMED.finditer(article.search, 0, article.body_end):
        if not (m.group("zh") or m.group("en")):
            continue
        s, e = m.span("zh") if m.group("zh") else m.span("en")
        en = article.raw[m.start("en") : m.end("en")].strip() if m.group("en") else ""
        if any(k.start <= s and e <= k.end for k in known):
            continue  # 代号为“星际之门”: a name the graph knows
        if article.sentence_at(s) and not not_a_name(article.raw[s:e]):
            out.append(Mention(s, e, article.raw[s:e], None, "Project", article.raw[s:e], new=True, how="named: 名为", en=en))
    for m in PLACE_PROJECT.finditer(article.search, 0, article.body_end):
        s, e = m.span("name")
        if article.sentence_at(s) and not any(o.start < e and s < o.end for o in out):
            out.append(Mention(s, e, article.raw[s:e], None, "Project", article.raw[s:e], new=True, how="a country's Stargate"))
    return out


def near_duplicate(text, index, cutoff=90.0):
    """The known entity a new name duplicates (scripts folded, spaces and dots ignored, then rapidfuzz ratio >= cutoff),
    as (iri, type, label), or None: SamAltman is Sam Altman, Lordstown, Ohio is Lordstown."""
    from rapidfuzz import fuzz

    from stargate_kg.intake.text import fold

    key = re.sub(r"[\s·・.\-_,，]", "", fold(text))
    if len(key) < 3:
        return None
    keys = getattr(index, "_fuzzy_keys", None)
    if keys is None:
        keys = index._fuzzy_keys = [n.key for n in index.names]
    if key in keys:
        n = index.names[keys.index(key)]
        return n.iri, n.type, n.label
    from rapidfuzz import process

    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is None or abs(len(hit[0]) - len(key)) > max(2, len(key) // 4):
        return None
    n = index.names[hit[2]]
    return n.iri, n.type, n.label
