"""Plain-text formatting shared by the commands: money, shortened quotes, tables.

>>> money(100000000000, "USD")
'$100B'
>>> money(1200000000, "USD", "up to")
'up to $1.2B'
>>> money(None, None)
''
>>> shorten("一二三四五六七八九十", 6)  # CJK characters are two columns wide
'一二…'
"""

import json
import unicodedata


def money(amount, currency, bound=None):
    """A compact amount such as ``$13B`` (``bound`` like "up to" goes in front): :func:`stargate_kg.amounts.format_amount`."""
    from stargate_kg.amounts import format_amount

    return format_amount(amount, currency, bound)


def width(text):
    """Display width in a terminal (CJK characters take two columns)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def shorten(text, limit):
    """Cut ``text`` to ``limit`` display columns, ending with '…' when cut."""
    text = " ".join(str(text).split())
    if width(text) <= limit:
        return text
    out, w = "", 0
    for ch in text:
        cw = width(ch)
        if w + cw > limit - 1:
            break
        out += ch
        w += cw
    return out + "…"


def pad(text, cols):
    return str(text) + " " * max(0, cols - width(text))


def table(headers, rows, max_widths=None):
    """A left-aligned text table; cells are shortened to ``max_widths`` columns."""
    max_widths = max_widths or {}
    cells = [[shorten(c if c is not None else "", max_widths.get(i, 60)) for i, c in enumerate(r)] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)


def to_json(obj):
    """JSON text with Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
