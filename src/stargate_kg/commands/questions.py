"""Question commands: queries, query, funders, funded."""

import sys

import click

from stargate_kg.cli import json_option, pass_state

KIND_CHOICES = ["equity", "ownership", "commitment", "loan", "purchase"]


@click.command()
@json_option
def queries(as_json):
    """List the catalog of named SPARQL questions (queries/*.rq).

    \b
    Example:
      stargate-kg queries
    """
    from stargate_kg.formatting import to_json
    from stargate_kg.queries import catalog

    cat = catalog()
    if as_json:
        click.echo(to_json([q.as_json() for q in cat.values()]))
        return
    width = max(len(n) for n in cat) if cat else 0
    for q in cat.values():
        params = "".join(f" --param {p.name}={p.example!r}" if " " in p.example else f" --param {p.name}={p.example}" for p in q.params)
        click.echo(f"{q.name:<{width}}  {q.title}")
        click.echo(f"{'':<{width}}  {q.description}")
        if params:
            click.echo(f"{'':<{width}}  e.g. stargate-kg query {q.name}{params}")


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
@pass_state
def query(state, spec, params, fmt):
    """Run a catalog question, a .rq file, or a query from standard input ('-').

    \b
    Examples:
      stargate-kg query funders-of --param entity=OpenAI
      stargate-kg query my-question.rq --format csv
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
        form, names, result = run_query(state.kg, None, values, text=text, source="<stdin>")
    else:
        q = find_query(spec)
        form, names, result = run_query(state.kg, q, values)
    text = format_result(form, names, result, fmt)
    # CSV/TSV/JSON are written exactly as the SPARQL result formats say (CSV lines end in CRLF).
    click.echo(text if text.endswith("\n") else text + "\n", nl=False)


def _flow_options(f):
    f = click.option("--include-deprecated", is_flag=True, help="Also show claims the graph ranks as deprecated.")(f)
    f = click.option("--depth", type=click.IntRange(1, 10), default=3, show_default=True, help="Hops for --transitive.")(f)
    f = click.option("--transitive", is_flag=True, help="Follow the money further (who funds the funders / what the funded fund).")(f)
    f = click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                     help="Kinds of money (repeatable). Default: equity, ownership, commitment, loan.")(f)
    return json_option(f)


def _print_flows(flows, as_json, title):
    from stargate_kg.formatting import money, pad, shorten, to_json, width

    if as_json:
        click.echo(to_json([f.as_json() for f in flows]))
        return
    if not flows:
        click.echo(f"{title}: none in the graph.")
        return
    click.echo(f"{title} ({len(flows)}):")
    names = [f"{shorten(f.funder_label, 30)} -> {shorten(f.recipient_label, 30)}" for f in flows]
    w = min(64, max(width(n) for n in names))
    for f, name in zip(flows, names):
        amount = money(f.amount, f.currency, f.bound) or "amount n/a"
        bits = [f.kind, amount, f.date or "", f.status or ""]
        if f.rank == "deprecated":
            bits.append("DEPRECATED")
        click.echo(f"  {pad(name, w)}  " + "  ".join(b for b in bits if b))
        if f.path and len(f.path) > 1:
            click.echo("      via: " + " -> ".join([f.path[0].funder_label] + [p.recipient_label for p in f.path]))
        for s in f.sources:
            click.echo("      " + shorten(f"[{s.article}] {s.quote}", 92))


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funders(state, name, kinds, transitive, depth, include_deprecated, as_json):
    """Who funds NAME: funder, kind of money, amount, date, status and sources.

    \b
    Examples:
      stargate-kg funders OpenAI
      stargate-kg funders 星际之门 --json
      stargate-kg funders OpenAI --kind purchase --kind equity --transitive
    """
    from stargate_kg.funding import funders as run
    from stargate_kg.lookup import resolve

    ent = resolve(state.kg, name)
    flows = run(state.kg, ent.iri, kinds, transitive, depth, include_deprecated)
    _print_flows(flows, as_json, f"Funders of {ent.label}")


@click.command()
@click.argument("name")
@_flow_options
@pass_state
def funded(state, name, kinds, transitive, depth, include_deprecated, as_json):
    """What NAME funds: recipient, kind of money, amount, date, status and sources.

    \b
    Examples:
      stargate-kg funded SoftBank
      stargate-kg funded 英伟达 --json
    """
    from stargate_kg.funding import funded as run
    from stargate_kg.lookup import resolve

    ent = resolve(state.kg, name)
    flows = run(state.kg, ent.iri, kinds, transitive, depth, include_deprecated)
    _print_flows(flows, as_json, f"Funded by {ent.label}")


COMMANDS = [queries, query, funders, funded]
