"""Query shapes that stress Oxigraph's recursive parser and optimizer, for the crash benchmarks and tests.

Each shape is a function of a size ``n`` giving a query text; :func:`compose`
nests and repeats random constructs (the crash fuzzer's generator).

>>> SHAPES["collection"](3)
'SELECT * WHERE { ?s ?p ( ?x ?x ?x ) }'
"""

import random

SHAPES = {
    # the five shapes of issue #26 (they passed the old limits and overflowed an 8 MiB stack)
    "collection": lambda n: "SELECT * WHERE { ?s ?p (" + " ?x" * n + " ) }",
    "projection": lambda n: "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(n)) + " WHERE {}",
    "bracket_path": lambda n: "SELECT * WHERE { ?s " + "/".join(["(sg:p)"] * n) + " ?o }",
    "having": lambda n: "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING" + " (1)" * n,
    "groups900": lambda n: "SELECT * WHERE { " + " ".join(
        "{ " + " . ".join(["?s ?p ?o"] * min(900, n - i)) + " }" for i in range(0, n, 900)) + " }",
    # the others measured
    "order": lambda n: "SELECT * WHERE { ?s ?p ?o } ORDER BY" + " ?s" * n,
    "nested_groups": lambda n: "SELECT * WHERE " + "{ " * n + "?s ?p ?o" + " }" * n,
    "nested_parens": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "plus": lambda n: "SELECT * WHERE { FILTER(" + " + ".join(["1"] * n) + ") }",
    "binds": lambda n: "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + " }",
    "optional_chain": lambda n: "SELECT * WHERE { ?s ?p ?o" + " OPTIONAL { ?s ?p ?o }" * n + " }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "nested_bnode": lambda n: "SELECT * WHERE { ?s ?p " + "[ sg:p " * n + "?o" + " ]" * n + " }",
    "nested_list": lambda n: "SELECT * WHERE { ?s ?p " + "( " * n + "?o" + " )" * n + " }",
    "minus": lambda n: "SELECT * WHERE { ?s ?p ?o" + " MINUS { ?s ?p ?o }" * n + " }",
    "filters": lambda n: "SELECT * WHERE { ?s ?p ?o" + " FILTER(?s)" * n + " }",
    "nested_select": lambda n: "SELECT * {" * n + " ?s ?p ?o " + "}" * n,
    "path_alt": lambda n: "SELECT * WHERE { ?s " + "|".join(["sg:p"] * n) + " ?o }",
    "path_seq": lambda n: "SELECT * WHERE { ?s " + "/".join(["sg:p"] * n) + " ?o }",
    "inv_nested": lambda n: "SELECT * WHERE { ?s " + "^(" * n + "sg:p" + ")" * n + " ?o }",
    "not_chain": lambda n: "SELECT * WHERE { FILTER(" + "!" * n + "true) }",
    "neg_chain": lambda n: "SELECT * WHERE { FILTER(" + "- " * n + "1) }",
    "exists_nested": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER EXISTS { " * n + "?s ?p ?o" + " }" * n + " }",
    "concat_args": lambda n: "SELECT * WHERE { BIND(CONCAT(" + ",".join(['"a"'] * n) + ") AS ?c) }",
    "in_list": lambda n: "SELECT * WHERE { FILTER(1 IN (" + ",".join(["1"] * n) + ")) }",
    "values": lambda n: "SELECT * WHERE { VALUES ?x {" + " 1" * n + " } }",
    "objects": lambda n: "SELECT * WHERE { ?s ?p " + ", ".join(["?o"] * n) + " }",
    "predicates": lambda n: "SELECT * WHERE { ?s " + "; ".join(["?p ?o"] * n) + " }",
    "group_by": lambda n: "SELECT (1 AS ?z) WHERE { ?s ?p ?o } GROUP BY" + " ?s" * n,
    "construct": lambda n: "CONSTRUCT { " + " . ".join(["?s ?p ?o"] * n) + " } WHERE { ?s ?p ?o }",
    "coalesce_nest": lambda n: "SELECT * WHERE { BIND(" + "COALESCE(" * n + "1" + ")" * n + " AS ?c) }",
}
#: The first five: the shapes of issue #26 at the sizes that crashed Oxigraph on an 8 MiB stack.
ISSUE_SIZES = {"collection": 4100, "projection": 2600, "bracket_path": 8300, "having": 9400, "groups900": 8300}

# constructs a group may hold: (opening, closing); "{}" marks where the inner part goes
_NESTERS = ["{ %s }", "OPTIONAL { %s }", "MINUS { %s }", "FILTER EXISTS { %s }", "{ SELECT * { %s } }",
            "{ %s } UNION { ?s ?p ?o }", "GRAPH ?g { %s }"]
_LEAVES = ["?s ?p ?o .", "?s sg:p ( ?a ?b ) .", "?s sg:p/(sg:q|^sg:r) ?o .", "FILTER(!(?o = 1) && -?o < 2)",
           "BIND((1 + 2) * 3 AS ?x%d)", "?s ?p [ sg:p [ sg:q ?o ] ] .", "VALUES ?v { 1 2 3 }",
           "FILTER(COALESCE(IF(?o, 1, 2), 3))"]


def compose(rng, depth, width):
    """A random query: constructs nested ``depth`` deep, each level holding ``width`` random leaves."""
    inner = "?s ?p ?o ."
    for level in range(depth):
        leaves = " ".join(rng.choice(_LEAVES).replace("%d", f"{level}_{i}") for i in range(width))
        inner = rng.choice(_NESTERS) % (leaves + " " + inner)
    return "SELECT * WHERE { " + inner + " }"


def boundary(shape, limits, top=200_000):
    """The largest size of ``shape`` the query check accepts (0 if none up to ``top``; ``top`` if all are).

    >>> from stargate_kg.guard import LIMITS
    >>> boundary(SHAPES["projection"], LIMITS)
    1000
    """
    from stargate_kg.exceptions import QueryError
    from stargate_kg.guard import check

    def passes(n):
        try:
            check(shape(n), limits=limits)
            return True
        except QueryError:
            return False

    if not passes(1):
        return 0
    lo, hi = 1, 2
    while hi <= top and passes(hi):
        lo, hi = hi, hi * 2
    if hi > top:
        return top
    while hi - lo > 1:  # passes(lo), not passes(hi)
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if passes(mid) else (lo, mid)
    return lo


def wrapped(shape, depth):
    """``shape`` as a sub-select ``depth`` groups deep: its limit then meets the depth limit's brackets."""
    return lambda n: "SELECT * WHERE " + "{ " * depth + "{ " + shape(n) + " }" + " }" * depth


def everything(rng, limits):
    """One query holding every counted construct near its limit at once (projections, path, collection, HAVING, depth)."""
    k = rng.randint(1, 4)  # share the whole-query limits out between the parts
    proj = " ".join(f"(1 AS ?v{i})" for i in range(limits.projections // k - 2))
    path = "/".join(["(sg:p)"] * (limits.path // 2 - rng.randint(1, 10)))  # a bracketed step counts 2
    coll = " ?x" * (limits.patterns // (2 * k) - 10)
    depth = max(1, limits.depth - rng.randint(14, 25))  # the brackets around and the FILTER take the rest
    having = " (1)" * (limits.conditions // k - 2)
    inner = "{ " * depth + f"?s {path} ?o . ?s ?p ({coll} ) " + "FILTER(" + "!" * rng.randint(1, 10) + "true) " + "}" * depth
    return f"SELECT ?s {proj} WHERE {{ {inner} }} GROUP BY ?s HAVING{having}"


def fuzz_cases(seed, count, limits):
    """``count`` (name, query) pairs: every shape at, just over and under the size the check starts refusing,
    alone and nested deep as a sub-select; every construct near its limit in one query; then random compositions.

    Which cases are kept when ``count`` is smaller than the list is the seed's choice; the cases at each
    limit come first, so a long run holds all of them.
    """
    rng = random.Random(seed)
    edge, rest = [], []
    for name, shape in SHAPES.items():
        b = boundary(shape, limits)
        if 0 < b < 200_000:
            edge += [(f"{name}:{b}", shape(b)), (f"{name}:{b + 1}", shape(b + 1))]
            n = max(1, b - 1 - rng.randrange(max(1, b // 2)))
            rest.append((f"{name}:{n}", shape(n)))
        else:  # not bounded by a limit of its own (flat data): sizes up to the token limit
            rest += [(f"{name}:{n}", shape(n)) for n in (rng.randint(50, 1000), rng.randint(1000, 30_000))]
        if name != "construct":
            depth = rng.randint(1, limits.depth - 4)
            deep = wrapped(shape, depth)
            b = boundary(deep, limits)
            if 0 < b < 200_000:
                edge.append((f"{name}:{b}@depth{depth}", deep(b)))
    rng.shuffle(edge)
    cases = edge
    while len(cases) + len(rest) < count:
        if rng.random() < 0.1:
            rest.append(("everything", everything(rng, limits)))
            continue
        depth = rng.choice([rng.randint(1, 20), rng.randint(100, limits.depth + 40)])
        width = rng.randint(1, 4) if depth > 50 else rng.randint(1, 300)
        rest.append((f"compose:{depth}x{width}", compose(rng, depth, width)))
    rng.shuffle(rest)
    cases = edge + rest
    return rng.sample(cases, count) if count < len(cases) else cases
