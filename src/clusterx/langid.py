"""Language identification: langdetect with a fixed seed, so runs are deterministic.

Chosen by measurement (bench/langid_compare.py, README): on the 25 sample and dev
articles langdetect (seed 0) and lingua (26 European languages) were both 25/25 on
whole articles and 149/150 vs 150/150 on 10-word snippets, but lingua took 4.9 s to
build and 744 MB of memory against 0.5 s and 63 MB.

An article's first 1,000 characters decide: langdetect's time grows with the text (its
n-gram extraction is Python), and 1,000 characters were as right as 2,000 on the 518
corpus documents of the bench and the 25 gold articles (all correct, and at 600 too),
in two thirds of the time (3.5 s against 5.3 s for the 518).

langdetect's profiles load into a table filled on demand (`_NgramProbabilities`), not
langdetect's own eager one: 0.2 s instead of 0.38 s before the first guess, same guesses.
"""
from __future__ import annotations

import re
from collections import Counter
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


class _NgramProbabilities(dict):
    """langdetect's n-gram -> per-language probability map, filled on demand.

    langdetect's own factory builds this map for every n-gram of its 55 profiles before
    the first guess (0.38 s, the largest part of language id in a one-article run); an
    article looks up a few thousand. A row is computed as langdetect's `add_profile` does
    (count / n-grams of that length in the profile), so the guesses are the same.
    """

    def __init__(self, profiles: list[dict]):
        freqs = [profile["freq"] for profile in profiles]
        super().__init__(dict.fromkeys(frozenset().union(*freqs)))  # `in` stays a plain dict test
        self._freqs = freqs
        #: per n-gram length, each profile's number of n-grams of that length
        self._totals = [[profile["n_words"][n] for profile in profiles] for n in range(3)]

    def __getitem__(self, ngram: str) -> list[float]:
        row = dict.__getitem__(self, ngram)
        if row is None:
            if 1 <= len(ngram) <= 3:
                totals = self._totals[len(ngram) - 1]
                row = [freq.get(ngram, 0) / total for freq, total in zip(self._freqs, totals, strict=True)]
            else:
                row = [0.0] * len(self._freqs)
            self[ngram] = row
        return row


@lru_cache(maxsize=1)
def _factory():
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    profiles = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):  # sorted: ties break the same everywhere
        path = os.path.join(PROFILES_DIRECTORY, name)
        if not name.startswith(".") and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                profiles.append(json.load(f))
    factory = DetectorFactory()
    factory.langlist = [profile["name"] for profile in profiles]
    factory.word_lang_prob_map = _NgramProbabilities(profiles)
    factory.seed = 0
    return factory


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


@lru_cache(maxsize=1)
def alphabets() -> dict[str, frozenset[str]]:
    """Each language's letters beyond ASCII (lang/<code>/alphabet.txt)."""
    from .lang import languages_with, load_list

    return {lang: frozenset("".join(load_list(lang, "alphabet"))) for lang in languages_with("alphabet")}


def letters_guess(text: str) -> str:
    """The language whose alphabet holds most of `text`'s letters beyond ASCII ('' when none
    does: English, or no such letters). It costs next to nothing and is only a hint that
    keeps the inputs of one language together for the workers (batch.py); `detect` decides
    an article's language."""
    counts = Counter(c for c in text if c > "\x7f" and c.isalpha())
    best, score = "", 0
    for lang, letters in sorted(alphabets().items()):
        n = sum(k for c, k in counts.items() if c in letters)
        if n > score:
            best, score = lang, n
    return best
