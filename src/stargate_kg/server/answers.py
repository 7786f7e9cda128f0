"""Answering one job in a query worker: check, run, serialise, as a :class:`Reply` (never an exception).

A job is ``("query", text, accept, format)`` or ``("examples", queries folder)``;
:func:`handle` answers either. Bad input becomes a 4xx reply, a failing
engine a 5xx one, so a worker lives on whatever it is sent.

>>> error_reply(503, "busy", **{"Retry-After": "2"})
Reply(status=503, media_type='text/plain; charset=utf-8', body=b'busy\\n', headers={'Retry-After': '2'})
"""

import json
from pathlib import Path
from typing import NamedTuple

from stargate_kg.exceptions import AnswerTooLarge, QueryError, QueryRefused, StargateKGError
from stargate_kg.server.formats import serialize_graph, serialize_results
from stargate_kg.server.negotiation import GRAPH_FORMATS, RESULT_FORMATS, media_types, negotiate
from stargate_kg.server.safety import check


class Reply(NamedTuple):
    """One HTTP answer from a worker: status, media type, body bytes, extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict = None


def error_reply(status, message, **headers):
    """A plain-text error answer.

    >>> error_reply(400, "bad").body
    b'bad\\n'
    """
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers or None)


def answer(kg, query, accept=None, fmt=None, max_rows=10_000):
    """Check, run and serialize one query on ``kg``: a :class:`Reply`. Bad input gives a 4xx reply, never an exception.

    >>> import rdflib
    >>> from stargate_kg.kg import KnowledgeGraph
    >>> kg = KnowledgeGraph(rdflib.Graph().parse(data='<http://ex/a> <http://ex/b> "c" .', format="nt"))
    >>> answer(kg, "SELECT ?o WHERE { ?s ?p ?o }", accept="text/csv")
    Reply(status=200, media_type='text/csv; charset=utf-8', body=b'o\\r\\nc\\r\\n', headers=None)
    >>> answer(kg, "SELECT ?o WHERE { ?s ?p ?o }", max_rows=0).status
    422
    >>> answer(kg, "DELETE WHERE { ?s ?p ?o }").status, len(kg)
    (403, 1)
    """
    try:
        form = check(query)
        key = negotiate(form, accept, fmt)
        if key is None:
            asked = f"format {fmt!r}" if fmt else f"Accept: {accept}"
            return error_reply(406, f"cannot answer a {form} query as {asked}; available: {', '.join(media_types(form))}")
        kind, names, result = kg.query(query, max_rows=max_rows)  # stops at the first row over the cap
        if kind in ("SELECT", "ASK"):
            body = serialize_results(key, names, result) if kind == "SELECT" else serialize_results(key, None, boolean=result)
            return Reply(200, RESULT_FORMATS[key], body)
        return Reply(200, GRAPH_FORMATS[key], serialize_graph(key, result))
    except AnswerTooLarge as ex:
        return error_reply(422, _too_many(ex.what, ex.limit))
    except QueryRefused as ex:
        return error_reply(403, str(ex))
    except QueryError as ex:
        return error_reply(400, str(ex))
    except StargateKGError as ex:  # e.g. a remote engine that does not answer
        return error_reply(502, str(ex))
    except MemoryError:
        return out_of_memory_reply()
    except Exception as ex:  # a bug, not the client's fault; the worker lives on
        return error_reply(500, f"internal error: {type(ex).__name__}: {ex}")


def _too_many(what, cap):
    return f"the answer has more than {cap} {what}, this endpoint's limit (--max-rows); add LIMIT or narrow the query"


_OUT_OF_MEMORY = "query stopped: it needed more memory than this endpoint allows one query"


def out_of_memory_reply(ceiling=None):
    """The 503 for a query that went over the worker's memory ceiling (``ceiling`` in bytes, when known).

    >>> out_of_memory_reply(2**30).body
    b'query stopped: it needed more memory than this endpoint allows one query (1 GiB, --max-memory); narrow it or add LIMIT\\n'
    """
    from stargate_kg.server.settings import format_size

    limit = f" ({format_size(ceiling)}, --max-memory)" if ceiling else " (--max-memory)"
    return error_reply(503, f"{_OUT_OF_MEMORY}{limit}; narrow it or add LIMIT")


def is_out_of_memory(reply):
    """True for :func:`out_of_memory_reply`'s answers."""
    return reply.status == 503 and reply.body.startswith(_OUT_OF_MEMORY.encode("utf-8"))


def handle(kg, job, settings):
    """Answer one job in a worker: ("query", text, accept, format) or ("examples", queries folder)."""
    if job[0] == "examples":
        body = json.dumps(examples(kg, job[1], *job[2:3]), ensure_ascii=False).encode("utf-8")
        return Reply(200, "application/json", body)
    _, query, accept, fmt = job
    reply = answer(kg, query, accept, fmt, max_rows=settings.max_rows)
    cap = getattr(settings, "max_reply", None)
    if cap and len(reply.body) > cap:  # the broker and the web server never hold more than this
        return error_reply(422, f"the answer has {len(reply.body):,} bytes, more than this endpoint's limit of {cap:,} "
                                "(--max-reply); add LIMIT, select fewer variables or narrow the query")
    return reply


def examples(kg, queries_dir=None, lang="en"):
    """The catalog questions (``queries/*.rq``) for the query page, runnable as shown.

    Title and description come from the ``# title:`` / ``# description:``
    header comments (``# title_zh:`` / ``# description_zh:`` in Chinese); a question with ``# param:`` lines gets its example
    values bound in a VALUES block (terms written by
    :func:`stargate_kg.sparql_text.inject_values`, never pasted text), and
    one that picks labels with ``?lang`` gets ``lang`` ('en' or 'zh') there.

    >>> examples(None, Path("/nonexistent"))
    []
    """
    from stargate_kg.paths import default_queries_dir
    from stargate_kg.queries import bind_value, parse_header
    import re

    from stargate_kg.sparql_text import inject_values
    from stargate_kg.queries import with_lang

    folder = Path(queries_dir) if queries_dir else default_queries_dir()
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            q = parse_header(path)
            text = q.text
        except (StargateKGError, OSError, UnicodeDecodeError):
            continue
        bindings, params = {}, []
        for p in q.params:
            params.append({"name": p.name, "type": p.type, "example": p.example, "description": p.description})
            if p.example:
                try:
                    bindings[p.name] = bind_value(kg, p, p.example)
                except StargateKGError:
                    pass
        if re.search(r"[?$]lang\b", text) and "lang" not in {p.name for p in q.params}:
            # labels in a language (the CLI's --lang), written in the text as "en" or "zh" (a binding would not
            # reach the filters inside UNION branches)
            params.append({"name": "lang", "type": "string", "example": lang, "description": "language of the labels: en or zh (written in the query)"})
            text = with_lang(text, lang)
        if bindings:
            try:
                text = inject_values(text, bindings)
            except StargateKGError:
                pass
        out.append({"name": q.name, "title": q.title_in(lang) or q.name, "description": q.description_in(lang), "params": params, "query": text})
    return out
