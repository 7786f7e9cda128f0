"""Loading, validation, lookup and the `entity` / `stats` / `validate` commands."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stargate_kg import load, resolve
from stargate_kg.exceptions import AmbiguousEntity, InvalidGraph, UnknownEntity
from stargate_kg.paths import default_graph_dir
from stargate_kg.validation import validate

FIXTURES = Path(__file__).parent / "fixtures"
GRAPH = default_graph_dir()


def core_files():
    return [GRAPH / "ontology.ttl", GRAPH / "sources.ttl", GRAPH / "entities.ttl", GRAPH / "shapes.ttl"]


# ---------------------------------------------------------------- loading
def test_broken_turtle_names_file_and_line():
    with pytest.raises(InvalidGraph) as err:
        load([GRAPH, FIXTURES / "broken.ttl"])
    assert err.value.path.endswith("broken.ttl")
    assert err.value.line == 5
    assert "broken.ttl, line 5" in str(err.value)


def test_broken_file_exits_2_with_message_and_no_traceback(run):
    result = run("--graph", str(GRAPH), "--graph", str(FIXTURES / "broken.ttl"), "stats")
    assert result.exit_code == 2
    assert "broken.ttl, line 5" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "name,text,line",
    [
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", 2),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": [}\n', 2),
        ("bad.trig", "@prefix a: <http://a/> .\na:g {\n a:x a:y a:z .\n a:x a:y }\n", 4),
    ],
)
def test_other_syntaxes_report_the_line(tmp_path, name, text, line):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidGraph) as err:
        load([f])
    assert err.value.line == line


def test_nothing_half_loaded(tmp_path):
    """A good file before a bad one does not get loaded on its own."""
    good = tmp_path / "a-good.ttl"
    good.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    shutil.copy(FIXTURES / "broken.ttl", tmp_path / "b-broken.ttl")
    with pytest.raises(InvalidGraph):
        load([tmp_path])


def test_missing_path_and_unknown_suffix(tmp_path):
    with pytest.raises(InvalidGraph, match="no such file"):
        load([tmp_path / "nope.ttl"])
    (tmp_path / "x.docx").write_text("?")
    with pytest.raises(InvalidGraph, match="unknown file type"):
        load([tmp_path / "x.docx"])


def test_trig_and_jsonld_load(tmp_path, kg):
    """TriG keeps named graphs' triples; JSON-LD loads; both merge with the graph."""
    trig = tmp_path / "extra.trig"
    trig.write_text(
        "@prefix e: <https://w3id.org/stargate-kg/entity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:g1> { e:openai rdfs:comment \"from a named graph\"@en . }\n",
        encoding="utf-8",
    )
    jl = tmp_path / "extra.jsonld"
    jl.write_text(json.dumps({"@id": "https://w3id.org/stargate-kg/entity/openai",
                              "http://www.w3.org/2000/01/rdf-schema#seeAlso": {"@id": "https://openai.com/"}}))
    kg2 = load([GRAPH, trig, jl])
    assert kg2.ask('ASK { e:openai rdfs:comment "from a named graph"@en ; rdfs:seeAlso <https://openai.com/> }')


def test_env_var_selects_graph(tmp_path, run, monkeypatch):
    monkeypatch.setenv("STARGATE_KG_GRAPH", str(FIXTURES / "broken.ttl"))
    result = run("stats")
    assert result.exit_code == 2 and "broken.ttl" in result.output


def test_rules_derive_direct_edges(kg):
    # SoftBank owns SB Energy (article 004) is a statement; the rule adds the direct edge.
    assert kg.ask("ASK { e:softbank sg:owns e:sb-energy }")


def test_deprecated_statements_give_no_direct_edge(kg):
    rows = kg.select(
        """SELECT ?s ?rel ?o WHERE { ?st sg:rank sg:DeprecatedRank ; sg:subject ?s ; sg:relation ?rel ; sg:object ?o .
             FILTER NOT EXISTS { ?st2 sg:subject ?s ; sg:relation ?rel ; sg:object ?o .
                                 FILTER NOT EXISTS { ?st2 sg:rank sg:DeprecatedRank } }
             ?s ?rel ?o }"""
    )
    assert rows == []


# ---------------------------------------------------------------- validation
def test_shipped_graph_is_valid(kg, articles_dir):
    report = validate(kg, articles_dir)
    assert report.problems == []
    assert report.quotes_checked == report.references > 0
    assert report.quotes_verified == report.quotes_checked


def test_shacl_catches_a_broken_statement():
    kg = load(core_files() + [FIXTURES / "nonconforming.ttl"])
    report = validate(kg)
    messages = "\n".join(str(p) for p in report.problems)
    assert not report.ok
    assert "at least one reference" in messages
    assert "xsd:decimal" in messages
    assert "needs a currency" in messages
    assert "typed entities" in messages
    assert "pointInTime" in messages
    assert "English label" in messages  # e:nameless-co has only a Chinese label


def test_quote_check_catches_an_invented_quote(articles_dir):
    kg = load([GRAPH, FIXTURES / "badquote.ttl"])
    report = validate(kg, articles_dir)
    bad = [p for p in report.problems if p.check == "quote"]
    assert [p.value for p in bad] == ["OpenAI与谷歌结成战略联盟"]


def test_quote_check_skipped_with_reason_without_articles(kg):
    report = validate(kg, None, shacl=False)
    assert report.skipped and "not available" in report.skipped[0]


def test_validate_command_exit_codes(run, tmp_path, articles_dir):
    ok = run("validate", "--articles", str(articles_dir))
    assert ok.exit_code == 0, ok.output
    assert "OK: no violations." in ok.output
    bad = run("--graph", str(GRAPH), "--graph", str(FIXTURES / "badquote.ttl"), "validate", "--articles", str(articles_dir))
    assert bad.exit_code == 1
    assert "OpenAI与谷歌结成战略联盟" in bad.output and "FAILED: 1 violation" in bad.output


# ---------------------------------------------------------------- lookup
@pytest.mark.parametrize(
    "name,iri",
    [
        ("山姆·奥特曼", "sam-altman"),
        ("山姆・奥特曼", "sam-altman"),
        ("sam altman", "sam-altman"),
        ("奥特曼", "sam-altman"),
        ("SoftBank", "softbank"),
        ("软银", "softbank"),
        ("ＯｐｅｎＡＩ", "openai"),
        ("甲骨文", "oracle"),
        ("孙正义", "masayoshi-son"),
        ("Dona Ana County", "dona-ana-county"),
        ("德州", "texas"),
        ("e:crusoe", "crusoe"),
    ],
)
def test_resolve_names(kg, name, iri):
    assert resolve(kg, name).iri.endswith("/entity/" + iri)


def test_label_beats_alias_and_says_so(kg):
    ent = resolve(kg, "Stargate")
    assert ent.iri.endswith("/entity/stargate")
    assert "Stargate supercomputer (2024 Microsoft/OpenAI plan)" in ent.also_matches


def test_unknown_name_suggests(kg):
    with pytest.raises(UnknownEntity) as err:
        resolve(kg, "Softbnak")
    assert "SoftBank Group" in err.value.suggestions


def test_ambiguous_name_lists_candidates(tmp_path):
    extra = tmp_path / "twins.ttl"
    extra.write_text(
        "@prefix sg: <https://w3id.org/stargate-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:x:one> a sg:Company ; rdfs:label \"Twin\"@en .\n"
        "<urn:x:two> a sg:Person ; rdfs:label \"twin\"@en .\n",
        encoding="utf-8",
    )
    kg = load([GRAPH, extra])
    with pytest.raises(AmbiguousEntity) as err:
        resolve(kg, "TWIN")
    assert sorted(c[2] for c in err.value.candidates) == ["Company", "Person"]


def test_entity_command_unknown_and_ambiguous(run, tmp_path):
    r = run("entity", "Softbnak")
    assert r.exit_code == 1
    assert "Did you mean: SoftBank Group" in r.output
    extra = tmp_path / "twins.ttl"
    extra.write_text(
        "@prefix sg: <https://w3id.org/stargate-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:x:one> a sg:Company ; rdfs:label \"Twin\"@en .\n<urn:x:two> a sg:Person ; rdfs:label \"Twin\"@en .\n",
        encoding="utf-8",
    )
    r = run("--graph", str(GRAPH), "--graph", str(extra), "entity", "twin")
    assert r.exit_code == 1
    assert "ambiguous" in r.output and "(Company)" in r.output and "(Person)" in r.output


def test_injection_shaped_name_is_just_unknown(run):
    r = run("entity", 'OpenAI" } ; DROP ALL ; #')
    assert r.exit_code == 1
    assert "no entity is called" in r.output


# ---------------------------------------------------------------- entity output
def test_entity_json_shape(run):
    r = run("entity", "软银", "--json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert set(data) == {"iri", "label", "types", "labels", "aliases", "same_as", "statements", "money_summary", "related_figures"}
    assert data["label"] == "SoftBank Group" and data["labels"]["zh"] == "软银"
    assert data["same_as"] == ["http://www.wikidata.org/entity/Q201653"]
    assert data["statements"], "SoftBank has statements"
    for st in data["statements"]:
        assert {"relation", "direction", "other", "value", "qualifiers", "sources"} <= set(st)
        assert st["direction"] in ("out", "in", "joint", "stated")
        assert st["other"] is None or set(st["other"]) >= {"iri", "label"}
        assert st["sources"] and all({"article", "quote"} <= set(s) for s in st["sources"])
    # Article 004: "软银旗下开发太阳能和电池项目的子公司SB Energy"
    owns = [s for s in data["statements"] if s["relation"] == "owns" and s["direction"] == "out"]
    assert [s["other"]["label"] for s in owns] == ["SB Energy"]
    assert owns[0]["sources"][0]["article"] == "a004"


def test_entity_text_shows_sources(run):
    r = run("entity", "SB Energy")
    assert r.exit_code == 0
    assert "SB Energy" in r.output.splitlines()[0]
    assert "<- owns  SoftBank Group" in r.output
    assert "[a004]" in r.output


# ---------------------------------------------------------------- stats
def test_stats_json(run):
    r = run("stats", "--json")
    data = json.loads(r.output)
    assert data["sources"] == 5
    assert data["entities_by_type"]["Person"] >= 10
    assert data["statements"] == sum(data["statements_by_relation"].values())
    assert data["references"] >= data["statements"]


# ---------------------------------------------------------------- start-up
def test_cli_startup_does_not_import_heavy_modules():
    code = (
        "import sys; from stargate_kg.cli import main; from stargate_kg.commands import register;"
        "from stargate_kg.cli import cli; register(cli);"
        "print(sorted(m for m in ('rdflib','networkx','pyvis','pyshacl','pyoxigraph') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "stargate_kg", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "entity" in out.stdout


# ---------------------------------------------------------------- closed pipe
def stargate_kg_command():
    """The installed console script next to this Python, else ``python -m stargate_kg``."""
    script = Path(sys.executable).with_name("stargate-kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stargate_kg"]


@pytest.mark.parametrize(
    "args,first",
    [
        pytest.param(["query", "timeline"], "date", id="one-big-write"),
        # many writes: the one that failed with exit 1 before the fix
        pytest.param(["queries"], "", id="many-small-writes"),
    ],
)
def test_reader_closing_the_pipe_early_is_a_quiet_success(args, first):
    """`stargate-kg ... | head -1`: exit 0, nothing on stderr (no traceback, no
    "Exception ignored ... BrokenPipeError" at shutdown)."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("cannot shrink a pipe on this platform (F_SETPIPE_SZ is Linux-only)")
    read_end, write_end = os.pipe()
    # A one-page pipe: both outputs are larger, so the writer must still be
    # writing when the reader closes, and the pipe really breaks.
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) == 4096
    proc = subprocess.Popen(stargate_kg_command() + args, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        line = reader.readline().decode("utf-8")
    # The reader is now closed, like `head -1` after its line.
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, stderr
    assert stderr == ""
    assert line.startswith(first) and line.strip()


def test_a_broken_pipe_that_is_not_stdout_is_a_failure(tmp_path):
    """Only a closed stdout is a quiet success: export into a FIFO whose reader
    goes away leaves the file incomplete, so the command fails."""
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "graph.nt"
    os.mkfifo(fifo)

    def read_a_little():
        with open(fifo, "rb") as reader:
            reader.read(100)

    reader = threading.Thread(target=read_a_little)
    reader.start()
    proc = subprocess.run(stargate_kg_command() + ["--engine", "rdflib", "export", "--format", "nt", str(fifo)],
                          capture_output=True, text=True, timeout=120, check=False)
    reader.join(timeout=10)
    assert proc.returncode != 0, proc.stdout
    assert "Wrote" not in proc.stdout
    assert "Error:" in proc.stderr and "Traceback" not in proc.stderr
