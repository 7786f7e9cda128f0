"""The CLI's default engine (a cached Oxigraph store) against the rdflib engine; light terms.

Expected answers come from the articles (a004: Nvidia will invest up to $100B
in OpenAI) or from the rdflib engine, which the rest of the suite checks
against the articles.
"""

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

from stargate_kg import terms
from stargate_kg.paths import default_graph_dir
from stargate_kg.queries import catalog


def cli(*args, env=None, cwd=None):
    """Run the real command in a new process (the CLI's cold path)."""
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "stargate_kg", *args], capture_output=True, text=True,
                          env=full, cwd=cwd, timeout=300, check=False)  # fmt: skip


@pytest.fixture()
def graph_copy(tmp_path):
    """A copy of the shipped graph that a test may edit."""
    dst = tmp_path / "graph"
    shutil.copytree(default_graph_dir(), dst)
    return dst


def stores_in(cache):
    return sorted(p for p in (cache / "stores").iterdir() if (p / "manifest.json").is_file()) if (cache / "stores").is_dir() else []


# -- the default engine ------------------------------------------------------------------------------
def test_default_engine_builds_a_store_once_then_reuses_it(tmp_path, graph_copy):
    cache = tmp_path / "cache"
    env = {"STARGATE_KG_CACHE": str(cache)}
    first = cli("--graph", str(graph_copy), "funders", "OpenAI", env=env)
    assert first.returncode == 0, first.stderr
    assert "Nvidia -> OpenAI" in first.stdout and "up to $100B" in first.stdout  # a004
    [store] = stores_in(cache)
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["sources"] == [str(graph_copy.resolve())]
    again = cli("--graph", str(graph_copy), "funders", "OpenAI", env=env)
    assert again.stdout == first.stdout
    assert json.loads((store / "manifest.json").read_text())["built"] == manifest["built"]  # not rebuilt
    assert stores_in(cache) == [store]


def test_editing_a_graph_file_rebuilds_the_store(tmp_path, graph_copy):
    cache = tmp_path / "cache"
    env = {"STARGATE_KG_CACHE": str(cache)}
    assert "OpenAI" in cli("--graph", str(graph_copy), "entity", "e:openai", env=env).stdout
    before = json.loads((stores_in(cache)[0] / "manifest.json").read_text())["seconds"]
    entities = graph_copy / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert '"OpenAI"@en' in text
    entities.write_text(text.replace('"OpenAI"@en', '"OpenAI Global"@en', 1), encoding="utf-8")
    out = cli("--graph", str(graph_copy), "entity", "e:openai", env=env)
    assert out.returncode == 0, out.stderr
    assert "OpenAI Global" in out.stdout  # the edit is seen at once: no stale answer
    assert before is not None and len(stores_in(cache)) == 1


def test_malformed_file_is_reported_the_same_on_both_engines(tmp_path, graph_copy):
    (graph_copy / "statements" / "a000.ttl").write_text("@prefix sg: <x#> .\n\nsg:a sg:b \"unclosed .\n", encoding="utf-8")
    env = {"STARGATE_KG_CACHE": str(tmp_path / "cache")}
    ox = cli("--graph", str(graph_copy), "stats", env=env)
    rd = cli("--engine", "rdflib", "--graph", str(graph_copy), "stats", env=env)
    assert ox.returncode == rd.returncode == 2
    assert "a000.ttl" in ox.stderr and "line 3" in ox.stderr
    assert ox.stderr == rd.stderr
    assert "Traceback" not in ox.stderr
    assert stores_in(tmp_path / "cache") == []  # nothing half-built is kept


def test_unwritable_cache_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    out = cli("funders", "OpenAI", env={"STARGATE_KG_CACHE": str(blocker)})
    assert out.returncode != 0
    assert out.stderr.startswith("Error: cannot write the store cache in") and "--engine rdflib" in out.stderr
    assert "Traceback" not in out.stderr
    fallback = cli("--engine", "rdflib", "funders", "OpenAI", env={"STARGATE_KG_CACHE": str(blocker)})
    assert fallback.returncode == 0 and "Nvidia -> OpenAI" in fallback.stdout


def test_cache_command_lists_and_clears(tmp_path, graph_copy):
    cache = tmp_path / "cache"
    env = {"STARGATE_KG_CACHE": str(cache)}
    assert cli("--graph", str(graph_copy), "stats", env=env).returncode == 0
    listed = json.loads(cli("cache", "--json", env=env).stdout)
    assert listed["cache"] == str(cache)
    [st] = listed["stores"]
    assert st["sources"] == [str(graph_copy.resolve())] and st["current"] is True and st["triples"] > 5000
    (graph_copy / "statements" / "a000.ttl").write_text("", encoding="utf-8")  # the store is now out of date
    assert "out of date" in cli("cache", env=env).stdout
    cleared = cli("cache", "--clear", env=env)
    assert cleared.returncode == 0 and cleared.stdout.startswith("Removed 1 cached store")
    assert json.loads(cli("cache", "--json", env=env).stdout)["stores"] == []


def test_engine_from_the_environment(run, monkeypatch):
    from stargate_kg.cli import State

    monkeypatch.setenv("STARGATE_KG_ENGINE", "rdflib")
    res = run("entity", "OpenAI")
    assert res.exit_code == 0
    assert State(engine="rdflib").kg.engine == "rdflib"
    assert State().kg.engine == "oxigraph"
    bad = run("--engine", "blazegraph", "entity", "OpenAI")
    assert bad.exit_code == 2 and "blazegraph" in bad.output


COMMANDS = [
    ("funders", "OpenAI", "--transitive"),
    ("entity", "软银", "--json"),
    ("path", "孙正义", "Abilene"),
    ("centrality", "--top", "5"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_engines_print_the_same(run, args):
    ox = run(*args)
    rd = run("--engine", "rdflib", *args)
    assert ox.exit_code == rd.exit_code == 0, ox.output + rd.output
    assert ox.output == rd.output


@pytest.fixture(scope="module")
def oxigraph_kg():
    from stargate_kg.engines import open_graph

    return open_graph(engine="oxigraph")


def test_every_catalog_question_prints_the_same_on_both_engines(kg, oxigraph_kg):
    """Same rows, same order, same text: every catalog ORDER BY is total, and numbers are printed canonically."""
    from stargate_kg.queries import format_result, run_query

    differ = []
    for q in catalog().values():
        params = {p.name: p.example for p in q.params}
        answers = [run_query(g, q, params) for g in (oxigraph_kg, kg)]
        for fmt in ("table", "csv", "tsv", "json"):
            ox, rd = (format_result(*a, fmt) for a in answers)
            if ox != rd:
                differ.append((q.name, fmt))
    assert differ == []


def test_a_warm_cli_question_never_imports_rdflib(tmp_path):
    """The cold-start budget: answering from a built store needs neither rdflib nor networkx."""
    env = {"STARGATE_KG_CACHE": str(tmp_path / "cache")}
    assert cli("funders", "OpenAI", env=env).returncode == 0  # builds the store
    probe = (
        "import sys; from stargate_kg.cli import main\n"
        "sys.argv = ['stargate-kg', 'funders', 'OpenAI']\n"
        "try:\n    main()\nexcept SystemExit as ex:\n    assert not ex.code, ex.code\n"
        "print(sorted(m for m in ('rdflib', 'networkx', 'pyshacl', 'pyvis') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=dict(os.environ, **env), timeout=120, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Nvidia -> OpenAI" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_name_index_is_saved_on_first_lookup_for_that_build_only(tmp_path, graph_copy):
    """lookups.json is written by the first name lookup, tagged with the build it belongs to."""
    from stargate_kg.lookup import resolve
    from stargate_kg.engines.oxigraph import LOOKUPS, build_store, open_store

    path = tmp_path / "store"
    build_store(path, [graph_copy])
    assert not (path / LOOKUPS).exists()  # building does not pay for the index
    assert resolve(open_store(path), "软银").iri.endswith("/entity/softbank")  # a000: 软银
    saved = json.loads((path / LOOKUPS).read_text(encoding="utf-8"))
    assert saved["build"] == json.loads((path / "manifest.json").read_text())["build"]
    assert "https://w3id.org/stargate-kg/entity/softbank" in saved["entity_index"]
    # the next opening reads the file; a hand-made entry shows it is really used
    saved["entity_index"]["https://w3id.org/stargate-kg/entity/softbank"]["aliases"].append("Saved Index Probe")
    (path / LOOKUPS).write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    assert resolve(open_store(path), "Saved Index Probe").iri.endswith("/entity/softbank")
    # a rebuild gets a new build id: the old file (were it copied in) is not trusted
    stale = (path / LOOKUPS).read_text(encoding="utf-8")
    build_store(path, [graph_copy])
    (path / LOOKUPS).write_text(stale, encoding="utf-8")
    with pytest.raises(Exception, match="Saved Index Probe"):
        resolve(open_store(path), "Saved Index Probe")


def test_a_name_index_saved_by_other_lookup_code_is_not_trusted(tmp_path, graph_copy):
    """lookups.json depends on the store and on the code that builds the index: an index saved by
    an older stargate-kg for the same build (here: one that knew no search names) is recomputed."""
    from stargate_kg.lookup import resolve
    from stargate_kg.engines.oxigraph import LOOKUPS, build_store, open_store

    path = tmp_path / "store"
    build_store(path, [graph_copy])
    resolve(open_store(path), "软银")  # saves the index
    saved = json.loads((path / LOOKUPS).read_text(encoding="utf-8"))
    old = {"build": saved["build"], "entity_index": {iri: {k: v for k, v in ent.items() if k != "search_names"}
                                                     for iri, ent in saved["entity_index"].items()}}
    (path / LOOKUPS).write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    # "Oracle Corporation" is a search name (skos:hiddenLabel) of Oracle, which the old index lacks
    assert resolve(open_store(path), "Oracle Corporation").iri.endswith("/entity/oracle")


def test_a_store_whose_index_cannot_be_saved_still_answers_names(tmp_path, graph_copy):
    """A store folder the index cannot be written to (here: a folder in its place) still resolves names."""
    from stargate_kg.lookup import resolve
    from stargate_kg.engines.oxigraph import LOOKUPS, build_store, open_store

    path = tmp_path / "store"
    build_store(path, [graph_copy])
    (path / LOOKUPS).mkdir()
    assert resolve(open_store(path), "甲骨文").iri.endswith("/entity/oracle")  # a000: 甲骨文
    assert (path / LOOKUPS).is_dir() and not [p for p in path.iterdir() if p.name.startswith(".")]  # no temp left


def test_a_small_cached_graph_is_a_snapshot_and_a_damaged_one_is_rebuilt(tmp_path, graph_copy):
    from stargate_kg.exceptions import EngineError
    from stargate_kg.engines.oxigraph import DATABASE, SNAPSHOT, open_store
    from stargate_kg.engines.cache import open_cached

    kg = open_cached([graph_copy], cache=tmp_path)
    assert (kg.path / SNAPSHOT).is_file() and not (kg.path / DATABASE).exists()  # built in memory, no database
    built = kg.manifest["build"]
    # a snapshot damaged on disk: a clear error when opened directly, a rebuild through the cache
    (kg.path / SNAPSHOT).write_text("<broken", encoding="utf-8")
    with pytest.raises(EngineError, match="cannot read the store .* Rebuild it"):
        open_store(kg.path)
    again = open_cached([graph_copy], cache=tmp_path)
    assert again.manifest["build"] != built
    assert {str(r["l"]) for r in again.select("SELECT ?l WHERE { e:crusoe rdfs:label ?l }")} >= {"Crusoe"}  # a000


def test_a_snapshot_cut_at_a_line_end_is_refused_not_served(tmp_path, graph_copy):
    """A snapshot that lost its last lines still parses: the triple count in the manifest shows it."""
    from stargate_kg.exceptions import EngineError
    from stargate_kg.engines.oxigraph import SNAPSHOT, open_store
    from stargate_kg.engines.cache import open_cached

    kg = open_cached([graph_copy], cache=tmp_path)
    lines = (kg.path / SNAPSHOT).read_text(encoding="utf-8").splitlines(keepends=True)
    (kg.path / SNAPSHOT).write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    with pytest.raises(EngineError, match="cannot read the store .* Rebuild it"):
        open_store(kg.path)
    assert len(open_cached([graph_copy], cache=tmp_path).store) == len(lines)  # rebuilt whole


def test_building_a_store_needs_no_rdflib(tmp_path):
    probe = ("import sys; from stargate_kg.engines.oxigraph import build_store\n"
             f"kg = build_store({str(tmp_path / 'store')!r})\n"
             "print(len(kg) > 5000, 'rdflib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]
    assert (tmp_path / "store" / "shapes.nt").stat().st_size > 1000  # the SHACL shapes, written by Oxigraph


# -- light terms ---------------------------------------------------------------------------------------
def test_light_terms_compare_like_rdflib_terms():
    import rdflib

    a = terms.IRI("https://w3id.org/stargate-kg/entity/openai")
    assert a == terms.IRI(str(a)) and a != terms.Literal(str(a)) and a != str(a)
    assert terms.Literal("x", language="en") != terms.Literal("x", language="zh")
    assert terms.Literal("5", datatype=terms.XSD + "integer") != terms.Literal("5")
    assert terms.Literal("x", datatype=terms.XSD_STRING) == terms.Literal("x")  # xsd:string is the plain literal
    for light, rd in [
        (a, rdflib.URIRef(a)),
        (terms.Literal("软银", language="zh"), rdflib.Literal("软银", lang="zh")),
        (terms.Literal("1.5", datatype=terms.XSD + "decimal"), rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)),
        (terms.Literal('say "hi"'), rdflib.Literal('say "hi"')),
    ]:
        assert terms.to_rdflib(light) == rd
        assert terms.from_rdflib(rd) == light
        assert light.n3() == rd.n3()
        assert terms.kind(light) == terms.kind(rd)
    assert terms.Literal("a\nb\\").n3() == '"a\\nb\\\\"'  # one line, escaped (rdflib writes a long string)


@pytest.mark.parametrize(
    "text, datatype, value",
    [
        ("100000000000.0", "decimal", Decimal("100000000000")),
        ("42", "integer", 42),
        ("2.5E3", "double", 2500.0),
        ("true", "boolean", True),
        ("2025-01-21", "date", __import__("datetime").date(2025, 1, 21)),
        ("P5Y", "duration", "P5Y"),
        ("not a number", "integer", "not a number"),
        ("not a number", "decimal", "not a number"),
    ],
)
def test_light_literal_values(text, datatype, value):
    assert terms.Literal(text, datatype=terms.XSD + datatype).toPython() == value


@pytest.mark.parametrize(
    "text, datatype, written",
    [
        ("+5", "integer", "5"),
        ("007", "integer", "7"),
        ("-0.0", "decimal", "0"),
        (".5", "decimal", "0.5"),
        ("1.", "decimal", "1"),
        ("1E3", "double", "1E3"),  # doubles are written as given
        ("+1", "float", "+1"),
        # ill-typed: not in the datatype's lexical space, so kept as written (as Oxigraph keeps them)
        ("abc", "integer", "abc"),
        ("abc", "decimal", "abc"),
        ("1_0", "integer", "1_0"),
        ("\u0661\u0662", "integer", "\u0661\u0662"),  # Arabic-Indic digits
        (" 7 ", "integer", " 7 "),
        ("1E3", "decimal", "1E3"),
        ("1_0.5", "decimal", "1_0.5"),
        ("NaN", "decimal", "NaN"),
    ],
)
def test_canonical_keeps_values_and_ill_typed_literals(text, datatype, written):
    from stargate_kg.queries import canonical, term_csv

    lit = terms.Literal(text, datatype=terms.XSD + datatype)
    assert str(canonical(lit)) == written
    assert term_csv(lit) == written
