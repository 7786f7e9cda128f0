"""Network commands: path, centrality, neighbors, communities, cycles, export.

Connectivity (path, centrality, neighbors, communities) treats the graph as
undirected: any statement links its two parties. Each hop still shows the
direction the statement reads in. Cycles follow money from payer to payee.
"""

import click

from stargate_kg.cli import pass_state
from stargate_kg.answers.formatting import output_formats
from stargate_kg.i18n_zh import is_zh, to_script

METRICS = ["degree", "pagerank", "betweenness", "closeness", "eigenvector"]
FORMATS = ["graphml", "gexf", "json", "csv", "ttl", "nt", "jsonld"]


def relations_option(f):
    return click.option(
        "--relations",
        default=None,
        metavar="FAMILY,...",
        help="Only these relation families (funding, moneyflow, partnership, roles, location, site, "
        "attribute, claim, other) or relation names (investsIn), comma-separated. Default: all.",
    )(f)


def split(text):
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def source_lines(sources, indent="      ", limit=2, lang="en"):
    from stargate_kg.answers.formatting import fit, line_width, width
    from stargate_kg.i18n import text

    lines = []
    for s in sources[:limit]:
        head = f"{indent}[{s['article']}] “"
        lines.append(f"{head}{fit(s['quote'], line_width() - width(head) - 1)}”")
    if len(sources) > limit:
        lines.append(f"{indent}{text('more_sources', lang, n=len(sources) - limit)}")
    return lines


def inferred_option(f):
    return click.option(
        "--include-inferred",
        is_flag=True,
        help="Also follow money an editor inferred (sg:inferred true; marked 'inferred'). Default: only money the articles state.",
    )(f)


def progress():
    """Progress on stderr, live when stderr is a terminal."""
    from stargate_kg.network.progress import Progress

    return Progress.stderr()


def hop_line(hop, lang="en"):
    from stargate_kg.i18n import text as words

    a, b, rel = hop.start["label"], hop.end["label"], hop.relation_label
    text = f"{a} --{rel}--> {b}" if hop.direction == "forward" else f"{a} <--{rel}-- {b}"
    if hop.inferred:
        text += "   " + (to_script("[推断]", lang) if is_zh(lang) else "[inferred]")
    if hop.also:
        text += "   " + words("other_statements", lang, n=len(hop.also))
    return text


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(min=1), default=None, help="Longest path allowed (default: any for the shortest path, 4 with --all).")
@click.option("--all", "all_paths", is_flag=True, help="All simple paths up to --max-hops, shortest first.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many paths with --all.")
@relations_option
@inferred_option
@output_formats
@pass_state
def path(state, a, b, max_hops, all_paths, limit, relations, include_inferred, out):
    """The shortest chain of statements linking entity A to entity B.

    Links are followed whichever way a statement reads (undirected), and each
    hop shows its real direction: "X --owns--> Y" or "X <--owns-- Y". Money
    an editor inferred is not followed unless --include-inferred. No path:
    exit 1.

    \b
    Examples:
      stargate-kg path Arm Crusoe
      stargate-kg path 软银 英伟达 --all --max-hops 3 --relations funding,partnership --json
    """
    from stargate_kg.network import path as find

    found = find(state.kg, a, b, max_hops=max_hops, all_paths=all_paths, families=split(relations), limit=limit,
                 include_inferred=include_inferred)
    paths = found if all_paths else [found]
    objs = [{"hops": [h.as_json() for h in hops]} for hops in paths]
    rows = [{"path": i, "hop": n, **h} for i, o in enumerate(objs, 1) for n, h in enumerate(o["hops"], 1)]
    if out.emit(objs if all_paths else objs[0], rows=rows):
        return
    lang = out.lang
    if lang != "en":
        from stargate_kg.i18n import localize, relation_name

        for hops in paths:
            for h in hops:
                h.start, h.end = localize(h.start, state.kg, lang), localize(h.end, state.kg, lang)
                h.relation_label = relation_name(state.kg, h.relation, lang, h.relation_label)
    from stargate_kg.answers.formatting import fit_line, line_width
    from stargate_kg.i18n import text

    for i, hops in enumerate(paths, 1):
        if not hops:
            click.echo(text("same_entity", lang))
            continue

        head = text("path_head", lang, a=hops[0].start["label"], b=hops[-1].end["label"], n=len(hops))
        click.echo((text("path_n", lang, i=i) if all_paths else "") + head)
        for n, hop in enumerate(hops, 1):
            click.echo(f"  {n}. {fit_line(hop_line(hop, lang), line_width() - 4 - len(str(n)))}")
            for line in source_lines(hop.sources, lang=lang):
                click.echo(line)
        if all_paths and i < len(paths):
            click.echo("")


@click.command()
@click.option("--metric", type=click.Choice(METRICS), default="degree", show_default=True, help="Centrality measure.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many entities to list.")
@click.option("--type", "types", default=None, metavar="TYPE,...", help="Only list entities of these types (Company, Person, Organization...); scores use the whole graph.")
@click.option("--approx", type=click.IntRange(min=1), default=None, metavar="K", help="Betweenness and closeness: estimate from K sampled nodes (fast on large graphs; seed fixed).")
@click.option("--directed", is_flag=True, help="Follow statements only in the direction they read (default: undirected).")
@relations_option
@output_formats
@pass_state
def centrality(state, metric, top, types, approx, directed, relations, out):
    """Who sits at the center: entities ranked by a centrality measure.

    degree: share of other entities directly linked; pagerank: linked by
    well-linked entities; betweenness: lies on many shortest paths;
    closeness: near everyone; eigenvector: linked to central entities. The
    graph is undirected unless --directed. Runs on networkit (networkx when
    networkit is not installed); on a large graph exact betweenness and
    closeness say first how long they should take: --approx K estimates them.

    \b
    Examples:
      stargate-kg centrality --metric pagerank --top 5
      stargate-kg centrality --metric betweenness --type Company --relations funding,partnership --json
    """
    from stargate_kg.answers.formatting import table
    from stargate_kg.i18n import column
    from stargate_kg.network import centrality as rank

    if approx is not None and metric not in ("betweenness", "closeness"):
        raise click.BadParameter(f"works with --metric betweenness or closeness only, not {metric}", param_hint="--approx")
    rows = rank(state.kg, metric, top=top, types=split(types), families=split(relations), approx=approx, directed=directed,
                progress=progress())
    if out.emit(rows):
        return
    if out.lang != "en":
        from stargate_kg.i18n import localize, type_name

        rows = [{**r, "type": type_name(r["type"], out.lang)} for r in localize(rows, state.kg, out.lang)]
    click.echo(table([column("n", out.lang), column("entity", out.lang), column("type", out.lang), metric], [[i, r["label"], r["type"], f"{r['score']:.4f}"] for i, r in enumerate(rows, 1)]))


@click.command()
@click.argument("name")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="How many hops away.")
@relations_option
@output_formats
@pass_state
def neighbors(state, name, depth, relations, out):
    """Entities linked to NAME (within --depth hops), with the statements that link them.

    \b
    Examples:
      stargate-kg neighbors 软银
      stargate-kg neighbors Crusoe --depth 2 --json
    """
    from stargate_kg.lookup import resolve
    from stargate_kg.network import neighbors as near

    ent = resolve(state.kg, name)
    found = near(state.kg, ent.iri, depth=depth, families=split(relations))
    if out.emit(found):
        return
    if out.lang != "en":
        from stargate_kg.i18n import localize

        found = localize(found, state.kg, out.lang)
    from stargate_kg.i18n import text, type_name

    lang = out.lang
    click.echo(text("neighbors_head", lang, name=ent.label_in(lang), n=len(found), depth=depth, s="" if depth == 1 else "s"))
    inferred = "   " + (to_script("[推断]", lang) if is_zh(lang) else "[inferred]")
    for n in found:
        via = f"  {text('neighbors_via', lang)} {n['via']['label']}" if n["distance"] > 1 else ""
        click.echo(f"  [{n['distance']}] {n['label']} ({type_name(n['type'], lang)}){via}")
        for r in n["relations"]:
            arrow = "-->" if r["direction"] == "forward" else "<--"
            click.echo(f"        {arrow} {r['relation_label']}{inferred if r['inferred'] else ''}")


@click.command()
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True, help="Louvain (seeded) or greedy modularity.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed for Louvain (same seed, same answer).")
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True, help="Hide smaller communities.")
@relations_option
@output_formats
@pass_state
def communities(state, method, seed, min_size, relations, out):
    """Groups of entities more tightly linked to each other than to the rest (modularity).

    \b
    Examples:
      stargate-kg communities
      stargate-kg communities --relations funding,partnership --json
    """
    from stargate_kg.network import communities as find

    res = find(state.kg, families=split(relations), seed=seed, method=method, min_size=min_size, progress=progress())
    rows = [{"community": c["id"], "size": c["size"], **m} for c in res["communities"] for m in c["members"]]
    if out.emit(res, rows=rows):
        return
    if out.lang != "en":
        from stargate_kg.i18n import localize

        res = localize(res, state.kg, out.lang)
    click.echo(f"{len(res['communities'])} communities ({res['method']}, modularity {res['modularity']:.3f})")
    for c in res["communities"]:
        names = ", ".join(m["label"] for m in c["members"][:12])
        more = f", … (+{c['size'] - 12})" if c["size"] > 12 else ""
        click.echo(f"  {c['id']}. [{c['size']}] {names}{more}")
    if res["isolated"]:
        click.echo(f"  ({res['isolated']} entities with no link are not shown)")


@click.command()
@click.option("--max-length", type=click.IntRange(min=2), default=8, show_default=True, help="Longest cycle (number of edges).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show only the first N cycles (shortest first).")
@inferred_option
@output_formats
@pass_state
def cycles(state, max_length, limit, include_inferred, out):
    """Money that comes back: cycles of payer -> payee edges (equity, ownership, commitment, loan, purchase).

    Each edge shows its money kind, amount and source. Money an editor
    inferred (not stated by an article) is left out unless --include-inferred,
    and marked [inferred] when included.

    \b
    Example:
      stargate-kg cycles --json
    """
    from stargate_kg.answers.formatting import format_amount
    from stargate_kg.network import money_cycles

    found = money_cycles(state.kg, max_length=max_length, limit=limit, include_inferred=include_inferred, progress=progress())
    rows = [{"cycle": i, "step": n, **e} for i, cyc in enumerate(found, 1) for n, e in enumerate(cyc, 1)]
    if out.emit(list(found), rows=rows):
        return
    from stargate_kg.i18n import concept, localize, text

    lang = out.lang
    if not found:
        click.echo(text("no_cycles", lang))
        return
    if len(found) < found.total:
        click.echo(f"{found.total} money cycles of at most {max_length} edges; the first {len(found)}:")
    for i, cyc in enumerate(localize(list(found), state.kg, lang), 1):
        loop = " -> ".join([e["from"]["label"] for e in cyc] + [cyc[0]["from"]["label"]])
        click.echo(text("cycle_n", lang, i=i, loop=loop))
        for e in cyc:
            amount = format_amount(e["amount"], e["currency"], e["bound"], lang=lang)
            mark = (to_script("  [推断]", lang) if is_zh(lang) else "  [inferred]") if e["inferred"] else ""
            click.echo(f"  {e['from']['label']} -> {e['to']['label']}  {concept(e['kind'], lang)}{'  ' + amount if amount else ''}{mark}")
            for line in source_lines(e["sources"], indent="      ", limit=1, lang=lang):
                click.echo(line)


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: from OUT's suffix); OUT '-' is standard output.")
@click.option("--type", "types", default=None, metavar="TYPE,...", help="Network formats: only entities of these types.")
@relations_option
@pass_state
def export(state, out, fmt, types, relations):
    """Write the network (graphml, gexf, json node-link, csv edges) or the RDF (ttl, nt, jsonld) to OUT.

    GraphML and GEXF open in Gephi, Cytoscape and networkx; missing values
    are left out and lists become text (JSON keeps them as lists). A joint
    pledge is a JointPledge node (total, date, status, rank) with an edge from
    each party and one to the recipient, so every money statement is in the
    money network; --relations leaves out the entities it does not touch.

    \b
    Examples:
      stargate-kg export --format gexf stargate.gexf
      stargate-kg export --relations funding,moneyflow money.graphml
      stargate-kg export graph.ttl
      stargate-kg export --format csv - | head
    """
    from stargate_kg.answers.export import export as write, format_for
    from stargate_kg.answers.formatting import output_path

    if out == "-" and not fmt:
        raise click.UsageError("writing to standard output ('-') needs --format.")
    with output_path(out) as target:
        fmt, n, m = write(state.kg, target, fmt=format_for(out, fmt), families=split(relations), types=split(types))
    where = "standard output" if out == "-" else out
    done = f"Wrote {n} triples to {where} ({fmt})." if m is None else f"Wrote {n} nodes and {m} edges to {where} ({fmt})."
    click.echo(done, err=(out == "-"))


COMMANDS = [path, centrality, neighbors, communities, cycles, export]
