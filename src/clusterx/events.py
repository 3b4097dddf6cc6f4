"""Cooperation events: trigger words per sentence, participants, date, evidence.

Triggers are data (lang/<code>/event_triggers.tsv). A sentence with a trigger and at
least one named cluster or organisation gives an event of that type; its participants
are the clusters and organisations named in the sentence, plus the cluster the article
is about when the sentence refers back to it (`the Cluster`, `klastra`, `в него`) or
names none. The date is the sentence's own date, never the publication date. The same
happening told twice is one event: events of one type whose participants are a subset
of another's are merged, and a later mention that refers back to the happening
(`šią sutartį`, `соответствующее соглашение`, `this agreement`: words in
lang/<code>/anaphora.txt next to or governing the trigger) joins the earlier event of its
type, and so does a meeting that people are said to attend (`Susitikime dalyvavo …`,
lang/<code>/attendance.txt). Cooperation that an agreement of the same parties provides for
is that agreement, and joint projects with no project named are cooperation. A headline
is never an event: when the parse runs a headline into the lead's first sentence, only the
part after the headline counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .dates import DateMatch
from .entities import EntityDraft
from .lang import WordSet, load_pairs, word_set
from .nlp import Analysis, ParseIf, Token
from .normalise import QUOTES

ORDER = ("agreement", "founding", "membership", "joint_project", "meeting", "cooperation")
BASE_CONFIDENCE = {"agreement": 0.8, "founding": 0.7, "membership": 0.7, "joint_project": 0.55, "meeting": 0.6,
                   "cooperation": 0.5}


@dataclass
class EventDraft:
    type: str
    participants: list[str]
    trigger: str
    start: int
    end: int
    date: str | None = None
    confidence: float = 0.5
    id: str = ""
    extra: dict = field(default_factory=dict)


Pattern = list[list[WordSet]]  # parts separated by … ; each part: consecutive words


@cache
def _triggers(lang: str) -> dict[str, list[Pattern]]:
    out: dict[str, list[Pattern]] = {t: [] for t in ORDER}
    for etype, pattern in load_pairs(lang, "event_triggers"):
        if etype in out:
            out[etype].append([[WordSet((w,)) for w in part.split()] for part in pattern.split("…")])
    return out


@cache
def parse_needed(lang: str) -> ParseIf:
    """Which sentences (tokens in lower case) this stage reads the dependency parse of:
    those with a trigger. The NLP stage parses only them (nlp.SpacyBackend)."""
    triggers = _triggers(lang)

    def needed(lows: list[str]) -> bool:
        words = _Words(lows)
        return any(_find_trigger(words, p) for p in triggers.values())

    return needed


class _Words:
    """A sentence's tokens in lower case, with a set and a joined string that tell at C
    speed whether a word list can match anywhere (each sentence is tried against every
    trigger pattern; a word-by-word scan of each was the event stage's main cost)."""

    __slots__ = ("lows", "present", "joined")

    def __init__(self, lows: list[str]):
        self.lows = lows
        self.present = frozenset(lows)
        self.joined = "\n" + "\n".join(lows)

    def may_hold(self, words: WordSet) -> bool:
        """Some token is in `words` (exactly, or a word starting with one of its prefixes);
        a quick necessary test: a token holding a line break may pass it wrongly."""
        return not self.present.isdisjoint(words.exact) or any("\n" + p in self.joined for p in words.prefixes)


def _match_part(lows: list[str], part: list[WordSet], start: int) -> int | None:
    head, rest = part[0], part[1:]
    for i in range(start, len(lows) - len(part) + 1):
        if head.has_lower(lows[i]) and all(w.has_lower(lows[i + 1 + k]) for k, w in enumerate(rest)):
            return i
    return None


def _find_trigger(words: _Words, patterns: list[Pattern]) -> tuple[int, int] | None:
    """Token range of the first part of the first pattern whose parts all occur, in order
    (`words`: the sentence's tokens in lower case)."""
    lows = words.lows
    for pat in patterns:
        if not all(words.may_hold(w) for part in pat for w in part):
            continue
        first = _match_part(lows, pat[0], 0)
        if first is None:
            continue
        pos, ok = first + len(pat[0]), True
        for part in pat[1:]:
            at = _match_part(lows, part, pos)
            if at is None:
                ok = False
                break
            pos = at + len(part)
        if ok:
            return first, first + len(pat[0])
    return None


#: Parties an event needs. Cooperation, agreements, meetings, projects and joining take two
#: (on the dev and sample gold, 3 of 41 events have one participant, while 19 of the 34
#: one-party events the rules found were wrong); a founding may be told of one body alone.
MIN_PARTIES = {"founding": 1}


def main_cluster(clusters: list[EntityDraft]) -> EntityDraft | None:
    """The cluster the article is about: the most mentioned one, if any."""
    if not clusters:
        return None
    return max(clusters, key=lambda c: (len(c.mentions), -c.first))


def find_events(analysis: Analysis, lang: str, drafts: dict[str, list[EntityDraft]],
                dates: list[DateMatch], body_start: int = 0) -> list[EventDraft]:
    """Events stated in the body (from `body_start`: a headline restates the body)."""
    triggers = _triggers(lang)
    refs = word_set(lang, "cluster_reference")
    parties = drafts["clusters"] + drafts["organisations"]
    about = main_cluster(drafts["clusters"])
    by_sent: dict[int, list[Token]] = {}
    for t in analysis.tokens:
        by_sent.setdefault(t.sent, []).append(t)
    events: list[EventDraft] = []
    person_spans = [(m.start, m.end) for p in drafts["people"] for m in p.mentions]
    anaphora, attendance = word_set(lang, "anaphora"), word_set(lang, "attendance")
    for s, sent in enumerate(analysis.sentences):
        if sent.end <= body_start:
            continue
        lo = max(sent.start, body_start)
        tokens = [t for t in by_sent.get(s, []) if t.start >= lo]
        lo = next((t.start for t in tokens if not t.text.isspace()), sent.end)
        if lo >= sent.end:
            continue
        named = [p for p in parties if any(lo <= m.start and m.end <= sent.end for m in p.mentions)]
        named.sort(key=lambda p: min(m.start for m in p.mentions if lo <= m.start))
        refers_back = about is not None and about not in named and any(
            t.text in refs and not any(m.start <= t.start < m.end for p in named for m in p.mentions) for t in tokens)
        if not named and about is None:
            continue  # no party to take part in anything
        words = _Words([t.text.lower() for t in tokens])
        found: list[tuple[str, tuple[int, int]]] = []
        for etype in ORDER:
            hit = _find_trigger(words, triggers[etype])
            if hit and etype == "joint_project" and not _names_a_project(tokens, *hit):
                etype = "cooperation"  # `realizacji wspólnych projektów`: working together, no project named
            if hit and (etype != "cooperation" or not found):
                found.append((etype, hit))
        if not found:
            continue
        members = list(named)
        if refers_back or (not named and about is not None and found[0][0] == "membership"):
            members.append(about)
        if not members:
            continue
        date = next((d.value for d in dates if lo <= d.start and d.end <= sent.end), None)
        for etype, (i, j) in found:
            if len(members) < MIN_PARTIES.get(etype, 2):
                continue  # `signed an agreement` with one party named: the other is unknown
            if etype in ("membership", "founding") and _about_a_person(tokens, i, j, person_spans):
                continue  # `Тюльпанов был членом Совета Федерации`, `founder of SpaceX Elon Musk`
            if etype == "founding" and len(members) == 1 and members[0] in named and not _tied(
                    tokens, i, j, [(m.start, m.end) for m in members[0].mentions]):
                continue  # `siekiama sukurti tinkamas sąlygas` near an unrelated name: not its founding
            conf = BASE_CONFIDENCE[etype] + 0.05 * min(2, len(members) - 1) + (0.05 if date else 0.0)
            ev = EventDraft(etype, [m.id for m in members], analysis.text[tokens[i].start:tokens[j - 1].end],
                            lo, sent.end, date, round(min(conf, 0.95), 2), extra={"sentence": s})
            earlier = next((e for e in reversed(events) if e.type == etype), None)
            if earlier is not None and (_refers_back(tokens, i, j, anaphora) or (
                    etype == "meeting" and s - earlier.extra.get("sentence", s) <= ATTENDANCE_REACH
                    and _attended(tokens, i, j, attendance))):
                earlier.participants += [p for p in ev.participants if p not in earlier.participants]
                earlier.date = earlier.date or date
                continue
            events.append(ev)
    return _merge(events)


#: How many sentences back a meeting that people are said to attend may have been told.
ATTENDANCE_REACH = 2
STOP_BEFORE_PROJECT = frozenset({"VERB", "AUX", "PUNCT", "CCONJ", "SCONJ"})


def _names_a_project(tokens: list[Token], i: int, j: int, reach: int = 3) -> bool:
    """A project's name stands next to the trigger (tokens i..j): a quoted or capitalised
    word that does not start the sentence (`projektem jest „Better Factory”`, `Gamybos
    inovacijų slėnio projektą`)."""
    before: list[Token] = []
    for t in reversed(tokens[max(0, i - reach):i]):
        if t.pos in STOP_BEFORE_PROJECT:
            break  # `Politechnika Rzeszowska zapowiedziały realizację wspólnych projektów`: a party, not a name
        before.append(t)
    near = [t for t in before + tokens[j:j + reach] if t.i != tokens[0].i]
    return any(t.text[:1] in QUOTES or t.text[:1].isupper() or t.pos == "PROPN" for t in near)


def _attended(tokens: list[Token], i: int, j: int, attendance: WordSet) -> bool:
    """The meeting trigger (tokens i..j) is what people take part in (`Susitikime dalyvavo`,
    `W spotkaniu uczestniczyli`, `The meeting was attended by`): a word of attendance next
    to it or governing it."""
    heads = {t.head for t in tokens[i:j]}
    near = tokens[max(0, i - 2):i] + tokens[j:j + 2] + [t for t in tokens if t.i in heads]
    return any(t.text.lower() in attendance for t in near)


def _refers_back(tokens: list[Token], i: int, j: int, anaphora: WordSet) -> bool:
    """The trigger (tokens i..j) names a happening already told: an anaphoric word
    (`šią`, `этот`, `соответствующее`, `this`) stands just before it, modifies it, or
    modifies its object (`Šį dokumentą pasirašė`)."""
    trigger = {t.i for t in tokens[i:j]}
    if any(t.text.lower() in anaphora for t in tokens[max(0, i - 2):i]):
        return True
    objects = {t.i for t in tokens if t.head in trigger and t.dep in ("obj", "nsubj:pass")}
    return any(t.text.lower() in anaphora and t.head in trigger | objects for t in tokens)


def _tied(tokens: list[Token], i: int, j: int, spans: list[tuple[int, int]], hops: int = 2) -> bool:
    """A name (its mentions' `spans`) is a dependent of the trigger (tokens i..j) within
    `hops` steps up the parse (`кластер сформирован`, `Powołanie Fundacji X`), or the
    trigger depends on the name."""
    by_index = {t.i: t for t in tokens}
    trigger = {t.i for t in tokens[i:j]}
    inside = {t.i for t in tokens if any(s <= t.start and t.end <= e for s, e in spans)}
    if any(by_index[k].head in inside for k in trigger):
        return True
    for k in inside:
        h = by_index[k].head
        for _ in range(hops):
            if h in trigger:
                return True
            if h not in by_index or h in inside or by_index[h].head == h:
                break
            h = by_index[h].head
    return False


def _about_a_person(tokens: list[Token], i: int, j: int, person_spans: list[tuple[int, int]]) -> bool:
    """The trigger (tokens i..j) states a person's membership or founding: its head, its
    subject or the subject of its head is a person's name (dependency parse)."""
    by_index = {t.i: t for t in tokens}
    trigger = tokens[i:j]
    heads = {t.i for t in trigger} | {t.head for t in trigger}
    linked = [by_index[h] for h in heads if h in by_index and h not in {t.i for t in trigger}]
    linked += [t for t in tokens if t.dep.startswith("nsubj") and t.head in heads]
    linked += [t for t in tokens if t.head in {x.i for x in trigger} and t.dep in ("appos", "flat", "nmod")
               and t.pos == "PROPN"]
    return any(s <= t.start and t.end <= e for t in linked for s, e in person_spans)


def _merge(events: list[EventDraft]) -> list[EventDraft]:
    """One event per happening: drop an event whose type matches another's and whose
    participants are a subset of that one's (keeping the fuller account)."""
    kept: list[EventDraft] = []
    for ev in sorted(events, key=lambda e: (-len(e.participants), e.start)):
        twin = next((k for k in kept if k.type == ev.type and set(ev.participants) <= set(k.participants)), None)
        if twin is None:
            kept.append(ev)
        elif twin.date is None and ev.date:
            twin.date = ev.date
    agreed = [set(k.participants) for k in kept if k.type == "agreement"]
    # `X and Y agree to cooperate` is the agreement's content, not a happening of its own
    kept = [k for k in kept if k.type != "cooperation" or not any(set(k.participants) <= a for a in agreed)]
    kept.sort(key=lambda e: e.start)
    for n, ev in enumerate(kept, 1):
        ev.id = f"ev{n}"
    return kept
