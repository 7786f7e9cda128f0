"""The timeline command: dated events in date order, each with what later reports say about it.

The events come from :func:`stargate_kg.answers.timeline.timeline` (built
from the statement records); this module lays them out as text.
"""

import click

from stargate_kg.answers.formatting import output_formats
from stargate_kg.answers.timeline import KINDS as EVENT_KINDS
from stargate_kg.cli import pass_state
from stargate_kg.commands.money import _line, later_line, localize_rows
from stargate_kg.i18n_zh import is_zh


def event_lines(events, lang="en", kg=None):
    """Timeline entries as text: when, kind, what, amount or figure, status; then the quotes.

    With ``kg`` and ``lang="zh"`` the names of entities and relations are the
    graph's Chinese labels, and kinds, statuses, dates and flags are Chinese
    words; quotes stay as written.
    """
    from stargate_kg.answers.amounts import format_amount, format_duration, format_value, qualifier_marks
    from stargate_kg.answers.formatting import fit as shorten, fit_line, pad
    from stargate_kg.i18n import concept, date_text, entity_name, relation_name, text
    from stargate_kg.answers.timeline import format_date

    LINE = _line()

    def name(party):
        if kg is None or lang == "en" or not party.get("iri"):
            return party["label"]
        return entity_name(kg, party["iri"], lang, party["label"])

    def when_text(date, qualifier=None):
        if not is_zh(lang):
            return format_date(date, qualifier)
        return format_date(date, qualifier, lang) if qualifier else date_text(date, lang)

    def cite(source, speaker):
        """``[a003]``, with the reference's own speaker when it is not the statement's (several voices)."""
        by = source.get("stated_by")
        if not by or (speaker and by.get("iri") == speaker.get("iri")):
            return f"[{source['article']}]"
        who = name(by)
        return f"[{source['article']}]（{text('stated_by', lang)}：{who}）" if is_zh(lang) else f"[{source['article']}] ({text('stated_by', lang)}: {who})"

    lines = []
    for ev in events:
        relation = relation_name(kg, ev.relation, lang, ev.relation_label) if kg is not None and lang != "en" else ev.relation_label
        who = " + ".join(name(p) for p in ev.parties[:-1]) if ev.joint else name(ev.subject)
        what = f"{who} {relation}" + (f" {name(ev.object)}" if ev.object and not ev.joint else "")
        if ev.joint:
            what += f" {name(ev.parties[-1])} {text('joint_suffix', lang)}"
        figure = format_amount(ev.amount, ev.currency, ev.bound, lang) or (
            format_value(ev.value, ev.unit, ev.bound, lang) if ev.value is not None and not isinstance(ev.value, str) else "")
        if ev.duration and (ev.amount is not None or (ev.duration_kind or ev.duration_measures) not in (None, "within", "period")):
            figure += " " + format_duration(ev.duration, lang, ev.duration_kind or ev.duration_measures)  # a delay, time under way
        tail = [figure.strip(), concept(ev.status, lang) or "", text("inferred_flag", lang) if ev.inferred else "",
                text("deprecated_flag", lang) if ev.rank == "deprecated" else ""]
        tail += [f"[{m}]" for m in qualifier_marks({"certainty": ev.certainty, "printed_as": ev.printed_as}, lang)]
        when = when_text(ev.date, ev.qualifier)
        if ev.end and ev.end != ev.date:
            when += (f" 至 {date_text(ev.end, lang)}" if is_zh(lang) else f" to {ev.end}")
        lines.append(f"{pad(shorten(when, 22), 22)} {pad(concept(ev.kind, lang), 13)}{shorten(what, 63)}")
        extra = "  ".join(t for t in tail if t)
        if extra:
            lines.append(" " * 36 + fit_line(extra, LINE - 36))
        if isinstance(ev.value, str) and not (is_zh(lang) and ev.sources):  # in Chinese the quotes below say it
            lines.append(" " * 36 + shorten(ev.value, LINE - 36))
        for x in localize_rows(kg, ev.later, lang) if kg is not None else ev.later:
            lines.append(" " * 36 + fit_line(later_line(x, lang), LINE - 36))
        for s in ev.sources[:2]:
            lines.append(" " * 36 + shorten(f"{cite(s, ev.stated_by)} {s['quote']}", LINE - 36))
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
    from stargate_kg.answers.tables import EVENT_COLUMNS, event_row, story_events

    data = [e.as_json() for e in events]
    if out.emit(data, rows=[event_row(e) for e in localize_rows(kg, data, out.lang)], columns=list(EVENT_COLUMNS), story=story_events):
        return
    lang = out.lang
    if ent and ent.also_matches:
        from stargate_kg.i18n import entity_name_by_label

        others = ", ".join(entity_name_by_label(kg, m, lang) for m in ent.also_matches)
        click.echo(text("also_names", lang, others=others, name=ent.label_in(lang)))
    scope = text("timeline_of", lang, name=ent.label_in(lang)) if ent else ""
    rng = text("range_from", lang, date=start) if start else ""
    rng += text("range_to", lang, date=end) if end else ""
    if not events:
        click.echo(text("timeline_none", lang, scope=scope, range=rng))
        return
    click.echo(text("timeline_head", lang, scope=scope, range=rng, n=len(events)))
    for line in event_lines(events, lang, kg):
        click.echo(line)


COMMANDS = [timeline]
