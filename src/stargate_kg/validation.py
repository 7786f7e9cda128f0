"""Validate the graph: SHACL shapes (pySHACL) plus the checks SHACL cannot do.

The extra checks: every quote is an exact substring of its article's text
(when the articles are available), every article file exists, and every
statement's relation is declared in the ontology.

>>> from stargate_kg import load
>>> report = validate(load())
>>> report.ok
True
"""

from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import PathError
from stargate_kg.namespace import local_name, short


@dataclass
class Problem:
    """One violation: the node it is about, the property path, and what is wrong."""

    check: str  # "shacl" | "quote" | "article"
    focus: str
    message: str
    path: str = ""
    value: str = ""

    def __str__(self):
        where = short(self.focus) + (f" {short(self.path)}" if self.path else "")
        extra = f" (value: {self.value})" if self.value else ""
        return f"[{self.check}] {where}: {self.message}{extra}"


@dataclass
class Report:
    problems: list = field(default_factory=list)
    statements: int = 0
    references: int = 0
    quotes_checked: int = 0
    quotes_verified: int = 0
    articles_dir: str | None = None
    skipped: list = field(default_factory=list)  # reasons a check did not run

    @property
    def ok(self):
        return not self.problems

    def as_json(self):
        return {
            "ok": self.ok,
            "statements": self.statements,
            "references": self.references,
            "quotes_checked": self.quotes_checked,
            "quotes_verified": self.quotes_verified,
            "articles_dir": self.articles_dir,
            "skipped": self.skipped,
            "problems": [p.__dict__ for p in self.problems],
        }


def shacl_problems(kg):
    """Run pySHACL over the graph with the shapes loaded beside it."""
    import pyshacl
    from rdflib import Namespace
    from rdflib.namespace import RDF

    SH = Namespace("http://www.w3.org/ns/shacl#")
    if len(kg.shapes) == 0:
        from stargate_kg.loader import parse_file
        from stargate_kg.paths import default_graph_dir

        shapes = parse_file(default_graph_dir() / "shapes.ttl")
    else:
        shapes = kg.shapes
    import logging

    from pyshacl.errors import ReportableRuntimeError, ShapeLoadError

    log = logging.getLogger("pyshacl-validate")  # pyshacl sets its level on each call: silence it this way
    level = log.disabled
    log.disabled = True  # its errors are reported below, in one line
    try:
        conforms, results, _ = pyshacl.validate(
            kg.triples_graph(), shacl_graph=shapes, inference="none", allow_warnings=True
        )
    except (ShapeLoadError, ReportableRuntimeError) as ex:  # ConstraintLoadError is a ShapeLoadError
        from stargate_kg.exceptions import InvalidGraph

        files = [str(f) for f in getattr(kg, "files", []) if str(getattr(f, "name", f)).startswith("shapes")]
        reason = " ".join(str(getattr(ex, "message", ex)).split())
        raise InvalidGraph(", ".join(files) or "the SHACL shapes", f"pySHACL cannot use these shapes: {reason[:400]}") from None
    finally:
        log.disabled = level
    problems = []
    if conforms:
        return problems
    for res in results.subjects(RDF.type, SH.ValidationResult):
        problems.append(
            Problem(
                check="shacl",
                focus=str(results.value(res, SH.focusNode)),
                path=str(results.value(res, SH.resultPath) or ""),
                message=str(results.value(res, SH.resultMessage) or local_name(results.value(res, SH.sourceConstraintComponent))),
                value=str(results.value(res, SH.value) or ""),
            )
        )
    problems.sort(key=lambda p: (p.focus, p.path, p.message))
    return problems


def quote_problems(kg, articles_dir, report):
    """Check every reference's quote against its article file."""
    rows = kg.select(
        """SELECT ?st ?ref ?art ?quote ?file WHERE {
             ?st sg:reference ?ref . ?ref sg:quote ?quote .
             OPTIONAL { ?ref sg:article ?art . OPTIONAL { ?art sg:fileName ?file } } }"""
    )
    report.references = len(rows)
    texts, problems = {}, []
    for r in rows:
        if r["file"] is None:
            continue  # SHACL reports the missing article or file name
        fname = str(r["file"])
        if fname not in texts:
            p = Path(articles_dir) / fname
            texts[fname] = p.read_text(encoding="utf-8") if p.is_file() else None
            if texts[fname] is None:
                problems.append(Problem("article", str(r["art"]), f"article file {fname} is not in {articles_dir}"))
        text = texts[fname]
        if text is None:
            continue
        report.quotes_checked += 1
        if str(r["quote"]) in text:
            report.quotes_verified += 1
        else:
            problems.append(
                Problem("quote", str(r["st"]), f"quote is not an exact substring of {fname}", value=str(r["quote"]))
            )
    return problems


def validate(kg, articles_dir=None, shacl=True):
    """Validate ``kg``; returns a :class:`Report` (``report.ok`` is True when clean).

    ``articles_dir`` holds the article texts; None skips the quote check and
    says so in ``report.skipped``. A folder that is not there is an error
    (:class:`~stargate_kg.exceptions.PathError`), never a silently skipped check.
    """
    if articles_dir is not None and not Path(articles_dir).is_dir():
        reason = "not a folder" if Path(articles_dir).exists() else "no such folder"
        raise PathError(articles_dir, f"{reason}; the quote check needs the folder of article texts", what="--articles")
    report = Report(articles_dir=str(articles_dir) if articles_dir else None)
    report.statements = len(kg.select("SELECT ?st WHERE { ?st a sg:Statement }"))
    if shacl:
        report.problems += shacl_problems(kg)
    if articles_dir is not None:
        report.problems += quote_problems(kg, articles_dir, report)
    else:
        report.references = len(kg.select("SELECT ?r WHERE { ?st sg:reference ?r }"))
        report.skipped.append(
            "quote check: the article texts are not available"
            + " (pass --articles DIR)"
        )
    return report

