"""What an article says that the graph does not cite yet.

A sentence of the body is *uncovered* when it carries a figure (money, a
capacity, a count, a percentage) or names two entities the graph knows, and
no reference of the article quotes any part of it. Such sentences are where an
editor should look for a missing statement.

>>> from stargate_kg import load
>>> from stargate_kg.paths import default_articles_dir
>>> d = default_articles_dir()
>>> path = d / "004_be3f9ccde86d9a42.txt" if d else None
>>> gaps = coverage(load(), path, "a004") if d else []
>>> all(g.quote in path.read_text(encoding="utf-8") for g in gaps)
True
"""

from dataclasses import dataclass, field

from stargate_kg.intake.figures import find_figures
from stargate_kg.intake.names import NameIndex
from stargate_kg.intake.text import read_article


@dataclass
class Gap:
    """An uncovered sentence: its number in the body, its text, and why it was listed."""

    sentence: int
    quote: str
    figures: list = field(default_factory=list)
    entities: list = field(default_factory=list)

    def as_json(self):
        return {"sentence": self.sentence, "text": self.quote, "figures": self.figures, "entities": self.entities}


def cited_spans(kg, article_id, raw):
    """Offsets in ``raw`` of every quote the graph holds from article ``article_id``."""
    from stargate_kg.namespace import PREFIX_IRIS
    from stargate_kg.terms import IRI

    rows = kg.select("SELECT ?q WHERE { ?r sg:article ?a ; sg:quote ?q }", {"a": IRI(PREFIX_IRIS["src"] + article_id)})
    spans = []
    for r in rows:
        q = str(r["q"])
        i = raw.find(q)
        while i >= 0:
            spans.append((i, i + len(q)))
            i = raw.find(q, i + 1)
    return spans


def coverage(kg, article_path, article_id, names=None):
    """The uncovered sentences of the article at ``article_path`` (see the module's docstring)."""
    _known_article(kg, article_id, article_path)
    art = read_article(article_path)
    cited = cited_spans(kg, article_id, art.raw)
    names = names or NameIndex.from_graph(kg)
    mentions = names.find(art.search)
    figures = find_figures(art.search)
    gaps = []
    for s in art.sentences:
        if any(a < s.end and s.start < b for a, b in cited):
            continue
        figs = [art.raw[f.start : f.end].strip() for f in figures if s.start <= f.start < s.end]
        ents = list(dict.fromkeys(names.by_iri[m.iri].label if m.iri in names.by_iri else m.text
                                  for m in mentions if s.start <= m.start < s.end))
        if figs or len(ents) >= 2:
            gaps.append(Gap(s.index + 1, s.text, figs, ents))
    return gaps


def _known_article(kg, article_id, article_path):
    """IntakeError when ``article_id`` and the file disagree with the graph (the file is another article's, or
    the id is another file's): a wrong id would list every sentence as uncovered. A new article passes."""
    from pathlib import Path

    from stargate_kg.exceptions import IntakeError
    from stargate_kg.namespace import PREFIX_IRIS

    name = Path(article_path).name
    files = {str(r["a"])[len(PREFIX_IRIS["src"]):]: str(r["f"])
             for r in kg.select("SELECT ?a ?f WHERE { ?a a sg:Article ; sg:fileName ?f }")}
    owner = next((a for a, f in files.items() if f == name), None)
    if owner is not None and owner != article_id:
        raise IntakeError(f"{name} is article {owner} in the graph, not {article_id}: use --id {owner}")
    if article_id in files and files[article_id] != name:
        raise IntakeError(f"article {article_id} in the graph is {files[article_id]}, not {name}: "
                          "give its file, or a new id for a new article")
