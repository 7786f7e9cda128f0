"""Dates in Chinese and English news text, resolved against the article's date and kept with their precision.

Full dates (2025年9月24日), partial ones (9月24日 takes the article's year), relative ones (今年1月, 去年, 上个月,
昨天, 年底前, 周二（23日）, 周五), and durations (今后4年, 五年内). Offsets are those of the text given (use
:func:`stargate_kg.intake.text.fold`'s output, which has the file's offsets).

>>> [(d.value, d.role) for d in find_dates("OpenAI周二(23日)宣布", "2025-09-24")]
[('2025-09-23', 'point')]
"""

import re
from dataclasses import dataclass


def _parse_number(text):
    from stargate_kg.intake.figures import parse_number

    return parse_number(text)



@dataclass
class DateMention:
    """A date in the text: ``value`` is ISO (2025-09-24, 2025-09 or 2025), ``role`` point|start|end|duration."""

    start: int
    end: int
    text: str
    value: str
    role: str = "point"
    note: str = ""


MONTH = r"(?P<mo>\d{1,2}|[一二三四五六七八九十]{1,2}|十[一二])"
DATE_PATTERNS = [
    (r"(?P<y>\d{4})\s*年\s*" + MONTH + r"\s*月\s*(?P<d>\d{1,2})\s*[日号]", "ymd"),
    (r"(?P<y>\d{4})\s*年\s*" + MONTH + r"\s*月份?", "ym"),
    (r"(?P<rel>今年|去年|明年|前年)\s*" + MONTH + r"\s*月份?(?:\s*(?P<d>\d{1,2})\s*[日号])?", "rel-ym"),
    (r"(?<!\d)(?P<yy>\d{2})\s*年的?\s*" + MONTH + r"\s*月", "yy-m"),
    (r"(?P<y>\d{4})\s*年\s*(?:至|到|-|—)\s*(?P<y2>\d{4})\s*年", "range"),
    (r"(?:在|于|到|截至)?\s*(?P<y>\d{4})\s*年(?P<when>底前|底之前|底|末|初|中|年初|年中|年底)?\s*(?P<before>前|之前|以前)?", "y"),
    (r"(?P<rel>今年|本年)?\s*年底前|(?P<rel2>今年)\s*年底|今年年末", "year-end"),
    (r"(?<![每上下本这])(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])\s*[（(]\s*(?P<d>\d{1,2})\s*[日号]?\s*[）)]", "wd-day"),
    (r"(?<![\d年])" + MONTH + r"\s*月\s*(?P<d>\d{1,2})\s*[日号]", "md"),
    (r"(?<![\d年])(?P<mo2>\d{1,2})\s*月份?(?![\d日号])", "m"),
    (r"(?P<rel>今年|去年|明年)(?![\d一二三四五六七八九十年底初中])", "rel-y"),
    (r"上个月|上月", "last-month"),
    (r"(?<![每上下本这])(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])(?![末年期内边])(?!\s*[（(]\s*\d)", "wd"),
    (r"昨天|昨日", "yesterday"),
    (r"(?P<pre>未来|今后|在|于)?\s*(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,2})\s*年(?P<post>内|间|之内|期间|里)?", "duration"),
    (r"(?P<en_mo>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})", "en-mdy"),
]
EN_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)}


def _month(g):
    raw = g.get("mo") or g.get("mo2")
    n = _parse_number(raw)
    if not 1 <= n <= 12:
        raise ValueError(raw)
    return n


def find_dates(text, article_date=None):
    """Dates in ``text``: full, partial (9月24日 takes the article's year), relative (今年1月, 去年, 上个月,
    昨天, 年底前) and durations (今后4年, 五年内). ``article_date`` is an ISO date (YYYY-MM-DD) or None.

    >>> [(d.value, d.role) for d in find_dates("9月24日,OpenAI宣布", "2025-09-25")]
    [('2025-09-24', 'point')]
    >>> [(d.value, d.role) for d in find_dates("有望在年底前提前实现今年1月提出的10GW算力目标", "2025-09-25")]
    [('2025', 'end'), ('2025-01', 'point')]
    >>> [(d.value, d.role) for d in find_dates("计划今后4年投资5000亿美元")]
    [('P4Y', 'duration')]
    """
    year = month = day = None
    if article_date:
        year, month, day = (int(x) for x in str(article_date)[:10].split("-"))
    out, taken = [], []
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
                continue
            s, e = m.start(), m.end()
            while s < e and text[s] in " 在于到截至":
                s += 1
            out.append(DateMention(s, e, text[s:e], value, role, note))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


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
    if kind == "last-month":
        if year is None:
            return None, "", ""
        y, mo = (year, month - 1) if month > 1 else (year - 1, 12)
        return f"{y:04d}-{mo:02d}", "point", "上个月 read against the article date"
    if kind == "yesterday":
        if year is None:
            return None, "", ""
        import datetime

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
    import datetime

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
