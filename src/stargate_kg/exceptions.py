"""Every error the library raises on purpose. The CLI turns them into messages.

Each exception's message says what went wrong and what to do next; the CLI
prints ``Error: <message>`` and exits with the exception's ``exit_code``.

>>> str(UnknownEntity("Stargat", ["Stargate"]))
"no entity is called 'Stargat'. Did you mean: Stargate?"

In Chinese (``--lang zh``, ``zh-Hant``...) the CLI prints :meth:`StargateKGError.in_lang`:
the error's Chinese message where it has one, its English one otherwise.

>>> UnknownEntity("孙正意", ["Masayoshi Son"]).in_lang("zh-TW", {"Masayoshi Son": "孫正義"}.get)
'沒有名為“孙正意”的實體。你要找的是不是：孫正義？'
"""


def _zh(text, lang):
    from stargate_kg.i18n_zh import to_script

    return to_script(text, lang)


class StargateKGError(Exception):
    """Base class of the library's errors. ``zh``: the message in simplified Chinese, when there is one, its
    ``{fields}`` filled from ``zh_fields`` after the script conversion (what the user typed stays as typed)."""

    exit_code = 1

    def __init__(self, *args, zh=None, zh_fields=None):
        super().__init__(*args)
        self.zh, self.zh_fields = zh, dict(zh_fields or {})

    def in_lang(self, lang="en", name_of=None):
        """The message in ``lang`` (en, zh, zh-Hant, zh-TW, zh-HK): Chinese when the error has a Chinese message;
        ``name_of`` names an entity (by its English label) in ``lang``."""
        from stargate_kg.i18n_zh import is_zh

        return _zh(self.zh, lang).format(**self.zh_fields) if is_zh(lang) and self.zh else str(self)

    @staticmethod
    def prefix(lang="en"):
        """'Error: ' or its Chinese."""
        from stargate_kg.i18n_zh import is_zh

        return _zh("错误：", lang) if is_zh(lang) else "Error: "


class InvalidGraph(StargateKGError):
    """A graph file cannot be read (syntax error, unknown format, missing file).

    Nothing from any file is loaded when one of them is invalid.
    """

    exit_code = 2

    def __init__(self, path, message, line=None):
        self.path, self.line, self.reason = str(path), line, message
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"cannot load {where}: {message}")


class UnknownEntity(StargateKGError):
    """No entity has that name (label or alias)."""

    def __init__(self, name, suggestions=()):
        self.name, self.suggestions = name, list(suggestions)
        msg = f"no entity is called {name!r}."
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            import shlex

            msg += f" Search names, quotes and notes with: stargate-kg search {shlex.quote(str(name))}"
        super().__init__(msg)

    def in_lang(self, lang="en", name_of=None):
        from stargate_kg.i18n_zh import is_zh

        if not is_zh(lang):
            return str(self)
        import shlex

        names = [(name_of(s) if name_of else None) or s for s in self.suggestions]
        msg = _zh("没有名为“", lang) + str(self.name) + _zh("”的实体。", lang)
        return msg + (_zh("你要找的是不是：", lang) + "、".join(names) + "？" if names else
                      _zh("可用以下命令搜索名称、引文和备注：", lang) + f"stargate-kg search {shlex.quote(str(self.name))}")


class AmbiguousEntity(StargateKGError):
    """Several entities share that name; the user must pick one."""

    def __init__(self, name, candidates):
        # candidates: list of (iri, label, type-label)
        self.name, self.candidates = name, list(candidates)
        lines = [f"{name!r} is ambiguous; it names {len(self.candidates)} entities:"]
        lines += [f"  {label} ({kind}) <{iri}>" for iri, label, kind in self.candidates]
        lines.append("Use the full label or the IRI to pick one.")
        super().__init__("\n".join(lines))

    def in_lang(self, lang="en", name_of=None):
        from stargate_kg.i18n import type_name
        from stargate_kg.i18n_zh import is_zh

        if not is_zh(lang):
            return str(self)
        lines = [_zh("“{name}”有歧义，它指 {n} 个实体：", lang).format(name=self.name, n=len(self.candidates))]
        lines += [f"  {(name_of(label) if name_of else None) or label}（{type_name(kind, lang)}）<{iri}>" for iri, label, kind in self.candidates]
        lines.append(_zh("请用完整名称或 IRI 指定其中一个。", lang))
        return "\n".join(lines)


class QueryError(StargateKGError):
    """A SPARQL query is invalid or cannot run."""

    exit_code = 2

    def __init__(self, message, line=None, column=None, source=None):
        self.line, self.column, self.source, self.message = line, column, source, message
        where = ""
        if source:
            where += f"{source}: "
        if line is not None:
            where += f"line {line}, column {column}: "
        super().__init__(f"invalid query: {where}{message}")


class QueryLimitExceeded(QueryError):
    """A query over one of the size limits checked before any engine runs it (see :mod:`stargate_kg.guard`).

    >>> QueryLimitExceeded("brackets nested more than 128 deep (limit 'depth')", 1, 9).exit_code
    2
    """


class MissingParameter(StargateKGError):
    """A catalog question needs a parameter that was not given."""

    exit_code = 2

    def __init__(self, query, names):
        self.query, self.names = query, list(names)
        opts = " ".join(f"--param {n}=..." for n in self.names)
        super().__init__(f"query {query!r} needs parameter(s) {', '.join(self.names)}: add {opts}",
                         zh="问题“{query}”需要参数 {names}：请加上 {opts}", zh_fields={"query": query, "names": "、".join(self.names), "opts": opts})


class NoPath(StargateKGError):
    """Two entities are not connected (within the hops and relations asked for)."""


class ValidationFailed(StargateKGError):
    """The graph does not conform to its shapes or a quote is not in its article."""


class EngineError(StargateKGError):
    """A store or endpoint cannot be opened or does not answer."""

    exit_code = 2


class InvalidDate(StargateKGError):
    """A date the user typed is not one: write YYYY, YYYY-MM, YYYY-MM-DD (or 2025年7月23日).

    >>> InvalidDate("2025-13").in_lang("zh")
    '不是日期：“2025-13”；请写 YYYY、YYYY-MM 或 YYYY-MM-DD（如 2025-07，或 2025年7月）'
    """

    def __init__(self, text):
        self.text = text
        super().__init__(f"not a date: {text!r}; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-07)",
                         zh="不是日期：“{text}”；请写 YYYY、YYYY-MM 或 YYYY-MM-DD（如 2025-07，或 2025年7月）", zh_fields={"text": text})


class InvalidChoice(StargateKGError):
    """An option names something the graph does not have (a relation family, an entity type, a metric).

    >>> str(InvalidChoice("relation family", "fundng", ["funding", "roles"]))
    "unknown relation family 'fundng'; choose from: funding, roles"
    """

    exit_code = 2

    def __init__(self, what, value, choices=(), where=None):
        self.what, self.value, self.choices = what, value, list(choices)
        msg = f"{where + ': ' if where else ''}unknown {what} {value!r}"
        zh = "{where}未知的" + _WHAT_ZH.get(what, "{what}") + "“{value}”"
        if self.choices:
            msg += "; choose from: " + ", ".join(self.choices)
            zh += "；可选：{choices}"
        fields = {"where": where + "：" if where else "", "what": what, "value": value, "choices": "、".join(map(str, self.choices))}
        super().__init__(msg, zh=zh, zh_fields=fields)


#: What an InvalidChoice names, in Chinese.
_WHAT_ZH = {"language": "语言", "relation family": "关系类别", "entity type": "实体类型", "metric": "指标",
            "relation": "关系", "family": "类别", "type": "类型", "format": "格式", "kind": "类型"}


class AnalysisFailed(StargateKGError):
    """A network computation did not give an answer (e.g. an iteration did not converge)."""


class NothingToDraw(StargateKGError):
    """The map would be empty: the focus entity or the filters leave nothing to draw.

    >>> NothingToDraw("no entity is left to draw").exit_code
    1
    """


class QueryRefused(StargateKGError):
    """The SPARQL endpoint will not run a request: an update, a federated query (SERVICE), or one over a limit.

    >>> str(QueryRefused("SPARQL Update is not accepted: this endpoint is read-only"))
    'SPARQL Update is not accepted: this endpoint is read-only'
    """

    exit_code = 2


class ServerError(StargateKGError):
    """The SPARQL endpoint cannot start (address in use, bad host) or its query workers failed."""

    exit_code = 2


class AnswerTooLarge(StargateKGError):
    """An answer has more rows (SELECT) or triples (CONSTRUCT/DESCRIBE) than the caller allows.

    Raised while the rows are produced, as soon as one row too many appears,
    so an oversized answer is never built in full.

    >>> str(AnswerTooLarge(50, "rows"))
    'the answer has more than 50 rows'
    """

    exit_code = 2

    def __init__(self, limit, what="rows"):
        self.limit, self.what = limit, what
        super().__init__(f"the answer has more than {limit} {what}")


class PathError(StargateKGError):
    """A file or folder named on the command line cannot be used (missing, unreadable, not writable, a link loop).

    >>> str(PathError("/no/such/dir", "no such folder", what="--articles"))
    '--articles /no/such/dir: no such folder'
    """

    exit_code = 2

    def __init__(self, path, reason, what=None):
        self.path, self.reason = str(path), reason
        super().__init__(f"{what + ' ' if what else ''}{self.path}: {reason}")


class IntakeError(StargateKGError):
    """An article cannot be drafted or added: the file cannot be read, the graph folder is not writable,
    the article id is taken.

    >>> IntakeError("article x.txt is empty").exit_code
    1
    """


class SheetError(IntakeError):
    """A row of a statements sheet does not pass its checks; the message names the row and the column.

    ``problems`` holds every problem found (the message shows the first ones), so a user fixes them all at once.

    >>> str(SheetError("a005.csv", [(3, "relation", "unknown relation 'invests'. Did you mean: investsIn?")]))
    "a005.csv, row 3, column relation: unknown relation 'invests'. Did you mean: investsIn?"
    """

    exit_code = 2

    def __init__(self, sheet, problems, shown=20):
        self.sheet, self.problems = str(sheet), list(problems)
        lines = [f"{self.sheet}, row {row}" + (f", column {col}" if col else "") + f": {msg}" for row, col, msg in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"... and {len(self.problems) - shown} more problem(s)")
        if len(self.problems) > 1:
            lines.append(f"{len(self.problems)} problems; nothing was written.")
        super().__init__("\n".join(lines))


class QueryTimeout(StargateKGError):
    """A query ran past its time limit (library and CLI: ``$STARGATE_KG_TIMEOUT`` / ``--timeout``; endpoint: ``--timeout``).

    >>> str(QueryTimeout(10))
    'the query ran past its time limit of 10 s; narrow it, or raise the limit (--timeout, $STARGATE_KG_TIMEOUT)'
    """

    exit_code = 2

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(f"the query ran past its time limit of {seconds:g} s; narrow it, or raise the limit (--timeout, $STARGATE_KG_TIMEOUT)")
