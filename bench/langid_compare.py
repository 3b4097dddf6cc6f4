"""Compare langdetect (fixed seed) with lingua on the sample and dev articles.

Usage: python bench/langid_compare.py [SHARED_DIR]   (default: ../shared)
Measures accuracy on whole articles and on 10-word snippets (6 per article, random
offsets, seed 42), build time and per-article time. Writes bench/langid_results.json.
"""
from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import psutil

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")


def corpus() -> list[tuple[str, str]]:
    items = []
    for gold in sorted((SHARED / "eval/samples-gold").glob("*.json")):
        lang = json.loads(gold.read_text())["language"]
        items.append((lang, (SHARED / "samples" / (gold.stem + ".txt")).read_text()))
    for gold in sorted((SHARED / "eval/dev/gold").glob("*.json")):
        lang = json.loads(gold.read_text())["language"]
        items.append((lang, (SHARED / "eval/dev/articles" / (gold.stem + ".txt")).read_text()))
    return items


def snippets(items, n=6, size=10):
    rng = random.Random(42)
    out = []
    for lang, text in items:
        words = text.split()
        for _ in range(n):
            i = rng.randrange(0, max(1, len(words) - size))
            out.append((lang, " ".join(words[i:i + size])))
    return out


def run(name, build, detect, items, snips):
    rss0 = psutil.Process().memory_info().rss
    t0 = time.perf_counter()
    det = build()
    detect(det, "warm up")
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    whole = sum(detect(det, t) == lang for lang, t in items)
    t_whole = (time.perf_counter() - t0) / len(items)
    snip = sum(detect(det, t) == lang for lang, t in snips)
    wrong = [(lang, detect(det, t), t) for lang, t in snips if detect(det, t) != lang]
    rss = (psutil.Process().memory_info().rss - rss0) / 2**20
    return {"detector": name, "whole": f"{whole}/{len(items)}", "snippets10": f"{snip}/{len(snips)}",
            "build_s": round(t_build, 3), "ms_per_article": round(t_whole * 1000, 2),
            "rss_delta_mb": round(rss), "snippet_errors": wrong[:10]}


def langdetect_build():
    from langdetect import DetectorFactory
    DetectorFactory.seed = 0
    return None


def langdetect_detect(_, text):
    from langdetect import detect
    try:
        return detect(text)
    except Exception:
        return "und"


def lingua_builder(codes, low=False):
    def build():
        from lingua import IsoCode639_1, LanguageDetectorBuilder
        langs = [getattr(IsoCode639_1, c.upper()) for c in codes]
        b = LanguageDetectorBuilder.from_iso_codes_639_1(*langs)
        if low:
            b = b.with_low_accuracy_mode()
        return b.with_preloaded_language_models().build()
    return build


def lingua_detect(det, text):
    lang = det.detect_language_of(text)
    return lang.iso_code_639_1.name.lower() if lang else "und"


def main():
    items = corpus()
    snips = snippets(items)
    eu = ["en", "ru", "pl", "lt", "lv", "uk", "be", "cs", "sk", "de", "et", "fi", "sv", "fr",
          "es", "it", "pt", "nl", "da", "ro", "hu", "bg", "sl", "hr", "sr", "bs"]
    results = [run("langdetect seed=0", langdetect_build, langdetect_detect, items, snips)]
    results.append(run(f"lingua {len(eu)} European", lingua_builder(eu), lingua_detect, items, snips))
    low = lingua_builder(eu, True)
    results.append(run(f"lingua {len(eu)} European low-accuracy", low, lingua_detect, items, snips))
    for r in results:
        print({k: v for k, v in r.items() if k != "snippet_errors"})
    Path("bench/langid_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
