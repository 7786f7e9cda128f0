"""Figures and dates in Chinese and English news text: money, capacities, counts, percentages, dates.

Each finder returns matches with their offsets in the text it was given (use
:func:`stargate_kg.intake.text.fold`'s output, which has the file's offsets).

Money, in full units with its bound (graph/README.md, Qualifiers):

>>> [(f.amount, f.currency, f.bound) for f in find_figures("将向OpenAI投资最高1000亿美元")]
[(100000000000, 'USD', 'UpTo')]
>>> [(f.amount, f.bound) for f in find_figures("投资规模超过1150亿美元")]
[(115000000000, 'MoreThan')]
>>> [(f.value, f.unit) for f in find_figures("总容量达10GW,另外 4.5 GW,5000兆瓦")]
[(10, 'GW'), (4.5, 'GW'), (5000, 'MW')]
>>> [(f.value, f.unit, f.bound) for f in find_figures("总共有多达40万块芯片")]
[(400000, 'chips', 'UpTo')]
>>> [(f.value, f.unit) for f in find_figures("新建五座数据中心")]
[(5, 'sites')]

数X is an order of magnitude (``Several``), money too; 至少数X ``AtLeastSeveral``:

>>> [(f.value, f.unit, f.bound) for f in find_figures("数千个GPU,至少数十亿瓦")]
[(1000, 'GPUs', 'Several'), (1, 'GW', 'AtLeastSeveral')]
>>> [(f.amount, f.bound) for f in find_figures("数百亿美元")]
[(10000000000, 'Several')]
>>> parse_number("一百二十")
120
>>> parse_amount("1000亿美元")
(100000000000, 'USD', None)
"""

import re
from dataclasses import dataclass

from stargate_kg.intake.dates import DateMention, find_dates  # noqa: F401 (dates live in intake/dates.py; found here too)

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
MULTIPLIERS = {
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "千万": 10**7, "百万": 10**6,
    "十万": 10**5, "万": 10**4, "千": 10**3, "兆": 10**12,  # 兆: a trillion in Taiwan and Hong Kong money (1兆美元)
    "trillion": 10**12, "tn": 10**12, "t": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9,
    "million": 10**6, "mn": 10**6, "m": 10**6, "thousand": 10**3, "k": 10**3,
}
CURRENCIES = {
    "美元": "USD", "美金": "USD", "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
    "元": "CNY", "人民币": "CNY", "元人民币": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY",
    "日元": "JPY", "jpy": "JPY", "欧元": "EUR", "€": "EUR", "eur": "EUR", "英镑": "GBP", "£": "GBP", "gbp": "GBP",
}
#: Words before a figure and the bound they give (graph/README.md: 最高/多达/高达 up to, 超过 more than, ...).
BOUNDS_BEFORE = {
    "最高": "UpTo", "多达": "UpTo", "高达": "UpTo", "至多": "UpTo", "最多": "UpTo", "up to": "UpTo",
    "超过": "MoreThan", "超": "MoreThan", "逾": "MoreThan", "more than": "MoreThan", "over": "MoreThan",
    "不足": "LessThan", "不到": "LessThan", "少于": "LessThan", "less than": "LessThan",
    "至少": "AtLeast", "最少": "AtLeast", "at least": "AtLeast", "数": "AtLeast",
    "约": "About", "大约": "About", "近": "About", "将近": "About", "接近": "About", "约合": "About", "about": "About",
    "around": "About", "nearly": "About", "roughly": "About",
}
BOUNDS_AFTER = {"以上": "MoreThan", "多": "MoreThan", "余": "MoreThan", "左右": "About", "上下": "About", "以下": "LessThan"}
BOUND_NAMES = {"UpTo", "AtLeast", "MoreThan", "LessThan", "About", "Exactly", "Several", "AtLeastSeveral"}

NUM = r"(?:\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
BEFORE = r"(?P<bound>最高|多达|高达|至多|最多|超过|超|逾|不足|不到|少于|至少|最少|大约|约合|约|将近|接近|近|up to|more than|over|less than|at least|about|around|nearly|roughly)?\s*"
MULT = r"(?P<mult>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?"
AFTER = r"(?P<after>以上|多|余|左右|上下|以下)?"

MONEY_ZH = re.compile(BEFORE + r"(?P<few>数)?(?P<num>" + NUM + r")?\s*" + MULT.replace("(?P<mult>", "(?P<mult>兆|") + AFTER + r"\s*(?P<cur>元人民币|美元|美金|人民币|日元|欧元|英镑|元)")
MONEY_SIGN = re.compile(BEFORE + r"(?P<cur>us\$|\$|€|£|¥)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>万亿|亿|万|trillion|billion|million|thousand|tn|bn|mn|[tbmk](?![a-z]))?", re.I)
MONEY_EN = re.compile(BEFORE + r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>trillion|billion|million|thousand|bn|mn)?\s*(?P<cur>dollars|usd|euros?|yuan)\b", re.I)
RANGE = re.compile(r"(?P<a>" + NUM + r")\s*(?P<ma>万亿|亿|万)?\s*(?:至|到|~|～|-|—|–)\s*(?P<b>" + NUM + r")\s*(?P<mb>万亿|亿|万)?")

#: Units of value figures: the words after a number, and the unit names of graph/shapes.ttl.
POWER = re.compile(BEFORE + r"(?P<few>数)?(?P<num>" + NUM + r")?\s*(?P<mult>万亿|十亿|亿|万)?\s*(?P<unit>gw|mw|kw|百万瓩|千瓩|瓩|吉瓦|千兆瓦|兆瓦|千瓦|瓦特|瓦|gigawatts?|megawatts?)(?![a-z])", re.I)
POWER_UNITS = {"gw": "GW", "吉瓦": "GW", "千兆瓦": "GW", "gigawatt": "GW", "gigawatts": "GW", "mw": "MW", "兆瓦": "MW",
               "megawatt": "MW", "megawatts": "MW", "kw": "kW", "千瓦": "kW", "瓦": "W", "瓦特": "W",
               "百万瓩": "GW", "千瓩": "MW", "瓩": "kW"}  # Taiwan: 瓩 is a kilowatt, 百万瓩 a gigawatt
DIRECT_NOUNS = re.compile(BEFORE + r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>万亿|亿|万)\s*(?P<noun>家庭|户家庭|用户|人次|次播放)")
VIEWS = re.compile(r"(?P<what>播放量|观看量|浏览量|阅读量)[^，,。\d]{0,6}?(?P<bound>突破|超过|达到|达)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>万|亿)?")
ORDINAL = re.compile(r"第(?P<num>[一二三四五六七八九十\d]{1,3})(?P<cls>阶段|期)")
COUNT = re.compile(BEFORE + r"(?P<few>数)?(?P<num>" + NUM + r")?\s*" + MULT + AFTER + r"\s*(?P<cls>块|个|台|颗|座|处|栋|幢|名|位|人|英亩|加仑|户|辆|次|个阶段|期|倍|家)")
NOUNS = [  # (pattern after the classifier, unit)
    (r"gpu|图形处理器|显卡", "GPUs"), (r"h100", "H100-equivalents"), (r"芯片|处理器|gb200|gb300|blackwell|加速器", "chips"),
    (r"服务器", "servers"), (r"机架", "racks"), (r"建筑|大楼|楼", "buildings"), (r"数据中心|资料中心|运算中心|园区|站点|基地|设施", "sites"),
    (r"工人|员工|建筑工", "workers"), (r"就业|岗位|工作", "jobs"), (r"家庭|住户|户", "homes"), (r"汽车|车|特斯拉|model", "cars"),
    (r"灯泡", "bulbs"), (r"播放|观看", "views"), (r"阶段", "phases"),
]
CLASSIFIER_UNITS = {"英亩": "acres", "加仑": "gallons", "倍": "x", "栋": "buildings", "幢": "buildings", "个阶段": "phases", "期": "phases"}
PERCENT = re.compile(BEFORE + r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%|％|个百分点|percent)|百分之(?P<cn>[零〇一二两三四五六七八九十百点]+)", re.I)
ACRES_EN = re.compile(BEFORE + r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>million|thousand)?\s*(?P<unit>acres|gallons|chips|gpus|buildings|workers|jobs|homes|servers|racks)\b", re.I)


@dataclass
class Figure:
    """A number the text gives: money (``amount`` + ``currency``) or a value with a unit, and its bound."""

    start: int
    end: int
    text: str
    amount: float | int | None = None
    currency: str | None = None
    value: float | int | None = None
    unit: str | None = None
    bound: str | None = None

    @property
    def number(self):
        return self.amount if self.amount is not None else self.value

    @property
    def kind(self):
        return "money" if self.amount is not None else "value"


def _int_if_whole(x):
    return int(x) if isinstance(x, float) and x.is_integer() and abs(x) < 1e18 else x


def parse_number(text):
    """A number written in Arabic digits (with commas, decimals), Chinese numerals, or both with 万/亿.

    >>> parse_number("4,550"), parse_number("4.5"), parse_number("五"), parse_number("两百万"), parse_number("1.2万")
    (4550, 4.5, 5, 2000000, 12000)
    >>> parse_number("十三"), parse_number("三千一百七十亿")
    (13, 317000000000)

    A digit after 百/千/万/亿 is the next place down, as spoken (一万二 is 12,000, 一万零二 is 10,002); 点 can
    come before a multiplier:

    >>> parse_number("一万二"), parse_number("一万零二"), parse_number("两亿五"), parse_number("三点五亿")
    (12000, 10002, 250000000, 350000000)
    """
    t = str(text).strip().replace(",", "").replace("，", "")
    if not t:
        raise ValueError("empty number")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?", t)
    if m:
        x = float(m.group(1)) * MULTIPLIERS.get(m.group(2) or "", 1)
        return _int_if_whole(round(x, 6))
    if "点" in t:
        m = re.fullmatch(r"(.+?)(万亿|亿|千万|百万|万|千)", t)
        if m:
            return _int_if_whole(round(parse_number(m.group(1)) * MULTIPLIERS[m.group(2)], 6))
        whole, frac = t.split("点", 1)
        if not whole or not frac:
            raise ValueError(f"not a number: {text!r}")
        return float(f"{parse_number(whole) if whole else 0}.{''.join(str(CN_DIGITS[c]) for c in frac)}")
    total, section, digit, place = 0, 0, None, 1
    for ch in t:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            place = 1 if ch in "零〇" else place
        elif ch in CN_UNITS:
            section += (digit if digit is not None else 1) * CN_UNITS[ch]
            digit, place = None, CN_UNITS[ch]
        elif ch in CN_BIG:
            section += digit or 0
            total = (total + section) * CN_BIG[ch] if ch == "亿" else total + section * CN_BIG[ch]
            section, digit, place = 0, None, CN_BIG[ch]
        else:
            raise ValueError(f"not a number: {text!r}")
    last = (digit or 0) * (place // 10 if place >= 100 else 1)  # 一万二: the digit is in the next place down
    return total + section + last


def _bound(m, default=None):
    """The bound of a figure. 数X (数千, 数百万) is an order of magnitude: ``Several`` (至少数X ``AtLeastSeveral``), as
    the graph models it (graph/README.md, Qualifiers), money so given (数百亿美元: "tens of billions") too."""
    before = (m.groupdict().get("bound") or "").strip().lower()
    after = m.groupdict().get("after") or ""
    if m.groupdict().get("few"):
        return "AtLeastSeveral" if BOUNDS_BEFORE.get(before) == "AtLeast" else "Several"
    return BOUNDS_BEFORE.get(before) or BOUNDS_AFTER.get(after) or default


def _scaled(num, mult):
    if num is None:
        return None
    x = parse_number(num) * MULTIPLIERS.get((mult or "").lower(), 1)
    return _int_if_whole(round(x, 6) if isinstance(x, float) else x)


def find_money(text):
    """Sums of money: 最高1000亿美元, 超过1150亿美元, $100B, 130亿美元, 数十亿美元, 400亿至500亿美元."""
    out = []
    for rx in (MONEY_ZH, MONEY_SIGN, MONEY_EN):
        for m in rx.finditer(text):
            num, mult = m.group("num"), m.groupdict().get("mult")
            if num is None and not (m.groupdict().get("few") and mult):
                continue  # 元 alone (单元, 元素)
            if num is None:  # 数十亿美元: "several billion" = at least 1 unit of the multiplier
                num = "1"
            if rx is MONEY_ZH and m.group("cur") == "元" and not mult and not re.fullmatch(r"[\d,.]+", num):
                continue  # 一元 (one yuan) is rarely a figure; 单元
            amount = _scaled(num, mult)
            cur = CURRENCIES[m.group("cur").lower()]
            start = m.start("bound") if m.group("bound") else m.start("few") if m.groupdict().get("few") else m.start("num") if rx is not MONEY_SIGN else m.start("cur")
            out.append(Figure(start, m.end(), text[start : m.end()], amount=amount, currency=cur, bound=_bound(m)))
    # a range "400亿至500亿美元": the low end is at least, the high end up to
    for m in RANGE.finditer(text):
        hi = next((f for f in out if f.start <= m.start("b") < f.end), None)
        if hi is None or any(f.start <= m.start("a") < f.end for f in out):
            continue
        low = _scaled(m.group("a"), m.group("ma") or _mult_of(hi.text))
        out.append(Figure(m.start(), m.end("a") + len(m.group("ma") or ""), m.group(0), amount=low, currency=hi.currency, bound="AtLeast"))
        hi.bound = hi.bound or "UpTo"
    return _dedupe(out)


def _mult_of(text):
    m = re.search(r"(万亿|千亿|百亿|十亿|亿|千万|百万|万)", text)
    return m.group(1) if m else None


def _dedupe(figs):
    figs.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out = []
    for f in figs:
        if out and f.start < out[-1].end and (f.amount is not None) == (out[-1].amount is not None):
            continue
        out.append(f)
    return out


def _noun_unit(text, pos, window=14):
    after = text[pos : pos + window]
    if re.search(r"工作机会|岗位|就业机会", after):
        return "jobs"  # 2.5万个站点的工作机会: jobs at the sites, not sites
    best = None
    for pat, unit in NOUNS:
        m = re.search(pat, after, re.I)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), unit)
    return best[1] if best else None


def find_values(text):
    """Capacities (GW/MW/吉瓦/兆瓦), counts (40万块芯片, 五座数据中心, 2200名工人, 1200英亩), percentages, multiples."""
    out = []
    for m in POWER.finditer(text):
        num = m.group("num")
        if num is None and m.group("few") and m.group("mult"):
            num = "1"  # 数十亿瓦: at least a billion watts
        if num is None or (num in ("十", "百", "千") and not m.group("few")):
            continue  # 千兆瓦级: "gigawatt-scale", not a figure (数十亿瓦 is: several billion watts)
        v = _scaled(num, m.group("mult"))
        unit = POWER_UNITS[m.group("unit").lower()]
        if unit == "W":
            if v < 10**6:
                continue  # 瓦 alone is also a character of names (瓦特)
            v, unit = v / 10**3, "kW"
        if unit == "kW" and v >= 10**6:  # 4030万千瓦 = 40.3 GW
            v, unit = _int_if_whole(round(v / 10**6, 6)), "GW"
        elif unit == "kW" and v >= 10**3 and m.group("unit").lower() in ("瓦", "瓦特"):
            v, unit = _int_if_whole(round(v / 10**3, 6)), "MW"
        out.append(Figure(m.start("num") if not m.group("bound") else m.start("bound"), m.end(), "", value=v, unit=unit, bound=_bound(m)))
    for m in COUNT.finditer(text):
        num = m.group("num")
        if num is None:
            if not m.group("few") or not m.group("mult"):
                continue
            num = "1"
        cls = m.group("cls")
        if re.fullmatch(r"[\d,.]+", num) is None and len(num) == 1 and num in "一两" and cls != "座":
            continue  # 一个, 一位, 两家: articles, not figures
        unit = CLASSIFIER_UNITS.get(cls) or _noun_unit(text, m.end())
        if unit is None:
            if cls in ("座", "处"):
                unit = "sites" if re.match(r"\s*(新|大型|分别|超大|数据|位于)", text[m.end() : m.end() + 4]) else None
            elif cls in ("名", "人", "位") and re.search(r"工人|员工|人员", text[m.end() : m.end() + 6]):
                unit = "workers"
        if unit is None:
            continue
        v = _scaled(num, m.group("mult"))
        s = m.start("bound") if m.group("bound") else m.start("few") if m.group("few") else m.start("num")
        out.append(Figure(s, m.end(), "", value=v, unit=unit, bound=_bound(m)))
    for m in DIRECT_NOUNS.finditer(text):  # 75万家庭
        unit = "homes" if "家" in m.group("noun") or "户" in m.group("noun") else "views"
        s = m.start("bound") if m.group("bound") else m.start("num")
        out.append(Figure(s, m.end(), "", value=_scaled(m.group("num"), m.group("mult")), unit=unit, bound=_bound(m)))
    for m in VIEWS.finditer(text):  # 纪录片的播放量已经突破136万
        bound = "MoreThan" if m.group("bound") in ("突破", "超过") else None
        out.append(Figure(m.start("num"), m.end(), "", value=_scaled(m.group("num"), m.group("mult")), unit="views", bound=bound))
    for m in ORDINAL.finditer(text):  # 第三阶段: the phase a plan is in
        out.append(Figure(m.start(), m.end(), "", value=parse_number(m.group("num")), unit="phases"))
    for m in re.finditer(r"(?P<bound>超过|近|约)?(?P<half>一半|半数)", text):  # 其中一半需求来自可再生资源
        out.append(Figure(m.start(), m.end(), "", value=50, unit="percent", bound=BOUNDS_BEFORE.get(m.group("bound") or "")))
    for m in PERCENT.finditer(text):
        if m.group("cn"):
            v = parse_number(m.group("cn"))
            s = m.start()
        else:
            v = parse_number(m.group("num"))
            s = m.start("bound") if m.group("bound") else m.start("num")
        out.append(Figure(s, m.end(), "", value=v, unit="percent", bound=_bound(m) if not m.group("cn") else None))
    for m in ACRES_EN.finditer(text):
        v = _scaled(m.group("num"), m.group("mult"))
        unit = {"gpus": "GPUs"}.get(m.group("unit").lower(), m.group("unit").lower())
        out.append(Figure(m.start(), m.end(), "", value=v, unit=unit, bound=_bound(m)))
    # ranges "400万至500万块图形处理器": low end at least, high end up to
    for m in RANGE.finditer(text):
        hi = next((f for f in out if f.start <= m.start("b") < f.end), None)
        if hi is None or any(f.start <= m.start("a") < f.end for f in out):
            continue
        low = _scaled(m.group("a"), m.group("ma") or _mult_of(text[hi.start : hi.end]))
        out.append(Figure(m.start(), m.end("a") + len(m.group("ma") or ""), "", value=low, unit=hi.unit, bound="AtLeast"))
        hi.bound = hi.bound or "UpTo"
    for f in out:
        f.text = text[f.start : f.end]
    return _dedupe(out)


def find_figures(text):
    """Money and value figures in ``text``, in order; a number that is part of a date is not a figure."""
    dates = [(d.start, d.end) for d in find_dates(text)]
    figs = find_money(text) + find_values(text)
    figs = [f for f in figs if not any(a <= f.start < b or a < f.end <= b for a, b in dates)]
    # a conversion or gloss in brackets right after a figure (5000亿美元（约新台币15.17兆元）, 10GW（10亿瓦）) is not a figure
    ends = {f.end for f in figs}
    figs = [f for f in figs if not any(re.fullmatch(r"\s*[（(]\s*(约合?|折合|约新台币|新台币|约人民币)?\s*", text[e : f.start]) for e in ends if e <= f.start)]
    for f in figs:
        f.text = text[f.start : f.end]
    return sorted(_dedupe(figs), key=lambda f: f.start)


# ---------------------------------------------------------------------------------------------- sheet cells

def parse_amount(cell):
    """A sheet's amount cell: digits (100000000000, 1E+11 as a spreadsheet saves it, 1,000,000), or as the
    articles write it (1000亿美元, $100B, 130亿). Returns (amount, currency or None, bound or None).

    >>> parse_amount("1E+11"), parse_amount("$100B"), parse_amount("最高1000亿美元")
    ((100000000000, None, None), (100000000000, 'USD', None), (100000000000, 'USD', 'UpTo'))
    """
    t = str(cell).strip()
    if re.fullmatch(r"[+]?\d[\d,]*(?:\.\d+)?(?:[eE][+]?\d+)?", t):
        x = float(t.replace(",", ""))
        return _int_if_whole(x), None, None
    figs = find_money(t.lower())
    if len(figs) == 1 and figs[0].end - figs[0].start >= len(t.strip()) - 1:
        return figs[0].amount, figs[0].currency, figs[0].bound
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|千亿|百亿|十亿|亿|千万|百万|万|千|trillion|billion|million|thousand|bn|mn|[tbmk])", t, re.I)
    if m:
        return _scaled(m.group(1), m.group(2).lower()), None, None
    raise ValueError(f"not an amount: {cell!r} (write digits such as 100000000000, or 1000亿, or $100B)")


def parse_value(cell):
    """A sheet's value cell: a number (``10``, ``1.2``, ``40万``) or, when it is not one, the text itself.

    >>> parse_value("40万"), parse_value("1.2"), parse_value("Lease model as at Abilene")
    (400000, 1.2, 'Lease model as at Abilene')
    """
    t = str(cell).strip()
    try:
        if re.fullmatch(r"[+-]?\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?", t):
            return _int_if_whole(float(t.replace(",", "")))
        return parse_number(t)
    except ValueError:
        return t


def parse_date(cell):
    """A sheet's date cell: 2025-09-24, 2025/9/24, 2025-09, 2025, 2025年9月24日. Returns (iso text, xsd type).

    >>> parse_date("2025/9/24"), parse_date("2025-09"), parse_date("2025年1月")
    (('2025-09-24', 'date'), ('2025-09', 'gYearMonth'), ('2025-01', 'gYearMonth'))
    """
    import datetime

    t = str(cell).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", t)
    if m:
        d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat(), "date"
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}", "gYearMonth"
    m = re.fullmatch(r"(\d{4})\s*年?", t)
    if m:
        return m.group(1), "gYear"
    raise ValueError(f"not a date: {cell!r} (write 2025-09-24, 2025-09 or 2025)")


def parse_duration(cell):
    """A duration cell: P4Y, 4 years, 4年, 四年 -> xsd:duration text.

    >>> parse_duration("4年"), parse_duration("P5Y"), parse_duration("18 months")
    ('P4Y', 'P5Y', 'P18M')
    """
    t = str(cell).strip()
    if re.fullmatch(r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?", t) and t != "P":
        return t
    m = re.fullmatch(r"(\S+?)\s*(年|years?|个月|months?|天|days?)", t, re.I)
    if m:
        n = parse_number(m.group(1))
        unit = {"年": "Y", "个月": "M", "天": "D"}.get(m.group(2)) or m.group(2)[0].upper()
        return f"P{n}{unit}"
    raise ValueError(f"not a duration: {cell!r} (write P4Y, 4 years or 4年)")
