"""Holding back what a query's engine writes to stderr until the query is over.

Under the CLI's memory ceiling, an allocation that fails makes Oxigraph
(Rust) print "memory allocation of N bytes failed" (and, with
``RUST_BACKTRACE``, a backtrace) and abort; the command's parent process then
says what happened in one line (:mod:`stargate_kg.guard.sandbox`). Held in a
file, that text dies with the aborted process; a query that ends any other
way passes on all it wrote.

>>> with HeldStderr(active=True) as held:  # in the CLI's command process, around a capped query
...     pass
>>> held.saved is None  # fd 2 is back where it was
True
"""

import os


class HeldStderr:
    """A context: while it is open, what is written to fd 2 waits in a file; on leaving, it is written to fd 2.

    Inactive when ``active`` is false, or with ``STARGATE_KG_TRACEBACK=1`` (a bug report wants the engine's words).
    """

    def __init__(self, active):
        debugging = os.environ.get("STARGATE_KG_TRACEBACK", "").strip().lower() in ("1", "true", "yes", "on")
        self.active = active and not debugging
        self.saved = self.file = None

    def __enter__(self):
        if not self.active:
            return self
        import sys
        import tempfile

        try:
            sys.stderr.flush()
            self.file = tempfile.TemporaryFile()
            self.saved = os.dup(2)
            os.dup2(self.file.fileno(), 2)
        except (OSError, ValueError, AttributeError):  # pragma: no cover  (no fd 2, or no room for a file)
            self._restore()
        return self

    def __exit__(self, *exc):
        self._restore()

    def _restore(self):
        if self.saved is None:
            if self.file is not None:
                self.file.close()
            return
        import sys

        try:
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # pragma: no cover
            pass
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.saved = None
        self.file.seek(0)
        while chunk := self.file.read(65536):
            os.write(2, chunk)
        self.file.close()
