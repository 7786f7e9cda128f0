"""Handing queries to workers fairly, in the web server: queues per client, time limits, budgets, preemption.

The web server's :class:`~stargate_kg.server.pool.QueryPool` owns a
:class:`Scheduler` and calls it on every event (a query arrives, a worker
answers, is ready or dies, a client goes away) and at the time
:meth:`Scheduler.tick` asks for. The scheduler keeps no sockets and no
clock: it is told the time and acts through three functions it is given,
``start(worker, job)`` (send a job to a worker), ``answer(job_id, reply)``
and ``kill(worker)`` (ask the broker to kill a worker and start another).

* Time: a worker that overruns ``--timeout`` is killed (rdflib's evaluator
  cannot be interrupted any other way) and replaced; a job that waits longer
  than the time limit for a worker gets a "busy" 503; at most ``max_queue``
  jobs wait, and one client's at most half of them.
* Fairness: query time is charged to the client's address
  (:mod:`stargate_kg.server.fairness`): a client over its share gets 429 with
  ``Retry-After``, free workers go to the client that used the least time,
  and heavy clients never take the last free worker from light ones; when
  every worker runs a heavy client's long query while a light client waits,
  the longest one is stopped and queued again (once).
* Crashes: the client of a query whose worker dies is charged a whole time
  limit on top of the time it ran, so a client that keeps crashing or killing
  workers soon gets 429.

>>> _busy(10).status, _busy(10).headers
(503, {'Retry-After': '2'})
"""

import sys
from collections import deque

from stargate_kg.server.answers import error_reply
from stargate_kg.server.fairness import Ledger


class Job:
    """One query job: its id, what to answer (see :func:`~stargate_kg.server.answers.handle`), its client."""

    __slots__ = ("id", "job", "client", "queued", "started", "preempted")

    def __init__(self, job_id, job, client, now):
        self.id, self.job, self.client, self.queued = job_id, job, client, now
        self.started, self.preempted = None, False


class Slot:
    """The web server's view of one worker: ready or not, the job it runs and when that job's time is up."""

    def __init__(self, key):
        self.key = key
        self.ready = False  # it has opened the graph
        self.job = None  # the Job being answered
        self.deadline = None


class Scheduler:
    """Queues jobs per client and hands them to ready workers fairly (see the module docstring)."""

    def __init__(self, settings, start, answer, kill, now):
        self.settings, self._start_job, self.answer, self._kill = settings, start, answer, kill
        self.workers = []  # Slots that can take jobs (a killed one leaves at once; the broker starts another)
        self.heavy = min(0.5, settings.timeout / 4)
        self.ledger = Ledger(budget=settings.client_budget, heavy=self.heavy)
        self.waiting = {}  # client -> deque of Job, oldest first
        self.n_waiting = 0
        self.per_client = max(2, settings.max_queue // 2)  # one client may fill half the queue
        self.light = {}  # light clients -> when they last sent a query (the last minute's)
        self.pruned = now

    # -- events ---------------------------------------------------------------------------------
    def added(self, w):
        """A new worker (not ready yet)."""
        self.workers.append(w)

    def ready(self, w, now):
        w.ready = True
        self._assign(now)

    def submit(self, job_id, job, client, now):
        """A query arrives: refuse it (429, 503) or queue it."""
        self.ledger.seen(client, now)
        running = sum(now - w.job.started for w in self.workers if w.job is not None and w.job.client == client)
        if self.ledger.over_budget(client, now, running):
            self.answer(job_id, _over_budget(client, self.settings.client_budget, self.ledger.retry_after(client, now, running)))
        elif self.n_waiting >= self.settings.max_queue:
            self.answer(job_id, _busy(self.settings.timeout))
        elif len(self.waiting.get(client, ())) >= self.per_client:
            self.answer(job_id, _too_many_waiting(client, self.per_client))
        else:
            if not self._heavy(client, now):
                self.light.pop(client, None)
                self.light[client] = now  # oldest first
                if len(self.light) > 10_000:
                    del self.light[next(iter(self.light))]
            self._push(Job(job_id, job, client, now))
            self._assign(now)

    def answered(self, w, job_id, now):
        """Worker ``w`` answered ``job_id``: True when that answer is to be delivered (the job still runs there)."""
        if w.job is None or w.job.id != job_id or w not in self.workers:
            return False
        self._finish(w, now)
        self._assign(now)
        return True

    def cancel(self, job_id, now):
        """The client went away: drop its job, or stop the worker running it."""
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
                self.kill(w)

    def died(self, w, status, message, now):
        """Worker ``w`` died (``status``, ``message``: what to tell the client of the query it was answering)."""
        if w not in self.workers:
            return  # killed on purpose: its job was answered then
        self.workers.remove(w)
        job = self._finish(w, now)
        if job is not None:
            # a query that kills its worker costs its client a whole time limit more: a crash loop gets 429 soon
            self.ledger.charge(job.client, self.settings.timeout, now)
            self.answer(job.id, error_reply(status, message))
            _log(f"a query worker died while answering a query: {message.removeprefix('query stopped: ')}")
        else:
            _log(f"a query worker died while idle ({message.removeprefix('query stopped: ')}); a new one takes its place")

    def kill(self, w):
        """Stop ``w`` (the broker kills it and starts another); it takes no more jobs."""
        if w in self.workers:
            self.workers.remove(w)
        w.job = None
        self._kill(w)

    def fail_all(self, reply):
        """The broker is gone: every job, waiting or running, gets ``reply``; the workers are forgotten."""
        for w in self.workers:
            if w.job is not None:
                self.answer(w.job.id, reply)
                w.job = None
        self.workers = []
        for q in self.waiting.values():
            for job in q:
                self.answer(job.id, reply)
        self.waiting, self.n_waiting = {}, 0

    def tick(self, now):
        """Stop overruns, refuse jobs that waited too long, hand out free workers; the time of the next tick (or None)."""
        s = self.settings
        for w in list(self.workers):
            if w.job is not None and now >= w.deadline:
                job = self._finish(w, now)
                self.kill(w)  # SIGKILL: rdflib's evaluator cannot be interrupted any other way
                self.answer(job.id, error_reply(503, _timed_out(s.timeout)))
        for client in list(self.waiting):
            q = self.waiting[client]
            while q and now - q[0].queued >= s.timeout:
                self.answer(self._pop(client).id, _busy(s.timeout))
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
        return min(deadlines) if deadlines else None

    # -- accounting -----------------------------------------------------------------------------
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

    # -- scheduling -----------------------------------------------------------------------------
    def _start(self, w, job, now):
        job.started = now
        w.job, w.deadline = job, now + self.settings.timeout
        if not self._start_job(w, job):
            self._finish(w, now)
            self.kill(w)
            self.answer(job.id, error_reply(503, "the query worker stopped unexpectedly; try again"))

    def _assign(self, now):
        """Give free workers to waiting jobs: the client that used the least time first."""
        while self.n_waiting:
            idle = [w for w in self.workers if w.job is None and w.ready]
            if not idle:
                return
            if len(self.waiting) == 1:
                order = list(self.waiting)
            else:
                order = sorted(  # light clients first, then the one that used the least time lately
                    self.waiting,
                    key=lambda c: (self._heavy(c, now), self.ledger.recent(c, now), self.waiting[c][0].queued),
                )
            last = len(idle) == 1
            pick = next((c for c in order if not (last and self._heavy(c, now) and self._reserve(now, c))), None)
            if pick is None:
                return
            self._start(idle[0], self._pop(pick), now)

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
        self.kill(w)
        job.preempted, job.queued, job.started = True, now, None
        self._push(job, front=True)
        return None


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
