"""A read-only SPARQL 1.1 Protocol endpoint over the knowledge graph, safe to leave running.

``stargate-kg serve`` calls :func:`serve`: a Starlette app on uvicorn answers
``/sparql`` (GET ``?query=``, POST form, POST ``application/sparql-query``)
with content negotiation, a service description and CORS, and ``/`` serves a
small offline query page. Queries never run in the web server's process:

* a *broker* process opens the graph once and forks *worker* processes from
  it (copy-on-write, so a replacement worker is ready in milliseconds);
* every query runs in a worker under a time limit; a worker that overruns is
  killed and replaced, so the work really stops, and the other workers keep
  serving the other clients meanwhile;
* a worker checks the *parsed* query before running it: SPARQL Update,
  ``SERVICE`` and ``FROM`` / ``FROM NAMED`` are refused (the server never
  fetches anything for a client), a malformed query gets the parser's
  message, and an answer over the row cap is refused, not truncated.

Queries go through :meth:`KnowledgeGraph.query <stargate_kg.kg.KnowledgeGraph.query>`,
so the endpoint works on any engine. The pure parts can be tried directly:

>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+json")
'json'
>>> negotiate("CONSTRUCT", None, fmt="ntriples")
'nt'
>>> check("ASK { ?s a schema:Organization }")
'ASK'
"""

import asyncio
import csv
import gc
import io
import itertools
import json
import multiprocessing
import os
import re
import signal
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from stargate_kg.exceptions import QueryError, QueryRefused, ServerError, StargateKGError
from stargate_kg.kg import parse_error, with_prologue

STATIC_DIR = Path(__file__).resolve().parent / "static"

# -- settings ----------------------------------------------------------------------------


def default_workers():
    """Query worker processes by default: one per core, at least 2 (so one slow query never blocks all), at most 4."""
    return max(2, min(4, os.cpu_count() or 2))


@dataclass
class Settings:
    """What the endpoint serves and its limits (the ``serve`` command's options)."""

    graphs: list = None  # --graph paths (None: the shipped graph)
    store: str = None  # --store (Oxigraph)
    endpoint: str = None  # --endpoint (a remote SPARQL endpoint)
    endpoint_options: dict = field(default_factory=dict)
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_body: int = 256 * 1024  # bytes per request body (and per GET query)
    workers: int = 0  # 0: default_workers()
    max_queue: int = 64  # queries waiting for a worker before "busy"

    @property
    def preload(self):
        """True when the broker loads the graph once and forks workers from it (the in-memory engine)."""
        return not (self.store or self.endpoint)

    def open(self):
        from stargate_kg.engines import open_graph

        return open_graph(self.graphs or None, store=self.store, endpoint=self.endpoint, **self.endpoint_options)


class Reply(NamedTuple):
    """One HTTP answer from a worker: status, media type, body bytes, extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict = None


def error_reply(status, message, **headers):
    """A plain-text error answer.

    >>> error_reply(400, "bad").body
    b'bad\\n'
    """
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers or None)


# -- content negotiation ------------------------------------------------------------------

#: Answer formats: key -> canonical media type.
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
# Media types a client may ask for, in the order a wildcard picks them.
_RESULT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
_GRAPH_TYPES = [
    ("text/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
# Short names for the format= / output= / results= parameter (SPARQLWrapper sends them).
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "json-ld": "json-ld", "jsonld": "json-ld", "json": "json-ld",
    "xml": "xml", "rdf": "xml", "rdf+xml": "xml", "rdfxml": "xml",
}  # fmt: skip


def parse_accept(header):
    """Media ranges of an Accept header, best first: list of (media type, q).

    >>> parse_accept("text/*;q=0.5, application/json, */*;q=0.1")
    [('application/json', 1.0), ('text/*', 0.5), ('*/*', 0.1)]
    """
    items = []
    for pos, part in enumerate((header or "").split(",")):
        fields = part.split(";")
        mime = fields[0].strip().lower()
        if not mime:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        specificity = 0 if mime == "*/*" else 1 if mime.endswith("/*") else 2
        items.append((-q, -specificity, pos, mime))
    return [(mime, -nq) for nq, _, _, mime in sorted(items)]


def negotiate(form, accept=None, fmt=None):
    """The answer format for a query ``form`` given an Accept header and/or a format name; None if none fits.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE. A ``fmt`` name (``json``,
    ``csv``, ``turtle``...) or media type wins over ``accept``.

    >>> negotiate("ASK", "text/tab-separated-values")
    'tsv'
    >>> negotiate("DESCRIBE", "application/ld+json;q=0.9, text/turtle")
    'turtle'
    >>> negotiate("SELECT", "image/png") is None
    True
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    default = table[0][1]
    if fmt:
        name = fmt.strip().lower()
        if "/" not in name:
            return (_GRAPH_NAMES if graph else _RESULT_NAMES).get(name)
        accept = name
    if not accept or not accept.strip():
        return default
    ranges = parse_accept(accept)
    refused = {mime for mime, q in ranges if q == 0}
    for mime, q in ranges:
        if q == 0:
            continue
        for candidate, key in table:
            if candidate in refused:
                continue
            if mime == "*/*" or candidate == mime or (mime.endswith("/*") and candidate.startswith(mime[:-1])):
                return key
    return None


def media_types(form):
    """The media types a query form can be answered in (for error messages and the service description)."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    return [m for m, _ in (_GRAPH_TYPES if graph else _RESULT_TYPES)]


# -- serializers ---------------------------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _kind(term):
    from rdflib.term import BNode, Literal

    if isinstance(term, Literal):
        return "literal"
    if isinstance(term, BNode):
        return "bnode"
    return "uri"


def _json_term(term):
    kind = _kind(term)
    out = {"type": kind, "value": str(term)}
    if kind == "literal":
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def _xml_term(term):
    kind = _kind(term)
    value = xml_escape(_BAD_XML_CHARS.sub("\ufffd", str(term)))
    if kind == "literal":
        attrs = ""
        if term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None:
            attrs = f" datatype={quoteattr(str(term.datatype))}"
        return f"<literal{attrs}>{value}</literal>"
    return f"<{kind}>{value}</{kind}>"


def _tsv_term(term):
    if term is None:
        return ""
    kind = _kind(term)
    if kind == "uri":
        return f"<{term}>"
    if kind == "bnode":
        return f"_:{term}"
    text = str(term)
    for a, b in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(a, b)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _csv_value(term):
    if term is None:
        return ""
    return f"_:{term}" if _kind(term) == "bnode" else str(term)


def serialize_results(key, names, rows=None, boolean=None):
    """SELECT rows (dicts of name -> term) or an ASK answer as SPARQL JSON, XML, CSV or TSV bytes.

    >>> from rdflib import Literal, URIRef
    >>> rows = [{"x": URIRef("http://ex/a"), "n": Literal("Open, AI", lang="en")}]
    >>> serialize_results("csv", ["x", "n"], rows).decode()
    'x,n\\r\\nhttp://ex/a,"Open, AI"\\r\\n'
    >>> serialize_results("tsv", ["x", "n"], rows).decode()
    '?x\\t?n\\n<http://ex/a>\\t"Open, AI"@en\\n'
    >>> serialize_results("json", None, boolean=True)
    b'{"head": {}, "boolean": true}'
    """
    if key == "json":
        if boolean is not None:
            doc = {"head": {}, "boolean": boolean}
        else:
            bindings = [{n: _json_term(t) for n, t in row.items() if t is not None} for row in rows]
            doc = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if key == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        if boolean is not None:
            out.append(f"</head>\n<boolean>{'true' if boolean else 'false'}</boolean>\n</sparql>\n")
            return "".join(out).encode("utf-8")
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head>\n<results>\n")
        for row in rows:
            out.append("<result>")
            for n, t in row.items():
                if t is not None:
                    out.append(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>")
            out.append("</result>\n")
        out.append("</results>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    if key == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if boolean is not None:  # not in the CSV/TSV results spec; Jena's convention
            w.writerows([["_askResult"], ["true" if boolean else "false"]])
        else:
            w.writerow(names)
            w.writerows([_csv_value(row.get(n)) for n in names] for row in rows)
        return buf.getvalue().encode("utf-8")
    if key == "tsv":
        if boolean is not None:
            return f"?_askResult\n{'true' if boolean else 'false'}\n".encode()
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(row.get(n)) for n in names) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {key!r}")


def serialize_graph(key, graph):
    """A CONSTRUCT/DESCRIBE graph as Turtle, N-Triples, JSON-LD or RDF/XML bytes (project prefixes bound)."""
    from stargate_kg.namespace import PREFIXES

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    fmt = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}[key]
    data = graph.serialize(format=fmt)
    return data.encode("utf-8") if isinstance(data, str) else data


# -- checking and answering one query (runs in a worker) -----------------------------------

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
READ_ONLY = "SPARQL Update is not accepted: this endpoint is read-only"
NO_SERVICE = "SERVICE (federated query) is not accepted: this endpoint never sends requests on a client's behalf"
NO_FROM = (
    "FROM and FROM NAMED are not supported: this endpoint answers from its one default graph "
    "and never fetches data; remove the FROM clause"
)


def _contains(tree, name):
    """True when a parsed query or algebra tree has a node called ``name`` anywhere (sub-queries, EXISTS...)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


def _is_update(text):
    from rdflib.plugins.sparql import parser

    try:
        parsed = parser.parseUpdate(text)
    except Exception:
        return False
    return bool(dict.get(parsed, "request"))  # a prologue alone is an empty update, not an update


def check(query):
    """Parse ``query`` (with the project's prefixes) and return its form: SELECT, ASK, CONSTRUCT or DESCRIBE.

    Raises :class:`QueryRefused` for SPARQL Update and for SERVICE anywhere in
    the algebra (sub-queries, EXISTS, OPTIONAL...), and :class:`QueryError`
    with the parser's message for malformed queries and FROM / FROM NAMED.

    >>> check("DESCRIBE e:openai")
    'DESCRIBE'
    >>> check("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryRefused: SERVICE (federated query) is not accepted: this endpoint never sends requests on a client's behalf
    >>> check("SELECT ?x WHERE { ?x }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryError: invalid query: line 1, column 19: Expected SelectQuery
    """
    # Workers see the same few queries again and again (pages, notebooks): remember short ones.
    return _check_cached(query) if len(query) <= 8192 else _check(query)


@lru_cache(maxsize=256)
def _check_cached(query):
    return _check(query)


def _check(query):
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql import algebra, parser

    text = with_prologue(query)
    try:
        parsed = parser.parseQuery(text)
    except ParseException as ex:
        if _is_update(text):
            raise QueryRefused(READ_ONLY) from None
        raise parse_error(ex, text) from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to parse") from None
    except Exception as ex:
        raise QueryError(str(ex).splitlines()[0] if str(ex) else type(ex).__name__) from None
    if _contains(parsed, "ServiceGraphPattern"):
        raise QueryRefused(NO_SERVICE)
    if _contains(parsed, "DatasetClause"):
        raise QueryError(NO_FROM)
    try:
        translated = algebra.translateQuery(parsed)
    except RecursionError:
        raise QueryError("the query is nested too deeply to run") from None
    except Exception as ex:  # e.g. an undeclared prefix
        raise QueryError(str(ex).splitlines()[0] if str(ex) else type(ex).__name__) from None
    if _contains(translated.algebra, "ServiceGraphPattern"):
        raise QueryRefused(NO_SERVICE)
    form = _FORMS.get(translated.algebra.name)
    if form is None:
        raise QueryError(f"unsupported query form {translated.algebra.name}")
    return form


def answer(kg, query, accept=None, fmt=None, max_rows=10_000):
    """Check, run and serialize one query on ``kg``: a :class:`Reply`. Bad input gives a 4xx reply, never an exception.

    >>> import rdflib
    >>> from stargate_kg.kg import KnowledgeGraph
    >>> kg = KnowledgeGraph(rdflib.Graph().parse(data='<http://ex/a> <http://ex/b> "c" .', format="nt"))
    >>> answer(kg, "SELECT ?o WHERE { ?s ?p ?o }", accept="text/csv")
    Reply(status=200, media_type='text/csv; charset=utf-8', body=b'o\\r\\nc\\r\\n', headers=None)
    >>> answer(kg, "SELECT ?o WHERE { ?s ?p ?o }", max_rows=0).status
    422
    >>> answer(kg, "DELETE WHERE { ?s ?p ?o }").status, len(kg)
    (403, 1)
    """
    try:
        form = check(query)
        key = negotiate(form, accept, fmt)
        if key is None:
            asked = f"format {fmt!r}" if fmt else f"Accept: {accept}"
            return error_reply(406, f"cannot answer a {form} query as {asked}; available: {', '.join(media_types(form))}")
        kind, names, result = kg.query(query)
        if kind in ("SELECT", "ASK"):
            if kind == "SELECT" and len(result) > max_rows:
                return error_reply(422, _too_many(len(result), "rows", max_rows))
            body = serialize_results(key, names, result) if kind == "SELECT" else serialize_results(key, None, boolean=result)
            return Reply(200, RESULT_FORMATS[key], body)
        if len(result) > max_rows:
            return error_reply(422, _too_many(len(result), "triples", max_rows))
        return Reply(200, GRAPH_FORMATS[key], serialize_graph(key, result))
    except QueryRefused as ex:
        return error_reply(403, str(ex))
    except QueryError as ex:
        return error_reply(400, str(ex))
    except StargateKGError as ex:  # e.g. a remote engine that does not answer
        return error_reply(502, str(ex))
    except MemoryError:
        return error_reply(503, "query stopped: it needed more memory than the endpoint allows; narrow it or add LIMIT")
    except Exception as ex:  # a bug, not the client's fault; the worker lives on
        return error_reply(500, f"internal error: {type(ex).__name__}: {ex}")


def _too_many(n, what, cap):
    return f"the answer has {n} {what}, more than this endpoint's limit of {cap} (--max-rows); add LIMIT or narrow the query"


def handle(kg, job, settings):
    """Answer one job in a worker: ("query", text, accept, format) or ("examples", queries folder)."""
    if job[0] == "examples":
        body = json.dumps(examples(kg, job[1]), ensure_ascii=False).encode("utf-8")
        return Reply(200, "application/json", body)
    _, query, accept, fmt = job
    return answer(kg, query, accept, fmt, max_rows=settings.max_rows)


def examples(kg, queries_dir=None):
    """The catalog questions (``queries/*.rq``) for the query page, runnable as shown.

    Title and description come from the ``# title:`` / ``# description:``
    header comments; a question with ``# param:`` lines gets its example
    values bound in a VALUES block (terms written by
    :func:`stargate_kg.sparql_text.inject_values`, never pasted text).

    >>> examples(None, Path("/nonexistent"))
    []
    """
    from stargate_kg.paths import default_queries_dir
    from stargate_kg.queries import bind_value, parse_header
    from stargate_kg.sparql_text import inject_values

    folder = Path(queries_dir) if queries_dir else default_queries_dir()
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            q = parse_header(path)
            text = q.text
        except (StargateKGError, OSError, UnicodeDecodeError):
            continue
        bindings, params = {}, []
        for p in q.params:
            params.append({"name": p.name, "type": p.type, "example": p.example, "description": p.description})
            if p.example:
                try:
                    bindings[p.name] = bind_value(kg, p, p.example)
                except StargateKGError:
                    pass
        if bindings:
            try:
                text = inject_values(text, bindings)
            except StargateKGError:
                pass
        out.append({"name": q.name, "title": q.title or q.name, "description": q.description, "params": params, "query": text})
    return out


def _lock_down_rdflib():
    """Belt and braces inside a worker: rdflib never fetches FROM graphs nor runs SERVICE, whatever slips through."""
    try:
        from rdflib.plugins import sparql
        from rdflib.plugins.sparql import evaluate
    except ImportError:  # pragma: no cover
        return
    sparql.SPARQL_LOAD_GRAPHS = False

    def refuse_service(ctx, part):
        raise QueryRefused(NO_SERVICE)

    evaluate.evalServiceQuery = refuse_service


# -- worker and broker processes ------------------------------------------------------------


def _worker_main(conn, kg, settings, inherited):
    """A query worker: answer jobs from the broker, one at a time, until the pipe closes."""
    for c in inherited:  # fds copied by fork that belong to the broker: keep EOF detection working
        try:
            c.close()
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops the broker
    _lock_down_rdflib()
    failure = None
    if kg is None:
        try:
            kg = settings.open()
        except Exception as ex:  # reported with every answer
            failure = error_reply(503, f"the query engine cannot open the graph: {ex}")
    backstop = hasattr(signal, "setitimer")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if backstop:  # SIGALRM's default action ends the process, should the broker be gone
            signal.setitimer(signal.ITIMER_REAL, settings.timeout + 5)
        reply = failure or handle(kg, job, settings)
        if backstop:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn
        self.job = None  # the job id being answered
        self.deadline = None


class _Broker:
    """Runs in its own process: queues jobs from the server, hands them to idle workers, kills overruns."""

    def __init__(self, conn, kg, settings):
        self.conn, self.kg, self.settings = conn, kg, settings
        methods = multiprocessing.get_all_start_methods()
        self.forking = "fork" in methods
        self.ctx = multiprocessing.get_context("fork" if self.forking else "spawn")
        self.workers = []
        for _ in range(settings.workers or default_workers()):
            self.workers.append(self._start_worker())
        self.queue = deque()  # (job id, job, time queued)

    def _start_worker(self):
        here, there = self.ctx.Pipe()
        if self.forking:
            inherited = [self.conn, here] + [w.conn for w in self.workers]
            args = (there, self.kg, self.settings, inherited)
        else:  # pragma: no cover  (no fork: every worker opens the graph itself)
            args = (there, None, self.settings, [])
        proc = self.ctx.Process(target=_worker_main, args=args, name="stargate-kg-query", daemon=True)
        proc.start()
        there.close()
        return _Worker(proc, here)

    def _replace(self, w):
        w.proc.kill()
        w.proc.join()
        w.conn.close()
        self.workers.remove(w)
        self.workers.append(self._start_worker())

    def _send(self, job_id, reply):
        self.conn.send(("reply", job_id, reply))

    def run(self):
        s = self.settings
        while True:
            now = time.monotonic()
            for w in list(self.workers):
                if w.job is not None and now >= w.deadline:
                    job_id = w.job
                    self._replace(w)  # SIGKILL: rdflib's evaluator cannot be interrupted any other way
                    self._send(job_id, error_reply(503, _timed_out(s.timeout)))
            while self.queue and now - self.queue[0][2] >= s.timeout:
                job_id, _, _ = self.queue.popleft()
                self._send(job_id, _busy(s.timeout))
            for w in self.workers:
                if w.job is None and self.queue:
                    job_id, job, _ = self.queue.popleft()
                    w.job, w.deadline = job_id, time.monotonic() + s.timeout
                    try:
                        w.conn.send(job)
                    except OSError:
                        self._replace(w)
                        self._send(job_id, error_reply(503, "the query worker stopped unexpectedly; try again"))
            deadlines = [w.deadline for w in self.workers if w.job is not None]
            if self.queue:
                deadlines.append(self.queue[0][2] + s.timeout)
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            by_handle = {w.conn: w for w in self.workers if w.job is not None}
            by_sentinel = {w.proc.sentinel: w for w in self.workers}
            ready = wait_for([self.conn, *by_handle, *by_sentinel], timeout)
            for r in sorted(ready, key=lambda r: r is not self.conn and r in by_sentinel):
                if r is self.conn:
                    try:
                        msg = self.conn.recv()
                    except (EOFError, OSError):
                        return self.stop()
                    if msg[0] == "stop":
                        return self.stop()
                    self._receive(msg)
                elif r in by_handle:
                    w = by_handle[r]
                    try:
                        reply = w.conn.recv()
                    except (EOFError, OSError):
                        continue  # its sentinel reports the death
                    self._send(w.job, reply)
                    w.job = None
                else:
                    w = by_sentinel[r]
                    if w in self.workers and not w.proc.is_alive():
                        job_id = w.job
                        self._replace(w)
                        if job_id is not None:
                            self._send(job_id, error_reply(503, "query stopped: the query worker ended unexpectedly (out of memory?)"))

    def _receive(self, msg):
        if msg[0] == "run":
            _, job_id, job = msg
            if len(self.queue) >= self.settings.max_queue:
                self._send(job_id, _busy(self.settings.timeout))
            else:
                self.queue.append((job_id, job, time.monotonic()))
        elif msg[0] == "cancel":  # the client went away: drop its job, or stop the worker running it
            job_id = msg[1]
            for item in list(self.queue):
                if item[0] == job_id:
                    self.queue.remove(item)
            for w in list(self.workers):
                if w.job == job_id:
                    self._replace(w)

    def stop(self):
        for w in self.workers:
            w.proc.kill()
        for w in self.workers:
            w.proc.join(2)


def _timed_out(limit):
    return (
        f"query stopped: it ran longer than this endpoint's time limit of {limit:g} s (--timeout); "
        "narrow it (more specific patterns, LIMIT) and try again"
    )


def _busy(limit):
    return error_reply(
        503, f"server busy: no query worker became free within {limit:g} s; try again shortly", **{"Retry-After": "2"}
    )


def _size(kg):
    try:
        return len(kg)
    except Exception:  # a remote endpoint may not count
        return None


def _broker_main(conn, settings):
    """Entry point of the broker process: open the graph once, fork the workers, then broker jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        kg = settings.open()  # also for a store or endpoint: a bad path or URL fails here, at start-up
        info = {"triples": _size(kg), "engine": getattr(kg, "engine", None)}
        if not settings.preload:  # stores and remote engines are opened by each worker itself, never forked
            del kg
            gc.collect()
            kg = None
        broker = _Broker(conn, kg, settings)
    except StargateKGError as ex:
        conn.send(("error", str(ex), ex.exit_code))
        return
    except Exception as ex:
        conn.send(("error", f"{type(ex).__name__}: {ex}", 2))
        return
    info["workers"] = len(broker.workers)
    conn.send(("ready", info))
    try:
        broker.run()
    finally:
        broker.stop()


class QueryPool:
    """The web server's handle on the broker: submit jobs, get replies as asyncio futures.

    :meth:`start` blocks until the graph is loaded and the workers run; it
    raises the loader's error (e.g. an invalid graph file) if it fails. If the
    broker dies later, pending queries get a 503 and a new broker is started.
    """

    def __init__(self, settings):
        self.settings = settings
        self.info = {}
        self._ids = itertools.count(1)
        self._pending = {}  # job id -> future; touched only on the event loop's thread
        self._lock = threading.Lock()
        self._conn = self._proc = self._loop = None
        self._closing = False

    def start(self):
        self._conn, self._proc = self._launch()
        return self

    def _launch(self):
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or sockets inherited
        here, there = ctx.Pipe()
        proc = ctx.Process(target=_broker_main, args=(there, self.settings), name="stargate-kg-broker")
        proc.start()
        there.close()
        while not here.poll(0.2):
            if not proc.is_alive():
                raise ServerError("the query engine stopped while opening the graph")
        try:
            msg = here.recv()
        except (EOFError, OSError):
            raise ServerError("the query engine stopped while opening the graph") from None
        if msg[0] == "error":
            proc.join()
            err = ServerError(msg[1])
            err.exit_code = msg[2]
            raise err
        self.info = msg[1]
        return here, proc

    def attach(self, loop):
        """Start delivering replies to futures on ``loop`` (call once the event loop runs)."""
        self._loop = loop
        threading.Thread(target=self._read, name="stargate-kg-replies", daemon=True).start()

    def _read(self):
        while True:
            conn = self._conn
            if conn is None:
                return
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                if self._closing:
                    return
                with self._lock:
                    self._conn = None  # new queries get a 503 until the new broker is ready
                self._loop.call_soon_threadsafe(self._fail_all)
                try:
                    fresh = self._launch()
                except Exception:
                    return
                with self._lock:
                    self._conn, self._proc = fresh
                continue
            if msg[0] == "reply":
                self._loop.call_soon_threadsafe(self._resolve, msg[1], msg[2])

    def _resolve(self, job_id, reply):
        fut = self._pending.pop(job_id, None)
        if fut is not None and not fut.done():
            fut.set_result(reply)

    def _fail_all(self):
        pending, self._pending = self._pending, {}
        for fut in pending.values():
            if not fut.done():
                fut.set_result(error_reply(503, "the query engine stopped and is restarting; try again"))

    def submit(self, job):
        """Queue a job (see :func:`handle`); returns (job id, future of a :class:`Reply`). Call on the event loop's thread."""
        job_id = next(self._ids)
        fut = self._loop.create_future()
        self._pending[job_id] = fut
        try:
            with self._lock:
                if self._conn is None:
                    raise OSError
                self._conn.send(("run", job_id, job))
        except (OSError, ValueError):
            self._pending.pop(job_id, None)
            fut.set_result(error_reply(503, "the query engine is not available; restart the server"))
        return job_id, fut

    def cancel(self, job_id):
        """Forget a job whose client went away; its worker, if it has started, is stopped."""
        if self._pending.pop(job_id, None) is not None:
            try:
                with self._lock:
                    self._conn.send(("cancel", job_id))
            except (OSError, ValueError, AttributeError):
                pass

    def close(self):
        """Stop the broker and its workers."""
        self._closing = True
        with self._lock:
            conn, proc = self._conn, self._proc
        if conn is not None:
            try:
                conn.send(("stop",))
            except (OSError, ValueError):
                pass
        if proc is not None:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        if conn is not None:
            conn.close()


# -- the web app ---------------------------------------------------------------------------

_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_FORMAT_PARAMS = ("format", "output", "results")


def _text(status, message, **headers):
    from starlette.responses import Response

    return Response((message + "\n").encode("utf-8"), status, {**_SECURITY_HEADERS, **headers}, "text/plain; charset=utf-8")


class _TooLarge(Exception):
    pass


async def _read_body(request, cap):
    """The request body, or _TooLarge once it passes ``cap`` bytes (after draining a bounded rest, so the client reads the 413)."""
    declared = request.headers.get("content-length")
    size, chunks, too_large = 0, [], False
    if declared is not None and declared.isdigit() and int(declared) > cap:
        too_large = True
    drain_limit = max(16 * cap, 8 * 1024 * 1024)
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            too_large = True
        if too_large:
            if size > drain_limit:
                break
            continue
        chunks.append(chunk)
    if too_large:
        raise _TooLarge
    return b"".join(chunks)


def _mime(header):
    mime, _, params = (header or "").partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"') or None
    return mime.strip().lower(), charset


def service_description(endpoint_url, settings, info, key="turtle"):
    """The SPARQL 1.1 service description of this endpoint, serialized (``key``: a GRAPH_FORMATS key)."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, XSD

    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    g = rdflib.Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    svc = rdflib.URIRef(endpoint_url + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, rdflib.URIRef(endpoint_url)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):  # fmt: skip
        g.add((svc, SD.resultFormat, FORMATS[f]))
    g.add((svc, SD.defaultEntailmentRegime, rdflib.URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset, default_graph = rdflib.BNode(), rdflib.BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    if info.get("triples") is not None:
        g.add((default_graph, VOID.triples, rdflib.Literal(info["triples"], datatype=XSD.integer)))
    g.add((svc, RDFS.label, rdflib.Literal("Stargate knowledge graph (read-only SPARQL 1.1 endpoint)", lang="en")))
    g.add(
        (svc, RDFS.comment, rdflib.Literal(
            f"Read-only: SPARQL Update, SERVICE and FROM are refused. Each query may run {settings.timeout:g} s "
            f"and return {settings.max_rows} rows; request bodies up to {settings.max_body} bytes.", lang="en"))
    )  # fmt: skip
    return serialize_graph(key, g)


def create_app(pool, settings, queries_dir=None):
    """The Starlette app: ``/sparql`` (protocol + service description), ``/`` (query page), ``/examples.json``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import ClientDisconnect
    from starlette.responses import JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    from stargate_kg.namespace import PREFIXES

    page = (STATIC_DIR / "index.html").read_bytes()
    static = {name: (STATIC_DIR / name).read_bytes() for name in _STATIC}
    sd_cache = {}

    def endpoint_url(request):
        host = request.headers.get("host", "")
        if not _SAFE_HOST.match(host):
            host = f"{request.url.hostname}:{request.url.port}"
        return f"{request.url.scheme}://{host}/sparql"

    def describe_service(request):
        accept = request.headers.get("accept")
        ranges = parse_accept(accept)
        if ranges and ranges[0][0] in ("text/html", "application/xhtml+xml"):
            return RedirectResponse("/", 303, headers=_SECURITY_HEADERS)
        key = negotiate("DESCRIBE", accept)
        if key is None:
            return _text(406, f"the service description is available as: {', '.join(media_types('DESCRIBE'))}")
        url = endpoint_url(request)
        if (url, key) not in sd_cache:
            sd_cache[(url, key)] = service_description(url, settings, pool.info, key)
        return Response(sd_cache[(url, key)], 200, {**_SECURITY_HEADERS, "Vary": "Accept"}, GRAPH_FORMATS[key])

    async def sparql(request):
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        if request.method == "POST":
            ctype, charset = _mime(request.headers.get("content-type"))
            if ctype == "application/sparql-update":
                return _text(403, READ_ONLY)
            if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                return _text(
                    415, "POST a query as application/sparql-query or as an application/x-www-form-urlencoded form (query=...)"
                )
            try:
                body = await _read_body(request, settings.max_body)
            except _TooLarge:
                return _text(413, f"request body larger than this endpoint's limit of {settings.max_body} bytes", Connection="close")
            except ClientDisconnect:
                return Response(status_code=499)
            try:
                text = body.decode(charset or "utf-8")
            except (UnicodeDecodeError, LookupError):
                return _text(400, f"the request body is not valid {charset or 'UTF-8'} text")
            if ctype == "application/sparql-query":
                params.setdefault("query", []).append(text)
            else:
                for k, vs in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(vs)
        if "update" in params:
            return _text(403, READ_ONLY)
        queries = params.get("query", [])
        if not queries:
            if request.method == "POST":
                return _text(400, "no query: send query=... (form) or an application/sparql-query body")
            return describe_service(request)
        if len(queries) > 1:
            return _text(400, "more than one query in the request; send exactly one")
        query = queries[0]
        if len(query.encode("utf-8")) > settings.max_body:
            return _text(413, f"query longer than this endpoint's limit of {settings.max_body} bytes")
        if any(v.strip() for k in _DATASET_PARAMS for v in params.get(k, [])):
            return _text(400, NO_FROM.replace("FROM and FROM NAMED are", "default-graph-uri and named-graph-uri are").replace("; remove the FROM clause", ""))
        fmt = next((vs[0] for k in _FORMAT_PARAMS for vs in [params.get(k)] if vs and vs[0].strip()), None)
        reply = await run(request, ("query", query, request.headers.get("accept"), fmt))
        if reply is None:
            return Response(status_code=499)
        return Response(reply.body, reply.status, {**_SECURITY_HEADERS, "Vary": "Accept", **(reply.headers or {})}, reply.media_type)

    async def run(request, job):
        """A worker's reply to ``job``; None when the client went away first (its work is then stopped)."""
        job_id, fut = pool.submit(job)
        while True:
            done, _ = await asyncio.wait({fut}, timeout=0.25)
            if done:
                return fut.result()
            if await request.is_disconnected():
                pool.cancel(job_id)
                return None

    async def index(request):
        return Response(page, 200, {**_SECURITY_HEADERS, "Content-Security-Policy": _PAGE_CSP}, "text/html; charset=utf-8")

    async def asset(request):
        name = request.path_params["name"]
        if name not in static:
            return _text(404, "not found")
        return Response(static[name], 200, _SECURITY_HEADERS, _STATIC[name])

    async def catalog(request):
        reply = await run(request, ("examples", queries_dir and str(queries_dir)))
        if reply is None:
            return Response(status_code=499)
        if reply.status != 200:
            return Response(reply.body, reply.status, _SECURITY_HEADERS, reply.media_type)
        data = {
            "examples": json.loads(reply.body),
            "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
            "limits": {"timeout": settings.timeout, "max_rows": settings.max_rows, "max_body": settings.max_body},
            "triples": pool.info.get("triples"),
        }
        return JSONResponse(data, headers=_SECURITY_HEADERS)

    async def lifespan(app):
        pool.attach(asyncio.get_running_loop())
        yield

    from contextlib import asynccontextmanager

    return Starlette(
        routes=[
            Route("/", index, methods=["GET", "HEAD"]),
            Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
            Route("/examples.json", catalog, methods=["GET", "HEAD"]),
            Route("/static/{name}", asset, methods=["GET", "HEAD"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["*"],
                expose_headers=["Content-Type", "Retry-After"],
                max_age=600,
            )
        ],
        lifespan=asynccontextmanager(lifespan),
    )


# -- running it ----------------------------------------------------------------------------


def is_loopback(host):
    """True for 127.0.0.0/8, ::1 and localhost.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host, port):
    """A listening TCP socket on host:port (port 0: a free one); ServerError if the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as ex:
        raise ServerError(f"cannot listen on {host}: {ex.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as ex:
        sock.close()
        raise ServerError(f"cannot listen on {host}:{port}: {ex.strerror}; choose another --port") from None
    sock.set_inheritable(False)
    return sock


def url_of(sock):
    """``http://host:port`` for a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(settings, host="127.0.0.1", port=8000, access_log=True, announce=None, queries_dir=None):
    """Serve the graph until interrupted. ``announce(base_url, info)`` is called once the endpoint answers.

    Binds first (a busy port fails at once), then opens the graph in the
    broker and starts the workers, then runs uvicorn on the bound socket.
    """
    import uvicorn

    sock = bind(host, port)
    pool = None
    try:
        pool = QueryPool(settings).start()
        app = create_app(pool, settings, queries_dir)
        config = uvicorn.Config(
            app,
            log_level="info" if access_log else "warning",
            access_log=access_log,
            lifespan="on",
            server_header=False,
            timeout_keep_alive=5,
            limit_concurrency=settings.max_queue * 4 + 64,
        )
        server = uvicorn.Server(config)
        if announce:
            announce(url_of(sock), pool.info)
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled
        pass
    finally:
        if pool is not None:
            pool.close()
        sock.close()
