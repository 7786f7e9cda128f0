"""Finding commands: search (any text in names, quotes, notes), list (entities, by type)."""

import click

from stargate_kg.cli import pass_state
from stargate_kg.answers.formatting import output_formats
from stargate_kg.i18n_zh import is_zh, to_script


def statement_line(kg, st, lang):
    """``subject -> relation -> object  value  amount  kind  status  date`` in ``lang``."""
    from stargate_kg.answers.amounts import figure_text, qualifier_marks
    from stargate_kg.i18n import concept, date_text, entity_name, relation_name

    q = st.qualifiers
    parts = [entity_name(kg, st.subject, lang, st.subject_label), relation_name(kg, st.relation, lang, st.relation_label)]
    if st.object:
        parts.append(entity_name(kg, st.object, lang, st.object_label))
    line = " -> ".join(parts)
    bits = [st.value] if isinstance(st.value, str) else []
    bits.append(figure_text(st.value, q, lang))  # with its bound (数百万: millions), range and duration
    bits += [concept(q.get("money_kind"), lang) or "", concept(q.get("status"), lang) or ""]
    bits.append(date_text(q.get("point_in_time") or q.get("start_time") or q.get("end_time"), lang))
    bits += qualifier_marks(q, lang)
    if q.get("rank") == "deprecated":
        bits.append(concept("deprecated", lang).upper())
    return "  ".join([line] + [b for b in bits if b])


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many matches.")
@click.option("--only", type=click.Choice(["entities", "statements"]), default=None, help="Search names only, or statements only.")
@output_formats
@pass_state
def search(state, text, limit, only, out):
    """Find entities and statements by any text: labels, aliases, search names, quotes, values and notes.

    Chinese or English, in any case or width: a match is the text inside a
    name or quote, or every word of it anywhere. Names come first (exact,
    then prefix, then inside), then statements with their quotes.

    \b
    Examples:
      stargate-kg search 合同
      stargate-kg search "cloud contract" --format csv
      stargate-kg --lang zh search softbank --only entities
    """
    from stargate_kg.answers.formatting import fit, fit_line, line_width, width
    from stargate_kg.i18n import text as words, type_name
    from stargate_kg.answers.search import search as find

    kg = state.kg
    query = " ".join(text)
    hits = find(kg, query, limit=None, entities=only != "statements", statements=only != "entities")
    total, hits = len(hits), hits[:limit]
    data = [h.as_json() for h in hits]
    rows = [_row(h) for h in hits]
    if out.emit(data, rows=rows):
        return
    lang = out.lang
    if not hits:
        click.echo(words("search_none", lang, query=query))
        return
    head = words("search_head", lang, query=query, n=total)
    if total > len(hits):
        head += f" ({len(hits)} shown; --limit)" if lang == "en" else to_script(f"（显示 {len(hits)} 条；见 --limit）", lang)
    click.echo(head)
    colon = "：" if is_zh(lang) else ": "
    for kind in ("entity", "statement"):
        group = [h for h in hits if h.kind == kind]
        if not group:
            continue
        click.echo("\n" + words("search_names" if kind == "entity" else "search_statements", lang) + colon.strip())
        for h in group:
            if kind == "entity":
                e = h.entity
                title = e.label_in(lang)
                other = e.label if is_zh(lang) else e.labels.get("zh")
                name = title + (f" ({other})" if other and other != title else "")
                how = "" if h.field == "label" else f"  [{words('matched_' + h.field, lang)}{colon}{h.text}]"
                click.echo("  " + fit_line(f"{name}  ({', '.join(type_name(t, lang) for t in e.types)}){how}", line_width() - 2))
            else:
                st = h.statement
                click.echo("  " + fit_line(statement_line(kg, st, lang), line_width() - 2))
                if h.field == "note":  # the value is on the statement's line already
                    head = f"      {words('note_en', lang)}{colon}"
                    click.echo(head + fit(h.text, line_width() - width(head)))
                quoted = [s for s in st.sources if s.quote == h.text] or st.sources[:1]
                for s in quoted[:1]:
                    head = f"      [{s.article}] “"
                    click.echo(f"{head}{fit(s.quote, line_width() - width(head) - 1)}”")


def _row(hit):
    out = {"kind": hit.kind, "score": hit.score, "field": hit.field, "match": hit.how, "text": hit.text}
    if hit.entity is not None:
        e = hit.entity
        out.update({"iri": e.iri, "label": e.label, "type": ", ".join(e.types)})
    else:
        st = hit.statement
        q = st.qualifiers
        out.update({
            "iri": st.iri,
            "label": None,
            "type": "Statement",
            "subject": {"iri": st.subject, "label": st.subject_label},
            "relation": st.relation,
            "relation_label": st.relation_label,
            "object": {"iri": st.object, "label": st.object_label} if st.object else None,
            "amount": q.get("amount"),
            "currency": q.get("currency"),
            "article": st.sources[0].article if st.sources else None,
            "quote": st.sources[0].quote if st.sources else None,
        })
    return out


@click.command(name="list")
@click.option("--type", "type_", default=None, metavar="TYPE",
              help="Only entities of this type and its subtypes (Company, Person, Place, 公司...).")
@output_formats
@pass_state
def list_(state, type_, out):
    """List the entities (of a type) with their English and Chinese labels, type and IRI.

    \b
    Examples:
      stargate-kg list --type Person
      stargate-kg --lang zh list --type 公司
      stargate-kg list --format csv > entities.csv
    """
    from stargate_kg.answers.formatting import table
    from stargate_kg.i18n import column, text, type_name
    from stargate_kg.answers.search import list_entities

    ents = list_entities(state.kg, type_)
    data = [{"iri": e.iri, "label": e.label, "label_zh": e.labels.get("zh"), "types": e.types, "aliases": e.aliases} for e in ents]
    if out.emit(data):
        return
    lang = out.lang
    if is_zh(lang):
        ents = sorted(ents, key=lambda e: (e.label_in("zh"), e.iri))
    other = "en" if is_zh(lang) else "zh"
    heads = [column("label", lang), column("label_en" if is_zh(lang) else "label_zh", lang), column("type", lang), column("iri", lang)]
    rows = [[e.label_in(lang), e.labels.get(other, "") if e.labels.get(other) != e.label_in(lang) else "",
             ", ".join(type_name(t, lang) for t in e.types), e.iri] for e in ents]
    if type_:
        from stargate_kg.answers.search import entity_types
        from stargate_kg.names import normalize

        shown = type_name(entity_types(state.kg)[1][normalize(type_)], lang)
        click.echo(text("list_head_type", lang, n=len(ents), type=shown))
    else:
        click.echo(text("list_head", lang, n=len(ents)))
    click.echo(table(heads, rows, {0: 50, 1: 40, 3: 80}))


COMMANDS = [search, list_]
