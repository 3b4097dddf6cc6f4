"""Places inside organisation and cluster names: `Москва` in `Агентство инноваций города
Москвы`, `Mazowsze` in `Agencja Rozwoju Mazowsza`, `Kaunas` in `Kauno technologijos
universitetas` (the contract lists them as locations).

A word of a name (outside its quoted part, not its first word but in Lithuanian) is a place when the
dictionary reads it as a geographic name (normalise.is_place_word), when it is an
adjective before a region noun (lang/<code>/place_nouns.txt: Ленинградской области), or
when the article names the same place elsewhere. Each becomes a mention of that location.
"""
from __future__ import annotations

import re

from .entities import ID_PREFIX, EntityDraft, Mention
from .lang import traits, word_set
from .merge import key
from .normalise import is_place_word

_WORD = re.compile(r"[^\W\d_][^\W\d_\-’']*(?:-[^\W\d_]+)*")
_OPENERS, _CLOSERS = "«„“\"", "»“”\""
_QUOTED = re.compile(f"[{_OPENERS}][^«»„“”\"]*[{_CLOSERS}]")


def _stem(word: str) -> str:
    low = word.lower()
    return low[: max(4, len(low) - 3)] if len(low) > 5 else low


def _between_quotes(text: str, start: int, end: int) -> bool:
    """Is text[start:end] directly enclosed in quotation marks?"""
    return start > 0 and end < len(text) and text[start - 1] in _OPENERS and text[end] in _CLOSERS


def add_places(drafts: dict[str, list[EntityDraft]], text: str, lang: str, normalise) -> None:
    locations = drafts["locations"]
    known = {_stem(w): loc for loc in locations for m in loc.mentions for w in _WORD.findall(m.text)
             if len(m.text.split()) == 1}
    region_nouns = word_set(lang, "place_nouns")
    genitive_first, noun_first = "genitive_first" in traits(lang), "noun_first_regions" in traits(lang)
    taken = {(m.start, m.end) for loc in locations for m in loc.mentions}
    found: list[Mention] = []
    for draft in drafts["clusters"] + drafts["organisations"]:
        for m in draft.mentions:
            quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(m.text)]
            if _between_quotes(text, m.start, m.end):  # «Корпорации развития Среднего Урала»: the
                quoted = [(0, len(m.text))]           # quotes are the text's, outside the mention
            words = list(_WORD.finditer(m.text))
            for n, w in enumerate(words):
                # a first word only in Lithuanian, and only when the place list has it
                if n == 0 and not genitive_first or not w.group()[:1].isupper() \
                        or any(s <= w.start() < e for s, e in quoted):
                    continue
                start, end = m.start + w.start(), m.start + w.end()
                nxt = words[n + 1] if n + 1 < len(words) else None
                # a region: adjective + region noun (Ленинградской области, Kauno rajono), or in
                # Polish region noun + adjective (Województwa Mazowieckiego, Ziemi Radomskiej)
                if n > 0 and nxt is not None and ((nxt.group() in region_nouns) != noun_first) and (
                        (w.group() in region_nouns) == noun_first) and (not noun_first or nxt.group()[:1].isupper()):
                    start2, end2 = start, m.start + nxt.end()
                    if (start2, end2) not in taken:
                        found.append(Mention("locations", text[start2:end2], start2, end2))
                        taken.add((start2, end2))
                    continue
                if w.group() in region_nouns or n == 0 and nxt is not None and nxt.group() in region_nouns:
                    continue  # (a first word before a region noun names the region: Vilniaus rajono savivaldybė)
                if (start, end) in taken:
                    continue
                if n > 0 and _stem(w.group()) in known or is_place_word(w.group(), lang):
                    found.append(Mention("locations", w.group(), start, end))
                    taken.add((start, end))
    for mention in found:
        name = normalise(mention)
        target = next((loc for loc in locations if key(loc.name) == key(name)), None)
        if target is None:
            target = known.get(_stem(mention.text.split()[0])) if len(mention.text.split()) == 1 else None
        if target is None:
            target = EntityDraft(kind="locations", name=name)
            locations.append(target)
        target.mentions.append(mention)
    locations.sort(key=lambda d: d.first)
    for n, d in enumerate(locations, 1):
        d.mentions.sort(key=lambda m: m.start)
        d.id = f"{ID_PREFIX['locations']}{n}"
