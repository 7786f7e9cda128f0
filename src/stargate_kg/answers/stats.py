"""Counts that show the graph's coverage.

>>> from stargate_kg import load
>>> s = stats(load())
>>> s["sources"] >= 5
True
"""

from collections import Counter

from stargate_kg.namespace import local_name


def stats(kg, articles_dir=None):
    """Entities by type, statements by relation family and kind, references, sources."""
    from stargate_kg.lookup import entity_index

    index = entity_index(kg)
    by_type = Counter(t for e in index.values() for t in e.types)
    rel_rows = kg.select(
        """SELECT ?st ?rel ?fam ?kind ?rank WHERE { ?st a sg:Statement ; sg:relation ?rel .
             OPTIONAL { ?rel sg:family ?fam } OPTIONAL { ?st sg:moneyKind ?kind } OPTIONAL { ?st sg:rank ?rank } }"""
    )
    # one row per statement and family: count families per row, the rest once per statement
    by_family = Counter(local_name(r["fam"]) for r in rel_rows if r["fam"] is not None)
    statements = {str(r["st"]): r for r in rel_rows}
    by_relation = Counter(local_name(r["rel"]) for r in statements.values())
    by_kind = Counter(local_name(r["kind"]) for r in statements.values() if r["kind"] is not None)
    by_rank = Counter(local_name(r["rank"]) for r in statements.values() if r["rank"] is not None)
    per_article = Counter()
    for r in kg.select("SELECT DISTINCT ?st ?a WHERE { ?st sg:reference/sg:article ?a }"):
        per_article[local_name(r["a"])] += 1
    refs = kg.select("SELECT (COUNT(?r) AS ?n) WHERE { ?st sg:reference ?r }")[0]["n"]
    out = {
        "triples": len(kg),
        "entities": len(index),
        "entities_by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "statements": len(statements),
        "statements_by_family": dict(sorted(by_family.items(), key=lambda kv: (-kv[1], kv[0]))),
        "statements_by_relation": dict(sorted(by_relation.items(), key=lambda kv: (-kv[1], kv[0]))),
        "statements_by_money_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        "statements_by_rank": dict(sorted(by_rank.items())),
        "references": int(refs),
        "sources": len(kg.select("SELECT ?a WHERE { ?a a sg:Article }")),
        "statements_per_source": dict(sorted(per_article.items())),
        "with_wikidata": sum(1 for e in index.values() if e.same_as),
        "quotes_verified": None,
    }
    if articles_dir:
        from stargate_kg.validation import validate

        rep = validate(kg, articles_dir, shacl=False)
        if not rep.skipped:
            out["quotes_verified"] = rep.quotes_verified
            out["quotes_checked"] = rep.quotes_checked
    return out
