"""The page's three languages: English, simplified Chinese and traditional Chinese, every text in each.

The page carries each name and word in :data:`LANGS` and switches between
them without asking anything of the network. Simplified Chinese is the
articles' script; the traditional text is made from it
(:func:`stargate_kg.i18n_zh.to_script`) for the region asked for (``zh-Hant``,
Taiwan's ``zh-TW``, Hong Kong's ``zh-HK``), and an entity's regional label
(``zh-Hant-TW``: 輝達, 川普) is used where the graph has one. Quotes are never
converted: they stay as the article printed them.

>>> page_lang("zh_TW.UTF-8"), hant_of("zh-HK"), hant_of("en")
('zh-Hant', 'zh-HK', 'zh-Hant')
>>> in_langs({"en": "Funding", "zh": "出资"}, "funding")
{'en': 'Funding', 'zh': '出资', 'zh-Hant': '出資'}
>>> in_langs({"en": "Nvidia", "zh": "英伟达", "zh-Hant-TW": "輝達"}, "", "zh-TW")["zh-Hant"]
'輝達'
"""

from stargate_kg.i18n_zh import canonical_lang, is_hant, regional_label, to_script

#: The languages of the page (its language switch): English, simplified and traditional Chinese.
LANGS = ("en", "zh", "zh-Hant")
#: Each as its readers name it, for the switch.
LANG_NAMES = {"en": "English", "zh": "简体中文", "zh-Hant": "繁體中文"}


def page_lang(lang):
    """The page language (one of :data:`LANGS`) for a language code or locale; None when it names none."""
    lang = canonical_lang(lang)
    if lang is None:
        return None
    return "zh-Hant" if is_hant(lang) else lang


def hant_of(lang):
    """The traditional Chinese the page writes: ``lang``'s own region when it is one, else plain ``zh-Hant``."""
    lang = canonical_lang(lang)
    return lang if is_hant(lang) else "zh-Hant"


def in_langs(labels, fallback, hant="zh-Hant"):
    """{lang: text} in every page language from labels by language tag: English standing in for a missing
    Chinese label, the traditional one the region's own label or the simplified one converted."""
    en = labels.get("en") or fallback
    zh = labels.get("zh") or en
    return {"en": en, "zh": zh, "zh-Hant": regional_label({**labels, "zh": zh}, hant) or zh}


def in_script(texts, hant="zh-Hant"):
    """The page's words (:data:`stargate_kg.viz.texts.TEXT`) with a traditional-character set made from the
    simplified one (nested dicts too).

    >>> in_script({"en": {"find": "Find"}, "zh": {"find": "查找", "s": {"a": "已弃用"}}})["zh-Hant"]
    {'find': '查找', 's': {'a': '已棄用'}}
    """

    def convert(x):
        if isinstance(x, dict):
            return {k: convert(v) for k, v in x.items()}
        return to_script(x, hant) if isinstance(x, str) else x

    return {"en": texts["en"], "zh": texts["zh"], "zh-Hant": convert(texts["zh"])}


def label_tags(attrs, ent):
    """{language tag: label} of a node of the projection (``attrs``: label, label_zh) and its entity
    (:class:`stargate_kg.lookup.Entity`, or None): the regions' own labels (zh-Hant-TW, zh-Hant-HK) too."""
    tags = {k: v for k, v in (ent.labels.items() if ent is not None else ()) if str(k).lower().startswith("zh-")}
    tags.update({k: v for k, v in (("en", attrs.get("label")), ("zh", attrs.get("label_zh"))) if v})
    return tags


def fact_texts(fact, hant="zh-Hant"):
    """A fact's amount, date, money kind and status as each page language writes them.

    >>> t = fact_texts({"amount": 5e11, "currency": "USD", "bound": None, "date": "2025-01-21",
    ...                 "money_kind": "commitment", "status": "announced"}, "zh-TW")
    >>> t["amount_texts"]["zh-Hant"], t["date_texts"]["zh-Hant"], t["kind_texts"]["zh-Hant"], t["status_texts"]["zh"]
    ('5,000億美元', '2025年1月21日', '承諾出資', '已宣布')
    """
    from stargate_kg.i18n import concept, date_text
    from stargate_kg.viz.money import amount_text

    out = {"amount_texts": {}, "date_texts": {}, "kind_texts": {}, "status_texts": {}}
    for lg in LANGS:
        code = hant if lg == "zh-Hant" else lg
        if "amount" in fact:
            out["amount_texts"][lg] = amount_text(fact["amount"], fact["currency"], fact["bound"], code)
        out["date_texts"][lg] = date_text(fact["date"], code) if fact.get("date") else ""
        out["kind_texts"][lg] = concept(fact["money_kind"], code) if fact.get("money_kind") else ""
        statuses = [s.strip() for s in str(fact.get("status") or "").split(",") if s.strip()]
        out["status_texts"][lg] = (", " if lg == "en" else "、").join(concept(s, code) for s in statuses)
    return out
