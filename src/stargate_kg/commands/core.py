"""Core commands: validate, entity, stats."""

from dataclasses import replace

import click

from stargate_kg.cli import LANGUAGE, json_option, pass_state
from stargate_kg.answers.formatting import output_formats
from stargate_kg.i18n_zh import is_zh

#: entity types that get a money summary in `entity`
MONEY_TYPES = {"Company", "JointVenture", "InvestmentFund", "Project", "Organization"}


def describe_statement(st, lang="en", about=None, kg=None):
    """One statement as text lines in ``lang``: relation, other party, qualifiers, then sources.

    Names of entities and relations are in ``lang`` when ``kg`` is given;
    quotes stay as the article writes them and the editor's note stays in
    English (in Chinese its heading says so).
    """
    from stargate_kg.answers.amounts import format_amount, format_duration, format_range, format_value, qualifier_marks
    from stargate_kg.answers.formatting import fit
    from stargate_kg.i18n import concept, date_text, entity_name, relation_name, text
    from stargate_kg.answers.timeline import format_date

    def name(iri, label):
        return entity_name(kg, iri, lang, label) if kg is not None and lang != "en" and iri else label

    if kg is not None and lang != "en":
        st = replace(st, subject_label=name(st.subject, st.subject_label), object_label=name(st.object, st.object_label),
                     relation_label=relation_name(kg, st.relation, lang, st.relation_label))
    q = st.qualifiers
    arrow = {"out": "->", "in": "<-", "joint": text("jointly_with", lang), "stated": text("says", lang)}.get(st.direction, "->")
    other = st.other()
    if st.direction == "joint":
        partners = [name(p["iri"], p["label"]) for p in q.get("joint_funders", []) if p["iri"] != about]
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
    elif isinstance(st.value, str) and is_zh(lang) and st.sources:
        pass  # an editor's English paraphrase: in Chinese the quotes below say it in the article's own words
    elif isinstance(st.value, str) and is_zh(lang):  # no quote: the paraphrase, marked as English, as notes are
        parts.append("（英文）" + st.value)
    elif st.value is not None:
        parts.append(format_value(st.value, q.get("unit"), None if "amount" in q else q.get("bound"), lang))
    if "amount" in q:
        parts.append(format_amount(q["amount"], q.get("currency"), q.get("bound"), lang))
    colon = "：" if is_zh(lang) else ": "
    # the qualifier belongs to the statement's point in time, else its end, else its start (graph/ontology.ttl)
    dated = next((k for k in ("point_in_time", "end_time", "start_time") if k in q), None)
    qualifier = q.get("date_qualifier")
    for key in ("money_kind", "status", "point_in_time", "start_time", "end_time", "duration"):
        if key in q:
            value = q[key]
            if key in ("money_kind", "status"):
                value = concept(value, lang)
            elif key == dated and qualifier:
                value = format_date(str(value), qualifier, lang)
            elif key.endswith("_time"):
                value = date_text(value, lang)
            else:
                from stargate_kg.answers.records import duration_measures

                value = format_duration(value, lang, q.get("duration_kind") or duration_measures(value, st.value, [q.get("note")]))
            label = text(key, lang) if lang != "en" else key.replace("_", " ")
            parts.append(f"{label}{colon}{value}")
    if qualifier and not dated:
        parts.append(f"{text('date_qualifier', lang)}{colon}{qualifier}")
    if q.get("stated_by") and st.direction != "stated":
        parts.append(f"{text('stated_by', lang)}{colon}{name(q['stated_by'].get('iri'), q['stated_by']['label'])}")
    if q.get("joint") and st.direction != "joint":
        parts.append(text("joint_flag", lang) + colon + " + ".join(name(p["iri"], p["label"]) for p in q.get("joint_funders", [])))
    if q.get("inferred"):
        parts.append(text("inferred_reading", lang))
    parts += [f"[{m}]" for m in qualifier_marks(q, lang)]  # likely; a corrected misprint; part of another figure
    if q.get("rank") in ("deprecated", "preferred"):
        from stargate_kg.answers.records import clean_note

        english = "（英文）" if is_zh(lang) and q.get("rank_reason") else ""  # an editor's reason: English, marked
        parts.append(f"[{concept(q['rank'], lang).upper()}{english}{colon}{clean_note(kg, q.get('rank_reason', ''))}]")
    lines = ["  " + "  ".join(str(p) for p in parts)]
    if "note" in q:
        from stargate_kg.answers.records import clean_note

        lines.append(f"      {text('note_en', lang)}{colon}{fit(clean_note(kg, q['note']), 160)}")
    for s in st.sources:
        lines.append(f"      {s.cite(lang)} “{s.quote}”")  # with the speaker when the reference names one
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
    from stargate_kg.answers.formatting import to_json
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
        from stargate_kg.i18n import text

        lang = state.lang
        click.echo(text("validate_counts", lang, statements=report.statements, references=report.references,
                        ok=report.quotes_verified, all=report.quotes_checked))
        for why in report.skipped:
            click.echo(text("validate_skipped", lang, why=why))
        click.echo(text("validate_ok", lang) if report.ok else text("validate_failed", lang, n=len(report.problems)))
    raise SystemExit(0 if report.ok else 1)


@click.command()
@click.argument("name")
@click.option("--lang", type=LANGUAGE, default=None, help="Language of the text output (default: the global --lang).")
@output_formats
@pass_state
def entity(state, name, lang, out):
    """Show an entity: type, labels, aliases, Wikidata link, and every statement with its sources.

    NAME is an English or Chinese label or alias, in any case or width.
    csv, tsv and md give one row per statement.

    \b
    Examples:
      stargate-kg entity 软银
      stargate-kg --lang zh entity SoftBank
      stargate-kg entity "sam altman" --json
    """
    from stargate_kg.answers.formatting import pad
    from stargate_kg.answers.summary import money_summary, related_figures
    from stargate_kg.i18n import text, type_name
    from stargate_kg.lookup import resolve
    from stargate_kg.answers.statements import statements_of

    lang = out.lang = lang or out.lang
    kg = state.kg
    ent = resolve(kg, name)
    sts = statements_of(kg, ent.iri)
    money = money_summary(kg, ent) if MONEY_TYPES & set(ent.types) else None
    nearby = related_figures(kg, ent.iri, exclude={s.iri for s in sts})
    data = {
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
    from stargate_kg.answers.tables import story_statements

    if out.emit(data, rows=[statement_row(s) for s in data["statements"]], story=lambda d, lg: story_statements(kg, d, lg)):
        return
    zh = ent.labels.get("zh")
    title = ent.label_in(lang)
    other = ent.label if is_zh(lang) else zh
    colon = lambda key: pad(text(key, lang) + ("：" if is_zh(lang) else ":"), 12 if is_zh(lang) else 10)  # noqa: E731
    click.echo(title + (f" ({other})" if other and other != title else ""))
    click.echo(f"  {colon('type')}{', '.join(type_name(t, lang) for t in ent.types)}")
    click.echo(f"  {colon('iri')}{ent.iri}")
    if ent.aliases:
        click.echo(f"  {colon('aliases')}{', '.join(ent.aliases)}")
    for w in ent.same_as:
        click.echo(f"  {colon('wikidata')}{w}")
    if ent.also_matches:
        others = ", ".join(entity_name_of(kg, m, lang) for m in ent.also_matches)
        click.echo(f"  {colon('note')}{text('also_alias', lang, name=name, others=others)}")
    if money and (money.headline or money.doubts):
        from stargate_kg.commands.money import localized_summary, summary_lines

        click.echo("")
        for line in summary_lines(localized_summary(kg, replace(money, also_matches=[]), lang), lang, kg):
            click.echo(line)
    click.echo("\n" + text("statements", lang, n=len(sts)) + ("：" if is_zh(lang) else ":"))
    for st in sts:
        for line in describe_statement(st, lang, about=ent.iri, kg=kg):
            click.echo(line)
    if nearby:
        from stargate_kg.i18n import entity_name

        click.echo("\n" + text("nearby_head", lang, n=len(nearby), name=title))
        sep = "：" if is_zh(lang) else ": "
        for st in nearby:
            subject = entity_name(kg, st.subject, lang, st.subject_label) if lang != "en" else st.subject_label
            for line in describe_statement(st, lang, kg=kg):
                click.echo(line.replace("  -> ", f"  {subject}{sep}", 1) if line.startswith("  -> ") else line)


def entity_name_of(kg, label, lang):
    """An entity named by its English label, in ``lang`` (for notes that carry labels only)."""
    if lang == "en":
        return label
    from stargate_kg.lookup import entity_index

    for ent in entity_index(kg).values():
        if ent.label == label:
            return ent.label_in(lang)
    return label


def statement_row(st):
    """One statement (its JSON) as a flat row for csv, tsv and md."""
    q = st.get("qualifiers", {})
    return {
        "subject": st["subject"],
        "relation": st["relation"],
        "relation_label": st["relation_label"],
        "direction": st["direction"],
        "other": st["other"],
        "value": st["value"],
        **{k: q.get(k) for k in ("amount", "currency", "bound", "money_kind", "status", "point_in_time", "start_time", "end_time", "rank", "note")},
        "statement": st["iri"],
        "sources": st["sources"],
    }


STATS_SECTIONS = ["entities_by_type", "statements_by_family", "statements_by_money_kind", "statements_by_rank",
                  "statements_per_source", "statements_by_relation"]


@click.command()
@output_formats
@click.option("--articles", type=click.Path(), default=None, help="Folder of article texts (to count verified quotes).")
@pass_state
def stats(state, out, articles):
    """Count entities by type, statements by family, relation and money kind, references and sources.

    csv, tsv and md give one row per count (section, key, count).

    \b
    Examples:
      stargate-kg stats
      stargate-kg stats --json
      stargate-kg stats --format csv
    """
    from stargate_kg.answers.formatting import pad
    from stargate_kg.i18n import concept_name, relation_name, text, type_name
    from stargate_kg.paths import default_articles_dir
    from stargate_kg.answers.stats import stats as compute

    s = compute(state.kg, articles or default_articles_dir())
    totals = [{"section": "totals", "key": k, "count": s[k]} for k in
              ("entities", "statements", "references", "sources", "triples", "quotes_verified", "quotes_checked", "with_wikidata")]
    rows = totals + [{"section": sec, "key": k, "count": v} for sec in STATS_SECTIONS for k, v in s[sec].items()]
    if out.emit(s, rows=rows, columns=["section", "key", "count"]):
        return
    lang = out.lang
    click.echo(text("stats_line", lang, **{k: s[k] for k in ("entities", "statements", "references", "sources", "triples")}))
    if s["quotes_verified"] is not None:
        click.echo(text("stats_quotes", lang, ok=s["quotes_verified"], all=s["quotes_checked"]))
    click.echo(text("stats_wikidata", lang, n=s["with_wikidata"]))
    names = {
        "entities_by_type": lambda k: type_name(k, lang),
        "statements_by_family": lambda k: concept_name(state.kg, k, lang) if lang != "en" else k,
        "statements_by_money_kind": lambda k: concept_name(state.kg, k, lang) if lang != "en" else k,
        "statements_by_rank": lambda k: concept_name(state.kg, k, lang) if lang != "en" else k,
        "statements_by_relation": lambda k: relation_name(state.kg, k, lang, k) if lang != "en" else k,
    }
    for key in STATS_SECTIONS:
        click.echo(f"\n{text(key, lang)}{'：' if is_zh(lang) else ':'}")
        for k, v in s[key].items():
            name = names.get(key, str)(k)
            click.echo(f"  {pad(name, 28)} {v}")


COMMANDS = [validate, entity, stats]
