"""Runs a whole extraction: inputs -> (cached or fresh) results -> output, for cron.

With an output folder, a run is incremental and crash-safe:

- `DIR/manifest.json` keys each input by its resolved path, with the sha256 of its bytes
  and the pipeline version (code, models, language data, options). An unchanged input
  is skipped and keeps its records; a changed one is redone and replaces them;
  `force` redoes everything; `prune` drops the records of inputs that are gone.
- Every finished input is appended (and fsynced) to `DIR/.clusterx/journal.jsonl`; a run
  killed at any moment leaves the previous output intact, and the next run takes what
  the journal holds and does the rest. records.jsonl, errors.jsonl and manifest.json are
  replaced atomically at the end, then the journal is removed.
- One run per folder: `DIR/.clusterx/lock` is an advisory lock the kernel drops when
  its process dies, so a lock left by a killed run is never in the way.

Work is spread over worker processes, each with its own pipelines, recycled after a
number of inputs and replaced if it dies; each worker takes the inputs of few languages
(`Plan`), so it loads few pipelines. Results come back as plain bytes and are put back in
input order, so the output is identical whatever the number of workers.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from . import __version__
from .errors import InputError
from .ingest import DEFAULT_MAX_BYTES, Source, read_source
from .lang import LANG_DIR
from .langid import letters_guess
from .nlp import installed_models, natasha_installed
from .output import atomic_write, dumps
from .pipeline import Extractor, Options
from .records import ArticleRecord

STATE = ".clusterx"
RECYCLE_AFTER = 500
#: Worker processes that may die one after the other, per worker, with no group finished
#: in between, before the run stops: an input that kills its worker is an error record (a
#: death for its group, one more when it is redone alone), inputs that all do are a fault.
MAX_DEATHS = 3
#: Articles analysed together (spaCy's nlp.pipe); also the most work a killed run redoes.
BATCH = 16
COUNTED = ("clusters", "organisations", "people", "locations", "dates", "events")


class Busy(Exception):
    """Another run holds the output folder."""


@dataclass
class InputResult:
    """What one input gave, as plain data (it crosses process boundaries)."""

    key: str
    source: str
    digest: str
    version: str
    records: list[bytes] = field(default_factory=list)
    errors: list[bytes] = field(default_factory=list)
    record_ids: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    status: str = "new"

    def to_json(self) -> dict:
        return {"key": self.key, "source": self.source, "digest": self.digest, "version": self.version,
                "records": [r.decode() for r in self.records], "errors": [e.decode() for e in self.errors],
                "record_ids": self.record_ids, "stats": self.stats}

    @classmethod
    def from_json(cls, d: dict) -> InputResult:
        return cls(d["key"], d["source"], d["digest"], d["version"], [r.encode() for r in d["records"]],
                   [e.encode() for e in d["errors"]], d["record_ids"], d.get("stats", {}))


def input_key(source: Source) -> str:
    return "-" if source.is_stdin else os.path.realpath(source.path)


def file_digest(source: Source) -> str:
    """sha256 of the input's bytes ('' when it cannot be read: it is then always redone)."""
    if source.is_stdin:
        return ""
    try:
        h = hashlib.sha256()
        with open(source.path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return ""


def pipeline_version(options: Options, max_bytes: int) -> str:
    """A fingerprint of everything that changes records: code, models, language data, options."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")) + sorted(LANG_DIR.rglob("*.t*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for m in installed_models():
        folder = Path(m["path"])
        for name in ("meta.json", "config.cfg"):
            if (folder / name).exists():
                h.update((folder / name).read_bytes())
    if natasha_installed():  # Russian people and places come from natasha then
        from importlib.metadata import version

        h.update(f"natasha {version('natasha')}".encode())
    h.update(json.dumps({"lang": options.lang, "models": options.models, "include_text": options.include_text,
                         "max_bytes": max_bytes}, sort_keys=True).encode())
    return h.hexdigest()[:16]


def process_sources(extractor: Extractor, sources: list[Source], max_bytes: int, version: str) -> list[InputResult]:
    """One result per source, in order. Articles are analysed BATCH at a time, across
    sources (the NLP pipeline is faster on batches); input errors never wait."""
    results: list[InputResult] = []
    stats: list[Counter] = []
    pending: list[tuple[int, object]] = []

    def add(n: int, out) -> None:
        result, counts = results[n], stats[n]
        if isinstance(out, ArticleRecord):
            result.records.append(dumps(out))
            result.record_ids.append(out.id)
            counts["records"] += 1
            counts[f"lang:{out.language}"] += 1
            for kind in COUNTED:
                counts[kind] += len(getattr(out, kind))
        else:
            result.errors.append(dumps(out))
            counts["errors"] += 1

    def flush() -> None:
        for (n, _), out in zip(pending, extractor.process_batch([item for _, item in pending]), strict=True):
            add(n, out)
        pending.clear()

    for source in sources:
        results.append(InputResult(input_key(source), source.path, file_digest(source), version))
        stats.append(Counter())
        for item in read_source(source, max_bytes):
            if isinstance(item, tuple):
                add(len(results) - 1, item[1].record(item[0]))
                continue
            pending.append((len(results) - 1, item))
            if len(pending) >= BATCH:
                flush()
    flush()
    for result, counts in zip(results, stats, strict=True):
        result.stats = dict(counts)
    return results


# ---------------------------------------------------------------- worker processes

_WORKER: dict = {}


def one_thread():
    """Native thread pools (OpenBLAS, under natasha's numpy CNN) limited to one thread until
    the returned limiter is restored: one worker is one core. In a pool, several threads a
    core slow every worker down; alone, a second OpenBLAS thread took a fifth more CPU time
    for no shorter run (bench corpus: 31 s of CPU against 25 s, 26 s either way)."""
    import numpy  # noqa: F401  (loads OpenBLAS, so that its thread pool can be limited)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _init_worker(options: Options, max_bytes: int, version: str) -> None:
    _WORKER["threads"] = one_thread()
    _WORKER.update(extractor=Extractor(options), max_bytes=max_bytes, version=version)


def _work(paths: list[str]) -> list[InputResult]:
    return analyse_group(_WORKER["extractor"], [Source(p) for p in paths], _WORKER["max_bytes"], _WORKER["version"])


def analyse_group(extractor: Extractor, sources: list[Source], max_bytes: int, version: str) -> list[InputResult]:
    """`process_sources`, guarded: if a group fails as a whole (a bug outside the guard
    around each article), each input is done alone, and the one that fails gets an error
    record; the run goes on."""
    try:
        return process_sources(extractor, sources, max_bytes, version)
    except Exception as exc:
        if len(sources) == 1:
            return [failed(sources[0], version, f"{type(exc).__name__}: {exc}")]
        return [r for s in sources for r in analyse_group(extractor, [s], max_bytes, version)]


def failed(source: Source, version: str, why: str) -> InputResult:
    """The result of an input that could not be analysed: one internal error record."""
    error = InputError("internal", why).record(source.path)
    return InputResult(input_key(source), source.path, file_digest(source), version, errors=[dumps(error)],
                       stats={"errors": 1})


def _worker_main(conn, inherited: list, options: Options, max_bytes: int, version: str) -> None:
    """A worker process: analyses the groups of inputs it is sent until it is sent None.
    A Python exception that escapes (a bug, not a bad input) goes to the parent, which
    stops the run with it. `inherited` are the parent's ends of the workers' pipes, which
    a forked worker holds too: closed, so that a worker whose parent is killed sees the end
    of its pipe and exits instead of waiting for ever."""
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers
    try:
        _init_worker(options, max_bytes, version)
        while (task := conn.recv()) is not None:
            conn.send(_work(task))
    except (EOFError, BrokenPipeError):
        return  # the parent is gone (killed): nothing to report to
    except Exception:
        import traceback

        with contextlib.suppress(OSError):
            conn.send(WorkerError(traceback.format_exc()))


class WorkerError(RuntimeError):
    """A worker process failed outside the analysis of any one input."""


def default_workers(n_inputs: int) -> int:
    """What the machine has, at most 4 (each worker holds its own models), and 1 for a few inputs."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 4, n_inputs // 8 or 1))


def _groups(sources: list, size: int) -> list[list]:
    return [sources[i:i + size] for i in range(0, len(sources), size)]


def language_hint(source: Source) -> str:
    """A guess at the input's language from the letters of its first 4 KB, or of its first
    64 KB where those hold no letter beyond ASCII (a web page's head and scripts; an English
    text), only to give each worker the inputs of few languages (`langid.letters_guess`)."""
    try:
        with open(source.path, "rb") as fh:
            guess = letters_guess(fh.read(4096).decode("utf-8", errors="ignore"))
            if not guess:
                fh.seek(0)
                guess = letters_guess(fh.read(65536).decode("utf-8", errors="ignore"))
            return guess
    except OSError:
        return ""


class Plan:
    """Which inputs each worker analyses next: language-affine work stealing.

    Every worker loads the pipeline of each language it meets (about half a second each,
    on every worker), so the inputs, ordered by `language_hint`, are laid out on a line
    and each worker eats its way along it from its own starting point: the first from
    the start forwards, the last from the end backwards, the others from evenly spaced
    points (by bytes) forwards. A worker whose way is eaten takes from the nearest input
    left. Two workers thus share at most the language where they meet, instead of each
    loading all of them. A group is at most `size` inputs and at most the inputs left
    over twice the workers (but not under a quarter of `size`), so the workers finish
    close together (guided scheduling).
    """

    def __init__(self, weights: list[int], workers: int, size: int):
        n, total = len(weights), sum(weights) or 1
        self.size, self.workers, self.least = size, workers, max(1, size // 4)
        self.left = [[0, n]] if n else []  # the untaken inputs, as [start, end) intervals
        self.remaining = n
        starts, acc, k = [], 0, 0
        for i, w in enumerate(weights):  # worker k starts where k/workers of the bytes lie before it
            while k < workers - 1 and acc >= k * total / workers:
                starts.append(i)
                k += 1
            acc += w
        starts += [n] * (workers - 1 - len(starts))
        self.position = [*starts, n][:workers] if workers > 1 else [0]

    def take(self, worker: int) -> range | None:
        """The inputs (indexes) `worker` analyses next, or None when none is left."""
        if not self.left:
            return None
        p = self.position[worker]

        def distance(iv: list[int]) -> int:
            return iv[0] - p if p < iv[0] else (p - iv[1] if p > iv[1] else 0)

        iv = min(self.left, key=distance)
        lo, hi = iv
        m = min(hi - lo, max(self.least, min(self.size, self.remaining // (2 * self.workers))))
        if p >= hi:  # from the end of the interval, backwards
            taken = range(hi - m, hi)
            iv[1] = hi - m
            self.position[worker] = hi - m
        else:  # forwards from where the worker stands (or the interval's start)
            a = max(lo, p)
            m = min(m, hi - a)
            taken = range(a, a + m)
            if a > lo:  # a worker starting inside the interval splits it
                self.left.insert(self.left.index(iv), [lo, a])
            iv[0] = a + m
            self.position[worker] = a + m
        self.left = [v for v in self.left if v[0] < v[1]]
        self.remaining -= len(taken)
        return taken


def run_sources(sources: list[Source], options: Options, max_bytes: int, version: str, workers: int,
                extractor: Extractor | None = None) -> Iterator[tuple[int, InputResult]]:
    """(index in `sources`, result) for each source: with one worker, in this process and
    in input order; with more, from worker processes (see `Plan`), as they finish."""
    if workers <= 1 or len(sources) <= 1 or any(s.is_stdin for s in sources):
        extractor = extractor or Extractor(options)
        for n, group in enumerate(_groups(sources, BATCH)):
            with one_thread():  # around the work only, not across a yield: the limit is the process's
                results = analyse_group(extractor, group, max_bytes, version)
            yield from enumerate(results, n * BATCH)
        return
    yield from _Workers(sources, options, max_bytes, version, min(workers, len(sources))).results()


class _Workers:
    """Worker processes fed by a `Plan`, each with one group of inputs at a time.

    A worker is replaced after RECYCLE_AFTER inputs (memory a long run may gather). A
    worker that dies (killed, out of memory, a crash in native code) is replaced, and the
    inputs it held are redone one per group, so that an input that kills a worker again
    gets an error record and costs no other input its records."""

    def __init__(self, sources: list[Source], options: Options, max_bytes: int, version: str, workers: int):
        hints = [language_hint(s) for s in sources]
        self.order = sorted(range(len(sources)), key=lambda i: hints[i])  # stable: input order within a language
        self.sources = [sources[i] for i in self.order]
        size = max(1, min(BATCH, -(-len(sources) // (workers * 4))))
        self.plan = Plan([_size(s) + 4096 for s in self.sources], workers, size)  # + what any input costs
        self.retry: list[int] = []  # inputs of a dead worker, to redo one at a time
        self.suspects: set[int] = set()  # inputs that were with a worker when it died
        self.args = (options, max_bytes, version)
        self.ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.procs: list = [None] * workers
        self.conns: list = [None] * workers
        self.tasks: list[list[int] | None] = [None] * workers  # what each worker holds
        self.done: list[int] = [0] * workers  # inputs each worker process has analysed
        self.deaths = 0  # workers that died since the last finished group

    def _start(self, k: int) -> None:
        parent, child = self.ctx.Pipe()
        inherited = [parent, *(c for c in self.conns if c is not None)]
        proc = self.ctx.Process(target=_worker_main, args=(child, inherited, *self.args), daemon=True)
        proc.start()
        child.close()
        self.procs[k], self.conns[k], self.done[k] = proc, parent, 0

    def _stop(self, k: int) -> None:
        with contextlib.suppress(OSError):
            self.conns[k].send(None)
        self.conns[k].close()
        self.procs[k].join(timeout=5)
        if self.procs[k].is_alive():
            self.procs[k].kill()
            self.procs[k].join()
        self.procs[k] = self.conns[k] = None

    def _feed(self, k: int) -> None:
        """Sends worker k its next group, or stops it when there is none."""
        if self.retry:
            task = [self.retry.pop(0)]
        else:
            taken = self.plan.take(k)
            task = list(taken) if taken else None
        if task is None:
            if self.procs[k] is not None:
                self._stop(k)
            return
        if self.procs[k] is not None and self.done[k] >= RECYCLE_AFTER:
            self._stop(k)
        if self.procs[k] is None:
            self._start(k)
        self.tasks[k] = task
        with contextlib.suppress(OSError):  # if it died, `results` sees it and redoes the task
            self.conns[k].send([self.sources[i].path for i in task])

    def _receive(self, k: int) -> list[tuple[int, InputResult]]:
        """What worker k sends back for its group, with each input's index. If it died, the
        inputs it held are redone one per group; an input that it held alone, redone so
        after an earlier death, gets an error record."""
        task, self.tasks[k] = self.tasks[k], None
        try:
            results = self.conns[k].recv()
        except (EOFError, OSError):
            results = None
        if isinstance(results, WorkerError):
            raise results
        if results is not None:
            self.done[k] += len(task)
            self.deaths = 0
            return [(self.order[i], r) for i, r in zip(task, results, strict=True)]
        self.procs[k].join()
        reason = _exit_reason(self.procs[k].exitcode)
        self.conns[k].close()
        self.procs[k] = self.conns[k] = None
        self.deaths += 1
        if self.deaths > MAX_DEATHS * len(self.procs):
            raise WorkerError(f"{self.deaths} worker processes in a row died ({reason}) before finishing any input")
        if len(task) > 1 or task[0] not in self.suspects:  # killed from outside, or by one of these
            self.suspects.update(task)
            self.retry += task
            return []
        return [(self.order[task[0]], failed(self.sources[task[0]], self.args[2], f"the worker process died ({reason})"))]

    def results(self) -> Iterator[tuple[int, InputResult]]:
        from multiprocessing.connection import wait

        try:
            for k in range(len(self.procs)):
                self._feed(k)
            while any(p is not None for p in self.procs):
                live = [k for k, p in enumerate(self.procs) if p is not None]
                ready = set(wait([self.conns[k] for k in live] + [self.procs[k].sentinel for k in live]))
                for k in live:
                    if self.conns[k] in ready or self.procs[k].sentinel in ready:
                        results = self._receive(k)
                        try:
                            self._feed(k)  # before the caller's work on the results: the worker goes on
                        except BaseException:
                            yield from results  # (a worker that cannot start: what came back is kept)
                            raise
                        yield from results
        finally:
            for k, proc in enumerate(self.procs):
                if proc is not None:
                    proc.kill()
                    proc.join()
                    self.conns[k].close()


def _size(source: Source) -> int:
    try:
        return os.path.getsize(source.path)
    except OSError:
        return 0


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


# ---------------------------------------------------------------- the output folder

class OutputFolder:
    """The state of an output folder: its lock, manifest, journal and current records."""

    def __init__(self, directory: Path, fmt: str = "jsonl"):
        self.dir = Path(directory)
        self.state = self.dir / STATE
        self.fmt = fmt
        self.records_path = self.dir / ("records.json" if fmt == "json" else "records.jsonl")
        self.journal_path = self.state / "journal.jsonl"
        self._lock = None
        self._journal = None

    def lock(self, wait: bool) -> None:
        from filelock import FileLock, Timeout

        self.state.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.state / "lock"), timeout=-1 if wait else 0)
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise Busy(f"another clusterx run is writing to {self.dir} (use --wait to wait for it)") from exc
        for stale in list(self.dir.glob(".*.tmp")) + list(self.state.glob("*.tmp")):
            stale.unlink(missing_ok=True)

    def unlock(self) -> None:
        if self._journal:
            self._journal.close()
            self._journal = None
        if self._lock is not None:
            self._lock.release()

    def load(self) -> dict[str, InputResult]:
        """The inputs of the last completed run whose records really are in the records file."""
        entries: dict[str, InputResult] = {}
        manifest_path = self.dir / "manifest.json"
        if not manifest_path.exists() or not self.records_path.exists():
            return entries
        try:
            files = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
            if self.fmt == "json":
                lines = [orjson.dumps(r) + b"\n" for r in orjson.loads(self.records_path.read_bytes())]
            else:
                lines = self.records_path.read_bytes().splitlines(keepends=True)
        except ValueError:
            return entries
        by_source: dict[str, list[bytes]] = {}
        for line in lines:
            try:
                by_source.setdefault(orjson.loads(line)["source"], []).append(line)
            except (ValueError, KeyError):
                continue
        for key, e in files.items():
            mine = by_source.get(e["source"], [])
            if [orjson.loads(x)["id"] for x in mine] == e["record_ids"]:
                entries[key] = InputResult(key, e["source"], e["digest"], e["version"], mine,
                                           [x.encode() for x in e.get("errors", [])], e["record_ids"], e.get("stats", {}))
        return entries

    def previous(self, entries: dict[str, InputResult], version: str) -> dict[str, InputResult]:
        """Reusable results: the journal of an interrupted run over the last run's entries."""
        found = dict(entries)
        if self.journal_path.exists():
            with self.journal_path.open("rb") as fh:
                for line in fh:
                    try:
                        r = InputResult.from_json(orjson.loads(line))
                    except (ValueError, KeyError):
                        continue  # a torn last line of a killed run
                    found[r.key] = r
        # failed inputs are tried again on every run: the cause may have been fixed
        return {k: r for k, r in found.items() if r.version == version and (r.records or not r.errors)}

    def journal(self, result: InputResult) -> None:
        if self._journal is None:
            self._journal = self.journal_path.open("ab")
        self._journal.write(orjson.dumps(result.to_json()) + b"\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def commit(self, results: list[InputResult], manifest: dict) -> None:
        if self.fmt == "json":
            records = [orjson.loads(x) for r in results for x in r.records]
            atomic_write(self.records_path, orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            atomic_write(self.records_path, (x for r in results for x in r.records))
        atomic_write(self.dir / "errors.jsonl", (x for r in results for x in r.errors))
        manifest["files"] = {r.key: {"source": r.source, "digest": r.digest, "version": r.version,
                                     "record_ids": r.record_ids, "errors": [e.decode() for e in r.errors],
                                     "stats": r.stats} for r in results}
        atomic_write(self.dir / "manifest.json", orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
        if self._journal:
            self._journal.close()
            self._journal = None
        self.journal_path.unlink(missing_ok=True)


@dataclass
class RunReport:
    results: list[InputResult]
    status: Counter
    stats: Counter
    seconds: float
    models: list[dict]
    stage_seconds: dict


def run(sources: list[Source], options: Options, *, output: Path | None = None, fmt: str = "jsonl",
        max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None, force: bool = False, prune: bool = False,
        wait: bool = False, on_result: Callable[[InputResult], None] | None = None,
        on_progress: Callable[[InputResult], None] | None = None) -> RunReport:
    """Extract `sources`; with `output`, incrementally into that folder (see module doc).
    `on_result` sees each input's result in input order, `on_progress` as soon as it is done."""
    started = time.perf_counter()
    version = pipeline_version(options, max_bytes)
    workers = workers or default_workers(len(sources))
    folder = OutputFolder(output, fmt) if output else None
    status: Counter = Counter()
    extractor = Extractor(options) if workers <= 1 else None
    if folder:
        folder.lock(wait)
    try:
        known = folder.load() if folder else {}
        previous = folder.previous(known, version) if folder and not force else {}
        keys: dict[str, None] = {}  # in input order
        todo, todo_keys, by_key = [], [], {}
        for s in sources:
            key = input_key(s)
            if key in keys:
                continue  # the same file named twice
            old = previous.get(key)
            if old is not None and old.digest and old.digest == file_digest(s):
                old.status = "skipped"
                by_key[key] = old
            else:
                todo.append(s)
                todo_keys.append(key)
            keys[key] = None
        order = list(keys)
        emitted = 0

        def ready(r: InputResult) -> None:
            """`r` is done: progress now, `on_result` in input order (workers finish out of order)."""
            nonlocal emitted
            status[r.status] += 1
            if on_progress:
                on_progress(r)
            while on_result and emitted < len(order) and order[emitted] in by_key:
                on_result(by_key[order[emitted]])
                emitted += 1

        for r in list(by_key.values()):
            ready(r)
        for i, r in run_sources(todo, options, max_bytes, version, workers, extractor):
            r.key = todo_keys[i]  # as named when the run began (a symlinked folder may be switched meanwhile)
            r.status = "failed" if r.errors and not r.records else ("changed" if r.key in known else "new")
            if folder:
                folder.journal(r)
            by_key[r.key] = r
            ready(r)
        results = [by_key[k] for k in order]
        gone = [r for k, r in sorted(known.items()) if k not in by_key]
        if gone and prune:
            status["pruned"] += len(gone)
        elif gone:
            results += gone
            status["kept (input gone)"] += len(gone)
        stats: Counter = Counter()
        for r in results:
            stats.update(r.stats)
        report = RunReport(results, status, stats, time.perf_counter() - started,
                           extractor.registry.loaded() if extractor else [],
                           {k: round(v, 3) for k, v in sorted(extractor.stage_seconds.items())} if extractor else {})
        if folder:
            folder.commit(results, manifest(report, options, fmt, max_bytes, version))
        return report
    finally:
        if folder:
            folder.unlock()


def manifest(report: RunReport, options: Options, fmt: str, max_bytes: int, version: str) -> dict:
    languages = {k[5:]: v for k, v in sorted(report.stats.items()) if k.startswith("lang:")}
    return {
        "clusterx_version": __version__,
        "schema_version": "1",
        "pipeline_version": version,
        "inputs": len(report.results),
        "status": dict(sorted(report.status.items())),
        "counts": {k: v for k, v in sorted(report.stats.items()) if not k.startswith("lang:")},
        "languages": languages,
        "models": report.models,
        "options": {"lang": options.lang, "models": options.models, "format": fmt,
                    "include_text": options.include_text, "max_bytes": max_bytes},
        "seconds": round(report.seconds, 3),
        "stage_seconds": report.stage_seconds,
    }
