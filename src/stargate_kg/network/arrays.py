"""The entity-level edge list as compact arrays, kept beside a store so analysis never re-reads rows.

One row per statement whose subject and object are entities: ``src`` and
``dst`` (node numbers), ``rel`` (relation number), ``kind`` (money kind
number, -1 for none), ``rank`` (0 normal, 1 preferred, 2 deprecated) and
``inferred`` (an editor's reading, ``sg:inferred true``). Nodes are every
entity, numbered in IRI order, with their label and types; statement IRIs
are kept too, read only when a command prints statements.

On an Oxigraph store (``--store`` or the CLI's cache) the arrays are computed
on first use by scanning the statement properties directly (no SPARQL row
conversion) and saved as ``network-edges.npz`` in the store folder, written
atomically and tagged with the store's build id and a fingerprint of this
code, so a rebuilt store or a new version never reads old arrays. On the
rdflib engine they are computed in memory from the triples; on a remote
endpoint from one SELECT (no file).

>>> from stargate_kg import load
>>> kg = load()
>>> arr = edge_arrays(kg)
>>> i = arr.node(E_OPENAI)
>>> arr.labels[i], len(arr.src) == len(arr.dst) == len(arr.statements()) > 100
('OpenAI', True)
>>> money = arr.select(kg, money=True)
>>> bool(money.any()) and {arr.kinds[k] for k in arr.kind[money]} <= set(MONEY_KINDS)
True
"""

import json
import os
import zlib
from pathlib import Path

from stargate_kg.namespace import BASE, SG_IRI as SG, local_name
from stargate_kg.network.catalog import FAMILIES, MONEY_KINDS, relation_catalog, relation_filter, type_filter

E_OPENAI = BASE + "entity/openai"  # used in doctests
FILE = "network-edges.npz"
RANKS = ("normal", "preferred", "deprecated")
_COLUMNS = ("subject", "relation", "object", "moneyKind", "rank", "inferred")
_SELECT = "SELECT ?x ?p ?v WHERE { VALUES ?p { " + " ".join(f"sg:{c}" for c in _COLUMNS) + " } ?x ?p ?v . }"


class EdgeArrays:
    """The edge list of one graph as numpy arrays (see the module docstring); build with :func:`edge_arrays`."""

    def __init__(self, header, columns, statements):
        import numpy as np

        self.nodes = header["nodes"]
        self.labels = header["labels"]
        self.types = header["types"]  # per node: most specific class local names, the first is the main type
        self.relations = header["relations"]
        self.families = header["families"]  # per relation: family keys, in FAMILIES order
        self.kinds = header["kinds"]
        self.header = header
        self.src = np.asarray(columns["src"], dtype=np.int32)
        self.dst = np.asarray(columns["dst"], dtype=np.int32)
        self.rel = np.asarray(columns["rel"], dtype=np.int32)
        self.kind = np.asarray(columns["kind"], dtype=np.int16)
        self.rank = np.asarray(columns["rank"], dtype=np.int8)
        self.inferred = np.asarray(columns["inferred"], dtype=bool)
        self._statements = statements
        self._index = None

    def __len__(self):
        return len(self.src)

    def __repr__(self):
        return f"<EdgeArrays {len(self.nodes)} nodes, {len(self)} statements>"

    @property
    def n(self):
        """Number of nodes (every entity)."""
        return len(self.nodes)

    def node(self, iri):
        """The node number of an entity IRI (KeyError when it is not an entity)."""
        if self._index is None:
            self._index = {iri: i for i, iri in enumerate(self.nodes)}
        return self._index[str(iri)]

    def type_of(self, i):
        """The main type of node ``i``."""
        return self.types[i][0] if self.types[i] else "Entity"

    def statements(self):
        """Statement IRIs, one per row (read from the saved file on first use)."""
        if callable(self._statements):
            self._statements = self._statements()
        return self._statements

    def select(self, kg, families=None, include_deprecated=False, include_inferred=True, money=False):
        """A boolean row mask: statements of ``families`` (names or relations, as in ``--relations``).

        ``money``: only statements that move money (:data:`MONEY_KINDS`).
        ``include_inferred=False`` leaves out inferred statements that move money.
        """
        import numpy as np

        keep = np.ones(len(self), dtype=bool)
        if not include_deprecated:
            keep &= self.rank != RANKS.index("deprecated")
        fams, rels = relation_filter(kg, families)
        if fams is not None:
            ok = np.array([bool(fams.intersection(f) or r in rels) for r, f in zip(self.relations, self.families)] + [False])
            keep &= ok[self.rel]
        is_money = np.array([k in MONEY_KINDS for k in self.kinds] + [False])[self.kind]  # -1 reads the last: False
        if money:
            keep &= is_money
        if not include_inferred:
            keep &= ~(self.inferred & is_money)
        return keep

    def node_mask(self, kg, types):
        """A boolean node mask: entities of ``types`` (and subclasses), all when None."""
        import numpy as np

        keep = type_filter(kg, types)
        if keep is None:
            return np.ones(self.n, dtype=bool)
        return np.array([any(t in keep for t in ts) for ts in self.types], dtype=bool)


# ----------------------------------------------------------------------------- computing
def _scan(kg):
    """``{column: {statement: value}}`` for the columns the arrays need; IRIs for all but ``inferred``.

    Reads the store's triples directly on Oxigraph and rdflib (the first value
    of a property wins, as in the projection); a remote endpoint answers one SELECT.
    """
    cols = {c: {} for c in _COLUMNS}
    if kg.engine == "oxigraph":
        from stargate_kg.engines.oxigraph import _ox

        ox = _ox()
        named = ox.NamedNode
        for c in _COLUMNS:
            out = cols[c]
            for q in kg.store.quads_for_pattern(None, named(SG + c), None, ox.DefaultGraph()):
                o = q.object
                if c != "inferred" and type(o) is not named:
                    continue
                s = q.subject.value
                if s not in out:
                    out[s] = o.value
        return cols
    if kg.engine == "rdflib":
        import rdflib

        for c in _COLUMNS:
            out = cols[c]
            for s, _, o in kg.graph.triples((None, rdflib.URIRef(SG + c), None)):
                if c != "inferred" and not isinstance(o, rdflib.URIRef):
                    continue
                if s not in out:
                    out[str(s)] = str(o)
        return cols
    from stargate_kg.terms import kind

    for r in kg.select(_SELECT):
        c = local_name(r["p"])
        if c != "inferred" and kind(r["v"]) != "uri":
            continue
        cols[c].setdefault(str(r["x"]), str(r["v"]))
    return cols


def compute(kg):
    """The :class:`EdgeArrays` of ``kg``, computed from its triples."""
    import numpy as np

    from stargate_kg.lookup import entity_index
    from stargate_kg.answers.statements import concept_labels

    index = entity_index(kg)
    nodes = sorted(index)
    pos = {iri: i for i, iri in enumerate(nodes)}
    catalog = relation_catalog(kg)
    clabels = concept_labels(kg)
    cols = _scan(kg)
    subj, rels, objs, kinds_of, ranks_of, inf = (cols[c] for c in _COLUMNS)
    relations, rel_ids, kinds, kind_ids = [], {}, [], {}

    def rel_id(iri):
        r = rel_ids.get(iri)
        if r is None:
            r = rel_ids[iri] = len(relations)
            relations.append(local_name(iri))
        return r

    def kind_id(label):
        if label is None:
            return -1
        k = kind_ids.get(label)
        if k is None:
            k = kind_ids[label] = len(kinds)
            kinds.append(label)
        return k

    rank_ids = {label: i for i, label in enumerate(RANKS)}
    statements, src, dst, rel, kind, rank, inferred = [], [], [], [], [], [], []
    for st in sorted(subj):
        o, r = objs.get(st), rels.get(st)
        if o is None or r is None:
            continue
        i, j = pos.get(subj[st]), pos.get(o)
        if i is None or j is None:
            continue  # only entities are nodes
        statements.append(st)
        src.append(i)
        dst.append(j)
        rid = rel_id(r)
        rel.append(rid)
        k = kinds_of.get(st)
        kind.append(kind_id(clabels.get(k, local_name(k)) if k else catalog.get(relations[rid], {}).get("kind")))
        rk = ranks_of.get(st)
        rank.append(rank_ids.get(clabels.get(rk, local_name(rk)) if rk else "normal", 0))
        inferred.append(str(inf.get(st, "")).strip().lower() in ("true", "1"))
    header = {
        "nodes": nodes,
        "labels": [index[iri].label for iri in nodes],
        "types": [list(index[iri].types) or [index[iri].type] for iri in nodes],
        "relations": relations,
        "families": [catalog.get(r, {}).get("families") or ["other"] for r in relations],
        "kinds": kinds,
        "family_order": list(FAMILIES),
    }
    columns = {"src": src, "dst": dst, "rel": rel, "kind": kind, "rank": rank, "inferred": inferred}
    return EdgeArrays(header, {k: np.asarray(v) for k, v in columns.items()}, statements)


# ----------------------------------------------------------------------------- saving beside a store
def code_fingerprint():
    """A fingerprint of the code that computes the arrays (this module, the catalogs and the name index)."""
    from stargate_kg import lookup
    from stargate_kg.network import catalog

    h = 0
    for mod in (lookup, catalog):
        with open(mod.__file__, "rb") as f:
            h = zlib.crc32(f.read(), h)
    with open(__file__, "rb") as f:
        h = zlib.crc32(f.read(), h)
    return f"{h:08x}"


def _saved(kg):
    """``(path, build, code)`` where a store keeps its arrays, or None (not a store, no build id)."""
    path = getattr(kg, "path", None)
    build = getattr(kg, "manifest", {}).get("build")
    if kg.engine != "oxigraph" or not path or not build:
        return None
    try:
        return Path(path) / FILE, build, code_fingerprint()
    except (OSError, TypeError):
        return None


def save(arr, target, build, code):
    """Write ``arr`` to ``target`` atomically (a temporary file renamed into place); a read-only folder is left as it is."""
    import contextlib
    import tempfile

    import numpy as np

    head = dict(arr.header, build=build, code=code)
    blob = "\n".join(arr.statements()).encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(
                f,
                header=np.frombuffer(json.dumps(head, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                statements=np.frombuffer(blob, dtype=np.uint8),
                src=arr.src, dst=arr.dst, rel=arr.rel, kind=arr.kind, rank=arr.rank, inferred=arr.inferred,
            )  # fmt: skip
        os.replace(tmp, target)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def _read_header(z):
    return json.loads(z["header"].tobytes().decode("utf-8"))


def load_saved(target, build, code):
    """The arrays saved at ``target`` for this build and code, or None (missing, damaged or another build)."""
    import zipfile

    import numpy as np

    try:
        with open(target, "rb") as f, np.load(f, allow_pickle=False) as z:
            header = _read_header(z)
            if header.get("build") != build or header.get("code") != code:
                return None
            columns = {k: z[k] for k in ("src", "dst", "rel", "kind", "rank", "inferred")}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        return None
    if not all(len(c) == len(columns["src"]) for c in columns.values()):
        return None

    def statements():
        from stargate_kg.exceptions import EngineError

        try:
            with open(target, "rb") as f, np.load(f, allow_pickle=False) as z:
                if _read_header(z).get("build") == build:
                    blob = z["statements"].tobytes().decode("utf-8")
                    return blob.split("\n") if blob else []
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
            pass
        raise EngineError(f"{target} changed while it was being read (the store was rebuilt?): run the command again")

    return EdgeArrays(header, columns, statements)


def edge_arrays(kg):
    """The :class:`EdgeArrays` of ``kg`` (cached on the graph, and beside a store in ``network-edges.npz``)."""

    def build():
        where = _saved(kg)
        if where is not None:
            arr = load_saved(*where)
            if arr is not None:
                return arr
        arr = compute(kg)
        if where is not None:
            save(arr, *where)
        return arr

    return kg.cached("network:arrays", build)
