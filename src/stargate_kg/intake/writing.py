"""Writing what ``add`` checked into the graph folder: Turtle by rdflib's serializer, moved in whole or not at all.

No user text (publisher, headline, sheet name, quotes, notes) is ever pasted
into Turtle: the statements and the source entry are built as rdflib graphs
(:func:`statements_graph`, :func:`article_graph`) and serialized, so a
newline or a quote in a cell stays inside its literal.

:func:`move_in` makes the add all-or-nothing under any interruption
(SIGTERM, SIGHUP, SIGKILL, a full disk): both new files are written aside
(``.aNNN.ttl.part``, ``.sources.ttl.part``: names the loader does not read),
the graph as it would be is loaded from them and validated (SHACL), and only
then are they renamed into place. The statements file also holds the source
entry (the same triples as the one appended to ``sources.ttl``), so it is
renamed first: the moment it is in, the graph is the new one whole; a stop
before leaves the old graph. ``sources.ttl`` follows, adding nothing new.

>>> import rdflib
>>> g = article_graph("a009", 'News\\n<x:a> <x:b> "c" .\\n#', "2025-01-02", "Headline", "https://w3id.org/stargate-kg/entity/x", "en", "x.txt")
>>> back = rdflib.Graph().parse(data=turtle(g), format="turtle")  # the newline stays inside its literal
>>> len(back) == len(g) == 7, (rdflib.URIRef("x:a"), None, None) in back
(True, False)
"""

import os
import re
from decimal import Decimal
from pathlib import Path

from stargate_kg.exceptions import IntakeError, SheetError, StargateKGError
from stargate_kg.namespace import PREFIX_IRIS, SG_IRI

PREFIXES = ("sg", "e", "st", "src", "rdfs", "skos", "xsd", "schema")
SCHEMA = PREFIX_IRIS["schema"]
XSD = PREFIX_IRIS["xsd"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
#: xsd:duration as the graph writes it: whole years, months, days (and a time part)
DURATION = re.compile(r"P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?")


def _lang(text):
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def new_graph():
    """An empty rdflib graph with the project's prefixes bound (they name the serialized terms)."""
    import rdflib

    g = rdflib.Graph()
    for p in PREFIXES:
        g.bind(p, PREFIX_IRIS[p], override=True, replace=True)
    return g


def rdf_terms():
    """rdflib's (URIRef, Literal, BNode), imported on first use."""
    from rdflib import BNode, Literal, URIRef

    return URIRef, Literal, BNode


def article_graph(article_id, publisher, date, headline, publisher_iri, language, file_name):
    """The source entry ``src:aNNN`` as an rdflib graph."""
    U, L, _ = rdf_terms()
    g = new_graph()
    a = U(PREFIX_IRIS["src"] + article_id)
    g.add((a, U(RDF_TYPE), U(SG_IRI + "Article")))
    g.add((a, U(RDFS_LABEL), L(f"{article_id[1:]}: {publisher}, {date}", lang="en")))
    g.add((a, U(SCHEMA + "headline"), L(headline, lang=_lang(headline))))
    g.add((a, U(SCHEMA + "publisher"), U(publisher_iri)))
    g.add((a, U(SCHEMA + "datePublished"), L(date, datatype=U(XSD + "date"))))
    g.add((a, U(SCHEMA + "inLanguage"), L(language)))
    g.add((a, U(SG_IRI + "fileName"), L(file_name)))
    return g


def _number(v):
    """A Turtle-style number literal: integers as xsd:integer, others as xsd:decimal (xsd:double when huge or tiny)."""
    U, L, _ = rdf_terms()
    if isinstance(v, int):
        return L(v)
    text = repr(float(v))
    if "e" in text or "inf" in text or "nan" in text:
        return L(float(v))
    return L(Decimal(text))


def add_qualifiers(g, st, q):
    """The statement's qualifiers (amount, currency, kind, bound, value, unit, dates and their qualifier, duration, status,
    joint parties, speaker, conflict)."""
    U, L, _ = rdf_terms()
    sg = lambda name: U(SG_IRI + name)  # noqa: E731
    if "amount" in q:
        g.add((st, sg("amount"), L(Decimal(f"{float(q['amount']):.1f}"))))
        g.add((st, sg("currency"), L(q["currency"])))
    for col, prop in (("money_kind", "moneyKind"), ("bound", "bound"), ("status", "status")):
        if col in q:
            g.add((st, sg(prop), sg(q[col])))
    if "value" in q:
        v = q["value"]
        g.add((st, sg("value"), _number(v) if isinstance(v, (int, float)) else L(v, lang=_lang(v))))
    if "unit" in q:
        g.add((st, sg("unit"), L(q["unit"])))
    for col, prop in (("date", "pointInTime"), ("start", "startTime"), ("end", "endTime")):
        if col in q:
            text, typ = q[col]
            g.add((st, sg(prop), L(text, datatype=U(XSD + typ))))
    if "date_qualifier" in q:  # how the article qualifies the date (下旬: sg:LateIn)
        g.add((st, sg("dateQualifier"), sg(q["date_qualifier"])))
    if "duration" in q:
        g.add((st, sg("duration"), L(q["duration"], datatype=U(XSD + "duration"))))
    if "joint" in q:  # one total, several parties, no split given (graph/README.md, Joint money)
        g.add((st, sg("joint"), L(True)))
        for party in q["joint"]:
            g.add((st, sg("jointFunder"), U(_full(party))))
    if "stated_by" in q:
        g.add((st, sg("statedBy"), U(_full(q["stated_by"]))))
    if str(q.get("conflict", "")).startswith("st:"):
        g.add((st, sg("conflictsWith"), U(_full(q["conflict"]))))


def _full(iri):
    """A full IRI from a full one or a prefixed name (``st:…``, ``e:…``)."""
    prefix, _, local = str(iri).partition(":")
    return PREFIX_IRIS[prefix] + local if prefix in PREFIX_IRIS and not local.startswith("//") else str(iri)


def add_references(g, st, article_id, quotes):
    U, L, B = rdf_terms()
    for quote in quotes:
        ref = B()
        g.add((st, U(SG_IRI + "reference"), ref))
        g.add((ref, U(RDF_TYPE), U(SG_IRI + "Reference")))
        g.add((ref, U(SG_IRI + "article"), U(PREFIX_IRIS["src"] + article_id)))
        g.add((ref, U(SG_IRI + "quote"), L(quote, lang=_lang(quote))))


def add_entity(g, iri, cls, en, zh):
    U, L, _ = rdf_terms()
    g.add((U(iri), U(RDF_TYPE), U(SG_IRI + cls)))
    g.add((U(iri), U(RDFS_LABEL), L(en, lang="en")))
    if zh:
        g.add((U(iri), U(RDFS_LABEL), L(zh, lang="zh")))


def turtle(g):
    """``g`` as Turtle text, by rdflib's serializer."""
    return g.serialize(format="turtle")


def _body(text):
    """Turtle without its @prefix lines (appended to a file that declares them)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix ")).strip() + "\n"


def _write_part(path, text):
    part = path.with_name(f".{path.name}.part")
    with open(part, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    return part


def _fsync_dir(d):
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_in(gdir, stmt_file, statements, source, header_comment=""):
    """Validate the graph with the new statements file and the source entry added, then move both in (see the module)."""
    from stargate_kg.loader import load
    from stargate_kg.validation import shacl_problems

    gdir, stmt_file = Path(gdir), Path(stmt_file)
    sources = gdir / "sources.ttl"
    old = sources.read_text(encoding="utf-8") if sources.exists() else None
    header = "\n".join(f"@prefix {p}: <{PREFIX_IRIS[p]}> ." for p in PREFIXES) + "\n"
    whole = statements + source  # the statements file holds the source entry too
    stmt_text = header_comment + turtle(whole)
    sources_text = (old if old is not None else header).rstrip("\n") + "\n\n" + _body(turtle(source))
    if old is not None and not _declares(old):
        sources_text = header + sources_text
    stmt_file.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    try:
        parts.append(_write_part(stmt_file, stmt_text))
        parts.append(_write_part(sources, sources_text))
        kg = load([gdir], staged={stmt_file: parts[0], sources: parts[1]})
        problems = shacl_problems(kg)
        if problems:
            raise IntakeError("the graph would not validate; nothing was added:\n" + "\n".join(str(p) for p in problems[:20]))
        os.replace(parts[0], stmt_file)  # from here on the graph is the new one
        os.replace(parts[1], sources)
        _fsync_dir(stmt_file.parent)
        _fsync_dir(gdir)
    except StargateKGError:
        raise
    except OSError as ex:
        raise IntakeError(f"cannot write into {gdir}: {ex.strerror or ex}; nothing was added") from None
    finally:
        for part in parts:
            part.unlink(missing_ok=True)


def _declares(text):
    return all(re.search(rf"^@prefix {p}:\s*<{re.escape(PREFIX_IRIS[p])}>", text, re.M)
               for p in ("sg", "src", "e", "rdfs", "xsd", "schema"))


# -- checks of meaning: what the row's parts must be for the graph ---------------------------------------
def check_meaning(kg, checked, new, sheet_name):
    """Durations the graph can hold and relations between entities of the right types (rdfs:domain / rdfs:range).

    Raises SheetError naming every row and column that fails.
    """
    from stargate_kg.terms import IRI

    domains, ranges = {}, {}
    for r in kg.select("SELECT ?r ?d ?g WHERE { ?r a sg:Relation . OPTIONAL { ?r rdfs:domain ?d } OPTIONAL { ?r rdfs:range ?g } }"):
        name = str(r["r"])[len(SG_IRI):]
        if r["d"] is not None:
            domains[name] = str(r["d"])
        if r["g"] is not None:
            ranges[name] = str(r["g"])
    classes_of, problems = {}, []

    def classes(ref):
        kind, v = ref
        key = ("class", new[v].type) if kind == "new" else ("iri", v)
        if key not in classes_of:
            if kind == "new":
                rows = kg.select("SELECT ?c WHERE { ?k rdfs:subClassOf* ?c }", {"k": IRI(SG_IRI + new[v].type)})
            else:
                rows = kg.select("SELECT ?c WHERE { ?e a/rdfs:subClassOf* ?c }", {"e": IRI(v)})
            classes_of[key] = {str(x["c"]) for x in rows}
        return classes_of[key]

    for c in checked:
        duration = c.quals.get("duration")
        if duration is not None and not DURATION.fullmatch(duration):
            problems.append((c.row, "duration", f"{duration!r} is not a duration the graph can hold (whole years, months "
                             "and days: write 18 months, not 1.5 years)"))
        for side, ref, table in (("subject", c.subject, domains), ("object", c.object, ranges)):
            want = table.get(c.relation)
            if not ref or not want or want in classes(ref):
                continue
            have = new[ref[1]].type if ref[0] == "new" else ", ".join(sorted(x.rsplit("#", 1)[-1] for x in classes(ref)
                                                                             if x.startswith(SG_IRI))[:3])
            problems.append((c.row, side, f"{c.relation} needs a {want.rsplit('#', 1)[-1]} as its {side}, "
                             f"not a {have or 'thing of unknown type'}"))
    if problems:
        raise SheetError(sheet_name, problems)
