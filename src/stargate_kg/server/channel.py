"""Replies from a query worker straight to the web server: length-prefixed frames on a socket, read on the event loop.

A worker writes each reply as one *frame* (8-byte big-endian length, then
the pickled message) on its own socket; the web server reads the socket
whenever it is readable (``loop.add_reader``) and takes every complete frame
off its buffer, so a reply never waits for another process (the broker) or a
thread to pass it on. The broker hands the web server each new worker's
socket over a ``SOCK_SEQPACKET`` pair (:func:`send_socket`, :func:`receive_socket`).

>>> reader = FrameReader()
>>> data = frame(("reply", 1, "ok")) + frame(("reply", 2, b"x" * 3))
>>> reader.feed(data[:5]), reader.feed(data[5:])
([], [('reply', 1, 'ok'), ('reply', 2, b'xxx')])
"""

import pickle
import socket

_LENGTH = 8


def frame(message):
    """``message`` pickled, behind its length (8 bytes, big-endian)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(_LENGTH, "big") + data


class FrameReader:
    """Collects bytes from a socket; :meth:`feed` returns the messages completed so far."""

    def __init__(self):
        self.buffer = bytearray()

    def feed(self, data):
        buf = self.buffer
        buf += data
        out = []
        while len(buf) >= _LENGTH:
            size = int.from_bytes(buf[:_LENGTH], "big")
            end = _LENGTH + size
            if len(buf) < end:
                break
            out.append(pickle.loads(bytes(buf[_LENGTH:end])))
            del buf[:end]
        return out


def reply_pair():
    """A connected pair of stream sockets: (the web server's end, the worker's end)."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    a.set_inheritable(False)
    b.set_inheritable(False)
    return a, b


def handover_pair():
    """The pair the broker hands worker sockets over: (the web server's end, the broker's end)."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def send_socket(channel, sock):
    """Pass ``sock``'s descriptor over ``channel`` (the receiver gets its own copy; close yours)."""
    socket.send_fds(channel, [b"w"], [sock.fileno()])


def receive_socket(channel):
    """The socket passed by :func:`send_socket`, non-blocking; None when none is pending; EOFError once the sender closed."""
    try:
        data, fds, _, _ = socket.recv_fds(channel, 1, 4)
    except (BlockingIOError, InterruptedError):
        return None
    if not fds:
        if not data:
            raise EOFError
        return None
    for extra in fds[1:]:
        socket.close(extra)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=fds[0])
    sock.setblocking(False)
    return sock
