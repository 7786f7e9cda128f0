"""The statement record: one answer per statement, the same for every surface.

:func:`record` turns a money row (a :class:`~stargate_kg.answers.funding.Flow`,
which may stand for several statements of the same fact) or any other
statement (a :class:`~stargate_kg.answers.statements.Statement`) into a
:class:`Record`: its parties (every party of a joint pledge, the total
once), relation and kind, amount as a number with currency and bound, other
figures with unit and bound, date with its precision and qualifier, duration
with what it measures (a delay is not a length), status, rank, inferred, who
says so, later reports and conflicting claims (with their date and gist),
and every source (article, outlet, publication date, quote, who says so).

The command line (text, JSON, CSV, Markdown), the DataFrames, the exports
and the map render this record; none derives the answer again.

>>> from stargate_kg import load, resolve
>>> from stargate_kg.answers.funding import funders
>>> kg = load()
>>> jan = [f for f in funders(kg, resolve(kg, "Stargate").iri) if f.joint and f.amount == 100_000_000_000][0]
>>> r = record(kg, jan)
>>> [p["label"] for p in r.parties], r.joint, r.amount, r.date_precision
(['OpenAI', 'SoftBank Group'], True, 100000000000, 'month')
>>> [(x["who"]["label"], x["date"], x["type"]) for x in r.later][:1]
[('The Wall Street Journal', '2025-07', 'later report')]
>>> r.sources[0]["outlet"]["label"], r.sources[0]["published"]
('Synced (Jiqizhixin)', '2025-07-23')
"""

import re
from dataclasses import dataclass, field

from stargate_kg.answers.later import later_reports  # noqa: F401 - the record's later reports, in their own module

_ASIDE = re.compile(r"\s*\((?:st|e|src):[\w-]+(?:,\s*(?:st|e|src):[\w-]+)*(?:,\s*deprecated)?\)")
_LEADING_ID = re.compile(r"\((?:st|e|src):[\w-]+,\s*")
_ID = re.compile(r"\b(st|e|src):([a-z0-9][\w-]*[a-z0-9])")
_DELAY = re.compile(r"\b(delay|postpone|push(ed)? back)", re.I)
_ELAPSED = re.compile(r"\b(under way|has been running|so far)\b", re.I)


@dataclass
class Record:
    """A statement (or one row standing for several statements of the same fact) as every surface shows it."""

    statement: str
    statements: list
    relation: str
    relation_label: str
    parties: list  # [{"iri", "label"}]: the payer(s), or the subject
    recipient: dict | None  # {"iri", "label"}: the payee, or the object
    kind: str | None = None
    joint: bool = False
    amount: float | int | None = None
    currency: str | None = None
    bound: str | None = None
    figures: list = field(default_factory=list)  # [{"value", "unit", "bound", "min", "max"}]
    value: object = None  # a text value (an editor's English paraphrase)
    date: str | None = None
    date_precision: str | None = None
    date_qualifier: str | None = None
    end: str | None = None
    duration: str | None = None
    duration_measures: str | None = None  # "period" (within four years), "delay" (delayed by six months), "elapsed"
    status: str | None = None
    statuses: list = field(default_factory=list)
    rank: str = "normal"
    inferred: bool = False
    stated_by: list = field(default_factory=list)
    later: list = field(default_factory=list)  # [{"type", "statement", "who", "relation", "date", "gist", "rank", ...}]
    conflicts: list = field(default_factory=list)
    shares: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    sources: list = field(default_factory=list)  # [{"article", "file", "outlet", "published", "quote", "stated_by"}]
    path: list = field(default_factory=list)  # transitive answers: [{"funder", "recipient", "kind"}] from here to the target

    @property
    def who(self):
        """Every party's label, joined with ' + '."""
        return " + ".join(p["label"] for p in self.parties)

    def as_json(self):
        """The record as JSON: the keys of every surface (``funders``/``funder`` kept for money rows)."""
        return {
            "statement": self.statement,
            "statements": list(self.statements),
            "relation": self.relation,
            "relation_label": self.relation_label,
            "parties": [dict(p) for p in self.parties],
            "funders": [dict(p) for p in self.parties],
            "funder": dict(self.parties[0]) if self.parties and not self.joint else None,
            "joint": self.joint,
            "recipient": dict(self.recipient) if self.recipient else None,
            "kind": self.kind,
            "amount": self.amount,
            "currency": self.currency,
            "bound": self.bound,
            "figures": [dict(x) for x in self.figures],
            "value": self.value,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_qualifier": self.date_qualifier,
            "end": self.end,
            "duration": self.duration,
            "duration_measures": self.duration_measures,
            "status": self.status,
            "statuses": list(self.statuses),
            "rank": self.rank,
            "inferred": self.inferred,
            "stated_by": [dict(p) for p in self.stated_by],
            "later": [dict(x) for x in self.later],
            "conflicts": list(self.conflicts),
            "shares": list(self.shares),
            "notes": list(self.notes),
            "sources": [dict(s) for s in self.sources],
            **({"path": [dict(p) for p in self.path], "depth": len(self.path)} if self.path else {}),
        }


def record(kg, item):
    """The :class:`Record` of ``item``: a money row (:class:`~stargate_kg.answers.funding.Flow`) or a statement.

    One function for every surface; cached per statement in ``kg``.
    """
    from stargate_kg.answers.statements import Statement

    if isinstance(item, Statement):
        return _of_statement(kg, item)
    return _of_flow(kg, item)


def _of_flow(kg, f):
    return Record(
        statement=f.statement, statements=list(f.statements), relation=f.relation,
        relation_label=_relation_label(kg, f.relation), parties=[dict(p) for p in f.funders],
        recipient={"iri": f.recipient, "label": f.recipient_label}, kind=f.kind, joint=f.joint,
        amount=f.amount, currency=f.currency, bound=f.bound, figures=list(getattr(f, "figures", []) or []),
        value=getattr(f, "value", None), date=f.date, date_precision=precision(f.date), date_qualifier=f.date_qualifier,
        duration=f.duration, duration_measures=duration_measures(f.duration, getattr(f, "value", None), f.notes),
        status=f.status, statuses=list(f.statuses), rank=f.rank or "normal", inferred=f.inferred,
        stated_by=_speakers(kg, f.statements, f.stated_by), later=later_reports(kg, f.conflicts),
        conflicts=list(f.conflicts), shares=list(f.shares), notes=[clean_note(kg, n) for n in f.notes],
        sources=sources(kg, f.statements, f.sources, f.stated_by),
        path=[{"funder": p.funder_label, "recipient": p.recipient_label, "kind": p.kind} for p in f.path],
    )


def _of_statement(kg, st):
    q = st.qualifiers
    subject = {"iri": st.subject, "label": st.subject_label}
    obj = {"iri": st.object, "label": st.object_label} if st.object else None
    parties = [dict(p) for p in q.get("joint_funders") or []] if st.joint else [subject]
    recipient = (obj or subject) if st.joint else obj
    date = q.get("point_in_time") or q.get("start_time") or q.get("end_time")
    date = str(date) if date is not None else None
    end = q.get("end_time") if (q.get("point_in_time") or q.get("start_time")) else None
    stated = [q["stated_by"]] if q.get("stated_by") else []
    return Record(
        statement=st.iri, statements=[st.iri], relation=st.relation, relation_label=st.relation_label,
        parties=parties, recipient=recipient, kind=q.get("money_kind") or _default_kind(kg, st.relation),
        joint=st.joint, amount=q.get("amount"), currency=q.get("currency"), bound=q.get("bound"),
        figures=figures_of(st), value=st.value if isinstance(st.value, str) else None,
        date=date, date_precision=precision(date), date_qualifier=q.get("date_qualifier"),
        end=str(end) if end is not None else None, duration=q.get("duration"),
        duration_measures=duration_measures(q.get("duration"), st.value, [q.get("note")], q.get("duration_kind")),
        status=q.get("status"), statuses=[q["status"]] if q.get("status") else [], rank=q.get("rank") or "normal",
        inferred=st.inferred, stated_by=_speakers(kg, [st.iri], stated), later=later_reports(kg, _conflicts(kg, st.iri)),
        conflicts=_conflicts(kg, st.iri), shares=list(q.get("share_of") or []),
        notes=[clean_note(kg, q["note"])] if q.get("note") else [], sources=sources(kg, [st.iri], st.sources, stated),
    )


def figures_of(st):
    """The figures of a statement other than its amount of money: ``[{"value", "unit", "bound", "min", "max"}]``."""
    q = st.qualifiers
    if "min_value" in q or "max_value" in q:
        return [{"value": None, "unit": q.get("unit"), "bound": None, "min": q.get("min_value"), "max": q.get("max_value")}]
    if isinstance(st.value, (int, float)) and not isinstance(st.value, bool):
        return [{"value": st.value, "unit": q.get("unit"), "bound": None if "amount" in q else q.get("bound"), "min": None, "max": None}]
    return []


def precision(date):
    """'day', 'month' or 'year' for a date written at that precision; None without a date.

    >>> precision("2025-01-21"), precision("2025-01"), precision("2026"), precision(None)
    ('day', 'month', 'year', None)
    """
    if not date:
        return None
    return {10: "day", 7: "month"}.get(len(str(date)), "year")


def duration_measures(duration, value=None, notes=(), kind=None):
    """What a duration measures: "delay" (delayed by six months), "elapsed" (under way for six months) or "period".

    ``kind`` is the graph's ``sg:durationKind`` when the editors gave one (it wins);
    else the statement's words decide.

    >>> duration_measures("P6M", "The Stargate project has been delayed by six months"), duration_measures("P4Y")
    ('delay', 'period')
    >>> duration_measures("P6M", kind="under way for")
    'elapsed'
    """
    if not duration:
        return None
    if kind:
        local = str(kind).rsplit("#", 1)[-1]
        return {"DelayedBy": "delay", "delayed by": "delay", "UnderWayFor": "elapsed", "under way for": "elapsed"}.get(local, "period")
    said = " ".join(str(t) for t in [value, *notes] if isinstance(t, str))
    if isinstance(value, str) and _DELAY.search(value):
        return "delay"
    if _ELAPSED.search(said) and not isinstance(value, str):
        return "elapsed"
    return "period"


def clean_note(kg, note):
    """An editor's note without the graph's internal ids: ``(st:…)`` asides dropped, other ids as words.

    A statement named in the sentence reads as its parties and relation, an
    entity as its label, an article as "article 001".

    >>> clean_note(None, "the January pledge (st:stargate-initial-investment-100b) has given way")
    'the January pledge has given way'
    >>> clean_note(None, "immediately (st:stargate-initial-investment-100b, articles 001 and 002), then")
    'immediately (articles 001 and 002), then'
    """
    if not note:
        return note
    text = _LEADING_ID.sub("(", _ASIDE.sub("", str(note)))
    names = _names(kg) if kg is not None else {}

    def word(m):
        prefix, slug = m.group(1), m.group(2)
        if prefix == "src":
            return "article " + slug.lstrip("a")
        return names.get((prefix, slug)) or slug.replace("-", " ")

    text = _ID.sub(word, text)
    return re.sub(r"\s+([,;:]|\.(?!\.))", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _names(kg):
    """("e"|"st", slug) -> readable words (an entity's label; a statement's parties and relation), cached."""

    def build():
        from stargate_kg.answers.statements import all_statements
        from stargate_kg.lookup import entity_index

        out = {("e", iri.rsplit("/", 1)[-1]): ent.label for iri, ent in entity_index(kg).items()}
        for st in all_statements(kg):
            said = f"{st.subject_label} {st.relation_label}" + (f" {st.object_label}" if st.object_label else "")
            out[("st", st.iri.rsplit("/", 1)[-1])] = f"“{said}”"
        return out

    return kg.cached("record_names", build)


def articles(kg):
    """Article IRI -> {"article", "file", "outlet": {"iri", "label"}, "published"} (cached)."""

    def build():
        from stargate_kg.lookup import entity_index
        from stargate_kg.namespace import local_name

        index = entity_index(kg)
        rows = kg.select("SELECT ?a ?f ?pub ?date WHERE { ?a a sg:Article . OPTIONAL { ?a sg:fileName ?f } "
                         "OPTIONAL { ?a schema:publisher ?pub } OPTIONAL { ?a schema:datePublished ?date } }")
        out = {}
        for r in rows:
            pub = str(r["pub"]) if r["pub"] is not None else None
            out[str(r["a"])] = {
                "article": local_name(r["a"]), "file": str(r["f"]) if r["f"] is not None else "",
                "outlet": {"iri": pub, "label": index[pub].label if pub in index else local_name(pub)} if pub else None,
                "published": str(r["date"]) if r["date"] is not None else None,
            }
        return out

    return kg.cached("record_articles", build)


def reference_speakers(kg):
    """(statement IRI, article IRI, quote) -> {"iri", "label"} for references that carry ``sg:statedBy`` (cached)."""

    def build():
        from stargate_kg.lookup import entity_index

        index = entity_index(kg)
        rows = kg.select("SELECT ?st ?art ?q ?by WHERE { ?st sg:reference ?r . ?r sg:article ?art ; sg:quote ?q ; sg:statedBy ?by }")
        return {(str(r["st"]), str(r["art"]), str(r["q"])): {"iri": str(r["by"]), "label": index[str(r["by"])].label
                if str(r["by"]) in index else str(r["by"]).rsplit("/", 1)[-1]} for r in rows}

    return kg.cached("record_reference_speakers", build)


def sources(kg, statements, found, stated_by=()):
    """Every source of ``statements``: article id, file, outlet, publication date, quote and who says so.

    Who says so is the reference's ``sg:statedBy`` when it has one, else the statement's.
    """
    arts, speakers = articles(kg), reference_speakers(kg)
    default = stated_by[0] if stated_by else None
    out = []
    for s in found:
        art = arts.get(s.iri, {"article": s.article, "file": s.file, "outlet": None, "published": None})
        by = next((speakers[(st, s.iri, s.quote)] for st in statements if (st, s.iri, s.quote) in speakers), default)
        out.append({"article": s.article, "file": s.file or art["file"], "outlet": art["outlet"], "published": art["published"],
                    "quote": s.quote, "stated_by": dict(by) if by else None})
    return out


def _speakers(kg, statements, stated_by):
    """Who says so: the statement's ``sg:statedBy`` and every reference's, once each."""
    speakers = reference_speakers(kg)
    found = [dict(p) for p in stated_by]
    wanted = set(statements)
    for (st, _, _), p in sorted(speakers.items()):
        if st in wanted and p not in found:
            found.append(dict(p))
    return found


def _conflicts(kg, iri):
    from stargate_kg.answers.funding import conflict_map

    return sorted(conflict_map(kg).get(iri, ()))


def _relation_label(kg, relation):
    from stargate_kg.answers.statements import relation_labels

    return relation_labels(kg).get(relation, relation)


def _default_kind(kg, relation):
    def build():
        rows = kg.select("SELECT ?rel ?kind WHERE { ?rel sg:defaultMoneyKind ?k . ?k skos:prefLabel ?kind }")
        return {str(r["rel"]).rsplit("#", 1)[-1]: str(r["kind"]) for r in rows}

    return kg.cached("default_money_kinds", build).get(relation)
