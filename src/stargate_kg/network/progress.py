"""Progress of long network work on stderr: live on a terminal, quiet otherwise; warnings always.

The library reports stages to a :class:`Progress` it is given (the default,
:data:`QUIET`, says nothing); the CLI passes ``Progress.stderr()``.

>>> import io
>>> out = io.StringIO()
>>> p = Progress(out, live=False)
>>> with p.stage("pagerank"):
...     pass
>>> p.warn("exact betweenness will take about 2 min; --approx 256 is faster")
>>> out.getvalue()
'exact betweenness will take about 2 min; --approx 256 is faster\\n'
"""

import sys
import threading
import time
from contextlib import contextmanager


def seconds_text(s):
    """A duration for people: ``0.4 s``, ``12 s``, ``3 min``, ``2.5 h``.

    >>> [seconds_text(x) for x in (0.42, 12.3, 185, 9000)]
    ['0.4 s', '12 s', '3 min', '2.5 h']
    """
    if s < 10:
        return f"{s:.1f} s"
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


class Progress:
    """Stage lines with a running clock on ``stream`` when ``live``; :meth:`warn` writes in any case."""

    #: Seconds a stage runs before it is shown.
    delay = 1.0

    def __init__(self, stream=None, live=None, delay=None):
        self.stream = stream
        self.live = bool(live) and stream is not None
        if delay is not None:
            self.delay = delay

    @classmethod
    def stderr(cls):
        """Live on stderr when stderr is a terminal."""
        stream = sys.stderr
        return cls(stream, live=hasattr(stream, "isatty") and stream.isatty())

    def _write(self, text):
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.live = False

    def warn(self, message):
        """A line the user should see even when stderr is not a terminal (an expected long wait)."""
        if self.stream is not None:
            self._write(message + "\n")

    def note(self, message):
        """A line shown only on a terminal."""
        if self.live:
            self._write(message + "\n")

    @contextmanager
    def stage(self, what):
        """``with progress.stage("pagerank on 100,000 nodes") as step:`` shows ``what… 3 s`` while it runs, then the time taken.

        Nothing is shown for work that ends within :attr:`delay` seconds.
        ``step("file 3 of 9")`` (the value bound by ``as``) adds what it is doing now to the line.
        """
        state = {"detail": "", "shown": False}

        def step(detail):
            state["detail"] = detail

        if not self.live:
            yield step
            return
        start = time.perf_counter()
        done = threading.Event()

        def tick():
            while not done.wait(0.25):
                elapsed = time.perf_counter() - start
                if elapsed >= self.delay:
                    detail = f" {state['detail']}" if state["detail"] else ""
                    self._write(f"\r{what}{detail}… {seconds_text(elapsed)}\x1b[K")
                    state["shown"] = True

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield step
        finally:
            done.set()
            ticker.join()
            if state["shown"]:
                self._write(f"\r{what}: {seconds_text(time.perf_counter() - start)}\x1b[K\n")


QUIET = Progress(None, live=False)
