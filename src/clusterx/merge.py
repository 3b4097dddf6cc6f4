"""One entity per thing in an article: inflected forms, defined acronyms, short forms.

Mentions are first grouped by their normalised name; then an acronym the text defines
(`Płocki Park Przemysłowo-Technologiczny (PPPT)`) or whose letters are the name's
initials (`KTU` for `Kauno technologijos universitetas`) joins its full name; then a
short form whose words all occur in a longer name of the same kind (`Technopolis` in
`VšĮ „Technopolis“`, a surname in a full name) joins it. The longest, most complete
mention's base form names the entity; the others become aliases. A one-word "person"
that names an organisation of the article is left out.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from .entities import ID_PREFIX, KINDS, EntityDraft, Mention
from .lang import load_list, name_endings, place_aliases
from .normalise import INITIALS

Normaliser = Callable[[Mention], str]
_QUOTES = "«»„“”\"'‚‘’"


def key(name: str) -> str:
    """The comparison key of a name: NFC, case-folded, no quotes, single spaces."""
    name = unicodedata.normalize("NFC", name).casefold()
    return " ".join(name.translate({ord(q): " " for q in _QUOTES}).split())


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 3)] if len(word) > 5 else word


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-–—]+", key(name)) if w]


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 2) and " " not in text


def initials_match(acronym: str, name: str, legal_forms: set[str]) -> bool:
    """Do the acronym's letters spell the name's words' initials (1-2 letters a word)?"""
    words = [w for w in re.split(r"[\s\-–—]+", name.translate({ord(q): " " for q in _QUOTES}))
             if w and w not in legal_forms and w[:1].isalpha()]
    acr = [c.lower() for c in acronym if c.isalpha()]

    def walk(ai: int, wi: int) -> bool:
        if ai == len(acr):
            return wi == len(words) or all(w.islower() and len(w) <= 3 for w in words[wi:])
        if wi == len(words):
            return False
        w = words[wi].lower()
        if w[0] != acr[ai]:
            return len(w) <= 3 and words[wi].islower() and walk(ai, wi + 1)
        return walk(ai + 1, wi + 1) or len(w) > 1 and ai + 1 < len(acr) and w[1] == acr[ai + 1] and walk(ai + 2, wi + 1)

    return len(words) >= 2 and walk(0, 0)


def _defined_acronyms(text: str, drafts: list[EntityDraft]) -> dict[str, EntityDraft]:
    """Acronyms written in brackets right after a mention: `Name (ACR)`."""
    out = {}
    for d in drafts:
        for m in d.mentions:
            after = re.match(r"\s*\(\s*([^()\s]{2,12})\s*\)", text[m.end:m.end + 16])
            if after and is_acronym(after.group(1)):
                out[key(after.group(1))] = d
    return out


def _initialled(short: str, full: str) -> bool:
    """Is `short` the person `full` with given names cut to initials: `V. Adamkus`,
    `M. K. Čiurlionis`, `Федорищев И.А.` for Valdas Adamkus, Mikalojus Konstantinas
    Čiurlionis, Игорь Федорищев? The surname must be the same; the first initial must be the
    first given name's (more initials than given names: a patronymic the full name leaves out)."""
    a, b = short.split(), full.split()
    initials = [w for w in a if INITIALS.fullmatch(w) and w[0].isupper()]
    rest = [w for w in a if w not in initials]
    if not initials or not rest or len(b) <= len(rest) or any(INITIALS.fullmatch(w) for w in b):
        return False
    if a[: len(initials)] == initials:  # initials first: the surname ends the full name
        surname, given = b[len(b) - len(rest):], b[: len(b) - len(rest)]
    elif a[len(rest):] == initials:  # surname first (Федорищев И.А.)
        surname, given = (b[len(b) - len(rest):], b[: len(b) - len(rest)]) if key(b[-1]) == key(rest[-1]) \
            else (b[: len(rest)], b[len(rest):])
    else:
        return False
    letters = "".join(initials).replace(".", "")
    return [key(w) for w in surname] == [key(w) for w in rest] and bool(given) and \
        given[0][:1].lower() == letters[:1].lower()


def _abbreviates(short: str, full: str) -> bool:
    """Is `short` `full` with some words cut to their first letter and a full stop
    (W. Brytania: Wielka Brytania)? People are left out: initials there are given names."""
    a, b = short.split(), full.split()
    if len(a) != len(b) or a == b:
        return False
    cut = False
    for x, y in zip(a, b, strict=True):
        if len(x) == 2 and x[1] == "." and x[0].isupper() and len(y) > 2 and y[0] == x[0] and y[-1] != ".":
            cut = True
        elif key(x) != key(y):
            return False
    return cut


def merge(mentions: list[Mention], text: str, lang: str, normalise: Normaliser) -> dict[str, list[EntityDraft]]:
    legal_forms = set(load_list(lang, "legal_forms"))
    aliases = place_aliases(lang)
    out: dict[str, list[EntityDraft]] = {k: [] for k in KINDS}
    for kind in KINDS:
        groups: dict[str, EntityDraft] = {}
        for m in (m for m in mentions if m.kind == kind):
            name = normalise(m)
            official = None
            if kind == "locations" and key(name) in aliases:  # РФ, Lietuvos Respublika: the country
                official, name = name, aliases[key(name)]
            d = groups.setdefault(key(name), EntityDraft(kind=kind, name=name))
            d.mentions.append(m)
            if official and official not in d.aliases:
                d.aliases.append(official)
        drafts = sorted(groups.values(), key=lambda d: (-len(_words(d.name)), d.first))
        if kind == "locations":
            drafts = [d for d in drafts if not _joined_acronym_owner(d, out["organisations"] + out["clusters"],
                                                                     legal_forms)]
        defined = _defined_acronyms(text, drafts)
        merged: list[EntityDraft] = []
        votes: dict[int, list[tuple[str, int]]] = {}  # id(entity) -> its inflected forms' names, mention counts
        for d in drafts:
            target = None
            if is_acronym(d.name) and kind != "people":
                target = defined.get(key(d.name)) or next(
                    (t for t in merged if initials_match(d.name, t.name, legal_forms)), None)
                if target is not None and target is not d:
                    target.acronym = target.acronym or d.name
            if target is None and kind in ("clusters", "organisations"):
                target = next((t for t in merged if inflected_same(d.name, t.name)), None)
                if target is not None:
                    votes.setdefault(id(target), [(target.name, len(target.mentions))]).append(
                        (d.name, len(d.mentions)))
                if target is not None and len(d.name) < len(target.name):
                    # the shortest form names it: the nominative, in the Slavic and Baltic languages
                    target.name, d.name = d.name, target.name
            if target is None:  # Ryanaira is Ryanair, Доминик Рааба is Доминик Рааб
                target = next((t for t in merged if _ending_added(d.name, t.name, lang, kind)
                               or _ending_added(t.name, d.name, lang, kind)), None)
                if target is not None and len(d.name) < len(target.name):
                    target.name, d.name = d.name, target.name
            if target is None:
                longer = [t for t in merged if _is_short_form(d.name, t.name, kind, lang)]
                target = longer[0] if len(longer) == 1 else None  # an ambiguous short form stays apart
            if target is None and kind != "people":  # W. Brytania and Wielka Brytania: the written-out name
                target = next((t for t in merged if _abbreviates(d.name, t.name) or _abbreviates(t.name, d.name)), None)
                if target is not None and _abbreviates(target.name, d.name):
                    target.name, d.name = d.name, target.name
            if target is None and kind == "people":  # V. Adamkus is Valdas Adamkus when no other fits
                fits = [t for t in merged if _initialled(d.name, t.name) or _initialled(t.name, d.name)]
                if len(fits) == 1:
                    short = d.name if _initialled(d.name, fits[0].name) else fits[0].name
                    if sum(_initialled(short, o.name) for o in drafts) == 1:  # J. Kowalski: Jan or Jerzy?
                        target = fits[0]
                        if short == target.name:
                            target.name, d.name = d.name, target.name
            if target is None or target is d:
                merged.append(d)
                continue
            target.mentions.extend(d.mentions)
            if d.name not in target.aliases and key(d.name) != key(target.name):
                target.aliases.append(d.name)
        merged = _join_endings(merged, lang, kind)
        if kind in ("clusters", "organisations"):
            merged = _also_called(merged, text, lang)
        if kind == "people":
            # a lone word tagged as a person that names an organisation of the article is that
            # organisation (`Eurochile` signed …; the model took one mention for a person)
            bodies = {key(n) for b in out["organisations"] + out["clusters"] for n in (b.name, *b.aliases)}
            merged = [d for d in merged if len(_words(d.name)) > 1 or key(d.name) not in bodies]
        for d in merged:
            if id(d) in votes:
                _vote_name(d, votes[id(d)])
            d.mentions.sort(key=lambda m: m.start)
            d.legal_form = next((w for w in d.name.split() if w in legal_forms), None)
        out[kind] = sorted(merged, key=lambda d: d.first)
        for n, d in enumerate(out[kind], 1):
            d.id = f"{ID_PREFIX[kind]}{n}"
    _repeat_mentions(out, text)
    return out


def _repeat_mentions(out: dict[str, list[EntityDraft]], text: str) -> None:
    """An organisation's or cluster's name written again where the model found nothing is
    another mention of it (document-level consistency: the model found `Eurochile` in the
    headline, not in `signed … with Eurochile`, and the event there lost its partner). Only
    the very words of a mention (so an inflected form counts only as found), capitalised,
    between word boundaries and clear of every other mention, longest names first."""
    taken = sorted((m.start, m.end) for ds in out.values() for d in ds for m in d.mentions)
    forms = sorted({(m.text, id(d)): d for kind in ("clusters", "organisations") for d in out[kind]
                    for m in d.mentions if len(m.text) > 1 and m.text[:1].isupper()}.items(),
                   key=lambda item: -len(item[0][0]))
    added = False
    for (form, _), d in forms:
        for found in re.finditer(re.escape(form), text):
            a, b = found.span()
            if a > 0 and text[a - 1].isalnum() or b < len(text) and text[b].isalnum():
                continue
            if any(s < b and a < e for s, e in taken):
                continue
            d.mentions.append(Mention(d.kind, form, a, b))
            taken.append((a, b))
            added = True
    if added:
        for kind in ("clusters", "organisations"):
            for d in out[kind]:
                d.mentions.sort(key=lambda m: m.start)


def _join_endings(entities: list[EntityDraft], lang: str, kind: str) -> list[EntityDraft]:
    """Forms that differ by a case ending, met before their bare name (`w Ryanairze` …
    `Ryanair` …: when `Ryanairze` came, no bare form was there to join), are one entity."""
    out: list[EntityDraft] = []
    for d in entities:
        target = next((t for t in out if _ending_added(d.name, t.name, lang, kind)
                       or _ending_added(t.name, d.name, lang, kind)), None)
        if target is None:
            out.append(d)
            continue
        if len(d.name) < len(target.name):
            target.name, d.name = d.name, target.name
        target.mentions.extend(d.mentions)
        for alias in (d.name, *d.aliases):
            if alias not in target.aliases:
                target.aliases.append(alias)
        target.aliases = [a for a in target.aliases if key(a) != key(target.name)]
    return out


@cache
def _alias_cue(lang: str) -> re.Pattern | None:
    """`, dar vadinamą`, `also known as`, `zwany także`: lang/<code>/alias_cues.txt, each
    word a lower-case form or a prefix marked with `*`."""
    cues = load_list(lang, "alias_cues")
    if not cues:
        return None
    alts = ["\\s+".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in c.split())
            for c in cues]
    return re.compile(r"\s*[,(–—-]?\s*(?:" + "|".join(alts) + r")(?:\s*[–—:-])?\s+[„«\"“]?$", re.IGNORECASE)


def _also_called(entities: list[EntityDraft], text: str, lang: str) -> list[EntityDraft]:
    """A name the text gives as another name of one just named (`Inovatyvios gamybos
    klasterį, dar vadinamą Gamybos inovacijų slėnio klasteriu`) is the same entity; the
    name with more mentions names it."""
    cue = _alias_cue(lang)
    if cue is None:
        return entities
    starts = sorted(((m.start, e) for e in entities for m in e.mentions), key=lambda x: x[0])
    for first in list(entities):
        for m in first.mentions:
            other = next((e for at, e in starts if m.end < at <= m.end + 40 and e is not first
                          and cue.match(text[m.end:at])), None)
            if other is None or other not in entities or first not in entities:
                continue
            keep, gone = (other, first) if len(other.mentions) > len(first.mentions) else (first, other)
            keep.mentions.extend(gone.mentions)
            keep.aliases += [a for a in (gone.name, *gone.aliases) if key(a) != key(keep.name) and a not in keep.aliases]
            entities = [e for e in entities if e is not gone]
            starts = [(at, keep if e is gone else e) for at, e in starts]
    return entities


def _vote_name(entity: EntityDraft, forms: list[tuple[str, int]]) -> None:
    """Name an entity from its inflected mentions' base forms word by word before the last,
    the form most mentions gave winning (ties: the current name's word): each mention's
    normalisation is a guess of one base form, and a tagger's slip on one mention (`slėnio`
    read as an adjective and inflected) is outvoted by the others. The last word keeps the
    shortest form's (the nominative head, where mentions the normaliser was unsure of stay
    as written: `„Lietuvos energijos“`)."""
    words = [n.split() for n, _ in forms]
    current = entity.name.split()
    if any(len(w) != len(current) for w in words):
        return
    chosen = [current[-1]]  # the head keeps the shortest form's word (the nominative; unsure mentions stay as written)
    for i, mine in enumerate(current[:-1]):
        tally: dict[str, int] = {}
        for w, (_, count) in zip(words, forms, strict=True):
            tally[w[i]] = tally.get(w[i], 0) + count
        best = max(tally.values())
        chosen.insert(i, mine if tally.get(mine) == best else max(tally, key=lambda x: (tally[x], x == mine)))
    name = " ".join(chosen)
    if name != entity.name:
        if entity.name not in entity.aliases:
            entity.aliases.append(entity.name)
        entity.aliases = [a for a in entity.aliases if key(a) != key(name)]
        entity.name = name


def _joined_acronym_owner(place: EntityDraft, bodies: list[EntityDraft], legal_forms: set[str]) -> bool:
    """A "place" that is the acronym of an organisation of the article (`VDU`, `LEI` tagged
    as places) joins that organisation; True when it did."""
    if not is_acronym(place.name):
        return False
    k = key(place.name)
    owner = next((b for b in bodies if k in {key(a) for a in (b.acronym or "", *b.aliases)}), None) or next(
        (b for b in bodies if initials_match(place.name, b.name, legal_forms)), None)
    if owner is None:
        return False
    owner.mentions = sorted(owner.mentions + [replace(m, kind=owner.kind) for m in place.mentions],
                            key=lambda m: m.start)
    owner.acronym = owner.acronym or place.name
    if all(key(a) != k for a in owner.aliases):
        owner.aliases.append(place.name)
    return True


def inflected_same(a: str, b: str) -> bool:
    """Two forms of one multi-word name where no normaliser gave one base form (a language
    without morphology data): as many words, each pair equal up to its ending."""
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    return all(x == y or (min(len(x), len(y)) > 4 and len(os.path.commonprefix([x, y])) >= max(4, len(x) - 3, len(y) - 3))
               for x, y in zip(wa, wb, strict=True))


def _ending_added(bare: str, long: str, lang: str, kind: str) -> bool:
    """`long` is `bare` with a case ending the language adds to names its dictionaries do not
    know (`Ryanair` / `Ryanaira`, `Доминик Рааб` / `Доминик Рааба`); a person needs two words."""
    wb, wl = _words(bare), _words(long)
    if not wb or len(wb) != len(wl) or wb[:-1] != wl[:-1] or kind == "people" and len(wb) < 2:
        return False
    return _adds_ending(wb[-1], wl[-1], lang)


def _adds_ending(bare: str, word: str, lang: str) -> bool:
    """`word` (case-folded) is `bare` with one of the language's name endings."""
    if len(bare) < 4 or not word.startswith(bare) or word == bare:
        return False
    return bare[-1] in name_endings(lang).get(word[len(bare):], ("", None))[0]


def _is_short_form(short: str, long: str, kind: str, lang: str = "") -> bool:
    """All words of `short` occur (up to inflection) in `long`, which has more words."""
    sw, lw = _words(short), _words(long)
    if not sw or len(sw) >= len(lw):
        return False
    if kind == "people":
        return len(sw) == 1 and (_stem(sw[0]) == _stem(lw[-1]) or _adds_ending(lw[-1], sw[0], lang))
    if kind == "locations":
        return False
    stems = {_stem(w) for w in lw}
    original = [w for w in re.split(r"[\s\-–—]+", long) if w]

    def covered(word: str, raw: str) -> bool:
        if _stem(word) in stems:
            return True
        # an acronym standing for a run of the long name's words: Klaster LT = Klaster Logistyczno-Transportowy
        return is_acronym(raw) and any(initials_match(raw, " ".join(original[i:j]), set())
                                       for i in range(len(original)) for j in range(i + 2, len(original) + 1))

    raw_short = [w for w in re.split(r"[\s\-–—]+", short) if w]
    return (len(raw_short) == len(sw) and all(covered(w, r) for w, r in zip(sw, raw_short, strict=True))
            and any(len(w) > 3 or is_acronym(r) for w, r in zip(sw, raw_short, strict=True)))
