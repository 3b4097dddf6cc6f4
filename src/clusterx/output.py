"""Serialise records and write them: JSON Lines on stdout, or atomic files in a folder.

Every file in an output folder is written to a temporary file in the same folder and
renamed into place, so a killed run leaves the previous output intact.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import orjson

from .records import ArticleRecord, ErrorRecord

#: Optional extra fields left out of the JSON when they have no value.
_PRUNE_RECORD = ("url", "text")
_PRUNE_ENTITY = ("legal_form", "acronym")


def record_dict(record: ArticleRecord | ErrorRecord) -> dict:
    data = record.model_dump(mode="json")
    if isinstance(record, ArticleRecord):
        for key in _PRUNE_RECORD:
            if data.get(key) is None:
                data.pop(key, None)
        for kind in ("clusters", "organisations", "people", "locations"):
            for ent in data[kind]:
                for key in _PRUNE_ENTITY:
                    if ent.get(key) is None:
                        ent.pop(key, None)
    return data


def dumps(record: ArticleRecord | ErrorRecord) -> bytes:
    """One JSON Lines line (with newline): UTF-8, deterministic key order."""
    return orjson.dumps(record_dict(record)) + b"\n"


def dumps_array(records: Iterable[ArticleRecord]) -> bytes:
    return orjson.dumps([record_dict(r) for r in records], option=orjson.OPT_INDENT_2) + b"\n"


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


class StreamSink:
    """Records to stdout as they come (jsonl) or as one array at the end (json); errors to stderr."""

    def __init__(self, fmt: str = "jsonl", out: IO[bytes] | None = None, err: IO[bytes] | None = None):
        self.fmt = fmt
        self.out = out or sys.stdout.buffer
        self.err = err or sys.stderr.buffer
        self.buffer: list[ArticleRecord] = []

    def record(self, record: ArticleRecord) -> None:
        if self.fmt == "json":
            self.buffer.append(record)
        else:
            self.out.write(dumps(record))
            self.out.flush()

    def error(self, error: ErrorRecord) -> None:
        self.err.write(dumps(error))
        self.err.flush()

    def close(self, manifest: dict) -> None:
        if self.fmt == "json":
            self.out.write(dumps_array(self.buffer))
            self.out.flush()


class DirSink:
    """records.jsonl (or records.json), errors.jsonl and manifest.json in a folder.

    Records and errors stream into temporary files that are renamed into place at
    the end, so a killed run never leaves a half-written records file behind.
    """

    def __init__(self, directory: Path, fmt: str = "jsonl"):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.records_path = self.dir / ("records.json" if fmt == "json" else "records.jsonl")
        self._rec = tempfile.NamedTemporaryFile("wb", dir=self.dir, prefix=".records.", suffix=".tmp", delete=False)
        self._err = tempfile.NamedTemporaryFile("wb", dir=self.dir, prefix=".errors.", suffix=".tmp", delete=False)
        self._first = True
        if fmt == "json":
            self._rec.write(b"[\n")

    def record(self, record: ArticleRecord) -> None:
        if self.fmt == "json":
            sep = b"" if self._first else b",\n"
            self._rec.write(sep + orjson.dumps(record_dict(record), option=orjson.OPT_INDENT_2))
        else:
            self._rec.write(dumps(record))
        self._first = False

    def error(self, error: ErrorRecord) -> None:
        self._err.write(dumps(error))

    def _commit(self, fh, path: Path) -> None:
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        os.replace(fh.name, path)

    def close(self, manifest: dict) -> None:
        if self.fmt == "json":
            self._rec.write(b"\n]\n")
        self._commit(self._rec, self.records_path)
        self._commit(self._err, self.dir / "errors.jsonl")
        atomic_write(self.dir / "manifest.json", orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")

    def abort(self) -> None:
        for fh in (self._rec, self._err):
            fh.close()
            try:
                os.unlink(fh.name)
            except FileNotFoundError:
                pass
