"""Issue #26, every finding through every path it was found on: the paths the other hardening tests do not take.

test_crashproof, test_offline, test_endpoint_honesty, test_add_hardening and
test_one_line_errors reproduce each finding on one or two paths (mostly the
library and the CLI); here the same inputs go through the others the issue
names: the notebook (``stargate_kg.open()``), the rdflib engine, the
endpoint, ``push``, ``--endpoint`` and the CLI on both engines. Servers are
on loopback; the listening servers count every request they get.
"""

import csv
import io
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from test_endpoint import Server
from test_hardening import _raw, small_graph
from test_offline import Server as _Counting
from test_offline import _jsonld

import stargate_kg
from stargate_kg.exceptions import EngineError, InvalidGraph, QueryError, QueryLimitExceeded, QueryTimeout

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

from crash_shapes import ISSUE_SIZES, SHAPES  # noqa: E402

LIMIT_OF = {"collection": "'patterns'", "projection": "'projections'", "bracket_path": "'path'",
            "having": "'conditions'", "groups900": "'patterns'"}
SLOW = "SELECT * WHERE { ?s ?p (" + " ?x" * 200 + " ) }"  # the issue's 600-byte collection that ran for minutes
#: 27 million rows to count: minutes on the rdflib engine, which answers SLOW in a second or two
CUBE = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(map(str, range(300)))} }}" for v in "abc") + " }"
SLOW_ON = {"oxigraph": SLOW, "rdflib": CUBE}


class Counting(_Counting):
    """test_offline's counting server, answering PUT and DELETE too (push's Graph Store requests)."""

    def __init__(self, reply=None):
        super().__init__(reply)
        handler = self.httpd.RequestHandlerClass
        handler.do_PUT = handler.do_DELETE = handler.do_POST


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    d = tmp_path_factory.mktemp("tiny")
    (d / "g.ttl").write_text("<http://x/a> <http://x/p> 'v' .\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("paths")
    s = Server(tmp, "--workers", "2", "--timeout", "3", "--read-timeout", "3", graph=small_graph(tmp / "graph"))
    yield s
    s.stop()


def _post(server, body, content_type="application/sparql-query"):
    import http.client

    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        conn.request("POST", "/sparql", body=body.encode("utf-8"), headers={"Content-Type": content_type})
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _one_line(result, code=2):
    """The message of a one-line error (exit 2: a user error, not a bug)."""
    out = result.output.strip()
    assert result.exit_code == code, out
    assert out.startswith("Error: ") and "\n" not in out and "internal error" not in out and "Traceback" not in out, out
    return out


# -- engine crash shapes and hangs: the notebook, the rdflib engine, the endpoint ---------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_five_issue_shapes_in_a_notebook(engine, tiny):
    """``stargate_kg.open()`` and its ``kg``: each shape is refused naming its limit, on either engine."""
    g = stargate_kg.open([str(tiny)], engine=engine)
    for name, n in ISSUE_SIZES.items():
        query = SHAPES[name](n)
        with pytest.raises(QueryLimitExceeded, match=LIMIT_OF[name]):
            g.query(query)
        with pytest.raises(QueryLimitExceeded, match=LIMIT_OF[name]):
            g.kg.query(query)
        with pytest.raises(QueryLimitExceeded, match=LIMIT_OF[name]):
            g.kg.select(query)
    assert g.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "v"}]


def test_the_five_issue_shapes_on_the_cli_rdflib_engine(run, tiny):
    for name, n in ISSUE_SIZES.items():
        r = run("--graph", str(tiny), "--engine", "rdflib", "query", "-", input=SHAPES[name](n))
        assert r.exit_code == 2 and LIMIT_OF[name] in r.output and "Traceback" not in r.output, r.output[-300:]


def test_the_five_issue_shapes_at_the_endpoint_give_400(endpoint):
    for name, n in ISSUE_SIZES.items():
        status, body = _post(endpoint, SHAPES[name](n))
        assert status == 400 and LIMIT_OF[name] in body, (name, status, body[:300])
    assert _post(endpoint, "ASK { ?s ?p ?o }")[0] == 200  # no worker lost


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_slow_collection_stops_at_the_time_limit_in_a_notebook(engine, tiny):
    """The rdflib engine answers the collection in a second or two: it gets a 27-million-row count instead."""
    g = stargate_kg.open([str(tiny)], engine=engine)
    g.kg.set_limits(timeout=1)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        g.query(SLOW_ON[engine])
    assert time.monotonic() - started < 10  # stopped at the limit, not minutes later
    assert g.kg.query("ASK { ?s ?p ?o }")[2] is True


def test_the_slow_collection_stops_at_the_time_limit_at_the_endpoint(endpoint):
    started = time.monotonic()
    status, body = _post(endpoint, SLOW)
    assert status == 503 and "3 s" in body and time.monotonic() - started < 15, (status, body)


def test_the_doubling_query_stops_at_the_memory_ceiling_on_the_rdflib_engine(tiny):
    doubling = 'SELECT (STRLEN(?a8) AS ?n) WHERE { BIND("' + "a" * 64 + '" AS ?a0) ' + " ".join(
        f"BIND(CONCAT({','.join([f'?a{i}'] * 8)}) AS ?a{i + 1})" for i in range(8)) + " }"
    kg = stargate_kg.load([tiny], derive=False).set_limits(max_memory=128 * 2**20, timeout=60)
    with pytest.raises(QueryError, match="memory ceiling"):
        kg.query(doubling)
    assert kg.query("ASK { ?s ?p ?o }")[2] is True


# -- nothing read fetches a URL: push, --allow-service on Oxigraph, file: contexts on the CLI, --endpoint ---------


def test_push_of_a_folder_with_a_remote_context_fetches_nothing(tmp_path, run):
    context, store = Counting(), Counting()
    try:
        folder = _jsonld(tmp_path, context.url + "ctx.jsonld")
        for engine in ("oxigraph", "rdflib"):
            r = run("--graph", str(folder), "--engine", engine, "--endpoint", store.url + "store", "push")
            assert r.exit_code == 2 and "never fetched" in r.output, r.output
        time.sleep(0.2)
        assert context.count == 0 and store.count == 0  # no context fetched, and nothing half-pushed
    finally:
        context.close()
        store.close()


def test_allow_service_on_the_oxigraph_engine_fetches_no_context(tmp_path, run):
    server = Counting()
    try:
        folder = _jsonld(tmp_path, [{"x": "http://x/"}, server.url + "ctx"])
        r = run("--graph", str(folder), "--allow-service", "--engine", "oxigraph", "stats")
        assert r.exit_code == 2 and "never fetched" in r.output, r.output
        time.sleep(0.2)
        assert server.count == 0
    finally:
        server.close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("context", ["file:///dev/zero", "/dev/zero", {"@import": "file:///dev/zero"}])
def test_a_file_context_is_never_read_by_the_cli(tmp_path, run, engine, context):
    folder = _jsonld(tmp_path, context)
    started = time.monotonic()
    out = _one_line(run("--graph", str(folder), "--engine", engine, "stats"))
    assert "never fetched" in out and time.monotonic() - started < 10


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_rdfxml_entities_are_refused_by_the_cli(tmp_path, run, engine):
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 12))
    f = tmp_path / "bomb.owl"  # accepted though --help does not list it
    f.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]>'
                 '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
                 '<rdf:Description rdf:about="http://x/a"><x:p>&l11;</x:p></rdf:Description></rdf:RDF>', encoding="utf-8")
    started = time.monotonic()
    out = _one_line(run("--graph", str(f), "--engine", engine, "stats"))
    assert "ENTITY" in out and str(f) in out and time.monotonic() - started < 10


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_external_dtd_or_entity_is_never_fetched(tmp_path, engine):
    """No <!ENTITY, but a DOCTYPE naming a DTD by URL, and an entity it would declare: no request, no file read."""
    from stargate_kg.engines import open_graph

    server = Counting()
    try:
        d = tmp_path / engine
        d.mkdir()
        (d / "g.rdf").write_text(
            f'<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "{server.url}x.dtd">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
            '<rdf:Description rdf:about="http://x/a"><x:p>v</x:p></rdf:Description></rdf:RDF>', encoding="utf-8")
        try:
            kg = open_graph([d], engine=engine)
            assert kg.select("SELECT ?o WHERE { ?s ?p ?o }")[0]["o"].value == "v"
        except InvalidGraph:
            pass  # refusing the DOCTYPE is as good: what matters is the request count
        time.sleep(0.2)
        assert server.count == 0
    finally:
        server.close()


def _hostile(ctype, body):
    return Counting(lambda h: (200, {"Content-Type": ctype}, body))


def test_cli_endpoint_answer_naming_a_context_fetches_nothing(run):
    other = Counting()
    hostile = _hostile("application/ld+json", json.dumps({"@context": other.url + "c", "@id": "http://x/a"}).encode())
    try:
        out = _one_line(run("--endpoint", hostile.url + "sparql", "query", "-", input="CONSTRUCT WHERE { ?s ?p ?o }"))
        assert "never fetched" in out
        time.sleep(0.2)
        assert hostile.count == 1 and other.count == 0
    finally:
        hostile.close()
        other.close()


def test_an_endpoint_answer_with_xml_entities_is_refused():
    from stargate_kg.engines.remote import open_endpoint

    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 12))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
            '<rdf:Description rdf:about="http://x/a"><x:p>&l11;</x:p></rdf:Description></rdf:RDF>').encode()
    hostile = _hostile("application/rdf+xml", bomb)
    try:
        started = time.monotonic()
        with pytest.raises(EngineError, match="ENTITY"):
            open_endpoint(hostile.url + "sparql").construct("CONSTRUCT WHERE { ?s ?p ?o }")
        assert time.monotonic() - started < 10
    finally:
        hostile.close()


def _redirecting(target):
    return Counting(lambda h: (307, {"Location": target}, b""))


@pytest.mark.parametrize("scheme", ["ftp", "http-other-host"])
def test_push_does_not_follow_a_redirect_to_another_server(kg, scheme):
    from stargate_kg.engines.push import push

    other = Counting()
    target = f"ftp://127.0.0.1:{other.port}/x" if scheme == "ftp" else f"http://localhost:{other.port}/store"
    redirecting = _redirecting(target)
    try:
        for method in ("gsp", "update"):
            with pytest.raises(EngineError, match="redirect to another server .* is not followed"):
                push(kg, redirecting.url + "store", method=method)
        time.sleep(0.2)
        assert other.count == 0
    finally:
        redirecting.close()
        other.close()


def test_cli_endpoint_does_not_follow_a_redirect_to_ftp(run):
    other = Counting()
    redirecting = _redirecting(f"ftp://127.0.0.1:{other.port}/x")
    try:
        out = _one_line(run("--endpoint", redirecting.url + "sparql", "stats"))
        assert "is not followed" in out
        time.sleep(0.2)
        assert other.count == 0
    finally:
        redirecting.close()
        other.close()


# -- the endpoint: heads over 64 KiB however they arrive ---------------------------------------------------


def test_a_head_over_64_kib_in_many_packets_gets_431(endpoint):
    import socket

    sock = socket.create_connection((endpoint.host, endpoint.port))
    sock.settimeout(10)
    try:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\n")
        for i in range(80):  # 80 headers of 1 KB, one packet each: no single line is long
            try:
                sock.sendall(b"X-H%d: " % i + b"a" * 1000 + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed once the head passed 64 KiB
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 431 ") and b"(65536 bytes)" in answer, answer[:200]


def test_a_get_with_a_query_string_over_64_kib_gets_an_answer_not_a_hang(endpoint):
    answer, seconds = _raw(endpoint, b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer[:12] in (b"HTTP/1.1 414", b"HTTP/1.1 431") and seconds < 5, answer[:200]


# -- LOW: CSV neutralisation through every listing command ---------------------------------------------------

HOSTILE_LABELS = {"alpha": "=HYPERLINK(\"http://evil/\",\"a\")", "beta": "+Beta", "gamma": "@Gamma", "delta": "-Delta",
                  "pat": "\tPat", "site": "\rSite"}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    import re
    import shutil

    from test_network import SMALL

    from stargate_kg.paths import default_graph_dir

    text = SMALL.replace('"quote s1"@zh', '"=1+2 quote"@zh')
    for name, label in HOSTILE_LABELS.items():
        text = re.sub(rf"(e:{name} a [^;]+; )rdfs:label [^\n]+ \.\n", lambda m: f"{m.group(1)}rdfs:label {json.dumps(label)}@en .\n", text)
    assert all(json.dumps(label) in text for label in HOSTILE_LABELS.values())
    d = tmp_path_factory.mktemp("hostile")
    (d / "g.ttl").write_text(text, encoding="utf-8")
    shutil.copy(default_graph_dir() / "ontology.ttl", d / "ontology.ttl")
    return d


LISTINGS = [("entity", "alpha"), ("funders", "beta"), ("funded", "alpha"), ("list",), ("neighbors", "alpha"),
            ("path", "pat", "site"), ("centrality",), ("communities",), ("cycles",), ("search", "Gamma"),
            ("timeline",), ("stats",)]  # fmt: skip


@pytest.mark.parametrize("command", LISTINGS, ids=[c[0] for c in LISTINGS])
def test_every_listing_commands_csv_neutralises_formulas(command, hostile_graph, run):
    """A cell a spreadsheet would run (= + - @ tab CR first) starts with an apostrophe; numbers stay numbers."""
    names = [HOSTILE_LABELS.get(n, n) for n in command[1:]]  # entities by their hostile names
    r = run("--graph", str(hostile_graph), "--engine", "rdflib", command[0], *names, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.output, newline="")))
    cells = [c for row in rows[1:] for c in row]
    assert cells, r.output
    risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))]
    assert risky == [], risky
    if command[0] != "stats":  # stats counts types and relations, no user text
        assert any(c.startswith("'") and c[1:] in set(HOSTILE_LABELS.values()) | {"=1+2 quote"} for c in cells), cells


def _number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


# -- LOW: one-line errors on the paths the other tests leave out --------------------------------------------


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b'{"head": {"vars": ["x"]}, "results": {"bindings": [5]}}'])
def test_malformed_remote_json_on_the_cli(run, body):
    hostile = _hostile("application/sparql-results+json", body)
    try:
        out = _one_line(run("--endpoint", hostile.url + "sparql", "query", "-", input="SELECT ?x WHERE { ?x ?p ?o }"))
        assert "SPARQL JSON results" in out
    finally:
        hostile.close()


@pytest.mark.parametrize("option", ["--timeout", "--max-memory"])
def test_1e999_and_other_non_numbers_are_one_line(run, option):
    for value in ("1e999", "inf", "nan", "-1"):
        r = run(option, value, "stats")
        assert r.exit_code == 2 and option in r.output and "Traceback" not in r.output, (value, r.output)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_fifo_or_device_as_graph_on_each_engine(run, tmp_path, engine):
    """Named alone, a FIFO or a link to /dev/zero is refused in one line; in a folder it is not read (no hang)."""
    fifo = tmp_path / "g.ttl"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.nt"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        assert "not a regular file" in _one_line(run("--graph", str(path), "--engine", engine, "stats"))
    d = tmp_path / "d"
    d.mkdir()
    os.mkfifo(d / "in-a-folder.ttl")
    (d / "zero.nt").symlink_to("/dev/zero")
    (d / "g.ttl").write_text("<http://x/a> <http://x/p> 'v' .\n", encoding="utf-8")
    r = run("--graph", str(d), "--engine", engine, "stats", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["triples"] == 1, r.output


def test_a_literal_over_16_mib_in_a_notebook(tmp_path):
    f = tmp_path / "big.nt"
    f.write_text('<http://x/a> <http://x/p> "' + "a" * (16 * 2**20 + 10) + '" .\n', encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(InvalidGraph, match="16 MiB"):
            stargate_kg.open([str(f)], engine=engine)


# -- add and draft: inputs and outputs on the paths the intake tests leave out -----------------------------


A004 = "004_be3f9ccde86d9a42.txt"


@pytest.mark.parametrize("kind", ["fifo", "big"])
def test_add_refuses_an_unreadable_article_before_reading(kind, run, articles_dir, tmp_path, without_a004):
    import shutil

    from test_add_hardening import GOOD, HEADER, ttl_files

    graph = tmp_path / "graph"
    shutil.copytree(without_a004, graph)
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    article = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(article)
    else:
        with open(article, "wb") as f:
            f.truncate(17 * 2**20)
    before = ttl_files(graph)
    r = run("--graph", str(graph), "add", str(sheet), "--id", "a004", "--article", str(article), "--publisher", "证券时报",
            "--date", "2025-09-25")  # fmt: skip
    assert r.exit_code != 0 and ("not a regular file" if kind == "fifo" else "more than the 16 MiB") in r.output, r.output
    assert ttl_files(graph) == before


def test_add_refuses_a_duration_written_p1_5y(run, articles_dir, tmp_path, without_a004):
    import shutil

    from test_add_hardening import GOOD, HEADER, args, ttl_files

    graph = tmp_path / "graph"
    shutil.copytree(without_a004, graph)
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD.rstrip("\n") + "P1.5Y\n", encoding="utf-8")
    before = ttl_files(graph)
    r = run(*args(graph, sheet, articles_dir))
    assert r.exit_code == 2 and "row 2, column duration" in r.output, r.output
    assert ttl_files(graph) == before


@pytest.fixture(scope="module")
def without_a004(tmp_path_factory):
    from stargate_kg.intake.holdout import graph_without

    return graph_without("a004", out_dir=tmp_path_factory.mktemp("g") / "graph")


def _draft(run, monkeypatch, articles_dir, without_a004, out, *extra):
    import stargate_kg.intake.draft as draft

    monkeypatch.setattr(draft, "draft_file", lambda *a, **k: ([{"keep": "yes", "subject": "OpenAI"}], 0.0))
    return run("--graph", str(without_a004), "draft", str(Path(articles_dir) / A004), "--id", "a005", "-o", str(out),
               "--date", "2025-09-25", *extra)  # fmt: skip


def test_draft_force_writes_through_a_symlink(run, monkeypatch, articles_dir, without_a004, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old review", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert _draft(run, monkeypatch, articles_dir, without_a004, link).exit_code != 0  # it exists: --force needed
    assert target.read_text(encoding="utf-8") == "old review"
    r = _draft(run, monkeypatch, articles_dir, without_a004, link, "--force")
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and "OpenAI" in target.read_text(encoding="utf-8-sig")


def test_draft_force_writes_through_a_device_node(run, monkeypatch, articles_dir, without_a004, tmp_path):
    """A copy of /dev/null in a temporary folder (making one needs root): it stays a device."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    r = _draft(run, monkeypatch, articles_dir, without_a004, node, "--force")
    assert r.exit_code == 0, r.output
    assert stat.S_ISCHR(os.lstat(node).st_mode) and not list(tmp_path.glob("null.*"))


# -- found by this audit ---------------------------------------------------------------------------------------


def _stargate_kg(args, timeout):
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "STARGATE_KG_GRAPH"}
    proc = subprocess.Popen([sys.executable, "-m", "stargate_kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise AssertionError(f"still running after {timeout} s") from None
    return proc.returncode, out, err


@pytest.mark.parametrize("kind", ["fifo", "big"])
def test_draft_refuses_a_fifo_or_oversized_article(tmp_path, kind):
    article = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(article)
    else:
        with open(article, "wb") as f:  # sparse: 17 MiB on paper
            f.truncate(17 * 2**20)
    code, _, err = _stargate_kg(["draft", str(article), "--id", "a005", "-o", str(tmp_path / "a005.csv")], timeout=30)
    assert code != 0 and ("not a regular file" if kind == "fifo" else "more than the 16 MiB") in err, err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("rust_backtrace", [None, "1"])
def test_cli_memory_ceiling_on_oxigraph_is_one_line_whatever_rust_backtrace_says(tiny, rust_backtrace):
    """Rust's "memory allocation of N bytes failed" (and backtrace) is held back; a query that ends well loses no stderr."""
    doubling = "SELECT (STRLEN(?s27) AS ?n) WHERE { BIND(\"xxxxxxxx\" AS ?s0) " + " ".join(
        f"BIND(CONCAT(?s{i},?s{i}) AS ?s{i + 1})" for i in range(27)) + " }"
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("STARGATE_KG_GRAPH", "RUST_BACKTRACE")}  # Rust's default
    if rust_backtrace:
        env["RUST_BACKTRACE"] = rust_backtrace
    r = subprocess.run([sys.executable, "-m", "stargate_kg", "--graph", str(tiny), "--engine", "oxigraph", "--max-memory",
                        "256M", "query", "-"], input=doubling, capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1 and "--max-memory" in lines[0], r.stderr[-500:]


def test_stderr_written_during_a_capped_query_is_passed_on():
    import subprocess

    code = (
        "import os\n"
        "from stargate_kg.engines import running\n"
        "running.disposable = True\n"
        "def noisy():\n"
        "    os.write(2, b'engine says hello\\n')\n"
        "    return 42\n"
        "print(running.run_limited(noisy, running.RunLimits(timeout=10, memory=2**30)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "42" and r.stderr == "engine says hello\n", (r.stdout, r.stderr)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_cli_ctrl_c_exits_130_on_each_engine(tiny, engine):
    import signal
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "STARGATE_KG_GRAPH"}
    proc = subprocess.Popen([sys.executable, "-m", "stargate_kg", "--graph", str(tiny), "--engine", engine, "query", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)  # fmt: skip
    proc.stdin.write(SLOW_ON[engine])
    proc.stdin.close()
    proc.stdin = None
    time.sleep(4)
    running = proc.poll() is None  # still running the slow query
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _, err = proc.communicate(timeout=30)
    assert running and proc.returncode == 130 and "Traceback" not in err, err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_library_refuses_limits_that_cannot_be(tiny, engine):
    """1e999 through the library: a ValueError at set_limits, not an OverflowError at the next query (or, for a
    negative ceiling, a process capped below its own size)."""
    g = stargate_kg.open([str(tiny)], engine=engine)
    for bad in ({"timeout": 1e999}, {"timeout": -1}, {"timeout": float("nan")}, {"max_memory": -5}, {"max_memory": 1e999}):
        with pytest.raises(ValueError, match="not a (time limit|memory ceiling)"):
            g.kg.set_limits(**bad)
    g.kg.set_limits(timeout="30", max_memory="512M")  # as --timeout and --max-memory take them
    assert (g.kg.limits.timeout, g.kg.limits.memory) == (30.0, 512 * 2**20)
    assert g.kg.query("ASK { ?s ?p ?o }")[2] is True


def test_draft_refuses_an_id_with_a_trailing_newline(run, articles_dir, tmp_path):
    out = tmp_path / "a005.csv"
    r = run("draft", str(Path(articles_dir) / A004), "--id", "a005\n", "-o", str(out))
    assert r.exit_code != 0 and "must look like a005" in r.output and not out.exists(), r.output


@pytest.mark.parametrize("url", ["http://[::1", "http://x:99999/sparql", "ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_an_invalid_endpoint_url_in_the_library_and_push(run, url, kg):
    from stargate_kg.engines.push import push
    from stargate_kg.engines.remote import open_endpoint

    with pytest.raises(EngineError, match="not a valid endpoint URL|not an HTTP"):
        open_endpoint(url)
    with pytest.raises(EngineError, match="not a valid endpoint URL|not an HTTP"):
        push(kg, url)
    out = _one_line(run("--endpoint", url, "push"))
    assert "not a valid endpoint URL" in out or "not an HTTP" in out
