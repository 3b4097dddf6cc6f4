"""Reading and decoding inputs: encodings, formats, and bad input as error codes."""
from __future__ import annotations

import json
import re

import pytest

from clusterx.errors import InputError
from clusterx.ingest import Source, decode, discover, read_source
from conftest import SAMPLES

PLAIN = {"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "…": "...", "’": "'"}


def sample(name: str, chars: int | None = None) -> str:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    return re.sub("[„“”«»–—…’]", lambda m: PLAIN[m.group()], text)[:chars]


CASES = [(n, enc, chars) for n, encs in {
    "000_55abb3db5e90dc8f": ["cp1251", "koi8_r"],
    "001_0ecdfc31abad0584": ["cp1257", "iso8859_13"],
    "002_e2b437b6edde825e": ["cp1257", "iso8859_13"],
    "003_6b3e72554eb13511": ["iso8859_2", "cp1250"],
    "004_16598245d1df39de": ["iso8859_2", "cp1250"],
}.items() for enc in encs for chars in (80, 400, None)]


@pytest.mark.parametrize("name,encoding,chars", CASES)
def test_legacy_code_pages_decode_without_mojibake(name, encoding, chars):
    text = sample(name, chars)
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_unicode_with_bom(encoding):
    text = (SAMPLES / "000_55abb3db5e90dc8f.txt").read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data)[0] == text


@pytest.mark.parametrize("data,code", [
    (b"", "empty"), (b"  \n\t \n", "empty"), (b"\x89PNG\r\n\x1a\nxxxx", "not_text"), (b"%PDF-1.4 ...", "not_text"),
    (b"abc\x00\x01\x02def", "not_text"), (bytes(range(0x80, 0xA0)) * 20, "undecodable"),
])
def test_bad_bytes_give_error_codes(data, code):
    with pytest.raises(InputError) as info:
        decode(data)
    assert info.value.code == code


def test_truncated_utf8_keeps_the_text():
    data = "Kauno technologijos universitetas įstojo į klasterį".encode()[:-1]
    text, encoding = decode(data)
    assert text == "Kauno technologijos universitetas įstojo į klaster" and "truncated" in encoding


def test_html_main_text_and_title(tmp_path):
    page = tmp_path / "a.html"
    body = sample("003_6b3e72554eb13511").split("\n\n")
    paras = "".join(f"<p>{p}</p>" for p in body[2:6])
    page.write_text(f"<html><head><title>Klaster i współpraca</title><script>var x = 'tracking';</script></head>"
                    f"<body><nav>Menu Home Kontakt</nav><article><h1>Klaster i współpraca</h1>{paras}</article>"
                    f"<footer>© 2021 Wszelkie prawa zastrzeżone</footer></body></html>", encoding="utf-8")
    [art] = read_source(Source(str(page)))
    assert art.title == "Klaster i współpraca"
    assert "Bydgoskiego Klastra Przemysłowego" in art.text
    assert "tracking" not in art.text and "Menu Home" not in art.text
    assert art.id == "a"


def test_json_and_jsonl_inputs(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": "Tekst o klastrze.", "published": "2020-01-02"}))
    (tmp_path / "many.jsonl").write_text(json.dumps({"id": "x1", "text": "Pirmas tekstas apie klasterį."}) + "\n"
                                         + "{broken\n" + json.dumps({"id": "x3", "title": "no text"}) + "\n"
                                         + json.dumps({"text": "Trečias."}) + "\n")
    items = [i for s in discover([str(tmp_path)]) for i in read_source(s)]
    arts = [i for i in items if not isinstance(i, tuple)]
    errs = [(label.rsplit("/", 1)[1], e.code) for label, e in (i for i in items if isinstance(i, tuple))]
    assert [a.id for a in arts][0] == "x1" and arts[1].id.startswith("sha256:")
    assert arts[2].id == "one" and arts[2].published == "2020-01-02"
    assert errs == [("many.jsonl:2", "bad_json"), ("many.jsonl:3", "bad_json")]


def test_discover_is_sorted_recursive_and_skips_hidden(tmp_path):
    for rel in ["b/2.txt", "b/1.txt", "a.txt", ".hidden.txt", ".git/x.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [s.path[len(str(tmp_path)) + 1:] for s in discover([str(tmp_path)])]
    assert found == ["a.txt", "b/1.txt", "b/2.txt"]


def test_missing_file_and_too_large(tmp_path):
    [(label, err)] = read_source(Source(str(tmp_path / "nope.txt")))
    assert err.code == "not_found"
    big = tmp_path / "big.txt"
    big.write_text("słowo " * 1000)
    [(label, err)] = read_source(Source(str(big)), max_bytes=1000)
    assert err.code == "too_large"


def test_plain_text_title_is_the_headline():
    [art] = read_source(Source(str(SAMPLES / "000_55abb3db5e90dc8f.txt")))
    assert art.title == "ПК «Вторалюминпродукт» стал площадкой для пилотирования инновационных решений"
