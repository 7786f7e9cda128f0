"""The broker and worker processes: where queries run, under a time limit.

:func:`broker_main` is the broker process (started by
:class:`stargate_kg.server.pool.QueryPool`): it opens the graph once, forks
the workers from it (copy-on-write, so a replacement is ready in
milliseconds), queues jobs from the web server, hands each to an idle
worker and sends the :class:`~stargate_kg.server.answers.Reply` back. A
worker that overruns ``--timeout`` is killed (rdflib's evaluator cannot be
interrupted any other way) and replaced; a job that waits longer than the
time limit for a worker gets a "busy" 503; at most ``max_queue`` jobs wait.

Messages on the broker's pipe, from the web server: ``("run", id, job)``,
``("cancel", id)``, ``("stop",)``; to it: ``("ready", info)`` or
``("error", message, exit code)`` once, then ``("reply", id, Reply)``.

>>> _busy(10).status, _busy(10).headers
(503, {'Retry-After': '2'})
"""

import gc
import multiprocessing
import signal
import time
from collections import deque
from multiprocessing.connection import wait as wait_for

from stargate_kg.exceptions import StargateKGError
from stargate_kg.guard.sandbox import isolate_broker
from stargate_kg.server.answers import error_reply, handle
from stargate_kg.server.safety import lock_down_rdflib
from stargate_kg.server.settings import default_workers


def _worker_main(conn, kg, settings, inherited):
    """A query worker: answer jobs from the broker, one at a time, until the pipe closes."""
    for c in inherited:  # fds copied by fork that belong to the broker: keep EOF detection working
        try:
            c.close()
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops the broker
    lock_down_rdflib()
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


def broker_main(conn, settings):
    """Entry point of the broker process: open the graph once, fork the workers, then broker jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    network = isolate_broker(settings)  # before any thread or worker: the broker and its workers get no network
    try:
        kg = settings.open()  # also for a store or endpoint: a bad path or URL fails here, at start-up
        info = {"triples": _size(kg), "engine": getattr(kg, "engine", None), "network": network}
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
