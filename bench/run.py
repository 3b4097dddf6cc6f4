"""`make bench`: speed and memory of clusterx, with the floor measured in the same run.

Builds bench/corpus/ (>= 500 articles: the samples plus documents of the open corpora in
ru, pl, lt and en, at realistic lengths), then measures, as medians of --repeat runs:
- the floor: reading the files and tokenising them with blank spaCy pipelines;
- `clusterx extract` end to end with 1 worker pinned to one core (the per-core figure:
  unpinned, numpy's OpenBLAS under natasha takes a second core), 1 worker unpinned, and
  2 workers: articles/s, words/s, ratio to the floor, and peak resident memory per
  process (psutil, sampled);
- cold start: one short article, from process start to record written;
- per-stage time shares (from the one-core run's manifest).
Prints a Rich table and writes bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus"
CLUSTERX = [sys.executable, "-m", "clusterx"]


def build_corpus(data: Path, target: int = 520) -> list[Path]:
    """Deterministic mixed-language corpus; returns the files (rebuilt only when absent)."""
    if CORPUS.exists() and len(list(CORPUS.glob("*.txt"))) >= target:
        return sorted(CORPUS.glob("*.txt"))
    shutil.rmtree(CORPUS, ignore_errors=True)
    CORPUS.mkdir(parents=True)
    texts: list[tuple[str, str]] = []
    for f in sorted((ROOT / "data" / "raw").glob("*.txt")):
        texts.append(("sample", f.read_text(encoding="utf-8")))
    for lang in ("pl", "ru"):
        raws = sorted((data / "bsnlp" / lang).glob("*/raw/*"))
        for f in raws[:: max(1, len(raws) // 150)][:150]:
            lines = f.read_text(encoding="utf-8-sig").split("\n")
            texts.append((lang, "\n".join(lines[4:]).strip()))
    sources = (("lt", "alksnis-3.0/lt/bendroji_periodika/*.conllu"), ("lt", "alksnis-3.0/lt/specialioji_periodika/*.conllu"),
               ("en", "ud/en/UD_English-EWT/en_ewt-ud-train.conllu"))
    for lang, pattern in sources:
        for f in sorted(data.glob(pattern)):
            doc: list[str] = []
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.startswith("# text = "):
                    doc.append(line[9:])
                if len(" ".join(doc).split()) > 350:
                    texts.append((lang, "\n\n".join(doc)))
                    doc = []
            if len(" ".join(doc).split()) > 60:
                texts.append((lang, "\n\n".join(doc)))
    en = [t for t in texts if t[0] == "en"][:140]
    texts = [t for t in texts if t[0] != "en"] + en
    for n, (lang, text) in enumerate(texts):
        (CORPUS / f"{n:04d}_{lang}.txt").write_text(text + "\n", encoding="utf-8")
    return sorted(CORPUS.glob("*.txt"))


def words_in(files: list[Path]) -> int:
    return sum(len(f.read_text(encoding="utf-8").split()) for f in files)


def floor(files: list[Path]) -> float:
    """Seconds to read, detect nothing, and tokenise every file with a blank pipeline of its language."""
    from clusterx.nlp import SpacyBackend

    blanks = {lang: SpacyBackend.blank(lang).nlp for lang in ("pl", "ru", "lt", "en")}
    t0 = time.perf_counter()
    for f in files:
        lang = f.stem.split("_")[1]
        text = f.read_bytes().decode("utf-8")
        blanks.get(lang, blanks["en"])(text)
    return time.perf_counter() - t0


def watch_memory(proc: subprocess.Popen, peaks: dict, stop: threading.Event) -> None:
    try:
        root = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        try:
            for p in [root, *root.children(recursive=True)]:
                rss = p.memory_info().rss
                peaks[p.pid] = max(peaks.get(p.pid, 0), rss)
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.05)


def one_core() -> None:
    """Pin the calling (child) process to one CPU: numpy's OpenBLAS, under natasha, would
    otherwise put a second thread on another core, and '1 worker' would not be one core."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed_run(args: list[str], pinned: bool = False) -> tuple[float, dict]:
    peaks: dict[int, int] = {}
    stop = threading.Event()
    t0 = time.perf_counter()
    proc = subprocess.Popen(CLUSTERX + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=one_core if pinned else None)
    watcher = threading.Thread(target=watch_memory, args=(proc, peaks, stop))
    watcher.start()
    _, err = proc.communicate()
    secs = time.perf_counter() - t0
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"clusterx failed: {err.decode()[-2000:]}")
    return secs, peaks


def cpu_model() -> str:
    """The processor's model name (/proc/cpuinfo on Linux): figures are only comparable on one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = build_corpus(args.data)
    n_words = words_in(files)
    floors = [floor(files) for _ in range(args.repeat)]
    runs = {}
    stage_shares = {}
    configs = {"1 core": (1, True), 1: (1, False), 2: (2, False)} if hasattr(os, "sched_setaffinity") else {
        1: (1, False), 2: (2, False)}
    secs: dict = {key: [] for key in configs}
    mems: dict = {key: [] for key in configs}
    # Rounds, each running every configuration once: the machine's drift (a VM's neighbours)
    # then falls on all of them alike, and each round gives its own 2-worker speed-up.
    for _ in range(args.repeat):
        for key, (workers, pinned) in configs.items():
            out = Path(tempfile.mkdtemp(prefix="clusterx-bench-"))
            s, peaks = timed_run(["extract", str(CORPUS), "-o", str(out), "--quiet", "--workers", str(workers), "--force"],
                                 pinned)
            secs[key].append(s)
            mems[key].append(max(peaks.values()) / 2**20 if peaks else 0)
            if key == next(iter(configs)):  # the one-core run where there is one
                stages = json.loads((out / "manifest.json").read_text())["stage_seconds"]
                total = sum(stages.values()) or 1
                stage_shares = {k: round(v / total, 3) for k, v in stages.items()}
            shutil.rmtree(out, ignore_errors=True)
    for key in configs:
        med = statistics.median(secs[key])
        runs[key] = {"seconds": round(med, 2), "articles_per_s": round(len(files) / med, 1),
                     "words_per_s": round(n_words / med), "ratio_to_floor": round(med / statistics.median(floors), 1),
                     "peak_rss_mb_per_process": round(statistics.median(mems[key])), "runs_s": [round(x, 2) for x in secs[key]]}
    round_speedups = [round(a / b, 2) for a, b in zip(secs[1], secs[2], strict=True)]
    one = sorted(files, key=lambda f: f.stat().st_size)[len(files) // 2]
    colds = []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp(prefix="clusterx-cold-"))
        s, _ = timed_run(["extract", str(one), "-o", str(out), "--quiet"])
        colds.append(s)
        shutil.rmtree(out, ignore_errors=True)
    results = {
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d"),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version()},
        "corpus": {"articles": len(files), "words": n_words},
        "floor": {"seconds": round(statistics.median(floors), 2), "words_per_s": round(n_words / statistics.median(floors))},
        "extract_1_worker_1_core": runs.get("1 core"), "extract_1_worker": runs[1], "extract_2_workers": runs[2],
        "speedup_2_workers": round(runs[1]["seconds"] / runs[2]["seconds"], 2),
        "speedup_2_workers_per_round": round_speedups,
        "speedup_2_workers_over_1_core": round(runs["1 core"]["seconds"] / runs[2]["seconds"], 2) if "1 core" in runs else None,
        "cold_start_s": round(statistics.median(colds), 2),
        "stage_shares": stage_shares, "repeats": args.repeat,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"clusterx bench: {len(files)} articles, {n_words:,} words (medians of {args.repeat})")
    for col in ("measure", "seconds", "articles/s", "words/s", "× floor", "peak RSS MB"):
        table.add_column(col)
    fl = results["floor"]
    table.add_row("floor (read + tokenise)", str(fl["seconds"]), "", f"{fl['words_per_s']:,}", "1", "")
    for w, r in runs.items():
        what = "1 worker on one core" if w == "1 core" else f"{w} worker{'s' if w > 1 else ''}"
        table.add_row(f"extract, {what}", str(r["seconds"]), str(r["articles_per_s"]),
                      f"{r['words_per_s']:,}", str(r["ratio_to_floor"]), str(r["peak_rss_mb_per_process"]))
    table.add_row("cold start, one article", str(results["cold_start_s"]), "", "", "", "")
    Console().print(table)
    Console().print("stage shares (1 worker, one core): " + ", ".join(f"{k} {v:.0%}" for k, v in stage_shares.items()))
    Console().print(f"2 workers / 1 worker speed-up: {results['speedup_2_workers']}× (rounds: {round_speedups}) "
                    f"(over 1 worker on one core: {results['speedup_2_workers_over_1_core']}×)")


if __name__ == "__main__":
    main()
