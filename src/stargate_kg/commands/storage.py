"""Storage commands: build a persistent Oxigraph store (load), upload the graph to a triple store (push), the store cache (cache)."""

import click

from stargate_kg.cli import json_option, pass_state


@click.command()
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    type=click.Path(),
    help="Graph file or directory to build from; repeatable (default: the group's --graph, else the shipped graph/).",
)
@click.option("--no-network-index", "no_network", is_flag=True,
              help="Do not prepare the network edge arrays now (the first network command will).")
@json_option
@pass_state
def load(state, graphs, no_network, as_json):
    """Build a persistent Oxigraph store from the graph files (parse once, ask many times).

    The store records which files it was built from; when they change, commands
    using it stop with a message asking you to run `load` again. A failed build
    leaves the old store untouched. The entity-level edge list the network
    commands read is saved beside it (unless --no-network-index). On a
    terminal, progress shows on stderr.

    \b
    Examples:
      stargate-kg --store ~/.cache/stargate.oxigraph load
      stargate-kg --store big.oxigraph load --graph graph/ --graph more/
      stargate-kg --store big.oxigraph entity OpenAI
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.network.progress import Progress
    from stargate_kg.engines.oxigraph import build_store

    if not state.store:
        raise click.UsageError("say where to build the store: stargate-kg --store PATH load")
    progress = Progress.stderr()  # live on a terminal only
    with progress.stage(f"building {state.store}") as step:
        kg = build_store(state.store, list(graphs) or state.graphs or None, progress=step)
    m = kg.manifest
    indexed = None
    if not no_network:
        import time

        from stargate_kg.network.arrays import edge_arrays

        started = time.perf_counter()
        with progress.stage("saving the network edge arrays"):
            edge_arrays(kg)
        indexed = round(time.perf_counter() - started, 3)
    if as_json:
        click.echo(to_json({k: m[k] for k in ("sources", "triples", "triples_loaded", "triples_derived", "seconds", "built")}
                           | {"store": str(kg.path), "files": [f["path"] for f in m["files"]], "network_seconds": indexed}))
        return
    network = f"; network edge arrays in {indexed:.1f} s" if indexed is not None else ""
    click.echo(
        f"Built {kg.path}: {m['triples']} triples ({m['triples_loaded']} loaded from {len(m['files'])} files, "
        f"{m['triples_derived']} derived) in {m['seconds']:.1f} s{network}."
    )
    click.echo(f"Ask it with: stargate-kg --store {kg.path} entity OpenAI")


@click.command()
@click.option("--method", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Graph Store HTTP Protocol (one PUT of N-Triples) or SPARQL Update (INSERT DATA in chunks).")
@click.option("--graph-iri", default=None, help="Named graph to replace (default: the store's default graph).")
@click.option("--gsp-url", default=None,
              help="Graph Store endpoint for --method gsp, if not the --endpoint URL (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--append", is_flag=True, help="Add to the graph instead of replacing it.")
@json_option
@pass_state
def push(state, method, graph_iri, gsp_url, append, as_json):
    """Upload the graph (with its derived edges) to the triple store at --endpoint.

    The graph comes from --graph (default: the shipped graph/) or --store.
    --user and --password are sent with HTTP basic or digest auth.

    \b
    Examples:
      stargate-kg --endpoint http://localhost:3030/ds push --graph-iri https://w3id.org/stargate-kg/graph
      stargate-kg --endpoint http://localhost:8890/sparql --user dba --password dba push \\
          --graph-iri https://w3id.org/stargate-kg/graph --gsp-url http://localhost:8890/sparql-graph-crud-auth
      stargate-kg --endpoint 'http://localhost:8890/sparql?default-graph-uri=https://w3id.org/stargate-kg/graph' stats
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.engines.remote import push as upload

    if not state.endpoint:
        raise click.UsageError("say where to push: stargate-kg --endpoint URL push")
    if state.store:
        from stargate_kg.engines.oxigraph import open_store

        kg = open_store(state.store, graphs=state.graphs or None)
    else:
        from stargate_kg.loader import load as load_files

        kg = load_files(state.graphs or None)
    opts = state.endpoint_options
    n = upload(kg, state.endpoint, graph_iri=graph_iri, method=method, user=opts.get("user"),
               password=opts.get("password"), gsp_url=gsp_url, append=append)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    if as_json:
        click.echo(to_json({"endpoint": state.endpoint, "graph": graph_iri, "method": method, "triples": n, "append": append}))
        return
    click.echo(f"{'Added' if append else 'Pushed'} {n} triples to {target} at {state.endpoint} ({method}).")


@click.command()
@click.option("--clear", is_flag=True, help="Remove every cached store (each is rebuilt when next needed).")
@json_option
def cache(clear, as_json):
    """Show (or clear) the Oxigraph stores the default engine keeps in the cache folder.

    The first question on a graph builds a store from its files; later ones
    reuse it while the files are unchanged. The folder is $STARGATE_KG_CACHE,
    else $XDG_CACHE_HOME/stargate-kg, else ~/.cache/stargate-kg.

    \b
    Examples:
      stargate-kg cache
      stargate-kg cache --clear
    """
    from stargate_kg.answers.formatting import to_json
    from stargate_kg.engines.cache import cache_root, cached_stores, clear_cache
    from stargate_kg.i18n import text

    lang = getattr(click.get_current_context().obj, "lang", "en")
    if clear:
        n = clear_cache()
        click.echo(to_json({"removed": n, "cache": str(cache_root())}) if as_json else text("cache_removed", lang, n=n, folder=cache_root()))
        return
    stores = cached_stores()
    if as_json:
        click.echo(to_json({"cache": str(cache_root()), "stores": stores}))
        return
    click.echo(text("cache_folder", lang, folder=cache_root(), n=len(stores)))
    for st in stores:
        state = text("cache_current" if st["current"] else "cache_stale", lang)
        click.echo("  " + text("cache_store", lang, sources=", ".join(st["sources"]), triples=st["triples"], built=st["built"],
                               mb=st["bytes"] / 1e6, state=state))


COMMANDS = [load, push, cache]
