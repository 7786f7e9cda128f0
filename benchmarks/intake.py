"""How good a first draft `stargate-kg draft` writes, counting parties: seed articles leave-one-out, and a development set.

Two sets of articles:

- **seed** (the five articles the graph was built from), leave-one-out: for
  each article aNNN, build the graph without it (every reference to it
  removed, the statements and entities only it supports dropped, see
  ``stargate_kg.intake.holdout``), draft the article against that graph and
  compare the sheet with the statements the editors wrote for it (their
  subjects, objects, figures and quotes are the gold facts);
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


def resolver(kg):
    cache = {}

    def resolve_name(name):
        if name not in cache:
            try:
                cache[name] = resolve(kg, name).iri if name else None
            except StargateKGError:
                cache[name] = None
        return cache[name]

    return resolve_name


def short(iri):
    return "e:" + iri.rsplit("/", 1)[-1] if iri else ""


def editors_facts(full, article_id):
    """The editors' statements of one article as gold facts (every quote of the article is a place it is stated)."""
    facts = []
    for s in all_statements(full):
        quotes = [x.quote for x in s.sources if x.article == article_id]
        if not quotes or s.deprecated:
            continue
        q = s.qualifiers
        fig, unit = q.get("amount"), q.get("currency") or ""
        if fig is None and isinstance(s.value, (int, float)) and not isinstance(s.value, bool):
            fig, unit = s.value, q.get("unit") or ""
        facts.append(Fact(short(s.subject), s.relation, short(s.object), fig, unit, "", "\n".join(quotes)))
    return facts


def seed_article(article_id, full, articles_dir, resolve_name):
    src = full.select("SELECT ?f ?d ?p WHERE { ?a sg:fileName ?f ; schema:datePublished ?d ; schema:publisher ?p }", {"a": _src(article_id)})
    fname, date = str(src[0]["f"]), str(src[0]["d"])[:10]
    publisher = entity_index(full)[str(src[0]["p"])].label
    art = read_article(Path(articles_dir) / fname)
    with tempfile.TemporaryDirectory() as tmp:
        kg = load([graph_without(article_id, out_dir=tmp)])
        t0 = time.perf_counter()
        rows = Drafter(kg).draft(art, article_id, date, publisher)
        seconds = time.perf_counter() - t0
    return score_rows(art, rows, editors_facts(full, article_id), resolve_name, seconds, article_id, strict=False)


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
        results = [(a, seed_article(a, full, articles_dir, resolve_name)) for a in args.articles.split(",")]
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
