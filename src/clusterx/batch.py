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

Work is spread over worker processes, each with its own pipeline, recycled after a
number of inputs; results come back as plain bytes, in input order, so the output is
identical whatever the number of workers.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from . import __version__
from .ingest import DEFAULT_MAX_BYTES, Source, read_source
from .lang import LANG_DIR
from .nlp import installed_models, natasha_installed
from .output import atomic_write, dumps
from .pipeline import Extractor, Options
from .records import ArticleRecord

STATE = ".clusterx"
RECYCLE_AFTER = 500
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
    return process_sources(_WORKER["extractor"], [Source(p) for p in paths], _WORKER["max_bytes"], _WORKER["version"])


def default_workers(n_inputs: int) -> int:
    """What the machine has, at most 4 (each worker holds its own models), and 1 for a few inputs."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 4, n_inputs // 8 or 1))


def _groups(sources: list, size: int) -> list[list]:
    return [sources[i:i + size] for i in range(0, len(sources), size)]


def _shrinking_groups(sources: list, size: int, workers: int) -> list[list]:
    """Groups of `size`, getting smaller towards the end (guided scheduling: each is at
    most the remaining inputs over twice the workers, and at least a quarter of `size`),
    so that the workers finish close together rather than one waiting on the other's
    last full group."""
    groups, i, least = [], 0, max(1, size // 4)
    while i < len(sources):
        n = max(least, min(size, (len(sources) - i) // (2 * workers)))
        groups.append(sources[i:i + n])
        i += n
    return groups


def run_sources(sources: list[Source], options: Options, max_bytes: int, version: str, workers: int,
                extractor: Extractor | None = None) -> Iterator[InputResult]:
    """Results in input order; with workers > 1, computed in a recycled process pool that
    is handed groups of inputs (small enough that every worker gets several)."""
    if workers <= 1 or len(sources) <= 1 or any(s.is_stdin for s in sources):
        extractor = extractor or Extractor(options)
        for group in _groups(sources, BATCH):
            with one_thread():  # around the work only, not across a yield: the limit is the process's
                results = process_sources(extractor, group, max_bytes, version)
            yield from results
        return
    size = max(1, min(BATCH, -(-len(sources) // (workers * 4))))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(options, max_bytes, version),
                  maxtasksperchild=max(1, RECYCLE_AFTER // size)) as pool:
        for results in pool.imap(_work, [[s.path for s in g] for g in _shrinking_groups(sources, size, workers)],
                                chunksize=1):
            yield from results


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
        wait: bool = False, on_result: Callable[[InputResult], None] | None = None) -> RunReport:
    """Extract `sources`; with `output`, incrementally into that folder (see module doc)."""
    started = time.perf_counter()
    version = pipeline_version(options, max_bytes)
    workers = workers or default_workers(len(sources))
    folder = OutputFolder(output, fmt) if output else None
    status: Counter = Counter()
    results: list[InputResult] = []
    extractor = Extractor(options) if workers <= 1 else None
    if folder:
        folder.lock(wait)
    try:
        known = folder.load() if folder else {}
        previous = folder.previous(known, version) if folder and not force else {}
        todo, reused = [], {}
        for s in sources:
            old = previous.get(input_key(s))
            if old is not None and old.digest and old.digest == file_digest(s):
                reused[old.key] = old
            else:
                todo.append(s)
        fresh = run_sources(todo, options, max_bytes, version, workers, extractor)
        by_key: dict[str, InputResult] = {}
        for s in sources:
            key = input_key(s)
            if key in by_key:
                continue  # the same file named twice
            if key in reused:
                r = reused[key]
                r.status = "skipped"
            else:
                r = next(fresh)
                r.status = "failed" if r.errors and not r.records else ("changed" if key in known else "new")
                if folder:
                    folder.journal(r)
            status[r.status] += 1
            by_key[key] = r
            if on_result:
                on_result(r)
        results = list(by_key.values())
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
