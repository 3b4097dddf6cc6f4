"""Score records against gold annotations with the contract's matching rules.

Gold files (one JSON per article, as in shared/eval/samples-gold and shared/eval/dev/gold)
list entities as `name` + `aliases`, dates as `text` + `value`, events with participant
names. Entities match per article and kind on normalised names (NFC, case folding, no
quotation marks, collapsed white space), any gold alias counting; dates match by value;
events by type and participants (at least two shared, or all when there is one).
Matching is one-to-one. `lenient=True` also accepts a name that equals the gold up to
inflection (same word count, each word sharing a stem), for use before normalisation.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_KINDS = ("clusters", "organisations", "people", "locations")
_QUOTES = re.compile("[«»„“”\"'‚‘’]")


def norm(name: str) -> str:
    name = unicodedata.normalize("NFC", name).casefold()
    return " ".join(_QUOTES.sub("", name).split())


def _stem_key(name: str) -> tuple[str, ...]:
    return tuple(w[: max(3, len(w) - 3)] if len(w) > 4 else w for w in norm(name).replace("-", " ").split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.errors.extend(other.errors)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(self.p, 4), "r": round(self.r, 4),
                "f1": round(self.f, 4)}


def _names_match(system: str, gold_names: list[str], lenient: bool) -> bool:
    s = norm(system)
    if any(s == norm(g) for g in gold_names):
        return True
    return lenient and any(_stem_key(system) == _stem_key(g) for g in gold_names)


def match_entities(sys_ents: list[dict], gold_ents: list[dict], lenient: bool = False) -> tuple[Score, list]:
    score = Score()
    unmatched_gold = list(gold_ents)
    pairs = []
    for ent in sys_ents:
        names = [ent["name"]]
        hit = next((g for g in unmatched_gold
                    if any(_names_match(n, [g["name"], *g.get("aliases", [])], lenient) for n in names)), None)
        if hit is None:
            score.fp += 1
            score.errors.append({"fp": ent["name"]})
        else:
            unmatched_gold.remove(hit)
            score.tp += 1
            pairs.append((ent, hit))
    score.fn = len(unmatched_gold)
    score.errors.extend({"fn": g["name"]} for g in unmatched_gold)
    return score, pairs


def match_dates(sys_dates: list[dict], gold_dates: list[dict]) -> Score:
    gold = Counter(d["value"] for d in gold_dates)
    system = Counter(d["value"] for d in sys_dates)
    tp = sum((gold & system).values())
    score = Score(tp, sum(system.values()) - tp, sum(gold.values()) - tp)
    score.errors.extend({"fp": v} for v in (system - gold).elements())
    score.errors.extend({"fn": v} for v in (gold - system).elements())
    return score


def _event_names(event: dict, record: dict) -> set[str]:
    by_id = {e["id"]: e for k in ("clusters", "organisations") for e in record.get(k, [])}
    names = set()
    for pid in event["participants"]:
        ent = by_id.get(pid)
        if ent:
            names.update(norm(n) for n in [ent["name"], *ent.get("aliases", [])])
    return names


def _gold_participants(event: dict, gold: dict) -> list[set[str]]:
    """Each gold participant as the set of its normalised names (name + aliases)."""
    entities = {norm(e["name"]): e for k in ("clusters", "organisations") for e in gold.get(k, [])}
    out = []
    for name in event["participants"]:
        ent = entities.get(norm(name))
        out.append({norm(n) for n in [name, *(ent.get("aliases", []) if ent else [])]})
    return out


def match_events(record: dict, gold: dict) -> Score:
    score = Score()
    unmatched = list(gold.get("events", []))
    for ev in record.get("events", []):
        names = _event_names(ev, record)
        hit = None
        for g in unmatched:
            if g["type"] != ev["type"]:
                continue
            parts = _gold_participants(g, gold)
            shared = sum(1 for p in parts if p & names)
            if shared >= 2 or (shared == len(parts) and shared >= 1):
                hit = g
                break
        if hit is None:
            score.fp += 1
            score.errors.append({"fp": f"{ev['type']}: {ev.get('trigger')}"})
        else:
            unmatched.remove(hit)
            score.tp += 1
    score.fn = len(unmatched)
    score.errors.extend({"fn": f"{g['type']}: {', '.join(g['participants'])}"} for g in unmatched)
    return score


def load_gold(gold_dir: Path) -> dict[str, dict]:
    files = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else [gold_dir]
    return {json.loads(f.read_text(encoding="utf-8"))["id"]: json.loads(f.read_text(encoding="utf-8")) for f in files}


def load_records(path: Path) -> dict[str, dict]:
    if path.is_dir():
        path = path / "records.jsonl"
    text = path.read_text(encoding="utf-8").strip()
    recs = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines() if line]
    return {r["id"]: r for r in recs}


def evaluate(gold: dict[str, dict], records: dict[str, dict], lenient: bool = False) -> dict:
    """Scores per kind (and orgs+clusters), dates, events, languages; with per-article errors."""
    totals = {k: Score() for k in (*ENTITY_KINDS, "organisations+clusters", "dates", "events")}
    per_lang: dict[str, dict[str, Score]] = {}
    articles = {}
    clusters_as_orgs = []
    published = Counter()
    for art_id, g in sorted(gold.items()):
        rec = records.get(art_id, {})
        lang_scores = per_lang.setdefault(g.get("language", "und"), {k: Score() for k in totals})
        art = {}
        for kind in ENTITY_KINDS:
            s, _ = match_entities(rec.get(kind, []), g.get(kind, []), lenient)
            art[kind] = s
        oc = Score()
        oc.add(art["clusters"])
        oc.add(art["organisations"])
        art["organisations+clusters"] = oc
        art["dates"] = match_dates(rec.get("dates", []), g.get("dates", []))
        art["events"] = match_events(rec, g) if rec else Score(fn=len(g.get("events", [])))
        for k, s in art.items():
            totals[k].add(Score(s.tp, s.fp, s.fn))
            lang_scores[k].add(Score(s.tp, s.fp, s.fn))
        _, misfiled = match_entities(rec.get("organisations", []), g.get("clusters", []), lenient)
        clusters_as_orgs.extend(f"{art_id}: {system['name']}" for system, _gold in misfiled)
        published[(rec.get("published") == g.get("published"))] += 1
        articles[art_id] = {k: {**s.as_dict(), "errors": s.errors} for k, s in art.items()}
        if not rec:
            articles[art_id]["missing"] = True
    return {
        "articles_scored": len(gold),
        "records_missing": sorted(set(gold) - set(records)),
        "lenient": lenient,
        "totals": {k: s.as_dict() for k, s in totals.items()},
        "per_language": {lang: {k: s.as_dict() for k, s in scores.items()} for lang, scores in sorted(per_lang.items())},
        "clusters_listed_as_organisations": clusters_as_orgs,
        "published_correct": published[True],
        "articles": articles,
    }
