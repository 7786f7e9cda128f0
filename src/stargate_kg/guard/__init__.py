"""Guarding the query engines: what a query may ask (:mod:`.checker`) and what an engine may reach (:mod:`.sandbox`).

Two independent layers keep a query from making this software open a
network connection:

1. :func:`check` reads the query text as the engine reads it and refuses
   ``SERVICE`` anywhere, SPARQL Update and ``FROM``; the engine then runs
   exactly the checked text (:attr:`Checked.text`). It also enforces the
   :class:`Limits` that keep a long flat query from crashing the engine, and
   names an undeclared prefix.
2. :func:`stargate_kg.guard.sandbox.isolate_network` moves the process that
   runs queries (endpoint workers, the CLI's command process) into a network
   namespace of its own with no interfaces, so even a query the check missed
   cannot reach another host or a port on this one.

>>> check("ASK { ?s ?p ?o }")
Checked(form='ASK', text='ASK { ?s ?p ?o }')
"""

from stargate_kg.guard.checker import FORMS, LIMITS, NO_FROM, NO_SERVICE, READ_ONLY, Checked, Limits, check

__all__ = ["FORMS", "LIMITS", "NO_FROM", "NO_SERVICE", "READ_ONLY", "Checked", "Limits", "check"]
