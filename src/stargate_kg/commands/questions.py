"""Question commands: queries, query (funders and funded: commands/money.py)."""

import sys

import click

from stargate_kg.cli import json_option, pass_state
from stargate_kg.answers.formatting import layout_options
from stargate_kg.i18n_zh import is_zh

@click.command()
@json_option
def queries(as_json):
    """List the catalog of named SPARQL questions (queries/*.rq), with titles and descriptions in --lang.

    \b
    Examples:
      stargate-kg queries
      stargate-kg --lang zh queries
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.queries import catalog

    cat = catalog()
    if as_json:
        click.echo(to_json([q.as_json() for q in cat.values()]))
        return
    from stargate_kg.catalog_words import zh
    from stargate_kg.i18n import text

    lang = getattr(click.get_current_context().obj, "lang", "en")
    width = max(len(n) for n in cat) if cat else 0
    if lang != "en":
        click.echo(zh(f"目录中的问题（{len(cat)} 个）：", lang))
    for q in cat.values():
        params = "".join(f" --param {p.name}={p.example!r}" if " " in p.example else f" --param {p.name}={p.example}" for p in q.params)
        click.echo(f"{q.name:<{width}}  {q.title_in(lang)}")
        click.echo(f"{'':<{width}}  {q.description_in(lang)}")
        if params:
            click.echo(f"{'':<{width}}  {text('queries_example', lang)}{'' if is_zh(lang) else ' '}stargate-kg query {q.name}{params}")


def parse_params(values):
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r}: write NAME=VALUE", param_hint="--param")
        k, _, val = v.partition("=")
        out[k.strip()] = val
    return out


@click.command()
@click.argument("spec", metavar="NAME|FILE|-")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter value (an entity name is resolved to its IRI); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "md"]), default="table", show_default=True,
              help="json: SPARQL 1.1 Query Results JSON; csv/tsv: SPARQL 1.1 CSV/TSV.")
@layout_options
@pass_state
def query(state, spec, params, fmt):
    """Run a catalog question, a .rq file, or a query from standard input ('-').

    \b
    Examples:
      stargate-kg query funders-of --param entity=OpenAI
      stargate-kg query my-question.rq --format csv
      stargate-kg query funding-relationships --width 120
      echo 'SELECT ?l WHERE { e:openai rdfs:label ?l }' | stargate-kg query -
    """
    from stargate_kg.queries import find_query, format_result, run_query

    values = parse_params(params)
    if spec == "-":
        from stargate_kg.exceptions import QueryError

        try:
            text = sys.stdin.buffer.read().decode("utf-8") if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        except UnicodeDecodeError as ex:
            raise QueryError(f"not UTF-8 text ({ex.reason} at byte {ex.start})", source="<stdin>") from None
        form, names, result = run_query(state.kg, None, values, text=text, source="<stdin>", lang=state.lang)
    else:
        q = find_query(spec)
        form, names, result = run_query(state.kg, q, values, lang=state.lang)
    text = format_result(form, names, result, fmt, lang=state.lang)
    # CSV/TSV/JSON are written exactly as the SPARQL result formats say (CSV lines end in CRLF).
    click.echo(text if text.endswith("\n") else text + "\n", nl=False)


# funders and funded live in commands/money.py


COMMANDS = [queries, query]
