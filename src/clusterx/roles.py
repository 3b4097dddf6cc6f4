"""People's roles: the position the text states next to a person's name.

A role is the phrase around a position word (lang/<code>/roles.txt) in the same clause
as the person's first mention that has one: before the name (`Prezes PPPT S.A., Michał
Luczewski`, `директор ПК «Вторалюминпродукт» Илья Качапин`, `VDU rektorius prof. Zigmas
Lydeka`) or in an apposition after it (`Jonas Petronis, fotoreportažo autorius`).
Academic titles at the edge of the phrase (prof., dr.) are not part of the role.
"""
from __future__ import annotations

from .entities import EntityDraft
from .lang import word_set
from .nlp import Analysis, Token

BOUNDARY = {",", ";", ":", "(", ")", "–", "—", "-", "|", ".", "!", "?"}
MAX_TOKENS = 12


def _clause_before(tokens: list[Token], i: int) -> list[Token]:
    out = []
    k = i - 1
    while k >= 0 and tokens[k].sent == tokens[i].sent and len(out) < MAX_TOKENS:
        if tokens[k].text in BOUNDARY or "\n" in tokens[k].text:
            if out:
                break
            k -= 1
            continue
        out.insert(0, tokens[k])
        k -= 1
    return out


def _clause_after(tokens: list[Token], j: int) -> list[Token]:
    out = []
    k = j
    if k >= len(tokens) or tokens[k].text not in (",", "(", "–", "—", "-"):
        return out
    k += 1
    while k < len(tokens) and tokens[k].sent == tokens[j - 1].sent and len(out) < MAX_TOKENS:
        if tokens[k].text in BOUNDARY | {".", ")"}:
            break
        out.append(tokens[k])
        k += 1
    return out


def find_roles(people: list[EntityDraft], analysis: Analysis, lang: str, other_people: set[tuple[int, int]]) -> None:
    roles = word_set(lang, "roles")
    titles = word_set(lang, "academic_titles")
    tokens = analysis.tokens
    starts = {t.start: n for n, t in enumerate(tokens)}
    ends = {t.end: n for n, t in enumerate(tokens)}
    person_tokens = {t.i for t in tokens for s, e in other_people if s <= t.start < e}
    text = analysis.text
    for person in people:
        for m in person.mentions:
            i, j = starts.get(m.start), ends.get(m.end)
            if i is None or j is None:
                continue
            for chunk in (_clause_before(tokens, i), _clause_after(tokens, j + 1)):
                if not chunk or any(t.i in person_tokens for t in chunk):
                    continue
                if not any(t.text in roles for t in chunk):
                    continue
                while chunk and (chunk[-1].text in titles or chunk[-1].text in {"pan", "pani", "p."}):
                    chunk.pop()
                while chunk and chunk[0].text in titles:
                    chunk.pop(0)
                if chunk:
                    person.role = text[chunk[0].start:chunk[-1].end]
                    break
            if person.role:
                break
