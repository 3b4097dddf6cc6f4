"""`python -m clusterx.train STEP LANG... --data DIR`: the recipe behind `make models`.

Steps: convert (corpora -> .spacy), train (UD and NER pipelines, in parallel), assemble
(one pipeline in models/<lang>/), evaluate (models/<lang>/metrics.json), all.
Work files go to train-work/<lang>/ (git-ignored); nothing is downloaded.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import recipe

ROOT = Path(__file__).resolve().parents[3]
CONFIGS = Path(__file__).resolve().parent / "configs"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def convert(lang: str, data: Path, work: Path, kinds=("ner", "ud")) -> None:
    from spacy.tokens import DocBin

    from . import corpora

    work.mkdir(parents=True, exist_ok=True)
    summary_path = work / "corpora.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    recipes = {"ner": lambda: recipe.ner_sets(lang, data, work), "ud": lambda: recipe.ud_sets(lang, data)}
    for kind in kinds:
        sets = recipes[kind]()
        for name, make in sets.items():
            docs = make()
            DocBin(docs=docs, store_user_data=False).to_disk(work / f"{kind}-{name}.spacy")
            summary[f"{kind}-{name}"] = {"docs": len(docs), "tokens": sum(len(d) for d in docs),
                                         "entities": sum(len(d.ents) for d in docs)}
            log(f"{lang} {kind}-{name}: {summary[f'{kind}-{name}']}")
    summary["notes"] = dict(corpora.STATS)
    summary_path.write_text(json.dumps(summary, indent=1))


def config_for(lang: str, kind: str, work: Path, resume_from: Path | None = None) -> Path:
    """The training config: base config for the kind, the language's overrides, and with
    `resume_from` every component sourced from an earlier model (to go on training it)."""
    from confection import Config

    base = Config().from_disk(CONFIGS / f"{kind}.cfg", interpolate=False)
    over = Config().from_disk(CONFIGS / f"{lang}.cfg", interpolate=False).get(kind, {})
    cfg = base.merge(Config(over))
    cfg["nlp"]["lang"] = lang
    if resume_from is not None:
        for name in cfg["nlp"]["pipeline"]:
            cfg["components"][name] = {"source": str(resume_from)}
    out = work / f"{kind}.cfg"
    cfg.to_disk(out)
    return out


def train(lang: str, work: Path, kinds=("ud", "ner"), max_minutes: float | None = None,
          resume: bool = False) -> None:
    """Train the pipelines in parallel (one core each). With `max_minutes`, stop a run that
    is still going then: spaCy has saved the best model on the dev set so far. With
    `resume`, go on training the best model of the previous run (kept as <kind>-model-prev)."""
    import shutil

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    procs = []
    for kind in kinds:
        prev = None
        if resume and (work / f"{kind}-model" / "model-best").exists():
            prev = work / f"{kind}-model-prev"
            shutil.rmtree(prev, ignore_errors=True)
            shutil.copytree(work / f"{kind}-model" / "model-best", prev)
        cfg = config_for(lang, kind, work, prev)
        cmd = [sys.executable, "-m", "spacy", "train", str(cfg), "--output", str(work / f"{kind}-model"),
               "--paths.train", str(work / f"{kind}-train.spacy"), "--paths.dev", str(work / f"{kind}-dev.spacy")]
        logf = open(work / f"{kind}-train.log", "a" if prev else "w")
        log(f"{lang}: training {kind} (log: {logf.name})")
        procs.append((kind, subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, env=env), logf))
    deadline = time.monotonic() + max_minutes * 60 if max_minutes else None
    for kind, proc, logf in procs:
        try:
            code = proc.wait(timeout=max(1, deadline - time.monotonic()) if deadline else None)
        except subprocess.TimeoutExpired:
            proc.terminate()
            code = proc.wait()
            log(f"{lang}: {kind} stopped at the time limit ({max_minutes} min); keeping model-best")
            code = 0 if (work / f"{kind}-model" / "model-best").exists() else code
        logf.close()
        if code != 0:
            raise SystemExit(f"{lang} {kind} training failed: see {logf.name}")
        log(f"{lang}: {kind} trained")


def assemble(lang: str, work: Path, out: Path) -> None:
    import spacy

    from ..nlp import customise_tokenizer

    nlp = spacy.load(work / "ud-model" / "model-best")
    ner_nlp = spacy.load(work / "ner-model" / "model-best")
    nlp.add_pipe("ner", source=ner_nlp)
    from .. import components  # noqa: F401  (registers clusterx_domain)

    nlp.add_pipe("clusterx_domain", after="ner")
    # punctuation sets the sentence ends (the sentencizer marks every other token as inside
    # a sentence, so the parser keeps its splits and adds none): the parsers trained on
    # small treebanks miss many sentence ends of news text
    nlp.add_pipe("sentencizer", before="parser")
    # an initial's full stop (I. Padaras, J. Kowalski) ends no sentence, or the NER stops there
    nlp.add_pipe("clusterx_initials", after="sentencizer")
    customise_tokenizer(nlp, lang)
    nlp.meta.update({"name": "clusterx", "version": _version(), "license": LICENCES[lang],
                     "description": f"clusterx {lang} pipeline trained from open corpora (see README.md)",
                     "sources": SOURCES[lang]})
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    log(f"{lang}: assembled into {out} ({_size_mb(out):.1f} MB)")


def evaluate(lang: str, work: Path, out: Path) -> dict:
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    from .. import components  # noqa: F401  (registers clusterx_domain)

    nlp = spacy.load(out)
    metrics = {"language": lang, "ner": {}, "ud": {}}
    for kind in ("ner", "ud"):
        for path in sorted(work.glob(f"{kind}-test-*.spacy")):
            name = path.stem.split("-test-", 1)[1]
            gold = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            examples = [Example(_pretok(nlp, d), d) for d in gold]
            t0 = time.perf_counter()
            scores = nlp.evaluate(examples)
            secs = time.perf_counter() - t0
            words = sum(len(d) for d in gold)
            if kind == "ner":
                with nlp.select_pipes(disable=["clusterx_domain"]):
                    model_only = nlp.evaluate([Example(_pretok(nlp, d), d) for d in gold])
                metrics["ner"][name] = {
                    "p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4), "f": round(scores["ents_f"], 4),
                    "per_type": {k: {m: round(v, 4) for m, v in s.items()} for k, s in
                                 (scores.get("ents_per_type") or {}).items()},
                    "model_only": {"p": round(model_only["ents_p"], 4), "r": round(model_only["ents_r"], 4),
                                   "f": round(model_only["ents_f"], 4)},
                    "docs": len(gold), "words": words, "words_per_s": round(words / secs)}
            else:
                metrics["ud"][name] = {k: round(scores[k], 4) for k in
                                       ("pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f")
                                       if scores.get(k) is not None}
                metrics["ud"][name]["words"] = words
            log(f"{lang} {kind}-{name}: " + json.dumps(metrics[kind][name] if kind == "ud" else
                                                       {k: metrics[kind][name][k] for k in ("p", "r", "f")}))
    firsts = list(metrics["ner"].values())
    metrics["ner"]["f"] = firsts[0]["f"] if firsts else None
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False) + "\n")
    write_readme(lang, work, out, metrics)
    return metrics


def write_readme(lang: str, work: Path, out: Path, metrics: dict) -> None:
    """models/<lang>/README.md: training data, licence, components and measured scores."""
    corpora = json.loads((work / "corpora.json").read_text()) if (work / "corpora.json").exists() else {}
    lines = [f"# clusterx {lang} pipeline", "",
             f"Trained by `make models` (`python -m clusterx.train all {lang}`) from the corpora in shared/data; "
             "no pretrained vectors or downloaded models. Components: tok2vec (CNN), morphologizer, trainable "
             "edit-tree lemmatizer, dependency parser (also sentence boundaries), NER with its own tok2vec, and the "
             "rule-based `clusterx_domain` layer (words in src/clusterx/lang/).", "",
             f"**Licence of this pipeline**: {LICENCES[lang]}.", "", "## Training data", ""]
    lines += [f"- {s}" for s in SOURCES[lang]]
    lines += ["", NOTES.get(lang, ""), "", "## Sets (documents / tokens / entities)", ""]
    lines += [f"- `{k}`: {v['docs']} / {v['tokens']} / {v['entities']}" for k, v in corpora.items() if k != "notes"]
    lines += ["", "## Scores on held-out test sets", "", "| NER test set | P | R | F | F without domain layer |",
              "|---|---|---|---|---|"]
    for name, s in metrics["ner"].items():
        if isinstance(s, dict):
            lines.append(f"| {name} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['model_only']['f']:.3f} |")
    lines += ["", "| UD test set | UPOS | morph | lemma | UAS | LAS | sentences F |", "|---|---|---|---|---|---|---|"]
    for name, s in metrics["ud"].items():
        lines.append(f"| {name} | " + " | ".join(f"{s.get(k, 0):.3f}" for k in
                                                ("pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f"))
                     + " |")
    (out / "README.md").write_text("\n".join(lines) + "\n")


def _pretok(nlp, gold):
    """A doc with the gold tokens (so scores measure the models, not tokenisation)."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])


def _version() -> str:
    from .. import __version__

    return __version__.split("+")[0]


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


LICENCES = {
    "pl": "GPL-3.0 (NKJP NER and UD Polish-LFG are GPL 3.0)",
    "ru": "CC BY-SA 4.0 (UD Russian treebanks; NEREL, factRuEval MIT, BSNLP 2017/2019 see README)",
    "en": "CC BY-SA 4.0 (UD English-EWT, UNER English-EWT; WikiGold CC BY 4.0)",
    "lt": "CC BY-SA 4.0 (UD Lithuanian-ALKSNIS, ALKSNIS 3.0, clusterx lt-ner annotation)",
}
SOURCES = {
    "pl": ["NKJP 1M NER (PolDeepNer conversion)", "BSNLP 2017/2019 pl", "UD Polish-PUD", "UD Polish-LFG dev"],
    "ru": ["NEREL v1.1 train", "factRuEval-2016 devset", "BSNLP 2017/2019 ru", "UD Russian-Taiga 2.7 train",
           "UD Russian-GSD dev", "UD Russian-PUD"],
    "en": ["UNER English-EWT train", "WikiGold (2/3)", "UD English-EWT train"],
    "lt": ["clusterx lt-ner (ALKSNIS 3.0 documents, annotated PER/ORG/LOC)", "UD Lithuanian-ALKSNIS train",
           "ALKSNIS 3.0 sentences missing from the UD train file (morphology, lemmas)"],
}


NOTES = {
    "pl": "NKJP is split by document (80/10/10 by a hash of the document id). BSNLP 2017/2019 carry no stated "
          "licence; they are used for training here as research data, and the 2021 topics (CC BY-SA) are test only.",
    "ru": "BSNLP 2017/2019 and NEREL carry no licence file (NEREL: 'freely available', Wikinews text under CC BY); "
          "they are used for training here. factRuEval's test set and the BSNLP 2021 topics are test only. "
          "With the natasha extra installed, clusterx takes Russian people and places from natasha and "
          "organisations from this pipeline (bench/natasha_compare.py: BSNLP-2021 F .835, NEREL .835, "
          "factRuEval .809 for the combination; the scores below are this pipeline alone).",
    "en": "The 2022 UNER train file's draft OTH labels are mapped to O; WikiGold MISC is mapped to O.",
    "lt": "No open Lithuanian NER corpus exists: corpora/lt-ner is our own PER/ORG/LOC annotation of the ALKSNIS 3.0 "
          "documents (guidelines in corpora/lt-ner/GUIDELINES.md); a third of the documents of each genre is test "
          "only. ALKSNIS 3.0 sentences absent from the old UD train file add morphology and lemmas (no relations).",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m clusterx.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["convert", "train", "assemble", "evaluate", "all"])
    parser.add_argument("langs", nargs="*", default=list(recipe.LANGS))
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the corpora folder (default: ../shared/data)")
    parser.add_argument("--work", type=Path, default=ROOT / "train-work")
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument("--only", choices=["ud", "ner"], help="train only one of the two pipelines")
    parser.add_argument("--resume", action="store_true",
                        help="go on training the best model of the previous (time-limited) run")
    parser.add_argument("--max-minutes", type=float, default=45,
                        help="stop each training run after this long, keeping its best model (default 45)")
    args = parser.parse_args(argv)
    langs = [lang for lang in args.langs if lang != "all"] or list(recipe.LANGS)
    for lang in langs:
        work, out = args.work / lang, args.models / lang
        if args.step in ("convert", "all"):
            convert(lang, args.data, work, (args.only,) if args.only else ("ner", "ud"))
        if args.step in ("train", "all"):
            train(lang, work, (args.only,) if args.only else ("ud", "ner"), args.max_minutes, args.resume)
        if args.step in ("assemble", "all"):
            assemble(lang, work, out)
        if args.step in ("evaluate", "all"):
            evaluate(lang, work, out)


if __name__ == "__main__":
    main()
