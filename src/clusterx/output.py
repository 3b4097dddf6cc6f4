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
        self.buffer: list[bytes] = []

    def record_line(self, line: bytes) -> None:
        if self.fmt == "json":
            self.buffer.append(line)
        else:
            self.out.write(line)
            self.out.flush()

    def error_line(self, line: bytes) -> None:
        self.err.write(line)
        self.err.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write(orjson.dumps([orjson.loads(x) for x in self.buffer], option=orjson.OPT_INDENT_2) + b"\n")
            self.out.flush()
