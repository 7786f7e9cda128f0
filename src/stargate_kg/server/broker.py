"""The broker process: opens the graph, forks the query workers, replaces the ones that die and says why they died.

:func:`broker_main` is the broker process (started by
:class:`stargate_kg.server.pool.QueryPool`): it opens the graph once and
forks the workers from it (copy-on-write, so a replacement is ready in
milliseconds). Queries never pass through it: each worker gets its jobs from
the web server and answers it on its own socket, which the broker hands over
when it starts the worker; the web server schedules the jobs
(:mod:`stargate_kg.server.scheduler`).

* Memory: each worker's address space is capped at its size after opening
  the graph plus ``--max-memory`` (:func:`~stargate_kg.server.worker.limit_memory`);
  a query that needs more gets a clear 503 and the worker is replaced.
* Crashes: a worker's standard error is read by the broker (and passed on to
  the server's), so a worker that dies says why (:func:`death_message`).
* Stopping: the web server asks the broker to kill a worker (a query over its
  time limit, one preempted, one whose client went away); every worker that
  dies, killed or not, is reported and replaced.
* Head-room: a worker runs queries on a thread with a 256 MiB stack
  (:mod:`stargate_kg.engines.running`), reserved before its memory cap.

Messages on the broker's pipe, from the web server: ``("kill", worker)``,
``("stop",)``; to it, once: ``("ready", info)`` or ``("error", message, exit code)``.
On the ``handover`` socket, to the web server: ``("started", worker)`` with the
worker's socket, ``("died", worker, status, message)``.

>>> death_message(-9)[0]
503
"""

import gc
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import wait as wait_for

from stargate_kg.exceptions import StargateKGError
from stargate_kg.guard.sandbox import isolate_broker
from stargate_kg.server.channel import reply_pair, send_message
from stargate_kg.server.worker import death_message, limit_memory, worker_main

__all__ = ["broker_main", "death_message", "limit_memory"]

#: How much of a worker's standard error is kept to tell why it died.
_TAIL = 64 * 1024


class _Worker:
    def __init__(self, proc, err=None):
        self.proc, self.err = proc, err  # err: read end of its standard error, or None
        self.tail = bytearray()


class _Broker:
    """Runs in its own process: starts workers, kills the ones the web server names, reports and replaces the dead."""

    def __init__(self, conn, kg, settings, handover):
        self.conn, self.kg, self.settings, self.handover = conn, kg, settings, handover
        methods = multiprocessing.get_all_start_methods()
        self.forking = "fork" in methods
        self.ctx = multiprocessing.get_context("fork" if self.forking else "spawn")
        self.workers = {}  # key -> _Worker
        self.keys = iter(range(1, 1 << 62))
        for _ in range(settings.worker_count):
            self._start_worker()

    def _start_worker(self):
        server_end, worker_end = reply_pair()  # the web server's end and the worker's
        err_r = err_w = None
        if self.forking:
            err_r, err_w = os.pipe()
            os.set_blocking(err_r, False)
            inherited = [self.conn, self.handover, server_end]
            inherited += [_Fd(w.err) for w in self.workers.values() if w.err is not None]  # the others' stderr pipes
            inherited.append(_Fd(err_r))
            args = (worker_end, self.kg, self.settings, inherited, err_w)
        else:  # pragma: no cover  (no fork: every worker opens the graph itself)
            args = (worker_end, None, self.settings, [])
        proc = self.ctx.Process(target=worker_main, args=args, name="stargate-kg-query", daemon=True)
        proc.start()
        worker_end.close()
        if err_w is not None:
            os.close(err_w)
        key = next(self.keys)
        self.workers[key] = _Worker(proc, err_r)
        try:
            send_message(self.handover, ("started", key), server_end)
        except OSError:
            pass  # the web server is gone: the broker stops when its pipe closes
        server_end.close()

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

    def run(self):
        while True:
            by_sentinel = {w.proc.sentinel: key for key, w in self.workers.items()}
            by_err = {w.err: w for w in self.workers.values() if w.err is not None}
            ready = wait_for([self.conn, *by_sentinel, *by_err])
            # requests first, then standard error, deaths last (what a worker wrote before dying is read first)
            for r in sorted(ready, key=lambda r: 0 if r is self.conn else 2 if r in by_sentinel else 1):
                if r is self.conn:
                    try:
                        msg = self.conn.recv()
                    except (EOFError, OSError):
                        return
                    if msg[0] == "stop":
                        return
                    if msg[0] == "kill" and msg[1] in self.workers:
                        self.workers[msg[1]].proc.kill()  # its death is reported, and it is replaced, like any other
                elif r in by_err:
                    w = by_err[r]
                    if not self._drain(w) and w.err is not None:
                        os.close(w.err)
                        w.err = None
                else:
                    key = by_sentinel[r]
                    w = self.workers.get(key)
                    if w is not None and not w.proc.is_alive():
                        self._died(key, w)

    def _died(self, key, w):
        w.proc.join()
        self._drain(w)
        status, message = death_message(w.proc.exitcode, bytes(w.tail), self.settings.memory_ceiling)
        if w.err is not None:
            os.close(w.err)
            w.err = None
        del self.workers[key]
        try:
            send_message(self.handover, ("died", key, status, message))
        except OSError:
            pass
        self._start_worker()

    def stop(self):
        for w in self.workers.values():
            w.proc.kill()
        for w in self.workers.values():
            w.proc.join(2)


class _Fd:
    """A raw file descriptor with a close() method (for the fds a forked worker must close)."""

    def __init__(self, fd):
        self.fd = fd

    def close(self):
        os.close(self.fd)


def _size(kg):
    try:
        return len(kg)
    except Exception:  # a remote endpoint may not count
        return None


def broker_main(conn, settings, handover):
    """Entry point of the broker process: open the graph once, fork the workers, then look after them."""
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
        try:
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
