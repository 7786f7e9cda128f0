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
>>> format_amount(None, "USD")
''
"""

from decimal import Decimal

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
}
_LOCAL = {"UpTo": "up to", "AtLeast": "at least", "MoreThan": "more than", "LessThan": "less than", "About": "about", "Exactly": "exactly"}

#: Units as Chinese text writes them after a number (the graph's units are English, see graph/shapes.ttl).
ZH_UNITS = {
    "chips": "块芯片", "GPUs": "块GPU", "buildings": "栋建筑", "acres": "英亩", "workers": "名工人", "jobs": "个就业岗位",
    "gallons": "加仑", "years": "年", "percent": "%", "homes": "户家庭", "phases": "个阶段", "sites": "个站点", "x": "倍",
    "views": "次播放", "servers": "台服务器", "racks": "个机架", "cars": "辆车", "bulbs": "个灯泡",
    "H100-equivalents": "块H100等效算力",
}
EN_UNITS = {"percent": "%", "x": "×", "H100-equivalents": "H100 equivalents"}
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
    if lang == "zh":
        unit = ZH_CURRENCIES.get(currency or "", f" {currency}" if currency else "")
        return f"{prefix}{_scaled(amount, ZH_SCALES, 2)}{unit}"
    sym = SYMBOLS.get(currency or "")
    text = _scaled(amount, EN_SCALES)
    text = f"{sym}{text}" if sym else f"{text} {currency or ''}".strip()
    return prefix + text


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
    return _prefix(bound, lang, figure=True) + _figure(value, lang) + _unit(unit, lang)


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


def format_duration(duration, lang="en", measures="period"):
    """A period given as an xsd:duration (``P4Y``) as people write it; other forms are returned as they are.

    ``measures`` says what it is (:func:`stargate_kg.answers.records.duration_measures`): a
    "period" something runs over, a "delay" (not a length) or the time "elapsed" so far.

    >>> format_duration("P4Y"), format_duration("P1M"), format_duration("P4Y", lang="zh"), format_duration("PT5H")
    ('over 4 years', 'over 1 month', '4年内', 'PT5H')
    >>> format_duration("P6M", measures="delay"), format_duration("P6M", "zh", "delay"), format_duration("P6M", measures="elapsed")
    ('delayed by 6 months', '推迟6个月', 'for 6 months')
    """
    import re

    m = re.fullmatch(r"P(\d+)([YMD])", str(duration or ""))
    if not m:
        return str(duration or "")
    n, unit = int(m.group(1)), m.group(2)
    if lang == "zh":
        span = f"{n}{ {'Y': '年', 'M': '个月', 'D': '天'}[unit]}"
        return {"delay": "推迟{}", "elapsed": "已{}"}.get(measures, "{}内").format(span)
    word = {"Y": "year", "M": "month", "D": "day"}[unit]
    span = f"{n} {word}{'s' if n != 1 else ''}"
    return {"delay": "delayed by {}", "elapsed": "for {}"}.get(measures, "over {}").format(span)
