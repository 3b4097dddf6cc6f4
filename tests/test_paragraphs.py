"""A blank line ends a sentence, and what follows from it: names written again are mentions,
a name opening a text is checked against its other forms, places sharing a head are apart."""
from __future__ import annotations

import json
from functools import cache

import pytest

from clusterx.ingest import Article
from conftest import SAMPLES


@cache
def extractor():
    from clusterx.pipeline import Extractor

    return Extractor()


def record(text: str) -> dict:
    return json.loads(extractor().process(Article(source="t", id="t", text=text)).model_dump_json())


def names(rec: dict, kind: str) -> list[str]:
    return [e["name"] for e in rec[kind]]


def test_a_blank_line_ends_a_sentence_after_a_headline_without_a_full_stop():
    from clusterx.nlp import Registry

    nlp = Registry({}).get("en").nlp
    doc = nlp("Submitted by Anonymous (not verified) on 08 December 2013\n\n"
              "Eurochile to strengthen cooperation with Europe through clusters\n\n"
              "Mr. Jean-Noël Durvy signed a Memorandum of Understanding. It was signed in Brussels.")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "Submitted by Anonymous (not verified) on 08 December 2013",
        "Eurochile to strengthen cooperation with Europe through clusters",
        "Mr. Jean-Noël Durvy signed a Memorandum of Understanding.", "It was signed in Brussels."]
    assert "clusterx_paragraphs" in nlp.pipe_names


def test_no_event_evidence_runs_over_a_blank_line(sample_records):
    evidence = [e["evidence"]["text"] for r in sample_records for e in r["events"]]
    assert evidence and not [t for t in evidence if "\n\n" in t.strip()]


def test_a_name_written_again_where_the_model_found_nothing_is_a_mention():
    """The partner of the signing, named in the headline, is the model's only `Eurochile`
    (dev article d18)."""
    text = ("Submitted by Anonymous (not verified) on 08 December 2013\n\n"
            "Eurochile to strengthen cooperation with Europe through clusters\n\n"
            "Mr. Jean-Noël Durvy signed a Memorandum of Understanding on behalf of the European Cluster "
            "Collaboration Platform (ECCP) with Eurochile in order to strengthen cooperation in promoting "
            "business and technological research.")
    rec = record(text)
    euro = next(e for e in rec["organisations"] + rec["clusters"] if e["name"] == "Eurochile")
    assert [m["start"] for m in euro["mentions"]] == [text.index("Eurochile"), text.rindex("Eurochile")]
    by_id = {e["id"]: e["name"] for e in rec["organisations"] + rec["clusters"]}
    agreements = [{by_id[p] for p in e["participants"]} for e in rec["events"] if e["type"] == "agreement"]
    assert {"Eurochile", "European Cluster Collaboration Platform"} in agreements


def test_a_repeated_name_is_whole_words_of_the_same_form_clear_of_other_mentions():
    from clusterx.entities import EntityDraft, Mention
    from clusterx.merge import _repeat_mentions

    text = "Pfizer i BioNTech. Szef Pfizera mówi o Pfizer/BioNTech i o Pfizer Polska."
    pfizer = EntityDraft("organisations", "Pfizer", [Mention("organisations", "Pfizer", 0, 6)])
    polska = EntityDraft("organisations", "Pfizer Polska", [Mention("organisations", "Pfizer Polska", 60, 73)])
    out = {"clusters": [], "organisations": [pfizer, polska], "people": [], "locations": []}
    _repeat_mentions(out, text)
    assert [(m.start, m.text) for m in pfizer.mentions] == [(0, "Pfizer"), (39, "Pfizer")]  # not Pfizera
    assert len(polska.mentions) == 1


def test_a_name_opening_a_text_counts_when_the_text_names_it_again_in_another_form():
    """Ukrainian (through the Russian pipeline): a capitalised adjective opening a sentence
    may be any word, but this one begins the university's name written again below."""
    text = ("Підписано Меморандум про співпрацю між ТНТУ та Громадською організацією «Маріупольський "
            "продовольчий кластер»\n\nТернопільський національний технічний університет імені Івана Пулюя "
            "та Громадська організація «Маріупольський продовольчий кластер» провели підписання Меморандуму "
            "про співпрацю 28 червня 2022 року.\n\nВід Тернопільського національного технічного університету "
            "імені Івана Пулюя Меморандум підписав в.о. ректора Микола Митник.")
    rec = record(text)
    assert "Тернопільський національний технічний університет імені Івана Пулюя" in names(rec, "organisations")
    assert names(rec, "people") == ["Микола Митник"]


@pytest.mark.parametrize("text,expected,not_expected", [
    # two places before one head: the Polish and the Lithuanian chambers (dev article d04)
    ("Lenkijos ir Lietuvos žemės ūkio rūmų bendradarbiavimas\n\nBirželio 6 d. Seinuose įvyko Lietuvos žemės "
     "ūkio rūmų ir Lenkijos Podliaskos žemės ūkio rūmų susitikimas.", "Lietuvos žemės ūkio rūmai",
     "Lenkijos ir Lietuvos žemės ūkio rūmai"),
    # a place the model found opens the name at a paragraph's start (ALKSNIS news)
    ("Pasiūlymas .\n\nKauno savivaldybės administracija siūlo efektyviau panaudoti patalpas , kurios skirtos "
     "bendrijai „ Viltis “ .", "Kauno savivaldybė", None),
])
def test_lithuanian_institutions_at_a_sentence_start(text, expected, not_expected):
    orgs = names(record(text), "organisations")
    assert expected in orgs and not_expected not in orgs, orgs


def test_a_capitalised_common_noun_opening_a_paragraph_is_no_name():
    """`Akciją` (a campaign) opened a paragraph and was kept as a place while paragraphs
    were no sentence ends (ALKSNIS news)."""
    rec = record("Po akcijos jos organizatoriai sakė surinkę per 2300 litų .\n\nAkciją “ Paremkime griūvančias "
                 "bažnyčias ” inicijavusi gidė Danutė Čornij sakė , kad šios lėšos bus skirtos Šv . Luko koplyčios "
                 "atnaujinimo projektui rengti .")
    assert "Akcija" not in names(rec, "locations") + names(rec, "organisations")
    assert "Danutė Čornij" in names(rec, "people")


def test_samples_have_no_mention_outside_their_text():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rec = record(text)
        for kind in ("clusters", "organisations", "people", "locations"):
            for e in rec[kind]:
                for m in e["mentions"]:
                    assert text[m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize("text,place_text,absent", [
    # a Polish town of two hyphen-joined words is one token: the dictionary reads its first word
    ("Spotkanie odbyło się w Bielsku-Białej, a potem w Kędzierzynie-Koźlu.", "Kędzierzynie-Koźlu", None),
    # other hyphen-joined tokens the model tags make no name (sample 004)
    ("Podczas spotkania, Pełnomocnik ds. Przedsięwzięć Innowacyjnych i Badawczo-Rozwojowych, Cezary Supeł "
     "przedstawił strategię.", None, "Badawczo-Rozwojowych"),
])
def test_a_hyphen_joined_place_is_a_name_when_the_dictionary_knows_it(text, place_text, absent):
    rec = record(text)
    mentions = [m["text"] for e in rec["locations"] for m in e["mentions"]]
    if place_text:
        assert place_text in mentions and "Bielsku-Białej" in mentions
    if absent:
        assert absent not in mentions + names(rec, "organisations")
