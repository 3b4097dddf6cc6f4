"""Russian NER: clusterx's pipeline against natasha on the same held-out test sets.

Also scores the combination behind `--model ru=natasha` (clusterx+natasha).

Usage: python bench/natasha_compare.py [--work train-work/ru] [--model models/ru]
Needs the optional extra `natasha` (pip install 'clusterx[natasha]') and the converted
test sets of `python -m clusterx.train convert ru`. Scores exact character spans per
type (PER, ORG, LOC) and writes bench/natasha_results.json.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def score(gold: list[set], pred: list[set]) -> dict:
    counts: dict[str, Counter] = {}
    for g, p in zip(gold, pred, strict=True):
        for label in ("PER", "ORG", "LOC"):
            gs = {s for s in g if s[2] == label}
            ps = {s for s in p if s[2] == label}
            c = counts.setdefault(label, Counter())
            c["tp"] += len(gs & ps)
            c["fp"] += len(ps - gs)
            c["fn"] += len(gs - ps)
    total = sum(counts.values(), Counter())
    return {"all": prf(total["tp"], total["fp"], total["fn"]), **{k: prf(v["tp"], v["fp"], v["fn"]) for k, v in counts.items()}}


def hybrid(ours: set, theirs: set) -> set:
    """What `--model ru=natasha` does (natasha_ner.py): our organisations, natasha's
    people and locations where they do not overlap one of our organisations."""
    kept = {s for s in ours if s[2] not in ("PER", "LOC")}
    return kept | {s for s in theirs if s[2] in ("PER", "LOC") and not any(s[0] < k[1] and k[0] < s[1] for k in kept)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=ROOT / "train-work" / "ru")
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "ru")
    args = ap.parse_args()
    import spacy
    from natasha import Doc as NDoc
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    from spacy.tokens import DocBin

    import clusterx.components  # noqa: F401

    nlp = spacy.load(args.model)
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    results = {}
    for path in sorted(args.work.glob("ner-test-*.spacy")):
        name = path.stem.split("-test-", 1)[1]
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        texts = [d.text for d in docs]
        gold = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in docs]
        t0 = time.perf_counter()
        ours = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in nlp.pipe(texts)]
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = []
        for text in texts:
            nd = NDoc(text)
            nd.segment(segmenter)
            nd.tag_ner(tagger)
            theirs.append({(s.start, s.stop, s.type) for s in nd.spans})
        t_theirs = time.perf_counter() - t0
        words = sum(len(d) for d in docs)
        both = [hybrid(o, t) for o, t in zip(ours, theirs, strict=True)]
        results[name] = {"clusterx": {**score(gold, ours), "words_per_s": round(words / t_ours)},
                         "natasha": {**score(gold, theirs), "words_per_s": round(words / t_theirs)},
                         "clusterx+natasha": {**score(gold, both),
                                              "words_per_s": round(words / (t_ours + t_theirs))}}
        print(name, json.dumps({k: {t: v[t]["f"] for t in ("all", "PER", "ORG", "LOC")} for k, v in results[name].items()}))
    (ROOT / "bench" / "natasha_results.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
