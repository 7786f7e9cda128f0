"""Any SPARQL 1.1 endpoint as the knowledge graph, and pushing the graph to one.

Queries go over the SPARQL 1.1 Protocol (an HTML-form POST) with only the
standard library's HTTP client. Values are bound by a ``VALUES`` block built
from RDF terms (:mod:`stargate_kg.sparql_text`), never by pasting user text.
Query parameters in the endpoint URL (such as ``default-graph-uri``) are sent
with every query, so ``http://host:8890/sparql?default-graph-uri=G`` asks only
graph G. User name and password work for HTTP basic and digest auth.

:func:`push` uploads a graph by the Graph Store HTTP Protocol (one PUT or POST
of N-Triples) or by SPARQL Update (``INSERT DATA`` in chunks that never split a
blank node's triples).

>>> kg = open_endpoint("http://127.0.0.1:8890/sparql?default-graph-uri=https://w3id.org/stargate-kg/graph")
>>> kg.engine, kg.url
('sparql', 'http://127.0.0.1:8890/sparql')
>>> kg.params
[('default-graph-uri', 'https://w3id.org/stargate-kg/graph')]
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from stargate_kg.exceptions import EngineError, QueryError
from stargate_kg.guard import check
from stargate_kg.kg import KnowledgeGraph, with_prologue
from stargate_kg.sparql_text import inject_values, iri_text, query_form, substitute_iris, term_text

RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, application/ld+json;q=0.4"
RDF_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/rdf+n3": "n3",
    "text/n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"
USER_AGENT = "stargate-kg (SPARQL 1.1 Protocol client)"


class Connection:
    """HTTP to one server; with a user name, HTTP basic or digest auth (whichever the server asks for).

    Credentials are sent once the server has asked for them; a large upload
    first asks with a body-less HEAD, because a server that answers 401 at
    once (Virtuoso) closes the connection while the body is still being sent.
    """

    PROBE_ABOVE = 16384  # bytes of body

    def __init__(self, user=None, password=None, timeout=120.0):
        self.user, self.password, self.timeout = user, password, timeout
        from stargate_kg.guard.offline import opener

        self.opener = opener()  # HTTP(S) only; redirects to another server are not followed
        self._challenge = None  # (scheme, params) from the last WWW-Authenticate
        self._nc = 0

    def _learn(self, headers):
        """Remember the strongest challenge in ``headers``; False when there is none we can answer."""
        found = {}
        for value in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            found[scheme.lower()] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
        for scheme in ("digest", "basic"):
            if scheme in found:
                self._challenge, self._nc = (scheme, found[scheme]), 0
                return True
        return False

    def _authorization(self, method, url):
        import base64
        import hashlib
        import os

        scheme, params = self._challenge
        if scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
            return f"Basic {token}"
        algorithm = params.get("algorithm", "MD5").upper()
        if algorithm not in ("MD5", "SHA-256"):
            raise EngineError(f"the server asks for digest auth with {algorithm}, which is not supported")
        h = (lambda x: hashlib.md5(x.encode()).hexdigest()) if algorithm == "MD5" else (lambda x: hashlib.sha256(x.encode()).hexdigest())
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = params.get("realm", ""), params.get("nonce", "")
        ha1, ha2 = h(f"{self.user}:{realm}:{self.password or ''}"), h(f"{method}:{uri}")
        self._nc += 1
        nc, cnonce = f"{self._nc:08x}", os.urandom(8).hex()
        fields = [f'username="{self.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
        if "auth" in [q.strip() for q in params.get("qop", "").split(",")]:
            fields += [f'response="{h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            fields.append(f'response="{h(f"{ha1}:{nonce}:{ha2}")}"')
        if "opaque" in params:
            fields.append(f'opaque="{params["opaque"]}"')
        return "Digest " + ", ".join(fields)

    def _open(self, url, data, method, headers):
        hdrs = {"User-Agent": USER_AGENT, **(headers or {})}
        if self.user is not None and self._challenge is not None:
            hdrs["Authorization"] = self._authorization(method, url)
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        return self.opener.open(req, timeout=self.timeout)

    def send(self, url, data=None, method="POST", headers=None):
        """(status, content type, headers, body bytes); HTTP and network errors become EngineError/QueryError."""
        try:
            if self.user is not None and self._challenge is None and data and len(data) > self.PROBE_ABOVE:
                try:
                    self._open(url, None, "HEAD", None).close()
                except urllib.error.HTTPError as ex:
                    if ex.code == 401:
                        self._learn(ex.headers)
            try:
                resp = self._open(url, data, method, headers)
            except urllib.error.HTTPError as ex:
                stale = self._challenge is not None and "true" in ex.headers.get("WWW-Authenticate", "").lower().replace(" ", "")
                first = self._challenge is None
                if ex.code != 401 or self.user is None or not (first or stale) or not self._learn(ex.headers):
                    raise
                ex.read()
                resp = self._open(url, data, method, headers)
            with resp:
                ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return resp.status, ctype, resp.headers, resp.read()
        except urllib.error.HTTPError as ex:
            body = ex.read().decode("utf-8", "replace").strip()
            raise _http_error(url, ex.code, body, self.user) from None
        except urllib.error.URLError as ex:
            raise EngineError(f"cannot reach {_strip_query(url)}: {ex.reason}") from None
        except TimeoutError:
            raise EngineError(f"{_strip_query(url)} did not answer within {self.timeout:g} s") from None
        except (OSError, ValueError) as ex:
            raise EngineError(f"cannot talk to {_strip_query(url)}: {ex}") from None


def _strip_query(url):
    return url.split("?", 1)[0]


def _http_error(url, code, body, user):
    """The library error for an HTTP error answer; ``.status`` keeps the HTTP code."""
    text = " ".join(body.split())[:400]
    if code in (401, 403):
        hint = "check --user and --password" if user else "give --user and --password"
        ex = EngineError(f"{_strip_query(url)} refused access (HTTP {code}): {hint}")
    elif code == 404:
        ex = EngineError(f"nothing at {_strip_query(url)} (HTTP 404): check the endpoint URL")
    elif code == 400 or "SPARQL compiler" in body or re.search(r"\b37000\b", body):
        ex = QueryError(f"the endpoint rejected the query: {text or 'HTTP 400'}")
    else:
        ex = EngineError(f"{_strip_query(url)} answered HTTP {code}: {text}")
    ex.status = code
    return ex


def check_url(url):
    """The URL if it is http(s), else EngineError (urllib would also open file: and ftp: URLs)."""
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as ex:
        raise EngineError(f"not a valid endpoint URL: {url!r} ({ex}); an endpoint looks like http://localhost:8890/sparql") from None
    if scheme not in ("http", "https"):
        raise EngineError(f"not an HTTP(S) URL: {url!r}; an endpoint looks like http://localhost:8890/sparql")
    return url


def _split(url):
    try:
        parts = urllib.parse.urlsplit(check_url(url))
        parts.port  # noqa: B018  (a bad port or IPv6 address raises here)
    except ValueError as ex:
        raise EngineError(f"not a valid endpoint URL: {url!r} ({ex}); an endpoint looks like http://localhost:8890/sparql") from None
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return base, urllib.parse.parse_qsl(parts.query, keep_blank_values=True)


def virtuoso_duration(value):
    """An ISO 8601 duration for the number Virtuoso 7 returns in place of an xsd:duration, else None.

    Virtuoso keeps a duration as a count of months (year-month durations) or
    of seconds (day-time durations) and returns that number as the literal's
    text, which is not a valid xsd:duration.

    >>> virtuoso_duration("60"), virtuoso_duration("18"), virtuoso_duration("2.592e+06"), virtuoso_duration("P5Y")
    ('P5Y', 'P1Y6M', 'P30D', None)
    """
    text = value.strip()
    if re.fullmatch(r"[-+]?\d+", text):
        n = int(text)
        years, months = divmod(abs(n), 12)
        body = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return ("-" if n < 0 else "") + "P" + body
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        secs = float(text)
        days, rest = divmod(abs(secs), 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
        clock = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
        if seconds:
            clock += f"{seconds:g}S"
        body = (f"{int(days)}D" if days else "") + (f"T{clock}" if clock else ("" if days else "T0S"))
        return ("-" if secs < 0 else "") + "P" + body
    return None


def _literal(value, lang=None, datatype=None):
    """A light literal (:mod:`stargate_kg.terms`); Virtuoso's durations in seconds are written back as xsd:duration."""
    from stargate_kg.terms import Literal

    if lang:
        return Literal(value, language=lang)
    if datatype and datatype != XSD_STRING:
        if datatype == XSD_DURATION:
            value = virtuoso_duration(value) or value
        return Literal(value, datatype=datatype)
    return Literal(value)


def _json_term(b):
    from stargate_kg.terms import IRI, BNode

    if b is None:
        return None
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        return _literal(value, b.get("xml:lang"), b.get("datatype"))
    if kind == "triple":
        raise QueryError("the endpoint returned an RDF-star triple term, which this toolkit cannot represent")
    raise EngineError(f"the endpoint returned an unknown term type {kind!r}")


class RemoteGraph(KnowledgeGraph):
    """A KnowledgeGraph answered by a SPARQL 1.1 endpoint (see :func:`open_endpoint`)."""

    engine = "sparql"

    def __init__(self, url, user=None, password=None, timeout=120.0):
        self.url, self.params = _split(url)
        self.conn = Connection(user, password, timeout)
        self.files = []
        self._cache = {}
        self._graph = None
        self._shapes = None
        self._len = None

    def __repr__(self):
        return f"<RemoteGraph {self.url}>"

    def __len__(self):
        if self._len is None:
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._len = int(rows[0]["n"].toPython()) if rows and rows[0]["n"] is not None else 0
        return self._len

    @property
    def graph(self):
        return self.triples_graph()

    @property
    def shapes(self):
        """No shapes travel with an endpoint: an empty Graph (validation then uses the shipped shapes)."""
        if self._shapes is None:
            import rdflib

            self._shapes = rdflib.Graph()
        return self._shapes

    @shapes.setter
    def shapes(self, value):
        self._shapes = value

    # -- querying ------------------------------------------------------------------------
    def _send(self, query, bindings, source, form):
        # VALUES binds every variable; bound IRIs are also written in place (Virtuoso needs a constant
        # to start a property path from)
        text = inject_values(substitute_iris(query, bindings), bindings) if bindings else query
        # the remote server runs it: refuse SERVICE, Update and FROM here too (its own prefixes are its business)
        text = check(text, self.allow_service, prefixes=False, source=source).text
        full = with_prologue(text)
        shift = full.count("\n") - text.count("\n")
        accept = RESULTS_JSON if form in ("SELECT", "ASK") else RDF_ACCEPT
        body = urllib.parse.urlencode(self.params + [("query", full)]).encode("utf-8")
        try:
            _, ctype, headers, data = self.conn.send(
                self.url,
                body,
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
            )
        except QueryError as ex:
            msg = str(ex).removeprefix("invalid query: ")
            if shift:  # the server counted our PREFIX lines
                msg = re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m.group(1)) - shift)}", msg, count=1)
            raise QueryError(msg, source=source) from None
        return ctype, headers, data

    def _results(self, query, bindings, source, form):
        ctype, headers, data = self._send(query, bindings, source, form)
        try:
            doc = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            raise EngineError(f"{self.url} did not answer with SPARQL JSON results (Content-Type {ctype or 'none'})") from None
        try:
            return self._read_results(doc, headers, form)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as ex:
            raise EngineError(f"{self.url} answered with malformed SPARQL JSON results ({type(ex).__name__}: {ex})") from None

    def _read_results(self, doc, headers, form):
        if form == "ASK":
            if "boolean" not in doc:
                raise EngineError(f"{self.url} answered an ASK query without a boolean")
            return "ASK", None, bool(doc["boolean"])
        names = list(doc.get("head", {}).get("vars", []))
        bindings_out = doc.get("results", {}).get("bindings", [])
        cap = headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and len(bindings_out) >= int(cap):
            raise EngineError(
                f"{self.url} cut the answer at {cap} rows (a server limit such as Virtuoso's ResultSetMaxRows); "
                "raise the limit on the server or ask a narrower question"
            )
        cache = {}

        def term(b):
            if b is None:
                return None
            key = (b.get("type"), b.get("value"), b.get("datatype"), b.get("xml:lang"))
            t = cache.get(key)
            if t is None:
                t = cache[key] = _json_term(b)
            return t

        return "SELECT", names, [{n: term(b.get(n)) for n in names} for b in bindings_out]

    def _graph_result(self, query, bindings, source, form):
        import rdflib

        from stargate_kg.namespace import PREFIXES

        ctype, headers, data = self._send(query, bindings, source, form)
        fmt = RDF_TYPES.get(ctype)
        if fmt is None:
            raise EngineError(f"{self.url} answered a {form} query with {ctype or 'no Content-Type'}, not an RDF format")
        g = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        import logging

        rdflib_log = logging.getLogger("rdflib.term")
        quiet = rdflib_log.level
        rdflib_log.setLevel(logging.CRITICAL)  # Virtuoso's numeric durations are repaired below
        from stargate_kg.guard.offline import check_data, no_remote_contexts

        no_remote_contexts()
        try:
            text = data.decode("utf-8")
            check_data(text, fmt)  # a hostile endpoint's answer names no context to fetch, no entity to expand
            raw = rdflib.Graph()
            raw.parse(data=text, format=fmt)
        except Exception as ex:  # every parser has its own exception types
            raise EngineError(f"cannot read the {form} result from {self.url}: {ex}") from None
        finally:
            rdflib_log.setLevel(quiet)
        for s, p, o in raw:
            if isinstance(o, rdflib.Literal) and str(o.datatype or "") == XSD_DURATION:
                from stargate_kg.terms import to_rdflib

                o = to_rdflib(_literal(str(o), datatype=XSD_DURATION))
            g.add((s, p, o))
        return form, None, g

    def query(self, query, bindings=None, source=None, max_rows=None):
        """Run any query form: ("SELECT", vars, rows) | ("ASK", None, bool) | ("CONSTRUCT"/"DESCRIBE", None, Graph).

        With ``max_rows``, an answer with more rows (or triples) raises AnswerTooLarge.
        """
        from stargate_kg.exceptions import AnswerTooLarge

        form = query_form(query)
        if form in ("SELECT", "ASK"):
            out = self._results(query, bindings, source, form)
        else:
            out = self._graph_result(query, bindings, source, form)
        if max_rows is not None and out[0] != "ASK" and len(out[2]) > max_rows:
            raise AnswerTooLarge(max_rows, "rows" if out[0] == "SELECT" else "triples")
        return out

    def select(self, query, bindings=None, source=None):
        """Run a SELECT; rows are dicts of variable name -> rdflib term (None when unbound)."""
        form = query_form(query)
        if form != "SELECT":
            raise QueryError(f"expected a SELECT query, got {form}", source=source)
        return self._results(query, bindings, source, form)[2]

    def ask(self, query, bindings=None, source=None):
        """Run an ASK query."""
        form = query_form(query)
        if form != "ASK":
            raise QueryError(f"expected an ASK query, got {form}", source=source)
        return self._results(query, bindings, source, form)[2]

    def construct(self, query, bindings=None, source=None):
        """Run a CONSTRUCT (or DESCRIBE) query; returns an rdflib Graph."""
        form = query_form(query)
        if form not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"expected a CONSTRUCT query, got {form}", source=source)
        return self._graph_result(query, bindings, source, form)[2]

    def triples_graph(self):
        """The endpoint's default graph as an rdflib Graph (fetched once, with one CONSTRUCT)."""
        if self._graph is None:
            g = self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            if len(g) < len(self):  # Virtuoso cuts CONSTRUCT results at ResultSetMaxRows without saying so
                raise EngineError(
                    f"{self.url} sent {len(g)} of its {len(self)} triples: raise the server's result limit "
                    "(Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)"
                )
            self._graph = g
        return self._graph

    def derive(self, rules):
        raise EngineError("rules are applied before pushing: push a derived graph (`stargate-kg push`) instead")


def open_endpoint(url, user=None, password=None, timeout=120.0):
    """The knowledge graph at the SPARQL 1.1 endpoint ``url`` (nothing is sent until the first query)."""
    return RemoteGraph(url, user=user, password=password, timeout=timeout)


# -- pushing ----------------------------------------------------------------------------------
def _nt_term(term, bnodes):
    from rdflib import BNode

    if isinstance(term, BNode):
        label = bnodes.get(term)
        if label is None:
            label = bnodes[term] = f"b{len(bnodes)}"
        return "_:" + label
    return term_text(term)


def ntriples(triples, bnodes=None):
    """N-Triples lines for ``triples`` (IRIs and literals escaped as in SPARQL; blank nodes relabelled).

    >>> from rdflib import BNode, Literal, URIRef
    >>> b = BNode()
    >>> ntriples([(URIRef("http://x/a"), URIRef("http://x/p"), b), (b, URIRef("http://x/q"), Literal("软银", lang="zh"))])
    ['<http://x/a> <http://x/p> _:b0 .', '_:b0 <http://x/q> "软银"@zh .']
    """
    bnodes = {} if bnodes is None else bnodes
    return [f"{_nt_term(s, bnodes)} {_nt_term(p, bnodes)} {_nt_term(o, bnodes)} ." for s, p, o in triples]


def chunks(triples, size=2000):
    """Split triples into lists of about ``size``, keeping all triples that share a blank node together.

    A blank node means "the same node" only inside one INSERT DATA, so a
    reference node and its quote must travel in one chunk.

    >>> from rdflib import BNode, URIRef
    >>> b = BNode(); p = URIRef("http://x/p")
    >>> ts = [(URIRef(f"http://x/{i}"), p, b) for i in range(5)] + [(URIRef("http://x/z"), p, URIRef("http://x/y"))]
    >>> [len(c) for c in chunks(ts, size=2)]
    [5, 1]
    """
    from rdflib import BNode

    parent = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    plain, linked = [], []
    for t in triples:
        bs = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        if not bs:
            plain.append(t)
            continue
        linked.append((t, bs[0]))
        for b in bs:
            parent.setdefault(b, b)
        if len(bs) == 2:
            a, c = find(bs[0]), find(bs[1])
            if a != c:
                parent[a] = c
    groups = {}
    for t, b in linked:
        groups.setdefault(find(b), []).append(t)
    out, current = [], []
    for group in list(groups.values()) + [[t] for t in plain]:
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current += group
    if current:
        out.append(current)
    return out


def push(kg, url, graph_iri=None, method="gsp", user=None, password=None, gsp_url=None, append=False, chunk_size=500, timeout=600.0):
    """Upload the graph of ``kg`` (with its derived edges) to a triple store; returns the number of triples sent.

    ``method="gsp"``: Graph Store HTTP Protocol, PUT (or POST with ``append``)
    of N-Triples to ``gsp_url`` (default: ``url``) with ``?graph=IRI`` or
    ``?default``. ``method="update"``: SPARQL Update at ``url``: ``DROP SILENT
    GRAPH`` (unless ``append``) then ``INSERT DATA`` in chunks (``INSERT {...}
    WHERE {}`` for chunks with blank nodes, which Virtuoso refuses in INSERT
    DATA). Without ``graph_iri`` the store's default graph is replaced.
    """
    from rdflib import BNode

    if method not in ("gsp", "update"):
        raise EngineError(f"unknown push method {method!r}: use 'gsp' or 'update'")
    check_url(url)
    if graph_iri is not None:
        iri_text(graph_iri)  # refuses IRIs that cannot be written in SPARQL
    conn = Connection(user, password, timeout)
    if method == "gsp":
        target = check_url(gsp_url or url)
        sep = "&" if "?" in target else "?"
        target += sep + (urllib.parse.urlencode({"graph": str(graph_iri)}) if graph_iri else "default")
        store = getattr(kg, "store", None)
        if store is not None and hasattr(store, "dump"):  # an Oxigraph store writes its own N-Triples, fast
            import pyoxigraph as ox

            body, count = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), len(kg)
        else:
            triples = list(kg.triples_graph())
            body, count = ("\n".join(ntriples(triples)) + "\n").encode("utf-8"), len(triples)
        conn.send(target, body, method="POST" if append else "PUT", headers={"Content-Type": "application/n-triples"})
        return count
    triples = list(kg.triples_graph())
    base, params = _split(url)

    def update(text):
        data = urllib.parse.urlencode(params + [("update", text)]).encode("utf-8")
        try:
            conn.send(base, data, headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
        except (QueryError, EngineError) as ex:
            if getattr(ex, "status", None) not in (400, 500):
                raise
            raise EngineError(
                f"{base} refused an update: {str(ex).removeprefix('invalid query: ')}. Some stores refuse some "
                "literals in SPARQL Update (Virtuoso 7: xsd:duration): try --method gsp"
            ) from None

    if not append:
        update(f"DROP SILENT GRAPH {iri_text(graph_iri)}" if graph_iri else "DROP SILENT DEFAULT")
    labels = {}  # one labelling for the whole push, so no two blank nodes share a label
    graph = iri_text(graph_iri) if graph_iri else None
    with_bnodes = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    plain = [t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))]
    for chunk in chunks(plain, chunk_size):
        lines = "\n".join(ntriples(chunk, labels))
        update(f"INSERT DATA {{ GRAPH {graph} {{\n{lines}\n}} }}" if graph else f"INSERT DATA {{\n{lines}\n}}")
    # Virtuoso refuses blank nodes in INSERT DATA and long templates: small INSERT {...} WHERE {} (standard too)
    for chunk in chunks(with_bnodes, max(1, chunk_size // 5)):
        lines = "\n".join(ntriples(chunk, labels))
        update(f"INSERT {{ GRAPH {graph} {{\n{lines}\n}} }} WHERE {{ }}" if graph else f"INSERT {{\n{lines}\n}} WHERE {{ }}")
    return len(triples)
