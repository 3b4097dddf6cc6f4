"""Roles, membership and founding measured on NEREL's relation annotation (Russian news).

NEREL (../shared/data/nerel/ru/NEREL-v1.1/test, held out from training) annotates
WORKS_AS (person -> profession), MEMBER_OF and FOUNDED_BY. clusterx runs on each test
document; a gold argument is matched by character offsets to an entity whose mentions
overlap it. Reported:
- roles: a person's `role` is right when it shares a word stem with one of the
  professions NEREL links to that person; recall over gold WORKS_AS persons, precision
  over our people with a role who are NEREL persons;
- membership / founding events: recall over gold MEMBER_OF / FOUNDED_BY relations between
  two organisations (our events join clusters and organisations only), precision over our
  events of that type whose participants NEREL annotates as organisations.

Usage: python bench/nerel_relations.py [--data ../shared/data]; writes bench/nerel_relations.json.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from clusterx.ingest import Article
from clusterx.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
ORG_TYPES = {"ORGANIZATION"}
EVENT_OF = {"MEMBER_OF": "membership", "FOUNDED_BY": "founding"}


def read_ann(path: Path) -> tuple[dict, list]:
    ents, rels = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, text = line.split("\t")[:3]
            label, *rest = info.split()
            if ";" in " ".join(rest):  # discontinuous: keep the first part
                rest = " ".join(rest).split(";")[0].split()
            ents[tid] = (label, int(rest[0]), int(rest[1]), text)
        elif line.startswith("R"):
            _, info = line.split("\t")[:2]
            rtype, a1, a2 = info.split()
            rels.append((rtype, a1.split(":")[1], a2.split(":")[1]))
    return ents, rels


def stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", text.lower()) if len(w) > 3}


def overlaps(mentions: list[dict], start: int, end: int) -> bool:
    return any(m["start"] < end and start < m["end"] for m in mentions)


def data_dir() -> Path:
    """The corpora folder from `--data` (default ../shared/data)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    return ap.parse_args().data


def role_scores(tp_p: int, system: int, tp_r: int, gold: int) -> dict:
    """Precision over our people with a role, recall over gold people with a position."""
    p = tp_p / system if system else 0.0
    r = tp_r / gold if gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def main() -> None:
    data = data_dir()
    extractor = Extractor()
    role_tp_r = role_gold = role_tp_p = role_sys = 0
    ev = {t: defaultdict(int) for t in EVENT_OF.values()}
    for txt in sorted((data / "nerel/ru/NEREL-v1.1/test").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        ents, rels = read_ann(txt.with_suffix(".ann"))
        record = json.loads(extractor.process(Article(id=txt.stem, source=str(txt), text=text)).model_dump_json())
        people = record["people"]
        # roles
        professions = defaultdict(set)  # gold person mention id -> profession stems
        for rtype, a1, a2 in rels:
            if rtype == "WORKS_AS" and ents[a1][0] == "PERSON" and ents[a2][0] == "PROFESSION":
                professions[a1] |= stems(ents[a2][3])
        gold_people = [(tid, ents[tid]) for tid in professions]
        for tid, (_, s, e, _) in gold_people:
            role_gold += 1
            ours = next((p for p in people if overlaps(p["mentions"], s, e)), None)
            if ours and ours.get("role") and stems(ours["role"]) & professions[tid]:
                role_tp_r += 1
        for p in people:
            if not p.get("role"):
                continue
            gold_ids = [tid for tid, (lab, s, e, _) in ents.items() if lab == "PERSON" and overlaps(p["mentions"], s, e)]
            if not gold_ids:
                continue
            role_sys += 1
            if stems(p["role"]) & set().union(*(professions.get(t, set()) for t in gold_ids)):
                role_tp_p += 1
        # events
        parties = {x["id"]: x for x in record["clusters"] + record["organisations"]}
        gold_pairs = {t: [] for t in EVENT_OF.values()}
        for rtype, a1, a2 in rels:
            if rtype in EVENT_OF and ents[a1][0] in ORG_TYPES and ents[a2][0] in ORG_TYPES:
                gold_pairs[EVENT_OF[rtype]].append((ents[a1], ents[a2]))
        for etype, pairs in gold_pairs.items():
            # a founding told of one body alone has no founder to compare with NEREL's FOUNDED_BY
            events = [e for e in record["events"] if e["type"] == etype and len(e["participants"]) > 1]

            def has(event, arg, parties=parties):
                return any(overlaps(parties[pid]["mentions"], arg[1], arg[2]) for pid in event["participants"]
                           if pid in parties)
            ev[etype]["gold"] += len(pairs)
            ev[etype]["tp_r"] += sum(any(has(e, a) and has(e, b) for e in events) for a, b in pairs)
            ev[etype]["sys"] += len(events)
            ev[etype]["tp_p"] += sum(any(has(e, a) and has(e, b) for a, b in pairs) for e in events)
    results = {"documents": len(list((data / "nerel/ru/NEREL-v1.1/test").glob("*.txt"))),
               "roles": {**role_scores(role_tp_p, role_sys, role_tp_r, role_gold),
                         "people_with_role": role_sys, "gold_people_with_profession": role_gold}}
    for etype, c in ev.items():
        results[etype] = {"p": round(c["tp_p"] / c["sys"], 3) if c["sys"] else None,
                          "r": round(c["tp_r"] / c["gold"], 3) if c["gold"] else None,
                          "system": c["sys"], "gold_org_org": c["gold"]}
    print(json.dumps(results, indent=1, ensure_ascii=False))
    (ROOT / "bench" / "nerel_relations.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
