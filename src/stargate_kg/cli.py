"""The ``stargate-kg`` command: a thin layer over the library.

Each command parses its options, calls one library function and formats the
result. Library errors (:mod:`stargate_kg.exceptions`) become ``Error: ...``
on stderr with the error's exit code, never a traceback. Heavy modules
(rdflib, networkx, pyvis) are imported inside the commands that need them.
"""

import os
import sys

import click

from stargate_kg.exceptions import StargateKGError


class State:
    """What the group callback knows: where the graph is, loaded on first use."""

    def __init__(self, graphs=(), store=None, endpoint=None, endpoint_options=None, engine=None):
        self.graphs = list(graphs)
        self.engine = engine
        self.store = store
        self.endpoint = endpoint
        self.endpoint_options = endpoint_options or {}
        self._kg = None

    @property
    def kg(self):
        if self._kg is None:
            from stargate_kg.engines import open_graph

            self._kg = open_graph(
                self.graphs or None, store=self.store, endpoint=self.endpoint, engine=self.engine, **self.endpoint_options
            )
        return self._kg


pass_state = click.make_pass_decorator(State)


class Group(click.Group):
    """Turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except StargateKGError as ex:
            click.echo(f"Error: {ex}", err=True)
            sys.exit(ex.exit_code)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(f)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    type=click.Path(),
    help="Graph file or directory (Turtle, TriG, N-Triples, JSON-LD); repeatable. "
    "Default: the shipped graph/, or $STARGATE_KG_GRAPH (paths separated by '%s')." % os.pathsep,
)
@click.option("--store", type=click.Path(), default=None, help="Use a persistent Oxigraph store at PATH (see `load`).")
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default=None,
    envvar="STARGATE_KG_ENGINE",
    help="How to read the graph files: oxigraph (default; a store built once and kept in the cache "
    "folder, $STARGATE_KG_CACHE) or rdflib (parsed in memory on every call). $STARGATE_KG_ENGINE.",
)
@click.option("--endpoint", default=None, help="Use a remote SPARQL 1.1 endpoint at URL.")
@click.option("--user", default=None, help="User name for --endpoint (HTTP basic auth).")
@click.option("--password", default=None, envvar="STARGATE_KG_PASSWORD", help="Password for --endpoint ($STARGATE_KG_PASSWORD).")
@click.version_option(package_name="stargate-kg")
@click.pass_context
def cli(ctx, graphs, store, engine, endpoint, user, password):
    """Ask the Stargate knowledge graph who funds whom, who leads what, and where.

    \b
    Examples:
      stargate-kg entity 软银
      stargate-kg funders OpenAI
      stargate-kg query funding-relationships
      stargate-kg viz stargate.html
    """
    if not graphs and os.environ.get("STARGATE_KG_GRAPH"):
        graphs = [p for p in os.environ["STARGATE_KG_GRAPH"].split(os.pathsep) if p]
    opts = {"user": user, "password": password} if (user or password) else {}
    ctx.obj = State(graphs, store=store, endpoint=endpoint, endpoint_options=opts, engine=engine)


def main():
    from stargate_kg.commands import register

    register(cli)
    cli(prog_name="stargate-kg")
