"""Keep the docs honest: every command has help with an example and is in the README;
.ci/run runs the README's test command."""

from pathlib import Path

import pytest

from stargate_kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_documented(name):
    cmd = cli.commands[name]
    assert cmd.help and "Example" in cmd.help, f"{name} needs help with an Example block"
    assert f"stargate-kg {name}" in README or f"`{name}" in README or f" {name} " in README, f"README does not mention {name}"


def test_ci_runs_the_readme_test_command():
    assert "bash scripts/test" in README
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/demo" in README


# ----------------------------------------------------------------------------- README examples are what the commands print


def readme_examples(text=README):
    """(line number, command args, expected output lines) for every ``$ stargate-kg ...`` in a fenced block of the README.

    Output lines follow the command up to the next ``$`` line or the end of the block; a ``...`` line
    stands for lines left out. Commands shown without output are not run (they write files or serve), nor
    are commands on a graph of their own (``--graph``): those are rehearsals that need files made first
    (README's "Adding an article", whose draft -> add -> funders flow tests/test_intake.py runs end to end).
    """
    import shlex

    examples, block, current = [], False, None
    for no, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            if current:
                examples.append(current)
            block, current = not block, None
            continue
        if not block:
            continue
        if line.startswith("$ "):
            if current:
                examples.append(current)
            current = (no, shlex.split(line[2:], comments=True)[1:], []) if line.startswith("$ stargate-kg ") else None
        elif current is not None:
            current[2].append(line)
    return [e for e in examples if any(x.strip() for x in e[2]) and "--graph" not in e[1]]


def matches_with_gaps(expected, actual):
    """Whether ``actual`` lines are ``expected`` lines where each ``...`` stands for any lines (none or more)."""
    segments, seg = [], []
    for line in expected:
        if line.strip() == "...":
            segments.append(seg)
            seg = []
        else:
            seg.append(line.rstrip())
    segments.append(seg)
    actual = [a.rstrip() for a in actual]
    pos = 0
    for i, seg in enumerate(segments):
        if i == 0:
            if actual[: len(seg)] != seg:
                return False
            pos = len(seg)
            continue
        if i == len(segments) - 1 and seg:
            return len(actual) - len(seg) >= pos and actual[len(actual) - len(seg):] == seg
        for start in range(pos, len(actual) - len(seg) + 1):
            if actual[start : start + len(seg)] == seg:
                pos = start + len(seg)
                break
        else:
            return False
    return True


def test_readme_examples_parse():
    examples = readme_examples()
    assert len(examples) >= 8
    assert matches_with_gaps(["a", "...", "c"], ["a", "b", "c"]) and not matches_with_gaps(["a", "c"], ["a", "b", "c"])
    assert matches_with_gaps(["a", "..."], ["a", "b"]) and not matches_with_gaps(["b", "..."], ["a", "b"])


@pytest.mark.parametrize("example", readme_examples(), ids=lambda e: f"README:{e[0]}")
def test_readme_example_is_what_the_command_prints(run, example):
    line, args, expected = example
    res = run(*args, catch_exceptions=True)
    shown = res.output.splitlines()
    assert matches_with_gaps(expected, shown), (
        f"README.md line {line}: `stargate-kg {' '.join(args)}` prints\n" + res.output
    )


# ----------------------------------------------------------------------------- the example notebook runs


@pytest.mark.slow
def test_example_notebook_runs(tmp_path, monkeypatch):
    """docs/notebook.ipynb runs top to bottom in a kernel of this Python (loopback only) and shows
    a DataFrame, a funders table and a network drawing."""
    import json
    import sys

    import nbformat
    from nbclient import NotebookClient

    # a kernel spec for this very Python, whatever other kernels the machine has
    spec = tmp_path / "kernels" / "stargate-kg-test"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "stargate-kg test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    path = ROOT / "docs" / "notebook.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="stargate-kg-test", timeout=180, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in h and "quote" in h and "Nvidia" in h for h in html), "a funders table"
    assert any("<table" in h and "e_label" not in h for h in html), "a DataFrame"
    assert any("image/png" in o.get("data", {}) for o in outputs), "a network drawing"
    from test_notebook import empty_examples  # tests/ is on the path (rootdir import mode)

    assert empty_examples(nb) == [], "every example returns rows"


def test_readme_counts_match():
    """Numbers the README states in prose are the graph's and the catalog's."""
    import re

    from stargate_kg.queries import catalog

    stated = re.search(r"a catalog of (\d+) named questions", README)
    assert stated and int(stated.group(1)) == len(catalog())
