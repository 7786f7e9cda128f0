"""Query results written for programs and people: SPARQL 1.1 JSON, CSV and TSV, and tables in English or Chinese.

One way to write a result term, shared by ``stargate-kg query --format
json|csv|tsv`` and the SPARQL endpoint (:mod:`stargate_kg.server.formats`), so
a client gets the same document whichever engine answers; and one way to
write a table for people (:func:`readable`, :func:`to_table`), with amounts,
figures, bounds, dates and column headings in the reader's language.

>>> import rdflib
>>> to_csv("SELECT", ["n"], [{"n": rdflib.Literal("100000000000.0", datatype=rdflib.XSD.decimal)}])
'n\\r\\n100000000000\\r\\n'
"""

import json
import re

from stargate_kg.exceptions import StargateKGError

FORMATS = ("table", "json", "csv", "tsv", "md")


def canonical(term):
    """The term as every answer writes it, the same from every engine (a light term; None stays None).

    Engines disagree on how a literal is spelt, not on what it means: rdflib
    keeps a decimal as written in the graph (``100000000000.0``), Oxigraph
    gives the XSD canonical form (``100000000000``); rdflib keeps a language
    tag's case (``en-US``), Oxigraph lower-cases it; rdflib may report
    ``xsd:string`` that RDF 1.1 leaves implicit. Here numbers take their
    canonical form (:func:`stargate_kg.terms.lexical`), language tags are
    lower case (they are case-insensitive) and ``xsd:string`` is dropped.
    Each pair denotes the same value, so nothing is lost.

    >>> import rdflib
    >>> canonical(rdflib.Literal("1.50", datatype=rdflib.XSD.decimal))
    Literal('1.5', datatype='http://www.w3.org/2001/XMLSchema#decimal')
    >>> canonical(rdflib.Literal("x", lang="en-US")), canonical(rdflib.Literal("y", datatype=rdflib.XSD.string))
    (Literal('x', language='en-us'), Literal('y'))
    """
    from stargate_kg.terms import Literal, from_rdflib, lexical

    t = from_rdflib(term)
    if t is None or t.kind != "literal":
        return t
    text = lexical(t)
    return t if text == str(t) else Literal(text, language=t.language, datatype=t.datatype)


def term_json(term):
    """One RDF term (light or rdflib) in the SPARQL 1.1 Query Results JSON format, written :func:`canonical`.

    >>> import rdflib
    >>> term_json(rdflib.Literal("100000000000.0", datatype=rdflib.XSD.decimal))
    {'type': 'literal', 'value': '100000000000', 'datatype': 'http://www.w3.org/2001/XMLSchema#decimal'}
    >>> term_json(rdflib.Literal("软银", lang="zh")), term_json(rdflib.BNode("b0"))
    ({'type': 'literal', 'value': '软银', 'xml:lang': 'zh'}, {'type': 'bnode', 'value': 'b0'})
    """
    t = canonical(term)
    out = {"type": t.kind, "value": str(t)}
    if t.kind == "literal":
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype is not None:
            out["datatype"] = str(t.datatype)
    return out


def term_csv(term):
    """One cell of SPARQL 1.1 CSV: the :func:`canonical` text, blank nodes as ``_:label``, nothing for unbound.

    CSV drops datatypes and language tags (the format says so); the caller quotes.

    >>> import rdflib
    >>> term_csv(rdflib.Literal("13000000000.0", datatype=rdflib.XSD.decimal)), term_csv(rdflib.BNode("b0")), term_csv(None)
    ('13000000000', '_:b0', '')
    """
    if term is None:
        return ""
    t = canonical(term)
    return f"_:{t}" if t.kind == "bnode" else str(t)


def term_tsv(term):
    r"""One cell of SPARQL 1.1 TSV: the :func:`canonical` term in Turtle syntax, tabs escaped; nothing for unbound.

    >>> import rdflib
    >>> term_tsv(rdflib.Literal("a\tb", lang="en")), term_tsv(rdflib.URIRef("http://ex/a")), term_tsv(None)
    ('"a\\tb"@en', '<http://ex/a>', '')
    """
    if term is None:
        return ""
    return canonical(term).n3().replace("\t", "\\t")


def to_sparql_json(form, names, result):
    """SPARQL 1.1 Query Results JSON, indented for people (the endpoint's is compact; the terms are the same)."""
    if form == "ASK":
        return json.dumps({"head": {}, "boolean": result})
    bindings = [{n: term_json(r[n]) for n in names if r.get(n) is not None} for r in result]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def spreadsheet_cell(text):
    """A CSV cell a spreadsheet will not run as a formula (OWASP's rule for CSV injection).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe, which spreadsheets show as text; a
    plain negative number stays a number.

    >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell("@SUM(A1)"), spreadsheet_cell("-5"), spreadsheet_cell("-1.5e3")
    ("'=HYPERLINK(1)", "'@SUM(A1)", '-5', '-1.5e3')
    >>> spreadsheet_cell("-2+3"), spreadsheet_cell("OpenAI"), spreadsheet_cell("")
    ("'-2+3", 'OpenAI', '')
    """
    if text and text[0] in "=+-@\t\r" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(form, names, result, tsv=False, spreadsheet_safe=False):
    """SPARQL 1.1 CSV (plain values, :func:`term_csv`) or TSV (terms in Turtle syntax, :func:`term_tsv`).

    ``spreadsheet_safe`` (CSV for people, as ``stargate-kg query --format
    csv`` writes it) passes every cell through :func:`spreadsheet_cell`; the
    SPARQL endpoint leaves it off, so its CSV is exactly the standard's.

    >>> import rdflib
    >>> rows = [{"x": rdflib.Literal("=1+2"), "n": rdflib.Literal(-5)}]
    >>> to_csv("SELECT", ["x", "n"], rows), to_csv("SELECT", ["x", "n"], rows, spreadsheet_safe=True)
    ('x,n\\r\\n=1+2,-5\\r\\n', "x,n\\r\\n'=1+2,-5\\r\\n")
    """
    if form == "ASK":
        return ("?_askResult\n" if tsv else "_askResult\r\n") + ("true" if result else "false") + ("\n" if tsv else "\r\n")
    if tsv:
        lines = ["\t".join("?" + n for n in names)]
        for r in result:
            lines.append("\t".join(term_tsv(r.get(n)) for n in names))
        return "\n".join(lines) + "\n"
    from stargate_kg.answers.formatting import csv_text

    cell = spreadsheet_cell if spreadsheet_safe else str
    return csv_text([cell(n) for n in names], ([cell(term_csv(r.get(n))) for n in names] for r in result))


def display(term):
    """A term as people read it: IRIs compacted, literals as their text."""
    from stargate_kg.namespace import short
    from stargate_kg.terms import is_literal, lexical

    if term is None:
        return ""
    if is_literal(term):
        return lexical(term)
    return short(term)


def readable(names, result, lang="en"):
    """Columns and rows for people: an ``amount`` (or a ``figure`` a claim quotes) is written with its
    ``currency`` and ``bound`` (``up to $100B``), a numeric ``value`` with its ``unit`` and ``bound`` (``up to 400,000 chips``),
    by :mod:`stargate_kg.answers.amounts`; the columns folded in are dropped. Other cells are :func:`display`.

    >>> import rdflib
    >>> x = rdflib.Literal("115000000000.0", datatype=rdflib.XSD.decimal)
    >>> readable(["amount", "currency", "bound"], [{"amount": x, "currency": rdflib.Literal("USD"), "bound": rdflib.Literal("more than")}])
    (['amount'], [['more than $115B']])

    In ``lang="zh"`` amounts and figures are written in Chinese (超过1150亿美元),
    money kinds, statuses, bounds and ranks by their Chinese names, dates as
    2025年9月23日, the catalog's own values (role, direction) by
    :mod:`stargate_kg.catalog_words`; a column only English fills (``said``,
    the editors' summary) is left out when a ``quote`` gives the article's
    sentence. Durations read ``4 years`` / ``4年``. The machine formats
    (csv/tsv/json) keep the graph's values.
    """
    from stargate_kg import catalog_words as cw
    from stargate_kg.answers.amounts import format_amount, format_duration, format_value
    from stargate_kg.i18n import CONCEPT_COLUMNS, DATE_COLUMNS, DATE_QUALIFIERS, concept, date_text
    from stargate_kg.i18n_zh import is_hant, to_script
    from stargate_kg.terms import is_literal, lexical

    concepts, dates = CONCEPT_COLUMNS | cw.CONCEPT_COLUMNS, DATE_COLUMNS | cw.DATE_COLUMNS

    def text(r, n):
        return lexical(r[n]) if r.get(n) is not None else None

    has = set(names)
    # a sum of money: ``amount`` (money moved, pledged, estimated), or ``figure`` (a sum a claim or doubt quotes)
    money_col = "amount" if "amount" in has else "figure" if {"figure", "currency"} <= has else None
    money = money_col is not None
    figure = "value" in has and "unit" in has
    drop = set(cw.ENGLISH_ONLY) & has if lang != "en" and "quote" in has else set()
    if money:
        drop |= {"currency"} & has
        if "bound" in has:
            drop.add("bound")
    if figure:
        drop.add("unit")
        if "bound" in has and not money:
            drop.add("bound")
    keep = [n for n in names if n not in drop]
    rows = []
    for r in result:
        row = []
        for n in keep:
            if n == money_col and r.get(n) is not None:
                row.append(format_amount(text(r, n), text(r, "currency"), text(r, "bound"), lang))
            elif n == "value" and figure and r.get("value") is not None and is_literal(r["value"]) and getattr(r["value"], "datatype", None):
                # one bound per statement: it is the value's when the row has no sum of money
                bound = text(r, "bound") if not money or r.get(money_col) is None else None
                row.append(format_value(text(r, "value"), text(r, "unit"), bound, lang))
            elif lang != "en" and n in concepts and r.get(n) is not None and is_literal(r[n]):
                row.append(concept(display(r[n]), lang))
            elif lang != "en" and n in dates and r.get(n) is not None and is_literal(r[n]):
                row.append(date_text(display(r[n]), lang))
            elif lang != "en" and n in cw.VALUES and r.get(n) is not None:
                row.append(cw.value(n, display(r[n]), lang))
            elif n == "duration" and r.get(n) is not None and is_literal(r[n]):
                row.append(format_duration(display(r[n]), lang))
            elif lang != "en" and r.get(n) is not None and is_literal(r[n]) and str(getattr(r[n], "datatype", "")).endswith("#boolean"):
                row.append(cw.zh("是" if lexical(r[n]) == "true" else "否", lang))
            elif lang != "en" and n == "value" and "quote" in has and _is_text(r.get(n)):
                row.append("")  # the editors' English wording: the quote column gives the article's own sentence
            elif lang != "en" and n == "qualifier" and r.get(n) is not None:
                row.append(cw.zh(DATE_QUALIFIERS.get(display(r[n]), display(r[n])), lang))
            elif n == "value" and figure and r.get("value") is not None:
                row.append(" ".join(x for x in (display(r["value"]), text(r, "unit") or "") if x))
            elif is_hant(lang) and "quote" not in n and getattr(r.get(n), "language", None) == "zh":
                row.append(to_script(display(r[n]), lang))  # a Chinese label in traditional characters; quotes stay
            else:
                row.append(display(r.get(n)))
        rows.append(row)
    return keep, rows


def _is_text(term):
    """Whether ``term`` is a literal of text (a plain string or one with a language tag), not a number or date."""
    from stargate_kg.terms import is_literal

    dt = str(getattr(term, "datatype", None) or "")
    return term is not None and is_literal(term) and (not dt or dt.endswith(("#string", "#langString")))


def to_table(form, names, result, markdown=False, max_width=60, lang="en"):
    """A result for people: a text table (or Markdown), headings and values in ``lang`` (see :func:`readable`)."""
    from stargate_kg.answers.formatting import table
    from stargate_kg.catalog_words import heading, zh

    if form == "ASK":
        return "true" if result else "false"
    names, rows = readable(names, result, lang)
    heads = [heading(n, lang) for n in names]
    if markdown:
        esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(esc(h) for h in heads) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    out = table(heads, rows, {i: max_width for i in range(len(names))})
    if lang != "en":
        return out + "\n" + zh(f"（{len(rows)} 行）", lang)
    return out + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def format_result(form, names, result, fmt="table", lang="en"):
    """Serialise a query result in one of FORMATS (graph results: Turtle, or JSON-LD for json).

    ``lang`` words the table and Markdown for people; csv, tsv and json are the SPARQL result formats, unchanged.
    """
    if form not in ("SELECT", "ASK"):
        if fmt == "json":
            return result.serialize(format="json-ld")
        if fmt in ("csv", "tsv", "md"):
            raise StargateKGError(f"a {form} query returns a graph; use --format table (Turtle) or json (JSON-LD)")
        return result.serialize(format="turtle")
    if fmt == "json":
        return to_sparql_json(form, names, result)
    if fmt in ("csv", "tsv"):  # CSV for people: formula-like cells neutralised (spreadsheet_cell)
        return to_csv(form, names, result, tsv=(fmt == "tsv"), spreadsheet_safe=True)
    return to_table(form, names, result, markdown=(fmt == "md"), lang=lang)
