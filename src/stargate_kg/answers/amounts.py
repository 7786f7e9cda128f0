"""Readable amounts and figures with their bounds, in English or Chinese.

The one place where a number from the graph becomes text for people: every
table, summary and timeline of the project calls :func:`format_amount` (money)
or :func:`format_value` (a figure with a unit). JSON and CSV keep the raw
number with its ``currency`` / ``unit`` and ``bound`` fields instead.

English writes compact amounts (``$100B``, ``$1.2B``, ``$1T``); Chinese writes
them as the articles do (``1000亿美元``, ``12亿美元``, ``1万亿美元``). A bound is
the graph's ``sg:bound`` label ("up to", "more than", "less than", "at least",
"about", "exactly") or its local name (``UpTo``); ``≥`` stands for "at least".

>>> format_amount(100_000_000_000, "USD")
'$100B'
>>> format_amount(100_000_000_000, "USD", "up to")
'up to $100B'
>>> format_amount(115_000_000_000, "USD", "more than")
'more than $115B'
>>> format_amount(100_000_000_000, "USD", "up to", lang="zh")
'最高1000亿美元'
>>> format_amount(1_200_000_000, "USD", lang="zh"), format_amount(10_000_000_000, "USD", "less than", lang="zh")
('12亿美元', '不足100亿美元')
>>> format_value(400_000, "chips", "at least")
'≥ 400,000 chips'
>>> format_value(400_000, "chips", "up to", lang="zh")
'最多40万块芯片'
>>> format_range(2, 4, "kW")
'2–4 kW'
>>> format_value(1_000_000, "GPUs", "several"), format_value(1_000_000, "GPUs", "Several", lang="zh")
('millions of GPUs', '数百万块GPU')
>>> format_value(1.0, "GW", "AtLeastSeveral"), format_value(1.0, "GW", "at least several", lang="zh")
('at least several GW', '至少数十亿瓦')
>>> format_amount(10_000_000_000, "USD", "several"), format_amount(10_000_000_000, "USD", "Several", lang="zh")
('tens of billions of dollars', '数百亿美元')
>>> format_duration("P6M", kind="delayed by"), format_duration("P6M", lang="zh", kind="under way for")
('delayed by 6 months', '已开展6个月')
>>> format_amount(None, "USD")
''
>>> format_amount(100_000_000_000, "USD", "up to", lang="zh-TW"), format_value(400_000, "chips", lang="zh-HK")
('最高1,000億美元', '40萬塊芯片')
"""

from decimal import Decimal

from stargate_kg.i18n_zh import in_script

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥"}
ZH_CURRENCIES = {"USD": "美元", "CNY": "元", "JPY": "日元", "EUR": "欧元", "GBP": "英镑"}
EN_SCALES = [(10**12, "T"), (10**9, "B"), (10**6, "M")]
ZH_SCALES = [(10**12, "万亿"), (10**8, "亿"), (10**4, "万")]

#: Bound label -> (English prefix for amounts, English prefix for figures, Chinese prefix for amounts, for figures).
BOUNDS = {
    "up to": ("up to", "up to", "最高", "最多"),
    "at least": ("≥", "≥", "至少", "至少"),
    "more than": ("more than", "more than", "超过", "超过"),
    "less than": ("less than", "less than", "不足", "不足"),
    "about": ("about", "about", "约", "约"),
    "exactly": ("", "", "", ""),
    "several": ("", "", "", ""),  # the order in words: millions of GPUs, tens of billions of dollars (数百亿美元)
    "at least several": ("at least", "at least", "至少", "至少"),  # 至少数十亿瓦: "at least" + the order in words
}
_LOCAL = {"UpTo": "up to", "AtLeast": "at least", "MoreThan": "more than", "LessThan": "less than", "About": "about", "Exactly": "exactly",
          "Several": "several", "AtLeastSeveral": "at least several"}
#: An order of magnitude (sg:Several: 数百万 is 1,000,000 with the bound "several") in words: English, Chinese.
ORDERS = {
    10**3: ("thousands", "数千"), 10**4: ("tens of thousands", "数万"), 10**5: ("hundreds of thousands", "数十万"),
    10**6: ("millions", "数百万"), 10**7: ("tens of millions", "数千万"), 10**8: ("hundreds of millions", "数亿"),
    10**9: ("billions", "数十亿"), 10**10: ("tens of billions", "数百亿"), 10**11: ("hundreds of billions", "数千亿"),
}
#: Currencies in words, for an amount given as an order of magnitude (数百亿美元: "tens of billions of dollars").
EN_CURRENCY_WORDS = {"USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen", "CNY": "yuan"}
#: One unit of power as an order (数十亿瓦 is "several GW", sg:value 1 GW): the unit in Chinese words of watts.
ZH_POWER_ORDERS = {"GW": "十亿瓦", "MW": "百万瓦", "kW": "千瓦"}
#: What a duration measures (sg:durationKind) -> (English, Chinese) pattern; "within" is the default.
DURATION_KINDS = {
    "within": ("over {}", "{}内"),
    "delayed by": ("delayed by {}", "推迟{}"),
    "under way for": ("under way for {}", "已开展{}"),
}

#: Units as Chinese text writes them after a number (the graph's units are English, see graph/shapes.ttl).
ZH_UNITS = {
    "chips": "块芯片", "GPUs": "块GPU", "buildings": "栋建筑", "acres": "英亩", "workers": "名工人", "jobs": "个就业岗位",
    "gallons": "加仑", "years": "年", "percent": "%", "homes": "户家庭", "phases": "个阶段", "sites": "个站点", "x": "倍",
    "views": "次播放", "servers": "台服务器", "racks": "个机架", "cars": "辆车", "bulbs": "个灯泡",
    "H100-equivalents": "块H100等效算力", "gallons-per-day": "加仑/天",
}
EN_UNITS = {"percent": "%", "x": "×", "H100-equivalents": "H100 equivalents", "gallons-per-day": "gallons a day"}
_TIGHT = {"%", "×", "倍"}  # written right after the number


def bound_label(bound):
    """The bound as its English label, from a label or a local name; None when there is none.

    >>> bound_label("UpTo"), bound_label("more than"), bound_label(None)
    ('up to', 'more than', None)
    """
    if not bound:
        return None
    b = str(bound).rsplit("#", 1)[-1]
    return _LOCAL.get(b, b)


def _number(n):
    """A number without trailing zeros: 1.20 -> '1.2', 100.0 -> '100'."""
    d = Decimal(str(n))
    text = format(d.normalize(), "f") if d == d.to_integral_value() or abs(d) >= 1 else format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scaled(amount, scales, digits=1):
    for scale, suffix in scales:
        if abs(amount) >= scale:
            n = round(Decimal(str(amount)) / scale, digits + 2)
            text = f"{n:.{digits}f}".rstrip("0").rstrip(".") if n != n.to_integral_value() else str(int(n))
            return text + suffix
    return _number(amount)


def _prefix(bound, lang, figure):
    label = bound_label(bound)
    if label is None:
        return ""
    en_amt, en_fig, zh_amt, zh_fig = BOUNDS.get(label, (label, label, label, label))
    p = (zh_fig if figure else zh_amt) if lang == "zh" else (en_fig if figure else en_amt)
    if not p:
        return ""
    return p if lang == "zh" else p + " "


@in_script
def format_amount(amount, currency=None, bound=None, lang="en"):
    """A sum of money as people write it, its bound in front; '' when there is no amount.

    >>> format_amount(300e9, "USD"), format_amount(1e12, "USD"), format_amount(13e9, "USD", lang="zh")
    ('$300B', '$1T', '130亿美元')
    >>> format_amount(455_000_000_000, "USD", "about", lang="zh"), format_amount(5e9, "EUR")
    ('约4550亿美元', '€5B')
    """
    if amount is None or amount == "":
        return ""
    amount = Decimal(str(amount))
    prefix = _prefix(bound, lang, figure=False)
    if bound_label(bound) in ("several", "at least several"):  # 数百亿美元: an order of magnitude, not "≥ $10B"
        return prefix + _money_order(amount, currency, lang)
    if lang == "zh":
        unit = ZH_CURRENCIES.get(currency or "", f" {currency}" if currency else "")
        return f"{prefix}{_scaled(amount, ZH_SCALES, 2)}{unit}"
    sym = SYMBOLS.get(currency or "")
    text = _scaled(amount, EN_SCALES)
    text = f"{sym}{text}" if sym else f"{text} {currency or ''}".strip()
    return prefix + text


def _money_order(amount, currency, lang):
    """An amount given as an order of magnitude, in words: ``tens of billions of dollars``, ``数百亿美元``.

    >>> _money_order(Decimal(10**9), "USD", "en"), _money_order(Decimal(10**11), "USD", "zh")
    ('billions of dollars', '数千亿美元')
    """
    words = ORDERS.get(int(amount)) if amount == amount.to_integral_value() else None
    if lang == "zh":
        unit = ZH_CURRENCIES.get(currency or "", f" {currency}" if currency else "")
        return (words[1] if words else "数" + _scaled(amount, ZH_SCALES, 2)) + unit
    name = EN_CURRENCY_WORDS.get(currency or "", currency or "")
    if not words:
        return f"several × {format_amount(amount, currency)}"
    return f"{words[0]} of {name}" if name else words[0]


def _figure(value, lang):
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if lang == "zh" and abs(d) >= 10**4 and d == d.to_integral_value():
        return _scaled(d, ZH_SCALES, 2)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return _number(d)


def _unit(unit, lang):
    if not unit:
        return ""
    u = (ZH_UNITS if lang == "zh" else EN_UNITS).get(unit, unit)
    return u if u in _TIGHT or (lang == "zh" and unit in ZH_UNITS) else " " + u


@in_script
def format_value(value, unit=None, bound=None, lang="en"):
    """A figure with its unit and bound (``up to 400,000 chips``, ``1.2 GW``); text values pass through.

    >>> format_value(1.2, "GW"), format_value(359, "percent"), format_value(50_000_000, "H100-equivalents", "about")
    ('1.2 GW', '359%', 'about 50,000,000 H100 equivalents')
    >>> format_value("designed for many suppliers"), format_value(None)
    ('designed for many suppliers', '')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            Decimal(value)
        except ArithmeticError:
            return value
    if bound_label(bound) in ("several", "at least several"):
        return _prefix(bound, lang, figure=True) + _order(value, unit, lang)
    return _prefix(bound, lang, figure=True) + _figure(value, lang) + _unit(unit, lang)


def _order(value, unit, lang):
    """An order of magnitude in words: ``millions of GPUs``, ``数百万块GPU``; one GW as ``several GW``, ``数十亿瓦``.

    >>> _order(1, "GW", "en"), _order(1, "GW", "zh"), _order(1_000_000, "GPUs", "en")
    ('several GW', '数十亿瓦', 'millions of GPUs')
    """
    if Decimal(str(value)) == 1 and unit in ZH_POWER_ORDERS:
        return "数" + ZH_POWER_ORDERS[unit] if lang == "zh" else f"several {unit}"
    words = ORDERS.get(int(Decimal(str(value)))) if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else None
    if lang == "zh":
        return (words[1] if words else "数" + _figure(value, lang)) + _unit(unit, lang).lstrip()
    if not words:
        return f"several × {_figure(value, lang)}{_unit(unit, lang)}"
    u = _unit(unit, lang).strip()
    return f"{words[0]} of {u}" if u else words[0]


@in_script
def format_range(minimum, maximum, unit=None, lang="en"):
    """A range given as a minimum and a maximum (``2–4 kW``, ``4–5 million`` as digits).

    >>> format_range(4_000_000, 5_000_000, "GPUs"), format_range(4_000_000, 5_000_000, "GPUs", lang="zh")
    ('4,000,000–5,000,000 GPUs', '400万–500万块GPU')
    """
    if minimum is None and maximum is None:
        return ""
    if minimum is None:
        return format_value(maximum, unit, "up to", lang)
    if maximum is None:
        return format_value(minimum, unit, "at least", lang)
    return f"{_figure(minimum, lang)}–{_figure(maximum, lang)}{_unit(unit, lang)}"


@in_script
def format_duration(duration, lang="en", kind=None):
    """A period given as an xsd:duration (``P4Y``) as people write it; other forms are returned as they are.

    ``kind`` is what it measures (``sg:durationKind``, label or local name):
    "within" (the default: a period within which it happens), "delayed by" (a
    delay) or "under way for" (time elapsed so far); the record's words
    (:func:`stargate_kg.answers.records.duration_measures`: "period", "delay",
    "elapsed") are read too.

    >>> format_duration("P4Y"), format_duration("P1M"), format_duration("P4Y", lang="zh"), format_duration("PT5H")
    ('over 4 years', 'over 1 month', '4年内', 'PT5H')
    >>> format_duration("P6M", kind="DelayedBy"), format_duration("P6M", lang="zh", kind="delayed by")
    ('delayed by 6 months', '推迟6个月')
    >>> format_duration("P6M", "zh", "delay"), format_duration("P6M", kind="elapsed")
    ('推迟6个月', 'under way for 6 months')
    """
    import re

    m = re.fullmatch(r"P(\d+)([YMD])", str(duration or ""))
    if not m:
        return str(duration or "")
    n, unit = int(m.group(1)), m.group(2)
    kind = str(kind).rsplit("#", 1)[-1] if kind else "within"
    kind = {"Within": "within", "DelayedBy": "delayed by", "UnderWayFor": "under way for",
            "period": "within", "delay": "delayed by", "elapsed": "under way for"}.get(kind, kind)
    en, zh = DURATION_KINDS.get(kind, DURATION_KINDS["within"])
    if lang == "zh":
        return zh.format(f"{n}{ {'Y': '年', 'M': '个月', 'D': '天'}[unit]}")
    word = {"Y": "year", "M": "month", "D": "day"}[unit]
    return en.format(f"{n} {word}{'s' if n != 1 else ''}")


def figure_text(value, qualifiers, lang="en"):
    """A statement's figure as people read it: its value or range, its amount, its duration, each with its bound.

    ``qualifiers`` is a statement record's qualifier dict (``amount``, ``bound``, ``unit``,
    ``min_value``/``max_value``, ``duration``, ``duration_kind``). Text values are left out
    (they are claims, shown on their own). '' when there is no figure.

    >>> figure_text(1_000_000, {"unit": "GPUs", "bound": "several"})
    'millions of GPUs'
    >>> figure_text(None, {"amount": 50e9, "currency": "USD", "bound": "about"}, lang="zh")
    '约500亿美元'
    >>> figure_text("The project has been under way", {"duration": "P6M", "duration_kind": "under way for"})
    'under way for 6 months'
    """
    q = qualifiers
    parts = []
    if "min_value" in q or "max_value" in q:
        parts.append(format_range(q.get("min_value"), q.get("max_value"), q.get("unit"), lang))
    elif value is not None and not isinstance(value, str):
        parts.append(format_value(value, q.get("unit"), None if "amount" in q else q.get("bound"), lang))
    if q.get("amount") is not None:
        parts.append(format_amount(q["amount"], q.get("currency"), q.get("bound"), lang))
    if q.get("duration"):
        parts.append(format_duration(q["duration"], lang, q.get("duration_kind")))
    return " ".join(p for p in parts if p)


def qualifier_marks(qualifiers, lang="en"):
    """Marks that a view prints beside a statement: hedged (``likely``), a corrected misprint, part of another figure.

    >>> qualifier_marks({"certainty": "likely", "printed_as": "130千万"})
    ['likely', 'corrected misprint: the article prints 130千万']
    >>> qualifier_marks({"certainty": "likely", "included_in": ["https://w3id.org/stargate-kg/statement/a001-x"]}, lang="zh")
    ['很可能', '包含在 a001-x 的数字中']
    """
    from stargate_kg.i18n_zh import is_zh, to_script

    q = qualifiers
    zh = is_zh(lang)
    marks = []
    if q.get("certainty"):
        marks.append(to_script({"likely": "很可能"}.get(q["certainty"], q["certainty"]), lang) if zh else q["certainty"])
    if q.get("printed_as"):  # the article's own characters stay as printed
        marks.append(to_script("更正误印：原文印作", lang) + q["printed_as"] if zh else f"corrected misprint: the article prints {q['printed_as']}")
    for whole in q.get("included_in") or []:
        name = str(whole).rsplit("/", 1)[-1]
        marks.append(to_script(f"包含在 {name} 的数字中", lang) if zh else f"part of the figure of {name}, not added to it")
    return marks
