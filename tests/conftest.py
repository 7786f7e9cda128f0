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
