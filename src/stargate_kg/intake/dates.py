"""Dates in Chinese and English news text, resolved against the article's date and kept with their precision.

Two readers, one result. The project's rules read the absolute forms (2025年9月24日, 2025年9月, 2026年前,
2028年至2030年), durations (今后4年, 五年内), English dates, and weekdays with their day (周二（23日）, checked:
a weekday that disagrees with its day is left to the reviewer). Relative expressions (今年1月, 去年12月底,
上周三, 明年初, 2025年9月下旬, 上个月, 昨天) are resolved by JioNLP's time parser (``jionlp``, Apache-2.0, the
``intake`` extra), imported on the first call only; without it the rules resolve the common ones themselves.
Traditional characters are read as simplified (:func:`stargate_kg.intake.text.fold`, which keeps offsets), so
offsets are those of the text given.

Each date keeps its precision (``day``, ``month``, ``year``: 2025-09-23, 2025-09, 2025) and, where the article
qualifies it, the graph's date qualifier (``LateIn`` for 下旬/年底, ``EarlyIn`` for 年初, ``MidIn`` for 年中,
``ByEndOf`` for 年底前, ``BeforeDate`` for 2026年前; ``sg:dateQualifier`` in graph/README.md).

>>> [(d.value, d.precision, d.role) for d in find_dates("OpenAI周二(23日)宣布", "2025-09-24")]
[('2025-09-23', 'day', 'point')]
"""

import datetime
import re
from dataclasses import dataclass


def _parse_number(text):
    from stargate_kg.intake.figures import parse_number

    return parse_number(text)


@dataclass
class DateMention:
    """A date in the text: ``value`` is ISO (2025-09-24, 2025-09 or 2025), ``role`` point|start|end|duration|range,
    ``precision`` day|month|year (empty for durations and ranges), ``qualifier`` a graph date qualifier or empty."""

    start: int
    end: int
    text: str
    value: str
    role: str = "point"
    note: str = ""
    precision: str = ""
    qualifier: str = ""

    def __post_init__(self):
        if not self.precision and self.role not in ("duration", "range"):
            self.precision = {10: "day", 7: "month", 4: "year"}.get(len(self.value), "")

    @property
    def cell(self):
        """The date as a sheet's date cell writes it, with its qualifier (``add`` reads it back).

        >>> DateMention(0, 9, "2025年9月下旬", "2025-09", qualifier="LateIn").cell
        '2025-09 LateIn'
        """
        return f"{self.value} {self.qualifier}" if self.qualifier else self.value


MONTH = r"(?P<mo>\d{1,2}|[一二三四五六七八九十]{1,2}|十[一二])"
AFTER_DATE = r"(?:\s*(?:之前|以前|前后|左右|前))?"  # 9月30日前: before then; 3月30日前后, 左右: around then
DATE_PATTERNS = [
    (r"(?P<y>\d{4})\s*年\s*" + MONTH + r"\s*月\s*(?P<d>\d{1,2})\s*[日号]" + AFTER_DATE, "ymd"),
    (r"(?P<y>\d{4})\s*年\s*" + MONTH + r"\s*月份?" + AFTER_DATE, "ym"),
    (r"(?P<rel>今年|去年|明年|前年)\s*" + MONTH + r"\s*月份?(?:\s*(?P<d>\d{1,2})\s*[日号])?", "rel-ym"),
    (r"(?<!\d)(?P<yy>\d{2})\s*年的?\s*" + MONTH + r"\s*月", "yy-m"),
    (r"(?P<y>\d{4})\s*年\s*(?:至|到|-|—)\s*(?P<y2>\d{4})\s*年", "range"),
    (r"(?:在|于|到|截至)?\s*(?P<y>\d{4})\s*年(?P<when>底前|底之前|底|末|初|中|年初|年中|年底)?\s*(?P<before>前|之前|以前)?(?!后)", "y"),
    (r"(?P<rel>今年|本年)?\s*年底前|(?P<rel2>今年)\s*年底|今年年末", "year-end"),
    (r"(?<![每上下本这])(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])\s*[（(]\s*(?P<d>\d{1,2})\s*[日号]?\s*[）)]", "wd-day"),
    (r"(?<![\d年])" + MONTH + r"\s*月\s*(?P<d>\d{1,2})\s*[日号]" + AFTER_DATE, "md"),
    (r"(?<![\d年])(?P<mo2>\d{1,2})\s*月份?(?![\d日号])", "m"),
    (r"(?P<rel>今年|去年|明年)(?![\d一二三四五六七八九十年底初中])", "rel-y"),
    (r"(?P<rel>上|本|这|下)个?月(?:份)?(?:底|末|初|中旬|上旬|下旬)?(?![\d份])", "rel-month"),
    (r"(?<![每上下本这])(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])(?![末年期内边])(?!\s*[（(]\s*\d)", "wd"),
    (r"昨天|昨日", "yesterday"),
    (r"(?P<pre>未来|今后|在|于)?\s*(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,2})\s*年(?P<post>内|间|之内|期间|里)?", "duration"),
    (r"(?P<en_mo>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})", "en-mdy"),
]
#: The rules' kinds that stay theirs when JioNLP reads the rest: absolute dates, durations, ranges, English, weekdays.
RULE_KINDS = {"ymd", "ym", "yy-m", "range", "y", "duration", "en-mdy", "wd-day", "wd"}
EN_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)}


def _month(g):
    raw = g.get("mo") or g.get("mo2")
    n = _parse_number(raw)
    if not 1 <= n <= 12:
        raise ValueError(raw)
    return n


def find_dates(text, article_date=None, *, reader="auto"):
    """Dates in ``text``: full, partial (9月24日 takes the article's year), relative (今年1月, 去年, 上个月, 上周三,
    昨天, 年底前, 2025年9月下旬) and durations (今后4年, 五年内). ``article_date`` is an ISO date (YYYY-MM-DD) or
    None (then no relative date is read: no guessing a year). ``reader``: ``auto`` (JioNLP for the relative ones
    when it is installed), ``rules`` (the project's rules only).

    >>> [(d.value, d.role) for d in find_dates("9月24日,OpenAI宣布", "2025-09-25")]
    [('2025-09-24', 'point')]
    >>> [(d.value, d.role, d.qualifier) for d in find_dates("有望在年底前提前实现今年1月提出的10GW算力目标", "2025-09-25")]
    [('2025', 'end', 'ByEndOf'), ('2025-01', 'point', '')]
    >>> [(d.value, d.role) for d in find_dates("计划今后4年投资5000亿美元")]
    [('P4Y', 'duration')]
    """
    from stargate_kg.intake.text import fold

    folded = fold(str(text))  # traditional read as simplified, full-width as half-width: same offsets
    ref = datetime.date.fromisoformat(str(article_date)[:10]) if article_date else None
    rules, blocked = _rule_dates(folded, ref)
    found = None
    if ref is not None and reader == "auto":
        from stargate_kg.intake.jionlp_dates import library_dates

        found = library_dates(folded, ref)
    if found is None:
        out = [m for _, m in rules]
    else:
        out = [m for kind, m in rules if kind in RULE_KINDS]
        for m in found:
            if any(a < m.end and m.start < b for a, b in blocked):
                continue
            over = [o for o in out if o.start < m.end and m.start < o.end]
            if all(m.start <= o.start and o.end <= m.end and o.end - o.start < m.end - m.start for o in over):
                out = [o for o in out if o not in over] + [m]  # 2025年9月下旬 holds the rules' 2025年9月
        out += [m for kind, m in rules if kind not in RULE_KINDS and not any(o.start < m.end and m.start < o.end for o in out)]
    for m in out:
        _qualify(m)
        m.text = str(text)[m.start:m.end]  # as the text writes it (週二（23日）)
    return sorted(out, key=lambda d: d.start)


def resolve_date(expression, article_date):
    """The date one expression names, read against the article date, or None.

    >>> d = resolve_date("去年12月", "2025-09-24")
    >>> d.value, d.precision
    ('2024-12', 'month')
    """
    found = find_dates(expression, article_date)
    return found[0] if found else None


def _rule_dates(text, ref):
    """[(kind, DateMention)] by the rules, and the spans of weekdays that disagree with their day (left alone)."""
    year = month = day = None
    if ref is not None:
        year, month, day = ref.year, ref.month, ref.day
    out, taken, blocked = [], [], []
    for pattern, kind in DATE_PATTERNS:
        for m in re.finditer(pattern, text, re.I):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            try:
                value, role, note = _date_value(kind, g, year, month, day)
            except (ValueError, KeyError):
                continue
            if value is None:
                if kind == "wd-day" and year is not None:
                    blocked.append((m.start(), m.end()))
                continue
            s, e = m.start(), m.end()
            while s < e and text[s] in " 在于到截至":
                s += 1
            out.append((kind, DateMention(s, e, text[s:e], value, role, note)))
            taken.append((m.start(), m.end()))
    return out, blocked


def _date_value(kind, g, year, month, day):
    if kind == "ymd":
        return f"{int(g['y']):04d}-{_month(g):02d}-{int(g['d']):02d}", "point", ""
    if kind == "ym":
        return f"{int(g['y']):04d}-{_month(g):02d}", "point", ""
    if kind == "rel-ym":
        if year is None:
            return None, "", ""
        y = year + {"今年": 0, "去年": -1, "明年": 1, "前年": -2}[g["rel"]]
        v = f"{y:04d}-{_month(g):02d}" + (f"-{int(g['d']):02d}" if g.get("d") else "")
        return v, "point", f"{g['rel']} read against the article date ({year})"
    if kind == "yy-m":
        return f"20{g['yy']}-{_month(g):02d}", "point", "two-digit year read as 20xx"
    if kind == "range":
        return f"{g['y']}/{g['y2']}", "range", ""
    if kind == "y":
        y = int(g["y"])
        if not 1900 <= y <= 2100:
            return None, "", ""
        when, before = g.get("when") or "", g.get("before") or ""
        role = "end" if before or when.endswith("前") else "point"
        return f"{y:04d}", role, ""
    if kind == "year-end":
        if year is None:
            return None, "", ""
        return f"{year:04d}", "end", "by the end of the article's year"
    if kind in ("wd-day", "wd"):
        return _weekday(g, year, month, day)
    if kind == "md":
        if year is None:
            return None, "", ""
        mo = _month(g)
        return f"{year:04d}-{mo:02d}-{int(g['d']):02d}", "point", f"year not printed; {year} from the article date"
    if kind == "m":
        if year is None:
            return None, "", ""
        mo = int(g["mo2"])
        if not 1 <= mo <= 12:
            return None, "", ""
        return f"{year:04d}-{mo:02d}", "point", f"year not printed; {year} from the article date"
    if kind == "rel-y":
        if year is None:
            return None, "", ""
        return f"{year + {'今年': 0, '去年': -1, '明年': 1}[g['rel']]:04d}", "point", f"{g['rel']} read against the article date ({year})"
    if kind == "rel-month":  # 上个月, 本月底, 下个月
        if year is None:
            return None, "", ""
        n = year * 12 + month - 1 + {"上": -1, "本": 0, "这": 0, "下": 1}[g["rel"]]
        return f"{n // 12:04d}-{n % 12 + 1:02d}", "point", f"{g['rel']}个月 read against the article date"
    if kind == "yesterday":
        if year is None:
            return None, "", ""
        d = datetime.date(year, month, day) - datetime.timedelta(days=1)
        return d.isoformat(), "point", "昨天 read against the article date"
    if kind == "duration":
        if not (g.get("pre") in ("未来", "今后") or g.get("post")):
            return None, "", ""
        return f"P{_parse_number(g['n'])}Y", "duration", ""
    if kind == "en-mdy":
        return f"{int(g['y']):04d}-{EN_MONTHS[g['en_mo'].lower()]:02d}-{int(g['d']):02d}", "point", ""
    return None, "", ""  # pragma: no cover


WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _weekday(g, year, month, day):
    """周二（23日）: the 23rd on or before the article date (this month or the last); 周二 alone: the last Tuesday
    on or before the article date. Day precision, with a note that it was read against the article date.

    >>> _weekday({"wd": "二", "d": "23"}, 2025, 9, 24)
    ('2025-09-23', 'point', '周二（23日） read against the article date (2025-09-24)')
    >>> _weekday({"wd": "五"}, 2026, 1, 10)[0]
    '2026-01-09'
    """
    if year is None:
        return None, "", ""
    ref = datetime.date(year, month, day)
    wd = WEEKDAYS[g["wd"]]
    if g.get("d"):
        d = int(g["d"])
        y, mo = (year, month) if d <= day + 1 else ((year, month - 1) if month > 1 else (year - 1, 12))
        try:
            when = datetime.date(y, mo, d)
        except ValueError:
            return None, "", ""
        if when.weekday() != wd:
            return None, "", ""  # the weekday and the day disagree: leave it to the reviewer
        return when.isoformat(), "point", f"周{g['wd']}（{d}日） read against the article date ({ref.isoformat()})"
    when = ref - datetime.timedelta(days=(ref.weekday() - wd) % 7)
    return when.isoformat(), "point", f"周{g['wd']} read as the last one on or before the article date ({ref.isoformat()})"


# ------------------------------------------------------------------------------------------------ qualifiers

#: The graph's date qualifiers (sg:dateQualifier) from how the expression ends, first match wins.
QUALIFIERS = [
    (re.compile(r"(?:底|末)\s*之?前$"), "ByEndOf"),  # 年底前: by the end of
    # 2026年前, 9月前, 9月30日前; not 20年前, 一个月前, 3日前 (ago)
    (re.compile(r"(?:\d{4}\s*年|(?:\d{4}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*\d{1,2}\s*[日号])?)"
                r"\s*(?:之前|以前|前)$"), "BeforeDate"),
    (re.compile(r"(?:底|末|下旬|下半年|晚些时候)$"), "LateIn"),
    (re.compile(r"(?:初|上旬|上半年|早些时候)$"), "EarlyIn"),
    (re.compile(r"(?:中旬|中期|[年月]中)$"), "MidIn"),
    (re.compile(r"(?:左右|前后)$"), "AroundDate"),
]


def date_qualifier(text):
    """The graph's date qualifier for an expression, or "".

    >>> [date_qualifier(t) for t in ("年底前", "2026年前", "20年前", "一个月前", "9月30日前", "9月下旬", "明年初", "去年")]
    ['ByEndOf', 'BeforeDate', '', '', 'BeforeDate', 'LateIn', 'EarlyIn', '']
    """
    t = str(text).strip()
    return next((q for pattern, q in QUALIFIERS if pattern.search(t)), "")


#: The article's words for the graph's date qualifiers, as a sheet's date cell may end with them (2025-09 下旬).
QUALIFIER_WORDS = {
    **dict.fromkeys(("下旬", "底", "年底", "月底", "末", "年末", "月末", "下半年"), "LateIn"),
    **dict.fromkeys(("初", "上旬", "年初", "月初", "上半年"), "EarlyIn"),
    **dict.fromkeys(("中", "中旬", "年中", "月中", "中期"), "MidIn"),
    **dict.fromkeys(("底前", "年底前", "月底前", "末前", "年末前"), "ByEndOf"),
    **dict.fromkeys(("前", "之前", "以前"), "BeforeDate"),
    **dict.fromkeys(("左右", "前后"), "AroundDate"),
    "最早": "AsEarlyAs",
}


def split_date_cell(cell):
    """A sheet's date cell as (the date, the qualifier written after it or ""): the qualifier is the graph's name
    (LateIn), its label (late, by the end of) or the article's word (下旬, 年底前), in either script.

    >>> split_date_cell("2025-09 LateIn"), split_date_cell("2025年9月下旬"), split_date_cell("2025 (年底前)")
    (('2025-09', 'LateIn'), ('2025年9月', '下旬'), ('2025年', '底前'))
    >>> split_date_cell("2025-09-24"), split_date_cell("2026年")
    (('2025-09-24', ''), ('2026年', ''))
    """
    from stargate_kg.intake.text import fold

    t = str(cell).strip()
    m = re.fullmatch(r"(.*\d\s*[年月日号]?)\s*[(（]?\s*(\D*?)\s*[)）]?", t)
    if not m or not m.group(2):
        return t, ""
    date, word = m.group(1).strip(), m.group(2)
    if word.startswith("年") and date[-1].isdigit():  # 2025年底前: the year's 年 is the date's
        date, word = date + "年", word[1:]
    return date, fold(word) if re.search(r"[\u4e00-\u9fff]", word) else word


def _qualify(m):
    if m.role in ("duration", "range"):
        return
    m.qualifier = m.qualifier or date_qualifier(m.text)
    if m.qualifier in ("ByEndOf", "BeforeDate"):
        m.role = "end"
    elif m.role == "end" and m.qualifier == "LateIn":  # 今年年底: at the end of the year, not by it
        m.role = "point"
