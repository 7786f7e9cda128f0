"""Issue #26, speed: the endpoint's short path keeps every safety property.

A job goes from the web server straight to a worker and back
(:mod:`stargate_kg.server.channel`), the web server schedules it
(:mod:`stargate_kg.server.scheduler`: budgets, queues, time limits,
preemption, crashes charged) and keeps answers for repeated texts
(:mod:`stargate_kg.server.replies`). The scheduler is pure bookkeeping, so
it is tested here with the time passed in; the servers run on loopback.
Speed itself is measured in ``benchmarks/load_endpoint.py``, not here.
"""

import json
import threading
import time

import pytest
from test_endpoint import Server
from test_endpoint_honesty import post
from test_hardening import SLOW, _cpu, _descendants, kill_busy_worker, small_graph, text

from stargate_kg.server.answers import Reply
from stargate_kg.server.channel import FrameReader, frame, handover_pair, receive_message, reply_pair, send_message
from stargate_kg.server.replies import ReplyCache
from stargate_kg.server.scheduler import Scheduler, Slot
from stargate_kg.server.settings import Settings


class Recorder:
    """The scheduler's three hands, recorded: jobs started, answers given, workers killed."""

    def __init__(self, settings, workers=2, now=0.0):
        self.started, self.answers, self.killed = [], {}, []
        self.s = Scheduler(settings, self.start, self.answer, self.kill, now)
        self.slots = []
        for i in range(workers):
            w = Slot(i)
            self.s.added(w)
            self.s.ready(w, now)
            self.slots.append(w)

    def start(self, w, job):
        self.started.append((w.key, job.id))
        return True

    def answer(self, job_id, reply):
        self.answers[job_id] = reply

    def kill(self, w):
        self.killed.append(w.key)


def settings(**kw):
    return Settings(engine="rdflib", timeout=kw.pop("timeout", 10.0), client_budget=kw.pop("budget", 60.0), **kw)


def test_a_job_goes_to_a_free_worker_and_its_answer_is_delivered_once():
    r = Recorder(settings())
    r.s.submit(1, ("query", "ASK {}", None, None), "10.0.0.1", 0.0)
    assert r.started == [(0, 1)]
    w = r.slots[0]
    assert r.s.answered(w, 1, 0.01) is True
    assert r.s.answered(w, 1, 0.02) is False  # a second answer to the same job is not delivered
    assert w.job is None


def test_a_query_over_the_time_limit_is_stopped_its_worker_killed_and_its_client_charged():
    r = Recorder(settings(timeout=3.0, budget=2.0))
    r.s.submit(1, ("query", SLOW, None, None), "10.0.0.1", 0.0)
    assert r.s.tick(1.0) == 3.0  # the next thing to do: the time limit
    r.s.tick(3.0)
    assert r.answers[1].status == 503 and b"time limit of 3 s" in r.answers[1].body
    assert r.killed == [0] and r.slots[0] not in r.s.workers  # its answer, if it comes now, is not delivered
    assert r.s.answered(r.slots[0], 1, 3.1) is False
    r.s.submit(2, ("query", "ASK {}", None, None), "10.0.0.1", 3.0)  # 3 s used, over the 2 s budget
    assert r.answers[2].status == 429 and r.answers[2].headers["Retry-After"]
    r.s.submit(3, ("query", "ASK {}", None, None), "10.0.0.2", 3.0)  # another client is served
    assert (1, 3) in r.started


def test_a_crash_answers_its_client_with_the_reason_and_charges_a_whole_time_limit():
    r = Recorder(settings(timeout=5.0, budget=4.0))
    r.s.submit(1, ("query", "ASK {}", None, None), "10.0.0.1", 0.0)
    message = "query stopped: the query crashed the engine (signal 11, SIGSEGV); this is a bug in the engine, please report the query"
    r.s.died(r.slots[0], 500, message, 0.1)
    assert r.answers[1].status == 500 and r.answers[1].body.decode().strip() == message
    assert r.s.ledger.usage("10.0.0.1", 0.1) == pytest.approx(5.1)  # 0.1 s it ran + the 5 s time limit
    r.s.submit(2, ("query", "ASK {}", None, None), "10.0.0.1", 0.2)
    assert r.answers[2].status == 429
    r.s.died(r.slots[1], 500, message, 0.3)  # an idle worker's death answers no one
    assert set(r.answers) == {1, 2}


def test_a_light_client_waiting_behind_heavy_queries_gets_a_worker():
    r = Recorder(settings(timeout=10.0))
    for job_id, client in ((1, "10.0.0.1"), (2, "10.0.0.2")):
        r.s.ledger.charge(client, 5.0, 0.0)  # known to send slow queries
        r.s.submit(job_id, ("query", SLOW, None, None), client, 0.0)
    r.s.submit(3, ("query", "ASK {}", None, None), "10.0.0.3", 0.1)  # both workers busy: it waits
    assert [job for _, job in r.started] == [1, 2]
    r.s.tick(1.0)  # the heavy queries have run over `heavy` seconds: the longest is stopped and queued again
    assert len(r.killed) == 1
    killed = r.killed[0]
    r.s.added(Slot(9))  # the broker's replacement
    r.s.ready(r.s.workers[-1], 1.1)
    assert (9, 3) in r.started  # the light client first
    assert killed in (0, 1) and 3 not in r.answers


def test_the_waiting_queue_is_bounded_per_client_and_in_all():
    r = Recorder(settings(max_queue=4), workers=1)
    for i in range(1, 6):
        r.s.submit(i, ("query", SLOW, None, None), "10.0.0.1", 0.0)
    # one runs, two wait (half the queue), the rest are refused
    assert r.answers[4].status == 429 and b"already waiting" in r.answers[4].body
    assert r.answers[5].status == 429
    r.s.tick(10.0)  # the running one hits the time limit; the waiting ones waited too long
    assert {r.answers[i].status for i in (1, 2, 3)} == {503}


def test_frames_survive_any_split_and_sockets_are_handed_over():
    msgs = [("ready",), ("reply", 7, Reply(200, "text/csv", b"x" * 300_000)), ("reply", 8, Reply(400, "text/plain", b"bad\n"))]
    data = b"".join(frame(m) for m in msgs)
    reader, got = FrameReader(), []
    for i in range(0, len(data), 4093):
        got += reader.feed(data[i:i + 4093])
    assert got == msgs and not reader.buffer
    here, there = handover_pair()
    a, b = reply_pair()
    try:
        send_message(there, ("started", 3), a)
        send_message(there, ("died", 3, 500, "why"))
        (msg, sock), (msg2, none) = receive_message(here), receive_message(here)
        b.sendall(frame(("ready",)))
        assert msg == ("started", 3) and msg2 == ("died", 3, 500, "why") and none is None
        sock.setblocking(True)
        assert FrameReader().feed(sock.recv(100)) == [("ready",)]  # the same socket, on this side
        sock.close()
        there.close()
        with pytest.raises(EOFError):
            receive_message(here)
    finally:
        for s in (here, a, b):
            s.close()


def test_the_reply_cache_is_bounded_in_bytes_and_keeps_successes_only():
    cache = ReplyCache(64_000)
    for i in range(100):
        cache.put((f"SELECT {i}", None, None), Reply(200, "text/csv", b"x" * 1000))
    assert cache.used <= 64_000 and len(cache) < 100
    assert cache.get(("SELECT 99", None, None)) is not None and cache.get(("SELECT 0", None, None)) is None
    cache.put(("ASK {", None, None), Reply(400, "text/plain", b"bad\n"))
    assert cache.get(("ASK {", None, None)) is None
    assert cache.get(("SELECT 99", "text/csv", None)) is None  # another format is another answer


# -- through the server --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """The default engine on a small graph: 2 workers, 3 s, each client 2 s of query time per minute."""
    tmp = tmp_path_factory.mktemp("quick")
    s = Server(tmp, "--workers", "2", "--timeout", "3", "--client-budget", "2", graph=small_graph(tmp / "graph"))
    yield s
    s.stop()


ASK_ALL = "ASK { ?s ?p ?o }"


def test_a_throttled_client_gets_429_even_for_a_kept_answer(quick):
    assert post(quick, "127.0.0.61", ASK_ALL)[0] == 200  # now kept
    assert post(quick, "127.0.0.61", SLOW)[0] == 503  # 3 s charged: over its 2 s budget
    status, headers, body = post(quick, "127.0.0.61", ASK_ALL)
    assert status == 429 and "from 127.0.0.61 " in text(body) and int(headers["Retry-After"]) >= 1
    status, _, body = post(quick, "127.0.0.62", ASK_ALL)  # another client gets the kept answer
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def settled(server, seconds=20):
    """Wait until none of the server's processes works (a replaced worker has opened the graph)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        procs = _descendants(server.proc.pid)
        before = {p: _cpu(p) for p in procs}
        time.sleep(0.3)
        if all(_cpu(p) == before[p] for p in procs):
            return


def test_a_crash_takes_down_only_its_worker_and_the_kept_answers_stay(quick):
    assert post(quick, "127.0.0.63", ASK_ALL)[0] == 200
    settled(quick)  # so that the busy process below is the worker running the slow query
    result = {}
    t = threading.Thread(target=lambda: result.update(r=post(quick, "127.0.0.64", SLOW)))
    t.start()
    kill_busy_worker(quick.proc.pid, 11)  # SIGSEGV in the worker running the slow query
    t.join(30)
    assert result["r"][0] == 500 and "signal 11, SIGSEGV" in text(result["r"][2]), text(result["r"][2])
    assert post(quick, "127.0.0.63", ASK_ALL)[0] == 200
    # a new text needs a worker: the replacement answers it
    status, _, body = post(quick, "127.0.0.63", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"Accept": "text/csv"})
    assert status == 200 and body.decode().split() == ["n", "200"]
    assert post(quick, "127.0.0.64", ASK_ALL)[0] == 429  # the crashing client was charged a whole time limit
