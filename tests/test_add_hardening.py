"""Issue #26, item 3: `add` cannot be injected or half-written, and checks what it writes.

Rows quote article 004 (证券时报, 2025-09-25): 「将向OpenAI投资最高1000亿美元」.
"""

import os
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

A004 = "004_be3f9ccde86d9a42.txt"
HEADER = "keep,subject,relation,object,amount,currency,bound,value,unit,date,status,quote,duration\n"
GOOD = "yes,英伟达,investsIn,OpenAI,1000亿,USD,up to,,,,,将向OpenAI投资最高1000亿美元,\n"
HOSTILE = '证券时报\ne:openai rdfs:label "<img src=x onerror=alert(1)>"@en .\n#'


@pytest.fixture(scope="module")
def without_a004(tmp_path_factory):
    from stargate_kg.intake.holdout import graph_without

    return graph_without("a004", out_dir=tmp_path_factory.mktemp("g") / "graph")


@pytest.fixture
def graph_copy(tmp_path, without_a004):
    import shutil

    d = tmp_path / "graph"
    shutil.copytree(without_a004, d)
    return d


def ttl_files(d):
    return {p.relative_to(d): p.read_bytes() for p in sorted(Path(d).rglob("*.ttl"))}


def args(graph, sheet, articles_dir, publisher="证券时报", article_id="a004"):
    return ["--graph", str(graph), "add", str(sheet), "--id", article_id, "--article", str(Path(articles_dir) / A004),
            "--publisher", publisher, "--date", "2025-09-25"]


def _no_injected_label():
    return "ASK { e:openai rdfs:label ?l FILTER(CONTAINS(STR(?l), 'onerror')) }"


def test_publisher_text_cannot_inject_triples(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    res = run(*args(graph_copy, sheet, articles_dir, publisher=HOSTILE))
    kg = load([graph_copy])
    assert not kg.ask(_no_injected_label())
    if res.exit_code == 0:  # the whole text is the new outlet's name, inside a literal
        assert kg.ask("ASK { src:a004 schema:publisher ?p . ?p rdfs:label ?l FILTER(CONTAINS(STR(?l), 'onerror')) }")


def test_sheet_file_name_cannot_inject_triples(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / 'a004\ne:openai rdfs:label "<img src=x onerror=alert(1)>"@en .\n#.csv'
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 0, res.output
    assert not load([graph_copy]).ask(_no_injected_label())


def test_the_written_file_is_rdflib_turtle_with_the_source_entry(run, articles_dir, graph_copy, tmp_path):
    import rdflib

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    assert run(*args(graph_copy, sheet, articles_dir)).exit_code == 0
    g = rdflib.Graph().parse(graph_copy / "statements" / "a004.ttl", format="turtle")
    src = rdflib.URIRef("https://w3id.org/stargate-kg/source/a004")
    assert (src, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/stargate-kg/ontology#Article")) in g
    sources = rdflib.Graph().parse(graph_copy / "sources.ttl", format="turtle")
    assert set(g.triples((src, None, None))) == set(sources.triples((src, None, None)))
    assert not list(graph_copy.rglob("*.part"))


KILL_IN_VALIDATION = """
import os, signal, sys
import stargate_kg.validation as v
def stop(kg):
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    import time; time.sleep(5)
v.shacl_problems = stop
from stargate_kg.cli import cli
from stargate_kg.commands import register
register(cli)
cli(sys.argv[2:])
"""

KILL_BETWEEN_MOVES = """
import os, signal, sys
real = os.replace
def once(a, b):
    real(a, b)
    os.kill(os.getpid(), signal.SIGKILL)
import stargate_kg.intake.writing as w
w.os.replace = once
from stargate_kg.cli import cli
from stargate_kg.commands import register
register(cli)
cli(sys.argv[2:])
"""


def _run_script(script, sig, argv):
    return subprocess.run([sys.executable, "-c", script, sig, *argv], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_a_signal_during_validation_leaves_the_old_graph(sig, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    before = ttl_files(graph_copy)
    r = _run_script(KILL_IN_VALIDATION, sig, args(graph_copy, sheet, articles_dir))
    assert r.returncode == -getattr(signal, sig), r.stderr[-500:]
    assert ttl_files(graph_copy) == before
    assert not load([graph_copy]).ask("ASK { ?r sg:article src:a004 }")


def test_a_kill_between_the_two_moves_leaves_the_new_graph_whole(articles_dir, graph_copy, tmp_path):
    from stargate_kg import load
    from stargate_kg.validation import shacl_problems

    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    r = _run_script(KILL_BETWEEN_MOVES, "SIGKILL", args(graph_copy, sheet, articles_dir))
    assert r.returncode == -signal.SIGKILL
    kg = load([graph_copy])
    assert kg.ask("ASK { src:a004 a sg:Article . ?st sg:reference [ sg:article src:a004 ] }")
    sources = graph_copy / "sources.ttl"  # the held-out graph keeps its entries in graph.ttl: add creates this file
    assert not sources.exists() or "src:a004" not in sources.read_text(encoding="utf-8")  # not yet written...
    assert not shacl_problems(kg)  # ...yet the graph is the new one, whole


def test_an_id_with_a_trailing_newline_is_refused(run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD, encoding="utf-8")
    before = ttl_files(graph_copy)
    res = run(*args(graph_copy, sheet, articles_dir, article_id="a004\n"))
    assert res.exit_code != 0 and "must look like a005" in res.output
    assert ttl_files(graph_copy) == before


def test_a_fractional_duration_is_refused(run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + GOOD.rstrip("\n") + "1.5 years\n", encoding="utf-8")
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 2 and "row 2, column duration" in res.output and "18 months" in res.output, res.output


def test_relations_need_the_right_types(run, articles_dir, graph_copy, tmp_path):
    """`OpenAI ceoOf Oracle`: ceoOf's domain is Person (graph/ontology.ttl), and OpenAI is a company."""
    sheet = tmp_path / "a004.csv"
    sheet.write_text(HEADER + "yes,OpenAI,ceoOf,Oracle,,,,,,,,将向OpenAI投资最高1000亿美元,\n", encoding="utf-8")
    before = ttl_files(graph_copy)
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 2 and "row 2, column subject: ceoOf needs a Person as its subject" in res.output, res.output
    assert ttl_files(graph_copy) == before


@pytest.mark.parametrize("kind", ["fifo", "big"])
def test_unreadable_inputs_are_refused_before_reading(kind, run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    if kind == "fifo":
        os.mkfifo(sheet)
        expect = "not a regular file"
    else:
        with open(sheet, "wb") as f:
            f.truncate(17 * 2**20)
        expect = "more than the 16 MiB"
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code != 0 and expect in res.output, res.output


def test_write_sheet_writes_through_a_symlink_and_a_fifo(tmp_path):
    from stargate_kg.intake.sheet import write_sheet

    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_sheet([{"subject": "OpenAI"}], link)
    assert link.is_symlink() and "OpenAI" in target.read_text(encoding="utf-8-sig")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []

    def read():
        with open(fifo, encoding="utf-8-sig") as f:
            got.append(f.read())

    reader = threading.Thread(target=read)
    reader.start()
    write_sheet([{"subject": "Oracle"}], fifo)
    reader.join(10)
    assert "Oracle" in got[0] and fifo.is_fifo()


def test_the_suggested_add_command_is_shell_quoted(run, articles_dir, tmp_path, monkeypatch, without_a004):
    import stargate_kg.intake.draft as draft

    monkeypatch.setattr(draft, "draft_file", lambda *a, **k: ([], 0.0))
    out = tmp_path / "my sheet.csv"
    publisher = "x'; touch /tmp/pwned; echo '"
    res = run("--graph", str(without_a004), "draft", str(Path(articles_dir) / A004), "--id", "a005", "-o", str(out),
              "--publisher", publisher, "--date", "2025-09-25")
    assert res.exit_code == 0, res.output
    line = next(x for x in res.output.splitlines() if x.startswith("Review it, then: "))
    argv = shlex.split(line.removeprefix("Review it, then: "))
    assert argv[:3] == ["stargate-kg", "add", str(out)] and argv[argv.index("--publisher") + 1] == publisher


# -- issue 24: cells as a reviewer writes them (both scripts, Chinese numerals, a qualified date) ----------------

CELLS_HEADER = "keep,subject,relation,object,amount,currency,bound,value,unit,date,end,status,quote\n"
QUOTE = "将向OpenAI投资最高1000亿美元"


def test_add_writes_a_traditional_amount_and_a_qualified_date(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(CELLS_HEADER + f"yes,輝達,investsIn,OpenAI,一千億,USD,up to,,,2025年9月下旬,,,{QUOTE}\n", encoding="utf-8")
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 0, res.output
    kg = load([graph_copy])
    assert kg.ask("""ASK { ?st sg:subject e:nvidia ; sg:relation sg:investsIn ; sg:object e:openai ; sg:amount ?a ;
                          sg:pointInTime "2025-09"^^xsd:gYearMonth ; sg:dateQualifier sg:LateIn
                          FILTER(?a = 100000000000) }""")


def test_add_writes_by_the_end_of_on_the_end_date(run, articles_dir, graph_copy, tmp_path):
    from stargate_kg import load

    sheet = tmp_path / "a004.csv"
    sheet.write_text(CELLS_HEADER + f"yes,英伟达,investsIn,OpenAI,\"1,000億美元\",,up to,,,,2026 年底前,,{QUOTE}\n", encoding="utf-8")
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code == 0, res.output
    assert load([graph_copy]).ask('ASK { ?st sg:endTime "2026"^^xsd:gYear ; sg:dateQualifier sg:ByEndOf }')


def test_an_unknown_date_qualifier_names_the_row_and_suggests(run, articles_dir, graph_copy, tmp_path):
    sheet = tmp_path / "a004.csv"
    sheet.write_text(CELLS_HEADER + f"yes,英伟达,investsIn,OpenAI,1000亿,USD,,,,2025-09 lat,,,{QUOTE}\n", encoding="utf-8")
    before = ttl_files(graph_copy)
    res = run(*args(graph_copy, sheet, articles_dir))
    assert res.exit_code != 0
    assert "row 2" in res.output and "date" in res.output and "Did you mean: LateIn" in res.output, res.output
    assert "Traceback" not in res.output
    assert ttl_files(graph_copy) == before  # nothing half-written
