"""The Starlette app: the SPARQL 1.1 Protocol at ``/sparql``, the query page at ``/``.

Limits on the request itself: a GET URL over :data:`MAX_URL` bytes gets
414 with a hint to POST (longer request lines are answered by
:mod:`stargate_kg.server.protocol` the same way), a body that does not
arrive within ``--read-timeout`` gets 408, and the service descriptions
are kept for at most :data:`_SD_CACHE` host names.

Routes: ``/sparql`` (GET ``?query=``, POST form, POST
``application/sparql-query``; without a query, the service description),
``/`` and ``/static/{name}`` (the offline query page), ``/examples.json``
(the catalog questions for the page). Checks that need only the HTTP request
happen here (update requests 403, body cap 413, media type 415, dataset
parameters 400); the query itself is checked and answered in a worker, via
the :class:`~stargate_kg.server.pool.QueryPool`. CORS is open: the endpoint
is read-only.

>>> _mime('application/x-www-form-urlencoded; charset="ISO-8859-1"')
('application/x-www-form-urlencoded', 'ISO-8859-1')
>>> bool(_SAFE_HOST.match("127.0.0.1:8000")), bool(_SAFE_HOST.match("evil.org/<x>"))
(True, False)
"""

import asyncio
import json
import re
from pathlib import Path
from urllib.parse import parse_qs

from stargate_kg.server.description import service_description
from stargate_kg.server.fairness import client_key
from stargate_kg.server.negotiation import GRAPH_FORMATS, media_types, negotiate, parse_accept
from stargate_kg.server.safety import NO_FROM, READ_ONLY

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_FORMAT_PARAMS = ("format", "output", "results")
#: Longest query string a GET may carry; longer queries must be POSTed.
MAX_URL = 32 * 1024
TOO_LONG_FOR_GET = (
    "the query is too long for a GET request (URL over {limit} bytes); send it with POST instead: "
    "an application/sparql-query body, or a form with query=..."
)
_SD_CACHE = 16  # service descriptions kept (one per Host header and format)


def _text(status, message, **headers):
    from starlette.responses import Response

    return Response((message + "\n").encode("utf-8"), status, {**_SECURITY_HEADERS, **headers}, "text/plain; charset=utf-8")


class _TooLarge(Exception):
    pass


async def _read_body(request, cap, timeout):
    """The request body, or _TooLarge once it passes ``cap`` bytes (after draining a bounded rest, so the client reads the 413).

    TimeoutError when the body has not arrived within ``timeout`` seconds.
    """
    async with asyncio.timeout(timeout):
        return await _read_body_now(request, cap)


async def _read_body_now(request, cap):
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


class BoundedCache:
    """A dict that keeps at most ``size`` entries, dropping the least recently used.

    >>> c = BoundedCache(2)
    >>> c.get("a", lambda: 1), c.get("b", lambda: 2), c.get("a", lambda: 0), c.get("c", lambda: 3)
    (1, 2, 1, 3)
    >>> len(c), c.get("b", lambda: "computed again")
    (2, 'computed again')
    """

    def __init__(self, size):
        from collections import OrderedDict

        self.size, self._items = size, OrderedDict()

    def __len__(self):
        return len(self._items)

    def get(self, key, compute):
        """The value for ``key``, computed by ``compute()`` when it is not kept."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = compute()
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return value


def _mime(header):
    mime, _, params = (header or "").partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"') or None
    return mime.strip().lower(), charset


def create_app(pool, settings, queries_dir=None):
    """The Starlette app: ``/sparql`` (protocol + service description), ``/`` (query page), ``/examples.json``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import ClientDisconnect
    from starlette.responses import JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    from stargate_kg.i18n import vocabulary
    from stargate_kg.namespace import PREFIXES

    page = (STATIC_DIR / "index.html").read_bytes()
    static = {name: (STATIC_DIR / name).read_bytes() for name in _STATIC}
    sd_cache = BoundedCache(_SD_CACHE)  # (url, format) -> bytes: one per Host header seen, a few kept

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
        body = sd_cache.get((url, key), lambda: service_description(url, settings, pool.info, key))
        return Response(body, 200, {**_SECURITY_HEADERS, "Vary": "Accept"}, GRAPH_FORMATS[key])

    async def sparql(request):
        if len(request.scope.get("query_string", b"")) > MAX_URL:
            return _text(414, TOO_LONG_FOR_GET.format(limit=MAX_URL))
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
                body = await _read_body(request, settings.max_body, settings.read_timeout)
            except TimeoutError:
                return _text(
                    408, f"the request body did not arrive within {settings.read_timeout:g} s (--read-timeout)", Connection="close"
                )
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
        job_id, fut = pool.submit(job, client_key(request.client.host if request.client else None))
        if fut.done():  # a kept answer, or a refusal: nothing to wait for
            return fut.result()
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
        from stargate_kg.i18n_zh import canonical_lang

        lang = canonical_lang(request.query_params.get("lang")) or "en"  # en, zh, zh-Hant, zh-TW, zh-HK
        reply = await run(request, ("examples", queries_dir and str(queries_dir), lang))
        if reply is None:
            return Response(status_code=499)
        if reply.status != 200:
            return Response(reply.body, reply.status, _SECURITY_HEADERS, reply.media_type)
        data = {
            "examples": json.loads(reply.body),
            "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
            "limits": {"timeout": settings.timeout, "max_rows": settings.max_rows, "max_body": settings.max_body},
            "triples": pool.info.get("triples"),
            "lang": lang,
            "vocabulary": vocabulary(lang),  # the page's words, in the CLI's vocabulary (stargate_kg.i18n)
        }
        return JSONResponse(data, headers=_SECURITY_HEADERS)

    async def lifespan(app):
        pool.attach(asyncio.get_running_loop())
        yield

    from contextlib import asynccontextmanager

    routed = Starlette(
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
    from starlette.requests import Request

    async def app(scope, receive, send):
        """Queries to /sparql from a client that is not a web page of another origin go straight to :func:`sparql`.

        Starlette's routing and CORS middleware cost a simple query a tenth of a
        millisecond; a request with an ``Origin`` header, and everything else, takes that way.
        """
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "POST") \
                and not any(name == b"origin" for name, _ in scope["headers"]):  # fmt: skip
            response = await sparql(Request(scope, receive, send))
            await response(scope, receive, send)
            return
        await routed(scope, receive, send)

    app.state = routed.state
    app.state.service_descriptions = sd_cache  # bounded (BoundedCache); inspected by the tests
    return app
