"""Per-language data files (one entry a line, `#` comments) and their loader."""
from __future__ import annotations

from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent


@cache
def load_list(lang: str, name: str) -> tuple[str, ...]:
    """Entries of lang/<lang>/<name>.txt, in file order; empty when the file is absent."""
    path = LANG_DIR / lang / f"{name}.txt"
    if not path.exists():
        return ()
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip() if not line.startswith("#") else ""
        if line:
            entries.append(line)
    return tuple(entries)


def languages_with(name: str) -> list[str]:
    """Languages that have a data file called `name`."""
    return sorted(p.parent.name for p in LANG_DIR.glob(f"*/{name}.txt"))
