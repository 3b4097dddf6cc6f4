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


def _started(cmd: list[str], out: Path, finished: int, stderr) -> subprocess.Popen:
    """`cmd` running, once the journal of `out` holds `finished` inputs (or after 2 minutes)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    journal = out / ".clusterx" / "journal.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and not (journal.exists() and journal.read_bytes().count(b"\n") >= finished):
        time.sleep(0.05)
    return proc


def test_kill_9_then_rerun_gives_every_record_once(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    texts = sorted(SAMPLES.glob("*.txt"))
    for n in range(40):
        shutil.copy(texts[n % len(texts)], src / f"a{n:03d}.txt")
    cmd = [sys.executable, "-m", "clusterx", "extract", str(src), "-o", str(out), "--quiet", "--workers", "1"]
    proc = _started(cmd, out, 5, subprocess.DEVNULL)
    journal = out / ".clusterx" / "journal.jsonl"
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
    for _, result in batch.run_sources([Source(str(tmp_path / "a.txt"))], Options(), batch.DEFAULT_MAX_BYTES, "t", 1):
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


def _plan_takes(weights: list[int], workers: int, size: int) -> dict[int, list[range]]:
    """Each worker's groups when the workers ask in turn (a worker whose group is done asks again)."""
    from clusterx import batch

    plan, takes = batch.Plan(weights, workers, size), {k: [] for k in range(workers)}
    asking = list(range(workers))
    while asking:
        k = asking.pop(0)
        taken = plan.take(k)
        if taken is not None:
            takes[k].append(taken)
            asking.append(k)
    return takes


@pytest.mark.parametrize("n,size,workers", [(523, 16, 2), (40, 16, 4), (7, 16, 2), (1000, 16, 3), (5, 1, 2), (3, 16, 2)])
def test_the_plan_gives_every_input_once_in_groups_that_shrink_towards_the_end(n, size, workers):
    takes = _plan_takes([1000] * n, workers, size)
    taken = sorted(i for groups in takes.values() for g in groups for i in g)
    assert taken == list(range(n))
    groups = [g for k in takes for g in takes[k]]
    assert all(0 < len(g) <= size for g in groups)
    sizes = [len(g) for k in range(workers) for g in takes[k]]
    if n >= 8 * size * workers:  # a long run: full groups first, the last ones a quarter of that
        assert max(sizes) == size and sum(1 for x in sizes if x < size // 4) <= workers  # leftovers where workers meet
        assert all(len(takes[k][0]) == size and len(takes[k][-1]) <= size // 4 + 1 for k in range(workers))


def test_the_plan_keeps_each_worker_to_few_languages():
    """Four languages' inputs in a row: two workers meet in one of them and load 3 of the 4
    pipelines between them at most twice, not all four each (the point of the plan)."""
    langs = ["en"] * 140 + ["lt"] * 80 + ["pl"] * 150 + ["ru"] * 150
    takes = _plan_takes([3000] * len(langs), 2, 16)
    seen = [{langs[i] for g in takes[k] for i in g} for k in range(2)]
    assert takes[0][0][0] == 0 and takes[1][0][-1] == len(langs) - 1  # one from each end
    assert "en" in seen[0] and "ru" in seen[1]
    assert len(seen[0] & seen[1]) == 1 and len(seen[0]) + len(seen[1]) == 5
    # each worker's inputs are one run of the line: it moves on from where it was
    for k in range(2):
        ids = sorted(i for g in takes[k] for i in g)
        assert ids == list(range(ids[0], ids[-1] + 1))


def test_the_plan_starts_workers_by_bytes_and_steals_the_nearest_inputs():
    """Three workers: the middle one starts a third of the bytes in; a worker whose way is
    eaten takes what lies nearest to where it stopped."""
    weights = [100] * 30 + [1000] * 30  # the first half is light
    takes = _plan_takes(weights, 3, 4)
    starts = [takes[k][0][0] for k in range(3)]
    assert starts[0] == 0 and takes[2][0][-1] == 59
    assert 30 < starts[1] < 40  # a third of 33,000 bytes lies 7 inputs into the heavy half
    assert sorted(i for k in takes for g in takes[k] for i in g) == list(range(60))


def test_letters_guess_the_language_of_real_articles():
    from clusterx.langid import letters_guess

    dev = Path(ROOT.parent / "shared" / "eval" / "dev")
    if not dev.exists():
        pytest.skip("../shared/eval/dev is not beside the project")
    for article in sorted((dev / "articles").glob("*.txt")):
        gold = json.loads((dev / "gold" / f"{article.stem}.json").read_text(encoding="utf-8"))["language"]
        guess = letters_guess(article.read_text(encoding="utf-8")[:4096])
        assert guess == gold or (gold == "en" and guess in ("", "en")), (article.name, gold, guess)


def _copies(folder: Path, n: int) -> list:
    from clusterx.ingest import Source

    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(SAMPLES.glob("*.txt"))
    for i in range(n):
        shutil.copy(texts[i % len(texts)], folder / f"c{i:02d}.txt")
    return [Source(str(p)) for p in sorted(folder.glob("*.txt"))]


def _records(out: Path) -> list[dict]:
    return jsonl((out / "records.jsonl").read_text())


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers inherit the test's patches by fork")


@needs_fork
@pytest.mark.parametrize("at", [1, 8])  # early, and late, where groups are one input
def test_a_killed_worker_is_replaced_and_its_inputs_redone(tmp_path, at):
    """kill -9 of a worker in the middle of a run (the OOM killer's way): a new worker
    takes over and every input keeps its records, also one the worker held alone."""
    import multiprocessing

    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 12)
    batch.run(sources, Options(), output=tmp_path / "one", workers=1)
    seen, killed = [], []

    def kill_a_worker(_result):
        seen.append(1)
        if len(seen) == at and not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    report = batch.run(sources, Options(), output=tmp_path / "two", workers=2, on_progress=kill_a_worker)
    assert killed and report.status == {"new": 12}
    assert _records(tmp_path / "two") == _records(tmp_path / "one")
    assert not (tmp_path / "two" / "errors.jsonl").read_text()


@needs_fork
def test_an_input_that_kills_its_worker_gets_an_error_record_and_costs_no_other(tmp_path, monkeypatch):
    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 10)
    poison = sources[3].path
    real = batch._work

    def work(paths):  # native code crashing on one input, as a segfault would
        if poison in paths:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(paths)

    monkeypatch.setattr(batch, "_work", work)
    report = batch.run(sources, Options(), output=tmp_path / "out", workers=2)
    errors = jsonl((tmp_path / "out" / "errors.jsonl").read_text())
    assert [(e["source"], e["error"]) for e in errors] == [(poison, "internal")]
    assert "worker process died (killed by SIGKILL)" in errors[0]["message"]
    assert sorted(r["id"] for r in _records(tmp_path / "out")) == sorted(Path(s.path).stem for s in sources
                                                                        if s.path != poison)
    assert report.status == {"new": 9, "failed": 1}


@needs_fork
def test_workers_that_always_die_stop_the_run_and_leave_the_output_as_it_was(tmp_path, monkeypatch):
    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 6)
    out = tmp_path / "out"
    batch.run(sources[:2], Options(), output=out, workers=1)
    before = (out / "records.jsonl").read_bytes()
    monkeypatch.setattr(batch, "_work", lambda paths: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(batch.WorkerError, match="in a row died"):
        batch.run(sources, Options(), output=out, workers=2)
    assert (out / "records.jsonl").read_bytes() == before


@needs_fork
def test_an_exception_in_a_worker_stops_the_run_with_its_traceback(tmp_path, monkeypatch):
    from clusterx import batch
    from clusterx.pipeline import Options

    def broken(*args):
        raise ValueError("no such model")

    monkeypatch.setattr(batch, "_init_worker", broken)
    with pytest.raises(batch.WorkerError, match="ValueError: no such model"):
        batch.run(_copies(tmp_path / "in", 4), Options(), workers=2)


@needs_fork
def test_recycled_workers_give_the_same_records(tmp_path, monkeypatch):
    import multiprocessing

    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 10)
    batch.run(sources, Options(), output=tmp_path / "one", workers=1)
    monkeypatch.setattr(batch, "RECYCLE_AFTER", 2)
    pids = set()
    batch.run(sources, Options(), output=tmp_path / "two", workers=2,
              on_progress=lambda _: pids.update(p.pid for p in multiprocessing.active_children()))
    assert len(pids) >= 4  # 10 inputs, a new process every 2 or 3
    assert _records(tmp_path / "two") == _records(tmp_path / "one")


def test_two_workers_stream_in_input_order(runner, tmp_path):
    """Without an output folder the records go to stdout as the inputs were given, though
    the workers finish them out of order."""
    src = tmp_path / "in"
    _copies(src, 12)
    outs = [runner.invoke(app, ["extract", str(src), "--quiet", "--workers", str(w)]) for w in (1, 2)]
    assert all(o.exit_code == 0 for o in outs)
    assert [r["id"] for r in jsonl(outs[1].stdout)] == [f"c{i:02d}" for i in range(12)]
    assert outs[0].stdout == outs[1].stdout


def _reading_fails_on(path: str, monkeypatch) -> None:
    """A bug outside the guard around each article: reading `path` raises."""
    from clusterx import batch
    from clusterx.ingest import read_source

    def read(source, max_bytes):
        if source.path == path:
            raise KeyError("a bug")
        return read_source(source, max_bytes)

    monkeypatch.setattr(batch, "read_source", read)


def test_a_bug_on_one_input_costs_only_that_input_its_records(tmp_path, monkeypatch):
    """An exception outside the guard around each article (here: reading the input) gives
    that input an internal error record; its group's other inputs keep their records."""
    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 4)
    _reading_fails_on(sources[1].path, monkeypatch)
    indexed = list(batch.run_sources(sources, Options(), batch.DEFAULT_MAX_BYTES, "t", 1))
    assert [i for i, _ in indexed] == [0, 1, 2, 3]
    results = [r for _, r in indexed]
    assert [bool(r.records) for r in results] == [True, False, True, True]
    error = json.loads(results[1].errors[0])
    assert error["error"] == "internal" and "KeyError: 'a bug'" in error["message"]
    assert results[1].source == sources[1].path and results[1].stats == {"errors": 1}


def test_workers_exit_when_their_run_is_killed(tmp_path):
    """kill -9 of the run (cron's timeout): its workers see their pipes end and exit
    rather than hold models and the folder's lock for ever; the next run finishes the job."""
    import psutil

    src, out = tmp_path / "in", tmp_path / "out"
    _copies(src, 40)
    cmd = [sys.executable, "-m", "clusterx", "extract", str(src), "-o", str(out), "--quiet", "--workers", "2"]
    proc = _started(cmd, out, 2, subprocess.PIPE)
    workers = psutil.Process(proc.pid).children()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(workers) == 2 and all(w.is_running() for w in workers)
    from filelock import FileLock

    with FileLock(str(out / ".clusterx" / "lock"), timeout=0):  # the workers do not hold the run's lock
        pass
    gone, alive = psutil.wait_procs(workers, timeout=60)
    assert not alive, "workers outlived their run"
    assert not proc.stderr.read()  # no tracebacks from the workers
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert sorted(r["id"] for r in _records(out)) == [f"c{i:02d}" for i in range(40)]


@needs_fork
def test_a_worker_error_stops_the_cli_with_status_4_and_one_message(runner, tmp_path, monkeypatch):
    from clusterx import batch

    src, out = tmp_path / "in", tmp_path / "out"
    _copies(src, 4)

    def broken(*args):
        raise ValueError("no such model")

    monkeypatch.setattr(batch, "_init_worker", broken)
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 4
    assert "the run stopped" in result.output and "ValueError: no such model" in result.output
    assert "The output folder is as it was" in result.output
    assert not (out / "records.jsonl").exists()


def test_the_workers_take_the_inputs_in_language_order(tmp_path):
    """What makes a worker load few pipelines: its inputs are one language's, in a row."""
    from clusterx import batch
    from clusterx.ingest import Source
    from clusterx.langid import letters_guess
    from clusterx.pipeline import Options

    texts = sorted(SAMPLES.glob("*.txt")) * 4  # ru, lt, lt, pl, pl
    sources = []
    for n, t in enumerate(texts):
        shutil.copy(t, tmp_path / f"{n:02d}.txt")
        sources.append(Source(str(tmp_path / f"{n:02d}.txt")))
    workers = batch._Workers(sources, Options(), batch.DEFAULT_MAX_BYTES, "t", 2)
    hints = [letters_guess(Path(s.path).read_text(encoding="utf-8")[:4096]) for s in workers.sources]
    assert hints == sorted(hints) and set(hints) == {"lt", "pl", "ru"}
    assert sorted(workers.order) == list(range(len(sources)))
    assert [workers.sources[i].path for i in range(len(sources))] == [sources[j].path for j in workers.order]


@needs_fork
def test_a_bug_on_one_input_in_a_worker_costs_only_that_input(tmp_path, monkeypatch):
    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 8)
    _reading_fails_on(sources[5].path, monkeypatch)  # in the workers too: they are forked after
    report = batch.run(sources, Options(), output=tmp_path / "out", workers=2)
    errors = jsonl((tmp_path / "out" / "errors.jsonl").read_text())
    assert [(e["source"], e["error"]) for e in errors] == [(sources[5].path, "internal")]
    assert report.status == {"new": 7, "failed": 1}


@needs_fork
def test_inputs_that_kill_their_worker_now_and_then_do_not_stop_the_run(tmp_path, monkeypatch):
    """Three bad inputs apart: the count of deaths in a row starts again after each good group."""
    from clusterx import batch
    from clusterx.pipeline import Options

    sources = _copies(tmp_path / "in", 12)
    poison = {sources[i].path for i in (1, 5, 9)}
    real = batch._work

    def work(paths):
        if poison & set(paths):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(paths)

    monkeypatch.setattr(batch, "_work", work)
    report = batch.run(sources, Options(), output=tmp_path / "out", workers=2)
    assert report.status == {"new": 9, "failed": 3}
    assert {e["source"] for e in jsonl((tmp_path / "out" / "errors.jsonl").read_text())} == poison


def test_results_are_filed_under_the_inputs_as_named_when_the_run_began(tmp_path):
    """A symlinked folder switched to another release in the middle of a run: each result
    stays with its input as discovered (the worker's own real path is another by then)."""
    from clusterx import batch
    from clusterx.ingest import discover
    from clusterx.pipeline import Options

    _copies(tmp_path / "r1", 20)
    shutil.copytree(tmp_path / "r1", tmp_path / "r2")
    (tmp_path / "current").symlink_to(tmp_path / "r1")
    sources = list(discover([str(tmp_path / "current")]))

    def switch(_result):
        if (tmp_path / "current").resolve() == tmp_path / "r1":
            (tmp_path / "current").unlink()
            (tmp_path / "current").symlink_to(tmp_path / "r2")

    streamed = []
    report = batch.run(sources, Options(), output=tmp_path / "out", workers=1, on_progress=switch,
                       on_result=lambda r: streamed.append(r.key))
    keys = [str(tmp_path / "r1" / f"c{i:02d}.txt") for i in range(20)]
    assert streamed == keys and [r.key for r in report.results] == keys
    assert sorted(manifest(tmp_path / "out")["files"]) == keys


def test_the_language_hint_reads_past_a_web_pages_head(tmp_path):
    from clusterx import batch
    from clusterx.ingest import Source

    body = (SAMPLES / "003_6b3e72554eb13511.txt").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><head><style>" + "p { margin: 0 } " * 400 + "</style></head><body><p>" + body
                    + "</p></body></html>", encoding="utf-8")
    assert page.stat().st_size > 8192
    assert batch.language_hint(Source(str(page))) == "pl"
    assert batch.language_hint(Source(str(tmp_path / "missing.txt"))) == ""
