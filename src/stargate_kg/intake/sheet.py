"""The statements sheet: a CSV file any spreadsheet opens, one candidate statement per row.

Written as UTF-8 with a byte-order mark (``utf-8-sig``): Excel reads a CSV
without one in the computer's local code page and garbles Chinese; LibreOffice,
Numbers, Google Sheets and Python ignore the mark. Read back as UTF-8 (with or
without the mark) or, failing that, GB18030 (what Excel on Chinese Windows
saves as "CSV" rather than "CSV UTF-8"). A text cell that starts with ``=``,
``+``, ``-`` or ``@`` is written with a leading apostrophe so that a
spreadsheet shows it as text instead of running it as a formula; the
apostrophe is dropped again on reading.

>>> import io, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.csv")
>>> write_sheet([{"subject": "Nvidia", "relation": "investsIn", "object": "OpenAI", "note": "=1+1"}], path)
>>> rows = read_sheet(path)
>>> rows[0].number, rows[0]["subject"], rows[0]["note"], rows[0]["keep"]
(2, 'Nvidia', '=1+1', '')
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import IntakeError, SheetError

#: The columns, in order. ``keep``: yes/no (add takes the rows marked yes, or every row when the column is absent).
COLUMNS = [
    "keep", "subject", "relation", "object", "amount", "currency", "bound", "value", "unit",
    "date", "start", "end", "duration", "status", "money_kind", "quote", "note",
    "confidence", "reason", "existing",
    "subject_type", "subject_zh", "subject_en", "object_type", "object_zh", "object_en",
    "joint", "stated_by", "conflict",
]
#: ``joint``: the other parties of a joint figure (one total, no split; names separated by ;), ``stated_by``: who
#: says so when it is not the article's own voice, ``conflict``: a statement (st:…) this row contradicts, or a note.
REQUIRED = ("subject", "relation", "quote")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    """One row of a sheet: its line number in the file (the header is row 1) and its cells by column."""

    number: int
    cells: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return (self.cells.get(key) or "").strip()

    def get(self, key, default=""):
        return self[key] or default


def _safe(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def write_sheet(rows, path):
    """Write ``rows`` (dicts by column) to ``path`` (or a file object), UTF-8 with BOM; extra keys are ignored."""
    if hasattr(path, "write"):
        _write(rows, path)
        return
    p = Path(path)
    if p.is_symlink() and p.resolve().is_file():
        p = p.resolve()  # replace the file the link points to; the link stays
    if p.exists() and not p.is_file():  # a device or a FIFO (-o /dev/stdout): write through it
        try:
            with open(p, "w", encoding="utf-8-sig", newline="") as fh:
                _write(rows, fh)
        except OSError as ex:
            raise IntakeError(f"cannot write {p}: {ex.strerror or ex}") from None
        return
    tmp = p.with_name(p.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            _write(rows, fh)
        tmp.replace(p)
    except OSError as ex:
        tmp.unlink(missing_ok=True)
        raise IntakeError(f"cannot write {p}: {ex.strerror or ex}") from None


def _write(rows, fh):
    w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _safe(r.get(k)) for k in COLUMNS})


def read_sheet(path):
    """The rows of a sheet; a missing required column or an unreadable file is a :class:`SheetError`."""
    from stargate_kg.intake.text import read_text

    p = Path(path)
    text = read_text(p, "sheet").lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    sample = "".join(lines[:5])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(lines, dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise SheetError(p, [(1, None, "the sheet is empty (expected a header row: " + ", ".join(COLUMNS[:4]) + ", ...)")]) from None
    header = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SheetError(p, [(1, None, f"missing column(s) {', '.join(missing)}; the header must name at least {', '.join(REQUIRED)}")])
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise SheetError(p, [(1, None, f"unknown column(s) {', '.join(unknown)}; known columns: {', '.join(COLUMNS)}")])
    rows = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        d = {}
        for h, c in zip(header, cells):
            if h:
                d[h] = c[1:] if c.startswith("'") and c[1:2] in FORMULA_START else c
        rows.append(Row(n, d))
    return rows
