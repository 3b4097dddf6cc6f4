"""Tokenisation keeps abbreviations, dates and hyphenated names whole; sentences are not cut inside them."""
from __future__ import annotations

import pytest

from clusterx.nlp import Registry, SpacyBackend

CASES = [
    ("pl", "W dniu 18 grudnia 2014 r. odbyła się wizyta w Płockim Parku Przemysłowo-Technologicznym S.A. i "
           "spółce ABC sp. z o.o. w Warszawie. Następne zdanie.", ["r.", "S.A.", "sp.", "o.o.",
                                                                 "Przemysłowo-Technologicznym"], 2),
    ("lt", "2020 m. balandžio 27 d. VšĮ „Technopolis“ pasirašė sutartį. Kitas sakinys.", ["m.", "d."], 2),
    ("ru", "7 сентября 2021 г. на ул. Ленина в Санкт-Петербурге подписали соглашение. Второе.",
     ["г.", "ул.", "Санкт-Петербурге"], 2),
    ("pl", "Umowę podpisano 19-12-2014 w Toruniu.", ["19-12-2014"], 1),
]


@pytest.mark.parametrize("lang,text,whole,n_sents", CASES)
def test_blank_pipeline_tokens_and_sentences(lang, text, whole, n_sents):
    analysis = SpacyBackend.blank(lang).analyse([text])[0]
    tokens = [t.text for t in analysis.tokens]
    for w in whole:
        assert w in tokens
    assert len(analysis.sentences) == n_sents
    for t in analysis.tokens:
        assert text[t.start:t.end] == t.text


def test_registry_loads_once_and_falls_back_without_model(tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERX_MODELS", str(tmp_path))
    reg = Registry()
    backend = reg.get("lv")
    assert reg.get("lv") is backend and not backend.has_ner
    assert reg.loaded()[0]["language"] == "lv"
