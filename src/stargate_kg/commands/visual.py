"""Visual commands: viz (the partner network as an offline HTML page)."""

import click

from stargate_kg.cli import pass_state


def _names(value):
    """A comma-separated option as a list (None when not given)."""
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--focus", default=None, metavar="NAME", help="Draw only the neighbourhood of this entity (any label or alias).")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Steps around --focus to include (default 1).")
@click.option(
    "--relations",
    default=None,
    metavar="FAMILY,...",
    help="Relation families (funding, moneyflow, partnership, roles, location, site, attribute, claim, other) "
    "or relation names (investsIn), comma-separated. Default: all.",
)
@click.option("--types", default=None, metavar="TYPE,...", help="Entity types (Company, Person, Organization, Place...), comma-separated. Default: all.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", help="Language of the labels and the page.")
@click.option("--min-degree", type=click.IntRange(min=0), default=0, help="Hide entities linked to fewer than N other entities.")
@pass_state
def viz(state, out, focus, depth, relations, types, lang, min_degree):
    """Write the partner network as one interactive HTML page that works offline.

    Nodes are coloured by entity type and sized by centrality; edges are
    coloured by relation family, point from subject to object (money: payer
    to payee) and grow wider with the amount. Hover or click for the type,
    relation, amount, date and the source article with its quote; the search
    box finds an entity. The page loads nothing from the network: email it
    or open it anywhere.

    \b
    Examples:
      stargate-kg viz stargate.html
      stargate-kg viz softbank.html --focus 软银 --depth 2 --lang zh
      stargate-kg viz money.html --relations funding,moneyflow --min-degree 2
    """
    from stargate_kg.viz import render_html

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus (the entity to draw the neighbourhood of).")
    try:
        html = render_html(
            state.kg,
            out,
            focus=focus,
            depth=1 if depth is None else depth,
            families=_names(relations),
            types=_names(types),
            lang=lang,
            min_degree=min_degree,
        )
    except OSError as ex:
        raise click.FileError(out, hint=ex.strerror or str(ex)) from None
    size = len(html.encode("utf-8"))
    click.echo(f"Wrote {out} ({size / 1e6:.1f} MB): open it in any browser; it works offline.")


COMMANDS = [viz]
