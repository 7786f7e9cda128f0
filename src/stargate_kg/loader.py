"""Load graph files into a :class:`~stargate_kg.kg.KnowledgeGraph`, all or nothing.

A directory is read recursively (``*.ttl``, ``*.trig``, ``*.nt``, ``*.nq``,
``*.jsonld``, ``*.json``, ``*.rdf``); files named ``shapes*.ttl`` hold SHACL
shapes and are kept apart from the data. After loading, the derivation rules
(``rules/*.rq`` CONSTRUCT queries) add the direct edges.

>>> kg = load()
>>> len(kg) > 1000
True
"""

import json
from pathlib import Path

from stargate_kg.exceptions import InvalidGraph
from stargate_kg.paths import default_graph_dir

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def graph_files(paths):
    """The data files and shape files behind ``paths`` (files or directories).

    >>> data, shapes = graph_files([default_graph_dir()])
    >>> [p.name for p in shapes]
    ['shapes.ttl']
    """
    data, shapes = [], []
    for p in map(Path, paths):
        check_path(p)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in FORMATS and f.is_file())
        elif p.is_file():
            if p.suffix.lower() not in FORMATS:
                raise InvalidGraph(p, f"unknown file type {p.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
            found = [p]
        elif p.exists():
            raise InvalidGraph(p, "not a regular file or folder (a FIFO, socket or device): give a graph file or folder")
        else:
            raise InvalidGraph(p, "no such file or directory")
        for f in found:
            (shapes if f.name.startswith("shapes") else data).append(f)
    return data, shapes


def check_path(path):
    """The absolute form of a --graph path; InvalidGraph for a symbolic link loop or a path that cannot be resolved.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     os.symlink("loop", os.path.join(tmp, "loop"))
    ...     check_path(os.path.join(tmp, "loop"))
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.InvalidGraph: cannot load ...loop: a symbolic link loop
    """
    try:
        return Path(path).resolve()
    except RuntimeError:  # Python before 3.13 reports a loop this way
        raise InvalidGraph(path, "a symbolic link loop") from None
    except OSError as ex:
        import errno

        reason = "a symbolic link loop" if ex.errno == errno.ELOOP else (ex.strerror or str(ex))
        raise InvalidGraph(path, reason) from None


def rule_files(paths):
    """The derivation rules: ``rules/*.rq`` in the given directories, else the shipped ones."""
    rules = []
    for p in map(Path, paths):
        if p.is_dir():
            rules += sorted(p.rglob("rules/*.rq"))
    if not rules:
        rules = sorted((default_graph_dir() / "rules").glob("*.rq"))
    return rules


def parse_file(path, fmt=None):
    """Parse one file into a new rdflib Graph; raise InvalidGraph with the line on error.

    ``fmt`` (an rdflib format name) overrides the one the file's suffix gives.
    """
    import rdflib

    path = Path(path)
    fmt = fmt or FORMATS[path.suffix.lower()]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as ex:
        raise InvalidGraph(path, f"not UTF-8 text ({ex.reason} at byte {ex.start})") from None
    except OSError as ex:
        raise InvalidGraph(path, ex.strerror or str(ex)) from None
    from stargate_kg.guard.offline import check_data, no_remote_contexts

    try:
        check_data(text, fmt)  # no context fetched by URL, no XML entities
    except ValueError as ex:
        raise InvalidGraph(path, str(ex)) from None
    line = _overlong_line(text)
    if line:
        raise InvalidGraph(path, f"a line over {MAX_LINE // 2**20} MiB: terms that long are not read (the engines stop at 16 MiB)", line)
    no_remote_contexts()
    try:
        if fmt in QUAD_FORMATS:
            ds = rdflib.Dataset()
            ds.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
            g = rdflib.Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            for prefix, ns in ds.namespaces():
                g.bind(prefix, ns, override=False)
            return g
        g = rdflib.Graph()
        g.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        return g
    except InvalidGraph:
        raise
    except Exception as ex:  # every parser has its own exception types
        line, message = _where(ex, text, fmt)
        raise InvalidGraph(path, message, line) from None


#: The longest line a graph file may have (Oxigraph refuses a term over 16 MiB; rdflib takes minutes over one).
MAX_LINE = 16 * 2**20


def _overlong_line(text):
    """The number of the first line longer than MAX_LINE characters, or None."""
    if len(text) <= MAX_LINE:
        return None
    pos, n = 0, 1
    while True:
        end = text.find("\n", pos)
        if (end if end >= 0 else len(text)) - pos > MAX_LINE:
            return n
        if end < 0:
            return None
        pos, n = end + 1, n + 1


def _where(ex, text, fmt):
    """Line number (1-based) and a short message for a parser exception."""
    if isinstance(ex, json.JSONDecodeError):
        return ex.lineno, ex.msg
    lines = getattr(ex, "lines", None)
    if isinstance(lines, int):  # rdflib's notation3 BadSyntax
        why = getattr(ex, "_why", None) or str(ex)
        parsed, offset = getattr(ex, "_str", None), getattr(ex, "_i", None)
        if isinstance(parsed, (str, bytes)) and isinstance(offset, int):
            # its own line counter drifts near the end of input; count from the offset
            nl = b"\n" if isinstance(parsed, bytes) else "\n"
            return parsed.count(nl, 0, offset) + 1, why
        return lines + 1, why
    if fmt in ("nt", "nquads"):
        import rdflib

        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                if fmt == "nt":
                    rdflib.Graph().parse(data=line + "\n", format="nt")
                else:
                    rdflib.Dataset().parse(data=line + "\n", format="nquads")
            except Exception as inner:
                return n, str(inner).strip() or "syntax error"
    lineno = getattr(ex, "lineno", None) or getattr(ex, "line", None)
    return (lineno if isinstance(lineno, int) else None), (str(ex).strip() or type(ex).__name__)


def load(paths=None, derive=True, staged=None):
    """Load graph files (default: the shipped ``graph/``) into a KnowledgeGraph.

    Every file is parsed before anything is merged, so a bad file leaves
    nothing half-loaded: :class:`InvalidGraph` names the file and the line.
    ``staged`` maps a graph file (existing or new) to a file read in its
    place, in the first's format: the graph as it will be once they are
    moved in (``add`` validates it before it moves them).
    """
    import rdflib

    from stargate_kg.kg import KnowledgeGraph
    from stargate_kg.namespace import PREFIXES

    paths = [Path(p) for p in (paths or [default_graph_dir()])]
    data_files, shape_files = graph_files(paths)
    if not data_files:
        raise InvalidGraph(", ".join(map(str, paths)), "no graph files found (expected *.ttl, *.trig, *.nt, *.jsonld)")
    if staged:
        staged = {Path(k).resolve(): Path(v) for k, v in staged.items()}
        data_files = [f for f in data_files if f.resolve() not in staged]
        parsed = [parse_file(f) for f in data_files]
        parsed += [parse_file(v, FORMATS[k.suffix.lower()]) for k, v in staged.items()]
    else:
        parsed = [parse_file(f) for f in data_files]
    shapes_parsed = [parse_file(f) for f in shape_files]

    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for g in parsed:
        graph += g
    shapes = rdflib.Graph()
    for g in shapes_parsed:
        shapes += g
    kg = KnowledgeGraph(graph, shapes=shapes, files=data_files + shape_files)
    if derive:
        kg.derive(rule_files(paths))
    return kg
