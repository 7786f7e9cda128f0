"""Core commands: validate, entity, stats."""

from dataclasses import replace

import click

from stargate_kg.cli import json_option, pass_state

#: entity types that get a money summary in `entity`
MONEY_TYPES = {"Company", "JointVenture", "InvestmentFund", "Project", "Organization"}


def describe_statement(st, lang="en", about=None):
    """One statement as text lines: relation, other party, qualifiers, then sources."""
    from stargate_kg.formatting import shorten

    from stargate_kg.amounts import format_amount, format_duration, format_range, format_value
    from stargate_kg.timeline import format_date

    q = st.qualifiers
    arrow = {"out": "->", "in": "<-", "joint": "== jointly with", "stated": "says:"}.get(st.direction, "->")
    other = st.other()
    if st.direction == "joint":
        partners = [p["label"] for p in q.get("joint_funders", []) if p["iri"] != about]
        parts = [f"{arrow} {', '.join(partners)}:", f"{st.subject_label} {st.relation_label}"]
        if st.object_label:
            parts.append(st.object_label)
    elif st.direction == "stated":
        parts = [arrow, f"{st.subject_label} {st.relation_label}"] + ([st.object_label] if st.object_label else [])
    else:
        parts = [f"{arrow} {st.relation_label}"]
        if other:
            parts.append(other[1])
    if "min_value" in q or "max_value" in q:
        parts.append(format_range(q.get("min_value"), q.get("max_value"), q.get("unit"), lang))
    elif st.value is not None:
        parts.append(format_value(st.value, q.get("unit"), None if "amount" in q else q.get("bound"), lang))
    if "amount" in q:
        parts.append(format_amount(q["amount"], q.get("currency"), q.get("bound"), lang))
    # the qualifier belongs to the statement's point in time, else its end, else its start (graph/ontology.ttl)
    dated = next((k for k in ("point_in_time", "end_time", "start_time") if k in q), None)
    for key in ("money_kind", "status", "point_in_time", "start_time", "end_time", "duration"):
        if key in q:
            text = q[key]
            if key == dated:
                text = format_date(str(text), q.get("date_qualifier"), lang)
            elif key == "duration":
                text = format_duration(text, lang)
            parts.append(f"{key.replace('_', ' ')}: {text}")
    if "date_qualifier" in q and not dated:
        parts.append(f"date qualifier: {q['date_qualifier']}")
    if q.get("stated_by") and st.direction != "stated":
        parts.append(f"stated by: {q['stated_by']['label']}")
    if q.get("joint") and st.direction != "joint":
        parts.append("JOINT: " + " + ".join(p["label"] for p in q.get("joint_funders", [])))
    if q.get("inferred"):
        parts.append("[INFERRED: an editor's reading]")
    if q.get("rank") in ("deprecated", "preferred"):
        parts.append(f"[{q['rank'].upper()}: {q.get('rank_reason', '')}]")
    lines = ["  " + "  ".join(str(p) for p in parts)]
    if "note" in q:
        lines.append(f"      note: {shorten(q['note'], 160)}")
    for s in st.sources:
        lines.append(f"      [{s.article}] “{s.quote}”")
    return lines


@click.command()
@click.option("--articles", type=click.Path(), default=None, help="Folder of article texts for the quote check (default: ../shared/articles when present).")
@json_option
@pass_state
def validate(state, articles, as_json):
    """Check the graph against its SHACL shapes and every quote against its article.

    Exit 0 when clean, 1 with violations.

    \b
    Example:
      stargate-kg validate --articles ../shared/articles
    """
    from stargate_kg.formatting import to_json
    from stargate_kg.paths import default_articles_dir
    from stargate_kg.validation import validate as run

    if articles is None:
        articles = default_articles_dir()
    report = run(state.kg, articles)
    if as_json:
        click.echo(to_json(report.as_json()))
    else:
        for p in report.problems:
            click.echo(str(p))
        click.echo(
            f"{report.statements} statements, {report.references} references; "
            f"quotes verified: {report.quotes_verified}/{report.quotes_checked}"
        )
        for why in report.skipped:
            click.echo(f"skipped {why}")
        click.echo("OK: no violations." if report.ok else f"FAILED: {len(report.problems)} violation(s).")
    raise SystemExit(0 if report.ok else 1)


@click.command()
@click.argument("name")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", help="Language of labels in the text output.")
@json_option
@pass_state
def entity(state, name, lang, as_json):
    """Show an entity: type, labels, aliases, Wikidata link, and every statement with its sources.

    NAME is an English or Chinese label or alias, in any case or width.

    \b
    Examples:
      stargate-kg entity 软银
      stargate-kg entity "sam altman" --json
    """
    from stargate_kg.formatting import to_json
    from stargate_kg.lookup import resolve
    from stargate_kg.statements import statements_of

    from stargate_kg.funding import money_summary, related_figures

    kg = state.kg
    ent = resolve(kg, name)
    sts = statements_of(kg, ent.iri)
    money = money_summary(kg, ent) if MONEY_TYPES & set(ent.types) else None
    nearby = related_figures(kg, ent.iri, exclude={s.iri for s in sts})
    if as_json:
        click.echo(
            to_json(
                {
                    "iri": ent.iri,
                    "label": ent.label,
                    "types": ent.types,
                    "labels": ent.labels,
                    "aliases": ent.aliases,
                    "same_as": ent.same_as,
                    "statements": [s.as_json() for s in sts],
                    "money_summary": money.as_json() if money else None,
                    "related_figures": [s.as_json() for s in nearby],
                }
            )
        )
        return
    zh = ent.labels.get("zh")
    title = ent.label_in(lang)
    other = ent.label if lang == "zh" else zh
    click.echo(title + (f" ({other})" if other and other != title else ""))
    click.echo(f"  type:     {', '.join(ent.types)}")
    click.echo(f"  iri:      {ent.iri}")
    if ent.aliases:
        click.echo(f"  aliases:  {', '.join(ent.aliases)}")
    for w in ent.same_as:
        click.echo(f"  wikidata: {w}")
    if ent.also_matches:
        click.echo(f"  note:     {name!r} is also an alias of: {', '.join(ent.also_matches)}")
    if money and (money.headline or money.doubts):
        from stargate_kg.commands.money import summary_lines

        click.echo("")
        for line in summary_lines(replace(money, also_matches=[]), lang):
            click.echo(line)
    click.echo(f"\nStatements ({len(sts)}):")
    for st in sts:
        for line in describe_statement(st, lang, about=ent.iri):
            click.echo(line)
    if nearby:
        click.echo(f"\nFigures one hop away ({len(nearby)}): money on what {ent.label} is linked to")
        for st in nearby:
            for line in describe_statement(st, lang):
                click.echo(line.replace("  -> ", f"  {st.subject_label}: ", 1) if line.startswith("  -> ") else line)


@click.command()
@json_option
@click.option("--articles", type=click.Path(), default=None, help="Folder of article texts (to count verified quotes).")
@pass_state
def stats(state, as_json, articles):
    """Count entities by type, statements by family, relation and money kind, references and sources.

    \b
    Example:
      stargate-kg stats --json
    """
    from stargate_kg.formatting import to_json
    from stargate_kg.paths import default_articles_dir
    from stargate_kg.stats import stats as compute

    s = compute(state.kg, articles or default_articles_dir())
    if as_json:
        click.echo(to_json(s))
        return
    click.echo(f"{s['entities']} entities, {s['statements']} statements, {s['references']} references, "
               f"{s['sources']} sources, {s['triples']} triples")
    if s["quotes_verified"] is not None:
        click.echo(f"quotes verified against the articles: {s['quotes_verified']}/{s['quotes_checked']}")
    click.echo(f"entities with a Wikidata link: {s['with_wikidata']}")
    for title, key in [
        ("Entities by type", "entities_by_type"),
        ("Statements by family", "statements_by_family"),
        ("Statements by money kind", "statements_by_money_kind"),
        ("Statements by rank", "statements_by_rank"),
        ("Statements per source", "statements_per_source"),
        ("Statements by relation", "statements_by_relation"),
    ]:
        click.echo(f"\n{title}:")
        for k, v in s[key].items():
            click.echo(f"  {k:<28} {v}")


COMMANDS = [validate, entity, stats]
