"""Later reports and conflicting claims of a statement, as the record carries them (:attr:`Record.later`).

A claim or doubt about a pledge not ranked down is a *later report* (the
WSJ's July 2025 scale-back of the January "immediate $100B"); any other
statement that conflicts with it is a *conflicting claim* (002's "more than
$100B" beside the 2024 supercomputer's $100B). Each carries its date, its
gist (the editors' English wording or the figure), its rank, the articles
that report it and the article's own words.

>>> from stargate_kg import load
>>> kg = load()
>>> [x] = later_reports(kg, ["https://w3id.org/stargate-kg/statement/a002-supercomputer-planned-investment-over-100b"])
>>> x["type"], [p["label"] for p in x["parties"]], x["amount"], x["bound"], x["rank"], x["articles"]
('conflicting claim', ['Microsoft', 'OpenAI'], 100000000000, 'more than', 'normal', ['a002'])
"""

from functools import lru_cache
from pathlib import Path

#: relations whose statement, when it conflicts with a pledge, is a later report about it (else a conflicting claim)
REPORT_RELATIONS = {"claims", "doubts"}


def later_reports(kg, conflicts):
    """What other claims say about a statement, in date order: ``[{"type", "statement", "who", "parties", "relation", "date", "gist", ...}]``.

    ``type`` is "later report" for a claim or doubt not ranked down (the WSJ's
    July 2025 scale-back of the January $100B), else "conflicting claim".
    """
    from stargate_kg.answers.summary import one_statement

    out = []
    for iri in conflicts:
        st = one_statement(kg, iri)
        if st is None:
            continue
        q = st.qualifiers
        date = q.get("point_in_time") or q.get("end_time") or q.get("start_time")
        report = st.relation in REPORT_RELATIONS and not st.deprecated
        out.append({
            "type": "later report" if report else "conflicting claim", "statement": st.iri,
            "who": {"iri": st.subject, "label": st.subject_label}, "relation": st.relation,
            # a joint figure: its parties (the subject is then the recipient, as in sg:plannedInvestment)
            "parties": [dict(p) for p in q.get("joint_funders") or []] if st.joint else [],
            "relation_label": st.relation_label, "object": {"iri": st.object, "label": st.object_label} if st.object else None,
            "date": str(date) if date is not None else None, "date_qualifier": q.get("date_qualifier"),
            "gist": st.value if isinstance(st.value, str) else None, "amount": q.get("amount"),
            "currency": q.get("currency"), "bound": q.get("bound"), "status": q.get("status"),
            "rank": q.get("rank") or "normal", "articles": sorted({s.article for s in st.sources}),
            # the article's own words (Chinese answers show them): every quote of the first article that reports it
            "quote": "……".join(_in_article_order([x.quote for x in st.sources if x.article == st.sources[0].article],
                                                st.sources[0].file)) or None,
        })
    out.sort(key=lambda x: (x["date"] or "9999", x["statement"]))
    return out


def _in_article_order(quotes, file):
    """``quotes`` once each, in the order the article prints them when its text is at hand (else as given).

    >>> _in_article_order(["b", "a", "b"], None)
    ['b', 'a']
    """
    quotes = list(dict.fromkeys(quotes))
    text = _article_text(file) if file else ""
    return sorted(quotes, key=lambda q: text.find(q) % (len(text) + 1)) if text else quotes


@lru_cache(maxsize=16)
def _article_text(file):
    from stargate_kg.paths import default_articles_dir

    folder = default_articles_dir()
    try:
        return (Path(folder) / file).read_text(encoding="utf-8") if folder else ""
    except (OSError, UnicodeDecodeError):
        return ""
