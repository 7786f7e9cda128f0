"""stargate-kg: a sourced knowledge graph of the Stargate AI-infrastructure story.

The library is the product; the ``stargate-kg`` command is a thin layer over it.
In a notebook, :func:`open` gives the graph on the CLI's engine with
DataFrame answers (see :mod:`stargate_kg.answers.notebook`).

>>> from stargate_kg import load, resolve
>>> kg = load()
>>> resolve(kg, "软银").label
'SoftBank Group'
"""

__version__ = "0.1.0"

_LAZY = {
    "load": "stargate_kg.loader",
    "open": "stargate_kg.answers.notebook",
    "KnowledgeGraph": "stargate_kg.kg",
    "resolve": "stargate_kg.lookup",
    "statements_of": "stargate_kg.answers.statements",
    "validate": "stargate_kg.validation",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    # Heavy modules (rdflib) are imported on first use, so `import stargate_kg`
    # and the CLI's start-up stay fast.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'stargate_kg' has no attribute {name!r}")
