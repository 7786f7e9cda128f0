"""Resolve a user's name (English or Chinese, label or alias) to one entity.

Three kinds of names are matched: labels (``rdfs:label``), aliases as the
articles write them (``skos:altLabel``) and search names no article writes
(``skos:hiddenLabel``: "Oracle Corporation", "USA"). A search name finds its
entity like an alias does, but it is kept apart (``Entity.search_names``) and
is not shown as one of the entity's aliases.

>>> from stargate_kg import load
>>> kg = load()
>>> resolve(kg, "sam altman").iri == resolve(kg, "山姆·奥特曼").iri
True
>>> resolve(kg, "软银").label
'SoftBank Group'
>>> ent = resolve(kg, "Oracle Corporation")
>>> ent.label, "Oracle Corporation" in ent.aliases, "Oracle Corporation" in ent.search_names
('Oracle', False, True)
"""

import re
from dataclasses import dataclass, field, replace

from stargate_kg.exceptions import AmbiguousEntity, UnknownEntity
from stargate_kg.i18n_zh import lang_tag, regional_label
from stargate_kg.names import normalize
from stargate_kg.namespace import local_name

ENTITY_NAMES = """
SELECT ?e ?t ?p ?name WHERE {
  ?e a ?t . ?t rdfs:subClassOf* sg:Entity .
  OPTIONAL { VALUES ?p { rdfs:label skos:altLabel skos:hiddenLabel } ?e ?p ?name }
}"""


@dataclass
class Entity:
    """An entity with its names, types and Wikidata links."""

    iri: str
    label: str
    labels: dict = field(default_factory=dict)  # language tag (en, zh, zh-Hant-TW...) -> label
    aliases: list = field(default_factory=list)  # skos:altLabel: names as the articles write them
    types: list = field(default_factory=list)  # most specific class local names
    same_as: list = field(default_factory=list)
    also_matches: list = field(default_factory=list)  # other entities the name matched as an alias
    search_names: list = field(default_factory=list)  # skos:hiddenLabel: matched like aliases, never displayed as one

    def label_in(self, lang):
        """The label in ``lang`` (en, zh, zh-Hant, zh-TW, zh-HK): the region's own label when the graph has one,
        else the simplified one in the region's script, else the English one (see :func:`i18n_zh.regional_label`)."""
        if lang == "en" or not lang:
            return self.label
        return regional_label(self.labels, lang) or self.label

    def other_spellings(self):
        """Names a reader of traditional characters types, for search boxes that cannot fold scripts (the map's
        Find box): the regions' labels and the traditional spelling of the Chinese label and aliases.

        >>> Entity("e:x", "SoftBank Group", {"en": "SoftBank Group", "zh": "软银"}, ["软银集团"]).other_spellings()
        ['軟銀', '軟銀集團']
        """
        from stargate_kg.i18n_zh import to_script

        out = [t for tag, t in self.labels.items() if tag.lower().startswith("zh-hant")]
        for text in [self.labels.get("zh")] + self.aliases:
            trad = to_script(text, "zh-Hant") if text else None
            if trad and trad != text and trad not in out:
                out.append(trad)
        return out

    @property
    def type(self):
        return self.types[0] if self.types else "Entity"


def entity_index(kg):
    """All entities by IRI (cached on the graph)."""
    return kg.cached("entity_index", lambda: _build_index(kg))


def _build_index(kg):
    from stargate_kg.namespace import SG_IRI

    # engines return rows in different orders: sort them, so every engine builds the same index
    rows = sorted(kg.select(ENTITY_NAMES), key=lambda r: tuple(str(r[k] or "") for k in ("e", "t", "p", "name")))
    subclass = {}
    for r in kg.select("SELECT ?c ?super WHERE { ?c rdfs:subClassOf+ ?super . ?super rdfs:subClassOf* sg:Entity }"):
        subclass.setdefault(str(r["c"]), set()).add(str(r["super"]))
    index = {}
    for r in rows:
        iri = str(r["e"])
        ent = index.setdefault(iri, Entity(iri=iri, label=""))
        t = str(r["t"])
        if t not in ent.types:
            ent.types.append(t)
        if r["name"] is not None:
            lang = lang_tag(getattr(r["name"], "language", None) or "")
            text = str(r["name"])
            kind = local_name(r["p"])
            if kind == "label":
                ent.labels.setdefault(lang or "en", text)
            elif kind == "hiddenLabel":
                if text not in ent.search_names:
                    ent.search_names.append(text)
            elif text not in ent.aliases:
                ent.aliases.append(text)
    for r in kg.select("SELECT ?e ?w WHERE { ?e owl:sameAs ?w }"):
        if str(r["e"]) in index:
            index[str(r["e"])].same_as.append(str(r["w"]))
    for ent in index.values():
        # keep the most specific types only, in a stable order
        specific = [t for t in ent.types if not any(t in subclass.get(o, ()) for o in ent.types if o != t)]
        ent.types = sorted(local_name(t) for t in specific if t != SG_IRI + "Entity") or ["Entity"]
        ent.label = ent.labels.get("en") or next(iter(ent.labels.values()), None) or local_name(ent.iri)
        ent.aliases.sort()
        ent.search_names.sort()
        ent.same_as.sort()
        ent.labels = dict(sorted(ent.labels.items()))
    return index


def _name_keys(kg):
    def build():
        labels, aliases = {}, {}
        for ent in entity_index(kg).values():
            for text in ent.labels.values():
                labels.setdefault(normalize(text), set()).add(ent.iri)
            for text in ent.aliases + ent.search_names:
                aliases.setdefault(normalize(text), set()).add(ent.iri)
            labels.setdefault(normalize(local_name(ent.iri)), set()).add(ent.iri)
        return labels, aliases

    return kg.cached("name_keys", build)


def resolve(kg, name):
    """The one entity called ``name``; raise UnknownEntity or AmbiguousEntity otherwise.

    A label beats an alias: "Stargate" is the 2025 project's label and an alias
    of the 2024 supercomputer plan, so it resolves to the project and lists the
    other in ``also_matches``. A search name (``skos:hiddenLabel``) counts as an
    alias. An IRI (or ``e:slug``) is accepted as is.
    """
    index = entity_index(kg)
    text = str(name).strip()
    if text.startswith("e:"):
        from stargate_kg.namespace import E_IRI

        text = E_IRI + text[2:]
    if text in index:
        return index[text]
    key = normalize(text)
    if not key:
        raise UnknownEntity(name, [])
    labels, aliases = _name_keys(kg)
    by_label = sorted(labels.get(key, ()))
    by_alias = sorted(aliases.get(key, set()) - set(by_label))
    if len(by_label) == 1:
        # a copy: the note belongs to this lookup, not to the cached entity
        return replace(index[by_label[0]], also_matches=[index[i].label for i in by_alias])
    if len(by_label) > 1 or len(by_alias) > 1:
        cands = by_label if len(by_label) > 1 else by_alias
        raise AmbiguousEntity(name, [(i, index[i].label, index[i].type) for i in cands])
    if by_alias:
        return replace(index[by_alias[0]], also_matches=[])
    raise UnknownEntity(name, suggest(kg, text))


def _suggest_names(kg):
    """[(key, words, iri, is_label)] for every name of every entity (cached): the key as :func:`normalize` folds it,
    and the name's words folded the same way (for "Sam" -> "Sam Altman")."""

    def build():
        out = []
        for ent in entity_index(kg).values():
            names = [(t, True) for t in ent.labels.values()] + [(t, False) for t in ent.aliases + ent.search_names]
            for text, is_label in names:
                key = normalize(text)
                if key:
                    words = [w for w in (normalize(x) for x in re.split(r"[\s,()/·・（），]+", text)) if w]
                    out.append((key, words, ent.iri, is_label))
        return out

    return kg.cached("suggest_names", build)


def similarity(query, key, words=()):
    """How close a folded ``query`` is to a folded name ``key`` (0-100), with rapidfuzz.

    The name itself or one of its words: 100; a name or word that starts
    with the query: 90-95; the query inside the name: 85; the name inside the
    query: 70-85; otherwise the
    Damerau-Levenshtein similarity of the two keys (a swapped pair of letters,
    "OpenIA", costs one edit), or rapidfuzz's ratio if that is higher. Chinese
    is compared character by character, without transliteration.

    >>> similarity("openia", "openai") > similarity("openia", "phoenix")
    True
    >>> similarity("sam", "samaltman", ["sam", "altman"]), similarity("软银", "软银集团")
    (97.0, 92.5)
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import DamerauLevenshtein

    if query == key:
        return 100.0
    if query in words:
        return 97.0
    if len(query) >= 2 and key.startswith(query):
        return 90.0 + 5.0 * len(query) / len(key)
    if len(query) >= 2 and any(w.startswith(query) for w in words):
        return 90.0
    if len(query) >= 2 and query in key:
        return 85.0
    if len(key) >= 2 and key in query:  # "微软公司" holds the name 微软
        return 70.0 + 15.0 * len(key) / len(query)
    return max(100.0 * DamerauLevenshtein.normalized_similarity(query, key), fuzz.ratio(query, key) * 0.95)


def suggest(kg, name, n=5, cutoff=70.0):
    """Labels of the entities whose names are closest to ``name``, best first (see :func:`similarity`).

    Every name counts (English and Chinese labels, aliases, search names); an
    entity scores by its best name, a label winning a tie over an alias, then
    the entity with more statements (the one people mean more often).

    >>> from stargate_kg import load
    >>> kg = load()
    >>> suggest(kg, "OpenIA")[0], suggest(kg, "Sam")[0], suggest(kg, "软银集")[0]
    ('OpenAI', 'Sam Altman', 'SoftBank Group')

    Chinese names are also compared by their sound (pinyin, tones ignored), so a
    homophone typed by an input method finds the name: 孙正意 is sun-zheng-yi as 孙正义 is.

    >>> suggest(kg, "孙正意")[0], suggest(kg, "奥特慢")[0], suggest(kg, "黃仁勛")[0]
    ('Masayoshi Son', 'Sam Altman', 'Jensen Huang')
    """
    index = entity_index(kg)
    key = normalize(name)
    if not key:
        return []
    best = {}
    sounds = _pinyin_names(kg) if _HAN.search(key) else {}
    heard = pinyin_of(key) if sounds else None
    for k, words, iri, is_label in _suggest_names(kg):
        score = similarity(key, k, words)
        if sounds and k in sounds:
            score = max(score, sounds_like(key, heard, k, sounds[k]))
        if score >= cutoff:
            cand = (score, is_label)
            if cand > best.get(iri, (0.0, False)):
                best[iri] = cand
    weight = _statement_counts(kg)
    ranked = sorted(best, key=lambda i: (-best[i][0], not best[i][1], -weight.get(i, 0), index[i].label.casefold()))
    out = []
    for i in ranked:
        if index[i].label not in out:
            out.append(index[i].label)
    return out[:n]


_HAN = re.compile(r"[\u3400-\u9fff]")


def pinyin_of(key):
    """A folded Chinese name as its sound: pinyin syllables without tones, Latin letters kept ('孙正义' -> 'sun zheng yi').

    pypinyin (MIT) is imported on the first Chinese name that needs it (its tables take a moment to load).
    """
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(key, errors="default"))


def _pinyin_names(kg):
    """{folded name key: its pinyin} for every name with a Chinese character (cached)."""
    return kg.cached("pinyin_names", lambda: {k: pinyin_of(k) for k, _, _, _ in _suggest_names(kg) if _HAN.search(k)})


def sounds_like(query, query_sound, key, key_sound):
    """How close two Chinese names sound (0-88): the same syllables (a homophone, 孙正意 for 孙正义) 88, else the
    similarity of their pinyin, scaled below what a written match scores; one character off of three or more
    (the same length) is at least 72.

    >>> sounds_like("孙正意", "sun zheng yi", "孙正义", "sun zheng yi"), sounds_like("马斯可", "ma si ke", "马斯克", "ma si ke")
    (88.0, 88.0)
    """
    from rapidfuzz.distance import DamerauLevenshtein

    if query_sound == key_sound:
        return 88.0
    score = 80.0 * DamerauLevenshtein.normalized_similarity(query_sound.split(), key_sound.split())
    score = max(score, 85.0 * DamerauLevenshtein.normalized_similarity(query_sound.replace(" ", ""), key_sound.replace(" ", "")))
    if len(query) == len(key) >= 3 and DamerauLevenshtein.distance(query, key) == 1:
        score = max(score, 72.0)
    return score


def _statement_counts(kg):
    """{entity iri: number of statements it is a party to} (cached), to break ties between suggestions."""

    def build():
        rows = kg.select(
            "SELECT ?e (COUNT(?st) AS ?n) WHERE { { ?st sg:subject ?e } UNION { ?st sg:object ?e } } GROUP BY ?e"
        )
        return {str(r["e"]): int(str(r["n"])) for r in rows}

    return kg.cached("statement_counts", build)
