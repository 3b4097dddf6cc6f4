"""Roles, meetings and deals measured on factRuEval-2016's facts (Russian news, test set).

factRuEval (../shared/data/factrueval-2016/ru/testset) annotates facts over its objects:
Occupation (Who: a person, Where: an organisation, Job: the words of the position),
Meeting (Participants) and Deal (Participants: a sale, investment, service, loan or
sanction). clusterx runs on each test document; a fact's argument is matched to one of our
entities whose mentions overlap any span of the argument's coreference chain. Reported:
- roles: a person's `role` is right when it shares a word stem with one of the jobs
  factRuEval gives that person (recall over persons with a job; precision over our people
  with a role who are factRuEval persons): the same measure as bench/nerel_relations.py;
- meetings and deals between two organisations: how many there are, and how many have
  both parties in one event of ours (any type: factRuEval's deals are sales and
  investments, which the record contract has no type for, so this is recall of the pair).

Usage: python bench/factrueval_facts.py [--data ../shared/data]; writes bench/factrueval_facts.json.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from clusterx.ingest import Article
from clusterx.pipeline import Extractor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nerel_relations import data_dir, overlaps, role_scores, stems  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ORG_TYPES = {"Org", "LocOrg"}


def read_doc(stem: Path) -> tuple[dict, dict, dict, list]:
    """Spans (id -> (start, end)), objects (id -> (type, span ids)), coreference chains
    (id -> object ids) and facts (type, [(role, argument)]) of one test document."""
    spans = {}
    for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            spans[parts[0]] = (int(parts[2]), int(parts[2]) + int(parts[3]))
    objects = {}
    for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) >= 3:
            objects[parts[0]] = (parts[1], parts[2:])
    chains = {}
    for block in stem.with_suffix(".coref").read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        if lines:
            head = lines[0].split()
            chains[head[0]] = head[1:]
    facts, current = [], None
    for line in stem.with_suffix(".facts").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            current = None
        elif current is None:
            current = (parts[1], [])
            facts.append(current)
        elif len(parts) >= 2 and parts[1][:3] in ("obj", "spa"):
            current[1].append((parts[0], parts[1]))
    return spans, objects, chains, facts


def argument(arg: str, spans: dict, objects: dict, chains: dict) -> tuple[str | None, list[tuple[int, int]]]:
    """The object type and character spans of a fact argument (`obj3417`, `span89437`)."""
    if arg.startswith("span"):
        return None, [spans[arg[4:]]] if arg[4:] in spans else []
    kinds, out = set(), []
    for oid in chains.get(arg[3:], []):
        if oid in objects:
            kinds.add(objects[oid][0])
            out += [spans[s] for s in objects[oid][1] if s in spans]
    return (next(iter(kinds)) if len(kinds) == 1 else None), out


def main() -> None:
    data = data_dir()
    extractor = Extractor()
    role_tp_r = role_gold = role_tp_p = role_sys = 0
    pairs = {t: defaultdict(int) for t in ("Meeting", "Deal")}
    docs = sorted((data / "factrueval-2016/ru/testset").glob("*.txt"))
    for txt in docs:
        if not txt.with_suffix(".facts").exists():
            continue
        text = txt.read_text(encoding="utf-8")
        spans, objects, chains, facts = read_doc(txt.with_suffix(""))
        record = json.loads(extractor.process(Article(id=txt.stem, source=str(txt), text=text)).model_dump_json())
        jobs = defaultdict(set)  # person argument -> job stems
        where = {}
        for ftype, fargs in facts:
            if ftype == "Occupation":
                who = next((a for r, a in fargs if r == "Who"), None)
                job = next((a for r, a in fargs if r == "Job"), None)
                if who and job:
                    for s, e in argument(job, spans, objects, chains)[1]:
                        jobs[who] |= stems(text[s:e])
                    where[who] = argument(who, spans, objects, chains)[1]
        for who, job_stems in jobs.items():
            role_gold += 1
            ours = next((p for p in record["people"] if any(overlaps(p["mentions"], s, e) for s, e in where[who])), None)
            if ours and ours.get("role") and stems(ours["role"]) & job_stems:
                role_tp_r += 1
        for p in record["people"]:
            if not p.get("role"):
                continue
            gold = [w for w, sp in where.items() if any(overlaps(p["mentions"], s, e) for s, e in sp)]
            if gold:
                role_sys += 1
                role_tp_p += bool(stems(p["role"]) & set().union(*(jobs[w] for w in gold)))
        parties = {x["id"]: x for x in record["clusters"] + record["organisations"]}
        for ftype, fargs in facts:
            if ftype not in pairs:
                continue
            orgs = [sp for t, sp in (argument(a, spans, objects, chains) for r, a in fargs if r == "Participant")
                    if t in ORG_TYPES]
            if len(orgs) < 2:
                continue
            pairs[ftype]["org_org"] += 1

            def has(event, sp, parties=parties):
                return any(overlaps(parties[pid]["mentions"], s, e) for pid in event["participants"] if pid in parties
                           for s, e in sp)
            pairs[ftype]["found"] += any(has(ev, orgs[0]) and has(ev, orgs[1]) for ev in record["events"])
    results = {"documents": len(docs),
               "roles": {**role_scores(role_tp_p, role_sys, role_tp_r, role_gold),
                         "people_with_role": role_sys, "gold_people_with_job": role_gold},
               **{t.lower() + "s_between_organisations": dict(c) for t, c in pairs.items()}}
    print(json.dumps(results, indent=1, ensure_ascii=False))
    (ROOT / "bench" / "factrueval_facts.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
