"""Statements as Python records: parties, relation, value, qualifiers, sources.

>>> from stargate_kg import load
>>> from stargate_kg.lookup import resolve
>>> kg = load()
>>> sts = statements_of(kg, resolve(kg, "SB Energy").iri)
>>> any(s.relation == "owns" and s.subject_label == "SoftBank Group" for s in sts)
True
"""

from dataclasses import dataclass, field

from stargate_kg.namespace import SG_IRI, local_name
from stargate_kg.terms import python_value

# Qualifier properties and their keys in records / JSON.
QUALIFIERS = {
    "amount": "amount",
    "currency": "currency",
    "bound": "bound",
    "moneyKind": "money_kind",
    "status": "status",
    "pointInTime": "point_in_time",
    "startTime": "start_time",
    "endTime": "end_time",
    "duration": "duration",
    "unit": "unit",
    "rank": "rank",
    "rankReason": "rank_reason",
    "note": "note",
    "conflictsWith": "conflicts_with",
    "joint": "joint",
    "jointFunder": "joint_funders",
    "shareOf": "share_of",
    "inferred": "inferred",
    "statedBy": "stated_by",
    "dateQualifier": "date_qualifier",
    "minValue": "min_value",
    "maxValue": "max_value",
    "durationKind": "duration_kind",
    "certainty": "certainty",
    "includedIn": "included_in",
    "printedAs": "printed_as",
}
CONCEPT_KEYS = {"bound", "money_kind", "status", "rank", "date_qualifier", "duration_kind", "certainty"}
#: qualifiers naming entities: written as {"iri", "label"} (a list for the joint funders)
ENTITY_KEYS = {"stated_by"}
ENTITY_LIST_KEYS = {"joint_funders"}
#: qualifiers naming statements: a sorted list of IRIs
STATEMENT_LIST_KEYS = {"conflicts_with", "share_of", "included_in"}

# The group pattern binds ?st (a statement) and ?dir: "out" when ?e is the subject, "in" when it is
# the object, "joint" when it is one of a joint statement's parties, "stated" when it says so (on the
# statement, or on one of its references when the articles give it in different voices).
ABOUT_ENTITY = """{ ?st sg:subject ?e . BIND("out" AS ?dir) } UNION { ?st sg:object ?e . BIND("in" AS ?dir) }
  UNION { ?st sg:jointFunder ?e . BIND("joint" AS ?dir) } UNION { ?st sg:statedBy ?e . BIND("stated" AS ?dir) }
  UNION { ?st sg:reference/sg:statedBy ?e . BIND("stated" AS ?dir) }"""
ALL_STATEMENTS = """?st a sg:Statement . BIND("out" AS ?dir)"""


@dataclass
class Source:
    article: str  # short id, e.g. "a002"
    iri: str
    file: str
    quote: str
    #: who says what the quote says, when the reference names it (sg:statedBy on the reference): {"iri", "label"}
    stated_by: dict | None = None
    #: the speaker's Chinese label, for text in Chinese
    stated_by_zh: str | None = field(default=None, compare=False, repr=False)

    def as_json(self):
        out = {"article": self.article, "file": self.file, "quote": self.quote}
        if self.stated_by:
            out["stated_by"] = dict(self.stated_by)
        return out

    def cite(self, lang="en"):
        """``[a003]``, with the speaker when the reference names one.

        >>> Source("a003", "", "", "…", {"iri": "x", "label": "Tencent Tech"}, "腾讯科技").cite("zh")
        '[a003]（表述者：腾讯科技）'
        """
        if not self.stated_by:
            return f"[{self.article}]"
        from stargate_kg.i18n import text
        from stargate_kg.i18n_zh import is_zh, to_script

        if is_zh(lang):
            return f"[{self.article}]（{text('stated_by', lang)}：{to_script(self.stated_by_zh or self.stated_by['label'], lang)}）"
        return f"[{self.article}] ({text('stated_by', lang)}: {self.stated_by['label']})"


@dataclass
class Statement:
    iri: str
    subject: str
    subject_label: str
    relation: str  # local name, e.g. "commitsFundingTo"
    relation_label: str
    object: str | None = None
    object_label: str | None = None
    value: object = None
    direction: str = "out"
    qualifiers: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)

    @property
    def deprecated(self):
        return self.qualifiers.get("rank") == "deprecated"

    @property
    def inferred(self):
        """An editor's reading (``sg:inferred true``), not something an article states."""
        return self.qualifiers.get("inferred") is True

    @property
    def joint(self):
        return self.qualifiers.get("joint") is True

    def other(self):
        """(iri, label) of the party that is not the entity asked about, or None.

        For a joint party ("joint") or the one who says so ("stated") it is the statement's subject.
        """
        if self.direction == "out":
            return (self.object, self.object_label) if self.object else None
        return (self.subject, self.subject_label)

    def as_json(self):
        other = self.other()
        return {
            "iri": self.iri,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "direction": self.direction,
            "subject": {"iri": self.subject, "label": self.subject_label},
            "other": {"iri": other[0], "label": other[1]} if other else None,
            "value": self.value,
            "qualifiers": dict(self.qualifiers),
            "sources": [s.as_json() for s in self.sources],
        }


def relation_labels(kg):
    """English labels of the relations, by local name (cached)."""

    def build():
        rows = kg.select("SELECT ?r ?l WHERE { ?r a sg:Relation ; rdfs:label ?l . FILTER(lang(?l) = 'en') }")
        return {local_name(r["r"]): str(r["l"]) for r in rows}

    return kg.cached("relation_labels", build)


def concept_labels(kg):
    def build():
        rows = kg.select("SELECT ?c ?l WHERE { ?c skos:prefLabel ?l }")
        return {str(r["c"]): str(r["l"]) for r in rows}

    return kg.cached("concept_labels", build)


def article_index(kg):
    def build():
        rows = kg.select("SELECT ?a ?f WHERE { ?a a sg:Article . OPTIONAL { ?a sg:fileName ?f } }")
        return {str(r["a"]): (local_name(r["a"]), str(r["f"]) if r["f"] else "") for r in rows}

    return kg.cached("article_index", build)


def fetch_statements(kg, pattern, bindings=None):
    """Statements matched by a trusted group ``pattern`` binding ?st and ?dir.

    ``pattern`` is one of this module's constants (never user text); user
    values go in ``bindings``.
    """
    from stargate_kg.lookup import entity_index

    # one query for properties and references: rows with ?art are a reference (?v is its quote)
    rows = kg.select(
        f"SELECT ?st ?dir ?p ?v ?art ?by WHERE {{ {pattern} "
        "{ ?st ?p ?v } UNION { ?st sg:reference ?r . ?r sg:article ?art ; sg:quote ?v . OPTIONAL { ?r sg:statedBy ?by } } }",
        bindings,
    )
    props = [r for r in rows if r["art"] is None]
    refs = [r for r in rows if r["art"] is not None]
    index = entity_index(kg)
    rlabels = relation_labels(kg)
    clabels = concept_labels(kg)
    arts = article_index(kg)
    raw = {}
    for r in props:
        key = (str(r["st"]), str(r["dir"]))
        raw.setdefault(key, {}).setdefault(local_name(r["p"]) if str(r["p"]).startswith(SG_IRI) else str(r["p"]), []).append(r["v"])
    out = {}
    for (st, direction), p in raw.items():
        if "subject" not in p or "relation" not in p:
            continue
        subj = str(p["subject"][0])
        rel = local_name(p["relation"][0])
        obj = str(p["object"][0]) if "object" in p else None
        rec = Statement(
            iri=st,
            subject=subj,
            subject_label=index[subj].label if subj in index else local_name(subj),
            relation=rel,
            relation_label=rlabels.get(rel, rel),
            object=obj,
            object_label=(index[obj].label if obj in index else local_name(obj)) if obj else None,
            value=python_value(p["value"][0]) if "value" in p else None,
            direction=direction,
        )
        for prop, key in QUALIFIERS.items():
            if prop in p:
                vals = p[prop]
                if key in CONCEPT_KEYS:
                    rec.qualifiers[key] = clabels.get(str(vals[0]), local_name(vals[0]))
                elif key in STATEMENT_LIST_KEYS:
                    rec.qualifiers[key] = sorted({str(v) for v in vals})
                elif key in ENTITY_KEYS or key in ENTITY_LIST_KEYS:
                    named = sorted(
                        ({"iri": str(v), "label": index[str(v)].label if str(v) in index else local_name(v)} for v in set(map(str, vals))),
                        key=lambda d: (d["label"], d["iri"]),
                    )
                    rec.qualifiers[key] = named if key in ENTITY_LIST_KEYS else named[0]
                else:
                    rec.qualifiers[key] = python_value(vals[0])
        out[(st, direction)] = rec
    for r in refs:
        rec = out.get((str(r["st"]), str(r["dir"])))
        if rec is None:
            continue
        art_id, fname = arts.get(str(r["art"]), (local_name(r["art"]), ""))
        src = Source(article=art_id, iri=str(r["art"]), file=fname, quote=str(r["v"]))
        if r["by"] is not None:
            who = index.get(str(r["by"]))
            src.stated_by = {"iri": str(r["by"]), "label": who.label if who else local_name(r["by"])}
            src.stated_by_zh = who.labels.get("zh") if who else None
        if src not in rec.sources:
            rec.sources.append(src)
    for rec in out.values():
        rec.sources.sort(key=lambda s: (s.article, s.quote))
    return sorted(out.values(), key=lambda s: (s.direction != "out", s.relation, s.object_label or "", s.subject_label, s.iri))


def statements_of(kg, iri):
    """Every statement that names the entity ``iri``: as subject (direction "out"), object ("in"),
    one of a joint statement's parties ("joint") or the one who says so ("stated")."""
    from stargate_kg.terms import IRI

    return fetch_statements(kg, ABOUT_ENTITY, {"e": IRI(iri)})


def all_statements(kg):
    """Every statement in the graph (cached)."""
    return kg.cached("all_statements", lambda: fetch_statements(kg, ALL_STATEMENTS))
