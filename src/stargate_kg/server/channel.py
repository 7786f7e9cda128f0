"""Jobs and replies between the web server and a query worker: length-prefixed frames on a socket.

The web server sends a worker each job, and the worker writes each reply,
as one *frame* (8-byte big-endian length, then the pickled message) on the
worker's own socket; the web server reads the socket whenever it is readable
(``loop.add_reader``) and takes every complete frame off its buffer, so a
reply never waits for another process (the broker) or a thread to pass it
on. The broker hands the web server each new worker's socket, and says when
a worker died, over a ``SOCK_SEQPACKET`` pair (:func:`send_message`,
:func:`receive_message`).

>>> reader = FrameReader()
>>> data = frame(("reply", 1, "ok")) + frame(("reply", 2, b"x" * 3))
>>> reader.feed(data[:5]), reader.feed(data[5:])
([], [('reply', 1, 'ok'), ('reply', 2, b'xxx')])
"""

import os
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


def send_message(channel, message, sock=None):
    """Send ``message`` (one record) over ``channel``, with ``sock``'s descriptor when given (close yours after).

    >>> here, there = handover_pair()
    >>> a, b = reply_pair()
    >>> send_message(there, ("started", 1), a)
    >>> msg, got = receive_message(here)
    >>> msg, got.type == a.type
    (('started', 1), True)
    >>> for s in (here, there, a, b, got):
    ...     s.close()
    """
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if sock is None:
        channel.send(data)
    else:
        socket.send_fds(channel, [data], [sock.fileno()])


def receive_message(channel):
    """One (message, socket or None) sent by :func:`send_message`; BlockingIOError when none is pending,
    EOFError once the sender closed its end. A received socket is non-blocking."""
    data, fds, _, _ = socket.recv_fds(channel, 65536, 4)
    if not data:
        for fd in fds:
            os.close(fd)
        raise EOFError
    sock = None
    for i, fd in enumerate(fds):
        if i == 0:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=fd)
            sock.setblocking(False)
        else:
            os.close(fd)
    return pickle.loads(data), sock
