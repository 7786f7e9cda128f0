"""How `add` scales with the sheet: seconds for sheets of growing size (each row a quote of article 004).

A quadratic step shows as time growing 4x when rows double; the target is
linear (issue #26: a 100,000-row sheet did not finish in 15 minutes)::

    python benchmarks/add_scale.py --rows 2000,8000,32000
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "articles" / "004_be3f9ccde86d9a42.txt"
HEADER = "keep,subject,relation,object,amount,currency,bound,value,unit,date,status,quote,note\n"
ROWS = [  # quotes from article 004 (证券时报, 2025-09-25)
    "yes,英伟达,investsIn,OpenAI,1000亿,USD,up to,,,,,将向OpenAI投资最高1000亿美元,row {i}\n",
    "yes,黄仁勋,ceoOf,英伟达,,,,,,,,英伟达CEO黄仁勋在接受媒体采访时表示,row {i}\n",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="1000,4000")
    args = ap.parse_args()
    from stargate_kg import load
    from stargate_kg.intake.add import add_sheet
    from stargate_kg.intake.holdout import graph_without

    with tempfile.TemporaryDirectory() as tmp:
        base = graph_without("a004", out_dir=Path(tmp) / "base")
        kg = load([base])
        last = None
        for n in map(int, args.rows.split(",")):
            gdir = Path(tmp) / f"g{n}"
            shutil.copytree(base, gdir)
            sheet = Path(tmp) / f"a004-{n}.csv"
            sheet.write_text(HEADER + "".join(ROWS[i % 2].format(i=i) for i in range(n)), encoding="utf-8")
            started = time.perf_counter()
            res = add_sheet(kg, sheet, ARTICLE, "a004", "证券时报", "2025-09-25", graph_dir=gdir)
            seconds = time.perf_counter() - started
            growth = f", x{seconds / last[1]:.1f} for x{n / last[0]:.0f} rows" if last else ""
            print(f"{n:>7} rows: {seconds:7.2f} s ({res.statements} statements, {res.references} quotes){growth}", flush=True)
            last = (n, seconds)


if __name__ == "__main__":
    main()
