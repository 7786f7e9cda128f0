"""Running the endpoint: bind the socket, start the query workers, run uvicorn until Ctrl-C.

>>> sock = bind("127.0.0.1", 0)
>>> url_of(sock).startswith("http://127.0.0.1:")
True
>>> sock.close()
>>> is_loopback("::1"), is_loopback("192.168.1.2")
(True, False)
"""

import socket

from stargate_kg.exceptions import ServerError
from stargate_kg.server.app import create_app
from stargate_kg.server.pool import QueryPool
from stargate_kg.server.protocol import protocol_class

#: Largest request head (request line and headers) read; longer ones get 414 or 431.
MAX_HEAD = 64 * 1024


def is_loopback(host):
    """True for 127.0.0.0/8, ::1 and localhost.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host, port):
    """A listening TCP socket on host:port (port 0: a free one); ServerError if the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as ex:
        raise ServerError(f"cannot listen on {host}: {ex.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as ex:
        sock.close()
        raise ServerError(f"cannot listen on {host}:{port}: {ex.strerror}; choose another --port") from None
    sock.set_inheritable(False)
    return sock


def url_of(sock):
    """``http://host:port`` for a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def connection_budget(wanted):
    """Connections the server may hold: ``wanted``, or fewer when the open-files limit is lower (it is raised when it can be)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = wanted + 256
        if soft != resource.RLIM_INFINITY and soft < need:
            new = need if hard == resource.RLIM_INFINITY else min(need, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
        return max(64, min(wanted, soft - 256))
    except (ImportError, ValueError, OSError):  # pragma: no cover
        return wanted


def _event_loop():
    """uvicorn's event loop: uvloop (libuv) where it is installed, else asyncio's own.

    >>> _event_loop() in ("uvloop", "asyncio")
    True
    """
    try:
        import uvloop  # noqa: F401
    except ImportError:  # pragma: no cover  (Windows: no uvloop)
        return "asyncio"
    return "uvloop"


def _stop_on_sigterm():
    """SIGTERM and SIGHUP stop the server as Ctrl-C does: a clean shutdown, exit 0, no traceback.

    uvicorn handles them while it runs and raises them again once it has stopped;
    this handler turns them into KeyboardInterrupt, which :func:`serve` expects.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)


def serve(settings, host="127.0.0.1", port=8000, access_log=True, announce=None, queries_dir=None):
    """Serve the graph until interrupted. ``announce(base_url, info)`` is called once the endpoint answers.

    Binds first (a busy port fails at once), then opens the graph in the
    broker and starts the workers, then runs uvicorn on the bound socket.
    """
    import uvicorn

    sock = bind(host, port)
    pool = None
    _stop_on_sigterm()
    try:
        pool = QueryPool(settings).start()
        app = create_app(pool, settings, queries_dir)
        config = uvicorn.Config(
            app,
            log_level="info" if access_log else "warning",
            access_log=access_log,
            lifespan="on",
            http=protocol_class(read_timeout=settings.read_timeout, max_head=MAX_HEAD,
                                max_connections=connection_budget(settings.max_connections)),
            loop=_event_loop(),
            server_header=False,
            timeout_keep_alive=5,
            # the protocol bounds connections and keeps room for new clients; uvicorn's own 503 cap sits above it
            limit_concurrency=connection_budget(settings.max_connections) * 2 + settings.max_queue,
            # X-Forwarded-For names the client only when the operator names the proxy (--trust-proxy)
            proxy_headers=bool(settings.trusted_proxies),
            forwarded_allow_ips=list(settings.trusted_proxies) or "",
        )
        server = uvicorn.Server(config)
        if announce:
            announce(url_of(sock), pool.info)
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled
        pass
    except SystemExit as ex:  # uvicorn exits 1 when it cannot start; a SIGTERM is a clean stop
        if ex.code not in (None, 0):
            raise
    finally:
        if pool is not None:
            pool.close()
        sock.close()
