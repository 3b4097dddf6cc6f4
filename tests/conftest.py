from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"
SAMPLE_LANGS = {
    "000_55abb3db5e90dc8f": "ru",
    "001_0ecdfc31abad0584": "lt",
    "002_e2b437b6edde825e": "lt",
    "003_6b3e72554eb13511": "pl",
    "004_16598245d1df39de": "pl",
}


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def sample_records(tmp_path_factory) -> list[dict]:
    """The records of the five samples, extracted once per test session."""
    from clusterx.cli import app

    out = tmp_path_factory.mktemp("samples-out")
    result = CliRunner().invoke(app, ["extract", str(SAMPLES), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return jsonl((out / "records.jsonl").read_text(encoding="utf-8"))
