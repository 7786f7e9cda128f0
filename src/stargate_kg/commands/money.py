"""Money commands: funders, funded, timeline; the money summary shared with `entity`.

The data comes from the library (:mod:`stargate_kg.funding`,
:mod:`stargate_kg.timeline`); this module only lays it out as text, with
amounts written by :func:`stargate_kg.amounts.format_amount` (``lang`` is
passed through, so the same lines come out in Chinese).
"""

import click

from stargate_kg.cli import json_option, pass_state
from stargate_kg.funding import MONEY_KINDS  # light (no rdflib): the kinds are defined once, in the library
from stargate_kg.timeline import KINDS as EVENT_KINDS

KIND_CHOICES = list(MONEY_KINDS)
LINE = 100  # text output fits this many columns


def _cut(text, limit):
    """``text`` as it is when it fits ``limit`` columns, else shortened (spacing kept when it fits)."""
    from stargate_kg.formatting import shorten, width

    return text if width(text) <= limit else shorten(text, limit)


def flow_bits(f, lang="en"):
    """The facts of one flow after its parties: kind, amount with bound and period, date, status, flags."""
    from stargate_kg.amounts import format_amount, format_duration
    from stargate_kg.timeline import format_date

    amount = format_amount(f.amount, f.currency, f.bound, lang) or "amount n/a"
    if f.duration:
        amount += " " + format_duration(f.duration, lang)
    bits = [f.kind, amount, format_date(f.date, f.date_qualifier, lang), f.status or ""]
    if f.joint:
        bits.append("JOINT")
    if f.inferred:
        bits.append("INFERRED")
    if f.deprecated:
        bits.append("DEPRECATED")
    if f.conflicts:
        bits.append(f"CONFLICTS with {len(f.conflicts)} claim{'s' if len(f.conflicts) != 1 else ''}")
    return [b for b in bits if b]


def flow_lines(flows, lang="en"):
    """Text lines for flows: parties and facts (on one line when it fits), then the quotes."""
    from stargate_kg.formatting import pad, shorten, width

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
            lines.append("      via: " + shorten(" -> ".join([f.path[0].funder_label] + [p.recipient_label for p in f.path]), LINE - 11))
        for s in f.sources:
            lines.append("      " + shorten(f"[{s.article}] {s.quote}", LINE - 8))
    return lines


def describe_claim(st, lang="en"):
    """One statement in a line: who, relation, what; amount and date."""
    from stargate_kg.amounts import format_amount
    from stargate_kg.formatting import shorten
    from stargate_kg.timeline import format_date

    q = st.qualifiers
    said = f"{st.subject_label} {st.relation_label}" + (f" {st.object_label}" if st.object_label else "")
    if isinstance(st.value, str):
        said += ": " + shorten(st.value, 50)
    date = format_date(q.get("point_in_time") or q.get("end_time"), q.get("date_qualifier"), lang)
    bits = [date, said, format_amount(q.get("amount"), q.get("currency"), q.get("bound"), lang), q.get("status") or ""]
    if q.get("rank") in ("preferred", "deprecated"):
        bits.append(q["rank"].upper())
    return "  ".join(b for b in bits if b)


def summary_lines(summary, lang="en"):
    """The money summary as text lines (empty when the entity has no money facts)."""
    from stargate_kg.formatting import shorten

    lines = []
    if summary.also_matches:
        lines.append(f"note: the name also names {', '.join(summary.also_matches)}; this is {summary.entity['label']}.")
    if not (summary.headline or summary.doubts or summary.conflicts):
        return lines
    lines.append("Money summary:")
    for f in summary.headline:
        lines.append("  " + shorten(f"{f.funder_label} -> {f.recipient_label}", LINE - 2))
        lines.append("      " + _cut("  ".join(flow_bits(f, lang)), LINE - 6))
        for st in summary.later.get(f.statement, []):
            label = "conflicting claim" if st.deprecated else "later report" if st.relation in ("claims", "doubts") else "conflicting claim"
            lines.append("      " + _cut(f"{label}: {describe_claim(st, lang)}", LINE - 6))
    if summary.doubts:
        lines.append("  doubts:")
        for st in summary.doubts:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
    if summary.ranked_down:
        lines.append("  claims ranked down (kept, not believed):")
        for st in summary.ranked_down:
            lines.append("      " + _cut(describe_claim(st, lang), LINE - 6))
            reason = st.qualifiers.get("rank_reason")
            if reason:
                lines.append("          " + shorten(f"why: {reason.removeprefix('Deprecated: ')}", LINE - 10))
    return lines


def _flow_options(f):
    f = click.option("--include-inferred", is_flag=True, help="Also show editors' readings (sg:inferred), marked INFERRED.")(f)
    f = click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated.")(f)
    f = click.option("--depth", type=click.IntRange(1, 10), default=3, show_default=True, help="Hops for --transitive.")(f)
    f = click.option("--transitive", is_flag=True, help="Follow the money further (who funds the funders / what the funded fund).")(f)
    f = click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                     help="Kinds of money (repeatable). Default: equity, ownership, commitment, loan.")(f)
    return json_option(f)


def money_answer(kg, name, direction, kinds=(), transitive=False, depth=3, include_deprecated=False, include_inferred=False):
    """(entity, summary, flows) for `funders` / `funded`: the data both commands print."""
    from stargate_kg.funding import funded as funded_by, funders as funders_of, money_summary
    from stargate_kg.lookup import resolve

    ent = resolve(kg, name)
    run = funders_of if direction == "funders" else funded_by
    flows = run(kg, ent.iri, kinds, transitive, depth, include_deprecated, include_inferred)
    return ent, money_summary(kg, ent, direction="in" if direction == "funders" else "out"), flows


def _print_answer(ent, summary, flows, as_json, title, lang="en"):
    from stargate_kg.formatting import to_json

    if as_json:  # a list of rows, as before; the summary is `entity --json`'s money_summary (or funding.money_summary)
        click.echo(to_json([f.as_json() for f in flows]))
        return
    for line in summary_lines(summary, lang):
        click.echo(line)
    if summary.headline or summary.also_matches:
        click.echo("")
    if not flows:
        click.echo(f"{title}: none in the graph.")
        return
    click.echo(f"{title} ({len(flows)}):")
    for line in flow_lines(flows, lang):
        click.echo(line)


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funders(state, name, kinds, transitive, depth, include_deprecated, include_inferred, as_json):
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
    _print_answer(ent, summary, flows, as_json, f"Funders of {ent.label}")


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funded(state, name, kinds, transitive, depth, include_deprecated, include_inferred, as_json):
    """What NAME funds (alone or jointly): a money summary, then recipient, kind, amount, date, status and sources.

    \b
    Examples:
      stargate-kg funded SoftBank
      stargate-kg funded 英伟达 --json
    """
    ent, summary, flows = money_answer(state.kg, name, "funded", kinds, transitive, depth, include_deprecated, include_inferred)
    _print_answer(ent, summary, flows, as_json, f"Funded by {ent.label}")


def event_lines(events, lang="en"):
    """Timeline entries as text: when, kind, what, amount or figure, status; then the quotes."""
    from stargate_kg.amounts import format_amount, format_duration, format_value
    from stargate_kg.formatting import pad, shorten

    lines = []
    for ev in events:
        who = " + ".join(p["label"] for p in ev.parties[:-1]) if ev.joint else ev.subject["label"]
        what = f"{who} {ev.relation_label}" + (f" {ev.object['label']}" if ev.object and not ev.joint else "")
        if ev.joint:
            what += f" {ev.parties[-1]['label']} (joint)"
        figure = format_amount(ev.amount, ev.currency, ev.bound, lang) or (
            format_value(ev.value, ev.unit, ev.bound, lang) if ev.value is not None and not isinstance(ev.value, str) else "")
        if ev.duration and ev.amount is not None:
            figure += " " + format_duration(ev.duration, lang)
        tail = [figure, ev.status or "", "INFERRED" if ev.inferred else "", "DEPRECATED" if ev.rank == "deprecated" else ""]
        when = ev.when + (f" to {ev.end}" if ev.end and ev.end != ev.date else "")
        lines.append(f"{pad(shorten(when, 22), 22)} {pad(ev.kind, 13)}{shorten(what, 63)}")
        extra = "  ".join(t for t in tail if t)
        if extra:
            lines.append(" " * 36 + shorten(extra, LINE - 36))
        if isinstance(ev.value, str):
            lines.append(" " * 36 + shorten(ev.value, LINE - 36))
        for s in ev.sources[:2]:
            lines.append(" " * 36 + shorten(f"[{s.article}] {s.quote}", LINE - 36))
        if len(ev.sources) > 2:
            lines.append(" " * 36 + f"(+{len(ev.sources) - 2} more quotes; --json lists them all)")
    return lines


@click.command()
@click.option("--entity", "name", default=None, metavar="NAME", help="Only events naming this entity or one of its parts.")
@click.option("--from", "start", default=None, metavar="DATE", help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", default=None, metavar="DATE", help="Latest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(EVENT_KINDS),
    help="Only these kinds of event (repeatable).")
@click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated.")
@json_option
@pass_state
def timeline(state, name, start, end, kinds, include_deprecated, as_json):
    """Dated events in date order: announcements, pledges, contracts, completions and reports.

    Each with its parties, amount and bound, status and sources. Dates keep
    their precision (a day, a month, a year) and qualifier ("mid-2026", "as
    early as 2028"); a range keeps every event whose date overlaps it.

    \b
    Examples:
      stargate-kg timeline --entity Stargate --from 2025-01 --to 2025-07
      stargate-kg timeline --kind pledge --json
    """
    from stargate_kg.formatting import to_json
    from stargate_kg.lookup import resolve
    from stargate_kg.timeline import timeline as run

    kg = state.kg
    ent = resolve(kg, name) if name else None
    events = run(kg, ent.iri if ent else None, start, end, kinds or None, include_deprecated)
    if as_json:
        click.echo(to_json([e.as_json() for e in events]))
        return
    if ent and ent.also_matches:
        click.echo(f"note: {name!r} also names {', '.join(ent.also_matches)}; this is {ent.label}.")
    scope = f" of {ent.label}" if ent else ""
    rng = f" from {start}" if start else ""
    rng += f" to {end}" if end else ""
    if not events:
        click.echo(f"Timeline{scope}{rng}: no dated events.")
        return
    click.echo(f"Timeline{scope}{rng} ({len(events)} event{'' if len(events) == 1 else 's'}):")
    for line in event_lines(events):
        click.echo(line)


COMMANDS = [funders, funded, timeline]
