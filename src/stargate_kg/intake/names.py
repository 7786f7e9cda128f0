"""Entity mentions in an article: the names the graph knows, and names it does not know yet.

Known entities are found by every name the graph has for them (English and
Chinese labels, aliases, search names), folded as lookup folds them (case,
width, traditional/simplified; spaces, dots and middle dots between the
characters of a name may vary: 「山姆・奥特曼」 = 山姆·奥特曼, 「Mt.\\nPleasant」 =
Mt. Pleasant). A Latin name must stand as its own word ("Son" is not in
"Ellison"). The longest name wins where two overlap (德州阿比林数据中心 over 阿比林).

New names come from jieba's part-of-speech tags (nr person, ns place, nt
organisation, eng Latin words) and the article's own patterns: a title before
a name (CEO黄仁勋, 首席执行官山姆·奥特曼, 记者Emily Chang), an organisation
word after one (…公司), a place ending (…县, …州, …市).

>>> idx = NameIndex.from_names([("e:openai", "OpenAI", "Company"), ("e:openai", "Open AI", "Company")])
>>> [(m.iri, m.text) for m in idx.find(fold("OpenAI与甲骨文；Open AI"))]
[('e:openai', 'openai'), ('e:openai', 'open ai')]
"""

import re
from dataclasses import dataclass

from stargate_kg.intake.text import fold

SEP = r"[\s·・．.\-_]{0,2}"
TITLES = {
    "首席执行官": "ceoOf", "ceo": "ceoOf", "执行长": "ceoOf", "总裁": "presidentOf", "董事长": "chairOf", "主席": "chairOf",
    "创始人": "founderOf", "联合创始人": "founderOf", "创办人": "founderOf", "首席财务官": "cfoOf", "cfo": "cfoOf",
    "首席技术官": "ctoOf", "cto": "ctoOf", "发言人": "spokespersonOf", "高管": "executiveOf", "副总裁": "executiveOf",
    "总经理": "executiveOf", "负责人": "executiveOf", "首席科学家": "executiveOf", "总监": "executiveOf",
    "记者": "reporterFor", "编辑": "editorOf", "责编": "editorOf", "校对": "editorOf", "编译": "reporterFor",
    "作者": "reporterFor", "总统": "headOfStateOf", "前总统": "headOfStateOf",
    # Hong Kong and Taiwan titles: 行政总裁 is a CEO (not a president), 执行长 / 首席执行长 too
    "行政总裁": "ceoOf", "联合行政总裁": "ceoOf", "首席执行长": "ceoOf", "营运长": "executiveOf", "财务长": "cfoOf", "技术长": "ctoOf",
}
TITLE_RX = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
PLACE_ENDINGS = {"县": "County", "郡": "County", "州": "State", "省": "State", "市": "City", "镇": "City"}
ORG_WORDS = ("公司", "集团", "基金", "银行", "大学", "研究院", "实验室", "政府", "委员会", "协会", "交易所")


@dataclass
class Mention:
    """A name in the text: [start, end) in the file, the entity (IRI, or None for a new name) and its type."""

    start: int
    end: int
    text: str
    iri: str | None
    type: str
    label: str = ""
    new: bool = False
    how: str = ""  # why a new name was taken: "after CEO", "jieba nr", ...
    en: str = ""  # an English name the article gives beside a new Chinese one


@dataclass
class _Name:
    iri: str
    pattern: object
    length: int
    is_label: bool
    type: str
    label: str
    key: str = ""


class NameIndex:
    """Every name of every known entity, compiled for search in folded text."""

    def __init__(self, names):
        self.names = names
        self.by_iri = {}
        self.clues = {}  # iri -> words its names add around a name it shares with another entity

    @classmethod
    def from_names(cls, rows):
        """``rows``: (iri, name, type[, is_label, label]) tuples."""
        names = []
        seen = set()
        for row in rows:
            iri, name, typ = row[:3]
            is_label = row[3] if len(row) > 3 else True
            label = row[4] if len(row) > 4 else name
            key = re.sub(r"[\s·・．.\-_]", "", fold(name))
            if len(key) < 2 or (iri, key) in seen:
                continue
            if key.isascii() and len(key) < 3 and not name.isupper():
                continue  # "Ai", "Dr": too short to find safely
            seen.add((iri, key))
            before = r"(?<![a-z0-9])" if key[0].isascii() and key[0].isalnum() else ""
            after = r"(?![a-z0-9])" if key[-1].isascii() and key[-1].isalnum() else ""
            body = SEP.join(re.escape(ch) for ch in key)
            names.append(_Name(iri, re.compile(before + body + after), len(key), is_label, typ, label, key))
        return cls(names)

    @classmethod
    def from_graph(cls, kg):
        """The names of every entity in ``kg`` (labels first, so a label beats an alias)."""
        from stargate_kg.lookup import entity_index

        rows = []
        for ent in entity_index(kg).values():
            typ = ent.types[0] if ent.types else "Entity"
            zh = ent.labels.get("zh")
            for text in ent.labels.values():
                rows.append((ent.iri, text, typ, True, ent.label))
            for text in ent.aliases + ent.search_names:
                rows.append((ent.iri, text, typ, False, ent.label))
            # an alias's bracketed parts name the entity too: 甲骨文（Oracle） -> 甲骨文, Oracle (not an English
            # label's description: "Stargate I (Abilene, Texas)", "... plan (2024)")
            for text in ([zh] if zh else []) + ent.aliases:
                for part in re.split(r"[（）()]", text):
                    part = part.strip()
                    if part and part != text and len(part) >= 2 and not re.search(r"[,，\d]", part):
                        rows.append((ent.iri, part, typ, False, ent.label))
        from stargate_kg.intake.variants import regional_rows

        rows += regional_rows(list(entity_index(kg).values()))
        idx = cls.from_names(rows)
        idx.by_iri = {iri: ent for iri, ent in entity_index(kg).items()}
        names_of = {}
        for iri, name, *_ in rows:
            names_of.setdefault(iri, set()).add(fold(name))
        owners = {}
        for iri, names in names_of.items():
            for n in names:
                owners.setdefault(n, set()).add(iri)
        for n, iris in owners.items():
            if len(iris) < 2 or len(n) < 2:
                continue
            for iri in iris:
                for other in names_of[iri]:
                    if n in other and other != n:
                        for w in re.split(r"[\s“”\"'()（）《》「」·・]+", other.replace(n, " ")):
                            if len(w) >= 2 and w not in owners:  # a clue is not itself a name (stargate)
                                idx.clues.setdefault(iri, set()).add(w)
        return idx

    def find(self, folded, sentence_of=None):
        """Known-entity mentions in ``folded`` text (from :func:`fold`), longest first, no overlaps.

        A name several entities share (星际之门: the 2025 project's label, an alias of the 2024 supercomputer)
        goes to the one the context names by its other names: in the same sentence (``sentence_of(offset)``
        gives a sentence key), else in the whole text; else to the entity whose label it is.
        """
        hits = []
        for n in self.names:
            for m in n.pattern.finditer(folded):
                hits.append((m.start(), m.end(), n))
        spans = {}
        for s, e, n in hits:
            spans.setdefault((s, e), []).append(n)
        # longest span first; at equal spans a label beats an alias
        order = sorted(spans, key=lambda se: (-(se[1] - se[0]), se[0]))
        taken, chosen = [], []
        for s, e in order:
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            cands = sorted(spans[(s, e)], key=lambda n: not n.is_label)
            chosen.append((s, e, cands))
        key = sentence_of or (lambda pos: None)
        sure_article, sure_sentence = {}, {}
        for s, e, cands in chosen:
            if len({n.iri for n in cands}) == 1:
                sure_article[cands[0].iri] = sure_article.get(cands[0].iri, 0) + 1
                k = (key(s), cands[0].iri)
                sure_sentence[k] = sure_sentence.get(k, 0) + 1
        out = []
        for s, e, cands in chosen:
            pick = cands[0]
            if len({n.iri for n in cands}) > 1:
                shared = folded[s:e]
                sent_text = folded[max(0, s - 60) : e + 60] if sentence_of is None else _sentence_text(folded, s, e, key)

                def score(n):
                    # the words an entity's other names add to the shared one: 星际之门超级计算机 -> 超级计算机
                    clue = sum(len(w) for w in self.clues.get(n.iri, ()) if w != shared and w in sent_text)
                    here = sure_sentence.get((key(s), n.iri), 0) if key(s) is not None else 0
                    return (here + clue, sure_article.get(n.iri, 0), n.is_label)
                pick = max(cands, key=score)
            out.append(Mention(s, e, folded[s:e], pick.iri, pick.type, pick.label))
        return sorted(out, key=lambda m: m.start)


def _sentence_text(folded, s, e, key):
    """The text around [s, e) that belongs to the same sentence (as ``key`` numbers sentences)."""
    k = key(s)
    a, b = s, e
    while a > 0 and s - a < 200 and key(a - 1) == k:
        a -= 1
    while b < len(folded) and b - e < 200 and key(b) == k:
        b += 1
    return folded[a:b]


_JIEBA = None


def _jieba(words=()):
    """jieba's POS tagger, loaded once, quiet, with ``words`` added to its dictionary."""
    global _JIEBA
    if _JIEBA is None:
        import logging

        try:
            import jieba
            import jieba.posseg
        except ImportError:
            from stargate_kg.exceptions import IntakeError

            raise IntakeError("drafting needs jieba: pip install 'stargate-kg[intake]'") from None

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _JIEBA = jieba
    for w in words:
        _JIEBA.add_word(w, freq=50000)
    import jieba.posseg

    return jieba.posseg


def _latin_name(raw, start, end):
    """A run of capitalised Latin words at ``start`` (Emily Chang, Chase Lochmiller), or None."""
    m = re.match(r"[A-Z][A-Za-z'\-]+(?:[ \t\u00a0]+(?:[A-Z][A-Za-z'\-]+|\d{1,3}(?![\d.,%])|[IVX]{1,3}\b)){0,3}", raw[start:end])
    return m.group(0) if m else None


NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nz", "nt", "j", "zg", "q", "eng"}
CORE_TAGS = {"nr", "nrt", "nrfg", "ns", "nz", "nt", "eng"}


def _runs(posseg, raw, sent):
    """Runs of name-like jieba tokens in a sentence: [(start, end, tags)], offsets in the file."""
    runs, cur, pos = [], None, sent.start
    for w in posseg.cut(sent.text):
        s = raw.find(w.word, pos, sent.end)
        if s < 0:
            continue
        pos = e = s + len(w.word)
        namelike = w.flag in NAME_TAGS or (w.flag == "x" and w.word in "·・") or (w.flag == "x" and w.word == " " and cur and "eng" in cur[2])
        if namelike:
            if cur and cur[1] == s:
                cur = (cur[0], e, cur[2] + [w.flag])
            else:
                if cur:
                    runs.append(cur)
                cur = (s, e, [w.flag])
        else:
            if cur:
                runs.append(cur)
            cur = None
    if cur:
        runs.append(cur)
    return [(s, e, tags) for s, e, tags in runs if set(tags) & CORE_TAGS]


def find_new(article, known, limit_types=None):
    """New names in ``article`` (an :class:`~stargate_kg.intake.text.Article`) that no ``known`` mention covers.

    Returns :class:`Mention` objects with ``new=True``, a type guess and ``how``.
    """
    raw = article.raw
    covered = [(m.start, m.end) for m in known]
    states = [(m.start, m.end) for m in known if m.type in ("State", "Country")]
    out = []

    def take(s, e, typ, how):
        while s < e and raw[s] in " \t\u00a0·・":
            s += 1
        while e > s and raw[e - 1] in " \t\u00a0·・":
            e -= 1
        text = raw[s:e]
        if len(text) < 2 or any(s < b and a < e for a, b in covered):
            return
        if re.search(r"[，,。；;：:、“”\"（）()《》!！?？<>\[\]]", text):
            return
        covered.append((s, e))
        mention = Mention(s, e, text, None, typ, text, new=True, how=how)
        # 克里斯·夏普（Chris Sharp）: the English name the article gives in brackets
        en = re.match(r"\s*[（(]\s*([A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3})\s*[）)]", raw[e : e + 60])
        if en and re.search(r"[\u4e00-\u9fff]", text):
            mention.en = " ".join(en.group(1).split())
        out.append(mention)
        if typ == "State":
            states.append((s, e))

    posseg = _jieba()
    # a Chinese name right after a title, cut at the verb or particle after it (jieba may split an unseen
    # name: 李/明远): 英伟达CEO黄仁勋在接受…, 孙正义将担任…, 责编:岳亚楠
    for m in re.finditer(r"(?:" + TITLE_RX + r")\s*[:：]?\s*([\u4e00-\u9fff]{1,6}(?:[·・][\u4e00-\u9fff]{1,6})+|[\u4e00-\u9fff]{2,4})",
                         article.search[: article.body_end]):
        name = m.group(1)
        dot = max(name.rfind("·"), name.rfind("・"))
        # look a little past the name: 陈大文表示 is 陈大文 and 表示, though 表 is inside the four characters taken
        tail = article.search[m.start(1) : m.end(1) + 2]
        cut = re.search(r"(在|将|表示|称|说|指出|认为|强调|也|则|曾|对|于|和|与|的|是|已|还|透露|发布|宣布|坦言|等|兼)", tail[max(2, dot + 2):])
        name = name[: max(2, dot + 2) + cut.start()] if cut and max(2, dot + 2) + cut.start() < len(name) else name
        first = next(iter(posseg.cut(name)), None)
        if len(name) >= 2 and first is not None and first.flag.startswith("nr") and article.sentence_at(m.start(1)):
            take(m.start(1), m.start(1) + len(name), "Person", f"after {m.group(0)[: -len(m.group(1))].strip(' :：')}")
    for sent in article.sentences:
        for s, e, tags in _runs(posseg, raw, sent):
            # trim a known name off either end: 德克萨斯州沙克尔福德县 -> 沙克尔福德县
            for a, b in sorted(covered):
                if a <= s < b:
                    s = b
                if a < e <= b:
                    e = a
            while s < e and raw[s] in " ·・":
                s += 1
            lead = re.match(r"(?:" + TITLE_RX + r")\s*[:：]?\s*", article.search[s:e])
            if lead:  # jieba kept the title with the name: CEO李明远
                s += lead.end()
            if e - s < 2:
                continue
            text = raw[s:e]
            before = article.search[max(sent.start, s - 8) : s]
            title = re.search(r"(?:" + TITLE_RX + r")\s*[:：]?\s*$", before)
            latin = bool(re.fullmatch(r"[A-Za-z][A-Za-z .'\-]+", text))
            if text[-1] in PLACE_ENDINGS and len(text) >= 3 and not latin:
                take(s, e, PLACE_ENDINGS[text[-1]], f"ends in {text[-1]}")
            elif title:
                if latin and not _latin_name(raw, s, e):
                    continue
                take(s, e, "Person", f"after {title.group(0).strip(' :：')}")
            elif re.match(r"\s*(公司|集团)", raw[e : e + 3]) and not raw[e : e + 4].startswith("公司的"):
                take(s, e, "Company", "before 公司")
            elif any(b == s or (b < s and not raw[b:s].strip()) for a, b in states) and not latin and len(text) >= 2:
                take(s, e, "City", "after a state")
            elif latin and " " in text.strip() and _latin_name(raw, s, e) == text.strip():
                take(s, e, "Organization", "Latin name")
            elif not latin and (len(text) == 3 or len(tags) >= 2 or "·" in text or "・" in text) and len(text) >= 3 and {"nr", "nrt", "nrfg"} & set(tags):
                take(s, e, "Person", "jieba nr")
    # Latin names of two or more words the tagger split (Colossus 1, Project Ludicrous): an organisation or
    # product to confirm
    for m in re.finditer(r"(?<![A-Za-z0-9])[A-Z][A-Za-z'\-]+(?:[ \u00a0]+(?:[A-Z][A-Za-z'\-]+|\d{1,3}(?![\d.,%])|[IVX]{1,3}\b)){1,3}",
                         raw[: article.body_end]):
        text = re.sub(r"(?:[ \u00a0]+(?:" + TITLE_RX + r"))+$", "", m.group(0), flags=re.I)  # Anthropic CEO -> Anthropic
        if " " in text.strip() and article.sentence_at(m.start()) and article.sentence_at(m.start()) is article.sentence_at(m.end() - 1):
            take(m.start(), m.start() + len(text), "Organization", "Latin name")
    if limit_types:
        out = [m for m in out if m.type in limit_types]
    return sorted(out, key=lambda m: m.start)
