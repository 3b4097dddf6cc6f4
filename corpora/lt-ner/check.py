"""Validate annotated token files: tokens unchanged, labels valid IOB2, counts per type.

Usage: python check.py [FILE_OR_DIR ...]   (default: docs/)
Exit status 1 if any file is malformed.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

LABELS = {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PER", "ORG", "LOC")}


def check(path: Path) -> tuple[list[str], Counter]:
    problems: list[str] = []
    counts: Counter = Counter()
    prev = "O"
    expected = 1
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            prev, expected = "O", 1
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            problems.append(f"{path}:{n}: expected 3 tab-separated columns, got {len(cols)}")
            continue
        idx, _form, label = cols
        if idx != str(expected):
            problems.append(f"{path}:{n}: token index {idx}, expected {expected}")
        expected = int(idx) + 1 if idx.isdigit() else expected + 1
        if label not in LABELS:
            problems.append(f"{path}:{n}: unknown label {label!r}")
        elif label.startswith("I-") and prev[2:] != label[2:]:
            problems.append(f"{path}:{n}: {label} does not continue {prev}")
        if label.startswith("B-"):
            counts[label[2:]] += 1
        prev = label
    return problems, counts


def main() -> int:
    args = [Path(a) for a in sys.argv[1:]] or [Path(__file__).resolve().parent / "docs"]
    files = [f for a in args for f in (sorted(a.rglob("*.tsv")) if a.is_dir() else [a])]
    total: Counter = Counter()
    bad = 0
    for f in files:
        problems, counts = check(f)
        total += counts
        for p in problems:
            print(p)
        bad += bool(problems)
    print(f"{len(files)} files, {bad} malformed; entities: {dict(sorted(total.items()))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
