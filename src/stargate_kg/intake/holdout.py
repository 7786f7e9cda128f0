"""The graph as it would be without one article: for leave-one-out scoring and end-to-end tests.

Removing ``statements/aNNN.ttl`` alone is not that graph: a statement several
articles support is *defined* in the lowest-numbered article's file and the
others only add references to it (graph/README.md, References and quotes), so
dropping the file would leave other articles' references hanging on a
statement with no subject, and keep the held-out article's references on
statements defined elsewhere. Instead: drop every reference to the article;
drop the statements left with no reference; drop the article's source entry;
drop the entities nothing uses any more (wherever they are defined).
Statements defined in the article's file that other articles support stay,
with their other references.

>>> import tempfile
>>> out = graph_without("a004", out_dir=tempfile.mkdtemp())
>>> from stargate_kg import load
>>> kg = load([out])
>>> kg.ask("ASK { ?r sg:article src:a004 }"), kg.ask("ASK { e:openai a ?t }")
(False, True)
"""

import shutil
from pathlib import Path

from stargate_kg.paths import default_graph_dir


def graph_without(article_id, graph_dir=None, out_dir=None):
    """Write the graph without article ``article_id`` (a000…) to ``out_dir``; returns ``out_dir``.

    ``out_dir`` gets ``graph.ttl`` (the data), the shapes and the derivation rules.
    """
    import rdflib
    from rdflib.namespace import RDF

    from stargate_kg.loader import graph_files, parse_file
    from stargate_kg.namespace import PREFIXES, SG
    from stargate_kg.namespace import SRC as SRC_NS

    graph_dir = Path(graph_dir or default_graph_dir())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data, shapes = graph_files([graph_dir])
    g = rdflib.Graph()
    for f in data:
        g += parse_file(f)
    art = SRC_NS[article_id]
    for ref in list(g.subjects(SG.article, art)):
        for st in list(g.subjects(SG.reference, ref)):
            g.remove((st, SG.reference, ref))
        g.remove((ref, None, None))
    for st in list(g.subjects(RDF.type, SG.Statement)):
        if g.value(st, SG.reference) is None:
            for ref in list(g.objects(st, SG.reference)):
                g.remove((ref, None, None))
            g.remove((st, None, None))
    # dangling reference lists of statements only defined in this file (shared-statement additions elsewhere)
    for st in set(g.subjects(SG.reference, None)):
        if (st, RDF.type, SG.Statement) not in g:
            for ref in list(g.objects(st, SG.reference)):
                g.remove((ref, None, None))
            g.remove((st, None, None))
    g.remove((art, None, None))
    # entities nothing uses any more (every entity of the shipped graph is used, tests/test_facts.py), wherever defined:
    # 004's proofreader is in entities.ttl, but only 004 names her
    from rdflib.namespace import RDFS

    classes = set(g.transitive_subjects(RDFS.subClassOf, SG.Entity))
    for ent in {s for c in classes for s in g.subjects(RDF.type, c)}:
        # used: named by a statement (subject, object, statedBy, ...) or an article (publisher, editor, ...)
        used = any((s, RDF.type, SG.Statement) in g or (s, RDF.type, SG.Article) in g for s, _, _ in g.triples((None, None, ent)))
        if not used:
            g.remove((ent, None, None))
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    g.serialize(out / "graph.ttl", format="turtle")
    for f in shapes:
        shutil.copy(f, out / f.name)
    if (graph_dir / "rules").is_dir():
        shutil.copytree(graph_dir / "rules", out / "rules", dirs_exist_ok=True)
    return out
