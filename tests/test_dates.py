"""Dates: a table of real phrases per language -> ISO value; no dates inside names."""
from __future__ import annotations

import pytest

from clusterx.dates import find_dateline, find_dates

CASES = [
    ("ru", "ПК «Вторалюминпродукт» 7 сентября 2021 г. подписал соглашение", None, [("7 сентября 2021 г.", "2021-09-07")]),
    ("ru", "9 мая 2017 года в Казани", None, [("9 мая 2017 года", "2017-05-09")]),
    ("ru", "С 17 по 23 июня прошла выставка «Ле-Бурже».", 2013, [("С 17 по 23 июня", "2013-06-17/2013-06-23")]),
    ("ru", "кластер сформирован в июне 2012 года.", None, [("июне 2012 года", "2012-06")]),
    ("ru", "технопарк появится к 2026 году", None, [("2026 году", "2026")]),
    ("ru", "ЧЕЛНИНСКИЕ ИЗВЕСТИЯ 19/07: ПЯТЬ КОМПАНИЙ", None, [("19/07", "--07-19")]),
    ("ru", "встреча состоится 11 июля", None, [("11 июля", "--07-11")]),
    ("uk", "підписання Меморандуму 28 червня 2022 року.", None, [("28 червня 2022 року", "2022-06-28")]),
    ("lt", "Balstogėje 2020 metų kovo 11-13 dienomis vykęs renginys", None,
     [("2020 metų kovo 11-13 dienomis", "2020-03-11/2020-03-13")]),
    ("lt", "2020 m. balandžio 27 d. kartu suformavo klasterį", None, [("2020 m. balandžio 27 d.", "2020-04-27")]),
    ("lt", "Šių metų balandžio 7 d. įkurtas klasteris", None, [("Šių metų balandžio 7 d.", "--04-07")]),
    ("lt", "Birželio 4 d. VDU pasirašė sutartį", 2016, [("Birželio 4 d.", "2016-06-04")]),
    ("pl", "W dniu 18 grudnia 2014 r. odbyła się wizyta", None, [("18 grudnia 2014 r.", "2014-12-18")]),
    ("pl", "Konferencja 12-14 października 2019 r. w Lublinie", None,
     [("12-14 października 2019 r.", "2019-10-12/2019-10-14")]),
    ("pl", "wizyta studyjna między 19 a 23 marca", 2012, [("między 19 a 23 marca", "2012-03-19/2012-03-23")]),
    ("pl", "W dniu 2 Czerwca 2016 r. w Laboratorium", None, [("2 Czerwca 2016 r.", "2016-06-02")]),
    ("pl", "19-12-2014, 19.12.2014 i 2014-12-19", None,
     [("19-12-2014", "2014-12-19"), ("19.12.2014", "2014-12-19"), ("2014-12-19", "2014-12-19")]),
    ("pl", "w 2019 r. klaster liczył 50 firm", None, [("2019 r.", "2019")]),
    ("cs", "Valná hromada přijala 28. února 2019 nového člena", None, [("28. února 2019", "2019-02-28")]),
    ("en", "Anonymous (not verified) on 08 December 2013", None, [("08 December 2013", "2013-12-08")]),
    ("en", "signed between the EU and Chile in 2011 - the industry", None, [("2011", "2011")]),
    ("en", "The event on March 5, 2020 gathered clusters", None, [("March 5, 2020", "2020-03-05")]),
]

NOT_DATES = [
    ("pl", "w ramach RPO WM 2014-2020 oraz programu Horyzont 2020"),
    ("en", "funded by Horizon 2020 and COSME"),
    ("lt", "© LAFEZ visos teisės saugomos 2021"),
    ("pl", "Współpraca odbyła się, bo firmy mają się dobrze"),
    ("lt", "dabar kt. įmonės"),
    ("ru", "в сентябре компания выросла на 20 процентов"),
    ("pl", "Dla niedowidzącychRozmiar tekstu: AAA"),
]


@pytest.mark.parametrize("lang,text,ref,expected", CASES)
def test_dates(lang, text, ref, expected):
    found = find_dates(text, lang, ref)
    assert [(d.text, d.value) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("lang,text", NOT_DATES)
def test_not_dates(lang, text):
    assert find_dates(text, lang) == []


def test_invalid_calendar_dates_are_skipped():
    assert find_dates("31-02-2014 i 2014-13-01", "pl") == []


@pytest.mark.parametrize("lang,text,value", [
    ("lt", "Antraštė\n\n2012 m. lapkričio 2 d. 14:05\n\nKaune sutarta", "2012-11-02"),
    ("ru", "Заголовок\n14:29 21 июня 2013\nТекст", "2013-06-21"),
    ("en", "Title\nAnonymous (not verified) on 08 December 2013\nText", "2013-12-08"),
    ("pl", "Tytuł\n19-12-2014  \n\nW dniu 18 grudnia 2014 r. odbyła się wizyta.", "2014-12-19"),
])
def test_dateline(lang, text, value):
    assert find_dateline(text, lang, title_end=len(text.split("\n", 1)[0])).value == value


def test_no_dateline_in_body_or_title():
    text = "2 czerwca 2016 - Powołanie Fundacji\n\nW dniu 2 Czerwca 2016 r. w Laboratorium Automatyki podpisano akt."
    assert find_dateline(text, "pl", title_end=len(text.split("\n", 1)[0])) is None
