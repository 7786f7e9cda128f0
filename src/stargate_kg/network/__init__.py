"""The graph as a network: a networkx projection, paths, centrality, neighbours, communities, money cycles.

:func:`to_networkx` builds a :class:`networkx.MultiDiGraph` from SPARQL over the
statements (never from raw triples): nodes are entities, keyed by IRI, with
``iri``, ``label``, ``label_zh``, ``type`` and ``types``; each edge is one
statement ``subject -> object``, keyed by the statement IRI, with
``relation``, ``relation_label``, ``family`` (the first of ``families``),
``amount``, ``currency``, ``bound``, ``date``, ``kind`` (money kind),
``status``, ``rank``, ``inferred`` (an editor's reading, ``sg:inferred
true``), ``sources`` (a list of ``{"article", "file", "quote"}``) and
``statement``. Literals, classes, statements and sources are never nodes.

The analyses do not build that graph: they read the entity-level edge list
as compact arrays (:mod:`~stargate_kg.network.arrays`, kept beside a store),
run on networkit (:mod:`~stargate_kg.network.backends`; networkx when
networkit is missing) and fetch the attributes of only the statements they
print. Pass ``graph=`` (a projection) to any of them to use networkx on that
graph instead: the reference the tests compare against.

Connectivity questions (:func:`path`, :func:`centrality`, :func:`neighbors`,
:func:`communities`) look at the graph as **undirected** by default: two
entities are linked when any statement joins them, whichever way it reads,
so "Arm partners with Stargate" and "SoftBank owns Arm" both connect Arm.
Each hop of a path still reports its real direction (``forward`` when the
statement reads from -> to, ``backward`` when it reads to -> from).
:func:`money_cycles` is directed: money goes payer -> payee. Money an editor
inferred is left out of :func:`money_cycles` and :func:`path` unless
``include_inferred=True``.

Modules: :mod:`.catalog` (families, kinds, classes, filters),
:mod:`.projection` (the networkx graph), :mod:`.arrays` (the edge arrays),
:mod:`.backends`, :mod:`.centrality`, :mod:`.communities`, :mod:`.cycles`,
:mod:`.paths`, :mod:`.progress`.

>>> from stargate_kg import load
>>> kg = load()
>>> G = to_networkx(kg, families=["funding"])
>>> G.nodes[E_OPENAI]["label"], G.nodes[E_OPENAI]["type"]
('OpenAI', 'Company')
>>> any(d["relation"] == "investsIn" for _, _, d in G.in_edges(E_OPENAI, data=True))
True
>>> [(h.start["label"], h.relation, h.direction, h.end["label"]) for h in path(kg, "Nvidia", "OpenAI", graph=G)]
[('Nvidia', 'investsIn', 'forward', 'OpenAI')]
>>> relation_filter(kg, ["Money flow", "ceoOf"])
({'moneyflow'}, {'ceoOf'})
>>> sorted(type_filter(kg, ["organization"]))[:3]
['Company', 'GovernmentBody', 'InvestmentFund']
>>> cycles = money_cycles(kg)
>>> any({e["from"]["label"] for e in c} == {"OpenAI", "Oracle", "Nvidia"} for c in cycles)
True
"""

from stargate_kg.network.arrays import EdgeArrays, edge_arrays
from stargate_kg.network.backends import BACKENDS, Links, backend_name
from stargate_kg.network.catalog import (
    FAMILIES,
    METRICS,
    MONEY_KINDS,
    entity_classes,
    family_names,
    relation_catalog,
    relation_filter,
    type_filter,
)
from stargate_kg.network.centrality import APPROX_METRICS, _pagerank, centrality, link_scores, scores, top_items
from stargate_kg.network.communities import communities, modularity
from stargate_kg.network.cycles import CycleList, bounded_cycles, money_cycles, money_graph
from stargate_kg.network.paths import Hop, edges_between, hops_of, neighbors, path
from stargate_kg.network.progress import Progress
from stargate_kg.network.projection import E_OPENAI, connectivity, edge_records, to_networkx

__all__ = [
    "APPROX_METRICS", "BACKENDS", "CycleList", "E_OPENAI", "FAMILIES", "METRICS", "MONEY_KINDS", "EdgeArrays", "Hop", "Links",
    "Progress", "_pagerank", "backend_name", "bounded_cycles", "centrality", "communities", "connectivity",
    "edge_arrays", "edge_records", "edges_between", "entity_classes", "family_names", "hops_of", "link_scores",
    "modularity", "money_cycles", "money_graph", "neighbors", "path", "relation_catalog", "relation_filter",
    "scores", "to_networkx", "top_items", "type_filter",
]  # fmt: skip
