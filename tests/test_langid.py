"""Language identification: right on the samples, deterministic, 'und' when unsure."""
from __future__ import annotations

from clusterx import langid
from conftest import SAMPLE_LANGS, SAMPLES


def test_samples():
    for name, lang in SAMPLE_LANGS.items():
        guess = langid.detect((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"))
        assert guess.code == lang and guess.confidence > 0.9


def test_ten_word_snippets_are_deterministic():
    text = (SAMPLES / "001_0ecdfc31abad0584.txt").read_text(encoding="utf-8").split()
    snippets = [" ".join(text[i:i + 10]) for i in range(0, 200, 10)]
    first = [langid.detect(s) for s in snippets]
    assert all([langid.detect(s) for s in snippets] == first for _ in range(3))
    assert sum(g.code == "lt" for g in first) >= 18


def test_undetermined_when_too_short_or_no_letters():
    assert langid.detect("ok").code == "und"
    assert langid.detect("12345 67890 — 2020-01-01").code == "und"
