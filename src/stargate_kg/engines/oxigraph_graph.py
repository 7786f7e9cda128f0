"""Answering queries on an Oxigraph store: :class:`OxigraphGraph`, and terms between pyoxigraph, rdflib and light terms.

Rows come back as light terms (:mod:`stargate_kg.terms`), so answering needs
no rdflib. Opening and building stores is :mod:`stargate_kg.engines.oxigraph`.

>>> import pyoxigraph as ox
>>> kg = OxigraphGraph(ox.Store())
>>> kg.store.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b"), ox.Literal("c")))
>>> kg.select("SELECT ?o WHERE { ?s ?p ?o }")
[{'o': Literal('c')}]
"""

import json
import re
from pathlib import Path

from stargate_kg.exceptions import AnswerTooLarge, EngineError, QueryError
from stargate_kg.kg import KnowledgeGraph, with_prologue

_TERM_CACHE_LIMIT = 500_000


def _ox():
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover
        raise EngineError("the Oxigraph engine needs pyoxigraph: pip install 'stargate-kg[fast]'") from None
    return pyoxigraph


def _prefixes():
    from stargate_kg.namespace import PREFIX_IRIS

    return dict(PREFIX_IRIS)


# -- terms ----------------------------------------------------------------------------------
def to_light(term):
    """The light term (:mod:`stargate_kg.terms`) for a pyoxigraph term.

    >>> import pyoxigraph as ox
    >>> to_light(ox.Literal("软银", language="zh"))
    Literal('软银', language='zh')
    """
    from stargate_kg import terms

    if term is None:
        return None
    cls = type(term).__name__
    if cls == "NamedNode":
        return terms.IRI(term.value)
    if cls == "Literal":
        return terms.Literal(term.value, language=term.language, datatype=term.datatype.value)
    if cls == "BlankNode":
        return terms.BNode(term.value)
    raise QueryError(f"the result holds a term this engine cannot represent: {term}")


def to_rdflib(term):
    """The rdflib term for a pyoxigraph term (xsd:string literals become plain literals, as rdflib parses them).

    >>> import pyoxigraph as ox
    >>> to_rdflib(ox.Literal("软银", language="zh"))
    rdflib.term.Literal('软银', lang='zh')
    """
    from stargate_kg.terms import to_rdflib as light_to_rdflib

    return light_to_rdflib(to_light(term))


def to_oxigraph(term):
    """The pyoxigraph term for a light or rdflib term (plain Python values become literals).

    >>> from stargate_kg.terms import IRI
    >>> to_oxigraph(IRI("http://example.org/a"))
    <NamedNode value=http://example.org/a>
    """
    from stargate_kg import terms

    ox = _ox()
    term = terms.as_term(term)
    try:
        if term.kind == "uri":
            return ox.NamedNode(str(term))
        if term.kind == "bnode":
            return ox.BlankNode(str(term))
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    except ValueError as ex:
        raise QueryError(f"cannot bind {term!r}: {ex}") from None


def _query_syntax_error(ex, source=None):
    """A QueryError with line and column from pyoxigraph's 'error at L:C: ...' message."""
    text = str(ex)
    m = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    if not m:
        return QueryError(text.splitlines()[0] if text else "syntax error", source=source)
    message = m.group(3).splitlines()[0]
    if len(message) > 200:
        message = message[:200] + "..."
    return QueryError(message, int(m.group(1)), int(m.group(2)), source)


# -- the engine -----------------------------------------------------------------------------
class OxigraphGraph(KnowledgeGraph):
    """A KnowledgeGraph answered by an Oxigraph store (see :func:`open_store`)."""

    engine = "oxigraph"

    def __init__(self, store, path=None, manifest=None):
        self.store = store
        self.path = Path(path) if path else None
        self.manifest = manifest or {}
        self.files = [Path(f["path"]) for f in self.manifest.get("files", []) + self.manifest.get("shapes", [])]
        self._cache = {}
        self._terms = {}
        self._values_needed = set()  # (query, variables) that Oxigraph cannot substitute
        self._graph = None
        self._shapes = None

    def __repr__(self):
        return f"<OxigraphGraph {self.path} ({len(self)} triples)>"

    def __len__(self):
        if "triples" in self.manifest:
            return self.manifest["triples"]
        return len(self.store)

    @property
    def graph(self):
        """The whole graph as an rdflib Graph (built on first use)."""
        return self.triples_graph()

    @graph.setter
    def graph(self, value):
        self._graph = value

    @property
    def shapes(self):
        """The SHACL shapes the store was built with, as an rdflib Graph."""
        if self._shapes is None:
            import rdflib

            from stargate_kg.engines.oxigraph import SHAPES

            g = rdflib.Graph()
            if self.path and (self.path / SHAPES).is_file():
                g.parse(self.path / SHAPES, format="nt")
            self._shapes = g
        return self._shapes

    @shapes.setter
    def shapes(self, value):
        self._shapes = value

    # -- querying ------------------------------------------------------------------------
    def _execute(self, query, bindings=None, source=None):
        """Run ``query`` on Oxigraph; returns the raw pyoxigraph result."""
        from stargate_kg.guard import check

        ox = _ox()
        query = check(query, self.allow_service, source=source).text  # the engine runs exactly the checked text
        prefixes = None if with_prologue(query) is query else _prefixes()
        subs = None
        if bindings:
            subs = {ox.Variable(str(k).lstrip("?$")): to_oxigraph(v) for k, v in bindings.items()}
        key = (query, tuple(sorted(str(k).lstrip("?$") for k in bindings))) if subs else None
        try:
            if key not in self._values_needed:
                try:
                    return self.store.query(query, prefixes=prefixes, substitutions=subs)
                except RuntimeError as ex:
                    if not subs or "projection" not in str(ex):
                        raise
                self._values_needed.add(key)
            # Oxigraph only substitutes projected variables: bind the others with VALUES.
            from stargate_kg.sparql_text import inject_values

            return self.store.query(check(inject_values(query, bindings), self.allow_service).text, prefixes=prefixes)
        except SyntaxError as ex:
            raise _query_syntax_error(ex, source) from None
        except QueryError:
            raise
        except (RuntimeError, OSError, ValueError, TypeError) as ex:
            raise QueryError(f"{type(ex).__name__}: {ex}", source=source) from None

    def _rows(self, result, source=None, max_rows=None):
        names = [v.value for v in result.variables]
        cap = float("inf") if max_rows is None else max_rows
        cache = self._terms
        if len(cache) > _TERM_CACHE_LIMIT:
            cache.clear()
        get, rows = cache.get, []
        try:
            for sol in result:
                values = []
                for t in sol:
                    r = get(t)
                    if r is None and t is not None:
                        r = cache[t] = to_light(t)
                    values.append(r)
                if len(rows) >= cap:  # one row too many: stop before the engine computes the rest
                    raise AnswerTooLarge(max_rows, "rows")
                rows.append(dict(zip(names, values)))
        except (RuntimeError, OSError, ValueError) as ex:
            raise QueryError(f"{type(ex).__name__}: {ex}", source=source) from None
        return names, rows

    def _graph_of(self, triples, source=None, max_triples=None):
        import rdflib

        from stargate_kg.namespace import PREFIXES

        g = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        added = 0
        try:
            for t in triples:
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
                added += 1
                if max_triples is not None and added > max_triples and added % 1000 == 1 and len(g) > max_triples:
                    raise AnswerTooLarge(max_triples, "triples")
        except (RuntimeError, OSError, ValueError) as ex:
            raise QueryError(f"{type(ex).__name__}: {ex}", source=source) from None
        return g

    def select(self, query, bindings=None, source=None):
        """Run a SELECT; rows are dicts of variable name -> light term (None when unbound)."""
        def run():
            res = self._execute(query, bindings, source)
            if not isinstance(res, _ox().QuerySolutions):
                raise QueryError(f"expected a SELECT query, got {self._form(res, query)}", source=source)
            return self._rows(res, source)[1]

        return self._limited(run)

    def query(self, query, bindings=None, source=None, max_rows=None):
        """Run any query form: ("SELECT", vars, rows) | ("ASK", None, bool) | ("CONSTRUCT"/"DESCRIBE", None, Graph).

        With ``max_rows``, AnswerTooLarge is raised as soon as one row (or triple) more appears.
        """
        from stargate_kg.guard import check

        check(query, self.allow_service, source=source)  # a refusal costs no fork

        def run():
            ox = _ox()
            res = self._execute(query, bindings, source)
            if isinstance(res, ox.QuerySolutions):
                names, rows = self._rows(res, source, max_rows)
                return "SELECT", names, rows
            if isinstance(res, ox.QueryBoolean):
                return "ASK", None, bool(res)
            g = self._graph_of(res, source, max_rows)
            if max_rows is not None and len(g) > max_rows:
                raise AnswerTooLarge(max_rows, "triples")
            return self._form(res, query), None, g

        return self._limited(run, apart=True)

    def _form(self, res, query):
        ox = _ox()
        if isinstance(res, ox.QuerySolutions):
            return "SELECT"
        if isinstance(res, ox.QueryBoolean):
            return "ASK"
        from stargate_kg.sparql_text import query_form

        return query_form(query)

    def ask(self, query, bindings=None, source=None):
        """Run an ASK query."""
        def run():
            res = self._execute(query, bindings, source)
            if not isinstance(res, _ox().QueryBoolean):
                raise QueryError(f"expected an ASK query, got {self._form(res, query)}", source=source)
            return bool(res)

        return self._limited(run)

    def construct(self, query, bindings=None, source=None):
        """Run a CONSTRUCT (or DESCRIBE) query; returns an rdflib Graph."""
        def run():
            ox = _ox()
            res = self._execute(query, bindings, source)
            if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
                raise QueryError(f"expected a CONSTRUCT query, got {self._form(res, query)}", source=source)
            return self._graph_of(res, source)

        return self._limited(run)

    def triples_graph(self):
        """The whole graph as an rdflib Graph (for SHACL, export, networkx); built once."""
        if self._graph is None:
            ox = _ox()
            self._graph = self._graph_of(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return self._graph

    def cached(self, key, compute):
        """As :meth:`KnowledgeGraph.cached`; the entity index is kept in the store's ``lookups.json``.

        The index is computed on the first lookup and saved beside the
        database (when the folder is writable), tagged with the store's build
        id, so it is never read back into another build of the store.
        """
        if key != "entity_index" or key in self._cache or not self.path:
            return super().cached(key, compute)
        from stargate_kg.engines.oxigraph import LOOKUPS, _lookup_code, _write_lookups
        from stargate_kg.lookup import Entity

        build = self.manifest.get("build")
        code = _lookup_code()
        try:
            saved = json.loads((self.path / LOOKUPS).read_text(encoding="utf-8"))
            if build and code and saved.get("build") == build and saved.get("code") == code:
                self._cache[key] = {iri: Entity(**fields) for iri, fields in saved["entity_index"].items()}
                return self._cache[key]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # none yet, unreadable or from another build: computed from the store
        index = super().cached(key, compute)
        if build and code:
            _write_lookups(index, self.path / LOOKUPS, build, code)
        return index

    def derive(self, rules):
        raise EngineError("a store is read-only: rebuild it with `stargate-kg --store PATH load` to apply rules")

    def stale_files(self):
        """Recorded files that changed, vanished or appeared since the store was built (paths as text)."""
        from stargate_kg.engines.oxigraph import _changes

        return _changes(self.manifest)
