"""Issue #26, item 5: one-line errors (no "internal error", no traceback) for the inputs the red team tried."""

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stargate_kg.exceptions import EngineError

A004 = "004_be3f9ccde86d9a42.txt"


def one_line_error(result):
    out = result.output.strip()
    assert result.exit_code == 2, out
    assert out.startswith("Error: ") and "\n" not in out and "internal error" not in out, out
    return out


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_shapes_file_pyshacl_rejects(run, tmp_path, engine):
    d = tmp_path / "g"
    d.mkdir()
    (d / "data.ttl").write_text("<http://x/a> a <https://w3id.org/stargate-kg/ontology#Company> .\n", encoding="utf-8")
    (d / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix sg: <https://w3id.org/stargate-kg/ontology#> .\n"
        "<http://x/S> a sh:NodeShape ; sh:targetClass sg:Company ; sh:minCount 1 .\n",  # minCount belongs on a property
        encoding="utf-8",
    )
    out = one_line_error(run("--graph", str(d), "--engine", engine, "validate"))
    assert "shapes.ttl" in out and "pySHACL cannot use these shapes" in out


@pytest.mark.parametrize("url", ["http://[::1", "http://x:99999/sparql"])
def test_an_invalid_endpoint_url(run, url):
    out = one_line_error(run("--endpoint", url, "stats"))
    assert "not a valid endpoint URL" in out


@pytest.mark.parametrize("body", [b"[1, 2]", b'{"head": {"vars": ["x"]}, "results": {"bindings": [5]}}',
                                  b'{"head": [], "results": 5}', b"[" * 100_000])
def test_malformed_remote_json_results(body):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        from stargate_kg.engines.remote import open_endpoint

        kg = open_endpoint(f"http://127.0.0.1:{httpd.server_address[1]}/sparql")
        with pytest.raises(EngineError, match="SPARQL JSON results"):
            kg.select("SELECT ?x WHERE { ?x ?p ?o }")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_limits_of_1e999(run):
    assert "not a number of seconds" in run("--timeout", "1e999", "stats").output
    r = run("serve", "--timeout", "1e999")
    assert r.exit_code == 2 and "not in the range" in r.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_literal_over_16_mib_in_a_graph_file(run, tmp_path, engine):
    f = tmp_path / "big.nt"
    f.write_text('<http://x/a> <http://x/p> "' + "a" * (16 * 2**20 + 10) + '" .\n', encoding="utf-8")
    started = time.monotonic()
    out = one_line_error(run("--graph", str(f), "--engine", engine, "stats"))
    assert "line 1" in out and "16 MiB" in out and time.monotonic() - started < 60


def test_a_query_with_a_17_mb_literal_is_checked_in_little_memory():
    code = (
        "import resource\n"
        "from stargate_kg.guard import check\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "check('SELECT (\"' + 'a' * 17_000_000 + '\" AS ?x) {}')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert int(r.stdout) < 200, r.stdout  # MB; the per-character pattern took over 2 GB


def test_a_fifo_as_graph(run, tmp_path):
    fifo = tmp_path / "g.ttl"
    os.mkfifo(fifo)
    out = one_line_error(run("--graph", str(fifo), "stats"))
    assert "not a regular file" in out


def test_coverage_says_when_the_id_is_wrong(run, articles_dir):
    article = Path(articles_dir) / A004
    r = run("coverage", str(article), "--id", "a999")
    assert r.exit_code != 0 and "is article a004 in the graph, not a999: use --id a004" in r.output, r.output


def test_malformed_json_is_never_an_internal_error_in_the_cli(run, tmp_path):
    f = tmp_path / "g.jsonld"
    f.write_text("[" * 50_000, encoding="utf-8")
    r = run("--graph", str(f), "--engine", "rdflib", "stats")
    assert r.exit_code == 2 and "internal error" not in r.output, r.output
    assert json  # imported for the handler bodies above
