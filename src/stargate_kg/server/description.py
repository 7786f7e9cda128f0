"""The SPARQL 1.1 service description of the endpoint (what ``GET /sparql`` without a query returns).

>>> from stargate_kg.server.settings import Settings
>>> import rdflib
>>> body = service_description("http://127.0.0.1:8000/sparql", Settings(), {"triples": 42}, "nt")
>>> g = rdflib.Graph().parse(data=body, format="nt")
>>> SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
>>> str(g.value(rdflib.URIRef("http://127.0.0.1:8000/sparql#service"), SD.endpoint))
'http://127.0.0.1:8000/sparql'
"""

from stargate_kg.server.formats import serialize_graph


def service_description(endpoint_url, settings, info, key="turtle"):
    """The SPARQL 1.1 service description of this endpoint, serialized (``key``: a GRAPH_FORMATS key)."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, XSD

    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    g = rdflib.Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    svc = rdflib.URIRef(endpoint_url + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, rdflib.URIRef(endpoint_url)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):  # fmt: skip
        g.add((svc, SD.resultFormat, FORMATS[f]))
    g.add((svc, SD.defaultEntailmentRegime, rdflib.URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset, default_graph = rdflib.BNode(), rdflib.BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    if info.get("triples") is not None:
        g.add((default_graph, VOID.triples, rdflib.Literal(info["triples"], datatype=XSD.integer)))
    g.add((svc, RDFS.label, rdflib.Literal("Stargate knowledge graph (read-only SPARQL 1.1 endpoint)", lang="en")))
    g.add(
        (svc, RDFS.comment, rdflib.Literal(
            f"Read-only: SPARQL Update, SERVICE and FROM are refused. Each query may run {settings.timeout:g} s "
            f"and return {settings.max_rows} rows; request bodies up to {settings.max_body} bytes.", lang="en"))
    )  # fmt: skip
    return serialize_graph(key, g)
