"""Column sets of the listing commands: the same columns whatever the rows, and story tables for Markdown.

CSV and TSV write every field of the record under a fixed, documented set of
columns (so two answers concatenate); Markdown writes a table fit for a
story, in the reader's language, with at most eight columns (``--wide`` gives
every field instead).

``funders`` / ``funded`` (:data:`FLOW_COLUMNS`): ``statement``, ``parties``
(labels joined with ``; ``), ``party_iris``, ``joint``, ``recipient``,
``recipient_iri``, ``relation``, ``kind``, ``amount`` (a plain number),
``currency``, ``bound``, ``figures``, ``date`` (ISO, at its precision),
``date_precision``, ``date_qualifier``, ``duration`` (xsd:duration),
``duration_measures``, ``status``, ``rank``, ``inferred``, ``stated_by``,
``later`` (later reports and conflicting claims, one per ``; ``),
``conflicts``, ``statements``, ``depth``, ``notes``, ``articles`` (one
per article, ``; ``), ``outlets`` and ``published`` (each article's outlet
and publication date, in the same order), ``sources`` (``[a004] quote | …``).

``timeline`` (:data:`EVENT_COLUMNS`): ``date``, ``date_precision``,
``date_qualifier``, ``when``, ``end``, ``kind``, ``subject``, ``relation``,
``object``, ``parties``, ``joint``, ``amount``, ``currency``, ``bound``,
``value``, ``unit``, ``duration``, ``duration_measures``, ``status``,
``rank``, ``inferred``, ``stated_by``, ``later``, ``statement``, ``note``,
``articles``, ``outlets``, ``published``, ``sources``.

>>> row = flow_row({"statement": "s", "parties": [{"iri": "e:a", "label": "A"}, {"iri": "e:b", "label": "B"}],
...                 "joint": True, "recipient": {"iri": "e:c", "label": "C"}, "amount": 1e11, "currency": "USD"})
>>> list(row) == list(FLOW_COLUMNS), row["parties"], row["amount"]
(True, 'A; B', 100000000000.0)
>>> story_flows([{"parties": [{"label": "A"}, {"label": "B"}], "joint": True, "recipient": {"label": "C"}, "kind": "commitment",
...               "amount": 1e11, "currency": "USD", "bound": "up to", "date": "2025-01", "status": "committed",
...               "sources": [{"article": "a001", "outlet": {"label": "Synced"}, "published": "2025-07-23"}]}])[1][0]
['A + B (joint)', 'C', 'commitment', 'up to $100B', '2025-01', 'committed', 'a001 (Synced, 2025-07-23)']
"""

from stargate_kg.i18n_zh import is_zh, to_script  # light: no OpenCC until a traditional answer

FLOW_COLUMNS = (
    "statement", "parties", "party_iris", "joint", "recipient", "recipient_iri", "relation", "kind", "amount",
    "currency", "bound", "figures", "date", "date_precision", "date_qualifier", "duration", "duration_measures",
    "status", "rank", "inferred", "stated_by", "later", "conflicts", "statements", "depth", "notes", "articles",
    "outlets", "published", "sources",
)  # fmt: skip
EVENT_COLUMNS = (
    "date", "date_precision", "date_qualifier", "when", "end", "kind", "subject", "relation", "object", "parties",
    "joint", "amount", "currency", "bound", "value", "unit", "duration", "duration_measures", "status", "rank",
    "inferred", "stated_by", "later", "statement", "note", "articles", "outlets", "published", "sources",
)  # fmt: skip

#: Headings of the story tables: key -> (English, Chinese)
HEADINGS = {
    "who": ("Who", "出资方"), "to": ("To", "接受方"), "kind": ("Kind", "类型"), "amount": ("Amount", "金额"),
    "date": ("Date", "日期"), "status": ("Status", "状态"), "source": ("Source", "来源"), "what": ("What", "事件"),
    "later": ("Later reports", "后续报道"), "relation": ("Relation", "关系"), "with": ("With", "对象"),
    "subject": ("Who", "主体"),
}
FLOW_STORY = ("who", "to", "kind", "amount", "date", "status", "source")
EVENT_STORY = ("date", "kind", "what", "amount", "status", "later", "source")
STATEMENT_STORY = ("subject", "relation", "with", "amount", "date", "status", "source")


def _labels(parties):
    return "; ".join(p["label"] for p in parties or [])


def later_text(later, lang="en"):
    """Later reports and conflicting claims in one cell: ``2025-07 The Wall Street Journal (later report): gist``.

    >>> later_text([{"type": "later report", "date": "2025-07", "who": {"label": "WSJ"}, "relation_label": "claims", "gist": "scaled back"}])
    '2025-07 WSJ claims (later report): scaled back'
    """
    from stargate_kg.answers.amounts import format_amount
    from stargate_kg.i18n import concept

    out = []
    for x in later or []:
        who, obj = claim_parties(x)
        head = " ".join(t for t in (x.get("date"), who, x.get("relation_label"), obj) if t)
        kind = to_script({"later report": "后续报道", "conflicting claim": "冲突的说法"}.get(x["type"], x["type"]), lang) if is_zh(lang) else x["type"]
        if x.get("rank") in ("preferred", "deprecated"):  # how the graph ranks that claim
            kind += ("，" if is_zh(lang) else ", ") + concept(x["rank"], lang)
        what = x.get("gist") or format_amount(x.get("amount"), x.get("currency"), x.get("bound"), lang)
        out.append(f"{head} ({kind})" + (f": {what}" if what else ""))
    return "; ".join(out)


def claim_parties(x):
    """(who, object) of a later report or conflicting claim: a joint figure names its parties, its recipient after.

    >>> claim_parties({"who": {"label": "S"}, "parties": [{"label": "A"}, {"label": "B"}], "object": None})
    ('A + B', 'S')
    """
    if x.get("parties"):
        return " + ".join(p["label"] for p in x["parties"]), x["who"]["label"]
    return x["who"]["label"], (x.get("object") or {}).get("label")


def _sources(sources):
    return " | ".join(f"[{s['article']}] {s['quote']}" for s in sources or [])


def per_article(sources):
    """Each article of ``sources`` once, in order: (article ids, outlet labels, publication dates) as three lists.

    >>> per_article([{"article": "a003", "outlet": {"label": "Tencent Tech"}, "published": "2024-03-30"},
    ...              {"article": "a003", "outlet": {"label": "Tencent Tech"}, "published": "2024-03-30"}, {"article": "a009"}])
    (['a003', 'a009'], ['Tencent Tech', ''], ['2024-03-30', ''])
    """
    first = {}
    for s in sources or []:
        first.setdefault(s["article"], s)
    return (list(first), [(s.get("outlet") or {}).get("label") or "" for s in first.values()],
            [s.get("published") or "" for s in first.values()])


def _article_cells(sources):
    """The ``articles``, ``outlets`` and ``published`` cells of a row: one entry per article, joined with ``; ``."""
    ids, outlets, dates = per_article(sources)
    return {"articles": "; ".join(ids), "outlets": "; ".join(outlets), "published": "; ".join(dates)}


def flow_row(r):
    """A record's JSON (:meth:`stargate_kg.answers.records.Record.as_json`) as a row of :data:`FLOW_COLUMNS`."""
    rec = r.get("recipient") or {}
    return {
        "statement": r.get("statement"), "parties": _labels(r.get("parties")),
        "party_iris": "; ".join(p.get("iri", "") for p in r.get("parties") or []), "joint": r.get("joint", False),
        "recipient": rec.get("label"), "recipient_iri": rec.get("iri"), "relation": r.get("relation"), "kind": r.get("kind"),
        "amount": r.get("amount"), "currency": r.get("currency"), "bound": r.get("bound"),
        "figures": "; ".join(figure_text(x) for x in r.get("figures") or []), "date": r.get("date"),
        "date_precision": r.get("date_precision"), "date_qualifier": r.get("date_qualifier"), "duration": r.get("duration"),
        "duration_measures": r.get("duration_measures"), "status": r.get("status"), "rank": r.get("rank"),
        "inferred": r.get("inferred", False), "stated_by": _labels(r.get("stated_by")), "later": later_text(r.get("later")),
        "conflicts": "; ".join(r.get("conflicts") or []), "statements": "; ".join(r.get("statements") or []),
        "depth": r.get("depth"), "notes": " | ".join(r.get("notes") or []), **_article_cells(r.get("sources")),
        "sources": _sources(r.get("sources")),
    }


def figure_text(x, lang="en"):
    """A figure of a record (``{"value", "unit", "bound", "min", "max"}``) as text: ``1.2 GW``, ``2-4 kW``."""
    from stargate_kg.answers.amounts import format_range, format_value

    if x.get("min") is not None or x.get("max") is not None:
        return format_range(x.get("min"), x.get("max"), x.get("unit"), lang)
    return format_value(x.get("value"), x.get("unit"), x.get("bound"), lang)


def event_row(e):
    """A timeline event's JSON as a row of :data:`EVENT_COLUMNS`."""
    return {
        "date": e.get("date"), "date_precision": e.get("precision"), "date_qualifier": e.get("qualifier"),
        "when": e.get("when"), "end": e.get("end"), "kind": e.get("kind"), "subject": (e.get("subject") or {}).get("label"),
        "relation": e.get("relation"), "object": (e.get("object") or {}).get("label"), "parties": _labels(e.get("parties")),
        "joint": e.get("joint", False), "amount": e.get("amount"), "currency": e.get("currency"), "bound": e.get("bound"),
        "value": e.get("value"), "unit": e.get("unit"), "duration": e.get("duration"),
        "duration_measures": e.get("duration_measures"), "status": e.get("status"), "rank": e.get("rank"),
        "inferred": e.get("inferred", False), "stated_by": (e.get("stated_by") or {}).get("label"),
        "later": later_text(e.get("later")), "statement": e.get("statement"), "note": e.get("note"),
        **_article_cells(e.get("sources")), "sources": _sources(e.get("sources")),
    }


def _heads(keys, lang):
    return [to_script(HEADINGS[k][1], lang) if is_zh(lang) else HEADINGS[k][0] for k in keys]


def _source_cell(sources):
    """Where it is said: ``a001 (Synced, 2025-07-23)``, one per article."""
    seen, out = set(), []
    for s in sources or []:
        if s["article"] in seen:
            continue
        seen.add(s["article"])
        outlet = (s.get("outlet") or {}).get("label")
        bits = ", ".join(b for b in (outlet, s.get("published")) if b)
        out.append(f"{s['article']} ({bits})" if bits else s["article"])
    return "; ".join(out)


def _when(date, qualifier, lang):
    from stargate_kg.answers.timeline import format_date
    from stargate_kg.i18n import date_text

    if not date:
        return ""
    return format_date(date, qualifier, lang) if qualifier or not is_zh(lang) else date_text(date, lang)


def _amount(r, lang):
    from stargate_kg.answers.amounts import format_amount, format_duration

    text = format_amount(r.get("amount"), r.get("currency"), r.get("bound"), lang)
    if text and r.get("duration"):
        text += " " + format_duration(r["duration"], lang, r.get("duration_measures") or "period")
    return text


def _status(status, rank, lang):
    """A status in ``lang``, with the rank when it is not normal: ``committed (deprecated)``."""
    from stargate_kg.i18n import concept

    text = concept(status, lang) or ""
    if rank in ("deprecated", "preferred"):
        mark = concept(rank, lang)
        text = f"{text}（{to_script(mark, lang)}）" if is_zh(lang) else f"{text} ({mark})".strip()
    return text


def story_flows(records, lang="en"):
    """(headings, rows) of a story table of money rows: who, to whom, kind, amount with bound, date, status, source."""
    from stargate_kg.i18n import concept

    joint = " (joint)" if not is_zh(lang) else to_script("（联合）", lang)
    rows = [[" + ".join(p["label"] for p in r.get("parties") or []) + (joint if r.get("joint") else ""),
             (r.get("recipient") or {}).get("label", ""), concept(r.get("kind"), lang) or "", _amount(r, lang),
             _when(r.get("date"), r.get("date_qualifier"), lang), _status(r.get("status"), r.get("rank"), lang),
             _source_cell(r.get("sources"))] for r in records]
    return _heads(FLOW_STORY, lang), rows


def story_events(events, lang="en"):
    """(headings, rows) of a story table of timeline events: date, kind, what, amount, status, later reports, source."""
    from stargate_kg.answers.amounts import format_value
    from stargate_kg.i18n import concept

    rows = []
    for e in events:
        who = " + ".join(p["label"] for p in e["parties"][:-1]) if e.get("joint") else e["subject"]["label"]
        what = f"{who} {e['relation_label']}" + (f" {e['object']['label']}" if e.get("object") and not e.get("joint") else "")
        if e.get("joint"):
            what += f" {e['parties'][-1]['label']}"
        figure = _amount(e, lang) or (format_value(e.get("value"), e.get("unit"), e.get("bound"), lang)
                                      if isinstance(e.get("value"), (int, float)) else "")
        rows.append([_when(e["date"], e.get("qualifier"), lang), concept(e["kind"], lang) or "", what, figure,
                     _status(e.get("status"), e.get("rank"), lang), later_text(e.get("later"), lang), _source_cell(e.get("sources"))])
    return _heads(EVENT_STORY, lang), rows


def story_statements(kg, entity, lang="en"):
    """(headings, rows) of a story table of an entity's statements (``entity --json``): who, relation, with whom or
    what, amount or figure, date, status, source (article, outlet, date)."""
    from stargate_kg.answers.amounts import format_amount, format_range, format_value
    from stargate_kg.answers.records import articles
    from stargate_kg.i18n import concept, localize

    arts = {a["article"]: a for a in articles(kg).values()}
    rows = []
    for st in entity["statements"]:
        q = st["qualifiers"]
        other = (st.get("other") or {}).get("label") or ""
        if isinstance(st["value"], str):
            other += (": " if other else "") + ("（英文）" if is_zh(lang) else "") + st["value"]
        figure = format_amount(q.get("amount"), q.get("currency"), q.get("bound"), lang)
        if not figure and ("min_value" in q or "max_value" in q):
            figure = format_range(q.get("min_value"), q.get("max_value"), q.get("unit"), lang)
        elif not figure and isinstance(st["value"], (int, float)):
            figure = format_value(st["value"], q.get("unit"), q.get("bound"), lang)
        date = q.get("point_in_time") or q.get("start_time") or q.get("end_time")
        sources = localize([{**arts.get(s["article"], {}), **s} for s in st["sources"]], kg, lang)
        rows.append([st["subject"]["label"], st["relation_label"], other, figure, _when(date, q.get("date_qualifier"), lang),
                     _status(q.get("status"), q.get("rank"), lang), _source_cell(sources)])
    return _heads(STATEMENT_STORY, lang), rows


def markdown(headings, rows):
    """A Markdown table of text cells (pipes escaped, line breaks as spaces)."""

    def cell(v):
        return str(v if v is not None else "").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)
