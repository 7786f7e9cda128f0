"""Write the network projection for Gephi / Cytoscape, and the RDF itself, to a file.

Network formats (from :func:`stargate_kg.network.to_networkx`):

- ``graphml`` and ``gexf``: typed attributes that networkx, Gephi and
  Cytoscape read back. These formats have no null and no list, so missing
  values are left out and lists are flattened to text (``sources`` becomes
  ``[a004] quote | [a003] quote``; ``types`` and ``families`` are joined
  with ``;``); amounts are always floats so each attribute has one type.
- ``json``: networkx node-link JSON (``nodes``/``edges``), values as they are.
- ``csv``: one row per edge (statement), with both parties' IRIs and labels,
  and ``inferred`` (True for an editor's reading); a text cell a spreadsheet
  would run as a formula (``=``, ``+``, ``-``, ``@``...) starts with an
  apostrophe (OWASP's rule).

Joint pledges (several parties, one total: OpenAI and SoftBank's $100B) are
drawn as the map draws them (:func:`money_network`): a pledge node (type
``JointPledge``, with the total, date, status and rank) with an edge from each
party (relation ``partyToPledge``) and one to the recipient carrying the
amount, so Gephi and networkx readers see every money statement once. A
``--relations`` filter leaves out the entities it does not touch.

RDF formats (the graph itself, from ``kg.triples_graph()``, with the derived
direct edges): ``ttl`` (Turtle), ``nt`` (N-Triples), ``jsonld`` (JSON-LD).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="A", label_zh=None, types=["Company"])
>>> G.add_edge("a", "a", key="s1", amount=5, sources=[{"article": "a001", "file": "", "quote": "q"}])
's1'
>>> F = flat_graph(G)
>>> F.nodes["a"], F.edges["a", "a", "s1"]["amount"], F.edges["a", "a", "s1"]["sources"]
({'label': 'A', 'types': 'Company'}, 5.0, '[a001] q')
"""

import csv
import json

from stargate_kg.exceptions import InvalidChoice, PathError

NETWORK_FORMATS = ("graphml", "gexf", "json", "csv")
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
FORMATS = NETWORK_FORMATS + tuple(RDF_FORMATS)
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv", ".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld"}
CSV_COLUMNS = (
    "statement", "from", "from_label", "relation", "relation_label", "to", "to_label", "family", "families",
    "kind", "amount", "currency", "bound", "date", "status", "rank", "inferred", "sources",
)  # fmt: skip
NUMERIC = {"amount"}


def format_for(path, fmt=None):
    """The export format: ``fmt`` if given, else guessed from the file suffix.

    >>> format_for("net.gexf"), format_for("out.txt", "csv")
    ('gexf', 'csv')
    """
    if fmt:
        if fmt not in FORMATS:
            raise InvalidChoice("export format", fmt, FORMATS)
        return fmt
    from pathlib import Path

    suffix = Path(str(path)).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidChoice("export format for", str(path), [f"--format {f}" for f in FORMATS])
    return SUFFIXES[suffix]


def sources_text(sources):
    """Sources as one line of text: ``[a004] quote | [a003] quote``."""
    return " | ".join(f"[{s.get('article', '')}] {s.get('quote', '')}" for s in sources)


def flat_value(key, value):
    """A value GraphML/GEXF can hold: None stays None (to be dropped), lists become text."""
    if value is None:
        return None
    if key == "sources" and isinstance(value, list):
        return sources_text(value)
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if key in NUMERIC:
        return float(value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _flat(attrs):
    out = {}
    for k, v in attrs.items():
        v = flat_value(k, v)
        if v is not None and v != "":
            out[k] = v
    return out


def flat_graph(G):
    """A copy of ``G`` with no None attribute and no list (for GraphML and GEXF)."""
    F = G.__class__()
    F.graph.update(_flat(G.graph))
    F.add_nodes_from((n, _flat(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        F.add_edges_from((u, v, k, _flat(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        F.add_edges_from((u, v, _flat(d)) for u, v, d in G.edges(data=True))
    return F


def write_network(G, fmt, out):
    """Write the projection ``G`` as ``fmt`` (graphml, gexf, json, csv) to the path ``out``."""
    import networkx as nx

    if fmt == "graphml":
        nx.write_graphml(flat_graph(G), out, encoding="utf-8", infer_numeric_types=True)
    elif fmt == "gexf":
        F = flat_graph(G)
        for u, v, k, d in F.edges(keys=True, data=True):
            if "relation_label" in d:
                d["label"] = d["relation_label"]  # what Gephi shows on the edge
        nx.write_gexf(F, out, encoding="utf-8")
    elif fmt == "json":
        data = nx.node_link_data(G, edges="edges")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
            fh.write("\n")
    elif fmt == "csv":
        with open(out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(CSV_COLUMNS)
            for u, v, k, d in G.edges(keys=True, data=True):
                row = dict(d)
                row.update(
                    {
                        "statement": k,
                        "from": u,
                        "from_label": G.nodes[u].get("label", ""),
                        "to": v,
                        "to_label": G.nodes[v].get("label", ""),
                    }
                )
                w.writerow([_csv_cell(flat_value(c, row.get(c))) for c in CSV_COLUMNS])
    else:
        raise InvalidChoice("network format", fmt, NETWORK_FORMATS)


def _csv_cell(value):
    """A cell of the edge CSV: empty for None, formula-like text neutralised for spreadsheets."""
    from stargate_kg.queries import spreadsheet_cell

    if value is None:
        return ""
    return spreadsheet_cell(value) if isinstance(value, str) else value


def export(kg, out, fmt=None, families=None, types=None, include_deprecated=False):
    """Write the graph to ``out`` (a path) as ``fmt``; returns ``(fmt, nodes, edges)`` or ``(fmt, triples, None)``.

    Network formats write the projection (optionally only ``families`` and
    ``types``); RDF formats write every triple of the graph and ignore them.
    A regular file is written beside its final name and renamed when complete,
    so an error leaves nothing half-written; a folder that is not there or a
    file that cannot be written is a :class:`~stargate_kg.exceptions.PathError`.
    """
    fmt = format_for(out, fmt)
    _check_target(out)
    if fmt in RDF_FORMATS:
        g = kg.triples_graph()
        with _writing(out) as target:
            g.serialize(destination=str(target), format=RDF_FORMATS[fmt], encoding="utf-8")
        return fmt, len(g), None
    G = money_network(kg, families=families, types=types, include_deprecated=include_deprecated)
    with _writing(out) as target:
        write_network(G, fmt, target)
    return fmt, G.number_of_nodes(), G.number_of_edges()


MONEY_FAMILIES = {"funding", "moneyflow"}


def money_network(kg, families=None, types=None, include_deprecated=False):
    """The projection to export: :func:`stargate_kg.network.to_networkx` plus a node per joint pledge.

    With ``families``, entities no selected statement touches are left out.
    A joint pledge (a row of :func:`stargate_kg.answers.funding.money_flows`
    with ``joint``) becomes a ``JointPledge`` node keyed by its statement, an
    edge from each party to it and one from it to the recipient with the
    total; the per-party shares folded into it are not edges of their own.

    >>> from stargate_kg import load
    >>> G = money_network(load(), families=["funding", "moneyflow"])
    >>> pledge = "https://w3id.org/stargate-kg/statement/stargate-planned-investment-500b"
    >>> G.nodes[pledge]["amount"], sorted(G.nodes[u]["label"] for u in G.predecessors(pledge))
    (500000000000, ['OpenAI', 'Oracle', 'SoftBank Group'])
    """
    from stargate_kg.network import to_networkx

    G = to_networkx(kg, families=families, types=types, include_deprecated=include_deprecated, isolates=families is None)
    if families is not None and not MONEY_FAMILIES & set(families):
        return G
    from stargate_kg.answers.funding import money_flows
    from stargate_kg.answers.records import record
    from stargate_kg.answers.tables import later_text

    for f in money_flows(kg, include_deprecated=include_deprecated, include_inferred=True, include_outranked=True):
        if not f.joint or not all(p in G for p in f.funder_iris + [f.recipient]):
            continue
        r = record(kg, f)
        for u, v, k in [e for e in G.edges(keys=True) if e[2] in f.shares or e[2] in f.statements]:
            G.remove_edge(u, v, k)
        money = {"kind": r.kind, "currency": r.currency, "bound": r.bound, "date": r.date, "status": r.status,
                 "rank": r.rank, "inferred": r.inferred, "joint": True}
        G.add_node(r.statement, iri=r.statement, label=f"{r.who} (joint pledge)", label_zh=None, type="JointPledge",
                   types=["JointPledge"], amount=r.amount, date_precision=r.date_precision, parties=[p["label"] for p in r.parties],
                   later=later_text(r.later), statements=list(r.statements), **{k: v for k, v in money.items() if k != "date"},
                   date=r.date)
        edge = {"relation_label": "party to the joint pledge", "family": "funding", "families": ["funding", "moneyflow"],
                "sources": list(r.sources)}
        for i, p in enumerate(r.parties):
            G.add_edge(p["iri"], r.statement, key=f"{r.statement}#party-{i + 1}", relation="partyToPledge", amount=None,
                       statement=r.statement, **edge, **money)
        G.add_edge(r.statement, r.recipient["iri"], key=r.statement, relation=r.relation, amount=r.amount,
                   statement=r.statement, **{**edge, "relation_label": r.relation_label}, **money)
    return G


def _check_target(out):
    """PathError now (before any work) for a target whose folder is missing, or that is a folder."""
    from pathlib import Path

    out = Path(str(out))
    parent = out.parent
    if not parent.is_dir():
        raise PathError(out, f"cannot write: the folder {parent} does not exist" if not parent.exists() else f"cannot write: {parent} is not a folder")
    if out.is_dir():
        raise PathError(out, "cannot write: it is a folder; give a file name")


class _writing:
    """Context manager: a path to write to; a regular file is written to a temporary name and renamed at the end."""

    def __init__(self, out):
        import os
        from pathlib import Path

        self.out = Path(str(out))
        special = self.out.exists() and not self.out.is_file()  # a FIFO or a device: written in place
        self.tmp = None if special else self.out.with_name(f".{self.out.name}.{os.getpid()}.part")

    def __enter__(self):
        return self.tmp or self.out

    def __exit__(self, kind, ex, tb):
        import os

        if kind is None:
            if self.tmp is not None:
                try:
                    os.replace(self.tmp, self.out)
                except OSError as err:
                    self._cleanup()
                    raise PathError(self.out, f"cannot write: {err.strerror or err}") from None
            return False
        self._cleanup()
        if issubclass(kind, OSError) and not issubclass(kind, BrokenPipeError):
            raise PathError(self.out, f"cannot write: {ex.strerror or ex}") from None
        return False

    def _cleanup(self):
        import contextlib
        import os

        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
