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


def test_the_on_demand_profiles_guess_as_langdetect_does():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    reference = DetectorFactory()
    reference.load_profile(PROFILES_DIRECTORY)
    reference.seed = 0
    ours = langid._factory()
    assert sorted(ours.langlist) == sorted(reference.langlist)
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sample in (text[:1000], text[:80], text[500:540]):
            guesses = []
            for factory in (ours, reference):
                detector = factory.create()
                detector.append(sample)
                guesses.append({g.lang: round(g.prob, 6) for g in detector.get_probabilities()})
            assert guesses[0] == guesses[1], (path.name, sample)
    order = [reference.langlist.index(lang) for lang in ours.langlist]
    looked_up = [g for g, row in dict.items(ours.word_lang_prob_map) if row is not None]
    assert len(looked_up) > 500  # the samples alone fill 882 rows
    for ngram in looked_up:
        expected = reference.word_lang_prob_map[ngram]
        assert ours.word_lang_prob_map[ngram] == [expected[i] for i in order], ngram
    assert len([v for v in dict.values(ours.word_lang_prob_map) if v is not None]) < len(ours.word_lang_prob_map) / 2
