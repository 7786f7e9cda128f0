"""The SPARQL endpoint command: serve."""

import click

from stargate_kg.cli import pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default; --host 0.0.0.0 exposes the endpoint to your network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=86_400), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer; larger answers are refused.")
@click.option("--max-body", type=click.IntRange(min=1024), default=256 * 1024, show_default=True,
              help="Largest request body (and GET query) in bytes.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Query worker processes [default: one per core, 2 to 4].")
@click.option("--max-memory", default=None, metavar="SIZE",
              help="Memory each query worker may use beyond its start-up size, e.g. 512M or 2G; 0: no ceiling "
                   "[default: physical memory / (2 x workers), 256M to 2G].")
@click.option("--client-budget", type=click.FloatRange(min=0.1, max=1e9), default=60.0, show_default=True,
              help="Seconds of query time one client address may use per minute; over it: 429 with Retry-After.")
@click.option("--read-timeout", type=click.FloatRange(min=0.5, max=3600), default=10.0, show_default=True,
              help="Seconds a client may take to send its request; slower ones get 408.")
@click.option("--queries", "queries_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of *.rq questions shown as examples on the query page [default: the shipped catalog].")
@click.option("--max-reply", default="32M", show_default=True, metavar="SIZE",
              help="Largest answer in bytes (e.g. 32M); larger answers are refused with 422.")
@click.option("--reply-cache", default="16M", show_default=True, metavar="SIZE",
              help="Answers kept for query texts asked again (e.g. 16M; 0: none; never for --endpoint).")
@click.option("--max-connections", type=click.IntRange(min=64), default=1024, show_default=True,
              help="Connections open at once, all clients together; when full, an idle connection of the client "
                   "holding the most makes room for a new one.")
@click.option("--trust-proxy", "trusted_proxies", multiple=True, metavar="ADDRESS",
              help="A reverse proxy whose X-Forwarded-For header names the client (repeatable). Without it, "
                   "clients are told apart by the address that connects, whatever headers they send.")
@click.option("--quiet", is_flag=True, help="No access log.")
@pass_state
def serve(state, host, port, timeout, max_rows, max_body, workers, max_memory, client_budget, read_timeout, queries_dir,
          max_reply, reply_cache, max_connections, trusted_proxies, quiet):  # fmt: skip
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Answers GET ?query=, POST forms and POST application/sparql-query in SPARQL
    JSON/XML/CSV/TSV (SELECT, ASK) or Turtle/N-Triples/JSON-LD/RDF-XML
    (CONSTRUCT, DESCRIBE). SPARQL Update, SERVICE and FROM are refused; each
    query runs in a worker process that is stopped at --timeout or when it
    needs more than --max-memory, and each client address gets its share of
    the workers' time (--client-budget).

    \b
    Examples:
      stargate-kg serve
      stargate-kg serve --port 8080 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from stargate_kg.server import Settings, is_loopback
    from stargate_kg.server import serve as run
    from stargate_kg.server.settings import format_size, parse_size

    if max_memory is not None:
        try:
            max_memory = parse_size(max_memory)
        except ValueError:
            raise click.BadParameter(f"{max_memory!r} is not a size: write e.g. 512M, 2G or 0 (no ceiling)", param_hint="--max-memory") from None

    try:
        max_reply = parse_size(max_reply)
    except ValueError:
        raise click.BadParameter(f"{max_reply!r} is not a size: write e.g. 32M", param_hint="--max-reply") from None
    try:
        reply_cache = parse_size(reply_cache)
    except ValueError:
        raise click.BadParameter(f"{reply_cache!r} is not a size: write e.g. 16M or 0 (none)", param_hint="--reply-cache") from None
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
        max_memory=max_memory,
        client_budget=client_budget,
        read_timeout=read_timeout,
        max_reply=max_reply,
        reply_cache=reply_cache,
        max_connections=max_connections,
        trusted_proxies=tuple(trusted_proxies),
    )

    def announce(base, info):
        size = f"{info['triples']} triples, " if info.get("triples") is not None else ""
        if info.get("engine"):
            size += f"{info['engine']} engine, "
        click.echo(f"SPARQL endpoint: {base}/sparql")
        click.echo(f"Query page:      {base}/")
        memory = f"{format_size(info['max_memory'])} of memory" if info.get("max_memory") else "no memory ceiling"
        click.echo(
            f"({size}{info.get('workers')} query workers, {timeout:g} s, {memory} and {max_rows} rows per query, "
            f"{client_budget:g} s of query time per client and minute; Ctrl-C stops.)"
        )
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
