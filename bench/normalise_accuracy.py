"""Accuracy of `clusterx.normalise` on the phrase tables of real text in tests/data/normalise/.

Prints, per language, the rows, the correct ones and the accuracy (all rows, and the rows whose base form
differs from the mention, which are the ones that need inflecting), the failures with what came out, and
the time per mention with empty caches (analysers already loaded) and cached. The floors in
tests/test_normalise.py pin these numbers.

    python bench/normalise_accuracy.py            # all tables
    python bench/normalise_accuracy.py lt -q      # one language, failures only
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tests" / "data" / "normalise"
sys.path.insert(0, str(ROOT / "src"))

from clusterx import normalise as module  # noqa: E402
from clusterx.normalise import normalise  # noqa: E402

CACHES = ("_normalise", "_ru_parses", "_pl_readings", "_pl_forms", "_lt_matches", "_lt_lexicon")


def read_table(path: Path) -> list[tuple[str, str, str]]:
    """`kind<TAB>mention<TAB>expected` rows; `#` lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, mention, expected = line.split("\t")
            rows.append((kind, mention, expected))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", help="languages to measure (default: every table)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print the summary lines only")
    args = parser.parse_args()
    langs = args.langs or sorted(p.stem for p in TABLES.glob("*.tsv"))
    summary = []
    for lang in langs:
        rows = read_table(TABLES / f"{lang}.tsv")
        got = [normalise(mention, kind, lang) for kind, mention, _ in rows]  # also loads the analysers
        for name in CACHES:
            getattr(module, name).cache_clear()
        start = time.perf_counter()
        for kind, mention, _ in rows:
            normalise(mention, kind, lang)
        cold = (time.perf_counter() - start) / len(rows)
        start = time.perf_counter()
        for kind, mention, _ in rows:
            normalise(mention, kind, lang)
        warm = (time.perf_counter() - start) / len(rows)
        ok = [g == e for g, (_, _, e) in zip(got, rows, strict=True)]
        inflected = [i for i, (_, m, e) in enumerate(rows) if m != e]
        ok_inflected = sum(ok[i] for i in inflected)
        if not args.quiet:
            print(f"\n== {lang}: failures")
            for g, (kind, mention, expected), good in zip(got, rows, ok, strict=True):
                if not good:
                    print(f"  {kind:13} {mention}\n  {'':13} expected {expected}\n  {'':13} got      {g}")
        summary.append(f"{lang}: {sum(ok)}/{len(rows)} = {sum(ok) / len(rows):.3f} "
                       f"(rows needing inflection: {ok_inflected}/{len(inflected)} = "
                       f"{ok_inflected / max(1, len(inflected)):.3f}); {cold * 1e3:.2f} ms/mention uncached "
                       f"(analysers loaded), {warm * 1e6:.1f} µs cached")
    print("\n" + "\n".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
