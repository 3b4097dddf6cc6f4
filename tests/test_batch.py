"""Cron-grade runs: incremental, resumable after kill -9, one run per folder, workers, bad inputs."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clusterx.cli import app
from conftest import ROOT, SAMPLES, jsonl

BAD = Path(__file__).parent / "fixtures" / "bad_inputs.py"


def run(runner, *args):
    return runner.invoke(app, ["extract", *map(str, args), "--quiet"])


def copy_samples(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(f, dst / f.name)
    return dst


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_incremental_skip_change_force_prune(runner, tmp_path):
    src, out = copy_samples(tmp_path / "in"), tmp_path / "out"
    assert run(runner, src, "-o", out).exit_code == 0
    first = (out / "records.jsonl").read_bytes()
    assert manifest(out)["status"] == {"new": 5}
    assert run(runner, src, "-o", out).exit_code == 0
    assert manifest(out)["status"] == {"skipped": 5}
    assert (out / "records.jsonl").read_bytes() == first
    target = src / "003_6b3e72554eb13511.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nKolejny akapit o Toruniu.\n", encoding="utf-8")
    assert run(runner, src, "-o", out).exit_code == 0
    assert manifest(out)["status"] == {"changed": 1, "skipped": 4}
    recs = jsonl((out / "records.jsonl").read_text())
    assert [r["id"] for r in recs] == sorted(r["id"] for r in recs) and len(recs) == 5
    assert run(runner, src, "-o", out, "--force").exit_code == 0
    assert manifest(out)["status"] == {"changed": 5}
    (src / "000_55abb3db5e90dc8f.txt").unlink()
    assert run(runner, src, "-o", out).exit_code == 0
    assert len(jsonl((out / "records.jsonl").read_text())) == 5
    assert manifest(out)["status"] == {"kept (input gone)": 1, "skipped": 4}
    assert run(runner, src, "-o", out, "--prune").exit_code == 0
    assert len(jsonl((out / "records.jsonl").read_text())) == 4
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == "journal.jsonl"]


def test_a_second_run_on_the_same_folder_exits_with_3(runner, tmp_path):
    from filelock import FileLock

    out = tmp_path / "out"
    (out / ".clusterx").mkdir(parents=True)
    with FileLock(str(out / ".clusterx" / "lock")):
        result = run(runner, SAMPLES, "-o", out)
        assert result.exit_code == 3
        assert "another clusterx run" in result.output


def test_kill_9_then_rerun_gives_every_record_once(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    texts = sorted(SAMPLES.glob("*.txt"))
    for n in range(40):
        shutil.copy(texts[n % len(texts)], src / f"a{n:03d}.txt")
    cmd = [sys.executable, "-m", "clusterx", "extract", str(src), "-o", str(out), "--quiet", "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".clusterx" / "journal.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and not (journal.exists() and journal.read_bytes().count(b"\n") >= 5):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert journal.exists(), "the run was killed before it finished any input"
    assert not (out / "records.jsonl").exists()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    recs = jsonl((out / "records.jsonl").read_text())
    assert sorted(r["id"] for r in recs) == [f"a{n:03d}" for n in range(40)]
    status = manifest(out)["status"]
    assert status.get("skipped", 0) >= 5 and sum(status.values()) == 40
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == "journal.jsonl"]


def test_two_workers_give_identical_output(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    texts = sorted(SAMPLES.glob("*.txt"))
    for n in range(12):
        shutil.copy(texts[n % len(texts)], src / f"b{n:02d}.txt")
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        assert run(runner, src, "-o", out, "--workers", workers).exit_code == 0
        outs.append((out / "records.jsonl").read_bytes())
    assert outs[0] == outs[1]


def test_bad_inputs_corpus(runner, tmp_path):
    folder = tmp_path / "bad"
    subprocess.run([sys.executable, str(BAD), str(folder)], check=True)
    out = tmp_path / "out"
    result = run(runner, folder, "-o", out, "--max-bytes", 2_000_000)
    assert result.exit_code == 1
    errors = {Path(e["source"]).name: e["error"] for e in jsonl((out / "errors.jsonl").read_text())}
    records = {r["id"]: r for r in jsonl((out / "records.jsonl").read_text())}
    expected_errors = {"empty.txt": "empty", "whitespace.txt": "empty", "binary.bin": "not_text",
                       "image.png": "not_text", "huge.txt": "too_large", "broken.jsonl:2": "bad_json"}
    for name, code in expected_errors.items():
        assert errors.get(name) == code, (name, errors)
    if os.geteuid() != 0:
        assert errors.get("unreadable.txt") == "unreadable"
    for name in ("truncated_utf8", "cp1251", "koi8r", "cp1257", "iso8859_2", "utf16", "page", "chinese", "mixed",
                 "nazwa z odstępami ąę", "long"):
        assert name in records, (name, sorted(records))
    assert records["chinese"]["language"] == "zh" and records["chinese"]["warnings"]
    assert "tracking" not in json.dumps(records["page"], ensure_ascii=False)
    long_text = (folder / "long.txt").read_text(encoding="utf-8")
    last = records["long"]["dates"][-1]
    assert long_text[last["start"]:last["end"]] == last["text"] and last["start"] > 250_000


def _sample_articles() -> list:
    from clusterx.ingest import Source, read_source

    return [item for p in sorted(SAMPLES.glob("*")) for item in read_source(Source(str(p)), 10_000_000)]


def test_articles_analysed_together_give_the_records_of_one_at_a_time():
    from clusterx.pipeline import Extractor

    articles = _sample_articles()
    assert len(articles) == 5
    extractor = Extractor()
    alone = [extractor.process(a).model_dump() for a in articles]
    together = [r.model_dump() for r in extractor.process_batch(articles)]
    assert together == alone
    assert {r["language"] for r in together} == {"ru", "pl", "lt"}


def test_a_failing_batch_falls_back_to_one_article_at_a_time(monkeypatch):
    from clusterx.pipeline import Extractor

    articles = _sample_articles()
    extractor = Extractor()
    backend = extractor.registry.get("pl")
    real = backend.analyse

    def fails_on_batches(texts, parse_if=None):
        if len(texts) > 1:
            raise RuntimeError("a batch broke")
        return real(texts, parse_if)

    monkeypatch.setattr(backend, "analyse", fails_on_batches)
    records = extractor.process_batch(articles)
    assert [r.language for r in records] == [extractor.process(a).language for a in articles]
    pl = [r for r in records if r.language == "pl"]
    assert len(pl) == 2 and all(r.organisations or r.clusters for r in pl)


def test_a_worker_keeps_native_thread_pools_to_one_thread():
    """With one worker a core, numpy's OpenBLAS (natasha's CNN) must not add threads."""
    from threadpoolctl import threadpool_info

    from clusterx import batch
    from clusterx.pipeline import Options

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: thread pools have one thread anyway")
    try:
        batch._init_worker(Options(), batch.DEFAULT_MAX_BYTES, "test")
        pools = threadpool_info()
        assert pools and all(p["num_threads"] == 1 for p in pools), pools
    finally:
        batch._WORKER.pop("threads").restore_original_limits()
        batch._WORKER.clear()


def test_one_worker_in_process_keeps_native_thread_pools_to_one_thread_and_restores_them(tmp_path, monkeypatch):
    from threadpoolctl import threadpool_info

    from clusterx import batch
    from clusterx.ingest import Source
    from clusterx.pipeline import Options

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: thread pools have one thread anyway")
    (tmp_path / "a.txt").write_text("Klaster Technologii Wodorowych podpisał umowę w Poznaniu.", encoding="utf-8")
    import numpy  # noqa: F401  (OpenBLAS loaded: its pool has a thread a core)

    before = [p["num_threads"] for p in threadpool_info()]
    assert before and max(before) > 1
    seen, process = [], batch.process_sources

    def watched(*args):  # the thread pools while the articles are analysed
        seen.extend(p["num_threads"] for p in threadpool_info())
        return process(*args)

    monkeypatch.setattr(batch, "process_sources", watched)
    for result in batch.run_sources([Source(str(tmp_path / "a.txt"))], Options(), batch.DEFAULT_MAX_BYTES, "t", 1):
        assert result.records
        assert [p["num_threads"] for p in threadpool_info()] == before  # the caller's code between results
    assert seen and set(seen) == {1}
    assert [p["num_threads"] for p in threadpool_info()] == before

    # two runs interleaved, one abandoned halfway: the limit is held only while articles are
    # analysed, so the process's own thread pools come back as they were
    sources = [Source(str(tmp_path / "a.txt"))] * (batch.BATCH + 1)
    first = batch.run_sources(sources, Options(), batch.DEFAULT_MAX_BYTES, "t", 1)
    second = batch.run_sources(sources, Options(), batch.DEFAULT_MAX_BYTES, "t", 1)
    next(first), next(second), next(first)
    del second
    assert [p["num_threads"] for p in threadpool_info()] == before
    assert len(list(first)) == batch.BATCH - 1
    assert [p["num_threads"] for p in threadpool_info()] == before


@pytest.mark.parametrize("n,size,workers", [(523, 16, 2), (40, 16, 4), (7, 16, 2), (1000, 16, 3), (5, 1, 2)])
def test_worker_groups_cover_every_input_in_order_and_shrink_towards_the_end(n, size, workers):
    from clusterx import batch

    sources = list(range(n))
    groups = batch._shrinking_groups(sources, size, workers)
    assert [s for g in groups for s in g] == sources
    sizes = [len(g) for g in groups]
    assert max(sizes) <= size and sizes == sorted(sizes, reverse=True)
    assert min(sizes[:-1] or [size // 4 or 1]) >= max(1, size // 4)
    if n >= 8 * size * workers:  # a long run: full groups first, the last ones a quarter of that
        assert sizes[0] == size and sizes[-2] == size // 4
