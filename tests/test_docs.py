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
