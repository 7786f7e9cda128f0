"""Issue 23, "Chinese as its readers write it": traditional characters and the regions' names find what
simplified ones find.

The articles write the names in simplified characters: a000 「软银CEO孙正义」, 「德州阿比林的星际之门基地」,
「这项特朗普就职典礼第二天就官宣的…」; a003 「英伟达首席执行官黄仁勋」; a002 「甲骨文」. A reader in Taiwan or Hong
Kong types the same names in traditional characters (軟銀, 孫正義, 黃仁勳, 星際之門), or the region's own name:
輝達 (Taiwan) / 英偉達 (Hong Kong) for 英伟达, 川普 (Taiwan) for 特朗普, 亞比林 (Taiwan) for 阿比林 — the regional
names are editors' additions in graph/regional-names.ttl.
"""

import json
from pathlib import Path

import pytest

from stargate_kg.namespace import E

GRAPH = Path(__file__).resolve().parents[1] / "graph"


@pytest.mark.parametrize(
    "typed, simplified, iri",
    [
        ("軟銀", "软银", "softbank"),  # a000 「软银CEO孙正义」
        ("軟銀集團", "软银集团", "softbank"),  # a search name of SoftBank in simplified characters
        ("孫正義", "孙正义", "masayoshi-son"),  # a000 「软银CEO孙正义」
        ("黃仁勳", "黄仁勋", "jensen-huang"),  # a003 「英伟达首席执行官黄仁勋」
        ("星際之門", "星际之门", "stargate"),  # a000 「德州阿比林的星际之门基地」
        ("輝達", "英伟达", "nvidia"),  # Taiwan's name for 英伟达 (a003 「英伟达首席执行官黄仁勋」)
        ("英偉達", "英伟达", "nvidia"),  # Hong Kong's name, the traditional spelling of 英伟达
        ("川普", "特朗普", "donald-trump"),  # Taiwan's name for 特朗普 (a000 「这项特朗普就职典礼…」)
        ("亞比林", "阿比林", "abilene"),  # Taiwan's name for 阿比林 (a000 「德州阿比林」)
        ("甲骨文公司", "甲骨文", "oracle"),
    ],
)
def test_traditional_and_regional_names_resolve_like_simplified(kg, typed, simplified, iri):
    from stargate_kg.lookup import resolve

    assert resolve(kg, typed).iri == resolve(kg, simplified).iri == str(E[iri])


@pytest.mark.parametrize(
    "typed, first_line",
    [
        ("軟銀", "SoftBank Group (软银)"),
        ("軟銀集團", "SoftBank Group (软银)"),
        ("孫正義", "Masayoshi Son (孙正义)"),
        ("輝達", "Nvidia (英伟达)"),
        ("川普", "Donald Trump (特朗普)"),
        ("亞比林", "Abilene (阿比林)"),
    ],
)
def test_entity_command_reads_traditional_and_regional_names(run, typed, first_line):
    shown = run("entity", typed)
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == first_line


def test_funders_of_stargate_in_traditional_characters_is_the_same_answer(run):
    """a002 「Stargate项目是由OpenAI、软银、甲骨文以及主权基金MGX共同成立的合资公司」: the same funders whichever
    script names the project."""
    trad = json.loads(run("funders", "星際之門", "--json").output)
    simp = json.loads(run("funders", "星际之门", "--json").output)
    assert trad == simp
    joint = [f for f in trad if f["joint"]][0]
    assert {f["label"] for f in joint["funders"]} == {"SoftBank Group", "Oracle", "MGX", "OpenAI"}


def test_search_reads_traditional_characters_in_names_and_quotes(run):
    """a003 「英伟达首席执行官黄仁勋」 is found by 黃仁勳, both the person and the statement quoting it."""
    out = run("search", "黃仁勳").output
    assert "Jensen Huang (黄仁勋)" in out
    assert "英伟达首席执行官黄仁勋" in out  # the quote, as the article wrote it
    assert out.splitlines()[1:] == run("search", "黄仁勋").output.splitlines()[1:]


def test_search_reads_taiwan_words(run):
    """資料中心 is Taiwan's word for 数据中心 (a000 「阿比林的这个数据中心」)."""
    trad = run("search", "資料中心", "--json")
    simp = run("search", "数据中心", "--json")
    hits = [h["text"] for h in json.loads(trad.output)]
    assert hits == [h["text"] for h in json.loads(simp.output)] and any("数据中心" in h for h in hits)


def test_catalog_parameter_reads_traditional_characters(run):
    trad = run("query", "funders-of", "--param", "entity=星際之門", "--format", "csv")
    simp = run("query", "funders-of", "--param", "entity=星际之门", "--format", "csv")
    assert trad.exit_code == 0, trad.output
    assert trad.output == simp.output and trad.output.count("\n") > 3


def test_regional_names_are_labels_in_the_regions_language_and_editors_additions(kg):
    """graph/regional-names.ttl: each regional name carries its region's tag and an editors' note; no article
    (all in simplified characters) writes a zh-Hant name, so none sits in another graph file."""
    import rdflib

    from stargate_kg.lookup import entity_index

    nvidia = entity_index(kg)[str(E["nvidia"])]
    assert nvidia.labels["zh-Hant-TW"] == "輝達" and nvidia.labels["zh-Hant-HK"] == "英偉達"
    assert "輝達" not in nvidia.aliases  # a label, not an alias the articles write
    own = rdflib.Graph().parse(GRAPH / "regional-names.ttl")
    hant = {(s, o) for s, p, o in own if getattr(o, "language", None) and o.language.lower().startswith("zh-hant")}
    assert len(hant) >= 15
    notes = {s: str(o) for s, o in own.subject_objects(rdflib.SKOS.editorialNote)}
    assert [(str(s), str(o)) for s, o in hant if str(o) not in notes.get(s, "")] == []
    for f in sorted(GRAPH.rglob("*.ttl")):
        if f.name != "regional-names.ttl":
            assert "@zh-Hant" not in f.read_text(encoding="utf-8"), f.name
