"""Plain-text formatting shared by the commands: money, cells, and every listing's output formats.

How text is cut to a terminal or kept whole in a pipe (``--width N``,
``--full``, text tables) is :mod:`stargate_kg.answers.layout`, importable
from here too.

Every listing command takes the same output options (:func:`output_formats`):
``--format table|json|csv|tsv|md`` with the meanings ``query`` gives them and
``--json`` as a shortcut. ``table`` is the text people read (in the chosen
``--lang``); ``json`` is the command's JSON object or list; ``csv``/``tsv``
are one row per item with the JSON's English keys as the header (CSV lines
end in CRLF as SPARQL 1.1 CSV does); ``md`` is a Markdown table with headings
in the chosen language. :func:`open_output` makes ``-`` mean standard output
wherever a file is written.

>>> format_amount(100000000000, "USD", "up to", lang="zh")
'最高1000亿美元'
>>> format_amount(13000000000, "USD", lang="zh"), format_amount(1400000000000, "USD", lang="zh")
('130亿美元', '1.4万亿美元')

>>> money(100000000000, "USD")
'$100B'
>>> money(1200000000, "USD", "up to")
'up to $1.2B'
>>> money(None, None)
''
>>> shorten("一二三四五六七八九十", 6)  # CJK characters are two columns wide
'一二…'
"""

import contextlib
import csv
import functools
import io
import json
import sys

# text laid out for a terminal, a pipe or --width N: in answers/layout.py, importable from here
from stargate_kg.answers.layout import (  # noqa: F401
    LAYOUT, fit, fit_line, layout_options, line_width, narrowed, on_terminal, pad, set_layout, shorten, table, width,
)


def money(amount, currency, bound=None):
    """A compact amount such as ``$13B`` (``bound`` like "up to" goes in front): :func:`stargate_kg.answers.amounts.format_amount`."""
    from stargate_kg.answers.amounts import format_amount

    return format_amount(amount, currency, bound)


def format_amount(amount, currency, bound=None, lang="en"):
    """An amount as people write it in ``lang``: :func:`stargate_kg.answers.amounts.format_amount` (``最高1000亿美元``)."""
    from stargate_kg.answers.amounts import format_amount as write

    return write(amount, currency, bound, lang)


def to_json(obj):
    """JSON text with Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


# ---------------------------------------------------------------- output formats of every listing command

OUTPUT_FORMATS = ("table", "json", "csv", "tsv", "md")


def cell(value):
    """A JSON value as one cell of CSV, TSV or Markdown: lists joined, sources as ``[a004] quote``, whole floats as integers.

    >>> cell([{"article": "a004", "quote": "将向OpenAI投资"}]), cell(1e11), cell(None), cell(["Company", "Person"])
    ('[a004] 将向OpenAI投资', '100000000000', '', 'Company; Person')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dict):
        if "label" in value:
            return str(value["label"])
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, dict) and "quote" in v for v in value):
            return " | ".join(f"[{v.get('article', '')}] {v['quote']}" for v in value)
        return "; ".join(cell(v) for v in value)
    return str(value)


def safe_cell(value):
    """:func:`cell` for CSV: text a spreadsheet would run as a formula starts with an apostrophe (OWASP); TSV stays unaltered.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell(-5), safe_cell("OpenAI")
    ("'=HYPERLINK(1)", '-5', 'OpenAI')
    """
    from stargate_kg.queries import spreadsheet_cell

    return spreadsheet_cell(cell(value))


def flat_row(obj, prefix=""):
    """One JSON object as a flat row: nested objects become ``key_sub`` columns (``funder_iri``, ``funder_label``).

    >>> flat_row({"funder": {"iri": "e:x", "label": "X"}, "amount": 5})
    {'funder_iri': 'e:x', 'funder_label': 'X', 'amount': 5}
    """
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict) and v and all(not isinstance(x, (dict, list)) for x in v.values()):
            for sub, x in v.items():
                out[f"{prefix}{k}_{sub}"] = x
        else:
            out[f"{prefix}{k}"] = v
    return out


def flat_rows(data):
    """A command's JSON answer (a list of objects, or one object) as (columns, rows of dicts)."""
    items = data if isinstance(data, list) else [data]
    rows = [flat_row(x) if isinstance(x, dict) else {"value": x} for x in items]
    columns = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    return columns, rows


def csv_text(header, rows):
    """CSV with CRLF line ends (as SPARQL 1.1 CSV and RFC 4180 have them): a header, then rows of cell texts."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_rows(columns, rows, fmt, lang="en"):
    """Rows of dicts as ``csv`` (SPARQL-style: header of keys, CRLF), ``tsv`` (tabs, escaped) or ``md`` (headings in ``lang``).

    >>> print(write_rows(["funder", "amount"], [{"funder": "Nvidia", "amount": 1e11}], "md", lang="zh"))
    | 出资方 | 金额 |
    |---|---|
    | Nvidia | 100000000000 |
    """
    if fmt == "csv":
        return csv_text(columns, ([safe_cell(r.get(c)) for c in columns] for r in rows))
    if fmt == "tsv":
        esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")  # noqa: E731
        lines = ["\t".join(columns)] + ["\t".join(esc(cell(r.get(c))) for c in columns) for r in rows]
        return "\n".join(lines) + "\n"
    if fmt == "md":
        from stargate_kg.i18n import CONCEPT_COLUMNS, DATE_COLUMNS, column, concept, date_text

        def md_cell(c, v):
            if c in CONCEPT_COLUMNS and isinstance(v, str):
                v = concept(v, lang)
            elif c in DATE_COLUMNS and v is not None:
                v = date_text(v, lang)
            return cell(v).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(column(c, lang).replace("|", "\\|") for c in columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(md_cell(c, r.get(c)) for c in columns) + " |" for r in rows]
        return "\n".join(lines)
    raise ValueError(f"not a row format: {fmt}")


class Output:
    """Where a listing command's answer goes, in the format the user chose.

    A command builds its JSON answer and calls ``out.emit(data)``: for json,
    csv, tsv and md it is written here and ``emit`` returns True (the command
    is done); for table it returns False and the command prints its text.
    ``rows``/``columns`` override the flat rows made from ``data`` (for an
    answer that is one object holding a list, such as ``entity``).
    """

    def __init__(self, fmt="table", lang="en", state=None, wide=False):
        self.fmt = fmt
        self.lang = lang
        self.state = state  # the CLI's State: its graph gives the labels in ``lang``
        self.wide = wide  # Markdown: every column, not the story table

    @property
    def table(self):
        return self.fmt == "table"

    def emit(self, data, rows=None, columns=None, story=None):
        """Write ``data`` unless the format is ``table``; ``story(data, lang)`` gives Markdown's (headings, rows)."""
        import click

        if self.fmt == "table":
            return False
        if self.lang != "en" and self.state is not None:
            from stargate_kg.i18n import localize

            kg = self.state.kg
            data = localize(data, kg, self.lang)
            rows = localize(rows, kg, self.lang) if rows is not None else None
        if self.fmt == "json":
            click.echo(to_json(data))
            return True
        if self.fmt == "md" and story is not None and not self.wide:
            from stargate_kg.answers.tables import markdown

            click.echo(markdown(*story(data, self.lang)))
            return True
        if rows is None:
            columns, rows = flat_rows(data)
        else:
            rows = [flat_row(r) for r in rows]
            if columns is None:
                columns = flat_rows(rows)[0]
        text = write_rows(columns, rows, self.fmt, self.lang)
        click.echo(text if text.endswith("\n") else text + "\n", nl=False)
        return True


def output_formats(f):
    """Decorator for a listing command: adds ``--format``, ``--json``, ``--wide`` and :func:`layout_options`, and passes ``out`` (an :class:`Output`).

    The language is the group's ``--lang`` (``ctx.obj.lang``).
    """
    import click

    @click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
                  help="table (text, the default), json, csv/tsv (one row per item, English keys), md (Markdown table).")
    @click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
    @click.option("--wide", is_flag=True, help="md: every column (default: a story table of at most 8 columns).")
    @layout_options
    @functools.wraps(f)
    def wrapper(*args, fmt=None, as_json=False, wide=False, **kwargs):
        if as_json and fmt not in (None, "json"):
            raise click.UsageError(f"--json and --format {fmt} ask for two formats; give one.")
        ctx = click.get_current_context(silent=True)
        state = ctx.find_root().obj if ctx is not None else None
        lang = getattr(state, "lang", "en")
        out = Output("json" if as_json else (fmt or "table"), lang, state if hasattr(state, "kg") else None, wide)
        return f(*args, out=out, **kwargs)

    return wrapper


@contextlib.contextmanager
def open_output(path, mode="w", encoding="utf-8", newline=None):
    """Open ``path`` for writing; ``-`` is standard output (not closed afterwards).

    Binary mode on ``-`` gives stdout's byte buffer.
    """
    if str(path) == "-":
        if "b" in mode:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    with open(path, mode, encoding=None if "b" in mode else encoding, newline=newline) as fh:
        yield fh


@contextlib.contextmanager
def output_path(path, suffix=""):
    """A real file path to write to: ``path`` itself, or for ``-`` a temporary file copied to standard output afterwards.

    For writers that only take a path (rdflib, networkx).
    """
    if str(path) != "-":
        yield str(path)
        return
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="stargate-kg-")
    os.close(fd)
    try:
        yield tmp
        sys.stdout.flush()
        with open(tmp, "rb") as fh:
            out = sys.stdout.buffer
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                out.write(chunk)
            out.flush()
    finally:
        os.unlink(tmp)
