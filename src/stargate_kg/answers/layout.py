"""Text laid out for where it goes: cut to fit a terminal (or ``--width N``), whole in a pipe, a file or with ``--full``.

Every command that prints text takes ``--width N`` and ``--full``
(:func:`layout_options`, part of every listing command's output options);
lines and table cells go through :func:`fit`, :func:`fit_line` and
:func:`table`, which cut only when the layout says so.

>>> shorten("一二三四五六七八九十", 6)  # CJK characters are two columns wide
'一二…'
"""

import functools
import sys
import unicodedata


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


#: How text output is laid out: ``cut`` long lines to ``width`` columns (on a terminal, or with ``--width N``), or not
#: (``--full``, or when standard output is a pipe or a file). Set per command by :func:`output_formats`.
LAYOUT = {"width": 100, "cut": True}


def on_terminal():
    """Whether standard output is a terminal (text is cut to fit it only then)."""
    return sys.stdout.isatty()


def set_layout(width=None, full=False, tty=None):
    """Lay text out for this command: ``width`` columns (default 100), cut only on a terminal unless ``width`` is given.

    >>> set_layout(full=True); fit("a long sentence", 6)
    'a long sentence'
    >>> set_layout(width=80); fit("a long sentence", 6), line_width()
    ('a lon…', 80)
    >>> set_layout(tty=True); line_width()
    100
    """
    if tty is None:
        tty = on_terminal()
    LAYOUT["width"] = width or 100
    LAYOUT["cut"] = not full and (tty or width is not None)


def line_width():
    """The columns text output fits (``--width``, default 100)."""
    return LAYOUT["width"]


def fit(text, limit):
    """``text`` cut to ``limit`` columns when the layout cuts (a terminal, ``--width``); whole otherwise (a pipe, ``--full``)."""
    if LAYOUT["cut"]:
        return shorten(text, limit)
    return " ".join(str(text).split())


def fit_line(text, limit):
    """A line the command built, as it is (its spacing kept) unless the layout cuts and it is wider than ``limit``.

    >>> set_layout(full=True); fit_line("a  b", 3)
    'a  b'
    >>> set_layout(width=40); fit_line("a  b", 4), fit_line("a  b c", 4)
    ('a  b', 'a b…')
    >>> set_layout(tty=True)
    """
    if LAYOUT["cut"] and width(text) > limit:
        return shorten(text, limit)
    return text


def pad(text, cols):
    return str(text) + " " * max(0, cols - width(text))


def table(headers, rows, max_widths=None):
    """A left-aligned text table, laid out as :func:`set_layout` says.

    When the layout cuts (a terminal, ``--width N``) each cell is cut to its
    ``max_widths`` entry (60 columns by default) and then the widest columns
    are narrowed until a row fits the line width; in a pipe, a file or with
    ``--full`` every cell is whole.

    >>> set_layout(width=40); print(table(["n", "entity"], [[1, "Stargate supercomputer (2024 Microsoft/OpenAI plan)"]]))
    n  entity
    -  -------------------------------------
    1  Stargate supercomputer (2024 Microso…
    >>> set_layout(full=True); table(["n", "entity"], [[1, "Stargate supercomputer (2024 Microsoft/OpenAI plan)"]]).endswith("plan)")
    True
    >>> set_layout(tty=True)  # back to a terminal's layout
    """
    max_widths = max_widths or {}
    cells = [[fit(c if c is not None else "", max_widths.get(i, 60)) for i, c in enumerate(r)] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if LAYOUT["cut"]:
        widths = narrowed(widths, [width(h) for h in headers], line_width())
        cells = [[shorten(c, widths[i]) for i, c in enumerate(r)] for r in cells]
        headers = [shorten(h, widths[i]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)


def narrowed(widths, heads, line, gap=2, floor=6):
    """Column widths narrowed, the widest first, until a row of them fits ``line`` columns.

    Columns keep their heading and ``floor`` columns while they can; when
    that is still too wide, headings are cut too, down to 3 columns.

    >>> narrowed([2, 50, 30], [1, 6, 4], 60)
    [2, 27, 27]
    >>> narrowed([10, 10, 10], [10, 10, 10], 20)  # headings cut to fit
    [5, 5, 6]
    """
    widths = list(widths)
    excess = sum(widths) + gap * max(0, len(widths) - 1) - line
    for least in ([min(w, max(h, floor)) for w, h in zip(widths, heads)], [min(w, 3) for w in widths]):
        while excess > 0:
            i = max(range(len(widths)), key=lambda k: (widths[k] > least[k], widths[k]))
            if widths[i] <= least[i]:
                break
            widths[i] -= 1
            excess -= 1
    return widths


def layout_options(f):
    """Decorator for a command that prints text: adds ``--width N`` and ``--full`` and sets the layout (:func:`set_layout`)."""
    import click

    @click.option("--width", "line", type=click.IntRange(min=40), default=None, metavar="N",
                  help="Text: cut long lines to N columns (default: 100 on a terminal; nothing is cut in a pipe or a file).")
    @click.option("--full", is_flag=True, help="Text: never cut long lines, even on a terminal.")
    @functools.wraps(f)
    def wrapper(*args, line=None, full=False, **kwargs):
        set_layout(line, full)
        return f(*args, **kwargs)

    return wrapper
