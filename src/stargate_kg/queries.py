"""The catalog of named SPARQL questions (``queries/*.rq``) and how to run any query.

Each catalog file starts with a header of ``#`` comments::

    # title: Funders of an entity
    # title_zh: 某实体的资金来源
    # description: Who funds ENTITY (equity, ownership, commitments, loans), with amounts and sources.
    # description_zh: 谁为 ENTITY 出资（股权、控股、承诺出资、贷款），附金额和来源。
    # param: entity entity OpenAI -- the entity funded (a name or IRI)

``title_zh`` and ``description_zh`` are what ``stargate-kg --lang zh queries``
prints (:meth:`CatalogQuery.title_in`); column headings in Chinese are in
:mod:`stargate_kg.catalog_words`.

A question about statements gives one row per statement (``GROUP BY ?st``),
so its amounts add up; its ORDER BY is total and ends with the statement
(``?_statement``, a key :func:`run_query` does not show), so every engine
gives the rows in one order. ``articles`` lists the articles that report it (sorted
by :func:`sorted_lists`), ``quotes`` counts their quotes, ``quote`` is one of
them. A sum quoted in a claim or doubt is a ``figure``, never an ``amount``.

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
>>> cat["funders-of"].title_in("zh")
'某实体的资金来源'
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import MissingParameter, QueryError, StargateKGError
from stargate_kg.paths import default_queries_dir

PARAM_TYPES = ("entity", "article", "string", "integer", "decimal", "date", "boolean", "iri")


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
    title_zh: str = ""
    description_zh: str = ""

    @property
    def text(self):
        return read_query_file(self.path)

    def title_in(self, lang="en"):
        """The title in ``lang`` (the English one when the header gives no Chinese)."""
        from stargate_kg.catalog_words import zh

        return zh(self.title_zh, lang) if lang != "en" and self.title_zh else self.title

    def description_in(self, lang="en"):
        """The description in ``lang`` (the English one when the header gives no Chinese)."""
        from stargate_kg.catalog_words import zh

        return zh(self.description_zh, lang) if lang != "en" and self.description_zh else self.description

    def as_json(self):
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "title_zh": self.title_zh,
            "description_zh": self.description_zh,
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
        elif key == "title_zh":
            q.title_zh = value
        elif key == "description":
            q.description = (q.description + " " + value).strip()
        elif key == "description_zh":
            q.description_zh = q.description_zh + value
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

            from stargate_kg.i18n_zh import parse_zh_date
            from stargate_kg.terms import XSD, Literal

            raw = parse_zh_date(raw) or raw  # as Chinese output prints it: 2025年7月
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
    from stargate_kg.i18n_zh import base_lang
    from stargate_kg.sparql_text import tokens

    constant = f'"{base_lang(check_lang(lang))}"'  # zh-Hant, zh-TW, zh-HK: the simplified labels, converted in readable()
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
    | ("CONSTRUCT", None, Graph). A catalog question's list cells
    (:data:`LIST_COLUMNS`) come sorted, the same from every engine.
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
        names, result = without_keys(names, result)
        result = sorted_lists(names, result)
    return form, names, result


def without_keys(names, rows):
    """``names`` and ``rows`` without the catalog's ordering keys (columns whose name starts with ``_``).

    A catalog question ends its ORDER BY with ``?_statement`` (``MIN(STR(?st))``,
    the statement's IRI), so rows that tie on every shown column still come in
    one order on every engine. Virtuoso orders by an aggregate only through a
    projected alias, and rdflib cannot order by a group key the SELECT leaves
    out; the key is projected, and not shown.

    >>> without_keys(["a", "_statement"], [{"a": 1, "_statement": "st:x"}])
    (['a'], [{'a': 1}])
    """
    keys = [n for n in names if n.startswith("_")]
    if not keys:
        return names, rows
    return [n for n in names if n not in keys], [{k: v for k, v in r.items() if k not in keys} for r in rows]


#: Catalog columns that list several values (GROUP_CONCAT), with their separator: sorted by :func:`sorted_lists`.
LIST_COLUMNS = {"articles": ", ", "joint_funders": " + "}


def sorted_lists(names, rows):
    """Rows with each :data:`LIST_COLUMNS` cell's items sorted and unique.

    SPARQL leaves the order of GROUP_CONCAT's items to the engine; sorting them
    here gives every engine the same cell (``a000, a002``) without a sub-select
    per statement, which would keep a bound ``?entity`` from reaching the
    pattern (Oxigraph binds it outside the sub-select).

    >>> from stargate_kg.terms import Literal
    >>> sorted_lists(["articles", "joint_funders"], [{"articles": Literal("a002, a000, a002"), "joint_funders": Literal("")}])
    [{'articles': Literal('a000, a002'), 'joint_funders': None}]
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
                sep = LIST_COLUMNS[n]
                items = sorted(set(str(r[n]).split(sep)) - {""})
                r[n] = Literal(sep.join(items)) if items else None  # an empty list is no value, as before grouping
        out.append(r)
    return out


# Result formats live in stargate_kg.results; these names are kept here for code that imports them from the catalog.
from stargate_kg.results import (  # noqa: E402,F401
    FORMATS, canonical, display, format_result, readable, spreadsheet_cell, term_csv, term_json, term_tsv, to_csv,
    to_sparql_json, to_table,
)
