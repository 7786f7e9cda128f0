"""Turn a reviewed sheet into graph files: the source entry, new entities, one statement per row.

Every row is checked before anything is written (:func:`check_rows`): names
resolve to one entity or are declared new with a type; the relation, money
kind, status and bound are known (else "did you mean"); amounts, currencies,
values, units and dates parse; the quote is an exact substring of the article
body, 4 to 100 characters. The problems name the row (as a spreadsheet numbers
it, the header is row 1) and the column, all of them at once. Then the files
are written (``statements/aNNN.ttl`` and the source entry appended to
``sources.ttl``), the whole graph is loaded and validated with its SHACL
shapes, and on any failure the folder is put back as it was.

Rows that state the same thing (parties, relation, figure, dates) become one
statement with several references. A row whose ``existing`` column names a
statement (``st:…``) adds its quote to that statement instead, in the file's
"shared statements" section, as graph/README.md asks.
"""

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import AmbiguousEntity, IntakeError, SheetError, UnknownEntity
from stargate_kg.intake.figures import CURRENCIES, parse_amount, parse_date, parse_duration, parse_value
from stargate_kg.namespace import PREFIX_IRIS, SG_IRI, local_name

ID = re.compile(r"a[0-9]{3,}")  # use ID.fullmatch: '$' would let a trailing newline through
BOUND_WORDS = {
    "up to": "UpTo", "upto": "UpTo", "最高": "UpTo", "多达": "UpTo", "高达": "UpTo",
    "at least": "AtLeast", "至少": "AtLeast", "more than": "MoreThan", "over": "MoreThan", "超过": "MoreThan",
    "less than": "LessThan", "不足": "LessThan", "about": "About", "约": "About", "exactly": "Exactly",
}
KEEP_YES = {"yes", "y", "1", "true", "x", "keep", "是", "✓"}
KEEP_NO = {"no", "n", "0", "false", "drop", "否", ""}


@dataclass
class NewEntity:
    name: str
    type: str
    en: str
    zh: str
    iri: str = ""
    rows: list = field(default_factory=list)


@dataclass
class Checked:
    """A row that passed: what goes into the graph."""

    row: int
    subject: str
    relation: str
    object: str | None
    quote: str
    quals: dict
    existing: str | None = None
    note: str = ""


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


class Vocabulary:
    """The graph's relations, classes, money kinds, statuses, bounds and units, by every name they have."""

    def __init__(self, kg):
        self.relations, self.rel_default_kind = {}, {}
        for r in kg.select("SELECT ?r ?l ?k WHERE { ?r a sg:Relation . OPTIONAL { ?r rdfs:label ?l } OPTIONAL { ?r sg:defaultMoneyKind ?k } }"):
            name = local_name(r["r"])
            self.relations[name.lower()] = name
            if r["l"] is not None:
                self.relations.setdefault(str(r["l"]).lower(), name)
            if r["k"] is not None:
                self.rel_default_kind[name] = local_name(r["k"])
        self.classes = {}
        for r in kg.select("SELECT ?c ?l WHERE { ?c rdfs:subClassOf* sg:Entity . OPTIONAL { ?c rdfs:label ?l } }"):
            if str(r["c"]).startswith(SG_IRI):
                name = local_name(r["c"])
                self.classes[name.lower()] = name
                if r["l"] is not None:
                    self.classes.setdefault(str(r["l"]).lower(), name)
        self.concepts = {}
        for kind in ("MoneyKind", "Status", "Bound"):
            table = {}
            for r in kg.select(f"SELECT ?c ?l WHERE {{ ?c a sg:{kind} . OPTIONAL {{ ?c skos:prefLabel|skos:altLabel ?l }} }}"):
                name = local_name(r["c"])
                table[name.lower()] = name
                if r["l"] is not None:
                    table.setdefault(str(r["l"]).lower(), name)
            self.concepts[kind] = table
        for word, b in BOUND_WORDS.items():
            self.concepts["Bound"].setdefault(word, b)
        self.units = _units(kg)
        self.statements = {str(r["st"]) for r in kg.select("SELECT ?st WHERE { ?st a sg:Statement }")}

    @staticmethod
    def pick(table, text, what):
        key = re.sub(r"^(sg:)", "", text.strip()).lower()
        if key in table:
            return table[key]
        names = sorted(set(table.values()))
        close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
        sugg = list(dict.fromkeys(table[c] for c in close))
        msg = f"unknown {what} {text!r}."
        msg += f" Did you mean: {', '.join(sugg)}?" if sugg else f" Known: {', '.join(names[:40])}{' ...' if len(names) > 40 else ''}"
        raise ValueError(msg)


def _units(kg):
    """The units graph/shapes.ttl allows for sg:unit (its sh:in list)."""
    shapes = getattr(kg, "shapes", None)
    if shapes is None or len(shapes) == 0:
        from stargate_kg.loader import parse_file
        from stargate_kg.paths import default_graph_dir

        shapes = parse_file(default_graph_dir() / "shapes.ttl")
    from rdflib import Namespace, URIRef
    from rdflib.collection import Collection

    SH = Namespace("http://www.w3.org/ns/shacl#")
    for prop in shapes.subjects(SH.path, URIRef(SG_IRI + "unit")):
        lst = shapes.value(prop, SH["in"])
        if lst is not None:
            return [str(x) for x in Collection(shapes, lst)]
    return []


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


def _lang(text):
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def check_rows(kg, rows, article, article_id, sheet_name, vocab=None):
    """Check every row; returns (checked rows, new entities by name) or raises SheetError with every problem."""
    from stargate_kg.lookup import resolve

    from stargate_kg.intake.review import extra_qualifiers, fold_amount, resolve_any, strip_prompts

    vocab = vocab or Vocabulary(kg)
    problems, checked, new = [], [], {}

    def entity_ref(name, col, row_number):
        """A name of the joint / stated_by columns: a graph entity, or one the sheet declares new."""
        if name in new:
            return ("new", name)
        try:
            return ("iri", resolve_any(kg, name).iri)
        except (UnknownEntity, AmbiguousEntity):
            problems.append((row_number, col, f"no entity is called {name!r}: use a name of the graph, or declare it new in a row"))
            return None

    def entity(row, side):
        name = row[side]
        typ, en, zh = row[f"{side}_type"], row[f"{side}_en"], row[f"{side}_zh"]
        if typ:
            try:
                cls = Vocabulary.pick(vocab.classes, typ, "entity type")
            except ValueError as ex:
                problems.append((row.number, f"{side}_type", str(ex)))
                return None
            try:
                ent = resolve(kg, name)
                problems.append((row.number, f"{side}_type", f"{name!r} is already in the graph ({ent.label}, {ent.type}): "
                                 f"clear {side}_type to use it, or give the new entity another name"))
                return None
            except AmbiguousEntity:
                problems.append((row.number, side, f"{name!r} names several entities in the graph; give the new entity another name"))
                return None
            except UnknownEntity:
                pass
            ne = new.get(name)
            if ne is None:
                ne = new[name] = NewEntity(name, cls, en or (name if _lang(name) == "en" else ""), zh or (name if _lang(name) == "zh" else ""))
            elif ne.type != cls:
                problems.append((row.number, f"{side}_type", f"{name!r} is declared {ne.type} in row {ne.rows[0]} and {cls} here"))
                return None
            ne.en, ne.zh = ne.en or en, ne.zh or zh
            ne.rows.append(row.number)
            return ("new", name)
        if name in new:
            new[name].rows.append(row.number)
            return ("new", name)
        try:
            return ("iri", resolve_any(kg, name).iri)
        except UnknownEntity as ex:
            sugg = f" Did you mean: {', '.join(ex.suggestions)}?" if ex.suggestions else ""
            problems.append((row.number, side, f"no entity is called {name!r}.{sugg} To add it, fill {side}_type (Company, Person, State, ...)"))
        except AmbiguousEntity as ex:
            cands = "; ".join(f"{label} ({kind})" for _, label, kind in ex.candidates)
            problems.append((row.number, side, f"{name!r} names {len(ex.candidates)} entities: {cands}. Use the full label"))
        return None

    for row in rows:
        n0 = len(problems)
        quote = row["quote"]
        if not quote:
            problems.append((row.number, "quote", "every row needs a quote from the article"))
        elif len(quote) < 4 or len(quote) > 100:
            problems.append((row.number, "quote", f"a quote has 4 to 100 characters; this one has {len(quote)}"))
        elif quote not in article.raw:
            problems.append((row.number, "quote", f"the quote is not an exact substring of {Path(article.path).name}: copy it from the file"))
        elif article.raw.find(quote) >= article.body_end:
            problems.append((row.number, "quote", "the quote is after the end of the article body (reference list or page noise)"))
        existing = row["existing"]
        if existing:
            iri = PREFIX_IRIS["st"] + existing[3:] if existing.startswith("st:") else existing
            if iri not in vocab.statements:
                problems.append((row.number, "existing", f"no statement {existing} in the graph; clear the cell to add the row as a new statement"))
            elif len(problems) == n0:
                checked.append(Checked(row.number, "", "", None, quote, {}, existing=iri))
            continue
        if not row["subject"]:
            problems.append((row.number, "subject", "every row needs a subject"))
            continue
        subj = entity(row, "subject")
        obj = entity(row, "object") if row["object"] else None
        rel = None
        if not row["relation"]:
            problems.append((row.number, "relation", "every row needs a relation (investsIn, ceoOf, locatedIn, ...)"))
        else:
            try:
                rel = Vocabulary.pick(vocab.relations, row["relation"], "relation")
            except ValueError as ex:
                problems.append((row.number, "relation", str(ex)))
        quals = {}
        if row["amount"]:
            try:
                amount, cur, bound = parse_amount(fold_amount(row["amount"]))
                quals["amount"] = amount
                if cur:
                    quals["currency"] = cur
                if bound:
                    quals["bound"] = bound
            except ValueError as ex:
                problems.append((row.number, "amount", str(ex)))
        if row["currency"]:
            c = CURRENCIES.get(row["currency"].lower(), row["currency"].upper())
            if not re.fullmatch(r"[A-Z]{3}", c):
                problems.append((row.number, "currency", f"unknown currency {row['currency']!r}: write an ISO code such as USD, CNY, JPY"))
            else:
                quals["currency"] = c
        if "amount" in quals and "currency" not in quals:
            problems.append((row.number, "currency", "an amount needs a currency (USD, CNY, ...)"))
        if "currency" in quals and "amount" not in quals:
            problems.append((row.number, "amount", "a currency needs an amount"))
        if row["value"]:
            quals["value"] = parse_value(row["value"])
        if row["unit"]:
            if row["unit"] not in vocab.units:
                from stargate_kg.intake.figures import POWER_UNITS

                close = [u for u in vocab.units if u.lower() == row["unit"].lower()] or [POWER_UNITS[k] for k in POWER_UNITS if k == row["unit"].lower().rstrip("s")]
                close = close or difflib.get_close_matches(row["unit"], vocab.units, n=3, cutoff=0.5)
                problems.append((row.number, "unit", f"unknown unit {row['unit']!r}." + (f" Did you mean: {', '.join(close)}?" if close else f" Known: {', '.join(vocab.units)}")))
            else:
                quals["unit"] = row["unit"]
        for col, kind in (("bound", "Bound"), ("status", "Status"), ("money_kind", "MoneyKind")):
            if row[col]:
                try:
                    quals[col] = Vocabulary.pick(vocab.concepts[kind], row[col], col.replace("_", " "))
                except ValueError as ex:
                    problems.append((row.number, col, str(ex)))
        for col in ("date", "start", "end"):
            if row[col]:
                try:
                    quals[col] = parse_date(row[col])
                except ValueError as ex:
                    problems.append((row.number, col, str(ex)))
        if row["duration"]:
            try:
                quals["duration"] = parse_duration(row["duration"])
            except ValueError as ex:
                problems.append((row.number, "duration", str(ex)))
        if rel and rel in vocab.rel_default_kind and "money_kind" not in quals:
            quals["money_kind"] = vocab.rel_default_kind[rel]
        if rel and obj is None and not row["object"] and not any(k in quals for k in ("value", "amount", "date", "end")):
            problems.append((row.number, "object", "the row says nothing: give an object, a value, an amount or a date"))
        quals.update(extra_qualifiers(row, lambda name, col, n=row.number: entity_ref(name, col, n), problems))
        conflict = quals.get("conflict", "")
        if conflict.startswith("st:") and (not re.fullmatch(r"st:[A-Za-z0-9][A-Za-z0-9._-]*", conflict)
                                           or PREFIX_IRIS["st"] + conflict[3:] not in vocab.statements):
            problems.append((row.number, "conflict", f"no statement {conflict} in the graph (write st:… of an existing statement, or a note)"))
        if len(problems) == n0 and subj and rel:
            checked.append(Checked(row.number, subj, rel, obj, quote, quals, note=strip_prompts(row["note"])))
    if problems:
        raise SheetError(sheet_name, problems)
    return checked, new


def _kept(rows, sheet_name):
    if not rows or "keep" not in rows[0].cells:
        return rows
    out, problems = [], []
    for r in rows:
        k = r["keep"].lower()
        if k in KEEP_YES:
            out.append(r)
        elif k not in KEEP_NO:
            problems.append((r.number, "keep", f"write yes or no, not {r['keep']!r}"))
    if problems:
        raise SheetError(sheet_name, problems)
    return out


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
    from stargate_kg.intake.text import read_article
    from stargate_kg.lookup import resolve

    if not ID.fullmatch(article_id):
        raise IntakeError(f"article id {article_id!r} must look like a005 (a, then three or more digits)")
    for what, path in (("sheet", sheet), ("article", article_path)):
        _check_readable(path, what)
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
    rows = _kept(all_rows, sheet_name)
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
    # the publisher: an entity of the graph, or a new media outlet
    pub_new = None
    try:
        if publisher in new:  # declared new in the sheet (an outlet a row names)
            raise LookupError
        pub_iri = resolve(kg, publisher).iri
    except LookupError:
        pub_iri = None
    except UnknownEntity:
        pub_new = NewEntity(publisher, "MediaOutlet", publisher if _lang(publisher) == "en" else "", publisher if _lang(publisher) == "zh" else "")
        pub_iri = None
    except AmbiguousEntity as ex:
        raise IntakeError(str(ex)) from None
    used_iris = {str(r["e"]) for r in kg.select("SELECT ?e WHERE { ?e a ?c . ?c rdfs:subClassOf* sg:Entity }")}
    en_labels = {str(r["l"]) for r in kg.select("SELECT ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = 'en') }")}
    entities = list(new.values()) + ([pub_new] if pub_new else [])
    for i, ne in enumerate(entities, 1):
        if not ne.en:
            ne.en = ne.zh or ne.name
            result.warnings.append(f"new entity {ne.name!r} has no English label; its Chinese name is used (fill subject_en/object_en to choose one)")
        if ne.en in en_labels:
            ne.en = f"{ne.en} ({ne.type})"
        en_labels.add(ne.en)
        base = slugify(ne.en) or f"{article_id}-entity-{i}"
        slug, k = base, 2
        while _iri("e", slug) in used_iris:
            slug, k = f"{base}-{k}", k + 1
        used_iris.add(_iri("e", slug))
        ne.iri = _iri("e", slug)
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
    # group rows that state the same thing into one statement
    groups, shared = {}, {}
    for c in checked:
        if c.existing:
            shared.setdefault(c.existing, [])
            if c.quote not in shared[c.existing]:
                shared[c.existing].append(c.quote)
            continue
        key = (iri_of(c.subject), c.relation, iri_of(c.object), tuple(sorted((k, str(v)) for k, v in c.quals.items())))
        g = groups.setdefault(key, {"quotes": {}, "notes": {}, "rows": [], "first": c})  # dicts: ordered, no repeats
        g["quotes"][c.quote] = None
        if c.note:
            g["notes"][c.note] = None
        g["rows"].append(c.row)

    from stargate_kg.intake import writing

    U, L, _ = writing.rdf_terms()
    st_iris = set(vocab.statements)
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


def _iri(prefix, local):
    return PREFIX_IRIS[prefix] + local


def _slug_of(iri):
    return iri.rsplit("/", 1)[-1]


#: The largest sheet or article ``add`` reads (bytes).
MAX_INPUT = 16 * 2**20


def _check_readable(path, what):
    """A regular file of at most MAX_INPUT bytes (not a FIFO or a device, which could block or never end)."""
    import stat

    try:
        st = os.stat(path)
    except OSError as ex:
        raise IntakeError(f"cannot read the {what} {path}: {ex.strerror or ex}") from None
    if not stat.S_ISREG(st.st_mode):
        raise IntakeError(f"the {what} {path} is not a regular file (a FIFO, a device or a folder): give a file")
    if st.st_size > MAX_INPUT:
        raise IntakeError(f"the {what} {path} has {st.st_size:,} bytes, more than the {MAX_INPUT // 2**20} MiB add reads")
