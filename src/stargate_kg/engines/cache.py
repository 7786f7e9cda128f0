"""The CLI's default engine: an Oxigraph store built from the graph files once, then reused.

The first question on a graph builds a store (as ``stargate-kg --store PATH
load`` does) in the cache folder; later questions open it without parsing
anything. A store is used only while every file it was built from is
unchanged (size and modification time, then SHA-256), so editing a graph file
or adding an article rebuilds it on the next call. Nothing outside the cache
folder is written.

The cache folder is ``$STARGATE_KG_CACHE``, else ``$XDG_CACHE_HOME/stargate-kg``,
else ``~/.cache/stargate-kg``.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     first = open_cached(cache=tmp)  # builds the store
...     again = open_cached(cache=tmp)  # opens it
>>> first.engine, again.path == first.path, len(again) == len(first) > 5000
('oxigraph', True, True)
"""

import json
import os
import zlib
from pathlib import Path

from stargate_kg.exceptions import EngineError


def cache_root():
    """The folder holding cached stores."""
    env = os.environ.get("STARGATE_KG_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "stargate-kg" if xdg else Path.home() / ".cache" / "stargate-kg"


def store_path(sources, cache=None):
    """Where the store for these source paths lives: one folder per set of sources and store format."""
    from stargate_kg import __version__
    from stargate_kg.loader import check_path
    from stargate_kg.engines.oxigraph import STORE_VERSION, _ox

    key = json.dumps(
        [sorted(str(check_path(s)) for s in sources), STORE_VERSION, __version__, getattr(_ox(), "__version__", "?")]
    ).encode("utf-8")
    # a short name is enough: open_cached checks the sources the store records
    return Path(cache or cache_root()) / "stores" / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


def open_cached(graphs=None, cache=None):
    """The store for ``graphs`` (default: the shipped graph), built or rebuilt when needed.

    ``cache`` is the cache folder (default: :func:`cache_root`).

    Raises InvalidGraph for a malformed graph file (as the embedded engine
    does) and EngineError when the cache folder cannot be written.
    """
    from stargate_kg.engines.oxigraph import MANIFEST, build_store, open_store
    from stargate_kg.paths import default_graph_dir

    sources = [Path(p) for p in (graphs or [default_graph_dir()])]
    path = store_path(sources, cache)
    if (path / MANIFEST).is_file():
        try:
            kg = open_store(path, graphs=sources)
        except EngineError:
            pass  # out of date, built by another version or from other files: build it again
        else:
            _settle(kg)
            return kg
    try:
        return build_store(path, sources, snapshot=True)
    except OSError as ex:
        # another process may have finished the same store first
        if (path / MANIFEST).is_file():
            try:
                return open_store(path, graphs=sources)
            except EngineError:
                pass
        raise EngineError(
            f"cannot write the store cache in {cache or cache_root()}: {ex.strerror or ex}. "
            "Set STARGATE_KG_CACHE to a writable folder, or use --engine rdflib"
        ) from None


def _settle(kg):
    """Clear the "racy" mark of records whose files have been still for a while (their content was just compared).

    A file fingerprinted within moments of its last change is compared by
    content on every open (its size and time alone could miss a second edit
    in the same timestamp tick); once it is old enough and found unchanged,
    size and time suffice again. Best effort: a read-only cache stays as it is.
    """
    import time

    from stargate_kg.engines.oxigraph import _RACY_NS, MANIFEST

    records = [r for key in ("files", "shapes", "rules") for r in kg.manifest.get(key, [])]
    now = time.time_ns()
    settled = [r for r in records if r.get("racy") and now - r.get("mtime_ns", now) >= _RACY_NS]
    if not settled or kg.path is None:
        return
    for r in settled:
        del r["racy"]
    target = kg.path / MANIFEST
    tmp = target.with_name(f".{MANIFEST}.{os.getpid()}")
    try:
        tmp.write_text(json.dumps(kg.manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def cached_stores(cache=None):
    """What the cache holds: one dict per store (path, sources, triples, built, bytes, current).

    ``current`` is False for a store whose files changed or vanished since it
    was built, or that another version of stargate-kg built (it would be
    rebuilt on its next use).
    """
    from stargate_kg.engines.oxigraph import MANIFEST, STORE_VERSION, _changes

    root = Path(cache or cache_root()) / "stores"
    out = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        mf = path / MANIFEST
        if not path.is_dir() or not mf.is_file():
            continue
        try:
            manifest = json.loads(mf.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        sources = manifest.get("sources", [])
        out.append({
            "path": str(path),
            "sources": sources,
            "triples": manifest.get("triples"),
            "built": manifest.get("built"),
            "bytes": sum(f.stat().st_size for f in path.rglob("*") if f.is_file()),
            "current": manifest.get("version") == STORE_VERSION
            and bool(sources)
            and all(Path(s).exists() for s in sources)
            and not _changes(manifest),
        })
    return out


def clear_cache(cache=None):
    """Remove every cached store; returns how many were removed (the stores are rebuilt when next needed)."""
    import shutil

    root = Path(cache or cache_root()) / "stores"
    n = 0
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            n += 1
    return n
