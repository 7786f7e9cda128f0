"""A persistent Oxigraph store: build it once from the graph files, then ask it with no re-parse.

A store is a directory holding the Oxigraph database (``oxigraph/``; for a
small graph built for the CLI's cache, an N-Triples ``snapshot.nt`` loaded
into memory instead), the SHACL shapes (``shapes.nt``), the entity name index (``lookups.json``, written
the first time a name is looked up, so later lookups need no query) and
``manifest.json``, which records the files it
was built from (path, size, SHA-256) so a store older than its files is
refused instead of giving stale answers. Queries run on Oxigraph and rows come
back as light terms (:mod:`stargate_kg.terms`), so answering needs no rdflib
(:mod:`stargate_kg.engines.oxigraph_graph`: the engine itself and its terms;
this module: opening and building stores).

>>> import tempfile
>>> from stargate_kg.namespace import E
>>> with tempfile.TemporaryDirectory() as tmp:
...     kg = build_store(Path(tmp) / "store")
...     labels = kg.select("SELECT ?l WHERE { ?e rdfs:label ?l }", {"e": E.openai})
>>> kg.engine, sorted(str(r["l"]) for r in labels)
('oxigraph', ['OpenAI', 'OpenAI'])
"""

import json
import os
from pathlib import Path

from stargate_kg.engines.oxigraph_graph import (  # noqa: F401  (the engine, re-exported)
    OxigraphGraph,
    _ox,
    _prefixes,
    _query_syntax_error,
    to_light,
    to_oxigraph,
    to_rdflib,
)
from stargate_kg.exceptions import EngineError, InvalidGraph, QueryError
from stargate_kg.kg import with_prologue

STORE_FORMAT = "stargate-kg-oxigraph-store"
STORE_VERSION = 3  # 2: lookups.json and the snapshot; 3: build ids, lookups on first use, snapshot-only stores
MANIFEST = "manifest.json"
DATABASE = "oxigraph"
SHAPES = "shapes.nt"
LOOKUPS = "lookups.json"
SNAPSHOT = "snapshot.nt"
#: Graphs whose data files total at most this many bytes (about 250k triples of Turtle) are built
#: for the cache in memory and kept as an N-Triples snapshot, with no database: loading the
#: snapshot into memory is faster than opening a database, and in-memory queries are faster too.
SNAPSHOT_BYTES = 8_000_000

# loader format name -> pyoxigraph RdfFormat attribute; others (JSON-LD) are parsed by rdflib.
_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "xml": "RDF_XML"}


# -- opening and building ---------------------------------------------------------------------
def _load_manifest(path):
    path = Path(path)
    if not path.exists():
        raise EngineError(f"no store at {path}: build it first with `stargate-kg --store {path} load`")
    mf = path / MANIFEST
    if not path.is_dir() or not mf.is_file():
        raise EngineError(
            f"{path} is not a stargate-kg store (no {MANIFEST}): give --store the path of a store, "
            "or build one at a new path with `stargate-kg --store NEW_PATH load`"
        )
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except (OSError, ValueError) as ex:
        raise EngineError(f"cannot read {mf}: {ex}; rebuild the store with `stargate-kg --store {path} load`") from None
    if manifest.get("format") != STORE_FORMAT or manifest.get("version") != STORE_VERSION:
        raise EngineError(
            f"{path} was built by another version of stargate-kg (store format {manifest.get('version')!r}, "
            f"this one reads {STORE_VERSION}): rebuild it with `stargate-kg --store {path} load`"
        )
    return manifest


def _rebuild_hint(path, sources):
    from stargate_kg.paths import default_graph_dir

    if [str(Path(s)) for s in sources] == [str(default_graph_dir().resolve())]:
        return f"stargate-kg --store {path} load"
    return "stargate-kg " + " ".join(f"--graph {s}" for s in sources) + f" --store {path} load"


def open_store(path, graphs=None, check=True):
    """Open the store built at ``path`` by :func:`build_store`; raise EngineError if there is none.

    ``graphs`` (the CLI's --graph) must name the paths the store was built
    from. With ``check`` (the default) a store whose source files changed since
    it was built is refused, so it never answers from an old graph.
    """
    path = Path(path)
    manifest = _load_manifest(path)
    sources = manifest.get("sources", [])
    if graphs:
        given = sorted(str(Path(g).resolve()) for g in graphs)
        if given != sorted(sources):
            raise EngineError(
                f"the store {path} was built from {', '.join(sources)}, not {', '.join(given)}: "
                f"rebuild it with `{_rebuild_hint(path, [Path(g).resolve() for g in graphs])}` or leave out --graph"
            )
    if check:
        changed = _changes(manifest)
        if changed:
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            raise EngineError(
                f"the store {path} is out of date: {', '.join(changed[:3])}{more} changed since it was built "
                f"({manifest.get('built', '?')}). Rebuild it: {_rebuild_hint(path, sources)}"
            )
    ox = _ox()
    if (path / SNAPSHOT).is_file():
        store = ox.Store()
        try:
            store.load(path=str(path / SNAPSHOT), format=ox.RdfFormat.N_TRIPLES)
            if len(store) != manifest.get("triples", len(store)):  # cut at a line end: still parses
                raise ValueError(f"{SNAPSHOT} holds {len(store)} triples, not {manifest['triples']}")
            return OxigraphGraph(store, path, manifest)
        except (OSError, SyntaxError, ValueError) as ex:
            if not (path / DATABASE).is_dir():
                raise EngineError(f"cannot read the store {path}: {ex}. Rebuild it: {_rebuild_hint(path, sources)}") from None
            # a damaged snapshot beside a database: the database holds the same triples
    try:
        store = ox.Store.read_only(str(path / DATABASE))
    except OSError as ex:
        raise EngineError(f"cannot open the store {path}: {ex}. Rebuild it: {_rebuild_hint(path, sources)}") from None
    return OxigraphGraph(store, path, manifest)


def _sha256(path):
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: A file modified this close (ns) to when it was fingerprinted may change again within the same
#: timestamp tick (coarse file systems): its record is "racy" and its content is always compared.
_RACY_NS = 2_000_000_000


def _record(path):
    """The fingerprint of one source file: path, size, modification time, SHA-256.

    Taken *before* the file is parsed, so an edit made while the store is
    being built changes the file's size, time or hash after its record:
    the next open sees the difference and rebuilds. The size and time are
    read before and after hashing, and again if they moved, so the record
    never pairs a hash with another version's size and time.
    """
    import time

    p = Path(path).resolve()
    for _ in range(5):
        before = p.stat()
        digest = _sha256(p)
        after = p.stat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            break
    rec = {"path": str(p), "size": before.st_size, "mtime_ns": before.st_mtime_ns, "sha256": digest}
    if time.time_ns() - before.st_mtime_ns < _RACY_NS:
        rec["racy"] = True
    return rec


def _record_or_invalid(path):
    """:func:`_record`, with an unreadable file reported as InvalidGraph (naming it), not as a cache problem."""
    try:
        return _record(path)
    except OSError as ex:
        raise InvalidGraph(path, ex.strerror or str(ex)) from None


def _source_files(paths):
    from stargate_kg.loader import graph_files, rule_files

    data, shapes = graph_files(paths)
    return data, shapes, rule_files(paths)


def _changes(manifest):
    """Files that differ from the manifest, when the store's sources are still on this machine."""
    sources = [Path(s) for s in manifest.get("sources", [])]
    if not sources or not all(s.exists() for s in sources):
        return []  # a store moved away from its files answers from what it holds
    recorded = {f["path"]: f for key in ("files", "shapes", "rules") for f in manifest.get(key, [])}
    try:
        data, shapes, rules = _source_files(sources)
    except InvalidGraph:
        return [str(s) for s in sources]
    now = {str(Path(p).resolve()) for p in data + shapes + rules}
    changed = sorted(set(recorded) ^ now)
    for p in sorted(now & set(recorded)):
        rec = recorded[p]
        try:
            st = os.stat(p)
            moved = (st.st_size, st.st_mtime_ns) != (rec["size"], rec["mtime_ns"])
            if (moved or rec.get("racy")) and _sha256(p) != rec["sha256"]:
                changed.append(p)
        except OSError:
            changed.append(p)
    return changed


def _add_file(store, path, fmt, parsed):
    """Add one graph file to ``store``: all triples in the default graph, blank nodes kept apart per file.

    ``parsed`` holds the files already parsed by rdflib. Returns None, or the
    reason Oxigraph refused the file (it raises nothing, so no traceback keeps
    the store open).
    """
    ox = _ox()
    if path in parsed:
        store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in parsed[path])
        return None
    oxfmt = getattr(ox.RdfFormat, _OX_FORMATS[fmt])
    base = path.resolve().as_uri()
    try:
        with open(path, "rb") as f:
            raw = f.read()
        labelled = b"_:" in raw
        if fmt == "xml" and b"<!ENTITY" in raw.upper():
            return "entity declarations"  # rdflib's reader refuses it, naming the file
        if fmt in ("nquads", "trig") or labelled:
            # rename labelled blank nodes per file (as rdflib does) and merge named graphs into the default graph
            quads = ox.parse(path=str(path), format=oxfmt, base_iri=base, rename_blank_nodes=True)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            store.bulk_load(path=str(path), format=oxfmt, base_iri=base)
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError, MemoryError) as ex:  # MemoryError: a term over 16 MiB
        return str(ex) or type(ex).__name__
    return None


def _derive(store, rules):
    """Apply the CONSTRUCT rules on Oxigraph once each, in file-name order (as KnowledgeGraph.derive)."""
    ox = _ox()
    prefixes = _prefixes()
    for rule in rules:
        from stargate_kg.guard import check

        text = check(Path(rule).read_text(encoding="utf-8"), source=f"rule {rule}").text
        from stargate_kg.engines.running import on_big_stack

        def run(text=text):
            res = store.query(text, prefixes=None if with_prologue(text) is text else prefixes)
            return [ox.Quad(t.subject, t.predicate, t.object) for t in res]

        try:
            new = on_big_stack(run)  # a rule file is a query like any other: the same head-room
        except SyntaxError as ex:
            raise QueryError(f"rule {rule}: {_query_syntax_error(ex)}") from None
        except (RuntimeError, OSError, ValueError) as ex:
            raise QueryError(f"rule {rule}: {type(ex).__name__}: {ex}") from None
        store.bulk_extend(new)


def _check_target(path):
    if not path.exists():
        return
    if path.is_dir() and (not any(path.iterdir()) or (path / MANIFEST).is_file()):
        return
    raise EngineError(f"{path} exists and is not a stargate-kg store: choose another path (nothing was overwritten)")


def build_store(path, graphs=None, snapshot=False, progress=None):
    """Build a store at ``path`` from graph files (default: the shipped graph); returns it opened.

    Files are parsed by Oxigraph (rdflib takes over a file Oxigraph refuses,
    and reports the error when neither reads it), then the derivation rules
    run on Oxigraph. The new store replaces an old one at ``path`` only once
    it is complete; on an error nothing at ``path`` changes. With
    ``snapshot`` (the CLI's cache), a graph whose data files total at most
    SNAPSHOT_BYTES is built in memory and saved as an N-Triples snapshot
    instead of a database; :func:`open_store` loads it into memory.
    ``progress``: called with a short text at each step (file i of n, rules, compaction).
    """
    import shutil
    import tempfile
    import time

    from stargate_kg.loader import FORMATS, parse_file
    from stargate_kg.paths import default_graph_dir

    ox = _ox()
    path = Path(path)
    sources = [Path(p) for p in (graphs or [default_graph_dir()])]
    data_files, shape_files, rules = _source_files(sources)
    if not data_files:
        raise InvalidGraph(", ".join(map(str, sources)), "no graph files found (expected *.ttl, *.trig, *.nt, *.jsonld)")
    _check_target(path)
    # fingerprints first: a file edited from here on differs from its record, so the next open rebuilds
    records = {key: [_record_or_invalid(f) for f in files]
               for key, files in (("files", data_files), ("shapes", shape_files), ("rules", rules))}
    # files Oxigraph does not read (JSON-LD) are parsed by rdflib first: InvalidGraph as from the default engine
    parsed = {f: parse_file(f) for f in data_files if FORMATS[f.suffix.lower()] not in _OX_FORMATS}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.building-", dir=path.parent))
    started = time.perf_counter()
    in_memory = snapshot and sum(f.stat().st_size for f in data_files) <= SNAPSHOT_BYTES
    try:
        while True:
            store = ox.Store() if in_memory else ox.Store(str(tmp / DATABASE))
            refused = None
            for i, f in enumerate(data_files, 1):
                if progress:
                    progress(f"loading {f.name} ({i} of {len(data_files)} files)")
                if _add_file(store, f, FORMATS[f.suffix.lower()], parsed) is not None:
                    refused = f
                    break
            if refused is None:
                break
            # Oxigraph refused a file: rdflib reports the error as the default engine does,
            # or, if rdflib reads it, the build starts again with rdflib parsing that file.
            del store
            shutil.rmtree(tmp / DATABASE, ignore_errors=True)
            parsed[refused] = parse_file(refused)
        loaded = len(store)
        if progress:
            progress(f"deriving ({len(rules)} rules)")
        _derive(store, rules)
        triples = len(store)
        if in_memory:
            store.dump(output=str(tmp / SNAPSHOT), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        else:
            # compact now: a store opened read-only cannot compact itself, and reads of an
            # uncompacted store were up to 2x slower at 1M triples
            if progress:
                progress("compacting")
            store.optimize()
            store.flush()
            del store
        _write_shapes(shape_files, tmp / SHAPES)
        manifest = {
            "format": STORE_FORMAT,
            "version": STORE_VERSION,
            "build": os.urandom(8).hex(),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.perf_counter() - started, 3),
            "pyoxigraph": getattr(ox, "__version__", "?"),
            "sources": [str(s.resolve()) for s in sources],
            **records,
            "parsed_by_rdflib": sorted(str(Path(f).resolve()) for f in parsed),
            "triples_loaded": loaded,
            "triples_derived": triples - loaded,
            "triples": triples,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if in_memory:
        return OxigraphGraph(store, path, manifest)  # the snapshot holds what this store holds
    return open_store(path, check=False)


def _write_shapes(files, target):
    """The SHACL shapes as one N-Triples file (read by Oxigraph; rdflib reports a file it refuses)."""
    from stargate_kg.loader import FORMATS, parse_file

    ox = _ox()
    triples = []
    for f in files:
        fmt = _OX_FORMATS.get(FORMATS[f.suffix.lower()])
        try:
            if fmt is None or (fmt == "RDF_XML" and b"<!ENTITY" in f.read_bytes().upper()):
                raise ValueError("not an Oxigraph format, or XML entities (rdflib's reader refuses them)")
            triples += [q.triple for q in ox.parse(path=str(f), format=getattr(ox.RdfFormat, fmt),
                                                    base_iri=f.resolve().as_uri(), rename_blank_nodes=True)]
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError):
            triples += [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in parse_file(f)]
    ox.serialize(triples, output=str(target), format=ox.RdfFormat.N_TRIPLES)


def _lookup_code():
    """A fingerprint of the code that builds the name index (None when its source cannot be read).

    The index depends on the store and on this code: an index saved by another
    version of :mod:`stargate_kg.lookup` for the same build is not read back.
    """
    import zlib

    from stargate_kg import lookup

    try:
        with open(lookup.__file__, "rb") as f:
            return f"{zlib.crc32(f.read()):08x}"
    except (OSError, TypeError):
        return None


def _write_lookups(index, target, build, code):
    """Save the entity name index beside the database (atomically; a read-only folder is left as it is)."""
    import contextlib
    import dataclasses
    import tempfile

    data = {"build": build, "code": code, "entity_index": {
        iri: {f.name: getattr(ent, f.name) for f in dataclasses.fields(ent)} for iri, ent in index.items()}}
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _replace(new, path):
    """Move the finished store ``new`` to ``path``, replacing an old store there."""
    import shutil
    import time

    _check_target(path)
    if path.exists():
        old = path.parent / f".{path.name}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(path, old)
        os.rename(new, path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, path)
