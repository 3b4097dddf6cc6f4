"""Input errors with the stable codes of the contract, each with a one-line fix."""
from __future__ import annotations

from .records import ErrorCode, ErrorRecord

#: What each code means and what the user can do about it (README's error table).
HINTS: dict[str, str] = {
    "not_found": "the path does not exist; check the spelling",
    "unreadable": "the file could not be read (permissions?); fix access and re-run",
    "not_text": "binary content (an image, archive or office file); convert it to text or HTML first",
    "empty": "no text in the input; remove the file or fill it",
    "undecodable": "the bytes are not text in any supported encoding; save the file as UTF-8",
    "too_large": "the input is larger than --max-bytes; split it or raise the limit",
    "bad_json": "a JSON or JSON Lines input is malformed or has no 'text' field",
    "internal": "clusterx failed on this input; please report it with the file",
}


class InputError(Exception):
    """An input that cannot become an article; turned into an ErrorRecord, never a traceback."""

    def __init__(self, code: ErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def record(self, source: str) -> ErrorRecord:
        return ErrorRecord(source=source, error=self.code, message=f"{self.message} ({HINTS[self.code]})")
