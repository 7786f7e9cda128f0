"""Money commands: funders, funded; the money summary shared with `entity`.

The data comes from the library (:mod:`stargate_kg.answers.funding`,
:mod:`stargate_kg.answers.timeline`); this module only lays it out as text, with
amounts written by :func:`stargate_kg.answers.amounts.format_amount` (``lang`` is
passed through, so the same lines come out in Chinese).
"""

import click

from stargate_kg.cli import pass_state
from stargate_kg.answers.formatting import output_formats
from stargate_kg.answers.funding import MONEY_KINDS  # light (no rdflib): the kinds are defined once, in the library
from stargate_kg.i18n_zh import is_zh, to_script

KIND_CHOICES = list(MONEY_KINDS)


def _line():
    """The columns text output fits (``--width N``; 100 by default); nothing is cut in a pipe or with ``--full``."""
    from stargate_kg.answers.formatting import line_width

    return line_width()


def _cut(text, limit):
    """``text`` as it is when it fits ``limit`` columns, else shortened on a terminal (spacing kept when it fits)."""
    from stargate_kg.answers.formatting import fit_line

    return fit_line(text, limit)


def flow_bits(f, lang="en"):
    """The facts of one flow after its parties: kind, amount with bound and period, date, status, flags."""
    from stargate_kg.answers.amounts import format_amount, format_duration
    from stargate_kg.answers.timeline import format_date

    from stargate_kg.i18n import concept, date_text, text

    from stargate_kg.answers.records import duration_measures

    amount = format_amount(f.amount, f.currency, f.bound, lang) or text("amount_na", lang)
    if f.duration:
        amount += " " + format_duration(f.duration, lang, duration_measures(f.duration, f.value, f.notes))
    date = date_text(f.date, lang) if is_zh(lang) and not f.date_qualifier else format_date(f.date, f.date_qualifier, lang)
    bits = [concept(f.kind, lang), amount, date, statuses(f.status, lang)]
    if f.joint:
        bits.append(text("joint_flag", lang))
    if f.inferred:
        bits.append(text("inferred_flag", lang))
    if f.deprecated:
        bits.append(text("deprecated_flag", lang))
    elif f.rank == "preferred" and f.conflicts:
        bits.append(concept("preferred", lang).upper())
    elif getattr(f, "outranked_by", None):
        bits.append(text("outranked_flag", lang))
    if f.conflicts:
        bits.append(text("conflicts_flag", lang, n=len(f.conflicts)))
    return [b for b in bits if b]


def statuses(status, lang="en"):
    """A status, or several joined by commas ("reported, planned"), in ``lang``.

    >>> statuses("reported, planned", "zh"), statuses(None, "zh")
    ('据报道、计划中', '')
    """
    from stargate_kg.i18n import concept

    if not status:
        return ""
    if lang == "en":
        return status
    return "、".join(concept(part.strip(), lang) for part in status.split(","))


def flow_lines(flows, lang="en"):
    """Text lines for flows: parties and facts (on one line when it fits), then the quotes."""
    from stargate_kg.answers.formatting import fit as shorten, pad, width

    LINE = _line()
    names = [f"{shorten(f.funder_label, 48)} -> {shorten(f.recipient_label, 30)}" for f in flows]
    w = min(48, max((width(n) for n in names), default=0))
    lines = []
    for f, name in zip(flows, names):
        facts = "  ".join(flow_bits(f, lang))
        one = f"  {pad(name, w)}  {facts}"
        if width(one) <= LINE:
            lines.append(one)
        else:
            lines.append(f"  {name}")
            lines.append("      " + _cut(facts, LINE - 6))
        if f.path and len(f.path) > 1:
            lines.append(f"      {to_script('经由：', lang) if is_zh(lang) else 'via: '}" + shorten(" -> ".join([f.path[0].funder_label] + [p.recipient_label for p in f.path]), LINE - 11))
        for s in f.sources:
            lines.append("      " + shorten(f"{s.cite(lang)} {s.quote}", LINE - 8))
    return lines


def describe_claim(st, lang="en"):
    """One statement in a line: who, relation, what; amount and date."""
    from stargate_kg.answers.amounts import format_amount
    from stargate_kg.answers.formatting import fit as shorten
    from stargate_kg.i18n import concept, date_text
    from stargate_kg.answers.timeline import format_date

    q = st.qualifiers
    said = f"{st.subject_label} {st.relation_label}" + (f" {st.object_label}" if st.object_label else "")
    if isinstance(st.value, str) and is_zh(lang) and st.sources:  # in Chinese the article's own sentence, as written
        said += "：「" + shorten(st.sources[0].quote, 50) + "」"
    elif isinstance(st.value, str):  # an editor's English paraphrase: in Chinese (no quote to show), marked as English
        said += ("：（英文）" if is_zh(lang) else ": ") + shorten(st.value, 50)
    when = q.get("point_in_time") or q.get("end_time")
    if is_zh(lang) and not q.get("date_qualifier"):
        date = date_text(when, lang)
    else:
        date = format_date(when, q.get("date_qualifier"), lang)
    bits = [date, said, format_amount(q.get("amount"), q.get("currency"), q.get("bound"), lang), statuses(q.get("status"), lang)]
    if q.get("rank") in ("preferred", "deprecated"):
        bits.append(concept(q["rank"], lang).upper())
    return "  ".join(b for b in bits if b)


def later_line(x, lang="en"):
    """A later report or conflicting claim (:func:`stargate_kg.answers.records.later_reports`) in one line.

    >>> later_line({"type": "later report", "date": "2025-07", "who": {"label": "WSJ"}, "relation_label": "claims", "gist": "scaled back"})
    'later report: 2025-07 WSJ claims: scaled back'
    """
    from stargate_kg.answers.amounts import format_amount
    from stargate_kg.answers.tables import claim_parties
    from stargate_kg.i18n import concept, date_text, text

    zh = is_zh(lang)
    key = "later_report" if x["type"] == "later report" else "conflicting_claim"
    colon = "：" if zh else ": "
    when = (date_text(x["date"], lang) if zh else x["date"]) if x.get("date") else ""
    who, obj = claim_parties(x)
    said = " ".join(t for t in (when, who, x.get("relation_label"), obj) if t)
    if zh and x.get("quote"):  # in Chinese the article's own sentence, as written
        said += colon + "「" + x["quote"] + "」"
    elif x.get("gist"):
        said += colon + (("（英文）" if zh else "") + x["gist"])
    figure = format_amount(x.get("amount"), x.get("currency"), x.get("bound"), lang)
    bits = [said, figure, concept(x.get("status"), lang) or "", concept(x["rank"], lang).upper() if x.get("rank") in ("preferred", "deprecated") else ""]
    return text(key, lang) + colon + "  ".join(b for b in bits if b)


def summary_lines(summary, lang="en", kg=None):
    """The money summary as text lines (empty when the entity has no money facts); ``kg`` names what notes refer to."""
    from stargate_kg.answers.formatting import fit as shorten
    from stargate_kg.answers.records import clean_note

    from stargate_kg.i18n import text

    LINE = _line()
    lines = []
    if summary.also_matches:
        lines.append(text("also_names", lang, others=", ".join(summary.also_matches), name=summary.entity["label"]))
    if not (summary.headline or summary.doubts or summary.conflicts):
        return lines

    lines.append(text("money_summary", lang))
    records = {r.statement: r for r in summary.records}
    for f in summary.headline:
        lines.append("  " + shorten(f"{f.funder_label} -> {f.recipient_label}", LINE - 2))
        lines.append("      " + _cut("  ".join(flow_bits(f, lang)), LINE - 6))
        later = records[f.statement].later if f.statement in records else []
        for x in localize_rows(kg, later, lang) if kg is not None else later:  # the record's later reports
            lines.append("      " + _cut(later_line(x, lang), LINE - 6))
    if summary.doubts:
        lines.append("  " + text("doubts_head", lang))
        for st in summary.doubts:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
    if summary.ranked_down:
        lines.append("  " + text("ranked_down", lang))
        for st in summary.ranked_down:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
            reason = clean_note(kg, st.qualifiers.get("rank_reason"))
            if reason:
                lines.append("          " + shorten(f"{text('why', lang)}{reason.removeprefix('Deprecated: ')}", LINE - 10))
    return lines


def _flow_options(f):
    f = click.option("--include-inferred", is_flag=True, help="Also show editors' readings (sg:inferred), marked INFERRED.")(f)
    f = click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated, and figures of a pledge ranked below its preferred one.")(f)
    f = click.option("--depth", type=click.IntRange(1, 10), default=3, show_default=True, help="Hops for --transitive.")(f)
    f = click.option("--transitive", is_flag=True, help="Follow the money further (who funds the funders / what the funded fund).")(f)
    f = click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                     help="Kinds of money (repeatable). Default: equity, ownership, commitment, loan.")(f)
    return output_formats(f)


def money_answer(kg, name, direction, kinds=(), transitive=False, depth=3, include_deprecated=False, include_inferred=False):
    """(entity, summary, flows) for `funders` / `funded`: the data both commands print."""
    from stargate_kg.answers.funding import funded as funded_by, funders as funders_of
    from stargate_kg.answers.summary import money_summary
    from stargate_kg.lookup import resolve

    ent = resolve(kg, name)
    run = funders_of if direction == "funders" else funded_by
    flows = run(kg, ent.iri, kinds, transitive, depth, include_deprecated, include_inferred)
    return ent, money_summary(kg, ent, direction="in" if direction == "funders" else "out"), flows


def localize_rows(kg, data, lang):
    """JSON rows with entity and relation labels in ``lang`` (for the CSV, TSV and Markdown rows)."""
    from stargate_kg.i18n import localize

    return localize(data, kg, lang) if lang != "en" else data


def localized(kg, flows, lang):
    """Flows with their parties' labels in ``lang`` (English when a party has no label in it)."""
    if lang == "en":
        return flows
    from dataclasses import replace

    from stargate_kg.i18n import entity_name

    def one(f):
        funders = [{**p, "label": entity_name(kg, p["iri"], lang, p["label"])} for p in f.funders]
        return replace(f, funders=funders, recipient_label=entity_name(kg, f.recipient, lang, f.recipient_label),
                       path=[one(p) for p in f.path] if f.path else f.path)

    return [one(f) for f in flows]


def localized_summary(kg, summary, lang):
    """A money summary with the names of its parties and relations in ``lang`` (for `funders`, `funded`, `entity`)."""
    if lang == "en":
        return summary
    from dataclasses import replace

    from stargate_kg.i18n import entity_name, relation_name

    def claim(st):
        return replace(st, subject_label=entity_name(kg, st.subject, lang, st.subject_label),
                       object_label=entity_name(kg, st.object, lang, st.object_label) if st.object else st.object_label,
                       relation_label=relation_name(kg, st.relation, lang, st.relation_label))

    from stargate_kg.i18n import entity_name_by_label

    return replace(summary, headline=localized(kg, summary.headline, lang), doubts=[claim(s) for s in summary.doubts],
                   also_matches=[entity_name_by_label(kg, m, lang) for m in summary.also_matches],
                   entity={**summary.entity, "label": entity_name(kg, summary.entity.get("iri"), lang, summary.entity.get("label"))},
                   later={k: [claim(s) for s in v] for k, v in summary.later.items()},
                   ranked_down=[claim(s) for s in summary.ranked_down])


def _print_answer(kg, ent, summary, flows, out, heading):
    from stargate_kg.i18n import text

    # a list of rows, as before; the summary is `entity --json`'s money_summary (or funding.money_summary)
    from stargate_kg.answers.records import record

    from stargate_kg.answers.tables import FLOW_COLUMNS, flow_row, story_flows

    data = [record(kg, f).as_json() for f in flows]
    if out.emit(data, rows=[flow_row(r) for r in (localize_rows(kg, data, out.lang))], columns=list(FLOW_COLUMNS), story=story_flows):
        return
    lang = out.lang
    for line in summary_lines(localized_summary(kg, summary, lang), lang, kg):
        click.echo(line)
    if summary.headline or summary.also_matches:
        click.echo("")
    name = ent.label_in(lang)
    if not flows:
        click.echo(text(heading.replace("_of", "_none").replace("_by", "_none"), lang, name=name))
        return
    click.echo(text(heading, lang, name=name, n=len(flows)) + ("：" if is_zh(lang) else ":"))
    for line in flow_lines(localized(kg, flows, lang), lang):
        click.echo(line)


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funders(state, name, kinds, transitive, depth, include_deprecated, include_inferred, out):
    """Who funds NAME: a money summary, then every funder with kind, amount, date, status and sources.

    A joint pledge is one row naming every party with the total (JOINT). One
    row per fact: the same flow stated by several articles shows once with all
    its quotes.

    \b
    Examples:
      stargate-kg funders Stargate
      stargate-kg funders 星际之门 --json
      stargate-kg funders OpenAI --kind purchase --kind equity --transitive
    """
    ent, summary, flows = money_answer(state.kg, name, "funders", kinds, transitive, depth, include_deprecated, include_inferred)
    _print_answer(state.kg, ent, summary, flows, out, "funders_of")


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funded(state, name, kinds, transitive, depth, include_deprecated, include_inferred, out):
    """What NAME funds (alone or jointly): a money summary, then recipient, kind, amount, date, status and sources.

    \b
    Examples:
      stargate-kg funded SoftBank
      stargate-kg funded 英伟达 --json
    """
    ent, summary, flows = money_answer(state.kg, name, "funded", kinds, transitive, depth, include_deprecated, include_inferred)
    _print_answer(state.kg, ent, summary, flows, out, "funded_by")


COMMANDS = [funders, funded]
