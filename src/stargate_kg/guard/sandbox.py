"""The second layer: processes that run queries have no network at all.

:func:`isolate_network` moves the calling process into a Linux network
namespace of its own (``unshare(CLONE_NEWNET)``; without root, together
with a user namespace, ``CLONE_NEWUSER``). The new namespace has one
loopback interface, down, and nothing else: a connection to any address,
127.0.0.1 included, fails with "Network is unreachable", whatever the query
engine was asked to do. Sockets and pipes opened before the call keep
working, so a worker still talks to its broker.

It must run while the process has one thread (a new user namespace
requires it, and a namespace applies to the thread that enters it and to
what that thread starts later). The endpoint's broker calls it first thing,
before it opens the graph and forks the query workers; the CLI runs each
command in a forked child that calls it (:func:`run_command_apart`), so the
parent can also report an engine crash instead of dying with it.

>>> reason = unavailable_reason()  # None on Linux: isolate_network() may work (it can still be refused)
>>> reason is None or "Linux" in reason or "unshare" in reason
True
"""

import os
import signal
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

_CRASHES = {"SIGSEGV", "SIGBUS", "SIGILL", "SIGABRT", "SIGFPE"}
_done = None  # this process's isolate_network() result, once called


def _threads():
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def unavailable_reason():
    """Why this platform cannot isolate a process's network, or None when it (probably) can."""
    if not sys.platform.startswith("linux"):
        return f"network namespaces are a Linux feature (this is {sys.platform})"
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).unshare  # noqa: B018
    except (OSError, AttributeError, ImportError) as ex:
        return f"the C library has no unshare() ({ex})"
    return None


def isolate_network():
    """Move this process into a network namespace with no usable interface; None when done, else the reason it could not.

    Calling it again in the same process returns the first result.
    """
    global _done
    if _done is not None:
        return _done or None
    _done = _isolate() or ""
    return _done or None


def _isolate():
    reason = unavailable_reason()
    if reason:
        return reason
    import ctypes

    if _threads() > 1:
        return "the process already runs several threads"
    unshare = ctypes.CDLL(None, use_errno=True).unshare
    uid, gid = os.getuid(), os.getgid()
    tries = [CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET] if os.geteuid() == 0 else [CLONE_NEWUSER | CLONE_NEWNET]
    errors = []
    for flags in tries:
        if unshare(flags) == 0:
            if flags & CLONE_NEWUSER:
                _map_ids(uid, gid)
            return _verify()
        errno = ctypes.get_errno()
        errors.append(f"unshare({'CLONE_NEWUSER|' if flags & CLONE_NEWUSER else ''}CLONE_NEWNET): {os.strerror(errno)}")
    hint = " (unprivileged user namespaces may be turned off: sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces)"
    return "; ".join(errors) + (hint if os.geteuid() != 0 else "")


def _map_ids(uid, gid):
    """Keep this user's own ids inside the new user namespace (files keep their owners); best effort."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
        except OSError:
            pass


def _verify():
    import socket

    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError as ex:
        return f"cannot list the network interfaces after unshare: {ex}"
    if names not in ([], ["lo"]):
        return f"the new network namespace has interfaces {names}"
    return None


def isolate_broker(settings):
    """Cut the endpoint's broker (and so every query worker it forks) off the network; a line for the start-up banner.

    Returns ``"isolated"``, or a sentence saying why not: the platform does
    not allow it, or the endpoint answers from a remote SPARQL endpoint
    (``--endpoint``), which needs the network (its query texts are still
    checked for SERVICE).
    """
    if getattr(settings, "endpoint", None):
        return "not isolated: the engine is a remote endpoint, reached over the network (SERVICE is still refused)"
    reason = isolate_network()
    return f"NOT isolated: {reason}; SERVICE is refused by the query check alone" if reason else "isolated"


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_command_apart(isolate=True, warn=None):
    """Fork: the child returns (cut off the network when ``isolate``) and runs the command; the parent waits.

    The parent never returns: it exits with the child's exit code, or, when
    the child was killed by a signal, prints one line saying so (a native
    crash in the query engine, such as a stack overflow, or the out-of-memory
    killer) and exits 1. In the child the result is that of
    :func:`isolate_network` (None when isolated or not asked). ``warn``, if
    given, is called in the child with the reason isolation failed.
    Without ``os.fork`` (Windows) the command runs in this process.
    """
    if not hasattr(os, "fork"):
        reason = unavailable_reason() if isolate else None
        if reason and warn:
            warn(reason)
        return reason
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    pid = os.fork()
    if pid == 0:
        from stargate_kg.engines import running

        running.disposable = True  # this process ends with its command: queries run in it (running.run_limited)
        reason = isolate_network() if isolate else None
        if reason and warn:
            warn(reason)
        return reason
    _wait_and_exit(pid)


def _wait_and_exit(pid):  # pragma: no cover  (runs in the parent, which os._exit()s)
    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the terminal sends Ctrl-C to the child too; it decides
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        try:
            signal.signal(sig, forward)
        except (OSError, ValueError):
            pass
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
    if os.WIFEXITED(status):
        os._exit(os.WEXITSTATUS(status))
    sig = os.WTERMSIG(status)
    name = signal_name(sig)
    if name == "SIGINT":
        os._exit(130)
    if name == "SIGABRT":  # Oxigraph (Rust) aborts when an allocation fails under the memory ceiling
        message = (
            "Error: the query engine stopped (SIGABRT): the query needed more memory than its ceiling "
            "(--max-memory, $STARGATE_KG_MAX_MEMORY) or overflowed the engine's stack; narrow the query or raise the ceiling."
        )
    elif name in _CRASHES:
        message = (
            f"Error: the query engine crashed ({name}), most likely a stack overflow on a very long or deeply nested "
            "query; make the query smaller. If it is small, this is a bug: please report it."
        )
    elif name == "SIGKILL":
        message = "Error: the command was killed (SIGKILL), perhaps for using too much memory."
    else:
        message = f"Error: the command was stopped by {name}."
    try:
        os.write(2, (message + "\n").encode())
    except OSError:
        pass
    os._exit(1 if name in _CRASHES or name == "SIGKILL" else 128 + sig)
