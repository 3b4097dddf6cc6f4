"""From an Analysis to typed entities: clusters, organisations, people, locations.

Mentions of the same thing are grouped by a key (the normaliser's base form, see
normalise.py); ids follow first appearance so records are stable.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lang import word_set
from .nlp import Analysis, Span

KINDS = ("clusters", "organisations", "people", "locations")
ID_PREFIX = {"clusters": "c", "organisations": "o", "people": "p", "locations": "l"}
LABEL_KIND = {"PER": "people", "PERSON": "people", "ORG": "organisations", "LOC": "locations",
              "GPE": "locations"}


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class EntityDraft:
    """An entity while it is being built: kind, name, mentions, extra fields."""

    kind: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    legal_form: str | None = None
    acronym: str | None = None
    id: str = ""

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def kind_of(span: Span, text: str, lang: str) -> str | None:
    """The record kind of an entity span, or None for labels we do not report (MISC).

    An organisation headed by the word for cluster is a cluster; one that is a body made
    of clusters (an association, alliance, network of clusters) stays an organisation.
    """
    kind = LABEL_KIND.get(span.label)
    if kind != "organisations":
        return kind
    words = [w.strip("«»„“”\"'()") for w in text[span.start:span.end].split()]
    cluster, bodies = word_set(lang, "cluster_words"), word_set(lang, "cluster_bodies")
    if any(w in cluster for w in words) and not any(w in bodies for w in words):
        return "clusters"
    return kind


def collect(analysis: Analysis, lang: str) -> dict[str, list[EntityDraft]]:
    """Group the analysis's entity spans into entities per kind, with stable ids."""
    by_key: dict[tuple[str, str], EntityDraft] = {}
    for span in sorted(analysis.entities, key=lambda s: (s.start, s.end)):
        kind = kind_of(span, analysis.text, lang)
        if kind is None:
            continue
        surface = analysis.text[span.start:span.end]
        key = (kind, " ".join(surface.split()).casefold())
        draft = by_key.setdefault(key, EntityDraft(kind=kind, name=" ".join(surface.split())))
        draft.mentions.append(Mention(surface, span.start, span.end))
    out: dict[str, list[EntityDraft]] = {k: [] for k in KINDS}
    for draft in sorted(by_key.values(), key=lambda d: d.first):
        out[draft.kind].append(draft)
    for kind, drafts in out.items():
        for n, d in enumerate(drafts, 1):
            d.id = f"{ID_PREFIX[kind]}{n}"
    return out
