"""What the domain layer (clusterx_domain) adds on top of the statistical NER, per language.

Runs the whole extraction on the gold articles (../shared/eval/dev and samples-gold) twice,
with and without the domain layer, and prints document-level F1 of organisations+clusters,
people and locations per language (the matching rules of the record contract). The test
sets' exact-span F with and without the layer are in models/<lang>/metrics.json.

Usage: python bench/domain_ablation.py [--eval ../shared/eval]; writes bench/domain_ablation.json.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from clusterx.evaluate import evaluate, load_gold
from clusterx.ingest import discover, read_source
from clusterx.langid import detect
from clusterx.output import dumps
from clusterx.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("organisations+clusters", "people", "locations", "events")


def run(sets: list[tuple[Path, Path]], with_layer: bool) -> dict:
    extractor = Extractor()
    records = {}
    gold = {}
    for articles, gold_dir in sets:
        gold.update(load_gold(gold_dir))
        for source in discover([str(articles)]):
            for article in read_source(source):
                if isinstance(article, tuple):
                    continue
                # backends are created lazily: switch the layer on the one this article uses
                nlp = getattr(extractor.registry.get(detect(article.text).code), "nlp", None)
                if nlp is not None and nlp.has_pipe("clusterx_domain"):
                    (nlp.enable_pipe if with_layer else nlp.disable_pipe)("clusterx_domain")
                rec = json.loads(dumps(extractor.process(article)))
                records[rec["id"]] = rec
    return evaluate(gold, records)["per_language"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = ap.parse_args()
    sets = [(args.eval / "dev" / "articles", args.eval / "dev" / "gold"),
            (ROOT / "data" / "raw", args.eval / "samples-gold")]
    with_layer, without = run(sets, True), run(sets, False)
    out = {}
    print(f"{'lang':5} " + " ".join(f"{k:>26}" for k in KINDS))
    for lang in sorted(with_layer):
        out[lang] = {k: {"model": without[lang][k]["f1"], "model+layer": with_layer[lang][k]["f1"]} for k in KINDS}
        print(f"{lang:5} " + " ".join(f"{without[lang][k]['f1']:>12.3f} -> {with_layer[lang][k]['f1']:<10.3f}"
                                      for k in KINDS))
    (ROOT / "bench" / "domain_ablation.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
