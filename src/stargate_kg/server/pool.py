"""The web server's handle on the broker process: submit jobs, get replies as asyncio futures.

The broker (:mod:`stargate_kg.server.broker`) runs in a fresh, spawned
interpreter, so it inherits no threads or sockets from the web server. Jobs
go to the broker on its pipe; answers come back two ways:

* a worker's answer comes straight from the worker, on a socket the broker
  handed over when it started the worker (:mod:`stargate_kg.server.channel`),
  read on the event loop: one hop, no thread;
* the broker's own answers (429, busy, time limit, a worker's death) come on
  its pipe, read by a thread; if the broker dies, pending queries get a 503
  and a new broker is started.

Whichever answer to a job comes first is the one the client gets. In the web
server (see :func:`stargate_kg.server.app.create_app`)::

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
from stargate_kg.server.answers import error_reply
from stargate_kg.server.broker import broker_main
from stargate_kg.server.channel import FrameReader, handover_pair, receive_socket


class QueryPool:
    """The web server's handle on the broker: submit jobs, get replies as asyncio futures.

    :meth:`start` blocks until the graph is loaded and the workers run; it
    raises the loader's error (e.g. an invalid graph file) if it fails. If the
    broker dies later, pending queries get a 503 and a new broker is started.
    """

    def __init__(self, settings):
        self.settings = settings
        self.info = {}
        self._ids = itertools.count(1)
        self._pending = {}  # job id -> future; touched only on the event loop's thread
        self._lock = threading.Lock()
        self._conn = self._proc = self._loop = self._handover = None
        self._replies = {}  # fd -> a worker's reply socket (read on the event loop)
        self._closing = False

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
                raise ServerError("the query engine stopped while opening the graph")
        try:
            msg = here.recv()
        except (EOFError, OSError):
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
        """Start delivering replies to futures on ``loop`` (call once the event loop runs)."""
        self._loop = loop
        self._watch(self._handover)
        threading.Thread(target=self._read, name="stargate-kg-replies", daemon=True).start()

    # -- workers' answers, on the event loop ----------------------------------------------------
    def _watch(self, handover):
        handover.setblocking(False)
        self._loop.add_reader(handover.fileno(), self._take_sockets, handover)
        self._take_sockets(handover)  # those handed over before the loop ran

    def _take_sockets(self, handover):
        while True:
            try:
                sock = receive_socket(handover)
            except (EOFError, OSError):  # the broker is gone (a new one hands over on a new pair)
                self._loop.remove_reader(handover.fileno())
                handover.close()
                return
            if sock is None:
                return
            self._replies[sock.fileno()] = sock
            self._loop.add_reader(sock.fileno(), self._read_replies, sock, FrameReader())

    def _read_replies(self, sock, reader):
        try:
            data = sock.recv(1 << 20)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the worker is gone: the broker answers for its job
            self._loop.remove_reader(sock.fileno())
            self._replies.pop(sock.fileno(), None)
            sock.close()
            return
        for msg in reader.feed(data):
            if msg[0] == "reply":
                self._resolve(msg[1], msg[2])

    def _read(self):
        while True:
            conn = self._conn
            if conn is None:
                return
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                if self._closing:
                    return
                with self._lock:
                    self._conn = None  # new queries get a 503 until the new broker is ready
                self._loop.call_soon_threadsafe(self._fail_all)
                try:
                    conn, proc, handover = self._launch()
                except Exception:
                    return
                self._loop.call_soon_threadsafe(self._watch, handover)
                with self._lock:
                    self._conn, self._proc = conn, proc
                continue
            if msg[0] == "reply":
                self._loop.call_soon_threadsafe(self._resolve, msg[1], msg[2])

    def _resolve(self, job_id, reply):
        fut = self._pending.pop(job_id, None)
        if fut is not None and not fut.done():
            fut.set_result(reply)

    def _fail_all(self):
        pending, self._pending = self._pending, {}
        for fut in pending.values():
            if not fut.done():
                fut.set_result(error_reply(503, "the query engine stopped and is restarting; try again"))

    def submit(self, job, client="?"):
        """Queue a job (see :func:`~stargate_kg.server.answers.handle`); returns (job id, future of its Reply).

        ``client`` is the key its query time is charged to
        (:func:`stargate_kg.server.fairness.client_key`). Call on the event loop's thread.
        """
        job_id = next(self._ids)
        fut = self._loop.create_future()
        self._pending[job_id] = fut
        try:
            with self._lock:
                if self._conn is None:
                    raise OSError
                self._conn.send(("run", job_id, job, client))
        except (OSError, ValueError):
            self._pending.pop(job_id, None)
            fut.set_result(error_reply(503, "the query engine is not available; restart the server"))
        return job_id, fut

    def cancel(self, job_id):
        """Forget a job whose client went away; its worker, if it has started, is stopped."""
        if self._pending.pop(job_id, None) is not None:
            try:
                with self._lock:
                    self._conn.send(("cancel", job_id))
            except (OSError, ValueError, AttributeError):
                pass

    def close(self):
        """Stop the broker and its workers."""
        self._closing = True
        with self._lock:
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
        for sock in list(self._replies.values()) + [self._handover]:
            if sock is not None:
                sock.close()
        self._replies.clear()
