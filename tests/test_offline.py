"""Issue #26, item 2: nothing read can fetch a URL (JSON-LD contexts, XML entities, redirects). Loopback only."""

import http.server
import json
import threading
import time

import pytest

from stargate_kg.exceptions import EngineError, InvalidGraph, StargateKGError


class Server:
    """An HTTP server on 127.0.0.1 that counts its requests and answers with ``reply(handler)``."""

    def __init__(self, reply=None):
        self.count = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                outer.count += 1
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, headers, body = (reply or (lambda h: (200, {"Content-Type": "application/ld+json"}, b"{}")))(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _any

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def _jsonld(tmp_path, context):
    d = tmp_path / "g"
    d.mkdir(parents=True)
    doc = {"@context": context, "@id": "http://x/a", "http://x/p": "v"}
    (d / "a.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    return d


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_remote_jsonld_context_is_never_fetched(tmp_path, server, engine):
    from stargate_kg.engines import open_graph

    for context in (server.url + "ctx.jsonld", [{"x": "http://x/"}, server.url + "ctx"], {"@import": server.url + "c"}):
        folder = _jsonld(tmp_path / engine / str(time.monotonic_ns()), context)
        with pytest.raises(InvalidGraph, match="never fetched"):
            open_graph([folder], engine=engine)
    time.sleep(0.2)
    assert server.count == 0


def test_a_file_context_is_never_read(tmp_path):
    from stargate_kg.loader import load

    started = time.monotonic()
    with pytest.raises(InvalidGraph, match="never fetched"):
        load([_jsonld(tmp_path, "file:///dev/zero")])
    assert time.monotonic() - started < 5


def test_an_inline_context_still_loads(tmp_path):
    from stargate_kg.loader import load

    kg = load([_jsonld(tmp_path, {"p": "http://x/p"})], derive=False)
    assert len(kg) == 1


def test_rdflib_backstop_refuses_contexts_by_url(server):
    import rdflib

    from stargate_kg.guard.offline import no_remote_contexts

    no_remote_contexts()
    with pytest.raises(Exception, match="never fetched"):
        rdflib.Graph().parse(data=json.dumps({"@context": server.url, "@id": "http://x/a", "p": "v"}), format="json-ld")
    assert server.count == 0


def test_cli_load_with_allow_service_fetches_nothing(tmp_path, server, run):
    folder = _jsonld(tmp_path, server.url + "ctx")
    r = run("--graph", str(folder), "--allow-service", "--engine", "rdflib", "stats")
    assert r.exit_code == 2 and "never fetched" in r.output
    assert server.count == 0


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_rdfxml_entities_are_refused(tmp_path, engine):
    from stargate_kg.engines import open_graph

    d = tmp_path / "g"
    d.mkdir()
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 12))
    (d / "bomb.rdf").write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
        '<rdf:Description rdf:about="http://x/a"><x:p>&l11;</x:p></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(InvalidGraph, match="ENTITY"):
        open_graph([d], engine=engine)
    assert time.monotonic() - started < 10


def test_a_hostile_endpoint_answer_fetches_nothing(server):
    """--endpoint: a JSON-LD answer naming a context URL on another server; that server sees no request."""
    from stargate_kg.engines.remote import open_endpoint

    other = server

    def reply(h):
        return 200, {"Content-Type": "application/ld+json"}, json.dumps({"@context": other.url + "c", "@id": "http://x/a"}).encode()

    hostile = Server(reply)
    try:
        kg = open_endpoint(hostile.url + "sparql")
        with pytest.raises(StargateKGError, match="never fetched"):
            kg.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        assert hostile.count == 1 and other.count == 0
    finally:
        hostile.close()


@pytest.mark.parametrize("target", ["ftp://127.0.0.1:{port}/x", "http://localhost:{port}/sparql", "file:///etc/passwd"])
def test_redirects_to_another_server_are_not_followed(server, target):
    from stargate_kg.engines.remote import open_endpoint

    def reply(h):
        return 302, {"Location": target.format(port=server.port)}, b""

    redirecting = Server(reply)
    try:
        kg = open_endpoint(redirecting.url + "sparql")
        with pytest.raises(EngineError, match="redirect to another server .* is not followed"):
            kg.select("SELECT * WHERE { ?s ?p ?o }")
        time.sleep(0.2)
        assert server.count == 0
    finally:
        redirecting.close()


def test_a_same_server_redirect_is_followed(server):
    from stargate_kg.engines.remote import open_endpoint

    def reply(h):
        if h.path.startswith("/old"):
            return 302, {"Location": "/sparql"}, b""
        body = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
        return 200, {"Content-Type": "application/sparql-results+json"}, json.dumps(body).encode()

    s = Server(reply)
    try:
        rows = open_endpoint(s.url + "old").select("SELECT ?x WHERE { }")
        assert [str(r["x"]) for r in rows] == ["1"] and s.count == 2
    finally:
        s.close()
