"""Adding an article: draft, add, coverage."""

from pathlib import Path

import click

from stargate_kg.cli import json_option, pass_state


def _load_rdflib(state):
    """The graph files, parsed (the intake commands read names, statements and shapes from them and write files)."""
    from stargate_kg.exceptions import IntakeError
    from stargate_kg.loader import load

    if state.store or state.endpoint:
        raise IntakeError("draft, add and coverage work on graph files: use --graph DIR instead of --store or --endpoint")
    return load(state.graphs or None)


@click.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--id", "article_id", required=True, help="The new article's id (a005, a006, ...).")
@click.option("--date", default=None, help="Publication date, YYYY-MM-DD: resolves 9月24日, 今年1月, 年底前 in the text.")
@click.option("--publisher", default=None, help="The outlet (for byline rows: 编辑/责编/记者).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Sheet to write (default: ID.csv).")
@click.option("--force", is_flag=True, help="Overwrite the sheet if it exists (it may hold your review).")
@pass_state
def draft(state, article, article_id, date, publisher, output, force):
    """Draft a sheet of candidate statements (CSV for any spreadsheet) from an article.

    Every row has a subject, relation, object or figure, qualifiers, and a quote
    copied from the article (an exact substring of the file). Review it: set
    keep to yes/no, fix names and relations, declare new entities with a type;
    then `stargate-kg add`.

    \b
    Example:
      stargate-kg draft ../shared/articles/004_be3f9ccde86d9a42.txt --id a005 --date 2025-09-25 -o a005.csv
    """
    from stargate_kg.exceptions import IntakeError
    from stargate_kg.intake.add import ID
    from stargate_kg.intake.draft import draft_file
    from stargate_kg.intake.figures import parse_date
    from stargate_kg.intake.sheet import write_sheet

    if not ID.fullmatch(article_id):
        raise IntakeError(f"article id {article_id!r} must look like a005 (a, then three or more digits)")
    if date is not None:
        try:
            if parse_date(date)[1] != "date":
                raise ValueError(f"not a full date: {date!r}")
        except ValueError as ex:
            raise click.BadParameter(str(ex), param_hint="--date") from None
    out = output or f"{article_id}.csv"
    if Path(out).exists() and not force:
        raise IntakeError(f"{out} exists and may hold your review: pick another -o, or pass --force to overwrite it")
    kg = _load_rdflib(state)
    rows, seconds = draft_file(kg, article, article_id, date, publisher)
    write_sheet(rows, out)
    yes = sum(1 for r in rows if r.get("keep") == "yes")
    existing = sum(1 for r in rows if r.get("existing"))
    new = {r.get(f"{side}_zh") or r.get(f"{side}_en") for r in rows for side in ("subject", "object") if r.get(f"{side}_type")}
    click.echo(f"{out}: {len(rows)} candidate statements ({yes} marked keep=yes, {existing} already in the graph, "
               f"{len(new)} new entities) in {seconds:.1f} s")
    import shlex

    args = [out, "--id", article_id, "--article", article, "--publisher", publisher or "NAME", "--date", date or "YYYY-MM-DD"]
    click.echo("Review it, then: stargate-kg add " + " ".join(shlex.quote(str(a)) for a in args))  # safe to paste into a shell


@click.command()
@click.argument("sheet", type=click.Path(dir_okay=False))
@click.option("--id", "article_id", required=True, help="The new article's id (a005, ...).")
@click.option("--article", "article", required=True, type=click.Path(dir_okay=False), help="The article file the quotes come from.")
@click.option("--publisher", required=True, help="The outlet: a name the graph knows, or a new media outlet.")
@click.option("--date", required=True, help="Publication date, YYYY-MM-DD.")
@click.option("--title", default=None, help="Headline (default: the article's first line).")
@json_option
@pass_state
def add(state, sheet, article_id, article, publisher, date, title, as_json):
    """Add a reviewed sheet to the graph: a source entry, new entities, one statement per row.

    Every row is checked first (names, relations, figures, dates, the quote in the
    article); errors name the row and column, and nothing is written until all
    pass. The files go into the first --graph folder, or the checkout's graph/;
    the graph is then validated (SHACL) and the new facts answer at once.

    \b
    Example:
      stargate-kg add a005.csv --id a005 --article a005.txt --publisher 证券时报 --date 2025-09-25
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.intake.add import add_sheet, target_dir

    kg = _load_rdflib(state)
    gdir = target_dir(state.graphs)
    res = add_sheet(kg, sheet, article, article_id, publisher, date, title, graph_dir=gdir)
    if as_json:
        click.echo(to_json(res.__dict__))
        return
    click.echo(f"Added {article_id}: {res.statements} statements ({res.references} quotes), "
               f"{res.shared_references} quotes on statements the graph had, {len(res.new_entities)} new entities")
    click.echo(f"  wrote {res.statements_file}")
    click.echo(f"  appended src:{article_id} to {res.sources_file}")
    for iri, typ, en, zh in res.new_entities:
        click.echo(f"  new {typ}: {en}{f' ({zh})' if zh and zh != en else ''} <{iri}>")
    for w in res.warnings:
        click.echo(f"  note: {w}")
    click.echo("The graph validates (SHACL). Next: stargate-kg validate --articles DIR; stargate-kg entity NAME")


@click.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--id", "article_id", required=True, help="The article's id in the graph (a000 ... a004).")
@click.option("--reviewed", "show_reviewed", is_flag=True,
              help="Also list the sentences left uncited on purpose, with their reasons (graph/reviewed-sentences.tsv).")
@json_option
@pass_state
def coverage(state, article, article_id, show_reviewed, as_json):
    """List the sentences of an article that carry a figure or name two known entities but that no statement cites.

    Sentences an editor left uncited on purpose are listed with a reason in
    reviewed-sentences.tsv of the graph folder; they are counted apart.

    \b
    Example:
      stargate-kg coverage ../shared/articles/004_be3f9ccde86d9a42.txt --id a004
      stargate-kg coverage ../shared/articles/002_c91c73846aab870d.txt --id a002 --reviewed
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.intake.coverage import coverage as run, read_reviewed

    gaps = run(_load_rdflib(state), article, article_id, reviewed=read_reviewed(state.graphs or None))
    shown = [g for g in gaps if show_reviewed or not g.reason]
    if as_json:
        click.echo(to_json([g.as_json() for g in shown]))
        return
    open_gaps = [g for g in gaps if not g.reason]
    click.echo(f"{Path(article).name} ({article_id}): {len(open_gaps)} sentence(s) with a figure or two known entities that no statement cites")
    for g in shown:
        why = []
        if g.figures:
            why.append("figures: " + ", ".join(g.figures))
        if g.entities:
            why.append("names: " + ", ".join(g.entities))
        click.echo(f"  [{g.sentence}] {g.quote}")
        click.echo(f"        {'; '.join(why)}")
        if g.reason:
            click.echo(f"        reviewed, left uncited: {g.reason}")
    n = len(gaps) - len(open_gaps)
    if n and not show_reviewed:
        click.echo(f"  ({n} more reviewed and left uncited on purpose, each with a reason in reviewed-sentences.tsv; --reviewed lists them)")


COMMANDS = [draft, add, coverage]
