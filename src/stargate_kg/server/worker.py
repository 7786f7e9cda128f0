"""A query worker process: answers jobs one at a time under a memory ceiling, and says why it died if it does.

Workers are forked by the broker (:mod:`stargate_kg.server.broker`) from the
loaded graph; each has a socket to the web server (:mod:`stargate_kg.server.channel`).
On it the worker says ``("ready",)`` once the graph is open, then reads jobs
``(id, job)``, answers each (:func:`~stargate_kg.server.answers.handle`) and
writes ``("reply", id, Reply)``: a query and its answer each take one hop.
The job loop runs on the big-stack thread
(:mod:`stargate_kg.engines.running`): a query needs no hand-over between
threads, and still has the head-room.

>>> death_message(-11)
(500, 'query stopped: the query crashed the engine (signal 11, SIGSEGV); this is a bug in the engine, please report the query')
>>> death_message(-6, b"memory allocation of 1073741824 bytes failed", 2**29)[1]
'query stopped: it needed more memory than this endpoint allows one query (512 MiB, --max-memory); narrow it or add LIMIT'
"""

import os
import signal

from stargate_kg.engines.running import vm_size as _vm_size
from stargate_kg.server.answers import error_reply, handle, is_out_of_memory, out_of_memory_reply
from stargate_kg.server.channel import FrameReader, frame
from stargate_kg.server.safety import lock_down_rdflib


def limit_memory(extra):
    """Cap this process's address space at its current size + ``extra`` bytes (RLIMIT_AS); returns the cap or None.

    Going over makes an allocation fail: Python raises MemoryError, Oxigraph
    (Rust) aborts the process after writing "memory allocation of N bytes
    failed", which the broker reads from the worker's standard error.
    """
    if not extra:
        return None
    try:
        import resource
    except ImportError:  # pragma: no cover  (not POSIX)
        return None
    size = _vm_size()
    if size is None:  # pragma: no cover  (no /proc: no baseline to add to)
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):  # pragma: no cover
        return None
    return cap


def worker_main(sock, kg, settings, inherited, err_fd=None):
    """A query worker: answer the web server's jobs on ``sock``, one at a time, until it closes."""
    for c in inherited:  # fds copied by fork that belong to the broker: keep EOF detection working
        try:
            c.close()
        except OSError:
            pass
    if err_fd is not None:  # standard error goes to the broker, which reads why a worker died
        os.dup2(err_fd, 2)
        os.close(err_fd)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # sent to the group: the server stops the broker, which kills its workers
        signal.signal(sig, signal.SIG_IGN)
    lock_down_rdflib()
    failure = None
    if kg is None:
        try:
            kg = settings.open()
        except Exception as ex:  # reported with every answer
            failure = error_reply(503, f"the query engine cannot open the graph: {ex}")
    from stargate_kg.engines import running

    running.disposable = True  # the broker replaces a worker that overruns: queries run in this process
    running.start_runner()  # the big-stack thread, reserved before the memory cap
    running._capped = True  # limit_memory() below is this process's only cap
    if kg is not None:
        kg.set_limits(timeout=0, max_memory=0)  # the broker enforces the endpoint's own (--timeout, --max-memory)
    limit_memory(settings.memory_ceiling)
    sock.setblocking(True)
    try:
        sock.sendall(frame(("ready",)))  # the web server hands it jobs from now on
    except OSError:
        return
    running.on_big_stack(lambda: _serve(sock, kg, settings, failure))


def _serve(sock, kg, settings, failure):
    """The job loop (on the big-stack thread, so each query runs where it is received)."""
    backstop = hasattr(signal, "setitimer")
    reader, jobs = FrameReader(), []
    while True:
        while not jobs:
            try:
                data = sock.recv(1 << 20)
            except OSError:
                return
            if not data:  # the web server is gone
                return
            jobs += reader.feed(data)
        job_id, job = jobs.pop(0)
        if backstop:  # SIGALRM's default action ends the process, should the broker be gone
            signal.setitimer(signal.ITIMER_REAL, settings.timeout + 5)
        reply = failure or handle(kg, job, settings)
        if backstop:
            signal.setitimer(signal.ITIMER_REAL, 0)
        out_of_memory = is_out_of_memory(reply)
        if out_of_memory:
            reply = out_of_memory_reply(settings.memory_ceiling)
        try:
            sock.sendall(frame(("reply", job_id, reply)))
        except OSError:
            return
        if out_of_memory:  # its heap may stay bloated or fragmented: a fresh worker takes its place
            os._exit(3)


def death_message(exitcode, stderr=b"", ceiling=None):
    """What to tell the client whose query a worker was answering when it died: (status, message).

    >>> death_message(-9)[0], death_message(1)[0]
    (503, 500)
    """
    if b"memory allocation of" in stderr and b"failed" in stderr:
        return out_of_memory_reply(ceiling).status, out_of_memory_reply(ceiling).body.decode("utf-8").strip()
    if b"has overflowed its stack" in stderr:
        return 500, "query stopped: the query overflowed the engine's stack (the worker crashed); simplify or split it"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        if -exitcode == signal.SIGKILL:
            return 503, (
                f"query stopped: its worker was killed from outside the server (signal 9, {name}), "
                "for example by the system's out-of-memory killer; try again"
            )
        return 500, f"query stopped: the query crashed the engine (signal {-exitcode}, {name}); this is a bug in the engine, please report the query"
    return 500, f"query stopped: the query worker ended unexpectedly (exit code {exitcode}); this is a bug, please report the query"
