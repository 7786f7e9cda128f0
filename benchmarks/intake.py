"""How good a first draft `stargate-kg draft` writes: leave-one-out on the five articles.

For each article aNNN: build the graph without that article (every reference
to it removed, the statements and entities only it supports dropped, see
``stargate_kg.intake.holdout``), draft the article against that graph, and
compare the sheet with the statements the editors wrote for it:

- **figures recovered**: of the editors' statements that carry a figure
  (an amount, or a numeric value), the share for which the sheet has a row
  with the same figure whose quote overlaps one of theirs in the article;
- **rows kept**: the share of the sheet's rows that match an editors'
  statement: the row's quote and one of the statement's quotes lie in the same
  sentence, and the row's parties are the statement's parties (subject and
  object as a pair, either way round; names are resolved against the full graph, so a
  new name such as 黄仁勋 counts as e:jensen-huang). Shown for all rows and
  for the rows the draft marks keep=yes;
- **cited sentences**: the share of rows whose quote lies in a sentence the
  editors cite at all (right evidence, whatever the parties);
- **rows**: rows in the sheet against the editors' statement count;
- **time**: seconds to draft (names, jieba, figures, cues; the graph load is
  not counted, it is the same for every command).

Targets (issue 17): >= 80% of figure statements recovered, >= half of the rows
kept, <= 2x the editors' rows, < 30 s per article.

Usage::

    .venv/bin/python benchmarks/intake.py                 # all five articles
    .venv/bin/python benchmarks/intake.py --articles a004 --misses
    .venv/bin/python benchmarks/intake.py --json intake.json
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
from stargate_kg.exceptions import StargateKGError  # noqa: E402
from stargate_kg.intake.draft import Drafter  # noqa: E402
from stargate_kg.intake.holdout import graph_without  # noqa: E402
from stargate_kg.intake.text import read_article  # noqa: E402
from stargate_kg.lookup import entity_index, resolve  # noqa: E402
from stargate_kg.paths import default_articles_dir  # noqa: E402
from stargate_kg.answers.statements import all_statements  # noqa: E402

ARTICLES = ["a000", "a001", "a002", "a003", "a004"]


def spans(raw, quote):
    out, i = [], raw.find(quote)
    while i >= 0:
        out.append((i, i + len(quote)))
        i = raw.find(quote, i + 1)
    return out


def same_number(a, b):
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def score(article_id, full, articles_dir, misses=False):
    rows_meta = {}
    src = full.select("SELECT ?f ?d ?p WHERE { ?a sg:fileName ?f ; schema:datePublished ?d ; schema:publisher ?p }", {"a": _src(article_id)})
    fname, date = str(src[0]["f"]), str(src[0]["d"])
    publisher = entity_index(full)[str(src[0]["p"])].label
    art = read_article(Path(articles_dir) / fname)
    with tempfile.TemporaryDirectory() as tmp:
        kg = load([graph_without(article_id, out_dir=tmp)])
        t0 = time.perf_counter()
        drafter = Drafter(kg)
        rows = drafter.draft(art, article_id, date, publisher)
        seconds = time.perf_counter() - t0
    editors = [s for s in all_statements(full) if any(x.article == article_id for x in s.sources)]
    ed = []
    for s in editors:
        quotes = [x.quote for x in s.sources if x.article == article_id]
        sp = [p for q in quotes for p in spans(art.raw, q)]
        sents = {art.sentence_at(a).index for a, b in sp if art.sentence_at(a)} | {art.sentence_at(b - 1).index for a, b in sp if art.sentence_at(b - 1)}
        fig = s.qualifiers.get("amount")
        if fig is None and isinstance(s.value, (int, float)) and not isinstance(s.value, bool):
            fig = s.value
        ed.append({"st": s, "spans": sp, "sentences": sents, "figure": fig})

    def iri_of(name):
        try:
            return resolve(full, name).iri if name else None
        except StargateKGError:
            return None

    cited_sentences = set().union(*(e["sentences"] for e in ed)) if ed else set()
    same_sentence = 0
    for r in rows:
        r_sub, r_obj = iri_of(r["subject"]), iri_of(r.get("object"))
        same_sentence += bool({art.sentence_at(p).index for p in (r["_start"], r["_end"] - 1) if art.sentence_at(p)} & cited_sentences)
        rs = art.sentence_at(r["_start"])
        r_sents = {art.sentence_at(p).index for p in (r["_start"], r["_end"] - 1) if art.sentence_at(p)}
        hit = None
        for e in ed:
            st = e["st"]
            if not (r_sents & e["sentences"]):
                continue
            if {r_sub, r_obj or None} != {st.subject, st.object or None}:  # the same parties, whichever is the subject
                continue
            hit = st
            break
        rows_meta[id(r)] = hit
        _ = rs
    fig_eds = [e for e in ed if e["figure"] is not None]
    recovered = []
    for e in fig_eds:
        ok = False
        for r in rows:
            num = r.get("amount") or r.get("value")
            if not num or not same_number(num, e["figure"]):
                continue
            if any(r["_start"] < b and a < r["_end"] for a, b in e["spans"]):
                ok = True
                break
        recovered.append((e, ok))
    kept = [r for r in rows if rows_meta[id(r)] is not None]
    keep_yes = [r for r in rows if r["keep"] == "yes"]
    result = {
        "article": article_id,
        "editors": len(editors),
        "rows": len(rows),
        "rows_yes": len(keep_yes),
        "figure_statements": len(fig_eds),
        "figures_recovered": sum(ok for _, ok in recovered),
        "rows_matching": len(kept),
        "rows_in_cited_sentences": same_sentence,
        "rows_yes_matching": sum(1 for r in keep_yes if rows_meta[id(r)] is not None),
        "seconds": round(seconds, 2),
    }
    if misses:
        result["missed_figures"] = [(e["st"].iri.rsplit("/", 1)[-1], e["figure"], [x.quote for x in e["st"].sources if x.article == article_id][:1])
                                    for e, ok in recovered if not ok]
        result["unmatched_rows"] = [(r["subject"], r["relation"], r.get("object", ""), r.get("amount", "") or r.get("value", ""), r["quote"][:50])
                                    for r in rows if rows_meta[id(r)] is None]
    return result


def _src(article_id):
    from stargate_kg.terms import IRI
    from stargate_kg.namespace import BASE

    return IRI(BASE + "source/" + article_id)


def pct(a, b):
    return f"{100 * a / b:.0f}%" if b else "n/a"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", default=",".join(ARTICLES), help="comma-separated article ids (default: all five)")
    ap.add_argument("--articles-dir", default=None, help="folder of the article files (default: ../shared/articles)")
    ap.add_argument("--misses", action="store_true", help="list missed figure statements and unmatched rows")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    articles_dir = args.articles_dir or default_articles_dir()
    if articles_dir is None:
        sys.exit("the articles are not available: pass --articles-dir")
    full = load()
    results = [score(a, full, articles_dir, args.misses) for a in args.articles.split(",")]
    print(f"{'article':<8} {'editors':>7} {'rows':>5} {'yes':>4} {'rows/ed':>7} {'figures rec.':>13} {'rows kept':>10} {'yes kept':>9} {'cited sent.':>12} {'seconds':>8}")
    tot = {k: 0 for k in ("editors", "rows", "rows_yes", "figure_statements", "figures_recovered", "rows_matching", "rows_yes_matching",
                          "rows_in_cited_sentences")}
    worst = 0.0
    for r in results:
        for k in tot:
            tot[k] += r[k]
        worst = max(worst, r["seconds"])
        print(f"{r['article']:<8} {r['editors']:>7} {r['rows']:>5} {r['rows_yes']:>4} {r['rows'] / r['editors']:>7.2f} "
              f"{r['figures_recovered']:>3}/{r['figure_statements']:<3} {pct(r['figures_recovered'], r['figure_statements']):>5} "
              f"{pct(r['rows_matching'], r['rows']):>10} {pct(r['rows_yes_matching'], r['rows_yes']):>9} "
              f"{pct(r['rows_in_cited_sentences'], r['rows']):>12} {r['seconds']:>8.2f}")
        if args.misses:
            for m in r["missed_figures"]:
                print("    missed figure:", m)
            for m in r["unmatched_rows"]:
                print("    unmatched row:", m)
    print(f"{'all':<8} {tot['editors']:>7} {tot['rows']:>5} {tot['rows_yes']:>4} {tot['rows'] / tot['editors']:>7.2f} "
          f"{tot['figures_recovered']:>3}/{tot['figure_statements']:<3} {pct(tot['figures_recovered'], tot['figure_statements']):>5} "
          f"{pct(tot['rows_matching'], tot['rows']):>10} {pct(tot['rows_yes_matching'], tot['rows_yes']):>9} "
          f"{pct(tot['rows_in_cited_sentences'], tot['rows']):>12} {worst:>8.2f} (slowest)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
