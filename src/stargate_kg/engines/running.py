"""Running a query with head-room, a time limit and a memory ceiling, and stopping it on Ctrl-C.

Oxigraph parses and optimizes a query by recursion on the thread that calls
it; a thread's stack is 8 MiB by default, and the query check
(:mod:`stargate_kg.guard`) keeps every query far below what overflows it. As
a second margin, queries run on a thread with a :data:`STACK` of 256 MiB
(32 times the default; only the pages a query touches are used).

:class:`RunLimits` says how long a query may run and how much memory it may
add. Two ways of running enforce them:

* :func:`run_limited` (in a process that ends with its command: the CLI's
  command process, the endpoint's workers): the query runs on the big-stack
  thread while the calling thread waits; past the time limit, or on Ctrl-C,
  the caller gets :class:`~stargate_kg.exceptions.QueryTimeout` or
  ``KeyboardInterrupt`` and the process, which is about to end, never waits
  for the engine. The address space is capped (``RLIMIT_AS``) while the
  query runs, so the rest of the command is not.
* :func:`run_apart` (the library in a notebook or a program, which must
  survive any query): the query runs in a forked child that holds the same
  graph; the child is killed when the time is up or on Ctrl-C (the caller
  gets the exception), and a crash or an exhausted memory ceiling in it is
  reported as :class:`~stargate_kg.exceptions.QueryError`, never a dead kernel.

>>> run_limited(lambda: sum(range(10)), RunLimits(timeout=5))
45
>>> run_apart(lambda: 6 * 7, RunLimits(timeout=5))
42
"""

import os
import pickle
import select
import signal
import threading
from dataclasses import dataclass, replace

from stargate_kg.exceptions import QueryError, QueryTimeout

#: Stack of the thread queries run on: 32 x the 8 MiB default, which the guard's limits are measured against.
STACK = 256 * 2**20
#: Default time limit (seconds) and memory ceiling (bytes a query may add) of the library and the CLI.
TIMEOUT = 300.0  # the rdflib engine needs over a minute for the slowest catalog question on a busy machine
MAX_MEMORY = 2 * 2**30
_CRASHES = {"SIGSEGV", "SIGBUS", "SIGILL", "SIGABRT", "SIGFPE"}
#: Set in a process that ends with its command (the CLI's command process, an endpoint worker).
disposable = False
#: Set where the process's memory limit is managed elsewhere (an endpoint worker caps itself once).
_capped = False
_local = threading.local()


@dataclass(frozen=True)
class RunLimits:
    """How long one query may run (seconds; 0: no limit) and how many bytes it may add to the process (0: no ceiling).

    The defaults come from ``$STARGATE_KG_TIMEOUT`` and ``$STARGATE_KG_MAX_MEMORY``
    (bytes, or with a K/M/G suffix), else :data:`TIMEOUT` and :data:`MAX_MEMORY`.

    >>> RunLimits(timeout=3).timeout
    3
    """

    timeout: float = TIMEOUT
    memory: int = MAX_MEMORY

    def __post_init__(self):
        """Refuse what no limit can be (ValueError): ``kg.set_limits(timeout=1e999)`` or ``max_memory=-5`` would
        otherwise fail at the next query, the latter by capping the process below its own size; texts as
        ``--timeout`` and ``--max-memory`` take them ('30', '512M') are read."""
        t, m = self.timeout, self.memory
        if isinstance(t, str):
            t = parse_seconds(t, TIMEOUT)
        if isinstance(m, str):
            m = parse_bytes(m, MAX_MEMORY)
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t < float("inf"):
            raise ValueError(f"not a time limit: {self.timeout!r} (seconds, a finite number >= 0; 0: no limit)")
        if isinstance(m, float) and m.is_integer():
            m = int(m)
        if isinstance(m, bool) or not isinstance(m, int) or m < 0:
            raise ValueError(f"not a memory ceiling: {self.memory!r} (bytes, a whole number >= 0, or a size such as '512M'; 0: none)")
        object.__setattr__(self, "timeout", t)
        object.__setattr__(self, "memory", m)

    @classmethod
    def from_env(cls):
        return cls(parse_seconds(os.environ.get("STARGATE_KG_TIMEOUT"), TIMEOUT),
                   parse_bytes(os.environ.get("STARGATE_KG_MAX_MEMORY"), MAX_MEMORY))

    def but(self, **changes):
        return replace(self, **changes)


def parse_seconds(text, default):
    """Seconds from text ('30', '2.5'); ``default`` when empty; ValueError otherwise."""
    if text in (None, ""):
        return default
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"not a number of seconds: {text!r}")
    return value


def parse_bytes(text, default):
    """Bytes from text ('512M', '2G', '1048576'); ``default`` when empty; ValueError otherwise.

    >>> parse_bytes("512M", 0)
    536870912
    """
    if text in (None, ""):
        return default
    s = str(text).strip().upper().removesuffix("IB").removesuffix("B")
    scale = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(s[-1:], 1)
    number = s[:-1] if scale > 1 else s
    if not number.isdigit():
        raise ValueError(f"not a size in bytes: {text!r} (write e.g. 512M or 2G)")
    return int(number) * scale


def vm_size():
    """This process's virtual memory size in bytes (Linux /proc), or None."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def cap_memory(extra):
    """Cap this process's address space at its size now + ``extra`` bytes; the soft limit it replaced, or None.

    Does nothing (None) when ``extra`` is 0 or another part of this process
    manages the limit (an endpoint worker: :data:`_capped`).
    """
    if _capped or not extra:
        return None
    try:
        import resource

        size = vm_size()
        if size is None:
            return None
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return soft
    except (ImportError, ValueError, OSError):  # pragma: no cover  (not POSIX)
        return None


def _uncap(soft):
    """Put back the soft address-space limit :func:`cap_memory` replaced (the rest of the command is not capped)."""
    if soft is None:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (soft, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass


class _Runner:
    """One thread with a big stack that runs jobs one at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.job = None
        self.ready = threading.Event()
        old = threading.stack_size()
        threading.stack_size(STACK)
        try:
            self.thread = threading.Thread(target=self._loop, name="stargate-kg-query", daemon=True)
            self.thread.start()
        finally:
            threading.stack_size(old)

    def _loop(self):
        while True:
            self.ready.wait()
            self.ready.clear()
            job = self.job
            try:
                job["result"] = job["fn"]()
            except BaseException as ex:  # handed to the caller
                job["error"] = ex
            job["done"].set()


_runners = []
_runners_lock = threading.Lock()


def _runner():
    """An idle runner (a new one when all are busy with queries their callers gave up on)."""
    with _runners_lock:
        for r in _runners:
            if r.lock.acquire(blocking=False):
                return r
        if len(_runners) >= 8:
            raise QueryError("8 earlier queries that timed out or were interrupted are still running; restart the program")
        r = _Runner()
        r.lock.acquire()
        _runners.append(r)
        return r


def _forget_runners():
    """In a forked child: the parent's runner threads do not exist here."""
    global _runners, _runners_lock
    _runners, _runners_lock = [], threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_runners)


def start_runner():
    """Create the big-stack thread now (an endpoint worker does it before capping its memory)."""
    with _runners_lock:
        if not _runners:
            _runners.append(_Runner())


def on_big_stack(fn, timeout=None):
    """Run ``fn()`` on a thread with a :data:`STACK` stack; its result, or its exception raised here.

    Past ``timeout`` seconds raise QueryTimeout; Ctrl-C raises KeyboardInterrupt at once.
    Either way the query is left to finish on its own thread (see :func:`run_apart` to stop it).
    """
    if getattr(_local, "inside", False):
        return fn()  # already on a runner (a query inside a query)
    r = _runner()
    job = {"fn": lambda: _inside(fn), "done": threading.Event()}
    abandoned = False
    try:
        r.job = job
        r.ready.set()
        if not job["done"].wait(timeout or None):
            abandoned = True
            raise QueryTimeout(timeout)
    except BaseException:
        abandoned = True
        raise
    finally:
        if not abandoned or job["done"].is_set():
            r.lock.release()
        else:  # the runner stays busy until the engine returns; it frees itself then
            threading.Thread(target=_release_when_done, args=(r, job), daemon=True).start()
    if "error" in job:
        raise job["error"]
    return job["result"]


def _release_when_done(r, job):
    job["done"].wait()
    r.lock.release()


def _inside(fn):
    _local.inside = True
    try:
        return fn()
    finally:
        _local.inside = False


def run_limited(fn, limits):
    """Run ``fn()`` on the big stack under ``limits`` in this process (for a process that ends with its command)."""
    if limits is None:
        return on_big_stack(fn)
    before = None
    if disposable and limits.memory:
        start_runner()  # its stack is reserved before the cap
        before = cap_memory(limits.memory)
    try:
        from stargate_kg.engines.held_stderr import HeldStderr

        with HeldStderr(before is not None and not getattr(_local, "inside", False)):
            return on_big_stack(fn, limits.timeout)
    finally:
        if before is not None and not getattr(_local, "inside", False):
            _uncap(before)  # the query is over (or abandoned by a process about to exit)


def run_apart(fn, limits):
    """Run ``fn()`` in a forked child under ``limits``; its result (pickled back), or its exception raised here.

    Without ``os.fork`` it runs on the big stack in this process (:func:`run_limited`).
    """
    if not hasattr(os, "fork") or getattr(_local, "inside", False):
        return run_limited(fn, limits)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover  (the child; coverage is not collected after fork)
        code = 0
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            import faulthandler

            faulthandler.disable()  # a crash here is reported by the parent, in one line (no dump of the kernel's threads)
            global disposable
            disposable = True
            try:
                out = ("ok", run_limited(fn, limits.but(timeout=0)))
            except BaseException as ex:
                out = ("error", type(ex), str(ex), ex.args, dict(getattr(ex, "__dict__", {})))
            try:
                data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as ex:
                data = pickle.dumps(("error", QueryError, "", (f"the answer cannot be passed back: {ex}",), {}))
            with os.fdopen(w, "wb") as f:
                f.write(data)
        except MemoryError:
            code = 3
        except BaseException:
            code = 1
        os._exit(code)
    os.close(w)
    try:
        data = _read_all(r, limits.timeout, pid)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(r)
    status = _reap(pid)
    if data:
        out = pickle.loads(data)
        if out[0] == "ok":
            return out[1]
        _, cls, text, args, attrs = out
        ex = cls.__new__(cls)
        BaseException.__init__(ex, *args)
        ex.__dict__.update(attrs)
        if isinstance(ex, MemoryError):
            raise _out_of_memory(limits)
        raise ex
    raise _death(status, limits)


def _read_all(fd, timeout, pid):
    import time

    chunks = []
    deadline = time.monotonic() + timeout if timeout else None
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise QueryTimeout(timeout)
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            continue
        block = os.read(fd, 1 << 20)
        if not block:
            return b"".join(chunks)
        chunks.append(block)


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    _reap(pid)


def _reap(pid):
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue


def _out_of_memory(limits):
    return QueryError(f"the query needs more than its memory ceiling ({limits.memory // 2**20} MiB); "
                      "narrow it, or raise the ceiling ($STARGATE_KG_MAX_MEMORY, --max-memory)")


def _death(status, limits):
    from stargate_kg.guard.sandbox import signal_name

    if os.WIFEXITED(status):
        if os.WEXITSTATUS(status) == 3:
            return _out_of_memory(limits)
        return QueryError(f"the query stopped without an answer (exit {os.WEXITSTATUS(status)})")
    name = signal_name(os.WTERMSIG(status))
    if name == "SIGABRT":  # Rust aborts when an allocation fails under the ceiling
        return _out_of_memory(limits)
    if name in _CRASHES:
        return QueryError(f"the query engine crashed ({name}) on this query; make the query smaller. "
                          "If it is small, this is a bug: please report it.")
    return QueryError(f"the query was stopped by {name}")
