"""Visual commands: viz (the partner network as an offline HTML page)."""

import click

from stargate_kg.cli import LANGUAGE, pass_state


def _names(value):
    """A comma-separated option as a list (None when not given)."""
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--focus", default=None, metavar="NAME", help="Draw only the neighbourhood of this entity (any label or alias), centred on it.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Steps around --focus to include (default 1).")
@click.option(
    "--include",
    default=None,
    metavar="NAME,...",
    help="Also show, at opening, relation families or entity types the default view leaves out "
    "(claim, other, location, attribute; MediaOutlet, Publication, Event, Place, Product...), comma-separated.",
)
@click.option("--all", "everything", is_flag=True, help="Show the whole graph at opening, not the partner network.")
@click.option(
    "--relations",
    default=None,
    metavar="FAMILY,...",
    help="Only these relation families (funding, moneyflow, partnership, roles, location, site, attribute, claim, other) "
    "or relation names (investsIn), comma-separated; all of them shown.",
)
@click.option("--types", default=None, metavar="TYPE,...", help="Only these entity types (Company, Person, Organization, Place...), comma-separated; all shown.")
@click.option("--money-only", is_flag=True, help="Open with the page's money-only switch on.")
@click.option("--include-inferred", is_flag=True, help="Show statements an editor inferred (sg:inferred), dashed.")
@click.option("--from", "date_from", default=None, metavar="DATE", help="Open with the date filter from DATE (2025, 2025-07 or 2025-07-21).")
@click.option("--to", "date_to", default=None, metavar="DATE", help="Open with the date filter up to DATE.")
@click.option("--lang", type=LANGUAGE, default=None,
              help="Language of the labels and the page at opening: en, zh (simplified), zh-Hant, zh-TW, zh-HK "
              "(traditional; the region's names). The page switches between English, 简体中文 and 繁體中文. "
              "Default: the global --lang.")
@click.option("--min-degree", type=click.IntRange(min=0), default=0, help="Hide entities linked to fewer than N other entities.")
@pass_state
def viz(state, out, focus, depth, include, everything, relations, types, money_only, include_inferred, date_from,
        date_to, lang, min_degree):
    """Write the partner network as one interactive HTML page that works offline.

    The page opens on the story's money and partnerships: who pays whom
    (with an amount), their partners and the people who lead them (the rule
    is in the README). One line per pair and kind of relation, labelled
    with the largest amount and the number of statements behind it; each
    line is drawn by its status (in force, announced, scaled back or
    disputed, deprecated, inferred). Sites, claims, doubts, publications,
    media outlets and the rest are in the page too, behind the legend's
    check boxes. Filters in the page: every legend entry (types, relations,
    statuses), money only, a date range, the language; the map is laid out
    again after each. PNG and SVG downloads of the view carry its title,
    legend, dates and sources. The page loads nothing from the network:
    email it or open it anywhere.

    \b
    Examples:
      stargate-kg viz stargate.html
      stargate-kg viz softbank.html --focus 软银 --depth 2 --lang zh
      stargate-kg viz stargate-tw.html --lang zh-TW
      stargate-kg viz claims.html --include claim
      stargate-kg viz money-2025.html --money-only --from 2025-01 --to 2025-12
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
            lang=lang or state.lang,
            min_degree=min_degree,
            include=_names(include),
            everything=everything,
            include_inferred=include_inferred,
            money_only=money_only,
            date_from=date_from,
            date_to=date_to,
        )
    except OSError as ex:
        raise click.FileError(out, hint=ex.strerror or str(ex)) from None
    size = len(html.encode("utf-8"))
    click.echo(f"Wrote {out} ({size / 1e6:.1f} MB): open it in any browser; it works offline.")


COMMANDS = [viz]
