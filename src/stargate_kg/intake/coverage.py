"""What an article says that the graph does not cite yet.

A sentence of the body is *uncovered* when it carries a figure (money, a
capacity, a count, a percentage) or names two entities the graph knows, and
no reference of the article quotes any part of it. Such sentences are where an
editor should look for a missing statement.

A sentence an editor has looked at and left uncited on purpose (a headline, a
section heading, a question the next sentence answers) is listed with its
reason in ``reviewed-sentences.tsv`` of the graph folder (columns ``article``,
``sentence``: the sentence or a part of it as the file writes it, ``reason``);
:func:`coverage` marks such a gap with the reason (:attr:`Gap.reason`), and the
command counts it apart from the open gaps.

>>> from stargate_kg import load
>>> from stargate_kg.paths import default_articles_dir
>>> d = default_articles_dir()
>>> path = d / "004_be3f9ccde86d9a42.txt" if d else None
>>> gaps = coverage(load(), path, "a004") if d else []
>>> all(g.quote in path.read_text(encoding="utf-8") for g in gaps)
True
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

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
    reason: str | None = None  # why an editor left it uncited (reviewed-sentences.tsv), None while open

    def as_json(self):
        out = {"sentence": self.sentence, "text": self.quote, "figures": self.figures, "entities": self.entities}
        if self.reason:
            out["reason"] = self.reason
        return out


#: The file of reviewed sentences in a graph folder.
REVIEWED_FILE = "reviewed-sentences.tsv"


@dataclass
class Reviewed:
    """A sentence an editor left uncited on purpose: the article, the sentence (or a part of it), why."""

    article: str
    text: str
    reason: str
    where: str  # file:line, for messages


def read_reviewed(graphs=None):
    """The reviewed sentences of the graph folders ``graphs`` (default: the shipped graph); [] when there is no file.

    A row without an article id, a sentence or a reason is an error naming the file and line.
    """
    from stargate_kg.exceptions import IntakeError
    from stargate_kg.paths import default_graph_dir

    out = []
    for folder in [Path(g) for g in (graphs or [default_graph_dir()])]:
        path = folder / REVIEWED_FILE
        if not folder.is_dir() or not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t")
            header = next(rows, None)
            if header != ["article", "sentence", "reason"]:
                raise IntakeError(f"{path}, line 1: the header must be article, sentence, reason (tab-separated)")
            for no, row in enumerate(rows, 2):
                if not row or row[0].startswith("#"):
                    continue
                if len(row) != 3 or not all(c.strip() for c in row):
                    raise IntakeError(f"{path}, line {no}: a row is an article id, a sentence and a reason, tab-separated")
                out.append(Reviewed(row[0].strip(), row[1].strip(), row[2].strip(), f"{path}:{no}"))
    return out


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


def coverage(kg, article_path, article_id, names=None, reviewed=()):
    """The uncovered sentences of the article at ``article_path`` (see the module's docstring).

    ``reviewed``: :class:`Reviewed` entries; a gap whose sentence contains one of this article's
    gets its reason (it stays in the list, marked).
    """
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
            reason = next((r.reason for r in reviewed if r.article == article_id and r.text in s.text), None)
            gaps.append(Gap(s.index + 1, s.text, figs, ents, reason))
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
