"""The broker and worker processes: where queries run, under a time limit and a memory ceiling, shared fairly.

:func:`broker_main` is the broker process (started by
:class:`stargate_kg.server.pool.QueryPool`): it opens the graph once, forks
the workers from it (copy-on-write, so a replacement is ready in
milliseconds), queues jobs from the web server, hands each to an idle
worker and sends the :class:`~stargate_kg.server.answers.Reply` back.

* Time: a worker that overruns ``--timeout`` is killed (rdflib's evaluator
  cannot be interrupted any other way) and replaced; a job that waits longer
  than the time limit for a worker gets a "busy" 503; at most ``max_queue``
  jobs wait.
* Memory: each worker's address space is capped at its size after opening
  the graph plus ``--max-memory`` (:func:`limit_memory`); a query that needs
  more gets a clear 503 and the worker is replaced.
* Fairness: query time is charged to the client's address
  (:mod:`stargate_kg.server.fairness`): a client over its share gets 429 with
  ``Retry-After``, free workers go to the client that used the least time,
  and heavy clients never take the last free worker from light ones.
* Crashes: a worker's standard error is read by the broker (and passed on to
  the server's), so a worker that dies says why (:func:`death_message`); the
  query's client is charged a whole time limit on top of the time it ran, so
  a client that keeps crashing or killing workers soon gets 429.
* Head-room: a worker runs queries on a thread with a 256 MiB stack
  (:mod:`stargate_kg.engines.running`), reserved before its memory cap.

Messages on the broker's pipe, from the web server: ``("run", id, job, client)``,
``("cancel", id)``, ``("stop",)``; to it: ``("ready", info)`` or
``("error", message, exit code)`` once, then ``("reply", id, Reply)`` for the
answers the broker gives itself (429, busy, time limit, a worker's death).
A worker's own answers go straight to the web server on the worker's socket
(:mod:`stargate_kg.server.channel`), which the broker hands over on the
``handover`` socket when it starts the worker; the worker then tells the broker
``("done", out_of_memory)``.

>>> _busy(10).status, _busy(10).headers
(503, {'Retry-After': '2'})
"""

import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import wait as wait_for

from stargate_kg.exceptions import StargateKGError
from stargate_kg.guard.sandbox import isolate_broker
from stargate_kg.server.answers import error_reply
from stargate_kg.server.channel import reply_pair, send_socket
from stargate_kg.server.fairness import Ledger
from stargate_kg.server.worker import death_message, limit_memory, worker_main

__all__ = ["broker_main", "death_message", "limit_memory"]

#: How much of a worker's standard error is kept to tell why it died.
_TAIL = 64 * 1024


class _Job:
    __slots__ = ("id", "job", "client", "queued", "started", "preempted")

    def __init__(self, job_id, job, client, now):
        self.id, self.job, self.client, self.queued = job_id, job, client, now
        self.started, self.preempted = None, False


class _Worker:
    def __init__(self, proc, conn, err=None):
        self.proc, self.conn, self.err = proc, conn, err  # err: read end of its standard error, or None
        self.tail = bytearray()
        self.ready = False  # it has opened the graph
        self.job = None  # the _Job being answered
        self.deadline = None


class _Broker:
    """Runs in its own process: queues jobs from the server, hands them to idle workers fairly, kills overruns."""

    def __init__(self, conn, kg, settings, handover):
        self.conn, self.kg, self.settings, self.handover = conn, kg, settings, handover
        methods = multiprocessing.get_all_start_methods()
        self.forking = "fork" in methods
        self.ctx = multiprocessing.get_context("fork" if self.forking else "spawn")
        self.workers = []
        for _ in range(settings.worker_count):
            self.workers.append(self._start_worker())
        self.heavy = min(0.5, settings.timeout / 4)
        self.ledger = Ledger(budget=settings.client_budget, heavy=self.heavy)
        self.waiting = {}  # client -> deque of _Job, oldest first
        self.n_waiting = 0
        self.per_client = max(2, settings.max_queue // 2)  # one client may fill half the queue
        self.light = {}  # light clients -> when they last sent a query (the last minute's)
        self.pruned = time.monotonic()

    # -- workers ----------------------------------------------------------------------------
    def _start_worker(self):
        here, there = self.ctx.Pipe()
        server_end, worker_end = reply_pair()  # the worker's answers go straight to the web server
        err_r = err_w = None
        if self.forking:
            err_r, err_w = os.pipe()
            os.set_blocking(err_r, False)
            inherited = [self.conn, self.handover, here, server_end] + [w.conn for w in self.workers]
            for w in self.workers:  # the other workers' stderr pipes stay out of this one
                if w.err is not None:
                    inherited.append(_Fd(w.err))
            inherited.append(_Fd(err_r))
            args = (there, worker_end, self.kg, self.settings, inherited, err_w)
        else:  # pragma: no cover  (no fork: every worker opens the graph itself)
            args = (there, worker_end, None, self.settings, [])
        proc = self.ctx.Process(target=worker_main, args=args, name="stargate-kg-query", daemon=True)
        proc.start()
        there.close()
        worker_end.close()
        if err_w is not None:
            os.close(err_w)
        try:
            send_socket(self.handover, server_end)  # before any job: the web server reads its answers
        except OSError:
            pass  # the web server is gone: the broker stops when its pipe closes
        server_end.close()
        return _Worker(proc, here, err_r)

    def _replace(self, w):
        w.proc.kill()
        w.proc.join()
        self._drain(w)
        self._close(w)
        self.workers.remove(w)
        self.workers.append(self._start_worker())

    def _close(self, w):
        w.conn.close()
        if w.err is not None:
            os.close(w.err)
            w.err = None

    def _drain(self, w):
        """Read what the worker wrote to standard error; pass it on to the server's. False at end of file."""
        if w.err is None:
            return False
        while True:
            try:
                data = os.read(w.err, 65536)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not data:
                return False
            w.tail += data
            del w.tail[:-_TAIL]
            try:
                os.write(2, data)
            except OSError:
                pass

    def _send(self, job_id, reply):
        self.conn.send(("reply", job_id, reply))

    # -- accounting ---------------------------------------------------------------------------
    def _running(self, client, now):
        """How long ``client``'s longest running query has run (0 when none runs)."""
        return max((now - w.job.started for w in self.workers if w.job is not None and w.job.client == client), default=0.0)

    def _finish(self, w, now):
        """The worker's job is over (answered, stopped or lost): charge its client; returns the job."""
        job, w.job = w.job, None
        if job is not None:
            self.ledger.charge(job.client, now - job.started, now)
        return job

    def _heavy(self, client, now):
        return self.ledger.is_heavy(client, now, self._running(client, now))

    def _reserve(self, now, client=None):
        """Whether the last free worker is kept from ``client`` for light clients: another one, seen in the last minute, still light."""
        if len(self.workers) < 2:
            return False
        for other, seen in list(self.light.items()):
            if now - seen >= 60:
                del self.light[other]
            elif other != client and not self._heavy(other, now):
                return True
        return False

    # -- scheduling ---------------------------------------------------------------------------
    def _start(self, w, job, now):
        job.started = now
        w.job, w.deadline = job, now + self.settings.timeout
        w.tail.clear()
        try:
            w.conn.send((job.id, job.job))
        except OSError:
            self._finish(w, now)
            self._replace(w)
            self._send(job.id, error_reply(503, "the query worker stopped unexpectedly; try again"))

    def _assign(self, now):
        """Give free workers to waiting jobs: the client that used the least time first."""
        while self.n_waiting:
            idle = [w for w in self.workers if w.job is None and w.ready]
            if not idle:
                return
            order = sorted(  # light clients first, then the one that used the least time lately
                self.waiting,
                key=lambda c: (self._heavy(c, now), self.ledger.recent(c, now), self.waiting[c][0].queued),
            )
            last = len(idle) == 1
            pick = next((c for c in order if not (last and self._heavy(c, now) and self._reserve(now, c))), None)
            if pick is None:
                return
            job = self._pop(pick)
            self._start(idle[0], job, now)

    def _pop(self, client):
        q = self.waiting[client]
        job = q.popleft()
        self.n_waiting -= 1
        if not q:
            del self.waiting[client]
        return job

    def _push(self, job, front=False):
        q = self.waiting.setdefault(job.client, deque())
        q.appendleft(job) if front else q.append(job)
        self.n_waiting += 1

    def _preempt(self, now):
        """A light client waits and every worker runs a heavy client's long query: stop the longest one and queue it again.

        A query is stopped this way at most once; it runs again when a worker
        is free, with its full time limit.
        """
        if any(w.job is None for w in self.workers):
            return None  # a worker is free, or about to be (starting)
        light = [c for c in self.waiting if not self._heavy(c, now)]
        if not light:
            return None
        victims = [
            w for w in self.workers
            if w.job is not None and not w.job.preempted and w.job.client not in light
            and now - w.job.started >= self.heavy and self._heavy(w.job.client, now)
        ]  # fmt: skip
        if not victims:
            # when the earliest running query becomes stoppable
            times = [w.job.started + self.heavy for w in self.workers if w.job is not None and not w.job.preempted]
            return min(times) if times else None
        w = max(victims, key=lambda v: now - v.job.started)
        job = self._finish(w, now)
        self._replace(w)
        job.preempted, job.queued, job.started = True, now, None
        self._push(job, front=True)
        return None

    def run(self):
        s = self.settings
        while True:
            now = time.monotonic()
            for w in list(self.workers):
                if w.job is not None and now >= w.deadline:
                    job = self._finish(w, now)
                    self._replace(w)  # SIGKILL: rdflib's evaluator cannot be interrupted any other way
                    self._send(job.id, error_reply(503, _timed_out(s.timeout)))
            for client in list(self.waiting):
                q = self.waiting[client]
                while q and now - q[0].queued >= s.timeout:
                    self._send(self._pop(client).id, _busy(s.timeout))
                    if client not in self.waiting:
                        break
            self._assign(now)
            wake = self._preempt(now)
            self._assign(now)
            if now - self.pruned > 60:
                self.ledger.prune(now)
                self.pruned = now
            deadlines = [w.deadline for w in self.workers if w.job is not None]
            deadlines += [q[0].queued + s.timeout for q in self.waiting.values()]
            if wake is not None:
                deadlines.append(wake)
            if self.waiting and self.light:  # a reserve ends a minute after its light client's last query
                deadlines.append(min(self.light.values()) + 60)
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            by_handle = {w.conn: w for w in self.workers if w.job is not None or not w.ready}
            by_sentinel = {w.proc.sentinel: w for w in self.workers}
            by_err = {w.err: w for w in self.workers if w.err is not None}
            ready = wait_for([self.conn, *by_handle, *by_sentinel, *by_err], timeout)
            # requests first, then replies and standard error, deaths last (a reply sent just before dying counts)
            order = {self.conn: 0}
            for r in sorted(ready, key=lambda r: order.get(r, 2 if r in by_sentinel else 1)):
                now = time.monotonic()
                if r is self.conn:
                    try:
                        msg = self.conn.recv()
                    except (EOFError, OSError):
                        return self.stop()
                    if msg[0] == "stop":
                        return self.stop()
                    self._receive(msg, now)
                    self._assign(now)
                elif r in by_err:
                    w = by_err[r]
                    if not self._drain(w) and w.err is not None:
                        os.close(w.err)
                        w.err = None
                elif r in by_handle:
                    w = by_handle[r]
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        continue  # its sentinel reports the death
                    if not w.ready:
                        w.ready = True  # its first message: the graph is open
                        continue
                    if w.job is None:
                        continue
                    self._finish(w, now)  # its answer went straight to the web server
                    if msg[1]:  # out of memory: that worker exits; never hand it another job
                        self._replace(w)
                else:
                    w = by_sentinel[r]
                    if w in self.workers and not w.proc.is_alive():
                        self._died(w, now)

    def _died(self, w, now):
        w.proc.join()
        self._drain(w)
        job = self._finish(w, now)
        status, message = death_message(w.proc.exitcode, bytes(w.tail), self.settings.memory_ceiling)
        if job is not None:
            # a query that kills its worker costs its client a whole time limit more: a crash loop gets 429 soon
            self.ledger.charge(job.client, self.settings.timeout, now)
            self._send(job.id, error_reply(status, message))
            _log(f"a query worker died while answering a query: {message.removeprefix('query stopped: ')}")
        else:
            _log(f"a query worker died while idle (exit code {w.proc.exitcode}); a new one takes its place")
        self._close(w)
        self.workers.remove(w)
        self.workers.append(self._start_worker())

    def _receive(self, msg, now):
        if msg[0] == "run":
            _, job_id, job, client = msg
            self.ledger.seen(client, now)
            running = sum(now - w.job.started for w in self.workers if w.job is not None and w.job.client == client)
            if self.ledger.over_budget(client, now, running):
                self._send(job_id, _over_budget(client, self.settings.client_budget, self.ledger.retry_after(client, now, running)))
            elif self.n_waiting >= self.settings.max_queue:
                self._send(job_id, _busy(self.settings.timeout))
            elif len(self.waiting.get(client, ())) >= self.per_client:
                self._send(job_id, _too_many_waiting(client, self.per_client))
            else:
                if not self._heavy(client, now):
                    self.light.pop(client, None)
                    self.light[client] = now  # oldest first
                    if len(self.light) > 10_000:
                        del self.light[next(iter(self.light))]
                self._push(_Job(job_id, job, client, now))
        elif msg[0] == "cancel":  # the client went away: drop its job, or stop the worker running it
            job_id = msg[1]
            for client in list(self.waiting):
                q = self.waiting[client]
                for job in list(q):
                    if job.id == job_id:
                        q.remove(job)
                        self.n_waiting -= 1
                if not q:
                    del self.waiting[client]
            for w in list(self.workers):
                if w.job is not None and w.job.id == job_id:
                    self._finish(w, now)
                    self._replace(w)

    def stop(self):
        for w in self.workers:
            w.proc.kill()
        for w in self.workers:
            w.proc.join(2)


class _Fd:
    """A raw file descriptor with a close() method (for the fds a forked worker must close)."""

    def __init__(self, fd):
        self.fd = fd

    def close(self):
        os.close(self.fd)


def _log(message):
    try:
        print(f"stargate-kg serve: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _over_budget(client, budget, retry):
    return error_reply(
        429,
        f"too many queries: the queries from {client} used more than this endpoint's share of {budget:g} s "
        f"of query time per minute (--client-budget); try again in {retry} s",
        **{"Retry-After": str(retry)},
    )


def _too_many_waiting(client, n):
    return error_reply(
        429, f"too many queries: {n} queries from {client} are already waiting for a worker; wait for their answers",
        **{"Retry-After": "2"},
    )


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


def broker_main(conn, settings, handover):
    """Entry point of the broker process: open the graph once, fork the workers, then broker jobs."""
    # Ctrl-C, SIGTERM or SIGHUP to the process group reach the web server, which stops the broker by its pipe
    # (a broker that died of them would be restarted by a server shutting down)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    network = isolate_broker(settings)  # before any thread or worker: the broker and its workers get no network
    try:
        kg = settings.open()  # also for a store or endpoint: a bad path or URL fails here, at start-up
        info = {"triples": _size(kg), "engine": getattr(kg, "engine", None), "network": network}
        if not settings.preload:  # stores and remote engines are opened by each worker itself, never forked
            del kg
            gc.collect()
            kg = None
        broker = _Broker(conn, kg, settings, handover)
    except StargateKGError as ex:
        conn.send(("error", str(ex), ex.exit_code))
        return
    except Exception as ex:
        conn.send(("error", f"{type(ex).__name__}: {ex}", 2))
        return
    info["workers"] = len(broker.workers)
    info["max_memory"] = settings.memory_ceiling
    conn.send(("ready", info))
    try:
        broker.run()
    finally:
        broker.stop()
