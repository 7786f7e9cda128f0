import os
import re
import shutil
import subprocess

import pytest

from stargate_kg.cli import cli
from stargate_kg.commands import register
from stargate_kg.paths import default_articles_dir

register(cli)


@pytest.fixture(scope="session", autouse=True)
def store_cache(tmp_path_factory):
    """The CLI's cached stores go to a temporary folder, never the user's cache."""
    import os

    path = tmp_path_factory.mktemp("store-cache")
    old = {k: os.environ.pop(k, None) for k in ("STARGATE_KG_CACHE", "STARGATE_KG_ENGINE")}
    os.environ["STARGATE_KG_CACHE"] = str(path)
    yield path
    for k, v in old.items():
        os.environ.pop(k, None)
        if v is not None:
            os.environ[k] = v


@pytest.fixture(scope="session", autouse=True)
def english_answers():
    """Answers in English whatever the machine's locale (tests of --lang set it themselves)."""
    import os

    old = os.environ.get("STARGATE_KG_LANG")
    os.environ["STARGATE_KG_LANG"] = "en"
    yield
    os.environ.pop("STARGATE_KG_LANG", None)
    if old is not None:
        os.environ["STARGATE_KG_LANG"] = old


@pytest.fixture(scope="session")
def kg():
    """The shipped graph, loaded once."""
    from stargate_kg import load

    return load()


@pytest.fixture(scope="session")
def articles_dir():
    """The article texts, or skip with the reason."""
    d = default_articles_dir()
    if d is None:
        pytest.skip("the article texts (../shared/articles) are not present")
    return d


@pytest.fixture()
def run():
    """Invoke the CLI: run("entity", "OpenAI") -> click Result."""
    from click.testing import CliRunner

    runner = CliRunner()

    def invoke(*args, **kw):
        return runner.invoke(cli, list(args), catch_exceptions=kw.pop("catch_exceptions", False), **kw)

    return invoke


# -- CI cannot pass by skipping ----------------------------------------------------------------
# Some tests need Debian packages (scripts/system-packages installs them). On a
# developer's machine a missing one skips those tests with the reason; when the
# CI environment variable is set, the run fails instead, so a green CI run means
# every test ran.

#: A skip whose reason matches this names a missing system package (or selenium, which drives Chromium),
#: or a platform without the network namespace the query sandbox needs (CI runs where it has one).
SYSTEM_PACKAGE_SKIP = re.compile(
    r"chromium|chromedriver|virtuoso|fonts-noto-cjk|CJK font|selenium|network sandbox|network namespace", re.I
)


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_cjk_font():
    """True when fontconfig lists no CJK font (the map's Chinese labels need one); None without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    out = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return not out.strip()


def pytest_collection_modifyitems(session, config, items):
    """Under CI, a run that includes the browser tests needs a CJK font: say so up front."""
    if in_ci() and any(item.get_closest_marker("browser") or "test_viz" in item.nodeid for item in items):
        if missing_cjk_font() is not False:
            pytest.exit(
                "CI is set and no CJK font is installed (fc-list :lang=zh lists none): the browser tests need one. "
                "Install it: sudo bash scripts/system-packages (Debian: fonts-noto-cjk)",
                returncode=3,
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a test skipped for a missing system package fails, with the skip's reason."""
    outcome = yield
    report = outcome.get_result()
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if SYSTEM_PACKAGE_SKIP.search(reason):
        report.outcome = "failed"
        report.longrepr = (
            f"CI is set, so this test may not be skipped: {reason.removeprefix('Skipped: ')}. "
            "Install the missing system packages: sudo bash scripts/system-packages"
        )
