"""Find inputs, read and decode them, and turn each into one or more articles.

Every failure becomes an `InputError` with a stable code; nothing here raises past
`read_source`. Offsets produced later refer to `Article.text`, which is the decoded
text exactly as read (plain text), the extracted text (HTML: headline, blank line,
body) or the `text` field (JSON).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Legacy code pages real articles in our languages arrive in, tried in this order of trust.
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp1257", "iso8859_13", "iso8859_2", "cp1250", "cp1252"]
BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an OLE document (DOC/XLS)",
    b"\x7fELF": "an executable", b"7z\xbc\xaf": "a 7z archive", b"RIFF": "a RIFF media file",
}


@dataclass
class Article:
    """One text to analyse, with what the input said about it."""

    id: str
    source: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Source:
    """An input as named on the command line or found in a folder ('-' is stdin)."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == "-"


def discover(paths: list[str]) -> Iterator[Source]:
    """Yield inputs in a stable order: files as given, folders recursively and sorted.

    Every regular file in a folder is an input (hidden ones excepted): a stray image is
    reported as an error rather than silently ignored.
    """
    for p in paths:
        if p == "-":
            yield Source("-")
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Source(os.path.join(root, name))
        else:
            yield Source(p)


def read_bytes(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    if source.is_stdin:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source.path)
        if not path.exists():
            raise InputError("not_found", f"no such file: {source.path}")
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError("too_large", f"{size:,} bytes, more than the limit of {max_bytes:,}")
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except PermissionError as exc:
            raise InputError("unreadable", f"permission denied: {exc.filename}") from exc
        except IsADirectoryError as exc:
            raise InputError("unreadable", "is a directory") from exc
        except OSError as exc:
            raise InputError("unreadable", f"cannot read: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise InputError("too_large", f"more than the limit of {max_bytes:,} bytes")
    return data


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8/16/32 by BOM or validity, else a legacy code page.

    A legacy guess is accepted only when charset-normalizer finds it coherent;
    otherwise the input is undecodable: never mojibake.
    """
    if not data.strip():
        raise InputError("empty", "the input holds no text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                     (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError("undecodable", f"starts with a {enc} byte-order mark but is not valid {enc}") from exc
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError("not_text", f"the input is {what}, not text")
    if b"\x00" in data[:8192]:
        raise InputError("not_text", "the input contains NUL bytes: binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8"), "utf-8 (truncated: an incomplete last character dropped)"
    return _decode_legacy(data, utf8_error)


#: Punctuation and spaces that legacy code pages carry besides letters.
_WORD = re.compile(r"[^\W\d_]{2,}")
_NEUTRAL = set("„“”«»–—…’‘‚\u00a0°§©®№€")


def _mixed_case(word: str) -> bool:
    """`kLASTERIS`-like words: a tell-tale of text read in the wrong Cyrillic code page."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Pick the legacy code page under which the non-ASCII characters read as one language.

    Mojibake turns letters into symbols or into letters of another alphabet
    (cp1250 read as cp1257), so the best decoding is the one whose non-ASCII
    characters all belong to one language's alphabet (lang/<code>/alphabet.txt).
    """
    from .langid import alphabets, detect

    alphabets = alphabets()
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(LEGACY_ENCODINGS):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\n\r\f" or 0x80 <= ord(c) < 0xA0 for c in text):
            continue
        high = [c for c in text if ord(c) > 127 and c not in _NEUTRAL]
        if not high:
            continue
        guess = detect(text)
        alphabet = alphabets.get(guess.code) or frozenset().union(*alphabets.values())
        words = _WORD.findall(text)
        mixed = sum(1 for w in words if _mixed_case(w)) / max(1, len(words))
        score = guess.confidence * sum(c in alphabet for c in high) / len(high) * (1 - mixed)
        if best is None or score > best[0]:
            best = (score, rank, enc, text)
    if best is None or best[0] < 0.5:
        raise InputError(
            "undecodable",
            f"not valid UTF-8 (byte {utf8_error.start}) and no supported legacy code page reads as text "
            f"({', '.join(LEGACY_ENCODINGS)})",
        )
    return best[3], best[2]


def _text_title(text: str) -> str | None:
    """The first non-empty line, when it looks like a headline (short, no final full stop)."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if len(line) <= 300 and not line.endswith((".", ":", ";", ",")):
            return line
        return None
    return None


def _article_id(source: str, explicit: object | None, text: str, from_file: bool) -> str:
    if explicit not in (None, ""):
        return str(explicit)
    if from_file:
        return Path(source).stem
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _from_html(source: str, html: str, from_file: bool) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    body = (doc or {}).get("text") or ""
    if not body.strip():
        raise InputError("empty", "no article text found in the HTML page")
    title = (doc or {}).get("title") or None
    text = f"{title}\n\n{body}" if title else body
    published = (doc or {}).get("date") or None
    return Article(id=_article_id(source, None, text, from_file), source=source, text=text,
                   title=title, published=published, url=(doc or {}).get("url") or None)


def _from_object(source: str, obj: object, from_file: bool) -> Article:
    if not isinstance(obj, dict):
        raise InputError("bad_json", "expected a JSON object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("bad_json", "the JSON object has no string 'text' field")
    if not text.strip():
        raise InputError("empty", "the 'text' field is empty")
    title = obj.get("title") if isinstance(obj.get("title"), str) else _text_title(text)
    return Article(id=_article_id(source, obj.get("id"), text, from_file), source=source, text=text,
                   title=title, published=obj.get("published") or None, url=obj.get("url") or None)


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | tuple[str, InputError]]:
    """Yield the articles of one input, or (source label, error) for what failed.

    A JSON Lines input can yield both: its good lines as articles, each broken line as
    an error labelled `path:line`.
    """
    label = source.path
    try:
        data = read_bytes(source, max_bytes)
        text, encoding = decode(data)
    except InputError as exc:
        yield label, exc
        return
    notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"decoded from {encoding}"]
    suffix = "" if source.is_stdin else Path(source.path).suffix.lower()
    from_file = not source.is_stdin
    if suffix == ".jsonl" or (source.is_stdin and _looks_like_jsonl(text)):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                art = _from_object(label, json.loads(line), from_file=False)
            except ValueError as exc:
                yield f"{label}:{n}", InputError("bad_json", f"line {n} is not valid JSON: {exc}")
                continue
            except InputError as exc:
                yield f"{label}:{n}", InputError(exc.code, f"line {n}: {exc.message}")
                continue
            art.warnings.extend(notes)
            yield art
        return
    try:
        if suffix == ".json":
            try:
                obj = json.loads(text)
            except ValueError as exc:
                raise InputError("bad_json", f"not valid JSON: {exc}") from exc
            objs = obj if isinstance(obj, list) else [obj]
            for item in objs:
                art = _from_object(label, item, from_file=len(objs) == 1)
                art.warnings.extend(notes)
                yield art
            return
        looks_html = text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
        if suffix in HTML_SUFFIXES or (source.is_stdin and looks_html):
            art = _from_html(label, text, from_file)
        else:
            if not text.strip():
                raise InputError("empty", "the input holds only white space")
            art = Article(id=_article_id(label, None, text, from_file), source=label, text=text,
                          title=_text_title(text))
    except InputError as exc:
        yield label, exc
        return
    art.warnings.extend(notes)
    yield art
