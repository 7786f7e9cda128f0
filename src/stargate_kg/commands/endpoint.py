"""The SPARQL endpoint command: serve."""

import click

from stargate_kg.cli import pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default; --host 0.0.0.0 exposes the endpoint to your network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer; larger answers are refused.")
@click.option("--max-body", type=click.IntRange(min=1024), default=256 * 1024, show_default=True,
              help="Largest request body (and GET query) in bytes.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Query worker processes [default: one per core, 2 to 4].")
@click.option("--queries", "queries_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of *.rq questions shown as examples on the query page [default: the shipped catalog].")
@click.option("--quiet", is_flag=True, help="No access log.")
@pass_state
def serve(state, host, port, timeout, max_rows, max_body, workers, queries_dir, quiet):  # fmt: skip
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Answers GET ?query=, POST forms and POST application/sparql-query in SPARQL
    JSON/XML/CSV/TSV (SELECT, ASK) or Turtle/N-Triples/JSON-LD/RDF-XML
    (CONSTRUCT, DESCRIBE). SPARQL Update, SERVICE and FROM are refused; each
    query runs in a worker process that is stopped at --timeout.

    \b
    Examples:
      stargate-kg serve
      stargate-kg serve --port 8080 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from stargate_kg.server import Settings, is_loopback
    from stargate_kg.server import serve as run

    settings = Settings(
        graphs=state.graphs or None,
        store=state.store,
        endpoint=state.endpoint,
        endpoint_options=state.endpoint_options,
        engine=state.engine,
        timeout=timeout,
        max_rows=max_rows,
        max_body=max_body,
        workers=workers or 0,
    )

    def announce(base, info):
        size = f"{info['triples']} triples, " if info.get("triples") is not None else ""
        if info.get("engine"):
            size += f"{info['engine']} engine, "
        click.echo(f"SPARQL endpoint: {base}/sparql")
        click.echo(f"Query page:      {base}/")
        click.echo(f"({size}{info.get('workers')} query workers, {timeout:g} s per query, {max_rows} rows at most; Ctrl-C stops.)")
        network = info.get("network") or "isolated"
        if network == "isolated":
            click.echo("(Query workers run in a network namespace of their own: no query can reach the network.)")
        else:
            click.echo(f"Warning: query workers {network}.", err=True)
        if not is_loopback(host):
            click.echo(f"Note: listening on {host}: other machines can reach this endpoint.", err=True)

    click.echo("Loading the graph and starting the query workers...", err=True)
    run(settings, host=host, port=port, access_log=not quiet, announce=announce, queries_dir=queries_dir)


COMMANDS = [serve]
