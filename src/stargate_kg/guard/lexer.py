"""SPARQL's tokens, read the way the query engine reads them.

The SPARQL grammar says ``\\uXXXX`` escapes are expanded across the whole
text before parsing (rdflib does this); Oxigraph expands them only inside
strings and IRIs. The two readings of one text can differ (``"\\u0022"`` is
a one-character string to Oxigraph and the start of a long string to
rdflib), so a checker must not pick one and hope. Here tokens are read as
Oxigraph reads them and :func:`normalize` rewrites every ``\\u`` escape
away (decoded inside strings and IRIs, refused anywhere else), so the text
that is checked and run holds no ``\\u`` escape and both readings agree.

>>> normalize('SELECT ?a WHERE { BIND("\\\\u0022" AS ?a) }')
'SELECT ?a WHERE { BIND("\\\\"" AS ?a) }'
>>> normalize('\\\\u0053ELECT * {}')
Traceback (most recent call last):
...
stargate_kg.exceptions.QueryError: invalid query: line 1, column 1: \\u escapes are accepted only inside strings and IRIs: write the character itself
"""

import re

from stargate_kg.exceptions import QueryError

# Everything but '<' (an IRI or an operator, decided by the checker from the context).
_NAME_EXTRA = "\u00b7\u0300-\u036f\u203f-\u2040"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    # strings and IRIs are matched a run of plain characters at a time (possessive): a string of
    # millions of characters costs no backtracking memory (the per-character form took 130 bytes each)
    r"|(?P<str>'''(?:[^'\\]++|\\.|'(?!''))*+'''"
    r'|"""(?:[^"\\]++|\\.|"(?!""))*+"""'
    r"|'[^'\\\n\r]*+(?:\\.[^'\\\n\r]*+)*+'"
    r'|"[^"\\\n\r]*+(?:\\.[^"\\\n\r]*+)*+")'
    rf"|(?P<var>[?$][\w{_NAME_EXTRA}]+)"
    rf"|(?P<bnode>_:[\w{_NAME_EXTRA}](?:[\w.\-{_NAME_EXTRA}]*[\w\-{_NAME_EXTRA}])?)"
    rf"|(?P<pname>(?:[^\W\d_][\w.\-{_NAME_EXTRA}]*)?:"
    rf"(?:(?:[\w:]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})(?:(?:[\w.:\-{_NAME_EXTRA}]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})*"
    rf"(?:[\w:\-{_NAME_EXTRA}]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC}))?)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<op>&&|\|\||!=|>=|\^\^|[{}()\[\].,;*/|^+\-!=>?])",
    re.S,
)
# One significant token after any whitespace and comments (the checker's fast path; '<' is its own group).
SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*+")  # possessive: a comment is never re-read as tokens
NEXT = re.compile(SKIP.pattern + "(?:" + TOKEN.pattern.split("|(?P<str>", 1)[1].join(["(?P<str>", ""]) + r"|(?P<lt><))", re.S)
# A whole prologue declaration in one match (``PREFIX p: <iri>`` or ``BASE <iri>``): most clients send several.
DECLARATION = re.compile(
    SKIP.pattern + r"(?:(?i:PREFIX)[ \t\r\n]+(?P<prefix>(?:[^\W\d_][\w.\-" + _NAME_EXTRA + r"]*)?):|(?i:BASE))"
    r"[ \t\r\n]*<[^<>\"{}|^`\\\x00-\x20]*>"
)
IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*+(?:(?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})[^<>\"{}|^`\\\x00-\x20]*+)*+>")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_UCHAR = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
# what an engine that expands escapes before parsing (rdflib: \\u with 4 or 8 hex digits, any case) would expand
_EXPANDED = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_ECHAR = {"t", "b", "n", "r", "f", '"', "'", "\\"}
_AS_ECHAR = {'"': '\\"', "'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_NOT_IN_IRI = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def position(text, offset):
    """(line, column), both from 1, of ``offset`` in ``text``.

    >>> position("a\\nbc", 3)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fail(text, offset, message, error=QueryError):
    line, col = position(text, offset)
    return error(message, line, col)


def _char(text, offset, hexdigits):
    cp = int(hexdigits, 16)
    if 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
        raise fail(text, offset, f"\\u escape of an invalid character (U+{cp:04X})")
    return chr(cp)


def check_string(text, start, end):
    """Raise QueryError for an escape the grammar does not know inside the string text[start:end]."""
    for m in _ESCAPE.finditer(text, start, end):
        e = m.group(1)
        if len(e) == 1 and e not in _ECHAR:
            raise fail(text, m.start(), f"unknown escape \\{e} in a string (known: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX)")


def _string(text, start, end):
    """The string token text[start:end] with its \\u escapes written as characters (or \\" \\' \\\\ \\n \\r)."""
    out, last = [], start
    for m in _ESCAPE.finditer(text, start, end):
        e = m.group(1)
        if len(e) == 1:
            continue
        c = _char(text, m.start(), e[1:])
        out += [text[last : m.start()], _AS_ECHAR.get(c, c)]
        last = m.end()
    out.append(text[last:end])
    new = "".join(out)
    # '\\' then 'u0041' is text to Oxigraph and an escape to engines that expand \u first
    hidden = _EXPANDED.search(new)
    if hidden:
        raise fail(
            text,
            start,
            "this string holds a backslash followed by u and hex digits, which SPARQL engines read differently; "
            "write the text without it",
        )
    return new


def _iri(text, start, end):
    def decode(m):
        c = _char(text, m.start(), m.group()[2:])
        if c in _NOT_IN_IRI:
            raise fail(text, m.start(), f"the IRI holds an escaped character IRIs may not contain ({c!r})")
        return c

    return _UCHAR.sub(decode, text[start:end])


def normalize(text):
    """``text`` with no ``\\u`` / ``\\U`` escape left, read as Oxigraph reads it (the text itself when it has none).

    Inside strings an escape becomes its character (or ``\\"``, ``\\'``,
    ``\\\\``, ``\\n``, ``\\r``), inside IRIs its character (one IRIs may not
    hold is refused), inside comments the backslash becomes a space; anywhere
    else it is refused, as Oxigraph refuses it.

    >>> normalize("SELECT ('\\\\u8f6f' AS ?x) {} # \\\\u000a")
    "SELECT ('软' AS ?x) {} #  u000a"
    """
    if "\\u" not in text and "\\U" not in text:
        return text
    out, pos, n = [], 0, len(text)
    while pos < n:
        if text[pos] == "<":
            m = IRI.match(text, pos)
            if m:
                out.append(_iri(text, pos, m.end()))
                pos = m.end()
                continue
            out.append("<")
            pos += 1
            continue
        m = TOKEN.match(text, pos)
        if m is None:
            if text.startswith(("\\u", "\\U"), pos):
                raise fail(text, pos, "\\u escapes are accepted only inside strings and IRIs: write the character itself")
            out.append(text[pos])
            pos += 1
            continue
        kind, end = m.lastgroup, m.end()
        if kind == "str":
            out.append(_string(text, pos, end))
        elif kind == "comment":
            out.append(text[pos:end].replace("\\", " "))
        else:
            out.append(text[pos:end])
        pos = end
    new = "".join(out)
    left = _EXPANDED.search(new)
    if left:  # never expected: the rewrite leaves no escape for an engine that expands them first
        raise fail(new, left.start(), "cannot read this \\u escape the same way as every SPARQL engine: write the character itself")
    return new
