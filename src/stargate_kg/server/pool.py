"""The web server's handle on the query workers: submit jobs, get replies as asyncio futures.

The broker (:mod:`stargate_kg.server.broker`) runs in a fresh, spawned
interpreter, so it inherits no threads or sockets from the web server. It
forks the workers and hands the web server one socket per worker; from then
on a job goes from the web server straight to a worker and its answer
straight back (:mod:`stargate_kg.server.channel`), read on the event loop:
one hop each way, no thread, no process in between. A query text asked
again in the same format is answered from the :class:`~stargate_kg.server.replies.ReplyCache`
without a worker (unless its client is over its budget: it gets its 429). Which worker answers
which job, and when, is decided here by the :class:`~stargate_kg.server.scheduler.Scheduler`
(fairness, time limits); the broker kills the workers it names and reports
every death with its reason. If the broker dies, pending queries get a 503
and a new broker is started. In the web server (see
:func:`stargate_kg.server.app.create_app`)::

    pool = QueryPool(settings).start()        # blocks until the workers run
    pool.attach(asyncio.get_running_loop())   # once the event loop runs
    job_id, future = pool.submit(("query", "ASK {}", None, None), client="127.0.0.1")
    reply = await future                      # a Reply
    pool.close()
"""

import itertools
import multiprocessing
import threading

from stargate_kg.exceptions import ServerError
from stargate_kg.server.answers import error_reply, is_out_of_memory
from stargate_kg.server.broker import broker_main
from stargate_kg.server.channel import FrameReader, frame, handover_pair, receive_message
from stargate_kg.server.replies import ReplyCache
from stargate_kg.server.scheduler import Scheduler, Slot

_GONE = "the query engine stopped and is restarting; try again"
_UNAVAILABLE = "the query engine is not available; restart the server"


class _Channel(Slot):
    """A worker as the web server sees it: its socket, what it has sent so far, and the scheduler's slot fields."""

    def __init__(self, key, sock):
        super().__init__(key)
        self.sock, self.reader = sock, FrameReader()


class QueryPool:
    """The web server's handle on the query workers: submit jobs, get replies as asyncio futures.

    :meth:`start` blocks until the graph is loaded and the workers run; it
    raises the loader's error (e.g. an invalid graph file) if it fails. If the
    broker dies later, pending queries get a 503 and a new broker is started.
    """

    def __init__(self, settings):
        self.settings = settings
        self.info = {}
        self._ids = itertools.count(1)
        self._pending = {}  # job id -> future; everything below is touched only on the event loop's thread
        self._conn = self._proc = self._handover = self._loop = None
        self._workers = {}  # key -> _Channel
        self._scheduler = None
        self._timer = None
        self._closing = False
        self._cache = ReplyCache(settings.reply_cache_bytes) if settings.reply_cache_bytes else None
        self._keys = {}  # job id -> its cache key, while it runs

    def start(self):
        self._conn, self._proc, self._handover = self._launch()
        return self

    def _launch(self):
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or sockets inherited
        here, there = ctx.Pipe()
        mine, theirs = handover_pair()
        proc = ctx.Process(target=broker_main, args=(there, self.settings, theirs), name="stargate-kg-broker")
        try:
            proc.start()
        finally:
            there.close()
            theirs.close()
        while not here.poll(0.2):
            if not proc.is_alive():
                mine.close()
                raise ServerError("the query engine stopped while opening the graph")
        try:
            msg = here.recv()
        except (EOFError, OSError):
            mine.close()
            raise ServerError("the query engine stopped while opening the graph") from None
        if msg[0] == "error":
            proc.join()
            mine.close()
            err = ServerError(msg[1])
            err.exit_code = msg[2]
            raise err
        self.info = msg[1]
        return here, proc, mine

    def attach(self, loop):
        """Start handing jobs to the workers and replies to futures on ``loop`` (call once the event loop runs)."""
        self._loop = loop
        self._scheduler = Scheduler(self.settings, self._send_job, self._resolve, self._kill, loop.time())
        self._watch(self._handover)

    # -- the broker's news: workers started and dead ------------------------------------------------
    def _watch(self, handover):
        handover.setblocking(False)
        self._loop.add_reader(handover.fileno(), self._from_broker, handover)
        self._from_broker(handover)  # what it sent before the loop ran

    def _from_broker(self, handover):
        now = self._loop.time()
        while True:
            try:
                msg, sock = receive_message(handover)
            except (BlockingIOError, InterruptedError):
                break
            except (EOFError, OSError):
                self._broker_gone(handover)
                return
            if msg[0] == "started" and sock is not None:
                w = self._workers[msg[1]] = _Channel(msg[1], sock)
                self._loop.add_reader(sock.fileno(), self._from_worker, w)
                self._scheduler.added(w)
            elif msg[0] == "died":
                w = self._workers.pop(msg[1], None)
                if w is not None:
                    while self._from_worker(w, tick=False):  # what it wrote before dying counts (an answer, "out of memory")
                        pass
                    self._scheduler.died(w, msg[2], msg[3], now)
                    self._drop(w)
        self._tick()

    def _broker_gone(self, handover):
        self._loop.remove_reader(handover.fileno())
        handover.close()
        if self._handover is handover:
            self._handover = None
        conn, self._conn = self._conn, None  # new queries get a 503 until a new broker is ready
        self._scheduler.fail_all(error_reply(503, _GONE))
        self._fail_all()
        for w in list(self._workers.values()):
            self._drop(w)
        self._workers.clear()
        if self._closing:
            return
        if conn is not None:
            conn.close()
        threading.Thread(target=self._relaunch, name="stargate-kg-restart", daemon=True).start()

    def _relaunch(self):
        try:
            conn, proc, handover = self._launch()
        except Exception:
            return
        self._loop.call_soon_threadsafe(self._relaunched, conn, proc, handover)

    def _relaunched(self, conn, proc, handover):
        if self._closing:
            conn.close()
            handover.close()
            return
        self._conn, self._proc, self._handover = conn, proc, handover
        self._watch(handover)

    # -- the workers: jobs out, replies in ---------------------------------------------------------
    def _from_worker(self, w, tick=True):
        """Read what worker ``w`` sent; False when nothing more is there to read now."""
        try:
            data = w.sock.recv(1 << 20)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        if not data:  # it died: the broker says why, and the scheduler answers for its job then
            if w.sock.fileno() >= 0:
                self._loop.remove_reader(w.sock.fileno())
            return False
        now = self._loop.time()
        for msg in w.reader.feed(data):
            if msg[0] == "reply":
                _, job_id, reply = msg
                if self._scheduler.answered(w, job_id, now):
                    self._resolve(job_id, reply)
                if is_out_of_memory(reply):  # that worker exits: never hand it another job
                    self._scheduler.kill(w)
            elif msg[0] == "ready":
                self._scheduler.ready(w, now)
        if tick:
            self._tick()
        return True

    def _send_job(self, w, job):
        data = frame((job.id, job.job))
        try:
            sent = w.sock.send(data)
            if sent < len(data):  # a long query text: the idle worker reads it at once
                w.sock.settimeout(5.0)
                try:
                    w.sock.sendall(data[sent:])
                finally:
                    w.sock.setblocking(False)
        except OSError:
            return False
        return True

    def _kill(self, w):
        if self._conn is not None:
            try:
                self._conn.send(("kill", w.key))
            except (OSError, ValueError):
                pass

    def _drop(self, w):
        try:
            self._loop.remove_reader(w.sock.fileno())
        except (ValueError, OSError):
            pass
        w.sock.close()

    def _tick(self):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        wake = self._scheduler.tick(self._loop.time())
        if wake is not None:
            self._timer = self._loop.call_at(wake, self._tick)

    # -- futures ---------------------------------------------------------------------------------
    def _resolve(self, job_id, reply):
        key = self._keys.pop(job_id, None)
        if key is not None:
            self._cache.put(key, reply)
        fut = self._pending.pop(job_id, None)
        if fut is not None and not fut.done():
            fut.set_result(reply)

    def _fail_all(self):
        pending, self._pending = self._pending, {}
        self._keys.clear()
        for fut in pending.values():
            if not fut.done():
                fut.set_result(error_reply(503, _GONE))

    def submit(self, job, client="?"):
        """Queue a job (see :func:`~stargate_kg.server.answers.handle`); returns (job id, future of its Reply).

        ``client`` is the key its query time is charged to
        (:func:`stargate_kg.server.fairness.client_key`). Call on the event loop's thread.
        """
        job_id = next(self._ids)
        fut = self._loop.create_future()
        if self._conn is None or self._scheduler is None:
            fut.set_result(error_reply(503, _UNAVAILABLE))
            return job_id, fut
        now = self._loop.time()
        if self._cache is not None and job[0] == "query":
            key = job[1:]
            reply = self._cache.get(key)
            if reply is not None and not self._scheduler.ledger.over_budget(client, now):  # a throttled client waits for all
                fut.set_result(reply)
                return job_id, fut
            self._keys[job_id] = key
        self._pending[job_id] = fut
        self._scheduler.submit(job_id, job, client, now)
        if self._pending.get(job_id) is fut:  # waiting or running: a time limit to watch
            self._tick()
        return job_id, fut

    def cancel(self, job_id):
        """Forget a job whose client went away; its worker, if it has started, is stopped."""
        self._keys.pop(job_id, None)
        if self._pending.pop(job_id, None) is not None and self._scheduler is not None:
            self._scheduler.cancel(job_id, self._loop.time())
            self._tick()

    def close(self):
        """Stop the broker and its workers."""
        self._closing = True
        conn, proc = self._conn, self._proc
        if conn is not None:
            try:
                conn.send(("stop",))
            except (OSError, ValueError):
                pass
        if proc is not None:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        if conn is not None:
            conn.close()
        for w in self._workers.values():
            w.sock.close()
        self._workers.clear()
        if self._handover is not None:
            self._handover.close()

