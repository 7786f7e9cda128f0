"""A read-only SPARQL 1.1 Protocol endpoint over the knowledge graph, safe to leave running.

``stargate-kg serve`` calls :func:`serve`: a Starlette app on uvicorn answers
``/sparql`` (GET ``?query=``, POST form, POST ``application/sparql-query``)
with content negotiation, a service description and CORS, and ``/`` serves a
small offline query page. Queries never run in the web server's process:

* a *broker* process opens the graph and starts *worker* processes: on
  rdflib's in-memory engine it forks them from the loaded graph
  (copy-on-write, so a replacement worker is ready in milliseconds); an
  Oxigraph store (the default engine's cached one, or ``--store``) or a remote
  endpoint is opened by each worker itself, since a database handle is not
  shared across fork;
* every query runs in a worker under a time limit and a memory ceiling; a
  worker that overruns is killed and replaced, so the work really stops, and
  the other workers keep serving the other clients meanwhile; a worker that
  dies says why (a crash, the memory ceiling);
* query time is charged to each client's address: a client over its share
  gets 429, and quick queries find a worker while others loop slow ones;
  the web server does this scheduling itself and talks to each worker on a
  socket of its own (one hop each way); the broker only starts, kills and
  replaces workers; an answer to a query text asked again is kept and given
  without a worker (not to a client over its share);
* a worker checks the *parsed* query before running it: SPARQL Update,
  ``SERVICE`` and ``FROM`` / ``FROM NAMED`` are refused (the server never
  fetches anything for a client), a malformed query gets the parser's
  message, and an answer over the row cap is refused, not truncated.

The modules, from the request inwards:

* :mod:`.serving`: bind the socket, start the workers, run uvicorn (:func:`serve`);
* :mod:`.protocol`: HTTP/1.1 with read timeouts, a cap on connections per client, 414/431 for oversized heads;
* :mod:`.app`: the Starlette app and its routes, HTTP-level checks (body cap, media types);
* :mod:`.description`: the SPARQL 1.1 service description;
* :mod:`.pool`: the web server's handle on the workers (:class:`QueryPool`);
* :mod:`.scheduler`: fair queueing, time limits, preemption, crashes charged (:class:`~.scheduler.Scheduler`);
* :mod:`.replies`: answers kept for repeated query texts (:class:`~.replies.ReplyCache`);
* :mod:`.channel`: jobs and answers as frames on a worker's socket, sockets handed over;
* :mod:`.broker`: the broker process: opens the graph, forks, kills and replaces workers, reports deaths;
* :mod:`.worker`: a worker process: the memory ceiling, the job loop, why a worker died;
* :mod:`.fairness`: per-client accounting of query time (:class:`~.fairness.Ledger`);
* :mod:`.answers`: answering one job in a worker (:func:`answer`, :class:`Reply`);
* :mod:`.safety`: checking the parsed query (:func:`check`);
* :mod:`.negotiation`: Accept headers and format names (:func:`negotiate`);
* :mod:`.formats`: SPARQL results and RDF serialisation;
* :mod:`.settings`: the ``serve`` command's options (:class:`Settings`).

Queries go through :meth:`KnowledgeGraph.query <stargate_kg.kg.KnowledgeGraph.query>`,
so the endpoint works on any engine. The pure parts can be tried directly:

>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+json")
'json'
>>> negotiate("CONSTRUCT", None, fmt="ntriples")
'nt'
>>> check("ASK { ?s a schema:Organization }")
'ASK'
"""

from stargate_kg.server.answers import Reply, answer, error_reply, examples, handle
from stargate_kg.server.app import create_app
from stargate_kg.server.description import service_description
from stargate_kg.server.formats import serialize_graph, serialize_results
from stargate_kg.server.negotiation import GRAPH_FORMATS, RESULT_FORMATS, media_types, negotiate, parse_accept
from stargate_kg.server.pool import QueryPool
from stargate_kg.server.safety import NO_FROM, NO_SERVICE, READ_ONLY, check
from stargate_kg.server.serving import bind, is_loopback, serve, url_of
from stargate_kg.server.settings import Settings, default_workers

__all__ = [
    "GRAPH_FORMATS",
    "NO_FROM",
    "NO_SERVICE",
    "READ_ONLY",
    "RESULT_FORMATS",
    "QueryPool",
    "Reply",
    "Settings",
    "answer",
    "bind",
    "check",
    "create_app",
    "default_workers",
    "error_reply",
    "examples",
    "handle",
    "is_loopback",
    "media_types",
    "negotiate",
    "parse_accept",
    "serialize_graph",
    "serialize_results",
    "serve",
    "service_description",
    "url_of",
]
