"""Where the shipped graph, rules and query catalog live.

In a source checkout they are the repository's ``graph/`` and ``queries/``;
in an installed wheel, copies packed under ``stargate_kg/_data/``.

>>> (default_graph_dir() / "ontology.ttl").is_file()
True
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _pick(name):
    repo = _HERE.parents[1] / name
    if repo.is_dir():
        return repo
    return _HERE / "_data" / name


def default_graph_dir():
    """The curated graph shipped with the project."""
    return _pick("graph")


def default_queries_dir():
    """The catalog of named SPARQL questions."""
    return _pick("queries")


def default_articles_dir():
    """``../shared/articles`` beside the checkout, or None when it is not there."""
    for base in (Path.cwd(), _HERE.parents[1], _HERE.parents[2]):
        for cand in (base / "shared" / "articles", base.parent / "shared" / "articles"):
            if cand.is_dir():
                return cand
    return None
