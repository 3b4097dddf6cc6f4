"""Per-language data files (one entry a line, `#` comments) and their loader."""
from __future__ import annotations

from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent


@cache
def load_list(lang: str, name: str) -> tuple[str, ...]:
    """Entries of lang/<lang>/<name>.txt, in file order; empty when the file is absent."""
    path = LANG_DIR / lang / (name if name.endswith(".tsv") else f"{name}.txt")
    if not path.exists():
        return ()
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].rstrip() if not line.startswith("#") else ""
        if line:
            entries.append(line)
    return tuple(entries)


#: What a language's traits.txt may list: properties of its grammar and spelling that rules
#: of the domain layer and of places depend on.
TRAITS = {
    "lower_case_heads": ("institution names keep a lower-case head noun at the end (Kauno technologijos "
        "universitetas, Российская кластерная обсерватория)"),
    "bare_locative": "the locative case needs no preposition to say where (Vilniuje)",
    "head_first": ("names put their head first, so an organisation's name ends where another begins "
        "(Mazowiecki Klaster Chemiczny aside, whose adjective agrees with it)"),
    "lower_case_complements": "institution names go on in lower case after a capitalised head",
    "adjective_first": "no place dictionary, and names mostly start with an adjective",
    "street_word_first": ("the street word comes before the street's name (ul. Jana Pawła II, ул. Ленина); otherwise "
        "after a genitive (Gedimino pr.)"),
    "lower_case_adjectives": ("the adjectives of a name after its first word are written in lower case (Российская "
        "кластерная обсерватория, Český optický klastr)"),
    "noun_first_regions": "region names put the noun first (Województwo Mazowieckie)",
    "genitive_first": ("names begin with their place in the genitive, not with an adjective, so a name's first "
        "word may be a place (Kauno technologijos universitetas, Europos Sąjunga)"),
}


@cache
def traits(lang: str) -> frozenset[str]:
    """The traits lang/<lang>/traits.txt lists (see TRAITS); none when it has no such file."""
    found = frozenset(load_list(lang, "traits"))
    if found - TRAITS.keys():
        raise ValueError(f"lang/{lang}/traits.txt: unknown traits {sorted(found - TRAITS.keys())}; "
                         f"known: {', '.join(TRAITS)}")
    return found


def languages_with(name: str) -> list[str]:
    """Languages that have a data file called `name`."""
    filename = name if "." in name else f"{name}.txt"
    return sorted(p.parent.name for p in LANG_DIR.glob(f"*/{filename}"))


@cache
def load_pairs(lang: str, name: str) -> tuple[tuple[str, str], ...]:
    """Tab-separated `key<TAB>value` rows of lang/<lang>/<name>.tsv."""
    return tuple(tuple(line.split("\t", 1)) for line in load_list(lang, name.removesuffix(".tsv") + ".tsv")
                 if "\t" in line)


class WordSet:
    """Membership test for a word list: exact lower-case forms, or prefixes marked with `*`."""

    def __init__(self, entries: tuple[str, ...]):
        self.exact = frozenset(e.lower() for e in entries if not e.endswith("*"))
        self.prefixes = tuple(e[:-1].lower() for e in entries if e.endswith("*"))

    def __contains__(self, word: str) -> bool:
        low = word.lower()
        return low in self.exact or low.startswith(self.prefixes) if self.prefixes else low in self.exact

    def has_lower(self, low: str) -> bool:
        """`__contains__` for a word already in lower case (hot loops lower once)."""
        return low in self.exact or (bool(self.prefixes) and low.startswith(self.prefixes))

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)


@cache
def word_set(lang: str, name: str) -> WordSet:
    return WordSet(load_list(lang, name))


class PhraseSet:
    """Membership test for multi-word entries: each word an exact lower-case form or a
    prefix marked with `*` (`europos sąjung*` holds `Europos Sąjungos`)."""

    def __init__(self, entries: tuple[str, ...]):
        self.phrases = [tuple(WordSet((w,)) for w in e.split()) for e in entries]

    def __contains__(self, words: object) -> bool:
        if not isinstance(words, (list, tuple)):
            return False
        return any(len(p) == len(words) and all(w in ws for w, ws in zip(words, p, strict=True))
                   for p in self.phrases)


@cache
def phrase_set(lang: str, name: str) -> PhraseSet:
    return PhraseSet(load_list(lang, name))


@cache
def name_endings(lang: str) -> dict[str, tuple[str, frozenset[str]]]:
    """lang/<code>/name_endings.tsv: a case ending the language adds to names its dictionaries
    do not know -> (the letters the bare name ends in before it, the UD cases a tagger must
    read for a lone word to lose it: empty for any, `-` for none)."""
    out = {}
    for ending, rest in load_pairs(lang, "name_endings"):
        letters, _, cases = rest.partition("\t")
        out[ending] = (letters, frozenset(cases.split()))
    return out


@cache
def place_aliases(lang: str) -> dict[str, str]:
    """lang/<code>/place_aliases.tsv: an official or short form (lower case) -> the name
    the records use (`рф` -> `Россия`, `lietuvos respublika` -> `Lietuva`)."""
    return {alias.lower(): name for alias, name in load_pairs(lang, "place_aliases")}
