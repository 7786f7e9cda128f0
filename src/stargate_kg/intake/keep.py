"""When a drafted row's parties are not certain: keep=no, with the reason in the note.

A row is proposed keep=yes only when its confidence reaches :data:`KEEP_AT` and
nothing below makes its parties uncertain:

- **a shared name**: the name is also a name of another entity (星际之门 is the
  2025 project and, for some articles, the 2024 supercomputer or a site) and
  the sentence does not name the chosen entity in another, unshared way;
- **an addition**: the figure is written as more of something (另外 4.5 GW,
  额外擴建600兆瓦, 新增, 追加): it may be a new expansion or phase, not the
  whole of the thing it is drafted on;
- **an addition before the object** (合作开发另外4.5GW的星际之门数据中心容量): what is built may be a new part
  of the object, not the object;
- **a possessor**: the object is followed by 的 and a noun (支持某人的芯片计划):
  the object may be the thing of the name, not the name.

>>> ambiguous_names([("e:a", "星际之门"), ("e:b", "星际之门"), ("e:b", "超算")])["星际之门"] == {"e:a", "e:b"}
True
>>> bool(ADDITION.search("正合作开发另外 ")), bool(ADDITION.search("合作开发 "))
(True, False)
"""

import re

from stargate_kg.intake.text import fold

KEEP_AT = 0.6
#: What makes a figure an addition to something: 另外 4.5 GW, 额外扩建600兆瓦, 新增2座 (within a few characters).
ADDITION = re.compile(r"(另外|另|额外|新增|追加|增加|再)[^，,。；;]{0,6}$")
ADDED_BEFORE = re.compile(r"(另外|额外|新增|追加)[^，,。；;]*$")
#: 的 and a noun after an object: the object is a possessor (X的计划), not the thing the row is about.
POSSESSOR = re.compile(r"\s*的\s*[\u4e00-\u9fffA-Za-z]")
_STRIP = re.compile(r"[\s·・．.\-_]")


def name_key(text):
    """A name as :class:`~stargate_kg.intake.names.NameIndex` keys it (folded, no spaces or dots)."""
    return _STRIP.sub("", fold(text))


def ambiguous_names(pairs):
    """{name key: {iri, ...}} for the names (``(iri, name)`` pairs) that several entities share."""
    owners = {}
    for iri, name in pairs:
        owners.setdefault(name_key(name), set()).add(iri)
    return {k: v for k, v in owners.items() if len(v) > 1}


def shared_name(mention, mentions, shared):
    """The other entities a mention's name may mean, or an empty set: none, or the sentence names the chosen entity
    another, unshared way too (``mentions``: the sentence's)."""
    if mention is None or not mention.iri or mention.new:
        return set()
    owners = shared.get(name_key(mention.text), set())
    others = owners - {mention.iri} if mention.iri in owners else set()  # a site found at its place's name: not shared
    if not others:
        return set()
    if any(m.iri == mention.iri and m is not mention and not shared.get(name_key(m.text)) for m in mentions):
        return set()
    return others


def doubts(row, search, mentions, shared, labels):
    """The reasons a row's parties are not certain (see the module docstring), each a sentence for the note."""
    out = []
    for side in ("_subject", "_object"):
        m = row.get(side)
        others = shared_name(m, mentions, shared)
        if others:
            alt = ", ".join(sorted(labels.get(i, i) for i in others))
            out.append(f"「{m.text}」 is also a name of {alt}: check which is meant.")
    f, subj = row.get("_figure"), row.get("_subject")
    if f is not None and row.get("subject") and not (subj is not None and subj.start == f.start):  # (not the addition's own entity)
        if ADDITION.search(search[max(0, f.start - 12) : f.start]):
            out.append(f"{search[f.start:f.end].strip()} is written as an addition: it may be a new expansion or phase, not the whole of {row['subject']}.")
    obj = row.get("_object")
    if obj is not None and f is None and POSSESSOR.match(search[obj.end : obj.end + 3]):
        out.append(f"{obj.text}的…: the object may be something of {row['object']}'s, not {row['object']}.")
    elif obj is not None and f is None and ADDED_BEFORE.search(search[max(0, obj.start - 16) : obj.start]):
        out.append(f"{row['object']} is written after an addition: what the row is about may be a new part of it, not it.")
    return out


def decide(row, reasons):
    """Set ``keep`` from the row's confidence and the reasons of doubt (which go into the note)."""
    if reasons:
        row["confidence"] = f"{min(float(row['confidence']), KEEP_AT - 0.1):.2f}"
        row["note"] = "; ".join(x for x in [row.get("note", "")] + reasons if x)
    row["keep"] = "yes" if float(row["confidence"]) >= KEEP_AT else "no"
    return row
