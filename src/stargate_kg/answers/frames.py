"""DataFrames of the answers: the records every surface shows, as pandas columns.

A money row (:func:`records_frame`) has its parties as a list (``parties``,
``party_iris``) and as text (``funder``: every party joined with " + "), a
``joint`` flag, ``amount`` as a float with ``bound`` beside it, ``date`` as
datetime64 (the start of the stated period: ``2025-01`` is 2025-01-01) with
``date_precision`` and ``date_qualifier``, other figures (``figures``) as a
list of texts, quotes as a list column (``quotes``, one per source) and each
article once with its outlet and publication date (``articles``,
``outlets``, ``published``, lists in the same order), and later reports and
conflicting claims (``later``: lines with their date and gist; ``conflicts``:
the statements they stand for) as lists.

>>> from stargate_kg import load, resolve
>>> from stargate_kg.answers.funding import funded
>>> from stargate_kg.answers.records import record
>>> kg = load()
>>> df = records_frame(kg, [record(kg, f) for f in funded(kg, resolve(kg, "Oracle").iri)])
>>> row = df[df.recipient == "Stargate"].iloc[0]
>>> row.funder, bool(row.joint), float(row.amount), str(row.date.date()), row.date_precision
('OpenAI + Oracle + SoftBank Group', True, 500000000000.0, '2025-01-21', 'day')
"""

from stargate_kg.answers.notebook import _pandas

RECORD_COLUMNS = (
    "funder", "recipient", "kind", "amount", "currency", "bound", "figures", "date", "date_precision", "date_qualifier",
    "duration", "duration_measures", "status", "rank", "joint", "inferred", "parties", "party_iris", "recipient_iri",
    "stated_by", "later", "conflicts", "articles", "outlets", "published", "quotes", "relation", "statement",
    "statements", "depth",
)  # fmt: skip
EVENT_COLUMNS = (
    "date", "date_precision", "when", "kind", "what", "parties", "amount", "currency", "bound", "value", "unit",
    "status", "rank", "joint", "inferred", "later", "articles", "outlets", "published", "quotes", "relation", "statement",
)  # fmt: skip


def start_of(date):
    """The first day of a date written at any precision, as ISO text (None stays None).

    >>> start_of("2025"), start_of("2025-07"), start_of("2025-01-21"), start_of(None)
    ('2025-01-01', '2025-07-01', '2025-01-21', None)
    """
    if not date:
        return None
    date = str(date)
    return date + {4: "-01-01", 7: "-01"}.get(len(date), "")


def _dates(pd, values):
    return pd.to_datetime(pd.Series([start_of(v) for v in values], dtype="object"), format="%Y-%m-%d")


def _money(r, lang):
    """The columns every answer shares: amount (a float), currency, bound, later reports, articles (with outlets and
    publication dates, one per article) and quotes (one per source)."""
    from stargate_kg.answers.tables import per_article

    ids, outlets, published = per_article(r["sources"])
    return {"amount": float(r["amount"]) if r["amount"] is not None else None, "currency": r["currency"], "bound": r["bound"],
            "later": _later_lines(r["later"], lang), "articles": ids, "outlets": outlets, "published": published,
            "quotes": [s["quote"] for s in r["sources"]]}


def _figure(x, lang):
    from stargate_kg.answers.tables import figure_text

    return figure_text(x, lang)


def _later_lines(later, lang):
    from stargate_kg.answers.tables import later_text

    return [later_text([x], lang) for x in later or []]


def records_frame(kg, records, lang="en"):
    """Records (:class:`stargate_kg.answers.records.Record`) as a DataFrame of :data:`RECORD_COLUMNS`, labels in ``lang``."""
    from stargate_kg.i18n import localize

    pd = _pandas()
    rows = []
    for r in localize([x.as_json() for x in records], kg, lang):
        rows.append({
            "funder": " + ".join(p["label"] for p in r["parties"]), "recipient": (r["recipient"] or {}).get("label"),
            "kind": r["kind"], **_money(r, lang), "figures": [_figure(x, lang) for x in r["figures"]], "date": r["date"], "date_precision": r["date_precision"], "date_qualifier": r["date_qualifier"],
            "duration": r["duration"], "duration_measures": r["duration_measures"], "status": r["status"], "rank": r["rank"],
            "joint": r["joint"], "inferred": r["inferred"], "parties": [p["label"] for p in r["parties"]],
            "party_iris": [p["iri"] for p in r["parties"]], "recipient_iri": (r["recipient"] or {}).get("iri"),
            "stated_by": [p["label"] for p in r["stated_by"]], "conflicts": list(r["conflicts"]), "relation": r["relation"], "statement": r["statement"], "statements": list(r["statements"]), "depth": r.get("depth"),
        })
    return _money_frame(pd, rows, RECORD_COLUMNS)


def events_frame(kg, events, lang="en"):
    """Timeline events (:class:`stargate_kg.answers.timeline.Event`) as a DataFrame of :data:`EVENT_COLUMNS`."""
    from stargate_kg.answers.tables import story_events
    from stargate_kg.i18n import localize

    pd = _pandas()
    data = localize([e.as_json() for e in events], kg, lang)
    _, story = story_events(data, lang)
    rows = []
    for e, s in zip(data, story):
        rows.append({
            "date": e["date"], "date_precision": e["precision"], "when": e["when"], "kind": e["kind"], "what": s[2],
            "parties": [p["label"] for p in e["parties"]], **_money(e, lang), "value": e["value"], "unit": e["unit"],
            "status": e["status"], "rank": e["rank"] or "normal", "joint": e["joint"], "inferred": e["inferred"],
            "relation": e["relation"], "statement": e["statement"],
        })
    return _money_frame(pd, rows, EVENT_COLUMNS)


def _money_frame(pd, rows, columns):
    """``rows`` as a DataFrame of ``columns``: amounts as floats, dates as datetime64 (see :func:`_dates`)."""
    df = pd.DataFrame(rows, columns=list(columns))
    df["amount"] = df["amount"].astype("float64")
    df["date"] = _dates(pd, df["date"])
    return df


def cycles_frame(kg, cycles, lang="en"):
    """Money cycles (:func:`stargate_kg.network.money_cycles`) as one row per edge: cycle, step, from, to, kind, amount..."""
    from stargate_kg.i18n import localize

    pd = _pandas()
    rows = []
    for i, cyc in enumerate(localize(list(cycles), kg, lang), 1):
        for n, e in enumerate(cyc, 1):
            rows.append({"cycle": i, "step": n, "from": e["from"]["label"], "to": e["to"]["label"], "kind": e["kind"],
                         "amount": float(e["amount"]) if e["amount"] is not None else None, "currency": e["currency"],
                         "bound": e["bound"], "inferred": e["inferred"], "articles": [s["article"] for s in e["sources"]],
                         "quotes": [s["quote"] for s in e["sources"]], "from_iri": e["from"]["iri"], "to_iri": e["to"]["iri"],
                         "statement": e["statement"]})
    cols = ["cycle", "step", "from", "to", "kind", "amount", "currency", "bound", "inferred", "articles", "quotes",
            "from_iri", "to_iri", "statement"]
    return pd.DataFrame(rows, columns=cols)
