"""The ``stargate-kg`` command: a thin layer over the library.

Each command parses its options, calls one library function and formats the
result. Library errors (:mod:`stargate_kg.exceptions`) become ``Error: ...``
on stderr with the error's exit code, never a traceback. When the reader of
stdout goes away early (``stargate-kg stats | head -1``) the command stops
quietly with exit code 0 (see :func:`reader_gone`). Heavy modules (rdflib,
networkx, pyvis) are imported inside the commands that need them.
"""

import os
import sys

import click

from stargate_kg.exceptions import StargateKGError


class State:
    """What the group callback knows: where the graph is, loaded on first use."""

    def __init__(self, graphs=(), store=None, endpoint=None, endpoint_options=None, engine=None, allow_service=False, lang="en"):
        self.allow_service = allow_service
        self.lang = lang
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
            self._kg.allow_service = self.allow_service
        return self._kg


pass_state = click.make_pass_decorator(State)


def reader_gone():
    """Stop quietly because whoever reads stdout has closed it (``| head -1``).

    The output the reader wanted has been delivered, so this is not a failure:
    exit code 0, as ripgrep does, rather than 141 (death by SIGPIPE, what
    coreutils and git give), so that ``set -o pipefail`` scripts piping into
    ``head`` keep working. Click on its own would exit 1. Before exiting,
    stdout is pointed at /dev/null: Python flushes it again at shutdown, and
    that flush would otherwise print "Exception ignored ... BrokenPipeError".
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests)
        pass
    sys.exit(0)


def stdout_gone():
    """Whether stdout is a pipe or socket whose reader has gone (a broken pipe could also be a file
    written to, such as a FIFO given to ``export``: that one is a failure, not a quiet exit).

    Without a file descriptor or poll() (click's test runner, Windows), stdout is taken to be gone.
    """
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), 0)  # errors and hang-ups are always reported
        return any(ev & (select.POLLERR | select.POLLHUP) for _, ev in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return True


def broken_pipe(ex):
    """A BrokenPipeError: a quiet exit when stdout's reader went away, else an error like any other."""
    if stdout_gone():
        reader_gone()
    click.echo(f"Error: {ex.strerror or ex}{f': {ex.filename}' if ex.filename else ''}", err=True)
    sys.exit(1)


#: Exit code of an unexpected internal error (a bug): EX_SOFTWARE from sysexits.h.
INTERNAL_ERROR = 70


def want_traceback(ctx=None):
    """Whether errors should show their traceback: ``--traceback`` or ``STARGATE_KG_TRACEBACK=1``."""
    if os.environ.get("STARGATE_KG_TRACEBACK", "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    return bool(ctx is not None and ctx.params.get("traceback"))


def internal_error(ex):
    """One line for an unexpected exception: it is a bug, and how to see the traceback."""
    what = f"{type(ex).__name__}: {ex}" if str(ex) else type(ex).__name__
    what = " ".join(what.split())  # one line
    if len(what) > 300:
        what = what[:300] + "..."
    click.echo(
        f"Error: internal error (a bug in stargate-kg, please report it): {what}. "
        "Run again with --traceback (or STARGATE_KG_TRACEBACK=1) to see where it happened.",
        err=True,
    )
    sys.exit(INTERNAL_ERROR)


def _option_names(command, ctx):
    """Every option name ``command`` (and, for a group, each of its subcommands) declares."""
    names = {n for p in command.params if isinstance(p, click.Option) for n in p.opts + p.secondary_opts}
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            names |= _option_names(sub, ctx)
    return names


def global_options_first(group, ctx, args):
    """``args`` with the group's options that follow the command name (``funders X --lang zh``) moved before
    it, when the command does not declare an option of that name itself (``entity`` has its own ``--lang``).

    >>> @click.group(cls=Group)
    ... @click.option("--lang")
    ... def g(lang): pass
    >>> @g.command()
    ... @click.argument("name")
    ... def funders(name): pass
    >>> global_options_first(g, None, ["funders", "星際之門", "--lang", "zh-TW"])
    ['--lang', 'zh-TW', 'funders', '星際之門']
    >>> global_options_first(g, None, ["funders", "--", "--lang"])
    ['funders', '--', '--lang']
    """
    own = {}  # option name -> takes a value
    for p in group.params:
        if isinstance(p, click.Option):
            for n in p.opts + p.secondary_opts:
                own[n] = not (p.is_flag or p.count)
    i = 0
    while i < len(args) and args[i] != "--" and args[i].startswith("-"):  # the group's own options, before the command
        i += 2 if own.get(args[i]) and "=" not in args[i] else 1
    if i >= len(args) or args[i] == "--" or args[i] not in group.commands:
        return list(args)
    theirs = _option_names(group.commands[args[i]], ctx)
    head, tail, j = list(args[:i]), [args[i]], i + 1
    while j < len(args):
        a = args[j]
        if a == "--":
            tail += args[j:]
            break
        name = a.split("=", 1)[0]
        if name in own and name not in theirs and name not in ("--help", "-h", "--version"):
            takes = own[name] and "=" not in a
            head += args[j : j + (2 if takes else 1)]
            j += 2 if takes else 1
            continue
        tail.append(a)
        j += 1
    return head + tail


class Group(click.Group):
    """Turns library errors into one-line messages and exit codes, a closed
    stdout into a quiet exit (:func:`reader_gone`), and any other exception
    into one line saying it is a bug (exit 70; ``--traceback`` shows it)."""

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, global_options_first(self, ctx, args))

    def make_context(self, *args, **kwargs):  # --help and --version print here
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError as ex:
            broken_pipe(ex)

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a broken pipe shows here, not at shutdown
            return result
        except StargateKGError as ex:
            if want_traceback(ctx):
                raise
            click.echo(error_text(ex, ctx), err=True)
            sys.exit(ex.exit_code)
        except BrokenPipeError as ex:
            broken_pipe(ex)
        except KeyboardInterrupt:
            if not _AS_PROGRAM:
                raise
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except MemoryError:
            if want_traceback(ctx):
                raise
            click.echo("Error: out of memory; use a smaller graph, a --store, or a narrower question, "
                       "or raise the ceiling (--max-memory, $STARGATE_KG_MAX_MEMORY)", err=True)
            sys.exit(1)
        except OSError as ex:  # a file the user named and the library did not check: still one line
            if want_traceback(ctx):
                raise
            where = f": {ex.filename}" if ex.filename else ""
            click.echo(f"Error: {ex.strerror or ex}{where}", err=True)
            sys.exit(1)
        except Exception as ex:
            if want_traceback(ctx):
                raise
            internal_error(ex)


class Language(click.ParamType):
    """A --lang value: en, zh (simplified), zh-Hant (traditional), zh-TW, zh-HK, or a usual spelling of one
    (zh_TW, zh-Hant-HK, zh-CN); the command sees one of :data:`stargate_kg.i18n_zh.LANGS`."""

    name = "language"

    def get_metavar(self, param, ctx=None):
        return "[en|zh|zh-Hant|zh-TW|zh-HK]"

    def convert(self, value, param, ctx):
        from stargate_kg.i18n_zh import LANGS, canonical_lang

        chosen = canonical_lang(value)
        if chosen is None:
            self.fail(f"unknown language {value!r}; choose from: {', '.join(LANGS)}", param, ctx)
        return chosen


LANGUAGE = Language()


def error_text(ex, ctx=None):
    """``Error: <message>`` in the answer's language (see StargateKGError.in_lang); entities named as --lang names them."""
    state = getattr(ctx, "obj", None)
    lang = getattr(state, "lang", "en")
    if lang == "en":
        return f"Error: {ex}"
    kg = getattr(state, "_kg", None)

    def name_of(label):
        from stargate_kg.i18n import entity_name_by_label

        return entity_name_by_label(kg, label, lang) if kg is not None else label

    return ex.prefix(lang) + ex.in_lang(lang, name_of)


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
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let queries use SERVICE (federated queries that fetch from other servers) and give the command "
    "network access. Off by default: commands run cut off the network where the system allows it.",
)
@click.option("--traceback", is_flag=True, help="Show the Python traceback of an error (also STARGATE_KG_TRACEBACK=1); for bug reports.")
@click.option(
    "--lang",
    type=LANGUAGE,
    default=None,
    help="Language of the answers: names, relations, money kinds, statuses, headings, amounts and dates "
    "(quotes stay as written, editors' notes stay English). zh is simplified Chinese, zh-Hant traditional, "
    "zh-TW and zh-HK traditional with Taiwan's or Hong Kong's names. Default: $STARGATE_KG_LANG, else the "
    "locale (LC_ALL, LC_MESSAGES, LANG: zh_TW, zh_HK, zh_CN...), else en. Accepted after the command too.",
)
@click.option(
    "--timeout",
    default=None,
    envvar="STARGATE_KG_TIMEOUT",
    help="Seconds a query may run before it is stopped (default 300; 0: no limit). $STARGATE_KG_TIMEOUT.",
)
@click.option(
    "--max-memory",
    default=None,
    envvar="STARGATE_KG_MAX_MEMORY",
    help="Memory a query may add, e.g. 512M or 2G (default 2G; 0: no ceiling). $STARGATE_KG_MAX_MEMORY.",
)
@click.version_option(package_name="stargate-kg")
@click.pass_context
def cli(ctx, graphs, store, engine, endpoint, user, password, allow_service, traceback, lang, timeout, max_memory):
    """Ask the Stargate knowledge graph who funds whom, who leads what, and where.

    \b
    Examples:
      stargate-kg entity 软银
      stargate-kg funders OpenAI
      stargate-kg --lang zh funders OpenAI
      stargate-kg funders 星際之門 --lang zh-TW
      stargate-kg search 合同
      stargate-kg query funding-relationships
      stargate-kg viz stargate.html
    """
    _set_limits(timeout, max_memory)
    if not graphs and os.environ.get("STARGATE_KG_GRAPH"):
        graphs = [p for p in os.environ["STARGATE_KG_GRAPH"].split(os.pathsep) if p]
    opts = {"user": user, "password": password} if (user or password) else {}
    if lang is None:
        from stargate_kg.i18n import pick_lang

        lang = pick_lang()
    ctx.obj = State(graphs, store=store, endpoint=endpoint, endpoint_options=opts, engine=engine, allow_service=allow_service, lang=lang)
    if _AS_PROGRAM and ctx.invoked_subcommand not in (None, "serve"):  # serve isolates its own query workers
        from stargate_kg.guard.sandbox import run_command_apart

        def warn(reason):
            if ctx.invoked_subcommand == "query":
                click.echo(f"Note: cannot cut this command off the network ({reason}); SERVICE is still refused by the query check.", err=True)

        # the command runs in a child cut off the network (not for --endpoint or push, which need it);
        # this process only reports how it ended, so an engine crash is announced, never silent
        run_command_apart(not (allow_service or endpoint or ctx.invoked_subcommand == "push"), warn)


def _set_limits(timeout, max_memory):
    """Check --timeout / --max-memory and hand them to the library (which reads them from the environment)."""
    from stargate_kg.engines.running import parse_bytes, parse_seconds

    for name, value, parse, env in (("--timeout", timeout, parse_seconds, "STARGATE_KG_TIMEOUT"),
                                    ("--max-memory", max_memory, parse_bytes, "STARGATE_KG_MAX_MEMORY")):
        if value is None:
            continue
        try:
            parse(value, None)
        except ValueError as ex:
            raise click.BadParameter(str(ex), param_hint=name) from None
        os.environ[env] = str(value)


_AS_PROGRAM = False  # set by main(): commands invoked in-process (tests, notebooks) run as they are


def main():
    global _AS_PROGRAM
    from stargate_kg.commands import register

    _AS_PROGRAM = True
    register(cli)
    cli(prog_name="stargate-kg")
