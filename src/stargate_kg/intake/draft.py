"""Draft a sheet of candidate statements from an article.

For every sentence of the body: the entities it names (known ones by every
name the graph has, new ones by jieba and the article's patterns), its figures
and dates, and the relation cues between the names. Each candidate becomes a
row with a verbatim quote (the shortest clauses that hold the row's evidence,
an exact substring of the file), a confidence, the reason it was proposed and,
when the graph already has the same statement, that statement's IRI in
``existing``.

>>> from stargate_kg import load
>>> from stargate_kg.intake.text import Article
>>> art = Article.from_text("x.txt", "英伟达宣布将向OpenAI投资最高1000亿美元。")
>>> rows = draft(load(), art, "a099", "2025-09-25")
>>> [(r["subject"], r["relation"], r["object"], r["amount"], r["bound"]) for r in rows if r.get("amount")]
[('Nvidia', 'investsIn', 'OpenAI', '100000000000', 'up to')]
"""

import re
import time

from stargate_kg.intake.cue_rows import CueRules
from stargate_kg.intake.cues import status_in
from stargate_kg.intake.figure_rows import BOUND_LABELS, MONEY_KINDS, FigureRules  # noqa: F401 (the sheet's words)
from stargate_kg.intake.keep import KEEP_AT, ambiguous_names, decide, doubts  # noqa: F401
from stargate_kg.intake.figures import find_dates, find_figures
from stargate_kg.intake.names import NameIndex, find_new
from stargate_kg.intake.parties import figure_entities
from stargate_kg.intake.rows import RowRules
from stargate_kg.intake.sites import site_mentions, sites_by_place
from stargate_kg.intake.text import quote_for
from stargate_kg.intake.variants import bracket_mentions, named_projects

STATUS_LABELS = {
    "Announced": "announced", "Committed": "committed", "Planned": "planned", "Reported": "reported",
    "Considered": "considered", "UnderConstruction": "under construction", "Operating": "operating",
}
TOPIC_TYPES = {"Project", "DataCenterSite", "JointVenture", "Company", "Organization", "Hardware", "Event", "InvestmentFund"}


class Drafter(RowRules, FigureRules, CueRules):
    """Drafts rows for one article against one graph (names and statements are indexed once)."""

    def __init__(self, kg, names=None):
        from stargate_kg.lookup import entity_index
        from stargate_kg.answers.statements import all_statements

        self.kg = kg
        self.names = names or NameIndex.from_graph(kg)
        self.entities = entity_index(kg)
        self.statements = all_statements(kg)
        self._by_pair = {}
        self._sites_by_place = sites_by_place(kg)
        self._figure_entities = figure_entities(list(self.entities.values()))
        self._prev_names = set()
        self._shared = ambiguous_names((n.iri, n.key) for n in self.names.names)
        for st in self.statements:
            self._by_pair.setdefault((st.subject, st.relation, st.object), []).append(st)

    # -- the rows ---------------------------------------------------------------------------
    def draft(self, article, article_id, date=None, publisher=None):
        def sentence_key(pos):
            sent = article.sentence_at(pos)
            return sent.index if sent else None

        known = [m for m in self.names.find(article.search, sentence_key) if article.sentence_at(m.start) and m.start < article.body_end]
        known += bracket_mentions(article, known)
        projects = named_projects(article, known)
        known = [m for m in known if not any(p.start < m.end and m.start < p.end for p in projects)]
        new = projects + self._vet(find_new(article, known + projects), article)
        mentions = sorted(known + new, key=lambda m: m.start)
        site_ms = []
        for sent in article.sentences:  # a county or city where the graph has one site, in a data-center sentence
            in_sent = [m for m in mentions if sent.start <= m.start < sent.end]
            site_ms += site_mentions(article.search, sent, in_sent, self._sites_by_place, self.entities)
        mentions = sorted(mentions + site_ms, key=lambda m: m.start)
        figures = [f for f in find_figures(article.search) if article.sentence_at(f.start)]
        dates = [d for d in find_dates(article.search, date) if article.sentence_at(d.start)]
        by_sentence = {}
        for kind, items in (("m", mentions), ("f", figures), ("d", dates)):
            for x in items:
                s = article.sentence_at(x.start)
                by_sentence.setdefault(s.index, {"m": [], "f": [], "d": []})[kind].append(x)
        rows, topic, self._site, site_age, person = [], None, None, 0, None
        self._project = self._last_site = None
        self._prev_names = set()
        self._search = article.search
        for sent in article.sentences:
            parts = by_sentence.get(sent.index, {"m": [], "f": [], "d": []})
            ms = parts["m"]
            rows += self._roles(article, sent, ms, publisher)
            rows += self._figures(article, sent, ms, parts["f"], parts["d"], topic)
            rows += self._places(article, sent, ms)
            rows += self._site_rows(article, sent, ms)
            rows += self._cues(article, sent, ms, parts["f"], parts["d"], topic)
            rows += self._claims(article, sent, ms, person)
            self._prev_names = {m.iri for m in ms if m.iri}
            people = [m for m in ms if m.type == "Person"]
            if people:
                person = people[-1]
            topics = [m for m in ms if m.type in TOPIC_TYPES - {"Event"}]
            if topics:
                topic = topics[-1]
            projects = [m for m in ms if m.type in ("Project", "JointVenture") and (not m.new or m.how.startswith(("named", "a country")))]
            if projects:
                self._project = projects[-1]
            sites = [m for m in ms if m.type == "DataCenterSite"]
            site_age += 1
            if sites:
                self._site, site_age = sites[-1], 0
                self._last_site = sites[-1]
            elif site_age > 8:
                self._site = None
        rows = self._dedupe(rows)
        labels = {iri: e.label for iri, e in self.entities.items()}
        for r in rows:
            self._mark_existing(r)
            in_sent = by_sentence.get(r.get("_sentence"), {"m": []})["m"]
            decide(r, doubts(r, article.search, in_sent, self._shared, labels))
            assert r["quote"] in article.raw
        return rows

    # -- helpers -----------------------------------------------------------------------------
    def _name(self, m):
        return self.entities[m.iri].label if m.iri else m.text

    def _row(self, article, sent, subject, relation, obj=None, positions=(), confidence=0.5, reason="", **extra):
        q = quote_for(article, sent, list(positions) + [subject.start] + ([obj.start] if obj is not None else []))
        row = {
            "subject": self._name(subject), "relation": relation, "object": self._name(obj) if obj is not None else "",
            "quote": q.text, "confidence": f"{confidence:.2f}", "reason": reason,
            "_subject": subject, "_object": obj, "_start": q.start, "_end": q.end, "_sentence": sent.index,
        }
        for side, m in (("subject", subject), ("object", obj)):
            if m is not None and m.new:
                row[f"{side}_type"] = m.type
                cjk = bool(re.search(r"[\u4e00-\u9fff]", m.text))
                row[f"{side}_zh" if cjk else f"{side}_en"] = m.text
                if m.en:
                    row[f"{side}_en"] = m.en
                row["confidence"] = f"{max(0.1, confidence - 0.1):.2f}"
                row["reason"] += f"; new {side} ({m.how})"
        for k, v in extra.items():
            if v not in (None, ""):
                row[k] = v
        return row

    def _status(self, text):
        s = status_in(text)
        return STATUS_LABELS.get(s, "") if s else ""

    def _dates_for(self, dates, lo, hi, sent):
        """date/start/end/duration cells from the dates in the clause span [lo, hi)."""
        out, notes = {}, []
        for d in sorted(dates, key=lambda d: not (lo <= d.start < hi)):  # the clause's own dates first
            if not (lo - 12 <= d.start <= hi + 12):
                continue
            if d.role == "duration":
                out.setdefault("duration", d.value)
            elif d.role == "range":
                a, b = d.value.split("/")
                out.setdefault("start", a)
                out.setdefault("end", b)
            elif d.role == "end":
                out.setdefault("end", d.value)
            else:
                out.setdefault("date", d.value)
            if d.note:
                notes.append(f"{d.text}: {d.note}")
        points = [d for d in dates if d.role == "point" and sent.start <= d.start < sent.end]
        if not out and len(points) == 1:  # 《彭博》周五(9日)报导，…，共同投资10亿美元: the sentence's one date
            out["date"] = points[0].value
            notes.append(f"{points[0].text}: the sentence's date" + (f"; {points[0].note}" if points[0].note else ""))
        if notes:
            out["note"] = "; ".join(notes)
        return out


def draft(kg, article, article_id, date=None, publisher=None, drafter=None):
    """Rows (dicts by sheet column) of candidate statements for ``article`` (an Article or a path)."""
    from stargate_kg.intake.text import Article, read_article

    if not isinstance(article, Article):
        article = read_article(article)
    d = drafter or Drafter(kg)
    rows = d.draft(article, article_id, date, publisher)
    from stargate_kg.intake.sheet import COLUMNS

    return [{k: "" for k in COLUMNS} | {k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def draft_file(kg, article_path, article_id, date=None, publisher=None):
    """Draft and time it: (rows, seconds)."""
    t0 = time.perf_counter()
    rows = draft(kg, article_path, article_id, date, publisher)
    return rows, time.perf_counter() - t0
