"""The library for notebooks: open the graph in one call, ask by name, get pandas DataFrames.

>>> import stargate_kg
>>> kg = stargate_kg.open(engine="rdflib")    # default: the CLI's engine (a cached Oxigraph store)
>>> df = kg.funders("OpenAI")
>>> list(df.columns[:4]), df.loc[0, "funder"], int(df.loc[0, "amount"]), df.loc[0, "bound"]
(['funder', 'recipient', 'kind', 'amount'], 'Nvidia', 100000000000, 'up to')
>>> ms = kg.funded("Microsoft")   # the 2024 supercomputer's $100B is Microsoft's and OpenAI's together
>>> ms[ms.amount == 1e11][["funder", "joint", "rank"]].values.tolist()   # one pledge; "more than $100B" is in its `later`
[['Microsoft + OpenAI', True, 'preferred']]
>>> kg.query("funders-of", entity="OpenAI")["funder"].unique().tolist()   # a catalog question, parameters by name
['Nvidia', 'Microsoft']
>>> kg.query("SELECT ?e WHERE { ?e sg:investsIn e:openai }", labels=True).columns.tolist()
['e', 'e_label']

A catalog or SPARQL DataFrame holds plain Python values (str, int, float,
bool, None): IRIs as text, numbers as numbers, dates as ISO text. The
answers (``funders``, ``funded``, ``money``, ``timeline``) are the records
the CLI prints (:mod:`stargate_kg.answers.frames`): amounts as floats with
``bound`` beside, dates as datetime64 with ``date_precision``, parties,
quotes and later reports as list columns. Labels
come in one language (``lang``, 'en' or 'zh'; English where an entity has
no Chinese label), so no row is repeated per language. pandas is an
optional dependency: ``pip install 'stargate-kg[notebook]'``.
"""

from stargate_kg.exceptions import StargateKGError
from stargate_kg.i18n_zh import is_zh


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - the test extra installs it
        raise StargateKGError("DataFrames need pandas: pip install 'stargate-kg[notebook]'") from None
    return pandas


def plain(term):
    """An RDF term (rdflib's or the light terms) as a plain Python value: IRIs and text as str, numbers as int/float.

    >>> from stargate_kg.terms import IRI, Literal
    >>> plain(IRI("https://w3id.org/stargate-kg/entity/openai")), plain(Literal("1.2", datatype="http://www.w3.org/2001/XMLSchema#decimal"))
    ('https://w3id.org/stargate-kg/entity/openai', 1.2)
    """
    from stargate_kg.terms import from_rdflib, python_value

    return python_value(from_rdflib(term))


def frame(names, rows):
    """A DataFrame of ``rows`` (dicts of terms or values) with columns ``names``, every value :func:`plain`."""
    pd = _pandas()
    return pd.DataFrame([[plain(r.get(n)) for n in names] for r in rows], columns=list(names))


def add_labels(kg, df, lang="en"):
    """For every column holding entity or relation IRIs, add ``COLUMN_label`` beside it (the label in ``lang``)."""
    from stargate_kg.i18n import relation_name
    from stargate_kg.lookup import entity_index
    from stargate_kg.namespace import SG_IRI

    index = entity_index(kg)

    def label(value):
        if not isinstance(value, str):
            return None
        if value in index:
            return index[value].label_in(lang)
        if value.startswith(SG_IRI):
            return relation_name(kg, value[len(SG_IRI):], lang, None)
        return None

    out = df.copy()
    for col in list(df.columns):
        labels = df[col].map(label)
        if labels.notna().any():
            out.insert(out.columns.get_loc(col) + 1, f"{col}_label", labels)
    return out


class Graph:
    """The knowledge graph opened for a notebook: ask by name, get DataFrames.

    ``kg`` is the engine's :class:`~stargate_kg.kg.KnowledgeGraph` (pass it to
    any library function); ``lang`` is the language of labels ('en' or 'zh').
    """

    def __init__(self, kg, lang="en"):
        from stargate_kg.i18n import check_lang

        self.kg = kg
        self.lang = check_lang(lang)

    def __repr__(self):
        return f"<stargate_kg.Graph engine={self.kg.engine} lang={self.lang}>"

    # -- names -----------------------------------------------------------------------------
    def entity(self, name):
        """The entity called ``name`` (English or Chinese, label or alias): a :class:`~stargate_kg.lookup.Entity`."""
        from stargate_kg.lookup import resolve

        return resolve(self.kg, name)

    def iri(self, name):
        """The IRI of the entity called ``name``."""
        return self.entity(name).iri

    # -- questions as DataFrames ---------------------------------------------------------------
    def query(self, spec, labels=False, lang=None, **params):
        """A catalog question by name (parameters as keywords) or your own SPARQL SELECT, as a DataFrame.

        ``?lang`` in the query is bound to ``lang`` (default: this graph's).
        ``labels=True`` adds a ``COLUMN_label`` beside every column of entity
        or relation IRIs, so you need not write label patterns yourself.
        """
        from stargate_kg.queries import catalog, run_query

        lang = lang or self.lang
        cat = catalog()
        if spec in cat:
            form, names, result = run_query(self.kg, cat[spec], {k: str(v) for k, v in params.items()}, lang=lang)
        else:
            from stargate_kg.terms import as_term

            bindings = {k: as_term(v) for k, v in params.items()}
            if "?lang" in spec and "lang" not in bindings:
                from stargate_kg.terms import literal

                bindings["lang"] = literal(lang)
            form, names, result = self.kg.query(spec, bindings or None)
        if form != "SELECT":
            raise StargateKGError(f"a {form} query gives no table; use kg.kg.query() for it")
        df = frame(names, result)
        return add_labels(self.kg, df, lang) if labels else df

    def select(self, sparql, **bindings):
        """Your own SELECT as a list of dicts of plain Python values."""
        df = self.query(sparql, **bindings)
        return df.to_dict("records")

    def funders(self, name, kinds=None, transitive=False, depth=3, include_deprecated=False, include_inferred=False):
        """Who funds ``name``, one row per fact, as ``stargate-kg funders`` answers it.

        A joint pledge is one row: ``joint`` True, every party in ``parties``
        (a list) and ``funder`` ("OpenAI + SoftBank Group"), the total in
        ``amount``. Columns: :data:`stargate_kg.answers.frames.RECORD_COLUMNS`.
        """
        from stargate_kg.answers.funding import funders

        return self._records(funders(self.kg, self.iri(name), kinds, transitive, depth, include_deprecated, include_inferred))

    def funded(self, name, kinds=None, transitive=False, depth=3, include_deprecated=False, include_inferred=False):
        """What ``name`` funds, alone or as one party of a joint pledge, one row per fact (as ``stargate-kg funded``)."""
        from stargate_kg.answers.funding import funded

        return self._records(funded(self.kg, self.iri(name), kinds, transitive, depth, include_deprecated, include_inferred))

    def money(self, include_deprecated=False, include_inferred=False):
        """Every money fact (funding and purchases), one row each, largest first: the rows ``funders``/``funded`` draw from.

        A pledge the graph gives several figures for is one row, the preferred figure, with the others in ``later``
        and ``conflicts``; ``include_deprecated`` adds them as rows of their own (and claims ranked deprecated).
        """
        from stargate_kg.answers.funding import money_flows

        flows = money_flows(self.kg, include_deprecated, include_inferred)
        flows = sorted(flows, key=lambda f: (-(f.amount or 0), f.funder_label, f.recipient_label, f.date or "", f.statement))
        return self._records(flows)

    def _records(self, flows):
        from stargate_kg.answers.frames import records_frame
        from stargate_kg.answers.records import record

        return records_frame(self.kg, [record(self.kg, f) for f in flows], self.lang)

    def timeline(self, name=None, start=None, end=None, kinds=None, include_deprecated=False):
        """Dated events in date order, as ``stargate-kg timeline`` lists them; ``date`` is datetime64 (the period's start)."""
        from stargate_kg.answers.frames import events_frame
        from stargate_kg.answers.timeline import timeline

        events = timeline(self.kg, self.iri(name) if name else None, start, end, kinds, include_deprecated)
        return events_frame(self.kg, events, self.lang)

    def centrality(self, metric="degree", top=10, types=None, relations=None, directed=False, approx=None):
        """Entities ranked by ``metric`` (as ``stargate-kg centrality``): rank, iri, label, type, score."""
        from stargate_kg.i18n import localize
        from stargate_kg.network import centrality

        rows = centrality(self.kg, metric, top=top, types=_list(types), families=_list(relations), approx=approx, directed=directed)
        df = _pandas().DataFrame(localize(rows, self.kg, self.lang), columns=["iri", "label", "type", "score"])
        df.insert(0, "rank", range(1, len(df) + 1))
        return df

    def communities(self, method="louvain", seed=42, min_size=2, relations=None):
        """One row per member of each community (as ``stargate-kg communities``): community, size, iri, label, type, degree."""
        from stargate_kg.i18n import localize
        from stargate_kg.network import communities

        res = localize(communities(self.kg, families=_list(relations), seed=seed, method=method, min_size=min_size), self.kg, self.lang)
        rows = [{"community": c["id"], "size": c["size"], **m} for c in res["communities"] for m in c["members"]]
        return _pandas().DataFrame(rows, columns=["community", "size", "iri", "label", "type", "degree"])

    def cycles(self, max_length=8, limit=None, include_inferred=False):
        """Money that comes back (as ``stargate-kg cycles``): one row per edge of each cycle."""
        from stargate_kg.answers.frames import cycles_frame
        from stargate_kg.network import money_cycles

        found = money_cycles(self.kg, max_length=max_length, limit=limit, include_inferred=include_inferred)
        return cycles_frame(self.kg, found, self.lang)

    def search(self, text, limit=20):
        """Entities and statements matching ``text`` (see :mod:`stargate_kg.answers.search`), best first."""
        from stargate_kg.i18n import entity_name
        from stargate_kg.answers.search import search

        pd = _pandas()
        rows = []
        for h in search(self.kg, text, limit=limit):
            if h.entity is not None:
                rows.append(["entity", h.score, h.field, h.text, h.entity.label_in(self.lang), h.entity.iri])
            else:
                st = h.statement
                parts = [entity_name(self.kg, st.subject, self.lang, st.subject_label), st.relation]
                if st.object:
                    parts.append(entity_name(self.kg, st.object, self.lang, st.object_label))
                rows.append(["statement", h.score, h.field, h.text, " -> ".join(parts), st.iri])
        return pd.DataFrame(rows, columns=["kind", "score", "field", "text", "label", "iri"])

    def entities(self, type=None):
        """Every entity (of ``type``): iri, label (in this graph's language), English and Chinese labels, types."""
        from stargate_kg.answers.search import list_entities

        pd = _pandas()
        rows = [[e.iri, e.label_in(self.lang), e.label, e.labels.get("zh"), ", ".join(e.types)] for e in list_entities(self.kg, type)]
        return pd.DataFrame(rows, columns=["iri", "label", "label_en", "label_zh", "types"])

    # -- networks ------------------------------------------------------------------------------
    def network(self, families=None, types=None):
        """The partner network as a ``networkx.MultiDiGraph`` (see :func:`stargate_kg.network.to_networkx`)."""
        from stargate_kg.network import to_networkx

        return to_networkx(self.kg, families=families, types=types)

    def draw(self, name=None, families=("funding", "moneyflow"), ax=None, amounts=True, include_inferred=True, **options):
        """Draw the money network (or ``name``'s part of it) with matplotlib; returns the Axes.

        The network is the export's (:func:`stargate_kg.answers.export.money_network`):
        a joint pledge is one node with an edge from each party. Edges with an
        amount are labelled with it (:func:`stargate_kg.viz.money.amount_text`,
        in this graph's language) and drawn wider (:func:`stargate_kg.viz.money.money_width`);
        an editor's inference is dashed and marked "inferred" (``include_inferred=False``
        leaves it out). Other ``options`` go to :func:`networkx.draw_networkx`.
        """
        import matplotlib.pyplot as plt
        import networkx as nx

        from stargate_kg.answers.export import money_network
        from stargate_kg.answers.formatting import shorten
        from stargate_kg.viz.money import amount_text, money_width

        G = money_network(self.kg, families=list(families) if families else None)
        if not include_inferred:
            G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("inferred")])
        G = G.subgraph([n for n in G if G.degree(n) > 0]).copy()
        if name is not None:
            center = self.iri(name)
            G = G.subgraph(nx.node_connected_component(G.to_undirected(as_view=True), center)).copy()
        labels = {n: shorten((d.get("label_zh") if is_zh(self.lang) else None) or d.get("label", n), 24) for n, d in G.nodes(data=True)}
        if ax is None:
            _, ax = plt.subplots(figsize=(10, 8))
        pos = options.pop("pos", None) or nx.spring_layout(G, seed=7)
        colors = ["#fdd49e" if d.get("type") == "JointPledge" else "#9ecae1" for _, d in G.nodes(data=True)]
        nx.draw_networkx_nodes(G, pos, ax=ax, node_size=options.pop("node_size", 300), node_color=options.pop("node_color", colors))
        nx.draw_networkx_labels(G, pos, labels=labels, ax=ax, font_size=options.pop("font_size", 8))
        edge_labels = {}
        for style, inferred in (("solid", False), ("dashed", True)):
            edges = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if bool(d.get("inferred")) == inferred]
            if not edges:
                continue
            widths = [money_width(d.get("amount"), d.get("currency")) / 2 if d.get("amount") else 1.0 for *_, d in edges]
            nx.draw_networkx_edges(G, pos, edgelist=[(u, v) for u, v, _, _ in edges], ax=ax, width=widths, style=style,
                                   edge_color="#888888", arrows=True, arrowsize=10, **options)
            for u, v, _, d in edges:
                text = amount_text(d.get("amount"), d.get("currency"), d.get("bound"), self.lang) if amounts and d.get("amount") else ""
                if inferred:
                    text = (text + " " if text else "") + ("（推断）" if is_zh(self.lang) else "(inferred)")
                if text:
                    edge_labels[(u, v)] = text
        if edge_labels:
            nx.draw_networkx_edge_labels(G, pos, edge_labels=edge_labels, ax=ax, font_size=7)
        ax.set_axis_off()
        return ax


def _list(value):
    """``"a,b"`` or ``["a", "b"]`` as a list; None stays None."""
    if value is None or isinstance(value, (list, tuple)):
        return list(value) if value else None
    return [v.strip() for v in str(value).split(",") if v.strip()]


def open(graphs=None, engine=None, store=None, endpoint=None, lang="en", **options):  # noqa: A001 - as io.open
    """Open the knowledge graph as the CLI does (default engine: the cached Oxigraph store) for a notebook.

    ``graphs``: files or folders (default: the shipped graph); ``engine``:
    'oxigraph' or 'rdflib'; ``store``/``endpoint``: a persistent store or a
    remote SPARQL endpoint; ``lang``: 'en' or 'zh' for labels.
    """
    from stargate_kg.engines import open_graph

    if isinstance(graphs, str):
        graphs = [graphs]
    return Graph(open_graph(graphs, store=store, endpoint=endpoint, engine=engine, **options), lang=lang)
