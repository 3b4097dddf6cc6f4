"""The record contract (shared/spec/records.md, version 1) as pydantic models.

These models are the only definition of the JSON that clusterx writes; `clusterx
schema` prints their JSON Schema. Extra fields beyond the contract are optional and
documented here.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

EventType = Literal["agreement", "membership", "founding", "joint_project", "meeting", "cooperation"]
Precision = Literal["day", "month", "year"]
ErrorCode = Literal[
    "not_found", "unreadable", "not_text", "empty", "undecodable", "too_large", "bad_json", "internal"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Model):
    """One occurrence of an entity: `text == article[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Model):
    id: str = Field(description="unique within the record: c… clusters, o… organisations, p… people, l… locations")
    name: str = Field(description="normalised base-form name")
    mentions: list[Mention]
    aliases: list[str] = Field(default_factory=list, description="other names in the text: acronyms, short forms")
    legal_form: str | None = Field(default=None, description="legal form as written (UAB, sp. z o.o., ООО)")
    acronym: str | None = Field(default=None, description="acronym the text defines for it")


class Person(Entity):
    role: str | None = Field(default=None, description="the position the text states, in the text's language")


class DateMention(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str = Field(description="ISO 8601: 2021-09-07, 2021-09, 2021, --09-07, or start/end for a range")
    precision: Precision


class Evidence(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Event(_Model):
    id: str
    type: EventType
    participants: list[str] = Field(min_length=1, description="ids of clusters/organisations in this record")
    date: str | None = None
    trigger: str
    evidence: Evidence
    confidence: float = Field(ge=0, le=1)


class ArticleRecord(_Model):
    """One article's extraction result: one JSON object per line of records.jsonl."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str
    source: str
    sha256: str
    language: str = Field(description="ISO 639-1 code, or 'und'")
    language_confidence: float = Field(ge=0, le=1)
    title: str | None = None
    published: str | None = None
    clusters: list[Entity] = Field(default_factory=list)
    organisations: list[Entity] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    locations: list[Entity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    url: str | None = Field(default=None, description="extra: the article's URL when the input gives one")
    text: str | None = Field(default=None, description="extra: the article text the offsets refer to (--include-text)")


class ErrorRecord(_Model):
    """An input that produced no article record, written to errors.jsonl (or stderr)."""

    source: str
    error: ErrorCode
    message: str
