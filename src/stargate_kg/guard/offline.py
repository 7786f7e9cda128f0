"""Nothing read makes this software open a connection: JSON-LD contexts, XML entities, HTTP redirects.

Graph files and a remote endpoint's answers are data, and data must not
name what gets fetched:

* JSON-LD: a ``@context`` (or ``@import``) given as a URL, remote or
  ``file:``, is refused (:func:`check_jsonld`); write the context inline.
  :func:`no_remote_contexts` makes rdflib's own context loader refuse too,
  as a backstop.
* RDF/XML: a document type with entity declarations is refused
  (:func:`check_xml`): internal entities expand without bound (a few lines
  make gigabytes) and external ones read files or URLs.
* HTTP (``--endpoint``, ``push``): :func:`opener` follows a redirect only
  to the same scheme, host and port, and speaks only HTTP(S): no ``ftp:``,
  ``file:`` or ``data:`` URLs.

>>> check_jsonld('{"@context": {"name": "http://schema.org/name"}, "name": "x"}')
>>> check_jsonld('{"@context": "http://127.0.0.1:9/ctx.jsonld", "name": "x"}')
Traceback (most recent call last):
...
ValueError: a JSON-LD @context given by URL ('http://127.0.0.1:9/ctx.jsonld') is never fetched: put the context inline
>>> check_xml('<!DOCTYPE r [<!ENTITY a "aaaa">]><r/>')
Traceback (most recent call last):
...
ValueError: RDF/XML with entity declarations (<!ENTITY) is not read: entities can expand without bound or read other files
"""

import json
import re
import urllib.parse
import urllib.request

_ENTITY = re.compile(r"<!ENTITY", re.I)


def check_jsonld(text):
    """Raise ValueError if the JSON-LD ``text`` names a context (or an import) by URL; None otherwise."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return  # not JSON: the parser reports it with its line
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise ValueError(f"a JSON-LD {key} given by URL ({ctx[:200]!r}) is never fetched: put the context inline")
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def check_xml(text):
    """Raise ValueError if the XML ``text`` declares entities."""
    if _ENTITY.search(text):
        raise ValueError("RDF/XML with entity declarations (<!ENTITY) is not read: entities can expand without bound or read other files")


def check_data(text, fmt):
    """:func:`check_jsonld` or :func:`check_xml` for an rdflib format name ('json-ld', 'xml'); others pass."""
    if fmt == "json-ld":
        check_jsonld(text)
    elif fmt == "xml":
        check_xml(text)


def no_remote_contexts():
    """Make rdflib's JSON-LD context loader refuse every URL (idempotent; the loader and the remote engine call it)."""
    try:
        from rdflib.plugins.shared.jsonld.context import Context
    except ImportError:  # pragma: no cover
        return
    if getattr(Context._fetch_context, "_refuses", False):
        return

    def refuse(self, source, base, referenced_contexts):
        raise ValueError(f"a JSON-LD context given by URL ({str(source)[:200]!r}) is never fetched: put the context inline")

    refuse._refuses = True
    Context._fetch_context = refuse


class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port (EngineError otherwise)."""

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            self._same_origin(req, code, headers.get("Location") or headers.get("URI") or "")
        except Exception:
            fp.close()  # the refused answer's connection is not left open
            raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def _same_origin(self, req, code, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
        if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
            from stargate_kg.exceptions import EngineError

            where = f"{old.scheme}://{old.netloc}{old.path}"
            raise EngineError(f"{where} answered HTTP {code}: a redirect to another server ({new.scheme}://{new.netloc}) "
                              "is not followed; give the final URL")


def opener():
    """A urllib opener for HTTP(S) only, following same-origin redirects only (proxies from the environment kept)."""
    op = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(), SameOriginRedirects(),
                    urllib.request.HTTPErrorProcessor()):  # fmt: skip
        op.add_handler(handler)
    return op
