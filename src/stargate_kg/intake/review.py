"""What `add` checks on a reviewed sheet beyond each row's cells: the joint, stated_by and conflict columns, the
draft's prompts to the reviewer (kept out of the graph), names and amounts in either script, and warnings.

Warnings (printed, not errors): a keep column exactly as the draft proposed it (was it reviewed?), a new entity
that looks like one the graph has (SamAltman beside Sam Altman) or like another new one of the sheet, and a row
that links an existing statement but whose other cells were edited (only its quote is added: the edits are not
applied, and `add` says so instead of dropping them silently).

>>> strip_prompts("Oracle funds it. Not sure who this figure is about (x): fill in the subject or drop the row.")
'Oracle funds it.'
>>> fold_amount("4,000億美元")
'4,000亿美元'
"""

import re

from stargate_kg.exceptions import AmbiguousEntity, UnknownEntity

#: The sentences `draft` writes to the reviewer in the note column; they never become a statement's note.
PROMPTS = [
    r"Fill in the publisher \(the outlet this person works for\)\.",
    r"A claim: write what was said, in English, in the value column\.",
    r"Not sure who this figure is about \([^)]*\): fill in the subject or drop the row\.",
]
PROMPT_RX = re.compile(r"\s*(?:" + "|".join(PROMPTS) + r")\s*")
SPLIT = re.compile(r"\s*[;；+、,，]\s*")


def strip_prompts(note):
    """``note`` without the draft's instructions to the reviewer."""
    return PROMPT_RX.sub(" ", note or "").strip(" ;")


def fold_amount(text):
    """An amount cell with traditional characters made simplified (億 -> 亿, 萬 -> 万), for :func:`parse_amount`."""
    from stargate_kg.intake.text import fold

    return "".join(f if f in "亿万兆" else c for c, f in zip(text, fold(text)))


def resolve_any(kg, name):
    """The entity called ``name`` in either script or a regional form (輝達, 川普, 唐娜安娜郡); raises like resolve."""
    from stargate_kg.intake.text import fold
    from stargate_kg.intake.variants import REGIONAL
    from stargate_kg.lookup import resolve

    try:
        return resolve(kg, name)
    except UnknownEntity as first:
        folded = fold(name)
        for alt in (folded, REGIONAL.get(folded), REGIONAL.get(name)):
            if alt and alt != name:
                try:
                    return resolve(kg, alt)
                except (UnknownEntity, AmbiguousEntity):
                    continue
        raise first


def extra_qualifiers(row, entity_ref, problems):
    """Qualifiers from the joint, stated_by and conflict columns: {"joint": [ref, ...], "stated_by": ref,
    "conflict": text}; a name that resolves to nothing is a problem of the row (``entity_ref`` reports it)."""
    out = {}
    joint = [n for n in SPLIT.split(row["joint"]) if n] if row["joint"] else []
    if joint:
        refs = [entity_ref(n, "joint") for n in joint]
        if all(refs):
            out["joint"] = refs
    if row["stated_by"]:
        ref = entity_ref(row["stated_by"], "stated_by")
        if ref:
            out["stated_by"] = ref
    if row["conflict"]:
        out["conflict"] = row["conflict"]
    return out


def review_warnings(kg, all_rows, kept, new, names=None):
    """Warnings about a sheet: keep as drafted, near-duplicate new entities, edits on rows that link a statement."""
    warnings = []
    drafted = [r for r in all_rows if r["confidence"]]
    if drafted and len(drafted) == len(all_rows) and all(
            (r["keep"].lower() == "yes") == (_number(r["confidence"]) >= 0.6) for r in drafted):
        warnings.append(f"REVIEW? every keep cell is as `draft` proposed it ({sum(r['keep'].lower() == 'yes' for r in drafted)} "
                        "keep=yes rows by confidence alone): check each row before adding; the draft gives some figures to the wrong party")
    if names is not None:
        from stargate_kg.intake.variants import near_duplicate

        seen = {}
        for ne in new.values():
            for text in filter(None, (ne.name, ne.en, ne.zh)):
                dup = near_duplicate(text, names)
                if dup:
                    warnings.append(f"row {ne.rows[0]}: the new entity {ne.name!r} looks like {dup[2]!r} of the graph "
                                    f"(<{dup[0]}>): use that name unless they are different things")
                    break
            key = re.sub(r"[\s·・.\-_]", "", (ne.en or ne.name).lower())
            if key in seen and seen[key] != ne.name:
                warnings.append(f"row {ne.rows[0]}: the new entities {seen[key]!r} and {ne.name!r} look like one thing")
            seen.setdefault(key, ne.name)
    from stargate_kg.answers.statements import all_statements

    by_iri = None
    for r in kept:
        if not r["existing"]:
            continue
        if by_iri is None:
            by_iri = {s.iri: s for s in all_statements(kg)}
        from stargate_kg.namespace import PREFIX_IRIS

        iri = PREFIX_IRIS["st"] + r["existing"][3:] if r["existing"].startswith("st:") else r["existing"]
        st = by_iri.get(iri)
        if st is None:
            continue
        edited = _edited(kg, r, st)
        if edited:
            warnings.append(f"row {r.number} links {r['existing']}: only its quote is added; the edited "
                            f"{', '.join(edited)} not applied (clear `existing` to add the row as a statement of its own)")
    return warnings


def _edited(kg, row, st):
    out = []
    for col, theirs in (("subject", st.subject), ("object", st.object)):
        if row[col]:
            try:
                mine = resolve_any(kg, row[col]).iri
            except (UnknownEntity, AmbiguousEntity):
                mine = None
            if mine != theirs:
                out.append(f"{col} ({row[col]})")
    if row["relation"] and row["relation"] != st.relation:
        out.append(f"relation ({row['relation']})")
    fig = st.qualifiers.get("amount")
    if row["amount"] and (fig is None or abs(_number(row["amount"]) - float(fig)) > 1e-6 * max(1.0, float(fig))):
        out.append(f"amount ({row['amount']})")
    if row["value"] and isinstance(st.value, (int, float)) and abs(_number(row["value"]) - float(st.value)) > 1e-9:
        out.append(f"value ({row['value']})")
    if out:
        out[-1] = out[-1] + (" is" if len(out) == 1 else " are")
    return out


def _number(text):
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return float("nan")
