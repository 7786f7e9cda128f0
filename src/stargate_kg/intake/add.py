"""Turn a reviewed sheet into graph files: the source entry, new entities, one statement per row.

Every row is checked before anything is written (:func:`stargate_kg.intake.row_checks.check_rows`, with the
graph's terms from :mod:`stargate_kg.intake.vocabulary`), then the review warnings are gathered
(:mod:`stargate_kg.intake.review`). New entities get their IRIs, rows that state the same thing (parties,
relation, figure, dates) become one statement with several references, and a row whose ``existing`` column
names a statement (``st:…``) adds its quote to that statement instead, in the file's "shared statements"
section, as graph/README.md asks. Then the files are written (``statements/aNNN.ttl`` and the source entry
appended to ``sources.ttl``), the whole graph is loaded and validated with its SHACL shapes, and on any failure
the folder is put back as it was (:mod:`stargate_kg.intake.writing`).

>>> slugify("Doña Ana County site"), kebab("commitsFundingTo")
('dona-ana-county-site', 'commits-funding-to')
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import AmbiguousEntity, IntakeError, SheetError, UnknownEntity
from stargate_kg.intake.figures import parse_date
from stargate_kg.intake.row_checks import NewEntity, _lang, check_rows, kept_rows
from stargate_kg.intake.vocabulary import Vocabulary
from stargate_kg.namespace import PREFIX_IRIS, SG_IRI, local_name

ID = re.compile(r"a[0-9]{3,}")  # use ID.fullmatch: '$' would let a trailing newline through


@dataclass
class AddResult:
    """What `add` wrote."""

    article_id: str
    statements_file: str
    sources_file: str
    statements: int = 0
    references: int = 0
    shared_references: int = 0
    new_entities: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def slugify(text):
    """An English kebab-case slug, ASCII only ('' when nothing is left).

    >>> slugify("Doña Ana County site"), slugify("黄仁勋")
    ('dona-ana-county-site', '')
    """
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:60].strip("-")


def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def target_dir(graphs=()):
    """The graph folder to write into: the first --graph (a folder), else the checkout's graph/."""
    from stargate_kg.paths import default_graph_dir

    if graphs:
        d = Path(graphs[0])
        if not d.is_dir():
            raise IntakeError(f"cannot add to {d}: the first --graph must be a graph folder (with sources.ttl and statements/)")
    else:
        d = default_graph_dir()
        if "_data" in d.parts:
            raise IntakeError("the shipped graph is installed read-only inside the package: pass --graph DIR, a copy of graph/ to write into")
    if not os.access(d, os.W_OK) or ((d / "statements").exists() and not os.access(d / "statements", os.W_OK)):
        raise IntakeError(f"cannot add to {d}: the folder is not writable")
    return d


def add_sheet(kg, sheet, article_path, article_id, publisher, date, title=None, graph_dir=None, graphs=()):
    """Check ``sheet`` against ``kg`` and the article, then write the graph files into ``graph_dir``; returns AddResult."""
    from stargate_kg.intake.sheet import read_sheet
    from stargate_kg.intake.text import check_readable, read_article

    if not ID.fullmatch(article_id):
        raise IntakeError(f"article id {article_id!r} must look like a005 (a, then three or more digits)")
    for what, path in (("sheet", sheet), ("article", article_path)):
        check_readable(path, what)
    try:
        pub_date = parse_date(date)
    except ValueError as ex:
        raise IntakeError(f"--date: {ex}") from None
    if pub_date[1] != "date":
        raise IntakeError(f"--date: the publication date must be a full date (YYYY-MM-DD), not {date!r}")
    gdir = Path(graph_dir) if graph_dir else target_dir(graphs)
    from stargate_kg.terms import IRI

    if kg.ask("ASK { ?a a ?t }", {"a": IRI(_iri("src", article_id))}):
        raise IntakeError(f"article {article_id} is already in the graph (src:{article_id}); pick the next free id")
    stmt_file = gdir / "statements" / f"{article_id}.ttl"
    if stmt_file.exists():
        raise IntakeError(f"{stmt_file} already exists; pick the next free id or remove the file")
    article = read_article(article_path)
    fname = Path(article_path).name
    for r in kg.select("SELECT ?a ?f WHERE { ?a sg:fileName ?f }"):
        if str(r["f"]) == fname:
            raise IntakeError(f"{fname} is already the file of {local_name(r['a'])}")
    sheet_name = Path(sheet).name
    all_rows = read_sheet(sheet)
    if not all_rows:
        raise SheetError(sheet_name, [(2, None, "the sheet has no rows below its header: nothing to add")])
    rows = kept_rows(all_rows, sheet_name)
    if not rows:
        raise SheetError(sheet_name, [(1, "keep", "no row is marked keep=yes: nothing to add")])
    vocab = Vocabulary(kg)
    checked, new = check_rows(kg, rows, article, article_id, sheet_name, vocab)
    from stargate_kg.intake.writing import check_meaning

    check_meaning(kg, checked, new, sheet_name)  # durations, and the relations' domain and range

    result = AddResult(article_id, str(stmt_file), str(gdir / "sources.ttl"))
    from stargate_kg.intake.names import NameIndex
    from stargate_kg.intake.review import review_warnings

    result.warnings += review_warnings(kg, all_rows, rows, new, NameIndex.from_graph(kg))
    pub_iri, pub_new = _publisher(kg, publisher, new)
    entities = list(new.values()) + ([pub_new] if pub_new else [])
    result.warnings += name_new_entities(kg, entities, article_id)
    if pub_new:
        pub_iri = pub_new.iri
    elif pub_iri is None:
        pub_iri = new[publisher].iri
    result.new_entities = [(ne.iri, ne.type, ne.en, ne.zh) for ne in entities]

    def iri_of(ref):
        if ref is None:
            return None
        kind, v = ref
        return v if kind == "iri" else new[v].iri

    # the joint parties and the speaker: IRIs now that new entities have theirs
    for c in checked:
        if "joint" in c.quals:
            c.quals["joint"] = tuple(sorted({iri_of(c.subject)} | {iri_of(r) for r in c.quals["joint"]}))
        if "stated_by" in c.quals:
            c.quals["stated_by"] = iri_of(c.quals["stated_by"])
    groups, shared = group_statements(checked, iri_of)
    from stargate_kg.intake import writing

    out = _statements_graph(groups, shared, entities, article_id, set(vocab.statements), result)
    headline = title or article.title()
    source = writing.article_graph(article_id, publisher, pub_date[0], headline, pub_iri, article.language(), fname)
    comment = (f"# Statements from article {article_id[1:]}, added with `stargate-kg add` (with its source entry,\n"
               "# also in sources.ttl). Only the article body is a source.\n")
    writing.move_in(gdir, stmt_file, out, source, comment)
    from stargate_kg.paths import default_articles_dir

    adir = default_articles_dir()
    if adir is None or not (Path(adir) / fname).is_file():
        result.warnings.append(f"{fname} is not in the articles folder ({adir or '../shared/articles'}): put it there, "
                               "or pass `validate --articles DIR`, so that every quote can be checked")
    return result


def _publisher(kg, publisher, new):
    """(IRI of the publisher in the graph or None, a NewEntity for a new media outlet or None)."""
    from stargate_kg.lookup import resolve

    if publisher in new:  # declared new in the sheet (an outlet a row names)
        return None, None
    try:
        return resolve(kg, publisher).iri, None
    except UnknownEntity:
        return None, NewEntity(publisher, "MediaOutlet", publisher if _lang(publisher) == "en" else "",
                               publisher if _lang(publisher) == "zh" else "")
    except AmbiguousEntity as ex:
        raise IntakeError(str(ex)) from None


def name_new_entities(kg, entities, article_id):
    """Give each new entity its English label (unique among the graph's) and a free ``e:`` IRI; returns warnings."""
    warnings = []
    used_iris = {str(r["e"]) for r in kg.select("SELECT ?e WHERE { ?e a ?c . ?c rdfs:subClassOf* sg:Entity }")}
    en_labels = {str(r["l"]) for r in kg.select("SELECT ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = 'en') }")}
    for i, ne in enumerate(entities, 1):
        if not ne.en:
            ne.en = ne.zh or ne.name
            warnings.append(f"new entity {ne.name!r} has no English label; its Chinese name is used (fill subject_en/object_en to choose one)")
        if ne.en in en_labels:
            ne.en = f"{ne.en} ({ne.type})"
        en_labels.add(ne.en)
        base = slugify(ne.en) or f"{article_id}-entity-{i}"
        slug, k = base, 2
        while _iri("e", slug) in used_iris:
            slug, k = f"{base}-{k}", k + 1
        used_iris.add(_iri("e", slug))
        ne.iri = _iri("e", slug)
    return warnings


def group_statements(checked, iri_of):
    """Rows that state the same thing (parties, relation, qualifiers) as one group: ({key: group}, {st: quotes})
    where a group has its quotes, notes and rows (dicts: ordered, no repeats) and its first row; rows that link an
    existing statement give that statement more quotes instead."""
    groups, shared = {}, {}
    for c in checked:
        if c.existing:
            shared.setdefault(c.existing, [])
            if c.quote not in shared[c.existing]:
                shared[c.existing].append(c.quote)
            continue
        key = (iri_of(c.subject), c.relation, iri_of(c.object), tuple(sorted((k, str(v)) for k, v in c.quals.items())))
        g = groups.setdefault(key, {"quotes": {}, "notes": {}, "rows": [], "first": c})
        g["quotes"][c.quote] = None
        if c.note:
            g["notes"][c.note] = None
        g["rows"].append(c.row)
    return groups, shared


def _statements_graph(groups, shared, entities, article_id, st_iris, result):
    """The new file's graph: the new entities, one statement per group, the shared references; counts in result."""
    from stargate_kg.intake import writing

    U, L, _ = writing.rdf_terms()
    out = writing.new_graph()
    for ne in entities:
        writing.add_entity(out, ne.iri, ne.type, ne.en, ne.zh)
    for (subj, rel, obj, _), g in groups.items():
        c = g["first"]
        base = f"{article_id}-{_slug_of(subj)}-{kebab(rel)}" + (f"-{_slug_of(obj)}" if obj else "")
        base = base[:90].strip("-")
        slug, k = base, 2
        while _iri("st", slug) in st_iris:
            slug, k = f"{base}-{k}", k + 1
        st_iris.add(_iri("st", slug))
        st = U(_iri("st", slug))
        out.add((st, U(writing.RDF_TYPE), U(SG_IRI + "Statement")))
        out.add((st, U(SG_IRI + "subject"), U(subj)))
        out.add((st, U(SG_IRI + "relation"), U(SG_IRI + rel)))
        if obj:
            out.add((st, U(SG_IRI + "object"), U(obj)))
        writing.add_qualifiers(out, st, c.quals)
        conflict = str(c.quals.get("conflict", ""))
        notes = list(g["notes"]) + ([f"Conflict: {conflict}."] if conflict and not conflict.startswith("st:") else [])
        notes += [f"From sheet row(s) {', '.join(map(str, g['rows']))}."]
        out.add((st, U(SG_IRI + "note"), L(" ".join(notes))))
        writing.add_references(out, st, article_id, list(g["quotes"]))
        result.statements += 1
        result.references += len(g["quotes"])
    for st, quotes in shared.items():
        writing.add_references(out, U(st), article_id, quotes)
        result.shared_references += len(quotes)
    return out


def _iri(prefix, local):
    return PREFIX_IRIS[prefix] + local


def _slug_of(iri):
    return iri.rsplit("/", 1)[-1]


