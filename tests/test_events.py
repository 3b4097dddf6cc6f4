"""Cooperation events (events.py): triggers, parties, dates, one event per happening.

The sentences are written in the style of the sample and dev articles; entities are
given by hand so that the tests check the event rules, not the statistical model."""
from __future__ import annotations

from clusterx.dates import find_dates
from clusterx.entities import EntityDraft, Mention
from clusterx.events import find_events
from clusterx.nlp import SpacyBackend


def drafts_for(text: str, clusters: list[str], orgs: list[str]) -> dict[str, list[EntityDraft]]:
    out: dict[str, list[EntityDraft]] = {"clusters": [], "organisations": [], "people": [], "locations": []}
    for kind, names, prefix in (("clusters", clusters, "c"), ("organisations", orgs, "o")):
        for n, name in enumerate(names, 1):
            d = EntityDraft(kind, name, id=f"{prefix}{n}")
            start = text.find(name)
            while start != -1:
                d.mentions.append(Mention(kind, name, start, start + len(name)))
                start = text.find(name, start + 1)
            assert d.mentions, name
            out[kind].append(d)
    return out


def events(text: str, lang: str, clusters: list[str], orgs: list[str], backend=None):
    """Events over a blank pipeline (no parse), or over `backend`'s analysis."""
    analysis = (backend or SpacyBackend.blank(lang)).analyse([text])[0]
    found = find_events(analysis, lang, drafts_for(text, clusters, orgs), find_dates(text, lang))
    return [(e.type, e.participants, e.date) for e in found]


def test_agreement_between_two_named_parties_with_its_date():
    text = ("Wydarzenie odbyło się w Rzeszowie. 12 marca 2024 r. Klaster Lotniczy podpisał porozumienie "
            "o współpracy z Politechniką Rzeszowską.")
    assert events(text, "pl", ["Klaster Lotniczy"], ["Politechniką Rzeszowską"]) == [
        ("agreement", ["c1", "o1"], "2024-03-12")]


def test_one_named_party_is_not_an_event():
    """`signed an agreement` with only one party named says nothing about who cooperates."""
    text = "Кластер подписал соглашение. В мероприятии приняло участие ООО «Ромашка»."
    assert events(text, "ru", [], ["ООО «Ромашка»"]) == []


def test_membership_sentence_referring_back_to_the_cluster():
    text = ("The Lithuanian Plastics Cluster met in Vilnius. "
            "Since May, Baltic Polymers has become a full member of the Cluster.")
    found = events(text, "en", ["Lithuanian Plastics Cluster"], ["Baltic Polymers"])
    assert ("membership", ["o1", "c1"], None) in found


def test_one_signing_told_twice_is_one_event_with_the_date():
    text = ("Birželio 5 d. Lietuvos plastikų klasteris pasirašė bendradarbiavimo sutartį su Kauno technologijos "
            "universitetu. Lietuvos plastikų klasteris pasirašė sutartį su Kauno technologijos universitetu.")
    assert events(text, "lt", ["Lietuvos plastikų klasteris"], ["Kauno technologijos universitetu"]) == [
        ("agreement", ["c1", "o1"], "--06-05")]


def test_on_the_basis_of_is_no_founding():
    text = "На основании требования Генпрокуратуры Роскомнадзор ограничил доступ, сообщил Facebook."
    assert events(text, "ru", [], ["Генпрокуратуры", "Роскомнадзор", "Facebook"]) == []


def parsed_events(text: str, lang: str, clusters: list[str], orgs: list[str]):
    """Events over the shipped pipeline's parse (the founding rules read dependencies)."""
    from clusterx.nlp import Registry

    return events(text, lang, clusters, orgs, Registry().get(lang))


def test_a_cluster_formed_is_a_founding_with_one_party():
    text = "Камский инновационный кластер сформирован в июне 2012 года."
    assert parsed_events(text, "ru", ["Камский инновационный кластер"], []) == [("founding", ["c1"], "2012-06")]


def test_creating_something_else_near_a_name_is_no_founding():
    """`sukurti sąlygas` (create conditions) in a sentence that names an organisation
    elsewhere: the name is not what is created."""
    text = ("Kauno technologijos universitetas skelbia, kad taip siekiama sukurti tinkamas sąlygas teikti "
            "kokybiškų tyrimų paslaugas verslo įmonėms.")
    assert parsed_events(text, "lt", [], ["Kauno technologijos universitetas"]) == []


def test_a_founding_sentence_naming_nobody_is_not_the_main_clusters_founding():
    text = ("Klaster Lotniczy działa od lat. Działalność forum może zostać wzmocniona dzięki utworzeniu "
            "Fundacji, która będzie mieć wpływ na rozwój regionu.")
    assert [e for e in parsed_events(text, "pl", ["Klaster Lotniczy"], []) if e[0] == "founding"] == []


def test_a_headline_run_into_the_lead_is_not_part_of_the_event():
    """The parse joins a headline without a full stop to the lead's first sentence; the
    headline's parties must not join the lead's event, nor its words the evidence."""
    title = "Universitetas pasirašė sutartį su Kauno technologijos universitetu"
    text = title + ("\n\nBirželio 4 d. UAB „Alfa“ ir Vilniaus universitetas pasirašė bendradarbiavimo "
                    "sutartį.")
    drafts = drafts_for(text, [], ["Kauno technologijos universitetu", "UAB „Alfa“", "Vilniaus universitetas"])
    analysis = SpacyBackend.blank("lt").analyse([text])[0]
    found = find_events(analysis, "lt", drafts, find_dates(text, "lt"), body_start=len(title))
    assert [(e.type, e.participants, e.date) for e in found] == [("agreement", ["o2", "o3"], "--06-04")]
    assert text[found[0].start:found[0].end].startswith("Birželio 4 d.")


def test_this_agreement_told_again_is_the_same_signing():
    text = ("Vasario 19 d. Kauno technologijos universitetas ir Lietuvos sveikatos mokslų universitetas "
            "pasirašė sutartį. Šią sutartį kartu su Kauno technologijos universitetas pasirašė ir "
            "Lietuvos energetikos institutas.")
    orgs = ["Kauno technologijos universitetas", "Lietuvos sveikatos mokslų universitetas",
            "Lietuvos energetikos institutas"]
    assert events(text, "lt", [], orgs) == [("agreement", ["o1", "o2", "o3"], "--02-19")]
    text = ("Губернатор сообщил, что АО «Альфа» и ООО «Бета» подписали соглашение. Как уточняет "
            "ТАСС, соответствующее соглашение подписали также АО «Альфа» и ООО «Гамма».")
    assert events(text, "ru", [], ["АО «Альфа»", "ООО «Бета»", "ООО «Гамма»", "ТАСС"]) == [
        ("agreement", ["o1", "o2", "o4", "o3"], None)]


def test_two_signings_without_a_word_referring_back_stay_two():
    text = ("Kovo 3 d. Kauno technologijos universitetas ir Lietuvos sveikatos mokslų universitetas pasirašė "
            "sutartį. Gegužės 5 d. Lietuvos energetikos institutas ir Vilniaus universitetas pasirašė sutartį.")
    orgs = ["Kauno technologijos universitetas", "Lietuvos sveikatos mokslų universitetas",
            "Lietuvos energetikos institutas", "Vilniaus universitetas"]
    assert events(text, "lt", [], orgs) == [("agreement", ["o1", "o2"], "--03-03"),
                                            ("agreement", ["o3", "o4"], "--05-05")]


def test_taking_part_in_the_meeting_is_the_same_meeting():
    text = ("W dniu 2 czerwca 2016 r. w siedzibie Klastra Lotniczego odbyło się spotkanie z Politechniką "
            "Rzeszowską. W spotkaniu uczestniczyli także przedstawiciele Urzędu Marszałkowskiego i "
            "Agencji Rozwoju Regionalnego.")
    orgs = ["Politechniką Rzeszowską", "Urzędu Marszałkowskiego", "Agencji Rozwoju Regionalnego"]
    assert events(text, "pl", ["Klastra Lotniczego"], orgs) == [("meeting", ["c1", "o1", "o2", "o3"], "2016-06-02")]


def test_a_meeting_attended_far_later_is_another_meeting():
    """Attendance joins the meeting told at most two sentences before; further on, the
    article is telling of another one."""
    text = ("W dniu 2 czerwca 2016 r. w siedzibie Klastra Lotniczego odbyło się spotkanie z Politechniką "
            "Rzeszowską. Klaster rozwija się. Ma wielu członków. Planuje nowe działania. W spotkaniu "
            "uczestniczyli przedstawiciele Urzędu Marszałkowskiego i Agencji Rozwoju Regionalnego.")
    orgs = ["Politechniką Rzeszowską", "Urzędu Marszałkowskiego", "Agencji Rozwoju Regionalnego"]
    assert events(text, "pl", ["Klastra Lotniczego"], orgs) == [("meeting", ["c1", "o1"], "2016-06-02"),
                                                                ("meeting", ["o2", "o3"], None)]


def test_joint_projects_without_a_project_name_are_cooperation():
    text = "Klaster Lotniczy i Politechnika Rzeszowska zapowiedziały realizację wspólnych projektów."
    assert parsed_events(text, "pl", ["Klaster Lotniczy"], ["Politechnika Rzeszowska"]) == [
        ("cooperation", ["c1", "o1"], None)]
    text = "Klaster Lotniczy i Politechnika Rzeszowska realizują wspólny projekt „Zielone Niebo”."
    assert parsed_events(text, "pl", ["Klaster Lotniczy"], ["Politechnika Rzeszowska"]) == [
        ("joint_project", ["c1", "o1"], None)]


def test_cooperation_an_agreement_provides_for_is_the_agreement():
    text = ("The Lithuanian Plastics Cluster and Baltic Polymers signed an agreement on 5 May 2023. "
            "Cooperation between the Lithuanian Plastics Cluster and Baltic Polymers will cover research.")
    assert events(text, "en", ["Lithuanian Plastics Cluster"], ["Baltic Polymers"]) == [
        ("agreement", ["c1", "o1"], "2023-05-05")]


def test_sentences_needing_a_parse_are_those_with_a_whole_trigger():
    """parse_needed's quick word test must not hide a trigger: prefixes (`porozumieni*`),
    exact words and two-word patterns in order (`list* intencyjn*`), and nothing else."""
    from clusterx.events import parse_needed

    needed = parse_needed("pl")

    def lows(text: str) -> list[str]:
        return text.lower().replace(".", " .").split()

    assert needed(lows("Wczoraj podpisano porozumienie o współpracy."))
    assert needed(lows("Strony podpisały list intencyjny w Płocku."))
    assert not needed(lows("Intencyjny list nie został jeszcze przygotowany."))  # the words, not in order
    assert not needed(lows("Ten list dotarł wczoraj."))  # one word of the pattern only
    assert not needed(lows("Pogoda w Płocku była piękna."))
