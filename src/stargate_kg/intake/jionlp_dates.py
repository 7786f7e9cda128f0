"""JioNLP's time parser as the intake's reader of relative dates: what it finds, as the project's DateMentions.

``jionlp`` (Apache-2.0, the ``intake`` extra) is imported on the first call only (about 1 s; its banner kept off
stdout, its tracebacks for candidates it cannot parse kept out of the log). It is asked only about sentences with
a relative or qualified date; each result keeps the precision its expression has (a day, a month, a year) and
what is not a date a statement could take (1901 units, 当天, 本周, 未来四年内) is dropped.
:func:`stargate_kg.intake.dates.find_dates` merges these with the rules' dates.

>>> [(m.text, m.value, m.precision) for m in library_dates("乙公司上周三签约", datetime.date(2025, 9, 24)) or []]
[('上周三', '2025-09-17', 'day')]
"""

import contextlib
import datetime
import io
import logging
import re

from stargate_kg.intake.dates import DateMention, date_qualifier

#: A calendar word: what a date the library finds must have (a bare 1901 or 1/10 is a number, not a date).
UNIT = re.compile(r"[年月日号周星期礼拜天旬季]")
#: What the library reads as a time but no statement can be dated by: narrative days, weeks, seasons, spans from now.
NOT_A_DATE = re.compile(r"当天|当日|全天|第.天|[这那当同次]一?年|[本上下这]个?(?:周|星期|礼拜)|[春夏秋冬][季天]?|.*内|每.*|.*来")
#: A named part of a year or a month (第三季度, 上半年, 下旬): a span the date may stand for, with a note.
PART = re.compile(r"季度|半年|旬|[年月][初中底末]")
#: Where the library is asked: sentences with a relative or qualified date (the rules read the others alone).
SENTENCE = re.compile(r"[^。！？!?；;\n]+")
RELATIVE = re.compile(r"[今去明前后]年|[上下本这]个?(?:月|周|星期|礼拜)|[昨今明前后]天|[昨今明]日|[天周月年]前|旬|[年月][底初末中]|季度|半年")
_EXTRACTOR = None


def _extractor():
    """JioNLP's time extractor, imported on the first call (about 1 s; its banner kept off stdout), or None.

    Its first import ever unzips its dictionaries inside its own folder (some seconds); where that folder is
    read-only, or the import fails otherwise, the rules read the dates alone."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                from jionlp.algorithm.ner.time_extractor import TimeExtractor
        except Exception:  # noqa: BLE001 - not installed (ImportError), or it could not unpack its data (OSError)
            _EXTRACTOR = False
        else:
            _EXTRACTOR = TimeExtractor()
    return _EXTRACTOR or None


def library_dates(text, ref):
    """The dates JioNLP finds in ``text`` read against ``ref`` (a date), as DateMentions; None when it is not installed."""
    extract = _extractor()
    if extract is None:
        return None
    base = datetime.datetime(ref.year, ref.month, ref.day)
    before = logging.root.manager.disable
    logging.disable(logging.CRITICAL)  # it logs a traceback for each candidate it cannot parse
    out = []
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for chunk in SENTENCE.finditer(text):
                if not RELATIVE.search(chunk.group()):
                    continue  # the rules read the rest; the library is slow on long articles
                for item in extract(chunk.group(), time_base=base, with_parsing=True):
                    item["offset"] = [item["offset"][0] + chunk.start(), item["offset"][1] + chunk.start()]
                    m = _from_library(item, ref)
                    if m is not None and text[m.start:m.end] == m.text:
                        out.append(m)
    except Exception:  # noqa: BLE001 - a failure of the library leaves the dates to the rules
        return None
    finally:
        logging.disable(before)
    return out


def _from_library(item, ref):
    """One JioNLP result as a DateMention with the precision the expression has, or None.

    >>> m = _from_library({"text": "2025年9月下旬", "offset": [0, 10], "detail": {"type": "time_span",
    ...     "time": ["2025-09-21 00:00:00", "2025-09-30 23:59:59"]}}, datetime.date(2025, 9, 24))
    >>> m.value, m.precision, m.qualifier, m.note
    ('2025-09', 'month', 'LateIn', '2025-09-21 to 2025-09-30')
    """
    text, (s, e), detail = item["text"], item["offset"], item.get("detail") or {}
    if detail.get("type") not in ("time_point", "time_span") or not UNIT.search(text) or NOT_A_DATE.fullmatch(text.strip()):
        return None
    try:
        a, b = (datetime.date.fromisoformat(str(t)[:10]) for t in detail["time"])
    except (TypeError, ValueError):
        return None
    qualifier = date_qualifier(text)
    if qualifier in ("ByEndOf", "BeforeDate"):  # [the article date, the end]: the date is the end's
        unit = "year" if re.search(r"年\s*(?:底|末)?\s*之?前$", text) else "month" if re.search(r"月\s*(?:底|末)?\s*之?前$", text) else "day"
        value, role = _at(b, unit), "end"
    else:
        if a == b:
            value = a.isoformat()
        elif (a.year, a.month) == (b.year, b.month):
            value = _at(a, "month")
        elif a.year == b.year:
            value = _at(a, "year")
        else:
            return None  # a span over years is a duration or a range: the rules read those
        if a != b and not qualifier and not _whole(a, b, len(value)) and not PART.search(text):
            return None  # 两周前, 一个月前: a vague span, not a day, a month or a named part of one
        role = "point"
    notes = []
    if not re.search(r"\d{4}", text):
        notes.append(f"read against the article date ({ref.isoformat()})")
    if role == "point" and a != b and not _whole(a, b, len(value)):
        notes.append(f"{a.isoformat()} to {b.isoformat()}")
    return DateMention(s, e, text, value, role, "; ".join(notes), qualifier=qualifier)


def _at(d, unit):
    return d.isoformat() if unit == "day" else f"{d.year:04d}-{d.month:02d}" if unit == "month" else f"{d.year:04d}"


def _whole(a, b, length):
    """[a, b] is the whole month (length 7) or year (length 4) its value names."""
    nxt = (b + datetime.timedelta(days=1))
    if length == 7:
        return a.day == 1 and nxt.day == 1
    return (a.month, a.day) == (1, 1) and (b.month, b.day) == (12, 31)
