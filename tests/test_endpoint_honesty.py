"""Issue #26, item 4: the endpoint tells clients apart honestly, cannot be filled, caps replies in bytes,
refuses heads over 64 KiB with 431 however they arrive, and stops cleanly on SIGTERM to its process group.

Clients are told apart by their source address (127.0.0.2 ... all reach 127.0.0.1 on Linux).
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from test_endpoint import Server
from test_hardening import SLOW, _raw, at_once, kill_busy_worker, small_graph, text


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("honest")
    s = Server(tmp, "--workers", "2", "--timeout", "3", "--client-budget", "3", "--read-timeout", "3",
               "--max-reply", "64K", graph=small_graph(tmp / "graph"))  # fmt: skip
    yield s
    s.stop()


def post(server, source, query, headers=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60, source_address=(source, 0))
    try:
        conn.request("POST", "/sparql", body=query.encode(), headers={"Content-Type": "application/sparql-query", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def test_x_forwarded_for_names_no_one_without_a_trusted_proxy(honest):
    """A client that spends its budget while claiming another address is charged itself, and frames no one."""
    from concurrent.futures import ThreadPoolExecutor

    spoof = {"X-Forwarded-For": "127.0.0.22", "Forwarded": "for=127.0.0.22"}
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: post(honest, "127.0.0.21", SLOW, spoof), range(2)))
    assert [r[0] for r in results] == [503, 503]  # both stopped at the time limit: 6 s charged, over the 3 s budget
    status, _, body = post(honest, "127.0.0.21", "ASK { ?s ?p ?o }", {"X-Forwarded-For": "127.0.0.23"})
    assert status == 429 and "from 127.0.0.21 " in text(body), text(body)  # its own address, whatever it claims
    assert post(honest, "127.0.0.22", "ASK { ?s ?p ?o }")[0] == 200  # the address it claimed is not charged


def test_a_few_addresses_with_many_half_sent_requests_do_not_lock_others_out(honest):
    socks = []
    try:
        for i in range(5):
            for _ in range(64):
                s = socket.create_connection((honest.host, honest.port), source_address=(f"127.0.0.{31 + i}", 0))
                s.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # a head never finished
                socks.append(s)
        status, _, body = post(honest, "127.0.0.40", "ASK { ?s ?p ?o }")
        assert status == 200, text(body)
    finally:
        for s in socks:
            s.close()


@pytest.mark.parametrize("size", [70_000, 100_000])
def test_a_head_over_64_kib_in_one_packet_gets_431(honest, size):
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size + b"\r\nContent-Length: 7\r\n\r\nASK {} "
    answer, _ = _raw(honest, head)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"larger than this endpoint accepts (65536 bytes)" in answer


def test_a_head_just_under_64_kib_is_answered(honest):
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nX-Big: " + b"a" * 60_000
    answer, _ = _raw(honest, head + b"\r\nContent-Length: 6\r\nConnection: close\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def test_replies_are_capped_in_bytes(honest):
    big = ("SELECT ?x WHERE { ?s ?p ?o BIND(\"" + "x" * 1000 + "\" AS ?x) }")  # 200 rows x 1 KB: over 64 KiB
    status, _, body = post(honest, "127.0.0.41", big)
    assert status == 422 and "more than this endpoint's limit of 65,536 (--max-reply)" in text(body), text(body)
    assert post(honest, "127.0.0.41", big.replace("?o BIND", "?o FILTER(?s = ?o) BIND"))[0] == 200


def test_a_client_whose_query_kills_a_worker_is_throttled(honest):
    """A query whose worker dies is charged a whole time limit (3 s here) on top of its time: over the 3 s budget."""
    import threading

    result = {}
    t = threading.Thread(target=lambda: result.update(r=post(honest, "127.0.0.51", SLOW)))
    t.start()
    kill_busy_worker(honest.proc.pid, signal.SIGSEGV)  # after about 1.2 s of the slow query
    t.join(30)
    assert result["r"][0] == 500
    status, _, body = post(honest, "127.0.0.51", "ASK { ?s ?p ?o }")
    assert status == 429 and "from 127.0.0.51 " in text(body), text(body)
    assert post(honest, "127.0.0.52", "ASK { ?s ?p ?o }")[0] == 200  # others are served


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_sigterm_to_the_process_group_stops_cleanly(tmp_path, sig):
    graph = small_graph(tmp_path / "graph")
    env = {k: v for k, v in os.environ.items() if k != "STARGATE_KG_GRAPH"}
    proc = subprocess.Popen([sys.executable, "-m", "stargate_kg", "--graph", str(graph), "serve", "--port", "0", "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)  # fmt: skip
    out = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        out.append(line)
        if "SPARQL endpoint:" in line or not line:
            break
    os.killpg(proc.pid, getattr(signal, sig))
    rest, _ = proc.communicate(timeout=60)
    log = "".join(out) + rest
    assert proc.returncode == 0, log
    assert "Traceback" not in log and "restarting" not in log and log.count("Loading the graph") == 1, log
    for _ in range(50):  # the broker's helpers see their pipes close and end too
        alive = subprocess.run(["pgrep", "-a", "-g", str(proc.pid)], capture_output=True, text=True).stdout.splitlines()
        if not alive:
            break
        time.sleep(0.1)
    assert alive == [], alive
    assert re.search(r"SPARQL endpoint: http://127\.0\.0\.1:\d+/sparql", log)


def test_trusted_proxy_is_an_option(run):
    r = run("serve", "--help")
    assert "--trust-proxy" in r.output and "--max-reply" in r.output and "--max-connections" in r.output
    assert at_once  # the helpers shared with test_hardening stay importable
