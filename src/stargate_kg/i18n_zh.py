"""Chinese as its readers write it: simplified and traditional characters, and the regions' names.

The articles and the vocabulary (:mod:`stargate_kg.i18n`) are written in
simplified characters. Readers in Taiwan and Hong Kong type and read
traditional ones, and some names differ by region (輝達 in Taiwan, 英偉達 in
Hong Kong for 英伟达). This module holds the language codes, the conversion
between the scripts (OpenCC's tables, loaded on first use only) and the
choice of a label for a region.

Language codes: ``zh`` is simplified Chinese (the mainland's); ``zh-Hant``
traditional characters; ``zh-TW`` and ``zh-HK`` traditional characters with
Taiwan's or Hong Kong's words and names. :func:`canonical_lang` reads the
usual spellings (``zh_TW.UTF-8``, ``zh-Hant-HK``, ``zh-CN``).

>>> canonical_lang("zh_TW.UTF-8"), canonical_lang("zh-Hant-HK"), canonical_lang("zh-Hans"), canonical_lang("EN")
('zh-TW', 'zh-HK', 'zh', 'en')
>>> to_simplified("軟銀集團"), to_simplified("孫正義"), to_simplified("OpenAI")
('软银集团', '孙正义', 'OpenAI')
>>> to_script("软银的资金来源", "zh-Hant"), to_script("资金来源", "zh")
('軟銀的資金來源', '资金来源')
>>> regional_label({"en": "Nvidia", "zh": "英伟达", "zh-Hant-TW": "輝達"}, "zh-TW")
'輝達'
>>> regional_label({"en": "Nvidia", "zh": "英伟达", "zh-Hant-TW": "輝達"}, "zh-HK")
'英偉達'
>>> parse_zh_date("2025年7月"), parse_zh_date("2025年7月23日"), parse_zh_date("2025-07")
('2025-07', '2025-07-23', None)
"""

import re
from functools import lru_cache

#: The languages answers come in: English, simplified Chinese, traditional Chinese (any region), Taiwan's, Hong Kong's.
LANGS = ("en", "zh", "zh-Hant", "zh-TW", "zh-HK")

#: Other spellings of a language (lower case, '_' read as '-') -> one of LANGS.
_ALIASES = {
    "en": "en", "zh": "zh", "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-my": "zh", "zh-hans-cn": "zh",
    "zh-hans-sg": "zh", "zh-hant": "zh-Hant", "zh-tw": "zh-TW", "zh-hant-tw": "zh-TW", "zh-hk": "zh-HK",
    "zh-hant-hk": "zh-HK", "zh-mo": "zh-HK", "zh-hant-mo": "zh-HK", "zh-hans-hk": "zh",
}  # fmt: skip

#: OpenCC conversion per language: simplified -> the language's script and words.
_TO_SCRIPT = {"zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}  # characters only: phrase tables (s2twp) mistake words

#: Words the character tables leave as simplified writing keeps them, written as traditional texts do.
_HANT_WORDS = (("伙伴", "夥伴"),)

#: Label language tags a language prefers, best first (after these: the simplified label converted).
_LABEL_TAGS = {
    "zh": ("zh", "zh-Hans"),
    "zh-Hant": ("zh-Hant",),
    "zh-TW": ("zh-Hant-TW", "zh-TW", "zh-Hant"),
    "zh-HK": ("zh-Hant-HK", "zh-HK", "zh-Hant"),
}


def canonical_lang(value):
    """One of :data:`LANGS` for a language code or locale name (``zh_TW.UTF-8``), None if it names none of them.

    An English locale (``en_US``, ``C``) is 'en'; a locale is read up to its codeset (``.UTF-8``) and modifier (``@``).
    """
    if value is None:
        return None
    v = str(value).strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if not v:
        return None
    if v in _ALIASES:
        return _ALIASES[v]
    if v in ("c", "posix") or v.startswith("en-") or v == "en":
        return "en"
    return None


def is_zh(lang):
    """Whether ``lang`` is Chinese in either script."""
    return str(lang or "").startswith("zh")


def is_hant(lang):
    """Whether ``lang`` is written in traditional characters."""
    return lang in _TO_SCRIPT


def base_lang(lang):
    """'zh' for every Chinese, else 'en': the vocabulary's two columns, the graph's two main label languages."""
    return "zh" if is_zh(lang) else "en"


def lang_tag(tag):
    """A language tag as BCP 47 writes it (engines differ: Oxigraph lower-cases): 'zh-hant-tw' -> 'zh-Hant-TW'.

    >>> lang_tag("zh-hant-tw"), lang_tag("ZH"), lang_tag("")
    ('zh-Hant-TW', 'zh', '')
    """
    parts = str(tag or "").split("-")
    out = [parts[0].lower()] if parts[0] else []
    for p in parts[1:]:
        out.append(p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower())
    return "-".join(out)


@lru_cache(maxsize=8)
def _converter(config):
    from opencc import OpenCC  # Apache-2.0; its tables load in ~20 ms, so only when Chinese needs converting

    return OpenCC(config)


@lru_cache(maxsize=1)
def _traditional_chars():
    """Every character OpenCC's tables map from traditional to simplified, or from Taiwan's/Hong Kong's variants."""
    import importlib.util
    from pathlib import Path

    folder = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary"
    chars = set()
    for name in ("TSCharacters.txt", "TWVariants.txt", "HKVariants.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, vals = line.partition("\t")
            if name.startswith("TS"):  # traditional -> simplified: the key is traditional
                chars.update(key if len(key) == 1 and key not in vals.split() else "")
            else:  # standard traditional -> the region's variant: the variants are traditional
                chars.update(v for v in vals.split() if len(v) == 1 and v != key)
    return frozenset(chars)


@lru_cache(maxsize=1)
def simplified_only_chars():
    """Every character traditional writing never uses: OpenCC maps it to other characters only (汉, 软; not 伙,
    which 伙食 keeps). For tests that check an answer in traditional characters.

    >>> "软" in simplified_only_chars(), "軟" in simplified_only_chars(), "伙" in simplified_only_chars()
    (True, False, False)
    """
    import importlib.util
    from pathlib import Path

    folder = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary"
    out = set()
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, vals = line.partition("\t")
        if len(key) == 1 and key not in vals.split():
            out.add(key)
    return frozenset(out)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=65536)
def to_simplified(text):
    """``text`` in simplified characters, Taiwan's words read as the mainland's (資料中心 -> 数据中心).

    Text with no traditional character is returned as it is, without loading any table
    (English names, the articles' simplified text).
    """
    text = str(text)
    if not _CJK.search(text) or _traditional_chars().isdisjoint(text):
        return text
    return _converter("tw2sp").convert(text)


@lru_cache(maxsize=65536)
def _convert(text, config):
    return _converter(config).convert(text)


def to_script(text, lang):
    """Simplified ``text`` (the vocabulary, a simplified label) written as ``lang`` writes it; other languages: unchanged.

    Never call it on a quote: quotes stay as the articles wrote them.

    >>> to_script("合作伙伴", "zh-TW"), to_script("软银", "zh-HK"), to_script("软银", "en")
    ('合作夥伴', '軟銀', '软银')
    """
    if text is None or lang not in _TO_SCRIPT:
        return text
    text = str(text)
    if not _CJK.search(text):
        return text
    text = _convert(text, _TO_SCRIPT[lang])
    for simple, usual in _HANT_WORDS:
        text = text.replace(simple, usual)
    return text


def regional_label(labels, lang):
    """The label ``lang``'s readers know from ``labels`` ({tag: text}): the region's own, else the simplified
    label in the region's script, else the English one."""
    if not is_zh(lang):
        return labels.get("en") or next(iter(labels.values()), None)
    lowered = {k.lower(): v for k, v in labels.items()}
    for tag in _LABEL_TAGS.get(lang, ("zh",)):
        if tag.lower() in lowered:
            return lowered[tag.lower()]
    if "zh" in lowered:
        return to_script(lowered["zh"], lang)
    return labels.get("en") or next(iter(labels.values()), None)


def hant_numbers(text):
    """Digits before a Chinese scale word grouped by thousands, as Taiwan and Hong Kong write amounts: 1000億 -> 1,000億.

    >>> hant_numbers("最高1000億美元"), hant_numbers("4550億美元"), hant_numbers("2025年")
    ('最高1,000億美元', '4,550億美元', '2025年')
    """
    return re.sub(r"(?<![\d.,])(\d{4,})(?=(?:\.\d+)?[萬億兆])", lambda m: f"{int(m.group(1)):,}", text)


def in_script(func):
    """Decorate a formatter taking ``lang``: Chinese in traditional characters is made as simplified Chinese,
    then converted (its numbers grouped as :func:`hant_numbers` says). Only for text with no quote in it.

    >>> @in_script
    ... def money(n, lang="en"):
    ...     return f"{n}亿美元" if lang == "zh" else f"${n}00M"
    >>> money(1000, lang="zh-TW"), money(5, "zh"), money(5)
    ('1,000億美元', '5亿美元', '$500M')
    """
    import functools
    import inspect

    sig = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        lang = bound.arguments.get("lang")
        if lang is None or lang in ("en", "zh"):
            return func(*args, **kwargs)
        bound.arguments["lang"] = base_lang(lang)
        out = func(*bound.args, **bound.kwargs)
        return hant_numbers(to_script(out, lang)) if is_hant(lang) and isinstance(out, str) else out

    return wrapper


_ZH_DATE = re.compile(r"^\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号號])?)?\s*$")


def parse_zh_date(text):
    """A date written as Chinese output prints it (2025年, 2025年7月, 2025年7月23日) as ISO; None for any other form."""
    m = _ZH_DATE.match(str(text or ""))
    if not m:
        return None
    y, mo, d = m.groups()
    if mo and not 1 <= int(mo) <= 12 or d and not 1 <= int(d) <= 31:
        return None
    return y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else "")
