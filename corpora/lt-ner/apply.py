"""Apply span annotations to the token files.

Usage: python apply.py SPANS_FILE [...]

A spans file (spans/<genre>/<doc>.spans) holds one entity a line:
`sent_id<TAB>LABEL<TAB>the tokens of the name separated by single spaces`
optionally followed by `<TAB>N` to take the N-th occurrence (1-based) of that token
sequence in the sentence. Lines starting with # and blank lines are ignored. The
matching docs/<genre>/<doc>.tsv is rewritten: all labels reset to O, then each span
set to B-/I-LABEL. Unmatched or overlapping spans are reported and make the exit
status 1 (the file is still written with the spans that matched).
"""
from __future__ import annotations

import sys
from pathlib import Path

LABELS = {"PER", "ORG", "LOC"}


def load_tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") if line and not line.startswith("#") else [line]
            for line in path.read_text(encoding="utf-8").splitlines()]


def apply(spans_path: Path) -> list[str]:
    here = Path(__file__).resolve().parent
    genre = spans_path.parent.name
    tsv = here / "docs" / genre / (spans_path.stem + ".tsv")
    rows = load_tsv(tsv)
    sents: dict[str, list[list[str]]] = {}
    current = None
    for row in rows:
        if len(row) == 1 and row[0].startswith("# sent_id = "):
            current = row[0].split("= ", 1)[1].strip()
            sents[current] = []
        elif len(row) == 3:
            row[2] = "O"
            sents[current].append(row)
    problems: list[str] = []
    for n, line in enumerate(spans_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (3, 4) or parts[1] not in LABELS or parts[0] not in sents:
            problems.append(f"{spans_path}:{n}: malformed line or unknown sentence/label: {line!r}")
            continue
        sid, label, words = parts[0], parts[1], parts[2].split(" ")
        occurrence = int(parts[3]) if len(parts) == 4 else 1
        toks = sents[sid]
        hits = [i for i in range(len(toks) - len(words) + 1)
                if [t[1] for t in toks[i:i + len(words)]] == words]
        if len(hits) < occurrence:
            problems.append(f"{spans_path}:{n}: tokens {parts[2]!r} not found in {sid}")
            continue
        i = hits[occurrence - 1]
        if any(t[2] != "O" for t in toks[i:i + len(words)]):
            problems.append(f"{spans_path}:{n}: overlaps an earlier span in {sid}")
            continue
        for k, t in enumerate(toks[i:i + len(words)]):
            t[2] = ("B-" if k == 0 else "I-") + label
    tsv.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return problems


def main() -> int:
    problems = [p for a in sys.argv[1:] for p in apply(Path(a))]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
