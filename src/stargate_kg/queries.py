"""The catalog of named SPARQL questions (``queries/*.rq``) and how to run any query.

Each catalog file starts with a header of ``#`` comments::

    # title: Funders of an entity
    # description: Who funds ENTITY (equity, ownership, commitments, loans), with amounts and sources.
    # param: entity entity OpenAI -- the entity funded (a name or IRI)

A ``param`` line gives the variable name (``?entity`` in the query), its type
(``entity`` resolves a name to the entity's IRI; ``article`` takes a000..a004
or a file name; ``string``, ``integer``, ``decimal``, ``date``, ``boolean``,
``iri``) and an example. An ``option`` line declares an optional parameter the
same way: when it is not given its variable stays unbound (the query tests it
with ``BOUND(?name)`` or ``COALESCE``). Values are bound to the variable by the
engine, never pasted into the query text.

>>> cat = catalog()
>>> "funding-relationships" in cat
True
>>> cat["funders-of"].params[0].name
'entity'
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import MissingParameter, QueryError, StargateKGError
from stargate_kg.paths import default_queries_dir

PARAM_TYPES = ("entity", "article", "string", "integer", "decimal", "date", "boolean", "iri")
FORMATS = ("table", "json", "csv", "tsv", "md")


@dataclass
class Param:
    name: str
    type: str
    example: str = ""
    description: str = ""
    optional: bool = False

    def as_json(self):
        return {"name": self.name, "type": self.type, "example": self.example, "description": self.description,
                "optional": self.optional}


@dataclass
class CatalogQuery:
    name: str
    path: Path
    title: str = ""
    description: str = ""
    params: list = field(default_factory=list)

    @property
    def text(self):
        return read_query_file(self.path)

    def as_json(self):
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.as_json() for p in self.params],
        }


def read_query_file(path):
    """The text of a query file; QueryError naming the file for one that is unreadable or not UTF-8.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".rq") as f:
    ...     _ = f.write(b"SELECT \\xff ?x WHERE {}"); f.flush()
    ...     read_query_file(f.name)
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryError: invalid query: ...: not UTF-8 text (invalid start byte at byte 7)
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as ex:
        raise QueryError(f"not UTF-8 text ({ex.reason} at byte {ex.start})", source=str(path)) from None
    except OSError as ex:
        raise QueryError(f"cannot read the file: {ex.strerror or ex}", source=str(path)) from None


def parse_header(path):
    """Read a .rq file's header comments into a CatalogQuery."""
    path = Path(path)
    q = CatalogQuery(name=path.stem, path=path)
    for line in read_query_file(path).splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        body = s.lstrip("#").strip()
        key, _, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            q.title = value
        elif key == "description":
            q.description = (q.description + " " + value).strip()
        elif key in ("param", "option"):
            spec, _, desc = value.partition("--")
            parts = spec.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"bad '# {key}:' line {value!r}: write '# {key}: NAME TYPE EXAMPLE -- description'", source=str(path))
            q.params.append(Param(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else "", desc.strip(), key == "option"))
    return q


def catalog(directory=None):
    """All catalog questions by name, sorted."""
    directory = Path(directory or default_queries_dir())
    return {p.stem: parse_header(p) for p in sorted(directory.glob("*.rq"))}


def find_query(spec, directory=None):
    """A catalog name, a file path, or '-' (read by the caller) -> CatalogQuery."""
    p = Path(spec)
    if spec != "-" and p.suffix == ".rq" and p.is_file():
        return parse_header(p)
    cat = catalog(directory)
    name = spec[:-3] if spec.endswith(".rq") else spec
    if name in cat:
        return cat[name]
    if p.is_file():
        return parse_header(p)
    import difflib

    close = difflib.get_close_matches(name, list(cat), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else " See `stargate-kg queries` for the catalog."
    raise StargateKGError(f"no catalog question or file called {spec!r}.{hint}")


def bind_value(kg, param, raw):
    """Turn a user's text into the term bound to ``?name``."""
    from stargate_kg.terms import IRI, literal

    if param.type == "entity":
        from stargate_kg.lookup import resolve

        return IRI(resolve(kg, raw).iri)
    if param.type == "article":
        from stargate_kg.answers.statements import article_index

        for iri, (short_id, fname) in article_index(kg).items():
            if raw in (short_id, fname, iri, short_id.lstrip("a"), Path(fname).stem):
                return IRI(iri)
        known = ", ".join(sorted(s for s, _ in article_index(kg).values()))
        raise StargateKGError(f"no article {raw!r}; use one of {known}")
    if param.type == "iri":
        if not raw.startswith(("http://", "https://", "urn:")):
            raise StargateKGError(f"parameter {param.name} needs an IRI, got {raw!r}")
        return IRI(raw)
    try:
        if param.type == "integer":
            return literal(int(raw))
        if param.type == "decimal":
            from decimal import Decimal, InvalidOperation

            try:
                return literal(Decimal(raw))
            except InvalidOperation:
                raise ValueError(raw) from None
        if param.type == "date":  # a day, or a month (xsd:gYearMonth) or a year (xsd:gYear)
            import datetime
            import re

            from stargate_kg.terms import XSD, Literal

            if re.fullmatch(r"\d{4}", raw):
                return Literal(raw, datatype=XSD + "gYear")
            if re.fullmatch(r"\d{4}-\d{2}", raw) and 1 <= int(raw[5:]) <= 12:
                return Literal(raw, datatype=XSD + "gYearMonth")
            return literal(datetime.date.fromisoformat(raw))
        if param.type == "boolean":
            flag = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(raw.strip().lower())
            if flag is None:
                raise ValueError(raw)
            return literal(flag)
    except ValueError:
        raise StargateKGError(f"parameter {param.name} needs a {param.type}, got {raw!r}") from None
    return literal(raw)


def with_lang(text, lang):
    """``text`` with the variable ``?lang`` written as the constant ``"en"`` or ``"zh"`` (nothing else is touched).

    The value is one of two fixed words (checked here), never text a user typed.

    >>> with_lang('SELECT ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = ?lang) } # ?lang', "zh")
    'SELECT ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = "zh") } # ?lang'
    """
    from stargate_kg.i18n import check_lang
    from stargate_kg.sparql_text import tokens

    constant = f'"{check_lang(lang)}"'
    out, last = [], 0
    for tok, start, end in tokens(text):
        if tok in ("?lang", "$lang"):
            out += [text[last:start], constant]
            last = end
    return "".join(out) + text[last:]


def run_query(kg, query, params=None, text=None, source=None, lang="en"):
    """Run a CatalogQuery (or raw ``text``) with ``params`` {name: user text}.

    ``lang`` ('en' or 'zh') is bound to ``?lang`` when the query uses that
    variable and does not declare it: catalog questions pick labels with it
    (the label in ``?lang``, else the English one). ``--param lang=zh`` sets it too.

    Returns (form, vars, result): ("SELECT", [vars], rows) | ("ASK", None, bool)
    | ("CONSTRUCT", None, Graph).
    """
    params = dict(params or {})
    declared = {p.name: p for p in (query.params if query else [])}
    if text is None:
        text = query.text
        source = source or str(query.path)
    import re

    uses_lang = "lang" not in declared and re.search(r"[?$]lang\b", text) is not None
    if uses_lang and "lang" in params:
        from stargate_kg.i18n import check_lang

        lang = check_lang(params.pop("lang"))
    unknown = sorted(set(params) - set(declared))
    if unknown:
        want = ", ".join(declared) or "none"
        raise StargateKGError(f"unknown parameter(s) {', '.join(unknown)}; this query takes: {want}")
    missing = [n for n, p in declared.items() if n not in params and not p.optional]
    if missing:
        raise MissingParameter(query.name if query else source, missing)
    bindings = {n: bind_value(kg, declared[n], v) for n, v in params.items()}
    if uses_lang:  # written as a constant: a binding would not reach filters inside UNION branches and sub-groups
        text = with_lang(text, lang)
    form, names, result = kg.query(text, bindings, source=source)
    if query is not None and form == "SELECT":
        result = sorted_lists(names, result)
    return form, names, result


#: Catalog columns that list several values (GROUP_CONCAT with ", "): sorted by :func:`sorted_lists`.
LIST_COLUMNS = ("articles",)


def sorted_lists(names, rows):
    """Rows with each :data:`LIST_COLUMNS` cell's items sorted and unique.

    SPARQL leaves the order of GROUP_CONCAT's items to the engine; sorting them
    here gives every engine the same cell (``a000, a002``) without a sub-select
    per statement, which would keep a bound ``?entity`` from reaching the
    pattern (Oxigraph binds it outside the sub-select).

    >>> from stargate_kg.terms import Literal
    >>> sorted_lists(["articles"], [{"articles": Literal("a002, a000, a002")}])
    [{'articles': Literal('a000, a002')}]
    """
    cols = [n for n in names if n in LIST_COLUMNS]
    if not cols:
        return rows
    from stargate_kg.terms import Literal

    out = []
    for r in rows:
        r = dict(r)
        for n in cols:
            if r.get(n) is not None:
                r[n] = Literal(", ".join(sorted(set(str(r[n]).split(", ")))))
        out.append(r)
    return out


# ---------------------------------------------------------------- result formats
# One way to write a result term, shared by `stargate-kg query --format json|csv|tsv`
# and the SPARQL endpoint (stargate_kg.server.formats), so a client gets the
# same document whichever engine answers.


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
    2025年9月23日 (the machine formats, csv/tsv/json, keep the graph's values).
    """
    from stargate_kg.answers.amounts import format_amount, format_value
    from stargate_kg.i18n import CONCEPT_COLUMNS, DATE_COLUMNS, concept, date_text
    from stargate_kg.terms import is_literal, lexical

    def text(r, n):
        return lexical(r[n]) if r.get(n) is not None else None

    has = set(names)
    # a sum of money: ``amount`` (money moved, pledged, estimated), or ``figure`` (a sum a claim or doubt quotes)
    money_col = "amount" if "amount" in has else "figure" if {"figure", "currency"} <= has else None
    money = money_col is not None
    figure = "value" in has and "unit" in has
    drop = set()
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
            elif lang != "en" and n in CONCEPT_COLUMNS and r.get(n) is not None and is_literal(r[n]):
                row.append(concept(display(r[n]), lang))
            elif lang != "en" and n in DATE_COLUMNS and r.get(n) is not None and is_literal(r[n]):
                row.append(date_text(display(r[n]), lang))
            elif lang == "zh" and r.get(n) is not None and is_literal(r[n]) and str(getattr(r[n], "datatype", "")).endswith("#boolean"):
                row.append("是" if lexical(r[n]) == "true" else "否")
            elif n == "value" and figure and r.get("value") is not None:
                row.append(" ".join(x for x in (display(r["value"]), text(r, "unit") or "") if x))
            else:
                row.append(display(r.get(n)))
        rows.append(row)
    return keep, rows


def to_table(form, names, result, markdown=False, max_width=60, lang="en"):
    """A result for people: a text table (or Markdown), headings and values in ``lang`` (see :func:`readable`)."""
    from stargate_kg.answers.formatting import table
    from stargate_kg.i18n import column

    if form == "ASK":
        return "true" if result else "false"
    names, rows = readable(names, result, lang)
    heads = [column(n, lang) for n in names] if lang != "en" else names
    if markdown:
        esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(esc(h) for h in heads) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    out = table(heads, rows, {i: max_width for i in range(len(names))})
    if lang == "zh":
        return out + f"\n（{len(rows)} 行）"
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
