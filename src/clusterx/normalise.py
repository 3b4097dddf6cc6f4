"""Base-form names: inflect the head and the words that agree with it, keep the rest, restore the shape.

Why: a list of entities reads as a native speaker writes names (nominative singular, agreement kept:
`Московского инновационного кластера` -> `Московский инновационный кластер`), and inflected mentions of one
thing must normalise to one name so that they merge and match. Genitive complements, quoted names after a
generic head and legal forms keep their written form; where the morphology is unsure the text comes back
as written, never a guess. Russian uses pymorphy3, Polish Morfeusz 2 (analysis + generation), Lithuanian
the mention's own morphology when the pipeline gives it, simplemma and the ending table in lang/lt/.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from .lang import load_list, name_endings

OPEN_QUOTES = "«„“\"‚‘'"
CLOSE_QUOTES = "»“”\"‘’'"
QUOTES = frozenset(OPEN_QUOTES + CLOSE_QUOTES)
DASHES = frozenset({"–", "—", "-"})
_EDGES = re.compile(r"^([(\[{]*)(.*?)([)\]},;:!?]*)$", re.S)
_LETTERS = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
HEAD_LAST = frozenset({"lt"})  # languages whose names end in their head: a comma there joins genitive modifiers


@dataclass(frozen=True)
class Word:
    """A whitespace-separated word of a mention with the pipeline's morphology for it (may be empty)."""

    text: str
    feats: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    lemma: str | None = None

    @property
    def parts(self) -> tuple[str, str, str]:
        """(leading brackets, the word itself, trailing punctuation): only the middle is inflected."""
        m = _EDGES.match(self.text)
        return (m.group(1), m.group(2), m.group(3)) if m else ("", self.text, "")

    @property
    def body(self) -> str:
        """The word without brackets and trailing punctuation."""
        return self.parts[1]


Inflector = Callable[[list[Word], str], "list[str | None] | None"]


def normalise(text: str, kind: str, lang: str, feats: list[dict[str, str]] | None = None,
              lemmas: list[str] | None = None) -> str:
    """The base form of an entity mention: what a native speaker writes in a list.

    `feats`/`lemmas` are per-word UD features and lemmas of the mention's whitespace-separated words (from
    a trained pipeline); they are used when given and their length fits.
    """
    words = text.split()
    if not words:
        return ""
    fkey = tuple(tuple(sorted(f.items())) for f in feats) if feats and len(feats) == len(words) else None
    lkey = tuple(lemmas) if lemmas and len(lemmas) == len(words) else None
    return _normalise(tuple(words), kind, lang, fkey, lkey)


@lru_cache(maxsize=65536)
def _normalise(words: tuple[str, ...], kind: str, lang: str, feats: tuple | None, lemmas: tuple | None) -> str:
    """Cached per mention: the same names recur in every article."""
    written = " ".join(words)
    inflect = INFLECTORS.get(lang)
    if inflect is None:
        return written
    items = [Word(w, dict(feats[i]) if feats else {}, lemmas[i] if lemmas else None) for i, w in enumerate(words)]
    try:
        out = _phrase(items, kind, lang, inflect)
    except Exception:  # an analyser surprise must not cost the name: keep it as written
        return written
    return out if _plausible(written, out) else written


def _phrase(items: list[Word], kind: str, lang: str, inflect: Inflector) -> str:
    """Split a mention into what is inflected (the name before quotes, legal forms, commas) and what is kept."""
    written = " ".join(w.text for w in items)
    if not items:
        return written
    first, last = items[0].text, items[-1].text
    inner = written[1:-1]
    if (len(written) > 2 and first[0] in OPEN_QUOTES and last[-1] in CLOSE_QUOTES and inner.strip()
            and not any(c in QUOTES for c in inner)):
        # the whole mention is a quoted name: its words are the name itself, inflected in the sentence
        inner_items = _strip_ends(items)
        return first[0] + _phrase(inner_items, kind, lang, inflect) + last[-1]
    for i, w in enumerate(items):
        if w.text in DASHES and 0 < i < len(items) - 1:  # an apposition after a dash is a name of its own
            return (_phrase(items[:i], kind, lang, inflect) + " " + w.text + " "
                    + _phrase(items[i + 1:], kind, lang, inflect))
    if _legal_form_at(items, 0, lang):
        return written
    cut = len(items)
    for i, w in enumerate(items):
        if w.text[0] in QUOTES or (i > 0 and (w.text[0] == "(" or _legal_form_at(items, i, lang))):
            cut = i
            break
        if w.text.endswith(",") and lang not in HEAD_LAST:
            cut = i + 1
            break
    core, tail = items[:cut], [w.text for w in items[cut:]]
    if not core:
        return written
    new = inflect(core, kind)
    out = [c.text if n is None else n for c, n in zip(core, new, strict=True)] if new else [c.text for c in core]
    if tail and tail[0].startswith("(") and not tail[0].startswith("()"):
        close = next((k for k, t in enumerate(tail) if t.endswith(")")), None)
        if close is not None:  # a bracketed apposition right after the name: (slėnio) -> (slėnis)
            group = [Word(t) for t in tail[:close + 1]]
            group[0] = Word(group[0].text[1:])
            group[-1] = Word(group[-1].text[:-1])
            if all(g.text for g in group):
                tail = ["(" + _phrase(group, kind, lang, inflect) + ")"] + tail[close + 1:]
    return " ".join(out + tail)


def _strip_ends(items: list[Word]) -> list[Word]:
    """The words inside a pair of quotes that wrap the whole mention."""
    out = list(items)
    out[0] = Word(out[0].text[1:], out[0].feats, out[0].lemma)
    out[-1] = Word(out[-1].text[:-1], out[-1].feats, out[-1].lemma)
    return [w for w in out if w.text]


@cache
def _legal_forms(lang: str) -> tuple[tuple[str, ...], ...]:
    """The language's legal forms as word tuples, longest first (sp. z o.o. before S.A.)."""
    forms = {tuple(f.split()) for f in load_list(lang, "legal_forms")}
    return tuple(sorted(forms, key=len, reverse=True))


def _legal_form_at(items: list[Word], i: int, lang: str) -> bool:
    """Whether a legal form (ООО, sp. z o.o., UAB...) starts at word i; it is kept exactly as written."""
    texts = [w.text.rstrip(",") for w in items]
    return any(tuple(texts[i:i + len(f)]) == f for f in _legal_forms(lang))


def _plausible(written: str, out: str) -> bool:
    """A last guard against garbage: same words, each changed word still starting with the same letter."""
    a, b = written.split(), out.split()
    if len(a) != len(b) or not out.strip():
        return False
    return all(x == y or x[:1].lower() == y[:1].lower() for x, y in zip(a, b, strict=True))


def _shape(written: str, form: str) -> str:
    """The generated form with the written word's casing (КЛАСТЕРА -> КЛАСТЕР, Москвы -> Москва) and ё/е."""
    if "-" in written and written.count("-") == form.count("-") and "-" not in (written[0], written[-1]):
        return "-".join(_shape(w, f) for w, f in zip(written.split("-"), form.split("-"), strict=True))
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        out = form.upper()
    else:
        out = "".join((ch.upper() if written[i].isupper() else ch.lower()) if i < len(written) else ch.lower()
                      for i, ch in enumerate(form))
    if "ё" in out.lower() and "ё" not in written.lower():
        out = out.replace("ё", "е").replace("Ё", "Е")
    return out


def _all_caps(bodies: Sequence[str]) -> bool:
    """A headline-style mention in capitals: its words are words, not acronyms."""
    letters = [c for b in bodies for c in b if c.isalpha()]
    return len(bodies) > 1 and len(letters) > 1 and all(c.isupper() for c in letters)


def _opaque(body: str, caps: bool) -> bool:
    """Words no inflector touches: acronyms, initials, numbers, mixed case (ТулГУ), abbreviations with dots."""
    if not _LETTERS.match(body):
        return True
    if not caps and len(body) > 1 and body.isupper():
        return True
    return any(any(c.isupper() for c in part[1:]) for part in body.split("-")) and not caps


def _rebuild(words: list[Word], forms: list[str | None]) -> list[str | None]:
    """Put inflected forms (lower case from the analysers) back into the words' shape and punctuation."""
    out: list[str | None] = []
    for w, f in zip(words, forms, strict=True):
        pre, body, post = w.parts
        out.append(None if f is None or f.lower() == body.lower() else pre + _shape(body, f) + post)
    return out


# --- Russian: pymorphy3 ---------------------------------------------------------------------------------

_RU_ADJ = frozenset({"ADJF", "PRTF"})
_RU_PERSON = frozenset({"Name", "Surn", "Patr"})
_RU_CASE = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs"}


@cache
def _ru_morph() -> Any:
    """One analyser per process: building it loads the dictionaries (~0.2 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _ru_parses(word: str) -> tuple[Any, ...]:
    """All readings of a word, cached: names repeat across mentions and articles."""
    return tuple(_ru_morph().parse(word))


def _ru_case(p: Any) -> str | None:
    """The case with pymorphy's second genitive/locative folded in, so that adjectives can agree with it."""
    return _RU_CASE.get(p.tag.case, p.tag.case)


def ru_cases(word: str) -> frozenset[str]:
    """Every case a Russian word can be in (pymorphy's names: nomn, gent, datv, loct …),
    for checks that the tagger's one guess would get wrong (`политике`: dative or locative)."""
    return frozenset(c for c in (_ru_case(p) for p in _ru_parses(word.lower())) if c)


def _ru_inflect(words: list[Word], kind: str) -> list[str | None] | None:
    """Russian: head noun and the adjectives before it to the nominative; people word by word."""
    bodies = [w.body for w in words]
    caps = _all_caps(bodies)
    if len(bodies) == 1 and len(bodies[0]) > 1 and bodies[0].isupper():
        if not any(p.is_known and "Abbr" not in p.tag for p in _ru_parses(bodies[0])):
            return None  # a one-word acronym (КАМАЗ, ТАНЕКО), not a word in capitals
        caps = True
    forms = _ru_person(bodies, caps) if kind == "people" else _ru_name(bodies, caps, kind)
    return None if forms is None else _rebuild(words, forms)


def _ru_name(bodies: list[str], caps: bool, kind: str) -> list[str | None] | None:
    """The head is the first noun; the adjectives before it take its number and gender (the reading whose case
    matches the head's, not pymorphy's top guess: Московского is neuter first); words after it stay."""
    adjectives: list[int] = []
    head = None
    for i, b in enumerate(bodies):
        if _opaque(b, caps):
            return None
        parses = _ru_parses(b)
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        adjs = [p for p in parses if p.tag.POS in _RU_ADJ]
        common = sum(p.score for p in nouns if not _RU_PERSON & p.tag.grammemes)
        if nouns and (common >= sum(p.score for p in adjs) or not adjs):
            head = i
            break
        if not adjs:
            return None
        adjectives.append(i)
    if head is None:
        return None
    best = None
    for strict in (True, False):
        for hp in _ru_parses(bodies[head]):
            if hp.tag.POS != "NOUN":
                continue
            case, number, gender = _ru_case(hp), hp.tag.number, hp.tag.gender
            chosen, score = [], hp.score
            for a in adjectives:
                ok = [p for p in _ru_parses(bodies[a]) if p.tag.POS in _RU_ADJ and _ru_case(p) == case
                      and p.tag.number == number and (number == "plur" or not strict or p.tag.gender == gender)]
                if not ok:
                    break
                pa = max(ok, key=lambda p: p.score)
                chosen.append(pa)
                score += pa.score
            else:
                if kind == "locations" and "Geox" in hp.tag:
                    score += 1.0
                if _RU_PERSON & hp.tag.grammemes:
                    score -= 0.5
                if best is None or score > best[0]:
                    best = (score, hp, chosen)
        if best:
            break
    if best is None:
        return None
    _, hp, chosen = best
    forms: list[str | None] = [None] * len(bodies)
    if _ru_case(hp) == "nomn":
        return forms
    # a plural place with adjectives is a plural name (Соединённые Штаты, Канарские острова)
    number = "plur" if hp.tag.number == "plur" and ("Pltm" in hp.tag or kind == "locations" and adjectives) else "sing"
    new_head = hp.inflect({"nomn", number})
    if new_head is None:
        return None
    forms[head] = new_head.word
    gender = {"masc": "masc", "femn": "femn", "neut": "neut"}.get(hp.tag.gender or "", "masc")
    for a, pa in zip(adjectives, chosen, strict=True):
        new = pa.inflect({"nomn", number} | ({gender} if number == "sing" else set()))
        if new is None:
            return None
        forms[a] = new.word
    return forms


def _ru_person(bodies: list[str], caps: bool) -> list[str | None] | None:
    """Each name part to the nominative, in the gender and case all parts share (Илье Качапину -> Илья Качапин)."""
    cands: list[list[Any] | None] = []
    known: list[bool] = []
    for b in bodies:
        parses = () if _opaque(b, caps) else _ru_parses(b)
        named = [p for p in parses if _RU_PERSON & p.tag.grammemes]
        cands.append((named or [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]) if parses else None)
        known.append(any(p.is_known for p in parses))
    options: list[tuple[str, str]] = []
    for c in cands:
        for p in c or []:
            opt = (p.tag.gender, _ru_case(p))
            if p.tag.number == "sing" and "Fixd" not in p.tag and opt not in options:
                options.append(opt)
    best = None
    for gender, case in options:
        total, carried, picks = 0.0, False, []
        for c, is_known in zip(cands, known, strict=True):
            ok = [p for p in c or () if _ru_case(p) == case and p.tag.number == "sing"
                  and (p.tag.gender == gender or "Fixd" in p.tag or "ms-f" in p.tag)]
            if not ok:
                if c and is_known:
                    break  # a dictionary word that cannot be in this case and gender
                picks.append(None)  # a foreign name the dictionary only guesses at stays as written
                continue
            p = max(ok, key=lambda q: q.score)
            total += 0.0 if "Fixd" in p.tag else p.score
            carried = carried or ((is_known or bool(_RU_PERSON & p.tag.grammemes)) and "Fixd" not in p.tag)
            picks.append(p)
        else:
            if (carried or case == "nomn") and (best is None or total > best[0]):
                best = (total, case, gender, picks)
    if best is None:
        return None
    _, case, gender, picks = best
    if case == "nomn":
        return [None] * len(bodies)
    forms: list[str | None] = []
    for p in picks:
        if p is None or "Fixd" in p.tag:
            forms.append(None)
            continue
        # a surname of common gender (Обамы: ms-f) has no gender to keep
        new = (p.inflect({"nomn", "sing", gender}) if gender else None) or p.inflect({"nomn", "sing"})
        if new is None:
            return None
        forms.append(new.word)
    return forms


# --- Polish: Morfeusz 2 ------------------------------------------------------------------------------------

_PL_NOMINAL = frozenset({"subst", "depr"})
_PL_ADJ = frozenset({"adj", "ppas", "pact"})
_PL_PERSONAL = frozenset({"imię", "nazwisko"})


@dataclass(frozen=True)
class PlReading:
    """One Morfeusz interpretation: lemma, part of speech, number, cases, genders, the rest of the tag, name class."""

    lemma: str
    pos: str
    number: str
    cases: frozenset[str]
    genders: frozenset[str]
    rest: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def common(self) -> bool:
        return not self.names or "nazwa_pospolita" in self.names

    @property
    def personal(self) -> bool:
        return bool(_PL_PERSONAL & set(self.names))


@cache
def _morfeusz() -> Any:
    """One Morfeusz with generation per process: it holds the SGJP dictionary."""
    import morfeusz2

    return morfeusz2.Morfeusz(generate=True)


def _pl_tag(tag: str) -> tuple[str, str, frozenset[str], frozenset[str], tuple[str, ...]]:
    """(part of speech, number, cases, genders, rest) of an NKJP tag such as subst:sg:gen.acc:m1."""
    parts = tag.split(":")
    if parts[0] in _PL_NOMINAL | _PL_ADJ and len(parts) >= 4:
        return parts[0], parts[1], frozenset(parts[2].split(".")), frozenset(parts[3].split(".")), tuple(parts[4:])
    return parts[0], "", frozenset(), frozenset(), tuple(parts[1:])


@lru_cache(maxsize=200_000)
def _pl_readings(word: str) -> tuple[PlReading, ...]:
    """Interpretations of a word that Morfeusz reads as one segment (none for unknown words)."""
    found = _morfeusz().analyse(word)
    if any((i, j) != (0, 1) for i, j, _ in found):
        return ()
    out = []
    for _, _, (_orth, lemma, tag, names, _labels) in found:
        if tag == "ign":
            continue
        pos, number, cases, genders, rest = _pl_tag(tag)
        out.append(PlReading(lemma, pos, number, cases, genders, rest, tuple(names)))
    return tuple(out)


@lru_cache(maxsize=50_000)
def _pl_forms(lemma: str) -> tuple[tuple[str, str], ...]:
    """Every form of a lexeme with its tag (the lemma keeps Morfeusz's homonym mark: Polska:Sf~i)."""
    return tuple((orth, tag) for orth, _lemma, tag, _names, _labels in _morfeusz().generate(lemma))


def _pl_word(body: str, caps: bool) -> tuple[str, str, str, tuple[PlReading, ...]]:
    """(kept prefix, inflected part, kept suffix, readings): a hyphenated adjective inflects its last part
    (Przemysłowo-Technologicznego), a place with an unknown second part its first (Londynu-Stansted)."""
    def variants(w: str) -> list[str]:
        return [w] + ([w.capitalize(), w.lower()] if caps or w.isupper() else [])

    for v in variants(body):
        if _pl_readings(v):
            return "", v, "", _pl_readings(v)
    if "-" in body.strip("-"):
        cut = body.rindex("-") + 1
        for v in variants(body[cut:]):
            if _pl_readings(v):
                return body[:cut], v, "", _pl_readings(v)
        first, rest = body.split("-", 1)
        nominal = [r for v in variants(first) for r in _pl_readings(v) if r.pos in _PL_NOMINAL]
        if nominal:
            return "", first, "-" + rest, tuple(nominal)
    return "", body, "", ()


def _pl_nominative(r: PlReading, number: str, gender: str, written: str) -> str | None:
    """The nominative of a reading's lexeme in a number and gender, the variant closest to the written word."""
    best, best_len = None, -1
    for orth, tag in _pl_forms(r.lemma):
        pos, num, cases, genders, rest = _pl_tag(tag)
        if pos != r.pos or num != number or "nom" not in cases or gender not in genders or rest != r.rest:
            continue
        common = len(_common_prefix(orth.lower(), written.lower()))
        if common > best_len:
            best, best_len = orth, common
    return best


def _common_prefix(a: str, b: str) -> str:
    """The longest common prefix: picks the generated variant nearest to what was written (klastry, not klastery)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _pl_agrees(adj: PlReading, number: str, case: str, gender: str) -> bool:
    """Whether an adjective reading agrees with a noun in number, case and gender."""
    return adj.pos in _PL_ADJ and adj.number == number and case in adj.cases and gender in adj.genders


#: Initials, each a letter and a full stop (W., И.А.): a given name or an abbreviated word (W. Brytania).
INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


def _pl_inflect(words: list[Word], kind: str) -> list[str | None] | None:
    """Polish: head noun and the adjectives that agree with it, before and after, to the nominative."""
    bodies = [w.body for w in words]
    caps = _all_caps(bodies)
    if len(bodies) == 1 and len(bodies[0]) > 1 and bodies[0].isupper():
        return None  # a one-word acronym (ORLEN, PPPT)
    if kind != "people" and len(bodies) > 1 and INITIALS.fullmatch(bodies[0]) and bodies[0][0].isupper():
        rest = _pl_inflect(words[1:], kind)  # an abbreviated first word stays (W. Brytanii -> W. Brytania)
        return None if rest is None else [None, *rest]
    infos = [None if _opaque(b, caps) and not _apostrophe(b) else _pl_word(b, caps) for b in bodies]
    forms = _pl_person(bodies, infos) if kind == "people" else _pl_name(bodies, infos, kind)
    if forms is None and kind in ("organisations", "clusters") and len(bodies) == 1 and infos[0] and not infos[0][3]:
        bare = unknown_name_base(bodies[0], words[0].feats.get("Case", ""), "pl")
        forms = [bare] if bare else None
    if forms is None:
        return None
    # a word read through its apostrophe (Jean-Claude'a -> Jean-Claude) is whole: no kept prefix or suffix
    prefixed = [None if f is None else (info[0] + f + info[2] if info and not (kind == "people" and _apostrophe(b)) else f)
                for f, info, b in zip(forms, infos, bodies, strict=True)]
    if kind == "locations":
        prefixed = [_pl_double_place(f, info) if f is not None and info and info[0] else f
                    for f, info in zip(prefixed, infos, strict=True)]
    return _rebuild(words, prefixed)


def _pl_double_place(form: str, info: tuple) -> str | None:
    """A place of two hyphen-joined names declines both (`w Kędzierzynie-Koźlu`): the first
    takes the one place the dictionary reads it as (Kędzierzyn-Koźle); where it reads two
    (`Bielsku`: Bielsk or Bielsko) the word stays as written (None), not half changed."""
    first = info[0][:-1]
    if not info[0].endswith("-") or "-" in first or not first[:1].isupper():
        return form
    lemmas = {r.lemma.split(":", 1)[0] for r in _pl_readings(first)
              if "nazwa_geograficzna" in r.names or "człon_nazwy_geograficznej" in r.names}
    if first in lemmas or not lemmas:
        return form
    return form.replace(info[0], next(iter(lemmas)) + "-", 1) if len(lemmas) == 1 else None


def unknown_name_base(word: str, case: str, lang: str) -> str | None:
    """A lone name no dictionary knows, less a case ending the language adds to such names
    (lang/<lang>/name_endings.tsv) in the case the tagger reads: `Uniperem` (instrumental) ->
    Uniper, `w Ryanairze` (locative) -> Ryanair; a nominative (`Baidu`, `Anthem`) stays, and no
    genitive comes off (`firmy Adzuna`, `firmy Fujitsu`: the tagger reads an apposition so)."""
    for ending, (letters, cases) in sorted(name_endings(lang).items(), key=lambda e: -len(e[0])):
        bare = word[: len(word) - len(ending)]
        if (word.endswith(ending) and len(bare) >= 4 and bare[-1] in letters and (not cases or case in cases)
                and bare[0].isupper() and not bare.isupper()):
            return bare
    return None


def _pl_head_ok(r: PlReading, which: str) -> bool:
    """Whether a reading may head a name in a pass: geographic names, common nouns, or any noun."""
    if r.pos not in _PL_NOMINAL:
        return False
    if which == "geographic":  # a place that is a surname too still names the place (Praga); or a
        return "nazwa_geograficzna" in r.names or "człon_nazwy_geograficznej" in r.names  # part of one (Sącz)
    if which == "surname":  # a surname, not a given name (Dino, the chain, is no Dina)
        return "nazwisko" in r.names and "voc" not in r.cases
    if r.personal:
        return False  # a surname reading does not head a place or an organisation (Wielka -> Wielk)
    return r.common if which == "common" else True


def _pl_name(bodies: list[str], infos: list, kind: str) -> list[str | None] | None:
    """The head is the first common noun after adjectives (a proper one when there is none)."""
    candidates = []
    for h in range(len(bodies)):
        if infos[h] is None:
            break
        candidates.append(h)
        if not any(r.pos in _PL_ADJ for r in infos[h][3]):
            break

    def first(which: str, order: list[int], widest: bool = False) -> tuple[int, tuple] | None:
        """The first head in `order` that fits; `widest`: the one whose agreeing words cover
        most of the name (Nowego Jorku: Jork with the adjective before it, not the town Nowe
        with Jorku left over)."""
        best = None
        for h in order:
            choice = _pl_choose(h, [r for r in infos[h][3] if _pl_head_ok(r, which)], infos)
            if choice and not widest:
                return h, choice
            if choice and (best is None or len(choice[3]) + len(choice[4]) > len(best[1][3]) + len(best[1][4])):
                best = (h, choice)
        return best

    found = first("common", candidates)
    if kind == "locations":  # a place name reads as one (Polski -> Polska, not the noun polski) unless a common
        place = first("geographic", candidates, widest=True)  # noun heads it later (Płockiego Parku: Park, not Płockie)
        if place and (found is None or place[0] >= found[0]):
            found = place
    found = found or first("any", list(reversed(candidates)))
    if found is None and kind in ("organisations", "clusters") and len(bodies) == 1:  # named after a person: Siemensa
        found = first("surname", [0])
    return _pl_generate(found[0], found[1], bodies, infos) if found else None


def _pl_choose(h: int, heads: list[PlReading], infos: list) -> tuple | None:
    """The head reading and case that the adjectives before it and after it agree with (most of them)."""
    best, best_key = None, None
    for hr in heads:
        if hr.number == "pl" and "pt" not in hr.rest:
            continue  # a plural head that is not plurale tantum: not a name's base (Den -> dna)
        for case in sorted(hr.cases):
            gender = sorted(hr.genders)[0] if hr.genders else ""
            pre = []
            for i in range(h):
                ok = [a for a in infos[i][3] if _pl_agrees(a, hr.number, case, gender)]
                if not ok:
                    break
                pre.append(ok[0])
            else:
                post = []
                for j in range(h + 1, len(infos)):
                    if infos[j] is None:
                        break
                    ok = [a for a in infos[j][3] if _pl_agrees(a, hr.number, case, gender)]
                    if not ok or _pl_owned_by_next(ok[0], j, infos):
                        break
                    post.append((j, ok[0]))
                key = (hr.number == "sg" or "pt" in hr.rest, len(post), case != "voc", case == "nom",
                       hr.lemma.split(":", 1)[0] in _pl_place_lemmas())
                if best_key is None or key > best_key:
                    best, best_key = (hr, case, gender, pre, post), key
    return best


@cache
def _pl_place_lemmas() -> frozenset[str]:
    """lang/pl/place_lemmas.txt: which of two places a form names (Niemiec -> Niemcy, not Niemce)."""
    return frozenset(load_list("pl", "place_lemmas"))


def _pl_owned_by_next(adj: PlReading, j: int, infos: list) -> bool:
    """An adjective after the head that agrees with the noun after it belongs to that noun (Klastra
    Inteligentnego Budownictwa)."""
    if j + 1 >= len(infos) or infos[j + 1] is None:
        return False
    nouns = [r for r in infos[j + 1][3]
             if r.pos in _PL_NOMINAL and r.number == adj.number and r.cases & adj.cases and r.genders & adj.genders]
    if not nouns:
        return False
    # unless that noun has its own adjective after it: Urzędu Marszałkowskiego | Województwa Mazowieckiego
    after = infos[j + 2][3] if j + 2 < len(infos) and infos[j + 2] is not None else ()
    return not any(_pl_agrees(a, r.number, c, g) for r in nouns for c in r.cases for g in r.genders for a in after)


def _pl_generate(h: int, choice: tuple, bodies: list[str], infos: list) -> list[str | None] | None:
    """Nominative of the head (singular unless plurale tantum) and of the adjectives agreeing with it."""
    hr, case, gender, pre, post = choice
    forms: list[str | None] = [None] * len(bodies)
    if case == "nom":
        return forms
    number = hr.number if "pt" in hr.rest else "sg"
    new = _pl_nominative(hr, number, gender, infos[h][1])
    if new is None:
        return None
    forms[h] = new
    for i, a in list(enumerate(pre)) + post:
        new = _pl_nominative(a, number, gender, infos[i][1])
        if new is None:
            return None
        forms[i] = new
    return forms


@cache
def _pl_apostrophe_endings() -> dict[str, tuple[str, frozenset[str]]]:
    """ending -> (gender, cases) from lang/pl/apostrophe_endings.tsv."""
    rows = [line.split("\t") for line in load_list("pl", "apostrophe_endings.tsv")]
    return {r[0]: (r[1], frozenset(r[2].split(","))) for r in rows if len(r) >= 3}


_APOSTROPHE = re.compile(r"^(.+?)['’](\w+)$")


def _apostrophe(body: str) -> tuple[str, str, frozenset[str]] | None:
    """A foreign name with a Polish ending after an apostrophe (Farage'a): (base, gender, cases)."""
    m = _APOSTROPHE.match(body)
    if not m or m.group(2).lower() not in _pl_apostrophe_endings():
        return None
    gender, cases = _pl_apostrophe_endings()[m.group(2).lower()]
    return m.group(1), gender, cases


@cache
def _pl_surname_rules() -> tuple[tuple[str, str, str, str, bool], ...]:
    """(gender, case, ending, nominative ending, weak) from lang/pl/surname_endings.tsv."""
    rows = []
    for line in load_list("pl", "surname_endings.tsv"):
        cols = (line.split("\t") + ["", "", "", "", ""])[:5]
        rows.append((cols[0], cols[1], cols[2], cols[3], cols[4] == "weak"))
    return tuple(rows)


def _pl_person(bodies: list[str], infos: list) -> list[str | None] | None:
    """Each part of a personal name to the nominative, in the gender and case the parts share."""
    support: list[dict[tuple[str, str], tuple[float, Any]]] = []
    for b, info in zip(bodies, infos, strict=True):
        opts: dict[tuple[str, str], tuple[float, Any]] = {}
        apo = _apostrophe(b)
        if apo:
            for case in apo[2]:
                opts[(apo[1], case)] = (1.0, ("base", apo[0]))
        elif info is not None and info[3]:
            readings = [r for r in info[3] if r.personal and r.pos in _PL_NOMINAL]
            readings = readings or [r for r in info[3] if r.pos in _PL_NOMINAL | _PL_ADJ and r.number == "sg"]
            readings.sort(key=lambda r: (-len(r.names), ":" not in r.lemma))
            for r in readings:
                for g in r.genders & {"m1", "f"}:
                    for case in r.cases:
                        opts.setdefault((g, case), (1.0, ("reading", r)))
            if not opts:
                opts = {("any", "known"): (0.0, None)}
        elif info is not None or _LETTERS.match(b):
            low = b.lower()
            rules = [r for r in _pl_surname_rules() if low.endswith(r[2]) and len(low) > len(r[2]) + 1]
            longest = max((len(r[2]) for r in rules), default=0)
            for g, case, ending, nominative, weak in rules:
                if len(ending) == longest and (g, case) not in opts:
                    opts[(g, case)] = (0.5 if weak else 1.0, ("rule", (ending, nominative, weak)))
        support.append(opts)
    options = [o for opts in support for o in opts if o[0] != "any"]
    best = None
    for opt in dict.fromkeys(options):
        total, strong, picks = 0.0, 0, []
        for opts in support:
            if opt in opts:
                weight, how = opts[opt]
                total += weight
                strong += weight >= 1.0
                picks.append(how)
            elif ("any", "known") in opts or any(k != ("any", "known") and how and how[0] == "reading"
                                                 for k, (_, how) in opts.items()):
                break  # a known word that cannot be in this case and gender
            else:
                picks.append(None)
        else:
            if any(how and how[0] == "rule" and how[1][2] for how in picks) and strong < 1 and (
                    len(bodies) > 1 or opt[1] != "gen"):
                continue  # weak endings need a word that fixes the case; a surname alone: genitive (Corbyna)
            if best is None or (total, opt[1] == "nom") > best[0]:
                best = ((total, opt[1] == "nom"), opt, picks)
    # an apostrophe whose ending the mention's boundary cut off (Huges Labar’) goes with it
    bare = [b[:-1] if len(b) > 2 and b[-1] in "'’" and b[-2].isalpha() else None for b in bodies]
    if best is None or best[1][1] == "nom":
        return bare if any(bare) else (None if best is None else [None] * len(bodies))
    _, (gender, case), picks = best
    forms: list[str | None] = []
    for b, how, cut in zip(bodies, picks, bare, strict=True):
        if how is None:
            forms.append(cut)
        elif how[0] == "base":
            forms.append(how[1])
        elif how[0] == "rule":
            ending, nominative, _weak = how[1]
            forms.append(b[: len(b) - len(ending)] + nominative)
        else:
            r = how[1]
            forms.append(_pl_nominative(r, "sg", gender, b) or r.lemma.split(":")[0])
    return forms


# --- Lithuanian: pipeline morphology, simplemma, ending table ------------------------------------------


@dataclass(frozen=True)
class LtEnding:
    """A row of lang/lt/endings.tsv: an ending, its nominative, and the reading it stands for."""

    ending: str
    nominative: str
    pos: str
    case: str
    number: str
    gender: str
    lemma_end: str
    flags: frozenset[str]

    @property
    def reading(self) -> tuple[str, str, str]:
        return self.case, self.number, self.gender


@cache
def _lt_endings() -> tuple[LtEnding, ...]:
    """The rows of lang/lt/endings.tsv, in file order (the order is the preference)."""
    rows = []
    for line in load_list("lt", "endings.tsv"):
        c = (line.split("\t") + [""] * 8)[:8]
        rows.append(LtEnding(c[0], c[1], c[2], c[3], c[4], c[5], c[6], frozenset(c[7].split(",")) - {""}))
    return tuple(rows)


@lru_cache(maxsize=100_000)
def _lt_matches(low: str) -> tuple[LtEnding, ...]:
    """The rows whose ending a lower-case word has (leaving a stem of two letters), longest ending first."""
    rows = [e for e in _lt_endings() if low.endswith(e.ending) and len(low) - len(e.ending) >= 2]
    return tuple(sorted(rows, key=lambda e: -len(e.ending)))


@lru_cache(maxsize=100_000)
def _lt_lexicon(word: str) -> str | None:
    """simplemma's Lithuanian lemma, when it knows the word (it returns unknown words unchanged)."""
    import simplemma

    if not word:  # a lone comma of tokenised text (`švietimo , mokslo`) has no body
        return None
    lemma = simplemma.lemmatize(word, lang="lt").lower()
    return None if lemma == word.lower() else lemma


@cache
def _lt_words(name: str) -> frozenset[str]:
    """A Lithuanian word list as a lower-case set."""
    return frozenset(w.lower() for w in load_list("lt", name))


def _lt_form(low: str, row: LtEnding) -> str:
    """A word with a row's ending replaced by its nominative."""
    return low[: len(low) - len(row.ending)] + row.nominative


def _lt_noun(w: Word, people: bool) -> tuple[LtEnding, str] | None:
    """The reading of a noun and its nominative: morphology first, then lexicon, then the table's order."""
    low = w.body.lower()
    rows = [r for r in _lt_matches(low) if r.pos == "NOUN"]
    if people:  # before the tagger's reading: `G. Bainajų` tagged Gen Plur is the accusative of Bainajus
        rows = [r for r in rows if r.number == "Sing"]
    case = w.feats.get("Case")
    if case:
        fitting = [r for r in rows if r.case == case and r.number == w.feats.get("Number", r.number)]
        # a tagger reading the ending cannot have (`rūmų` tagged Loc Sing) is a tagging error:
        # then the table's own order decides
        rows = fitting or rows
    # the tagger's lemma, simplemma's, and a listed place's nominative (Karoliniškių -> Karoliniškės)
    lexicon = {x.lower() for x in (w.lemma, _lt_lexicon(w.body), lt_place(w.body)) if x and x.lower() != low}
    for r in rows:
        if _lt_form(low, r) in lexicon:
            return r, _lt_form(low, r)
    for r in rows:
        if "lex" not in r.flags:
            return r, _lt_form(low, r)
    return None


def _lt_noun_readings(w: Word) -> set[tuple[str, str, str]]:
    """What a modifier noun inside a name most likely is: the preferred reading's case and number (any gender)."""
    if w.feats.get("Case"):
        return {(w.feats["Case"], w.feats.get("Number", ""), w.feats.get("Gender", ""))}
    found = _lt_noun(w, people=False)
    if found is None:
        return set()
    rows = _lt_matches(w.body.lower())
    return {r.reading for r in rows if r.pos == "NOUN" and (r.case, r.number) == (found[0].case, found[0].number)}


def _lt_adjective(w: Word) -> list[LtEnding]:
    """The adjective readings of a word, or none when it is not an adjective (nouns look alike)."""
    low = w.body.lower()
    rows = [r for r in _lt_matches(low) if r.pos == "ADJ"]
    if w.feats:
        if "Degree" not in w.feats and w.feats.get("VerbForm") != "Part":
            return []
        return [r for r in rows if r.reading == (w.feats.get("Case"), w.feats.get("Number"), w.feats.get("Gender"))]
    if any("def" in r.flags for r in rows):
        return [r for r in rows if "def" in r.flags]
    lemma_ends = tuple(load_list("lt", "adjective_lemma_endings"))
    known = _lt_lexicon(w.body)
    lemma_rows = [r for r in rows if (low[: len(low) - len(r.ending)] + r.lemma_end).endswith(lemma_ends)]
    if known and known.endswith(lemma_ends):
        lemma_rows = [r for r in rows if low[: len(low) - len(r.ending)] + r.lemma_end == known] or lemma_rows
    if not lemma_rows:
        return []
    paradigms = {r.lemma_end for r in lemma_rows}
    return [r for r in rows if r.lemma_end in paradigms]


def _lt_inflect(words: list[Word], kind: str) -> list[str | None] | None:
    """Lithuanian: the head is the last word; adjectives that agree with it go with it; genitives stay."""
    bodies = [w.body for w in words]
    caps = _all_caps(bodies)
    if len(bodies) == 1 and len(bodies[0]) > 1 and bodies[0].isupper():
        return None
    if kind == "people":
        forms: list[str | None] = []
        for w in words:
            found = None if _opaque(w.body, caps) else _lt_noun(w, people=True)
            forms.append(found[1] if found and found[0].case != "Nom" else None)
        return _rebuild(words, forms)
    h = len(words) - 1
    if _opaque(bodies[h], caps):
        return None
    found = _lt_noun(words[h], people=False)
    if found is None:
        return None
    head, new_head = found
    forms = [None] * len(words)
    if head.case == "Nom":
        return forms
    forms[h] = new_head
    conjunctions = _lt_words("conjunctions")
    for i in range(h):
        rows = _lt_adjective(words[i])
        agree = [r for r in rows if r.reading == head.reading]
        if not agree or _opaque(bodies[i], caps):
            continue
        before = {r.reading for r in rows}
        if i > 0 and not _lt_adjective(words[i - 1]) and before & _lt_noun_readings(words[i - 1]):
            continue  # a name's epithet after its noun: Vytauto Didžiojo
        owner, conjunct = h, False
        for j in range(i + 1, h):
            if bodies[j].lower() in conjunctions:
                conjunct = True
                continue
            if _lt_adjective(words[j]) or _opaque(bodies[j], caps):
                continue
            coordinated = words[j].text.endswith(",") or bodies[j + 1].lower() in conjunctions
            if conjunct or coordinated:  # a conjunct: the adjective goes with what the coordination modifies
                conjunct = False
                continue
            if before & _lt_noun_readings(words[j]):
                owner = j
                break
        if owner == h:
            forms[i] = _lt_form(bodies[i].lower(), agree[0])
    return _rebuild(words, forms)


def _unchanged(words: list[Word], kind: str) -> None:
    """Languages without a safe inflector: names stay as written."""
    return None


INFLECTORS: dict[str, Inflector] = {"ru": _ru_inflect, "pl": _pl_inflect, "lt": _lt_inflect,
                                    "en": _unchanged, "uk": _unchanged, "cs": _unchanged}


def adjective_agrees(word: str, noun: str, lang: str) -> bool:
    """Can `word`, written in lower case, be an adjective that agrees with the common noun
    `noun` (a shared case, the same number, a shared gender)? `Polska delegacja`,
    `Polska firma` at a sentence start: a Polish delegation, not the country. Polish reads
    Morfeusz, Russian pymorphy; other languages answer no."""
    if lang == "pl":
        adjectives = [r for r in _pl_readings(word.lower()) if r.pos == "adj"]
        nouns = [r for r in _pl_readings(noun) if r.pos == "subst" and r.common]
        return any(a.number == n.number and a.cases & n.cases and a.genders & n.genders
                   for a in adjectives for n in nouns)
    if lang == "ru":
        adjectives = [p for p in _ru_parses(word.lower()) if p.tag.POS == "ADJF"]
        nouns = [p for p in _ru_parses(noun) if p.tag.POS == "NOUN"]
        return any(a.tag.number == n.tag.number and _ru_case(a) == _ru_case(n)
                   and (a.tag.number == "plur" or a.tag.gender == n.tag.gender)
                   for a in adjectives for n in nouns)
    return False


def no_person(word: str, lang: str, sentence_start: bool) -> bool:
    """Does the dictionary say a one-word 'person' is none? Polish (Morfeusz): a demonym
    (Polacy, Brytyjczycy: a capitalised common noun of persons, and no surname or given name
    reads so) anywhere, and at a sentence start a word it knows only as a lower-case common
    word (Szczepionka, Wypłata). Russian (pymorphy): at a sentence start, a word it knows with
    no reading as a given name, surname or patronymic, and none as a noun (`Приговоренную`) or
    one as a place or organisation (`Филадельфия`). Words a dictionary does not know stay
    people; other languages: no."""
    if lang == "ru":
        if not sentence_start or not _ru_morph().word_is_known(word.lower()):
            return False
        parses = _ru_parses(word)
        if any(tag in p.tag for p in parses for tag in _RU_PERSON):
            return False
        # pymorphy knows some surnames as common nouns only (Макрон, Шредер): a noun stays a
        # person unless it names a place or an organisation
        return not any(p.tag.POS == "NOUN" for p in parses) or any(
            "Geox" in p.tag or "Orgn" in p.tag for p in parses)
    if lang != "pl":
        return False
    readings = _pl_readings(word)
    if not readings or any(r.personal for r in readings):
        return False
    if any(r.pos == "subst" and r.lemma[:1].isupper() and r.common and "m1" in r.genders for r in readings):
        return True
    return sentence_start and all(r.common and r.lemma[:1].islower() for r in readings)


def has_place_dictionary(lang: str) -> bool:
    """Whether is_place_word has a dictionary for `lang` (otherwise it always says no)."""
    return lang in ("ru", "pl")


def is_place_word(word: str, lang: str) -> bool:
    """Does the dictionary read this capitalised word as a geographic name (Москвы, Mazowsza)?

    Russian: a pymorphy reading tagged Geox; Polish: a Morfeusz reading of the name class
    nazwa_geograficzna; Lithuanian: a word whose nominative is in lang/lt/places.txt (a
    list, not a dictionary: has_place_dictionary stays False). Other languages: no.
    """
    if lang == "ru":  # (pymorphy's dictionary is Russian: Ukrainian words would be misread)
        parses = _ru_parses(word)
        return bool(parses) and "Geox" in parses[0].tag and parses[0].tag.POS == "NOUN"
    if lang == "pl":
        readings = _pl_readings(word)
        return any("nazwa_geograficzna" in r.names for r in readings) and not any(
            r.pos in _PL_ADJ or r.common and r.pos == "subst" for r in readings)
    if lang == "lt":
        return bool(lt_place(word))
    return False


def may_be_genitive(word: str, lang: str) -> bool:
    """Can the word be a genitive (Lithuanian: by the ending table)? Other languages: yes."""
    if lang == "lt":  # any part of a hyphenated word (Monkutės-Marks: the foreign part stays)
        return any(r.case == "Gen" for part in word.lower().split("-") for r in _lt_matches(part))
    return True


def lt_place(word: str) -> str | None:
    """The nominative of a capitalised Lithuanian word that names a place of lang/lt/places.txt
    (Kauno -> kaunas, Kėdainių -> kėdainiai, JAV), or None."""
    if not word[:1].isupper() or not word.isalpha():
        return None
    low = word.lower()
    places = _lt_words("places")
    if low in places:
        return low
    return next((form for r in _lt_matches(low) if r.pos == "NOUN" and (form := _lt_form(low, r)) in places), None)
