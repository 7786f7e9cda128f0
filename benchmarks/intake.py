"""How good a first draft `stargate-kg draft` writes, counting parties: seed articles leave-one-out, and a development set.

Two sets of articles:

- **seed** (the five articles the graph was built from), leave-one-out: for
  each article aNNN, build the graph without it (every reference to it
  removed, the statements and entities only it supports dropped, see
  ``stargate_kg.intake.holdout``), draft the article against that graph and
  compare the sheet with the statements the editors wrote for it (their
  subjects, objects, figures and quotes are the gold facts);
  Gold is every statement of the article but the deprecated ones and the
  editors' readings (``sg:inferred``: no sentence states them). A joint figure
  the graph keeps on the project (joint funders) is also recovered by a row
  "first payer, joint = the others, -> the project"; a claim with a figure
  ("Son claims Stargate $500B") also by the figure on what is claimed with
  ``stated_by`` the speaker. A new entity the draft proposes is matched to an
  entity only the held-out article creates by any of its names (scripts
  folded, fuzzy ratio >= 85). Each fact is also counted by what it asks of a
  drafter (``KINDS``): a party the editors made up (no name of it in its
  sentences), a new entity the sentence names, a known party the sentence does
  not name, a claim, or parties the sentence names;
- **devset** (``benchmarks/devset/dNN.tsv``): real articles from other outlets
  (Taiwan, Hong Kong, mainland; both scripts) with gold lists written by hand
  before any draft; the article texts are kept outside the repository and
  passed with ``--devset FOLDER``. Each is drafted against the full graph.

Scores (``stargate_kg.intake.gold``): a fact counts only when a row quotes its
sentence with the right subject, the right object and the right figure.

- **facts**: share of gold facts recovered; **figure facts**: the same for the
  facts with an amount or a number;
- **wrong party**: share of rows that recover nothing although a fact of
  their sentence has their figure (or, without a figure, their relation): the
  right evidence given to the wrong party; **wrong yes**: how many of those
  the draft marks keep=yes;
- **abstained**: rows the draft leaves without a subject (not sure);
- **dates**: dated gold facts recovered with the right date;
- **s/article**: seconds to draft the slowest article (names, jieba,
  figures, cues; loading the graph is not counted).

Targets (issue 24): >= 50% facts, >= 70% figure facts, <= 10% wrong-party
rows, no wrong-party row marked keep=yes, <= 10 s per article.

Usage::

    .venv/bin/python benchmarks/intake.py                          # the five seed articles
    .venv/bin/python benchmarks/intake.py --devset ../devset-articles --no-seed
    .venv/bin/python benchmarks/intake.py --devset ../devset-articles --misses --json intake.json
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stargate_kg import load  # noqa: E402
from stargate_kg.answers.statements import all_statements  # noqa: E402
from stargate_kg.exceptions import StargateKGError  # noqa: E402
from stargate_kg.intake.draft import Drafter, draft  # noqa: E402
from stargate_kg.intake.gold import Fact, read_gold, score_rows  # noqa: E402
from stargate_kg.intake.holdout import graph_without  # noqa: E402
from stargate_kg.intake.text import read_article  # noqa: E402
from stargate_kg.lookup import entity_index, resolve  # noqa: E402
from stargate_kg.paths import default_articles_dir  # noqa: E402

ARTICLES = ["a000", "a001", "a002", "a003", "a004"]
DEVSET = ROOT / "benchmarks" / "devset"


def resolver(kg, new_entities=()):
    """name -> IRI of the full graph, or None. ``new_entities``: the entities only a held-out article creates; a name
    the held-out graph cannot know is matched to one of them by any of its names, scripts folded, spaces and
    punctuation ignored, or a fuzzy ratio >= 85 (a drafter proposing 1号变电站 for the editors' Substation 1 is right)."""
    cache = {}
    index = entity_index(kg)
    keyed = [(_key(n), iri) for iri in new_entities for n in _names(index[iri])]
    keyed = [(k, iri) for k, iri in keyed if len(k) >= 2]

    def resolve_name(name):
        if name not in cache:
            try:
                cache[name] = resolve(kg, name).iri if name else None
            except StargateKGError:
                cache[name] = _fuzzy(name, keyed) if keyed and name else None
        return cache[name]

    return resolve_name


def _names(ent):
    return list(ent.labels.values()) + list(ent.aliases) + list(ent.search_names)


def _key(name):
    from stargate_kg.intake.gold import fold

    return fold(name)


def _fuzzy(name, keyed):
    from rapidfuzz import fuzz

    key = _key(name)
    if len(key) < 2:
        return None
    exact = {iri for k, iri in keyed if k == key}
    if len(exact) == 1:
        return exact.pop()
    best = [(fuzz.ratio(key, k), iri) for k, iri in keyed if abs(len(k) - len(key)) <= max(2, len(key) // 4)]
    best = sorted((b for b in best if b[0] >= 85), reverse=True)
    if best and (len(best) == 1 or best[0][1] == best[1][1] or best[0][0] > best[1][0]):
        return best[0][1]
    return None


def short(iri):
    return "e:" + iri.rsplit("/", 1)[-1] if iri else ""


def editors_facts(full, article_id):
    """The editors' statements of one article as gold facts (every quote of the article is a place it is stated)."""
    facts = []
    for s in all_statements(full):
        quotes = [x.quote for x in s.sources if x.article == article_id]
        if not quotes or s.deprecated or s.inferred:
            continue  # a deprecated claim, or an editor's reading no sentence states (sg:inferred): not a drafter's
        q = s.qualifiers
        fig, unit = q.get("amount"), q.get("currency") or ""
        if fig is None and isinstance(s.value, (int, float)) and not isinstance(s.value, bool):
            fig, unit = s.value, q.get("unit") or ""
        also = []
        funders = [short(p["iri"]) for p in q.get("joint_funders") or []]
        if funders and not s.object:  # the graph keeps a joint figure on the project: "A + B -> the project" too
            also.append(("+".join(funders), short(s.subject), ""))
        if s.relation in ("claims", "doubts", "supports") and fig is not None and s.object:
            also.append((short(s.object), "", short(s.subject)))  # the figure on what is claimed, stated_by the speaker
        facts.append(Fact(short(s.subject), s.relation, short(s.object), fig, unit, "", "\n".join(quotes), also=tuple(also)))
    return facts


def seed_article(article_id, full, articles_dir):
    src = full.select("SELECT ?f ?d ?p WHERE { ?a sg:fileName ?f ; schema:datePublished ?d ; schema:publisher ?p }", {"a": _src(article_id)})
    fname, date = str(src[0]["f"]), str(src[0]["d"])[:10]
    publisher = entity_index(full)[str(src[0]["p"])].label
    art = read_article(Path(articles_dir) / fname)
    with tempfile.TemporaryDirectory() as tmp:
        kg = load([graph_without(article_id, out_dir=tmp)])
        t0 = time.perf_counter()
        rows = Drafter(kg).draft(art, article_id, date, publisher)
        seconds = time.perf_counter() - t0
    held_out_only = set(entity_index(full)) - set(entity_index(kg))
    facts = editors_facts(full, article_id)
    score = score_rows(art, rows, facts, resolve_name=resolver(full, held_out_only), seconds=seconds, label=article_id, strict=False)
    score.kinds = by_kind(facts, fact_kinds(full, facts, held_out_only), score.missed)
    return score


#: what a gold fact asks of a drafter (the first that applies): a party the editors made up from this article (no
#: name of it in the fact's sentences: 000's "Abilene site chips"), a party only this article creates and names
#: (the draft must propose it), a known party the sentences do not name (他, 该项目: coreference, or an editor's
#: reading), a claim (who said what), the rest
KINDS = ("editors' construct", "new entity named", "party not named", "claim", "named parties")


def fact_kinds(full, facts, held_out_only):
    """[kind] of each fact (see KINDS)."""
    from stargate_kg.intake.gold import fold
    from stargate_kg.namespace import E_IRI

    index = entity_index(full)
    out = []
    for f in facts:
        iris = [E_IRI + p[2:] for p in (f.subject, f.object) if p.startswith("e:")]
        quote = fold(f.sentence)
        named = {i: i in index and any(len(fold(n)) >= 2 and fold(n) in quote for n in _names(index[i])) for i in iris}
        if any(i in held_out_only and not named[i] for i in iris):
            out.append(KINDS[0])
        elif any(i in held_out_only for i in iris):
            out.append(KINDS[1])
        elif not all(named.values()):
            out.append(KINDS[2])
        elif f.relation in ("claims", "doubts", "supports"):
            out.append(KINDS[3])
        else:
            out.append(KINDS[4])
    return out


def by_kind(facts, kinds, missed):
    """{kind: [found, total]}."""
    left = {}
    for m in missed:
        left[tuple(m[1:5])] = left.get(tuple(m[1:5]), 0) + 1
    out = {k: [0, 0] for k in KINDS}
    for f, k in zip(facts, kinds):
        key = (f.subject, f.relation, f.object, "" if f.figure is None else f"{f.figure:g} {f.unit}")
        out[k][1] += 1
        if left.get(key):
            left[key] -= 1
        else:
            out[k][0] += 1
    return out


def devset_article(gold_path, folder, full, drafter, resolve_name):
    gold = read_gold(gold_path)
    path = Path(folder) / gold.meta["file"]
    if not path.exists():
        sys.exit(f"{path}: the article of {gold_path.name} is missing (folder {folder})")
    art = read_article(path)
    t0 = time.perf_counter()
    rows = draft(full, art, "a999", gold.meta.get("date"), gold.meta.get("outlet"), drafter=drafter)
    seconds = time.perf_counter() - t0
    return score_rows(art, rows, gold.facts, resolve_name, seconds, gold_path.stem), gold.meta


def pct(a, b):
    return f"{100 * a / b:.0f}%" if b else "n/a"


HEAD = (f"{'article':<8} {'facts':>13} {'figure facts':>13} {'rows':>5} {'yes':>4} {'wrong party':>12} {'wrong yes':>9} "
        f"{'abstained':>9} {'dates':>7} {'s':>6}")


def line(name, s):
    return (f"{name:<8} {s.facts_found:>4}/{s.facts:<4}{pct(s.facts_found, s.facts):>4} {s.figures_found:>4}/{s.figure_facts:<4}"
            f"{pct(s.figures_found, s.figure_facts):>4} {s.rows:>5} {s.rows_yes:>4} {s.wrong_party:>4} {pct(s.wrong_party, s.rows):>7} "
            f"{s.wrong_party_yes:>9} {s.abstained:>9} {s.dates_found:>3}/{s.dated_facts:<3} {s.seconds:>6.2f}")


def report(title, results, misses):
    print(title)
    print(HEAD)
    total = None
    for name, s in results:
        print(line(name, s))
        total = s if total is None else total + s
        if misses:
            for m in s.missed:
                print("    missed:", *m[1:])
            for w in s.wrong:
                print("    wrong party:", *w[1:])
    print(line("all", total), "(slowest)")
    kinds = [getattr(s, "kinds", None) for _, s in results]
    if all(kinds):
        print("facts found, by what they ask of a drafter:",
              ", ".join(f"{k} {sum(x[k][0] for x in kinds)}/{sum(x[k][1] for x in kinds)}" for k in KINDS))
    return total


def as_dict(s):
    return {k: v for k, v in vars(s).items() if k not in ("missed", "wrong")}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", default=",".join(ARTICLES), help="comma-separated seed article ids (default: all five)")
    ap.add_argument("--articles-dir", default=None, help="folder of the seed article files (default: ../shared/articles)")
    ap.add_argument("--no-seed", action="store_true", help="skip the seed articles")
    ap.add_argument("--devset", default=None, help="folder of the development-set article texts (see benchmarks/devset/README.md)")
    ap.add_argument("--gold", default=str(DEVSET), help="folder of the gold lists (default: benchmarks/devset)")
    ap.add_argument("--misses", action="store_true", help="list the missed facts and the wrong-party rows")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    full = load()
    resolve_name = resolver(full)
    out = {}
    if not args.no_seed:
        articles_dir = args.articles_dir or default_articles_dir()
        if articles_dir is None:
            sys.exit("the seed articles are not available: pass --articles-dir, or --no-seed")
        results = [(a, seed_article(a, full, articles_dir)) for a in args.articles.split(",")]
        total = report("seed articles, leave-one-out (gold: the editors' statements)", results, args.misses)
        out["seed"] = {"articles": {a: as_dict(s) for a, s in results}, "all": as_dict(total)}
    if args.devset:
        drafter = Drafter(full)
        results = []
        for g in sorted(Path(args.gold).glob("*.tsv")):
            s, meta = devset_article(g, args.devset, full, drafter, resolve_name)
            results.append((g.stem, s))
        if args.no_seed is False:
            print()
        total = report("development set (gold: benchmarks/devset)", results, args.misses)
        out["devset"] = {"articles": {a: as_dict(s) for a, s in results}, "all": as_dict(total)}
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


def _src(article_id):
    from stargate_kg.namespace import BASE
    from stargate_kg.terms import IRI

    return IRI(BASE + "source/" + article_id)


if __name__ == "__main__":
    main()
