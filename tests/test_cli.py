"""The CLI end to end through Typer's runner: samples, stdin, schema, help, bad inputs."""
from __future__ import annotations

import json

import jsonschema
import pytest

from clusterx.cli import app
from clusterx.records import ArticleRecord
from conftest import SAMPLE_LANGS, SAMPLES, jsonl


def test_each_sample_gives_a_valid_record(sample_records, runner):
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert [r["id"] for r in sample_records] == sorted(SAMPLE_LANGS)
    for rec in sample_records:
        jsonschema.validate(rec, schema)
        ArticleRecord.model_validate(rec)
        assert rec["language"] == SAMPLE_LANGS[rec["id"]]
        assert rec["source"].endswith(rec["id"] + ".txt")


def test_offsets_are_exact(sample_records):
    for rec in sample_records:
        text = (SAMPLES / (rec["id"] + ".txt")).read_text(encoding="utf-8")
        spans = [m for k in ("clusters", "organisations", "people", "locations") for e in rec[k] for m in e["mentions"]]
        spans += rec["dates"] + [e["evidence"] for e in rec["events"]]
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"]


def test_sha256_is_of_the_text_as_read(sample_records):
    import hashlib

    for rec in sample_records:
        text = (SAMPLES / (rec["id"] + ".txt")).read_text(encoding="utf-8")
        assert rec["sha256"] == hashlib.sha256(text.encode()).hexdigest()


def test_stdin_plain_text(runner):
    text = (SAMPLES / "003_6b3e72554eb13511.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["extract", "-", "--quiet"], input=text)
    assert result.exit_code == 0, result.output
    [rec] = jsonl(result.stdout)
    assert rec["source"] == "-"
    assert rec["language"] == "pl"
    assert rec["id"].startswith("sha256:") and len(rec["id"]) == len("sha256:") + 16


def test_stdin_json_lines(runner):
    lines = [json.dumps({"id": f"a{i}", "text": (SAMPLES / f"{name}.txt").read_text(encoding="utf-8"),
                         "title": "T", "url": "https://example.org/x"}, ensure_ascii=False)
             for i, name in enumerate(["000_55abb3db5e90dc8f", "001_0ecdfc31abad0584"])]
    result = runner.invoke(app, ["extract", "-", "--quiet"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    recs = jsonl(result.stdout)
    assert [(r["id"], r["language"], r["title"], r["url"]) for r in recs] == [
        ("a0", "ru", "T", "https://example.org/x"), ("a1", "lt", "T", "https://example.org/x")]


def test_lang_option_overrides(runner):
    result = runner.invoke(app, ["extract", str(SAMPLES / "003_6b3e72554eb13511.txt"), "--lang", "lt", "--quiet"])
    [rec] = jsonl(result.stdout)
    assert rec["language"] == "lt" and rec["language_confidence"] == 1.0


def test_json_format_is_one_array(runner):
    result = runner.invoke(app, ["extract", str(SAMPLES), "--format", "json", "--quiet"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 5


def test_schema_command(runner):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"schema_version", "id", "source", "sha256", "language", "language_confidence", "title", "published",
            "clusters", "organisations", "people", "locations", "dates", "events",
            "warnings"} <= set(schema["properties"])


@pytest.mark.parametrize("command", [[], ["extract"], ["schema"], ["models"], ["eval"]])
def test_help_of_every_command(runner, command):
    from typer.main import get_command

    names = set(get_command(app).commands)
    if command and command[0] not in names:
        pytest.skip(f"no {command[0]} command yet")
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "|" in result.output


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("clusterx ")


def test_bad_inputs_folder(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    russian = (SAMPLES / "000_55abb3db5e90dc8f.txt").read_text(encoding="utf-8")
    (folder / "russian.txt").write_bytes(russian.replace("«", '"').replace("»", '"').replace("—", "-")
                                         .replace("–", "-").encode("cp1251", errors="strict"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--quiet"])
    assert result.exit_code == 1
    errors = jsonl((out / "errors.jsonl").read_text())
    assert sorted((e["source"].rsplit("/", 1)[1], e["error"]) for e in errors) == [
        ("empty.txt", "empty"), ("image.png", "not_text")]
    assert all(e["message"] for e in errors)
    [rec] = jsonl((out / "records.jsonl").read_text())
    assert rec["language"] == "ru" and "decoded from cp1251" in rec["warnings"]
    assert "Вторалюминпродукт" in rec["title"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["records"] == 1 and manifest["counts"]["errors"] == 2
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_no_inputs_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2


def test_missing_named_model_is_a_usage_error(runner):
    result = runner.invoke(app, ["extract", str(SAMPLES), "--model", "pl=pl_core_news_lg"])
    assert result.exit_code == 2
    assert "pl_core_news_lg" in result.output and "not installed" in result.output


def test_identical_output_on_two_runs(runner, tmp_path):
    outs = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        assert runner.invoke(app, ["extract", str(SAMPLES), "-o", str(out), "--quiet"]).exit_code == 0
        outs.append((out / "records.jsonl").read_bytes())
    assert outs[0] == outs[1]
