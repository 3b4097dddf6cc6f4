"""Write blank token files for annotating PER/ORG/LOC in ALKSNIS 3.0 documents.

Usage: python prepare.py [ALKSNIS_DIR]   (default: ../../../shared/data/alksnis-3.0/lt)

For each document of the chosen genres it writes docs/<genre>/<doc>.tsv with, per
sentence, the `# sent_id` and `# text` comments and one line per token:
`index<TAB>form<TAB>O`. Annotators replace the O column with IOB2 labels.
Existing files are never overwritten (they may hold annotation).
"""
from __future__ import annotations

import sys
from pathlib import Path

GENRES = ("bendroji_periodika", "specialioji_periodika", "administraciniai_dokumentai", "grozine_literatura")


def main() -> None:
    here = Path(__file__).resolve().parent
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "../../../shared/data/alksnis-3.0/lt"
    for genre in GENRES:
        for conllu in sorted((src / genre).glob("*.conllu")):
            out = here / "docs" / genre / (conllu.stem + ".tsv")
            if out.exists():
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            lines: list[str] = []
            for line in conllu.read_text(encoding="utf-8").splitlines():
                if line.startswith("# sent_id") or line.startswith("# text"):
                    lines.append(line)
                elif not line.strip():
                    if lines and lines[-1] != "":
                        lines.append("")
                elif not line.startswith("#"):
                    cols = line.split("\t")
                    if "-" in cols[0] or "." in cols[0]:
                        continue
                    lines.append(f"{cols[0]}\t{cols[1]}\tO")
            out.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    write_split(here)


def write_split(here: Path) -> None:
    """split.json: every document's split (the rule of GUIDELINES.md, applied in
    src/clusterx/train/recipe.py): by its place among the documents of its genre."""
    import json

    split = {}
    for genre_dir in sorted(p for p in (here / "docs").iterdir() if p.is_dir()):
        for i, f in enumerate(sorted(genre_dir.glob("*.tsv"))):
            split[f"{genre_dir.name}/{f.stem}"] = "test" if i % 3 == 1 else ("dev" if i % 6 == 3 else "train")
    (here / "split.json").write_text(json.dumps(split, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
