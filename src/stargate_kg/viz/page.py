"""The page: what it carries (nodes, edges, legend, texts in both languages) and how it is written.

:func:`page_data` turns a view of the networkx projection into plain data:
pyvis builds each vis-network node and edge, this module adds what the page
needs to explain and filter them. :func:`html_page` puts that data, escaped,
into ``templates/network.html`` with vis-network inline.
"""

import json
from pathlib import Path

from stargate_kg.viz.langs import LANGS, in_langs  # noqa: F401  (LANGS: re-exported)
from stargate_kg.viz.texts import LABEL_WIDTH, LINE_WIDTH, TEXT  # noqa: F401  (TEXT: re-exported)

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "network.html"

#: Entity type -> node colour. Organisations are blues, people orange, places
#: greens, projects purple, products red, events grey.
TYPE_COLORS = {
    "Company": "#1f77b4",
    "JointVenture": "#0b3d91",
    "InvestmentFund": "#17becf",
    "GovernmentBody": "#6baed6",
    "MediaOutlet": "#9ecae1",
    "Organization": "#4a90c2",
    "Person": "#ff7f0e",
    "Project": "#9467bd",
    "DataCenterSite": "#8c564b",
    "JointPledge": "#2e7d32",
    "Country": "#2ca02c",
    "State": "#58b85c",
    "County": "#8fd18a",
    "City": "#b5e3a8",
    "Region": "#7fbf7b",
    "Place": "#98df8a",
    "Hardware": "#d62728",
    "AIModel": "#e377c2",
    "Software": "#f29bb0",
    "Product": "#ff9896",
    "Event": "#7f7f7f",
    "Publication": "#c7c7c7",
}
OTHER_TYPE_COLOR = "#bcbd22"
#: The joint-pledge node is the page's own, not a class of the graph.
JOINT_TYPE = "JointPledge"
JOINT_TYPE_LABELS = {"en": "Joint pledge (total drawn once)", "zh": "联合承诺（总额只画一次）"}

#: Relation family (the projection's ``family``: the first of an edge's
#: families in :data:`stargate_kg.network.FAMILIES` order) -> edge colour and
#: legend names in English and Chinese.
FAMILY_STYLE = {
    "funding": ("#2e7d32", "Funding", "出资"),
    "moneyflow": ("#e6a700", "Money flow (purchases)", "资金往来（采购）"),
    "partnership": ("#1565c0", "Partnership", "合作"),
    "roles": ("#ef6c00", "Roles", "职务"),
    "site": ("#6a1b9a", "Sites and projects", "园区与项目"),
    "location": ("#78909c", "Location", "位置"),
    "attribute": ("#8d6e63", "Attributes", "属性"),
    "claim": ("#c62828", "Claims and doubts", "观点与质疑"),
    "other": ("#9e9e9e", "Other (announcements, products, events)", "其他（宣布、产品、事件）"),
}

def safe_json(obj):
    """JSON that can sit inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&``.

    >>> safe_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def vis_assets():
    """vis-network's script and style as shipped inside pyvis, for embedding.

    >>> js, css = vis_assets()
    >>> "vis-network" in js and ".vis-network" in css
    True
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    for name, text in (("vis-network.min.js", js), ("vis-network.css", css)):
        if "</script" in text.lower() or "</style" in text.lower() or "<!--" in text:
            raise RuntimeError(f"{name} cannot be embedded inline safely")  # pragma: no cover
    return js, css


def parallel_curve(k, forward):
    """vis-network ``smooth`` for the k-th of several edges joining one pair of entities.

    Edges fan out to alternate sides, a little further each time; ``forward``
    says whether the edge runs in the pair's canonical (sorted) direction, so
    edges in opposite directions fan out together instead of overlapping.

    >>> parallel_curve(0, True), parallel_curve(1, False)
    ({'enabled': True, 'type': 'curvedCW', 'roundness': 0.12}, {'enabled': True, 'type': 'curvedCW', 'roundness': 0.12})
    >>> parallel_curve(20, True)["roundness"]
    0.8
    """
    same_side = (k % 2 == 0) == forward
    return {"enabled": True, "type": "curvedCW" if same_side else "curvedCCW", "roundness": round(min(0.8, 0.12 + 0.1 * (k // 2)), 2)}


def wrap_label(text, width=LINE_WIDTH, limit=LABEL_WIDTH):
    """A node label cut to ``limit`` display columns and broken into at most two balanced lines.

    Latin text breaks at spaces, Chinese between characters; a label of
    ``width`` columns or fewer stays on one line.

    >>> wrap_label("Stargate site, Shackelford County, Texas")
    'Stargate site,\\nShackelford County, Texas'
    >>> wrap_label("沙克尔福德县数据中心"), wrap_label("OpenAI")
    ('沙克尔福德\\n县数据中心', 'OpenAI')
    """
    from stargate_kg.answers.formatting import shorten, width as cols

    text = shorten(text, limit)
    total = cols(text)
    if total <= width:
        return text
    target = total / 2
    # candidate breaks: after a space, or between two characters that are not both Latin letters/digits
    best, best_cost = None, None
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a == " ":
            cut = (text[:i].rstrip(), text[i:])
        elif b != " " and not (a.isascii() and b.isascii()):
            cut = (text[:i], text[i:])
        else:
            continue
        cost = abs(cols(cut[0]) - target) + (0 if a == " " else 1)
        if best_cost is None or cost < best_cost:
            best, best_cost = cut, cost
    if best is None:
        return text
    return "\n".join(part.strip() for part in best)


def date_range(date):
    """The first and last day a date of any precision covers, as ISO strings (None, None without a date).

    >>> date_range("2025-01"), date_range("2026"), date_range("2025-09-23")
    (('2025-01-01', '2025-01-31'), ('2026-01-01', '2026-12-31'), ('2025-09-23', '2025-09-23'))
    """
    if not date:
        return None, None
    d = str(date)[:10]
    parts = d.split("-")
    if len(parts) == 1 and d.isdigit():
        return f"{d}-01-01", f"{d}-12-31"
    if len(parts) == 2:
        return f"{d}-01", f"{d}-31"  # compared as text: "-31" is after every day of the month
    return d, d


def _sources(value):
    """An edge's sources as {article, file, quote} dicts of strings, without repeats."""
    out = []
    for src in value or []:
        rec = {k: "" if src.get(k) is None else str(src[k]) for k in ("article", "file", "quote")}
        if rec not in out:
            out.append(rec)
    return out


def _labels(kg, query):
    """{iri: {lang: label}} for a trusted query binding ?x and ?l."""
    out = {}
    for r in kg.select(query):
        lang = getattr(r["l"], "language", None) or "en"
        out.setdefault(str(r["x"]), {}).setdefault(lang, str(r["l"]))
    return out


def vocabulary(kg):
    """Labels of entity types and relations in English and Chinese (cached)."""
    from stargate_kg.namespace import local_name

    def build():
        types = _labels(kg, "SELECT ?x ?l WHERE { ?x rdfs:subClassOf* sg:Entity ; rdfs:label ?l }")
        rels = _labels(kg, "SELECT ?x ?l WHERE { ?x a sg:Relation ; rdfs:label ?l }")
        return (
            {local_name(k): v for k, v in types.items()},
            {local_name(k): v for k, v in rels.items()},
        )

    return kg.cached("viz_vocabulary", build)


def inferred_statements(kg):
    """IRIs of statements marked ``sg:inferred true`` (an editor's reading, not an article's sentence)."""

    def build():
        rows = kg.select("SELECT ?st ?v WHERE { ?st sg:inferred ?v }")
        return {str(r["st"]) for r in rows if str(r["v"]).lower() in ("true", "1")}

    return kg.cached("viz_inferred", build)


def _both(labels, fallback, hant="zh-Hant"):
    """A label in each page language (:func:`stargate_kg.viz.langs.in_langs`)."""
    return in_langs(labels, fallback, hant)


def html_page(data):
    """The HTML page for ``page_data(...)``: the template with vis-network and the data inline."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from stargate_kg import __version__

    env = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), autoescape=True)
    js, css = vis_assets()
    return env.get_template(TEMPLATE.name).render(
        lang=data["hant"] if data["lang"] == "zh-Hant" else data["lang"],
        title=data["text"]["title"],
        version=__version__,
        vis_js=Markup(js),
        vis_css=Markup(css),
        data_json=Markup(safe_json(data)),
    )
