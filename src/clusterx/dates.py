"""Explicit calendar dates and ranges -> ISO 8601 value + precision.

A small grammar over per-language word lists (lang/<code>/months.tsv: every case form
of every month; lang/<code>/date_words.tsv: year and day words, range words, "this
year" phrases). It finds numeric dates (19-12-2014, 19.12.2014, 2014-12-19, 19/07),
day-month-year in any case form, Lithuanian year-first dates (2020 m. balandžio 27 d.),
ranges (12-14 października 2019 r., С 17 по 23 июня, między 19 a 23 marca), month
precision (в июне 2012 года) and bare years only when a year word or a temporal
preposition marks them (к 2026 году, in 2011). Years inside names (Horizon 2020,
RPO WM 2014-2020) and copyright lines are not dates. dateparser's search_dates was
measured and rejected (it read 'się' as August and 'kovo 11-13' as 2013-03-11).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .lang import languages_with, load_pairs

COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|visos teisės saugomos|wszelkie prawa|все права",
                       re.IGNORECASE)
TIME = r"\d{1,2}[:.]\d{2}"


@dataclass(frozen=True)
class DateMatch:
    text: str
    start: int
    end: int
    value: str
    precision: str


def _alt(words) -> str:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "") for w in words) or r"(?!x)x"


@cache
def _grammar(lang: str) -> tuple[list[tuple[str, re.Pattern]], dict[str, int]]:
    langs = sorted({lang, "en"} if lang in languages_with("months.tsv") else set(languages_with("months.tsv")))
    months = {form.casefold(): int(n) for code in langs for form, n in load_pairs(code, "months")}
    words: dict[str, set[str]] = {}
    for code in langs:
        for kind, w in load_pairs(code, "date_words"):
            words.setdefault(kind, set()).add(w)
    M = rf"(?P<mon>{_alt(months)})"
    M2 = M.replace("?P<mon>", "?P<mon2>")
    D, D2 = r"(?P<day>[0-3]?\d)\.?", r"(?P<day2>[0-3]?\d)\.?"
    Y = r"(?P<year>(?:1[89]|20)\d\d)"
    YA = rf"(?:\s*(?:{_alt(words.get('year_after', ()))}))?"
    DA = rf"(?:\s*(?:{_alt(words.get('day_after', ()))}))?"
    TY = rf"(?P<thisyear>{_alt(words.get('this_year', ()))})"
    DASH = r"\s*[-–—]\s*"
    TO = rf"(?:{DASH}|\s+(?:{_alt(words.get('range_to', ()))})\s+)"
    START = rf"(?:(?:{_alt(words.get('range_start', ()))})\s+)"
    BEFORE = rf"(?:{_alt(words.get('year_before', ()))})"
    patterns = [
        ("iso", r"(?<![\d.\-/])(?P<year>(?:1[89]|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?![\d\-])"),
        ("dmy", rf"(?<![\d.\-/])(?P<day>[0-3]?\d)(?P<sep>[.\-/])(?P<mnum>[01]?\d)(?P=sep)(?P<year>(?:1[89]|20)\d\d)(?!\d){YA}"),
        # Lithuanian and other year-first textual dates: 2020 m. balandžio 27 d., 2020 metų kovo 11-13 dienomis
        ("ymd", rf"(?<!\d){Y}{YA}\s+{M}\s+{D}(?:{TO}{D2})?(?!\d){DA}"),
        # ranges across months: 30 września - 2 października 2019 r.
        ("dmdmy", rf"(?<!\d)(?=(?:\w++\s+)?\d){START}?{D}\s+{M}{TO}{D2}\s+{M2}(?:\s+{Y}{YA})?"),
        # day (range) month (year): 18 grudnia 2014 r., 12-14 października 2019, С 17 по 23 июня
        ("dmy_text", rf"(?<![\d.])(?=(?:\w++\s+)?\d)(?:{START})?{D}(?:{TO}{D2})?\s+{M}(?:,?\s+{Y}(?!\d){YA}|\s+{TY})?(?!\w)"),
        # this year + month day: Šių metų balandžio 7 d.
        ("ty_md", rf"(?<!\w){TY}\s+{M}\s+{D}(?!\d){DA}"),
        # month day (year): December 8, 2013; Birželio 4 d.
        ("mdy", rf"(?<!\w)(?=[\w.]++\s+\d){M}\s+{D}(?:{TO}{D2})?(?!\d)(?:(?:,\s*|\s+){Y}(?!\d))?{DA}"),
        # month year: июне 2012 года, December 2013
        ("my", rf"(?<!\w)(?=[\w.]++\s+\d){M}\s+{Y}(?!\d){YA}"),
        ("ym", rf"(?<!\d){Y}\s*(?:m\.|metų|metais)\s+(?P<mon>{_alt(months)})(?!\s*\d)"),
        # a bare year, marked by a year word or a temporal preposition: 2026 году, w 2019 r., in 2011
        ("year_word", rf"(?<![\d\-–/.]){Y}(?!\d)\s*(?:{_alt(words.get('year_after', ()))})"),
        ("year_prep", rf"(?<!\w)(?:{BEFORE})\s+{Y}(?![\d\-–/])"),
        ("dm_slash", r"(?<![\d/.])(?P<day>[0-3]\d)/(?P<mnum>[01]\d)(?![\d/])"),
    ]
    return [(name, re.compile(p, re.IGNORECASE)) for name, p in patterns], months


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        dt.date(y or 2000, m, d)
    except ValueError:
        return False
    return True


def _iso(y: int | None, m: int, d: int | None) -> str:
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"


def find_dates(text: str, lang: str, reference_year: int | None = None) -> list[DateMatch]:
    """Every explicit date or range in `text`, in order, without overlaps.

    `reference_year` (from the article's dateline) resolves dates that give no year.
    """
    patterns, months = _grammar(lang)
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for name, pattern in patterns:
        for m in pattern.finditer(text):
            start, end = m.span()
            if _ends_inside_a_word(text, m) or any(s < end and start < e for s, e in taken):
                continue
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            if COPYRIGHT.search(text[line_start:line_end if line_end >= 0 else len(text)]):
                continue
            g = m.groupdict()
            value = _value(name, g, months, reference_year)
            if value is None:
                continue
            iso, precision = value
            span_start = m.start("year") if name == "year_prep" else start
            found.append(DateMatch(text[span_start:end].rstrip(" ,"), span_start,
                                   span_start + len(text[span_start:end].rstrip(" ,")), iso, precision))
            taken.append((start, end))
    return sorted(found, key=lambda d: d.start)


def _ends_inside_a_word(text: str, m: re.Match) -> bool:
    end = m.end()
    return end < len(text) and text[end - 1].isalnum() and text[end].isalnum()


def _value(name: str, g: dict, months: dict[str, int], reference_year: int | None) -> tuple[str, str] | None:
    year = int(g["year"]) if g.get("year") else None
    if g.get("thisyear") and year is None:
        year = reference_year
    if name in ("year_word", "year_prep"):
        return (f"{year:04d}", "year") if year else None
    mon = months.get(g["mon"].casefold()) if g.get("mon") else int(g["mnum"]) if g.get("mnum") else None
    if mon is None:
        return None
    if name in ("my", "ym"):
        return (_iso(year, mon, None), "month") if _valid(year, mon, None) else None
    day = int(g["day"])
    if year is None and reference_year and name not in ("dm_slash",):
        year = reference_year
    if not _valid(year, mon, day):
        return None
    first = _iso(year, mon, day)
    if g.get("day2"):
        mon2 = months.get(g["mon2"].casefold()) if g.get("mon2") else mon
        day2 = int(g["day2"])
        if not _valid(year, mon2, day2) or (mon2, day2) <= (mon, day):
            return None
        return f"{first}/{_iso(year, mon2, day2)}", "day"
    return first, "day"


def find_dateline(text: str, lang: str, title_end: int = 0) -> DateMatch | None:
    """The article's own date: a full date standing on one of the first lines after the
    headline, alone or with a time of day or a short byline (`Submitted by X on 08
    December 2013`), not inside a sentence of the body."""
    lines, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    for line_start, line in lines[1:6]:
        if line_start < title_end:
            continue
        for d in find_dates(line, lang):
            if d.precision != "day" or "/" in d.value or d.value.startswith("--"):
                continue
            rest = re.sub(TIME, " ", line[:d.start] + " " + line[d.end:])
            sentence = line.rstrip().endswith(".") and d.end < len(line.rstrip())
            if len(re.findall(r"\w+", rest)) <= 8 and not sentence:
                return DateMatch(d.text, d.start + line_start, d.end + line_start, d.value, d.precision)
    return None
