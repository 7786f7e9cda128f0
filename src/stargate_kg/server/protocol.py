"""HTTP/1.1 on uvicorn's httptools protocol, with the limits a server left running needs.

uvicorn's protocols parse HTTP with h11 (pure Python) or httptools (llhttp,
in C); the endpoint uses httptools, which costs a simple query about half a
millisecond less than h11 (``benchmarks/load_endpoint.py --compare-oxigraph``).
uvicorn alone holds a connection open for as long as a client takes to send
its request head, and bounds neither a request head's size (httptools) nor
the connections one client holds. :func:`protocol_class` returns uvicorn's
httptools protocol with these limits:

* **read timeout**: a request head that has not fully arrived within
  ``read_timeout`` seconds (from the connection's start, or from the first
  byte of a later request on a kept-alive connection) gets ``408 Request
  Timeout`` and the connection is closed; a connection that sent nothing is
  closed. (The app gives the body its own ``read_timeout``.)
* **connections per client**: one client address (IPv6: its /64) may hold
  at most ``max_per_client`` connections at once, and fewer as the server
  fills (a quarter of the free slots, at least 4); another one is answered
  ``429`` and closed;
* **room for new clients**: at most ``max_connections`` connections are open
  in all; when a new client's connection would pass that, an idle connection
  (no request in progress) of the client holding the most is closed to make
  room, so a few addresses with many half-sent requests cannot lock others out;
* **oversized heads**: a request line over ``max_head`` bytes gets ``414 URI
  Too Long`` with a hint to POST the query, other heads over ``max_head``
  bytes ``431``, however they arrive (in one packet or many);
  the rest of what the client sends is read and dropped for a moment
  (a "lingering close"), so the client reads the answer instead of a reset.

>>> status_line(408)
b'HTTP/1.1 408 Request Timeout\\r\\n'
"""

from http import HTTPStatus

#: Bytes read and dropped after answering an oversized request head, and for how long.
LINGER_BYTES = 16 * 1024 * 1024
LINGER_SECONDS = 2.0


def status_line(status):
    return f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode("ascii")


def raw_response(status, message):
    """A complete ``Connection: close`` plain-text response, as bytes."""
    body = (message + "\n").encode("utf-8")
    head = (
        f"content-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: {len(body)}\r\n"
        "x-content-type-options: nosniff\r\n\r\n"
    )
    return status_line(status) + head.encode("ascii") + body


def per_client_cap(max_per_client, max_connections, open_now):
    """Connections one client may hold when ``open_now`` are open: a quarter of the free ones, 4 to ``max_per_client``.

    >>> per_client_cap(64, 1024, 0), per_client_cap(64, 1024, 900), per_client_cap(64, 1024, 1020)
    (64, 31, 4)
    """
    return max(4, min(max_per_client, (max_connections - open_now) // 4))


class OneWrite:
    """A transport that sends what a response writes in one loop step with one system call (head and body together).

    uvicorn writes a response's head and its body separately; on loopback each
    write wakes the client, so two cost about twice one.
    """

    __slots__ = ("transport", "loop", "held")

    def __init__(self, transport, loop):
        self.transport, self.loop, self.held = transport, loop, []

    def write(self, data):
        if not self.held:
            self.loop.call_soon(self.flush)
        self.held.append(data)

    def flush(self):
        held, self.held = self.held, []
        if held and not self.transport.is_closing():
            self.transport.write(b"".join(held))

    def close(self):
        self.flush()
        self.transport.close()

    def __getattr__(self, name):
        return getattr(self.transport, name)


def protocol_class(read_timeout=10.0, max_head=64 * 1024, max_per_client=64, max_connections=1024):
    """uvicorn's HttpToolsProtocol with a request-head read timeout, a cap on connections per client, and clear answers to oversized heads."""
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from stargate_kg.server.app import TOO_LONG_FOR_GET
    from stargate_kg.server.fairness import client_key

    open_connections = {}  # client key -> connections open now (this server's event loop only)
    by_client = {}  # client key -> its open protocols (to close an idle one when the server is full)

    class LimitedHttpProtocol(HttpToolsProtocol):
        def connection_made(self, transport):
            self._head_timer = None
            self._discarding = False
            self._discarded = 0
            self._in_head = True  # between requests: a request head may be arriving
            self._head = 0  # bytes of that head received so far
            self._tail = b""  # its last 3 bytes (a blank line split between packets)
            self._line_done = False  # its request line is complete
            self._too_big = False
            super().connection_made(transport)
            self._key = client_key(self.client[0] if self.client else None)
            total = sum(open_connections.values())
            mine = open_connections.get(self._key, 0)
            cap = per_client_cap(max_per_client, max_connections, total)
            open_connections[self._key] = mine + 1
            by_client.setdefault(self._key, set()).add(self)
            if mine + 1 > cap:
                self.transport.write(raw_response(
                    429, f"too many connections from {self._key}: at most {cap} at once"))  # fmt: skip
                self.transport.close()
                return
            if total + 1 > max_connections and not _make_room(self._key):
                self.transport.write(raw_response(503, "the server holds as many connections as it can; try again"))
                self.transport.close()
                return
            self._arm()

        def connection_lost(self, exc):
            self._disarm()
            left = open_connections.get(self._key, 1) - 1
            if left > 0:
                open_connections[self._key] = left
                by_client.get(self._key, set()).discard(self)
            else:
                open_connections.pop(self._key, None)
                by_client.pop(self._key, None)
            super().connection_lost(exc)

        def _idle(self):
            busy = self.cycle is not None and not self.cycle.response_complete
            return not self.transport.is_closing() and self._in_head and not busy

        def _arm(self):
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(read_timeout, self._head_timed_out)

        def _disarm(self):
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self):
            self._head_timer = None
            if self.transport.is_closing() or self._discarding:
                return
            if not self._in_head:  # a request is being answered: the app has its own limits
                return
            if self._head:  # part of a request head
                self.transport.write(raw_response(
                    408, f"the request head did not arrive within {read_timeout:g} s (--read-timeout)"))  # fmt: skip
            self.transport.close()

        def data_received(self, data):
            if self._discarding:
                self._discarded += len(data)
                if self._discarded > LINGER_BYTES:
                    self.transport.close()
                return
            self._unset_keepalive_if_required()
            if self._in_head:  # a request head is arriving: count it up to its blank line
                if not self._line_done and b"\n" in data[: max(0, max_head - self._head)]:
                    self._line_done = True
                seen = self._tail + data
                end = seen.find(b"\r\n\r\n")
                size = self._head + (end + 4 - len(self._tail) if end >= 0 else len(data))
                if size > max_head:
                    self._oversized(self._line_done)
                    return
                if end < 0:
                    self._head, self._tail = size, seen[-3:]
                    self._arm()  # a request head has started to arrive: it must be complete in time
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserUpgrade:  # answered as a plain request (no WebSocket here)
                self._unsupported_upgrade_warning()
            except httptools.HttpParserError:
                if self._too_big:
                    self._oversized(True)
                    return
                self.logger.warning("Invalid HTTP request received.")
                self.send_400_response("Invalid HTTP request received.")

        def on_headers_complete(self):
            self._in_head, self._head, self._tail, self._line_done = False, 0, b"", False
            self._disarm()
            # pipelined requests after the first one in a packet were not counted above: count what was parsed
            if len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers) > max_head:
                self._too_big = True
                raise ValueError("request head too large")
            super().on_headers_complete()
            if self.cycle is not None:
                self.cycle.transport = OneWrite(self.transport, self.loop)

        def on_message_complete(self):
            super().on_message_complete()
            self._in_head = True  # the next request's head may follow

        def _oversized(self, first_line_done):
            if first_line_done:
                status, text = 431, f"the request headers are larger than this endpoint accepts ({max_head} bytes)"
            else:
                status, text = 414, TOO_LONG_FOR_GET.format(limit=max_head)
            self.logger.warning("request head over %d bytes: answered %d", max_head, status)
            self.transport.write(raw_response(status, text))
            # a lingering close: stop writing, read and drop what the client is still sending, then close
            self._discarding = True
            self._disarm()
            self._unset_keepalive_if_required()
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def _make_room(newcomer):
        """Close an idle connection of the client holding the most (not ``newcomer``); False when none can go."""
        for key in sorted(open_connections, key=open_connections.get, reverse=True):
            if key == newcomer or open_connections[key] < 2:
                continue
            for proto in list(by_client.get(key, ())):
                if proto._idle():
                    proto.transport.close()
                    return True
        return False

    return LimitedHttpProtocol
