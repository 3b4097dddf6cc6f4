"""clusterx eval: the contract's matching rules on real gold files."""
from __future__ import annotations

import copy
import json

import pytest

from clusterx.evaluate import evaluate, load_gold, norm
from conftest import SHARED

GOLD = SHARED / "eval" / "dev" / "gold"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="shared/eval not beside the repository")


def as_record(gold: dict) -> dict:
    """A perfect record for a gold article (ids for entities, events by id)."""
    rec = {"id": gold["id"], "published": gold["published"], "dates": gold["dates"], "events": []}
    ids = {}
    for kind, prefix in (("clusters", "c"), ("organisations", "o"), ("people", "p"), ("locations", "l")):
        rec[kind] = []
        for n, e in enumerate(gold[kind], 1):
            rec[kind].append({"id": f"{prefix}{n}", "name": e["name"], "aliases": e["aliases"]})
            ids[norm(e["name"])] = f"{prefix}{n}"
    for n, ev in enumerate(gold["events"], 1):
        rec["events"].append({"id": f"ev{n}", "type": ev["type"], "participants": [ids[norm(p)] for p in ev["participants"]],
                              "trigger": "", "date": ev["date"]})
    return rec


def test_perfect_records_score_one():
    gold = load_gold(GOLD)
    result = evaluate(gold, {k: as_record(g) for k, g in gold.items()})
    assert all(s["f1"] == 1.0 for s in result["totals"].values())
    assert result["published_correct"] == len(gold)


def test_errors_are_counted_per_rule():
    gold = load_gold(GOLD)
    g = gold["d07"]
    rec = as_record(g)
    rec["organisations"].append(copy.deepcopy(rec["clusters"][0]))   # a cluster also listed as organisation: fp
    rec["clusters"] = rec["clusters"][1:]                            # and missing from clusters: fn
    rec["locations"][0]["name"] = "«Франция»"                        # quotes and case do not matter
    rec["locations"][1]["name"] = "ЕВРОПА"
    rec["dates"] = rec["dates"][:2] + [{"text": "x", "value": "2013-06-21"}]  # wrong value: fp + fn
    result = evaluate({"d07": g}, {"d07": rec})
    t = result["totals"]
    assert (t["clusters"]["tp"], t["clusters"]["fn"]) == (1, 1)
    assert (t["organisations"]["tp"], t["organisations"]["fp"]) == (3, 1)
    assert t["locations"]["f1"] == 1.0
    assert (t["dates"]["tp"], t["dates"]["fp"], t["dates"]["fn"]) == (2, 1, 1)
    assert result["clusters_listed_as_organisations"] == ["d07: Ульяновский авиационный кластер"]


def test_cli_eval_json(runner, tmp_path):
    from clusterx.cli import app

    gold = load_gold(GOLD)
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(as_record(g), ensure_ascii=False) for g in gold.values()))
    result = runner.invoke(app, ["eval", str(GOLD), str(records), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["totals"]["events"]["f1"] == 1.0
    table = runner.invoke(app, ["eval", str(GOLD), str(tmp_path)])
    assert table.exit_code == 0 and "organisations+clusters" in table.output
