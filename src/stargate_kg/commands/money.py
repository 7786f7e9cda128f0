"""Money commands: funders, funded, timeline; the money summary shared with `entity`.

The data comes from the library (:mod:`stargate_kg.answers.funding`,
:mod:`stargate_kg.answers.timeline`); this module only lays it out as text, with
amounts written by :func:`stargate_kg.answers.amounts.format_amount` (``lang`` is
passed through, so the same lines come out in Chinese).
"""

import click

from stargate_kg.cli import pass_state
from stargate_kg.answers.formatting import output_formats
from stargate_kg.answers.funding import MONEY_KINDS  # light (no rdflib): the kinds are defined once, in the library
from stargate_kg.answers.timeline import KINDS as EVENT_KINDS

KIND_CHOICES = list(MONEY_KINDS)
LINE = 100  # text output fits this many columns


def _cut(text, limit):
    """``text`` as it is when it fits ``limit`` columns, else shortened (spacing kept when it fits)."""
    from stargate_kg.answers.formatting import shorten, width

    return text if width(text) <= limit else shorten(text, limit)


def flow_bits(f, lang="en"):
    """The facts of one flow after its parties: kind, amount with bound and period, date, status, flags."""
    from stargate_kg.answers.amounts import format_amount, format_duration
    from stargate_kg.answers.timeline import format_date

    from stargate_kg.i18n import concept, date_text, text

    amount = format_amount(f.amount, f.currency, f.bound, lang) or text("amount_na", lang)
    if f.duration:
        amount += " " + format_duration(f.duration, lang)
    date = date_text(f.date, lang) if lang == "zh" and not f.date_qualifier else format_date(f.date, f.date_qualifier, lang)
    bits = [concept(f.kind, lang), amount, date, statuses(f.status, lang)]
    if f.joint:
        bits.append(text("joint_flag", lang))
    if f.inferred:
        bits.append(text("inferred_flag", lang))
    if f.deprecated:
        bits.append(text("deprecated_flag", lang))
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
    from stargate_kg.answers.formatting import pad, shorten, width

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
            lines.append(f"      {'经由：' if lang == 'zh' else 'via: '}" + shorten(" -> ".join([f.path[0].funder_label] + [p.recipient_label for p in f.path]), LINE - 11))
        for s in f.sources:
            lines.append("      " + shorten(f"{s.cite(lang)} {s.quote}", LINE - 8))
    return lines


def describe_claim(st, lang="en"):
    """One statement in a line: who, relation, what; amount and date."""
    from stargate_kg.answers.amounts import format_amount
    from stargate_kg.answers.formatting import shorten
    from stargate_kg.i18n import concept, date_text
    from stargate_kg.answers.timeline import format_date

    q = st.qualifiers
    said = f"{st.subject_label} {st.relation_label}" + (f" {st.object_label}" if st.object_label else "")
    if isinstance(st.value, str):  # an editor's English paraphrase: in Chinese, marked as English
        said += ("：（英文）" if lang == "zh" else ": ") + shorten(st.value, 50)
    when = q.get("point_in_time") or q.get("end_time")
    if lang == "zh" and not q.get("date_qualifier"):
        date = date_text(when, lang)
    else:
        date = format_date(when, q.get("date_qualifier"), lang)
    bits = [date, said, format_amount(q.get("amount"), q.get("currency"), q.get("bound"), lang), statuses(q.get("status"), lang)]
    if q.get("rank") in ("preferred", "deprecated"):
        bits.append(concept(q["rank"], lang).upper())
    return "  ".join(b for b in bits if b)


def summary_lines(summary, lang="en"):
    """The money summary as text lines (empty when the entity has no money facts)."""
    from stargate_kg.answers.formatting import shorten

    from stargate_kg.i18n import text

    lines = []
    if summary.also_matches:
        lines.append(text("also_names", lang, others=", ".join(summary.also_matches), name=summary.entity["label"]))
    if not (summary.headline or summary.doubts or summary.conflicts):
        return lines

    lines.append(text("money_summary", lang))
    for f in summary.headline:
        lines.append("  " + shorten(f"{f.funder_label} -> {f.recipient_label}", LINE - 2))
        lines.append("      " + _cut("  ".join(flow_bits(f, lang)), LINE - 6))
        for st in summary.later.get(f.statement, []):
            label = text("later_report" if st.relation in ("claims", "doubts") and not st.deprecated else "conflicting_claim", lang)
            lines.append("      " + _cut(f"{label}{'：' if lang == 'zh' else ': '}{describe_claim(st, lang)}", LINE - 6))
    if summary.doubts:
        lines.append("  " + text("doubts_head", lang))
        for st in summary.doubts:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
    if summary.ranked_down:
        lines.append("  " + text("ranked_down", lang))
        for st in summary.ranked_down:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
            reason = st.qualifiers.get("rank_reason")
            if reason:
                lines.append("          " + shorten(f"{text('why', lang)}{reason.removeprefix('Deprecated: ')}", LINE - 10))
    return lines


def _flow_options(f):
    f = click.option("--include-inferred", is_flag=True, help="Also show editors' readings (sg:inferred), marked INFERRED.")(f)
    f = click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated.")(f)
    f = click.option("--depth", type=click.IntRange(1, 10), default=3, show_default=True, help="Hops for --transitive.")(f)
    f = click.option("--transitive", is_flag=True, help="Follow the money further (who funds the funders / what the funded fund).")(f)
    f = click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                     help="Kinds of money (repeatable). Default: equity, ownership, commitment, loan.")(f)
    return output_formats(f)


def money_answer(kg, name, direction, kinds=(), transitive=False, depth=3, include_deprecated=False, include_inferred=False):
    """(entity, summary, flows) for `funders` / `funded`: the data both commands print."""
    from stargate_kg.answers.funding import funded as funded_by, funders as funders_of, money_summary
    from stargate_kg.lookup import resolve

    ent = resolve(kg, name)
    run = funders_of if direction == "funders" else funded_by
    flows = run(kg, ent.iri, kinds, transitive, depth, include_deprecated, include_inferred)
    return ent, money_summary(kg, ent, direction="in" if direction == "funders" else "out"), flows


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

    return replace(summary, headline=localized(kg, summary.headline, lang), doubts=[claim(s) for s in summary.doubts],
                   later={k: [claim(s) for s in v] for k, v in summary.later.items()},
                   ranked_down=[claim(s) for s in summary.ranked_down])


def _print_answer(kg, ent, summary, flows, out, heading):
    from stargate_kg.i18n import text

    # a list of rows, as before; the summary is `entity --json`'s money_summary (or funding.money_summary)
    if out.emit([f.as_json() for f in flows]):
        return
    lang = out.lang
    for line in summary_lines(localized_summary(kg, summary, lang), lang):
        click.echo(line)
    if summary.headline or summary.also_matches:
        click.echo("")
    name = ent.label_in(lang)
    if not flows:
        click.echo(text(heading.replace("_of", "_none").replace("_by", "_none"), lang, name=name))
        return
    click.echo(text(heading, lang, name=name, n=len(flows)) + ("：" if lang == "zh" else ":"))
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


def event_lines(events, lang="en", kg=None):
    """Timeline entries as text: when, kind, what, amount or figure, status; then the quotes.

    With ``kg`` and ``lang="zh"`` the names of entities and relations are the
    graph's Chinese labels, and kinds, statuses, dates and flags are Chinese
    words; quotes stay as written.
    """
    from stargate_kg.answers.amounts import format_amount, format_duration, format_value
    from stargate_kg.answers.formatting import pad, shorten
    from stargate_kg.i18n import concept, date_text, entity_name, relation_name, text
    from stargate_kg.answers.timeline import format_date

    def name(party):
        if kg is None or lang == "en" or not party.get("iri"):
            return party["label"]
        return entity_name(kg, party["iri"], lang, party["label"])

    def when_text(date, qualifier=None):
        if lang != "zh":
            return format_date(date, qualifier)
        return format_date(date, qualifier, lang) if qualifier else date_text(date, lang)

    lines = []
    for ev in events:
        relation = relation_name(kg, ev.relation, lang, ev.relation_label) if kg is not None and lang != "en" else ev.relation_label
        who = " + ".join(name(p) for p in ev.parties[:-1]) if ev.joint else name(ev.subject)
        what = f"{who} {relation}" + (f" {name(ev.object)}" if ev.object and not ev.joint else "")
        if ev.joint:
            what += f" {name(ev.parties[-1])} {text('joint_suffix', lang)}"
        figure = format_amount(ev.amount, ev.currency, ev.bound, lang) or (
            format_value(ev.value, ev.unit, ev.bound, lang) if ev.value is not None and not isinstance(ev.value, str) else "")
        if ev.duration and ev.amount is not None:
            figure += " " + format_duration(ev.duration, lang)
        tail = [figure, concept(ev.status, lang) or "", text("inferred_flag", lang) if ev.inferred else "",
                text("deprecated_flag", lang) if ev.rank == "deprecated" else ""]
        when = when_text(ev.date, ev.qualifier)
        if ev.end and ev.end != ev.date:
            when += (f" 至 {date_text(ev.end, lang)}" if lang == "zh" else f" to {ev.end}")
        lines.append(f"{pad(shorten(when, 22), 22)} {pad(concept(ev.kind, lang), 13)}{shorten(what, 63)}")
        extra = "  ".join(t for t in tail if t)
        if extra:
            lines.append(" " * 36 + shorten(extra, LINE - 36))
        if isinstance(ev.value, str):
            lines.append(" " * 36 + shorten(ev.value, LINE - 36))
        for s in ev.sources[:2]:
            lines.append(" " * 36 + shorten(f"{s.cite(lang)} {s.quote}", LINE - 36))
        if len(ev.sources) > 2:
            lines.append(" " * 36 + text("more_quotes", lang, n=len(ev.sources) - 2))
    return lines


@click.command()
@click.option("--entity", "name", default=None, metavar="NAME", help="Only events naming this entity or one of its parts.")
@click.option("--from", "start", default=None, metavar="DATE", help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", default=None, metavar="DATE", help="Latest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(EVENT_KINDS),
    help="Only these kinds of event (repeatable).")
@click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated.")
@output_formats
@pass_state
def timeline(state, name, start, end, kinds, include_deprecated, out):
    """Dated events in date order: announcements, pledges, contracts, completions and reports.

    Each with its parties, amount and bound, status and sources. Dates keep
    their precision (a day, a month, a year) and qualifier ("mid-2026", "as
    early as 2028"); a range keeps every event whose date overlaps it.

    \b
    Examples:
      stargate-kg timeline --entity Stargate --from 2025-01 --to 2025-07
      stargate-kg timeline --kind pledge --json
    """
    from stargate_kg.i18n import text
    from stargate_kg.lookup import resolve
    from stargate_kg.answers.timeline import timeline as run

    kg = state.kg
    ent = resolve(kg, name) if name else None
    events = run(kg, ent.iri if ent else None, start, end, kinds or None, include_deprecated)
    if out.emit([e.as_json() for e in events]):
        return
    lang = out.lang
    if ent and ent.also_matches:
        click.echo(text("also_names", lang, others=", ".join(ent.also_matches), name=ent.label_in(lang)))
    scope = text("timeline_of", lang, name=ent.label_in(lang)) if ent else ""
    rng = text("range_from", lang, date=start) if start else ""
    rng += text("range_to", lang, date=end) if end else ""
    if not events:
        click.echo(text("timeline_none", lang, scope=scope, range=rng))
        return
    click.echo(text("timeline_head", lang, scope=scope, range=rng, n=len(events)))
    for line in event_lines(events, lang, kg):
        click.echo(line)


COMMANDS = [funders, funded, timeline]
