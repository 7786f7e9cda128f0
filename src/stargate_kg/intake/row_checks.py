"""Check every row of a reviewed sheet before anything is written (``stargate-kg add``).

Names resolve to one entity or are declared new with a type; the relation,
money kind, status and bound are known (else "did you mean"); amounts (both
scripts, Chinese numerals: 四千億美元), currencies, values, units and dates
parse; the quote is an exact substring of the article body, 4 to 100
characters. The problems name the row (as a spreadsheet numbers it, the header
is row 1) and the column, all of them at once, in one SheetError.

>>> from stargate_kg.intake.sheet import Row
>>> [r.number for r in kept_rows([Row(2, {"keep": "yes"}), Row(3, {"keep": "no"}), Row(4, {"keep": "是"})], "a.csv")]
[2, 4]
"""

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import AmbiguousEntity, SheetError, UnknownEntity
from stargate_kg.intake.dates import split_date_cell
from stargate_kg.intake.figures import CURRENCIES, parse_amount, parse_date, parse_duration, parse_value
from stargate_kg.intake.vocabulary import Vocabulary
from stargate_kg.namespace import PREFIX_IRIS

KEEP_YES = {"yes", "y", "1", "true", "x", "keep", "是", "✓"}
KEEP_NO = {"no", "n", "0", "false", "drop", "否", ""}


@dataclass
class NewEntity:
    name: str
    type: str
    en: str
    zh: str
    iri: str = ""
    rows: list = field(default_factory=list)


@dataclass
class Checked:
    """A row that passed: what goes into the graph."""

    row: int
    subject: str
    relation: str
    object: str | None
    quote: str
    quals: dict
    existing: str | None = None
    note: str = ""


#: A bare amount in Chinese numerals with an optional currency word (十五亿, 一万二千亿美元), once folded.
CN_AMOUNT = re.compile(r"(?P<num>[零〇一二两三四五六七八九十百千万亿点]+)\s*(?P<cur>" + "|".join(
    sorted((re.escape(k) for k in CURRENCIES if re.fullmatch(r"[\u4e00-\u9fff]+", k)), key=len, reverse=True)) + ")?")


def read_amount(cell):
    """An amount cell in either script: digits with thousands commas, 億/萬 with digits or Chinese numerals, with
    or without a currency. Returns (amount, currency or None, bound or None); ValueError names the cell.

    >>> read_amount("1,000億美元"), read_amount("四千億美元"), read_amount("4,000"), read_amount("十五億")
    ((100000000000, 'USD', None), (400000000000, 'USD', None), (4000, None, None), (1500000000, None, None))
    >>> read_amount("三點五億美元")
    (350000000, 'USD', None)
    """
    from stargate_kg.intake.figures import parse_number
    from stargate_kg.intake.review import fold_amount

    text = fold_amount(str(cell).strip())
    try:
        return parse_amount(text)
    except ValueError:
        from stargate_kg.intake.text import fold

        m = CN_AMOUNT.fullmatch(fold(text))  # 三點五億 as 三点五亿
        if not m:
            raise
        try:
            amount = parse_number(m.group("num"))  # reads 一萬二千億 and 三点五亿 as spoken
        except (ValueError, KeyError):
            raise ValueError(f"not an amount: {cell!r} (write digits such as 100000000000, or 1000亿, or $100B)") from None
        return amount, CURRENCIES[m.group("cur")] if m.group("cur") else None, None


def date_qualifier_of(word, vocab):
    """The graph's date qualifier a date cell's word names: the article's word (下旬, 年底前), the graph's name
    (LateIn) or its label (late, by the end of); ValueError with suggestions."""
    from stargate_kg.intake.dates import QUALIFIER_WORDS

    if word in QUALIFIER_WORDS:
        return QUALIFIER_WORDS[word]
    return Vocabulary.pick(vocab.concepts["DateQualifier"], word, "date qualifier (下旬, 年底前, LateIn, ByEndOf, ...)")


def _lang(text):
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def check_rows(kg, rows, article, article_id, sheet_name, vocab=None):
    """Check every row; returns (checked rows, new entities by name) or raises SheetError with every problem."""
    from stargate_kg.lookup import resolve

    from stargate_kg.intake.review import extra_qualifiers, resolve_any, strip_prompts

    vocab = vocab or Vocabulary(kg)
    problems, checked, new = [], [], {}

    def entity_ref(name, col, row_number):
        """A name of the joint / stated_by columns: a graph entity, or one the sheet declares new."""
        if name in new:
            return ("new", name)
        try:
            return ("iri", resolve_any(kg, name).iri)
        except (UnknownEntity, AmbiguousEntity):
            problems.append((row_number, col, f"no entity is called {name!r}: use a name of the graph, or declare it new in a row"))
            return None

    def entity(row, side):
        name = row[side]
        typ, en, zh = row[f"{side}_type"], row[f"{side}_en"], row[f"{side}_zh"]
        if typ:
            try:
                cls = Vocabulary.pick(vocab.classes, typ, "entity type")
            except ValueError as ex:
                problems.append((row.number, f"{side}_type", str(ex)))
                return None
            try:
                ent = resolve(kg, name)
                problems.append((row.number, f"{side}_type", f"{name!r} is already in the graph ({ent.label}, {ent.type}): "
                                 f"clear {side}_type to use it, or give the new entity another name"))
                return None
            except AmbiguousEntity:
                problems.append((row.number, side, f"{name!r} names several entities in the graph; give the new entity another name"))
                return None
            except UnknownEntity:
                pass
            ne = new.get(name)
            if ne is None:
                ne = new[name] = NewEntity(name, cls, en or (name if _lang(name) == "en" else ""), zh or (name if _lang(name) == "zh" else ""))
            elif ne.type != cls:
                problems.append((row.number, f"{side}_type", f"{name!r} is declared {ne.type} in row {ne.rows[0]} and {cls} here"))
                return None
            ne.en, ne.zh = ne.en or en, ne.zh or zh
            ne.rows.append(row.number)
            return ("new", name)
        if name in new:
            new[name].rows.append(row.number)
            return ("new", name)
        try:
            return ("iri", resolve_any(kg, name).iri)
        except UnknownEntity as ex:
            sugg = f" Did you mean: {', '.join(ex.suggestions)}?" if ex.suggestions else ""
            problems.append((row.number, side, f"no entity is called {name!r}.{sugg} To add it, fill {side}_type (Company, Person, State, ...)"))
        except AmbiguousEntity as ex:
            cands = "; ".join(f"{label} ({kind})" for _, label, kind in ex.candidates)
            problems.append((row.number, side, f"{name!r} names {len(ex.candidates)} entities: {cands}. Use the full label"))
        return None

    for row in rows:
        n0 = len(problems)
        quote = row["quote"]
        if not quote:
            problems.append((row.number, "quote", "every row needs a quote from the article"))
        elif len(quote) < 4 or len(quote) > 100:
            problems.append((row.number, "quote", f"a quote has 4 to 100 characters; this one has {len(quote)}"))
        elif quote not in article.raw:
            problems.append((row.number, "quote", f"the quote is not an exact substring of {Path(article.path).name}: copy it from the file"))
        elif article.raw.find(quote) >= article.body_end:
            problems.append((row.number, "quote", "the quote is after the end of the article body (reference list or page noise)"))
        existing = row["existing"]
        if existing:
            iri = PREFIX_IRIS["st"] + existing[3:] if existing.startswith("st:") else existing
            if iri not in vocab.statements:
                problems.append((row.number, "existing", f"no statement {existing} in the graph; clear the cell to add the row as a new statement"))
            elif len(problems) == n0:
                checked.append(Checked(row.number, "", "", None, quote, {}, existing=iri))
            continue
        if not row["subject"]:
            problems.append((row.number, "subject", "every row needs a subject"))
            continue
        subj = entity(row, "subject")
        obj = entity(row, "object") if row["object"] else None
        rel = None
        if not row["relation"]:
            problems.append((row.number, "relation", "every row needs a relation (investsIn, ceoOf, locatedIn, ...)"))
        else:
            try:
                rel = Vocabulary.pick(vocab.relations, row["relation"], "relation")
            except ValueError as ex:
                problems.append((row.number, "relation", str(ex)))
        quals = {}
        if row["amount"]:
            try:
                amount, cur, bound = read_amount(row["amount"])
                quals["amount"] = amount
                if cur:
                    quals["currency"] = cur
                if bound:
                    quals["bound"] = bound
            except ValueError as ex:
                problems.append((row.number, "amount", str(ex)))
        if row["currency"]:
            c = CURRENCIES.get(row["currency"].lower(), row["currency"].upper())
            if not re.fullmatch(r"[A-Z]{3}", c):
                problems.append((row.number, "currency", f"unknown currency {row['currency']!r}: write an ISO code such as USD, CNY, JPY"))
            else:
                quals["currency"] = c
        if "amount" in quals and "currency" not in quals:
            problems.append((row.number, "currency", "an amount needs a currency (USD, CNY, ...)"))
        if "currency" in quals and "amount" not in quals:
            problems.append((row.number, "amount", "a currency needs an amount"))
        if row["value"]:
            quals["value"] = parse_value(row["value"])
        if row["unit"]:
            if row["unit"] not in vocab.units:
                from stargate_kg.intake.figures import POWER_UNITS

                close = [u for u in vocab.units if u.lower() == row["unit"].lower()] or [POWER_UNITS[k] for k in POWER_UNITS if k == row["unit"].lower().rstrip("s")]
                close = close or difflib.get_close_matches(row["unit"], vocab.units, n=3, cutoff=0.5)
                problems.append((row.number, "unit", f"unknown unit {row['unit']!r}." + (f" Did you mean: {', '.join(close)}?" if close else f" Known: {', '.join(vocab.units)}")))
            else:
                quals["unit"] = row["unit"]
        for col, kind in (("bound", "Bound"), ("status", "Status"), ("money_kind", "MoneyKind")):
            if row[col]:
                try:
                    quals[col] = Vocabulary.pick(vocab.concepts[kind], row[col], col.replace("_", " "))
                except ValueError as ex:
                    problems.append((row.number, col, str(ex)))
        for col in ("date", "end", "start"):  # the qualifier: the point in time's, else the end's, else the start's
            if row[col]:
                try:
                    text, word = split_date_cell(row[col])
                    quals[col] = parse_date(text)
                    if word:
                        qual = date_qualifier_of(word, vocab)
                        if quals.setdefault("date_qualifier", qual) != qual:
                            problems.append((row.number, col, f"one date qualifier per statement: {quals['date_qualifier']} and {qual}"))
                except ValueError as ex:
                    problems.append((row.number, col, str(ex)))
        if row["duration"]:
            try:
                quals["duration"] = parse_duration(row["duration"])
            except ValueError as ex:
                problems.append((row.number, "duration", str(ex)))
        if rel and rel in vocab.rel_default_kind and "money_kind" not in quals:
            quals["money_kind"] = vocab.rel_default_kind[rel]
        if rel and obj is None and not row["object"] and not any(k in quals for k in ("value", "amount", "date", "end")):
            problems.append((row.number, "object", "the row says nothing: give an object, a value, an amount or a date"))
        quals.update(extra_qualifiers(row, lambda name, col, n=row.number: entity_ref(name, col, n), problems))
        conflict = quals.get("conflict", "")
        if conflict.startswith("st:") and (not re.fullmatch(r"st:[A-Za-z0-9][A-Za-z0-9._-]*", conflict)
                                           or PREFIX_IRIS["st"] + conflict[3:] not in vocab.statements):
            problems.append((row.number, "conflict", f"no statement {conflict} in the graph (write st:… of an existing statement, or a note)"))
        if len(problems) == n0 and subj and rel:
            checked.append(Checked(row.number, subj, rel, obj, quote, quals, note=strip_prompts(row["note"])))
    if problems:
        raise SheetError(sheet_name, problems)
    return checked, new


def kept_rows(rows, sheet_name):
    """The rows marked keep=yes (every row when the sheet has no keep column); SheetError on a cell that is neither."""
    if not rows or "keep" not in rows[0].cells:
        return rows
    out, problems = [], []
    for r in rows:
        k = r["keep"].lower()
        if k in KEEP_YES:
            out.append(r)
        elif k not in KEEP_NO:
            problems.append((r.number, "keep", f"write yes or no, not {r['keep']!r}"))
    if problems:
        raise SheetError(sheet_name, problems)
    return out
