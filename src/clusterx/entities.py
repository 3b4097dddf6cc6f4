"""From an Analysis to typed entity mentions: clusters, organisations, people, locations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lang import load_pairs, phrase_set, place_aliases, word_set
from .nlp import Analysis, Span, Token
from .normalise import QUOTES

#: Two letters in a row: a person's name has a word that is more than initials.
NAME_WORD = re.compile(r"[^\W\d_]{2}")
KINDS = ("clusters", "organisations", "people", "locations")
ID_PREFIX = {"clusters": "c", "organisations": "o", "people": "p", "locations": "l"}
LABEL_KIND = {"PER": "people", "PERSON": "people", "ORG": "organisations", "LOC": "locations",
              "GPE": "locations", "CLUSTER": "clusters"}  # CLUSTER: the domain layer's listed clusters


@dataclass
class Mention:
    """One occurrence of an entity, with the tokens' morphology for normalisation."""

    kind: str
    text: str
    start: int
    end: int
    feats: list[dict[str, str]] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def word_morphology(self) -> tuple[list[dict[str, str]], list[str]]:
        """Features and lemma per whitespace-separated word (its longest token's)."""
        feats, lemmas = [], []
        pos = self.start
        for word in self.text.split():
            ws = self.text.index(word, pos - self.start) + self.start
            we = ws + len(word)
            pos = we
            inside = [n for n, (s, e) in enumerate(self.offsets) if s >= ws and e <= we]
            best = max(inside, key=lambda n: self.offsets[n][1] - self.offsets[n][0], default=None)
            feats.append(self.feats[best] if best is not None else {})
            lemmas.append(self.lemmas[best] if best is not None else word)
        return feats, lemmas


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
    Language data corrects labels the models get wrong by kind: the European Union is an
    organisation (lang/<code>/place_like_organisations.txt), a country's abbreviation a
    place (lang/<code>/place_aliases.tsv).
    """
    kind = LABEL_KIND.get(span.label)
    surface = text[span.start:span.end]
    if kind == "people" and not NAME_WORD.search(surface):
        return None  # initials alone (`K.` of `K. Donelaičio g.`, `И.А.`) name nobody
    if kind == "people" and " " not in surface.strip() and (
            surface in word_set(lang, "cluster_words") or surface in word_set(lang, "org_heads")
            or re.search(r"(?<!\w)" + re.escape(surface.lower()) + r"(?!\w)", text)):
        return None  # `Klastry` (clusters) that the article also writes in lower case: a common noun
    words = [w.strip("«»„“”\"'()") for w in surface.split()]
    if len(words) == 1 and surface.islower() and surface.replace("-", "").isalpha():
        return None  # a lower-case word is no name (`polską delegację`: an adjective); a web address (lrytas.lt) is
    if kind in ("organisations", "people") and surface.islower() and all(w.replace("-", "").isalpha() for w in words):
        return None  # `научно-образовательный центр`: a description (places may be: województwo pomorskie)
    if kind == "locations" and words in phrase_set(lang, "place_like_organisations"):
        return "organisations"  # the European Union (EU, Europos Sąjungos) is an organisation
    if kind == "organisations" and surface.lower() in place_aliases(lang):
        return "locations"  # ČR, РФ
    if kind != "organisations":  # people, locations, and clusters the domain layer typed
        return kind
    cluster, bodies = word_set(lang, "cluster_words"), word_set(lang, "cluster_bodies")
    if any(w in cluster for w in words) and not any(w in bodies for w in words):
        return "clusters"
    return kind


def governed(feats: list[dict[str, str]], case: str) -> list[dict[str, str]]:
    """The morphology of a head-final name that follows a preposition of one case: where
    the tagger gave its head another case, the head and the words it read as agreeing
    with the head take `case`, and their number is left open (`į Kėdainius`, tagged Nom
    Sing, is Acc Plur of Kėdainiai; the ending decides the number)."""
    if not feats or feats[-1].get("Case") in (None, case):
        return feats
    head = feats[-1]
    agree = (head.get("Case"), head.get("Number"), head.get("Gender"))
    return [{k: v for k, v in dict(f, Case=case).items() if k != "Number"}
            if (f.get("Case"), f.get("Number"), f.get("Gender")) == agree else f for f in feats]


HEAD_LIKE = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


def _governed_by(tokens: list[Token], i: int, j: int, spans: list[tuple[int, int]], government: dict,
                 conjunctions=frozenset()) -> bool:
    """Tokens i..j (a name) are what the preposition before them governs: it is a
    preposition of one case, in the same sentence, and the name is a whole phrase: not a
    place inside an organisation's name, not the genitive before a noun (`į Trakų pilį`),
    and not followed by a conjunction, a comma or a quote, after which a noun it may
    belong to can still come (`į Vilniaus ir Kauno universitetus`, `į Kauno „Žalgirio“
    areną`)."""
    if i == 0 or tokens[i - 1].text.lower() not in government or tokens[i - 1].sent != tokens[i].sent:
        return False
    start, end = tokens[i].start, tokens[j - 1].end
    if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
        return False
    if j >= len(tokens) or tokens[j].sent != tokens[i].sent:
        return True
    after = tokens[j]
    return not (after.pos in HEAD_LIKE or after.text.lower() in conjunctions or after.text == ","
                or after.text[:1] in QUOTES)


def mentions(analysis: Analysis, lang: str) -> list[Mention]:
    """Typed mentions in text order, each with the morphology of its tokens (the case a
    preposition before it governs, lang/<code>/case_government.tsv, overriding the tagger's)."""
    out = []
    government = dict(load_pairs(lang, "case_government"))
    conjunctions = word_set(lang, "conjunctions").exact
    spans = [(s.start, s.end) for s in analysis.entities]
    tokens = analysis.tokens
    ti = 0
    for span in sorted(analysis.entities, key=lambda s: (s.start, s.end)):
        kind = kind_of(span, analysis.text, lang)
        if kind is None:
            continue
        while ti < len(tokens) and tokens[ti].end <= span.start:
            ti += 1
        toks: list[Token] = []
        k = ti
        while k < len(tokens) and tokens[k].start < span.end:
            toks.append(tokens[k])
            k += 1
        feats = [t.feats() for t in toks]
        if government and toks and _governed_by(tokens, ti, k, spans, government, conjunctions):
            feats = governed(feats, government[tokens[ti - 1].text.lower()])
        out.append(Mention(kind, analysis.text[span.start:span.end], span.start, span.end,
                           feats, [t.lemma for t in toks], [t.pos for t in toks], [(t.start, t.end) for t in toks]))
    return out
