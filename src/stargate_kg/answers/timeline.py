"""Dated events: announcements, pledges, contracts, completions and reports, in date order.

Every statement with a date (``sg:pointInTime``, else ``sg:startTime``, else
``sg:endTime``) is an :class:`Event` with its parties, amount and bound,
status and sources. Dates keep their precision: a day (``2025-01-21``), a
month (``2025-07``) or a year (``2026``), with the article's qualifier
(``mid-2026``, ``as early as 2028``, ``by the end of 2025``).

A date range (``start``/``end``, each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)
keeps events whose date overlaps it: ``2025`` is in a range that starts on
2025-07-01.

>>> from stargate_kg import load, resolve
>>> kg = load()
>>> events = timeline(kg, entity=resolve(kg, "Stargate").iri, start="2025-01", end="2025-01")
>>> any(e.date == "2025-01-21" and e.kind == "pledge" and e.amount == 500_000_000_000 for e in events)
True
>>> format_date("2026", "mid"), format_date("2028", "as early as"), format_date("2025-07", None)
('mid-2026', 'as early as 2028', '2025-07')
"""

import re
from dataclasses import dataclass, field

from stargate_kg.exceptions import InvalidDate, StargateKGError
from stargate_kg.answers.records import precision  # noqa: F401 - part of this module's API
from stargate_kg.answers.statements import fetch_statements
from stargate_kg.i18n_zh import in_script

DATED = """?st a sg:Statement . FILTER EXISTS { ?st sg:pointInTime|sg:startTime|sg:endTime ?d } BIND("out" AS ?dir)"""
PARTS = "SELECT ?part WHERE { ?part sg:partOf ?e }"
KINDS = ("announcement", "pledge", "investment", "contract", "completion", "report", "event", "other")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ANNOUNCE = {"announced", "occurredOn", "publishedBy"}
_PLEDGE_KINDS = {"commitment"}
_INVEST_KINDS = {"equity", "ownership", "loan"}


def check_date(text):
    """``text`` if it is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date), else a clear error.

    >>> check_date("2025-07"), check_date("2025年7月23日")
    ('2025-07', '2025-07-23')
    """
    import datetime

    from stargate_kg.i18n_zh import parse_zh_date

    text = parse_zh_date(text) or text  # as Chinese output prints dates: 2025年7月, 2025年7月23日
    if not isinstance(text, str) or not _DATE.match(text):
        raise InvalidDate(text)
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        raise InvalidDate(text) from None
    return text


@in_script
def format_date(date, qualifier=None, lang="en"):
    """A date with its qualifier as people write it: ``mid-2026``, ``about 2026``, ``by the end of 2025``.

    >>> format_date("2025", "by the end of"), format_date("2026", "about"), format_date("2026", "mid", lang="zh")
    ('by the end of 2025', 'about 2026', '2026年中期')
    """
    if not date:
        return ""
    if not qualifier:
        return date
    if lang == "zh":
        zh = {"as early as": "最早{}", "about": "{}左右", "before": "{}前", "by the end of": "{}年底前", "early": "{}年初",
              "mid": "{}年中期", "late": "{}年末"}
        return zh.get(qualifier, "{}").format(date)
    if qualifier in ("mid", "early", "late"):
        return f"{qualifier}-{date}"
    return f"{qualifier} {date}"


def overlaps(date, start=None, end=None):
    """Whether a date of any precision overlaps the range [start, end] (either may be None).

    >>> overlaps("2025", start="2025-07-01"), overlaps("2025-01-21", end="2024-12"), overlaps("2025-07", "2025-07-22", "2025-08")
    (True, False, True)
    """
    if start and date < start[: len(date)]:
        return False
    if end and date[: len(end)] > end:
        return False
    return True


def _sort_key(date, qualifier):
    """The day a dated event sorts at: a period's start, its end for 'by the end of' / 'late', its middle for 'mid'."""
    y, *rest = date.split("-")
    if not rest:
        month = {"by the end of": "12-31", "late": "10-01", "mid": "07-01"}.get(qualifier, "01-01")
        return f"{y}-{month}"
    if len(rest) == 1:
        return f"{y}-{rest[0]}-{'31' if qualifier == 'by the end of' else '01'}"
    return date


@dataclass
class Event:
    """One dated statement, as a timeline entry."""

    date: str
    precision: str
    qualifier: str | None
    kind: str
    subject: dict
    relation: str
    relation_label: str
    object: dict | None
    parties: list
    statement: str
    share_of: list = field(default_factory=list)
    end: str | None = None
    amount: float | int | None = None
    currency: str | None = None
    bound: str | None = None
    value: object = None
    unit: str | None = None
    duration: str | None = None
    duration_kind: str | None = None
    status: str | None = None
    rank: str | None = None
    certainty: str | None = None
    printed_as: str | None = None  # what the article misprints where the date or figure is corrected
    joint: bool = False
    inferred: bool = False
    stated_by: dict | None = None
    note: str | None = None
    sources: list = field(default_factory=list)  # the record's sources: {"article", "file", "outlet", "published", "quote", "stated_by"}
    later: list = field(default_factory=list)  # later reports and conflicting claims (answers.records.later_reports)
    duration_measures: str | None = None

    @property
    def when(self):
        """The date as people read it (``mid-2026``)."""
        return format_date(self.date, self.qualifier)

    def as_json(self):
        return {
            "date": self.date,
            "precision": self.precision,
            "qualifier": self.qualifier,
            "when": self.when,
            "end": self.end,
            "kind": self.kind,
            "subject": dict(self.subject),
            "relation": self.relation,
            "relation_label": self.relation_label,
            "object": dict(self.object) if self.object else None,
            "parties": [dict(p) for p in self.parties],
            "joint": self.joint,
            "amount": self.amount,
            "currency": self.currency,
            "bound": self.bound,
            "value": self.value,
            "unit": self.unit,
            "duration": self.duration,
            "duration_kind": self.duration_kind,
            "duration_measures": self.duration_measures,
            "status": self.status,
            "certainty": self.certainty,
            "printed_as": self.printed_as,
            "rank": self.rank,
            "inferred": self.inferred,
            "stated_by": dict(self.stated_by) if self.stated_by else None,
            "statement": self.statement,
            "note": self.note,
            "later": [dict(x) for x in self.later],
            "sources": [dict(s) for s in self.sources],
        }


def _kind(st, money_kind, roles=frozenset()):
    q = st.qualifiers
    if st.relation in _ANNOUNCE:
        return "announcement" if st.relation != "occurredOn" else "event"
    if money_kind in _PLEDGE_KINDS or st.relation in ("commitsFundingTo", "plannedInvestment"):
        return "pledge"
    if money_kind in _INVEST_KINDS or st.relation in ("investsIn", "investedToDate", "equityPartnerOf", "owns", "lendsTo"):
        return "investment"
    if money_kind == "purchase" or st.relation == "buysFrom":
        return "contract"
    ends_only = "end_time" in q and "point_in_time" not in q and "start_time" not in q
    if st.relation == "completionDate" or (ends_only and st.relation not in roles):
        return "completion"  # the end of a role (Biden's presidency) is not something completed
    if q.get("status") == "reported" or st.relation in ("claims", "doubts"):
        return "report"
    return "other"


def _event(st, rec, roles=frozenset()):
    """The timeline entry of statement ``st`` from its record ``rec`` (:func:`stargate_kg.answers.records.record`)."""
    q = st.qualifiers
    subject = {"iri": st.subject, "label": st.subject_label}
    parties = [dict(p) for p in rec.parties] + ([dict(rec.recipient)] if rec.recipient else [])
    return Event(
        date=rec.date, precision=rec.date_precision, qualifier=rec.date_qualifier, kind=_kind(st, rec.kind, roles),
        subject=subject, relation=st.relation, relation_label=st.relation_label,
        object={"iri": st.object, "label": st.object_label} if st.object else None, parties=parties,
        statement=st.iri, share_of=list(rec.shares), end=rec.end, amount=rec.amount, currency=rec.currency,
        bound=rec.bound, value=st.value, unit=q.get("unit"), duration=rec.duration, status=rec.status,
        duration_kind=q.get("duration_kind"), certainty=q.get("certainty"), printed_as=q.get("printed_as"),
        rank=q.get("rank"), joint=rec.joint, inferred=rec.inferred, stated_by=q.get("stated_by"),
        note=rec.notes[0] if rec.notes else None, sources=list(rec.sources), later=list(rec.later),
        duration_measures=rec.duration_measures,
    )


def timeline(kg, entity=None, start=None, end=None, kinds=None, include_deprecated=False):
    """Dated events in date order.

    ``entity``: an IRI; keeps statements that name it (subject, object, joint
    party, who says so) or name a part of it (``sg:partOf``, one hop: the
    Abilene site's completion is on Stargate's timeline). ``start``/``end``:
    dates of any precision (see :func:`overlaps`). ``kinds``: some of
    :data:`KINDS`. Deprecated claims are left out unless asked for.
    """
    from stargate_kg.terms import IRI

    start = check_date(start) if start else None
    end = check_date(end) if end else None
    if start and end and _sort_key(start, None) > _sort_key(end, "by the end of"):
        raise StargateKGError(f"the range starts ({start}) after it ends ({end})")
    if kinds:
        bad = sorted(set(kinds) - set(KINDS))
        if bad:
            raise StargateKGError(f"unknown event kind(s) {', '.join(bad)}; choose from: {', '.join(KINDS)}")

    def build():
        from stargate_kg.answers.records import record

        roles = {str(r["rel"]).rsplit("#", 1)[-1] for r in kg.select("SELECT ?rel WHERE { ?rel sg:family sg:Roles }")}
        return [_event(st, record(kg, st), roles) for st in fetch_statements(kg, DATED)]

    events = kg.cached("timeline_events", build)
    names = None
    if entity:
        names = {str(entity)} | {str(r["part"]) for r in kg.select(PARTS, {"e": IRI(str(entity))})}
    shown_joint = {ev.statement for ev in events if ev.joint and (include_deprecated or ev.rank != "deprecated")}
    out = []
    for ev in events:
        if any(t in shown_joint for t in ev.share_of):
            continue  # a party's share of a joint pledge: the joint event names every party with the total
        if ev.rank == "deprecated" and not include_deprecated:
            continue
        if kinds and ev.kind not in kinds:
            continue
        if not overlaps(ev.date, start, end):
            continue
        if names is not None:
            named = {ev.subject["iri"]} | {p["iri"] for p in ev.parties} | ({ev.stated_by["iri"]} if ev.stated_by else set())
            if not named & names:
                continue
        out.append(ev)
    return sorted(out, key=lambda e: (_sort_key(e.date, e.qualifier), e.date, KINDS.index(e.kind), e.subject["label"],
                                      e.relation, (e.object or {}).get("label") or "", e.statement))
