"""Party-aware scores of a drafted sheet against a gold list of facts.

A gold fact is (subject, relation, object, figure, unit, date, sentence): the
parties are graph IRIs or proposed names of new things (``new:Sur Energy``),
with ``|`` between accepted alternatives and ``+`` between the parties of a
joint figure. A drafted row *recovers* a fact when its quote lies in the
fact's sentence, its subject and object are the fact's (either way round only
for symmetric relations such as ``partnerOf``), and its figure is the fact's
figure (money in full units; GW, MW and kW compared in one scale). A row is
*wrong-party* when it recovers nothing although a fact of its sentence has its
figure, or (a row without a figure) has its relation and exactly one of its
parties: the evidence was right and a party wrong. A row with an empty subject (the draft was not sure)
is never wrong-party, nor is a row with the fact's subject and an empty object (the object not said), nor the
figure of a claim on the thing claimed with the speaker left out.

>>> from stargate_kg.intake.text import Article
>>> art = Article.from_text("x.txt", "甲公司向乙公司投资5亿美元。")
>>> gold = [Fact("new:甲公司", "investsIn", "new:乙公司", 5e8, "USD", "", "甲公司向乙公司投资5亿美元")]
>>> rows = [{"subject": "甲公司", "relation": "investsIn", "object": "乙公司", "amount": "500000000",
...          "quote": "甲公司向乙公司投资5亿美元", "keep": "yes"},
...         {"subject": "乙公司", "relation": "investsIn", "object": "", "amount": "500000000",
...          "quote": "甲公司向乙公司投资5亿美元", "keep": "yes"}]
>>> s = score_rows(art, rows, gold, lambda name: None)
>>> s.facts_found, s.wrong_party, s.wrong_party_yes
(1, 1, 1)
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import IntakeError

COLUMNS = ("subject", "relation", "object", "figure", "unit", "date", "sentence")
SYMMETRIC = {"partnerOf", "technologyPartnerOf", "dataCenterPartnerOf", "competitorOf"}
POWER = {"GW": 1e6, "MW": 1e3, "kW": 1.0}


@dataclass
class Fact:
    """One gold fact; ``figure`` is a float or None, ``date`` a string (YYYY, YYYY-MM, YYYY-MM-DD) or ''."""

    subject: str
    relation: str
    object: str
    figure: float = None
    unit: str = ""
    date: str = ""
    sentence: str = ""
    line: int = 0
    #: other ways a sheet can state the same fact: (subject, object, stated_by) cells, stated_by '' when any
    #: (a joint figure the graph keeps on the project is also "first payer + joint column -> the project"; a
    #: claim with a figure, "Son claims Stargate $500B", is also "Stargate $500B, stated_by Son")
    also: tuple = ()

    def __post_init__(self):
        if self.figure in ("", None):
            self.figure = None
        else:
            self.figure = float(self.figure)


@dataclass
class Gold:
    """A gold list: the header fields (url, outlet, date, file, ...) and the facts."""

    path: str
    meta: dict = field(default_factory=dict)
    facts: list = field(default_factory=list)


def read_gold(path):
    """Read a ``benchmarks/devset/dNN.tsv`` file; a malformed line is an IntakeError naming file and line."""
    p = Path(path)
    gold = Gold(str(p))
    header_seen = False
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition("\t")
            gold.meta[key.strip()] = value.strip()
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise IntakeError(f"{p}:{n}: the header must be {', '.join(COLUMNS)} (tab-separated)")
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise IntakeError(f"{p}:{n}: expected {len(COLUMNS)} tab-separated cells, found {len(cells)}")
        try:
            gold.facts.append(Fact(*cells, line=n))
        except ValueError:
            raise IntakeError(f"{p}:{n}: the figure {cells[3]!r} is not a number") from None
    return gold


def fold(name):
    """A name folded for comparison: simplified characters, lower case, no spaces or punctuation.

    >>> fold("Vantage Data Centers") == fold("vantage  data centers"), fold("燈塔")
    (True, '灯塔')
    """
    from stargate_kg.intake.text import fold as fold_text

    return re.sub(r"[\s·・.,，、()（）\"'“”「」『』-]+", "", fold_text(str(name or "")))


@dataclass
class Score:
    """Counts for one article (or a sum of articles)."""

    facts: int = 0
    facts_found: int = 0
    figure_facts: int = 0
    figures_found: int = 0
    dated_facts: int = 0
    dates_found: int = 0
    rows: int = 0
    rows_yes: int = 0
    rows_right: int = 0
    wrong_party: int = 0
    wrong_party_yes: int = 0
    abstained: int = 0
    seconds: float = 0.0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def __add__(self, other):
        out = Score()
        for k in ("facts", "facts_found", "figure_facts", "figures_found", "dated_facts", "dates_found", "rows", "rows_yes",
                  "rows_right", "wrong_party", "wrong_party_yes", "abstained"):
            setattr(out, k, getattr(self, k) + getattr(other, k))
        out.seconds = max(self.seconds, other.seconds)
        out.missed, out.wrong = self.missed + other.missed, self.wrong + other.wrong
        return out


def _figure(row):
    """(number, kind) of a row's figure: kind 'money', 'power' (in kW) or the unit; None when it has none."""
    for key, kind in (("amount", "money"), ("value", None)):
        text = str(row.get(key) or "").strip()
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            return None
        unit = str(row.get("unit") or row.get("currency") or "").strip()
        if kind == "money":
            return number, "money"
        if unit in POWER:
            return number * POWER[unit], "power"
        return number, "count"
    return None


def _gold_figure(fact):
    if fact.figure is None:
        return None
    if fact.unit in POWER:
        return fact.figure * POWER[fact.unit], "power"
    if re.fullmatch(r"[A-Z]{3}", fact.unit or ""):
        return fact.figure, "money"
    return fact.figure, "count"


def _same_figure(a, b):
    if a is None or b is None:
        return False
    return a[1] == b[1] and abs(a[0] - b[0]) <= 1e-6 * max(1.0, abs(b[0]))


def _alternatives(cell):
    """A gold party cell as a list of alternatives, each a list of parties: ('iri', IRI) or ('new', {folded names}).

    ``e:a|e:b``: either entity; ``new:Name|别名``: one new thing and its other names; ``e:a+new:B``: joint parties.
    """
    from stargate_kg.namespace import E_IRI

    def party(text):
        text = text.strip()
        if text.startswith("e:"):
            return ("iri", E_IRI + text[2:])
        return ("new", {fold(x) for x in text.removeprefix("new:").split("|")})

    cell = cell.strip()
    if not cell:
        return [[]]
    if "+" in cell:
        return [[party(p) for p in cell.split("+")]]
    if cell.startswith("new:"):
        return [[party(cell)]]
    return [[party(alt)] for alt in cell.split("|")]


def _first_resolved(names, resolve_name):
    """The graph IRI of the first of ``names`` that resolves (a new entity's Chinese or English name), or None."""
    for n in names:
        iri = resolve_name(str(n).strip()) if n and str(n).strip() else None
        if iri:
            return iri
    return None


def _row_parties(row, side, resolve_name):
    """What a row names on one side: a list of (iri or None, {folded names}); the joint parties count on the subject side.

    Every name the row gives a party (the cell, and a new entity's ``_zh`` / ``_en`` names) is tried: a new entity
    proposed as 燈塔 with the English name Lighthouse is the entity the gold calls Lighthouse."""
    names = [row.get(side), row.get(f"{side}_zh"), row.get(f"{side}_en")]
    main = str(row.get(side) or "").strip()
    if not main:
        return []
    out = [(_first_resolved(names, resolve_name), {fold(n) for n in names if n})]
    if side == "subject":
        for extra in re.split(r"[;；+、]", str(row.get("joint") or "")):
            if extra.strip():
                out.append((resolve_name(extra.strip()), {fold(extra)}))
    return out


def _side_matches(gold_alts, parties):
    for alt in gold_alts:
        if len(alt) != len(parties):
            continue
        used, ok = set(), True
        for kind, value in alt:
            hit = next((i for i, (iri, names) in enumerate(parties) if i not in used and (
                (kind == "iri" and iri == value) or (kind == "new" and iri is None and names & value))), None)
            if hit is None:
                ok = False
                break
            used.add(hit)
        if ok:
            return True
    return False


def _pairs(f):
    """[(subject alternatives, object alternatives, stated_by alternatives or None)] of a fact: its own, then ``also``."""
    out = [(_alternatives(f.subject), _alternatives(f.object), None)]
    for subject, obj, stated in f.also:
        out.append((_alternatives(subject), _alternatives(obj), _alternatives(stated) if stated else None))
    return out


def _recovers(f, pairs, subj, obj, stated, partial=False):
    """True when a row's parties are one of the fact's ways to state it (``partial``: the speaker may be missing)."""
    for ga, go, gs in pairs:
        straight = _side_matches(ga, subj) and _side_matches(go, obj)
        swapped = f.relation in SYMMETRIC and _side_matches(ga, obj) and _side_matches(go, subj)
        if (straight or swapped) and (gs is None or partial or _side_matches(gs, stated)):
            return True
    return False


def _one_side(ga, go, subj, obj, symmetric):
    """True when exactly one party of a row is the fact's (the other is wrong); a row that shares no party with the
    fact (a county in its state beside a site in its county) is another fact, not a wrong party."""
    ways = [(_side_matches(ga, subj), _side_matches(go, obj))]
    if symmetric:
        ways.append((_side_matches(ga, obj), _side_matches(go, subj)))
    return any(a != b for a, b in ways)


def _sentences(article, start, end):
    return {s.index for s in (article.sentence_at(start), article.sentence_at(max(start, end - 1))) if s is not None}


def fact_sentences(article, text):
    """The sentence indexes of every place ``text`` occurs in the article (several quotes: one a line)."""
    out = set()
    for part in filter(None, text.split("\n")):
        i = article.raw.find(part)
        while i >= 0:
            out |= _sentences(article, i, i + len(part))
            i = article.raw.find(part, i + 1)
    return out


def score_rows(article, rows, facts, resolve_name, seconds=0.0, label="", strict=True):
    """Score drafted ``rows`` (sheet dicts with a quote) against gold ``facts`` of ``article``.

    ``resolve_name(name)`` gives the graph IRI of a name, or None for a name the graph does not know.
    A fact whose sentence is not in the article is an error, or (``strict=False``: editors' quotes that span
    markup) left out.
    """
    s = Score(seconds=seconds)
    gold = []
    for f in facts:
        sents = fact_sentences(article, f.sentence)
        if not sents and not strict:
            continue
        if not sents:
            raise IntakeError(f"gold line {f.line}: sentence not in {article.path}: {f.sentence[:40]}")
        pairs = _pairs(f)
        gold.append((f, sents, pairs[0][0], pairs[0][1], _gold_figure(f), pairs))
    found = [False] * len(gold)
    dated = [False] * len(gold)
    for row in rows:
        quote = str(row.get("quote") or "")
        start = row.get("_start")
        if start is None:
            start = article.raw.find(quote)
        sents = _sentences(article, start, start + len(quote)) if start is not None and start >= 0 else set()
        subj, obj = _row_parties(row, "subject", resolve_name), _row_parties(row, "object", resolve_name)
        stated = _row_parties(row, "stated_by", resolve_name)
        fig = _figure(row)
        right = False
        for i, (f, fs, ga, go, gf, pairs) in enumerate(gold):
            if not (sents & fs):
                continue
            if gf is not None and not _same_figure(fig, gf):
                continue
            if _recovers(f, pairs, subj, obj, stated):
                right = found[i] = True
                if f.date and str(row.get("date") or row.get("start") or "") == f.date:
                    dated[i] = True
        s.rows += 1
        yes = str(row.get("keep") or "").strip().lower() == "yes"
        s.rows_yes += yes
        if right:
            s.rows_right += 1
            continue
        if not subj:
            s.abstained += 1
            continue
        # a figure on the thing a claim is about, the speaker not named (Stargate $500B where Son says so): the
        # parties it names are right, not recovered and not a wrong party
        # or the right subject with the object left empty (Microsoft's $1B, the site not said): not sure, not wrong
        partial = [f for f, fs, ga, go, gf, pairs in gold if sents & fs and (gf is None or _same_figure(fig, gf))
                   and ((len(pairs) > 1 and _recovers(f, pairs[1:], subj, obj, stated, partial=True))
                        or (not obj and go != [[]] and _side_matches(ga, subj) and (gf is not None or f.relation == row.get("relation"))))]
        clash = [] if partial else [f for f, fs, ga, go, gf, _p in gold if sents & fs and (
            (fig is not None and _same_figure(fig, gf)) or (fig is None and gf is None and f.relation == row.get("relation")
                                                            and _one_side(ga, go, subj, obj, f.relation in SYMMETRIC)))]
        if clash:
            s.wrong_party += 1
            s.wrong_party_yes += yes
            s.wrong.append((label, row.get("keep", ""), row.get("subject", ""), row.get("relation", ""), row.get("object", ""),
                            row.get("amount") or row.get("value") or "", f"gold: {clash[0].subject} {clash[0].relation} {clash[0].object}"))
    for i, (f, *_rest) in enumerate(gold):
        s.facts += 1
        s.facts_found += found[i]
        if f.figure is not None:
            s.figure_facts += 1
            s.figures_found += found[i]
        if f.date:
            s.dated_facts += 1
            s.dates_found += dated[i]
        if not found[i]:
            s.missed.append((label, f.subject, f.relation, f.object, "" if f.figure is None else f"{f.figure:g} {f.unit}", f.date))
    return s
