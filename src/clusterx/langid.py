"""Language identification: langdetect with a fixed seed, so runs are deterministic.

Chosen by measurement (bench/langid_compare.py, README): on the 25 sample and dev
articles langdetect (seed 0) and lingua (26 European languages) were both 25/25 on
whole articles and 149/150 vs 150/150 on 10-word snippets, but lingua took 4.9 s to
build and 744 MB of memory against 0.5 s and 63 MB.

An article's first 1,000 characters decide: langdetect's time grows with the text (its
n-gram extraction is Python), and 1,000 characters were as right as 2,000 on the 518
corpus documents of the bench and the 25 gold articles (all correct, and at 600 too),
in two thirds of the time (3.5 s against 5.3 s for the 518).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

UNDETERMINED = "und"
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.60
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
#: langdetect's codes that are not plain ISO 639-1.
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float


@lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


def detect(text: str, sample_chars: int = 1000) -> LanguageGuess:
    """Code and confidence of `text`'s language, or 'und' when short or unsure."""
    sample = text[:sample_chars]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return LanguageGuess(UNDETERMINED, 0.0)
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return LanguageGuess(UNDETERMINED, 0.0)
    code = _CODE_MAP.get(best.lang, best.lang)
    confidence = round(float(best.prob), 3)
    if confidence < MIN_CONFIDENCE:
        return LanguageGuess(UNDETERMINED, confidence)
    return LanguageGuess(code, confidence)
