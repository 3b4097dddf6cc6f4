"""Readers for the training corpora in shared/data, each yielding spaCy Docs.

NER readers label entities PER / ORG / LOC only; UD readers keep lemma, POS, morphology
and dependencies. Raw-text corpora (NEREL, factRuEval, BSNLP) are tokenised with the
same customised tokenizer the shipped pipeline uses, so entity boundaries match at run
time; spans that do not align with tokens are dropped (and counted).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..nlp import SpacyBackend

STATS: Counter = Counter()


@cache
def tokenizer(lang: str):
    return SpacyBackend.blank(lang).nlp


# ---------------------------------------------------------------- IOB / CoNLL-like files

def _iob_docs(lang: str, sentences: Iterable[tuple[list[str], list[str]]], mapper) -> Iterator[Doc]:
    vocab = tokenizer(lang).vocab
    for words, tags in sentences:
        if not words:
            continue
        doc = Doc(vocab, words=words)
        ents, start, label = [], None, None
        for i, tag in enumerate([*tags, "O"]):
            prefix, _, raw = tag.partition("-")
            mapped = mapper(raw) if prefix in ("B", "I") else None
            if start is not None and (prefix != "I" or mapped != label):
                ents.append(Span(doc, start, i, label=label))
                start = label = None
            if mapped and start is None:
                start, label = i, mapped
        doc.ents = ents
        yield doc


def read_iob_file(path: Path, token_col: int, tag_col: int, docstart: str | None = None
                  ) -> Iterator[tuple[str, list[tuple[list[str], list[str]]]]]:
    """Yield (document id, sentences) from a tab/space separated IOB file."""
    text = path.read_text(encoding="utf-8-sig")
    doc_id, sents, words, tags = "doc0", [], [], []
    for line in text.splitlines():
        if docstart and line.startswith(docstart):
            if words:
                sents.append((words, tags))
                words, tags = [], []
            if sents:
                yield doc_id, sents
            doc_id, sents = line[len(docstart):].strip(), []
            continue
        if line.startswith("-DOCSTART") or line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sents.append((words, tags))
                words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[token_col])
        tags.append(cols[tag_col] if len(cols) > tag_col else "O")
    if words:
        sents.append((words, tags))
    if sents:
        yield doc_id, sents


NKJP_MAP = {"persName": "PER", "orgName": "ORG", "placeName": "LOC", "geogName": "LOC"}


def nkjp_label(raw: str) -> str | None:
    return NKJP_MAP.get(raw.split("#")[0].split("-")[0])


def kpwr_label(raw: str) -> str | None:
    if raw.startswith("nam_liv_person"):
        return "PER"
    if raw.startswith("nam_org_") and raw != "nam_org_nation" or raw in ("nam_pro_media_periodic", "nam_pro_media_web"):
        return "ORG"
    if raw.startswith("nam_loc") or raw.startswith("nam_fac") and raw != "nam_fac_system":
        return "LOC"
    return None


def simple_label(raw: str) -> str | None:
    return raw if raw in ("PER", "ORG", "LOC") else None


def nkjp_documents(archive: Path, workdir: Path) -> list[tuple[str, list]]:
    """NKJP documents (id, sentences) from the 7z archive, unpacked once into `workdir`."""
    import py7zr

    target = workdir / "nkjp"
    if not target.exists() or not any(target.iterdir()):
        target.mkdir(parents=True, exist_ok=True)
        with py7zr.SevenZipFile(archive) as z:
            z.extractall(path=target)
    [iob] = [p for p in target.rglob("*") if p.is_file()]
    return list(read_iob_file(iob, 0, 3, docstart="-DOCSTART FILE"))


def iob_docs(lang: str, sentences, mapper) -> list[Doc]:
    return list(_iob_docs(lang, sentences, mapper))


# ---------------------------------------------------------------- raw text + character spans

def _line_docs(lang: str, text: str, spans: list[tuple[int, int, str]], max_chars: int = 2000) -> Iterator[Doc]:
    """Tokenise `text` line by line (long lines cut at sentence ends) and place char spans."""
    nlp = tokenizer(lang)
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        chunks = [(start, end)]
        if len(line) > max_chars:
            chunks, s = [], start
            for m in re.finditer(r"[.!?]\s+", line):
                if start + m.end() - s > max_chars:
                    chunks.append((s, start + m.end()))
                    s = start + m.end()
            chunks.append((s, end))
        for cs, ce in chunks:
            doc = nlp.make_doc(text[cs:ce])
            ents = []
            for s, e, label in spans:
                if text[s:s + 1].islower():
                    STATS["lower-case span dropped"] += 1
                    continue
                if s >= cs and e <= ce:
                    span = doc.char_span(s - cs, e - cs, label=label, alignment_mode="strict")
                    if span is None:
                        span = doc.char_span(s - cs, e - cs, label=label, alignment_mode="expand")
                        STATS["span expanded"] += 1
                    if span is not None:
                        ents.append(span)
                elif s < ce and e > cs:
                    STATS["span across lines dropped"] += 1
            kept = filter_spans(ents)
            STATS["overlapping span dropped"] += len(ents) - len(kept)
            doc.ents = kept
            yield doc


def outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans = sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


NEREL_MAP = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC",
             "LOCATION": "LOC", "DISTRICT": "LOC", "FACILITY": "LOC"}


def nerel_docs(folder: Path) -> list[Doc]:
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans = []
        for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, info, _surface = line.split("\t", 2)
            label, *offsets = info.split(" ")
            if label in NEREL_MAP and ";" not in " ".join(offsets):
                spans.append((int(offsets[0]), int(offsets[1]), NEREL_MAP[label]))
        docs.extend(_line_docs("ru", text, outermost(spans)))
    return docs


FACTRU_MAP = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


def factrueval_docs(folder: Path) -> list[Doc]:
    docs = []
    for txt in sorted(folder.glob("book_*.txt")):
        text = txt.read_text(encoding="utf-8")
        span_pos = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) >= 4:
                span_pos[parts[0]] = (int(parts[2]), int(parts[2]) + int(parts[3]))
        spans = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) >= 3 and parts[1] in FACTRU_MAP:
                pos = [span_pos[s] for s in parts[2:] if s in span_pos]
                if pos:
                    spans.append((min(p[0] for p in pos), max(p[1] for p in pos), FACTRU_MAP[parts[1]]))
        docs.extend(_line_docs("ru", text, outermost(spans)))
    return docs


def bsnlp_docs(lang: str, topic_dir: Path) -> list[Doc]:
    """BSNLP documents: every occurrence of each annotated mention form is an entity.

    Raw and annotation files are paired by the document id on their first line (the
    2017 file names do not match).
    """
    raws = {}
    for raw in sorted((topic_dir / "raw").iterdir()):
        lines = raw.read_text(encoding="utf-8-sig").split("\n")
        raws[lines[0].strip()] = "\n".join(lines[4:])
    docs = []
    for ann in sorted((topic_dir / "annotated").iterdir()):
        lines = ann.read_text(encoding="utf-8-sig").splitlines()
        text = raws.get(lines[0].strip()) if lines else None
        if text is None:
            STATS["bsnlp annotation without text"] += 1
            continue
        mentions = []
        for line in lines[1:]:
            cols = line.split("\t")
            if len(cols) >= 3 and cols[2].strip() in ("PER", "ORG", "LOC") and cols[0].strip():
                mentions.append((cols[0].strip(), cols[2].strip()))
        lowered = all(m == m.lower() for m, _ in mentions)
        hay = text.lower() if lowered else text
        spans = []
        for mention, label in sorted(mentions, key=lambda m: -len(m[0])):
            for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", hay):
                spans.append((m.start(), m.end(), label))
        docs.extend(_line_docs(lang, text, outermost(spans)))
    return docs


# ---------------------------------------------------------------- Universal Dependencies

def conllu_docs(lang: str, path: Path, keep_deps: bool = True, group: int = 10) -> list[Doc]:
    """Sentences of a CoNLL-U file as Docs with lemma, POS, morphology (and dependencies),
    `group` sentences to a Doc so the parser learns where sentences end."""
    sents = _conllu_sentences(lang, path, keep_deps)
    return [Doc.from_docs(sents[i:i + group], ensure_whitespace=True) for i in range(0, len(sents), group)]


def _conllu_sentences(lang: str, path: Path, keep_deps: bool) -> list[Doc]:
    vocab = tokenizer(lang).vocab
    docs = []
    words, spaces, lemmas, pos, morphs, heads, deps = [], [], [], [], [], [], []

    def flush():
        if words:
            kwargs = dict(words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs)
            if keep_deps:
                kwargs.update(heads=heads, deps=deps, sent_starts=None)
            else:
                kwargs.update(sent_starts=[True] + [False] * (len(words) - 1))
            docs.append(Doc(vocab, **kwargs))
        for lst in (words, spaces, lemmas, pos, morphs, heads, deps):
            lst.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        words.append(cols[1])
        spaces.append("SpaceAfter=No" not in cols[9])
        lemmas.append(cols[2] if cols[2] != "_" or cols[1] == "_" else cols[1])
        pos.append(cols[3] if cols[3] != "_" else "X")
        morphs.append(cols[5] if cols[5] != "_" else "")
        heads.append(int(cols[6]) - 1 if cols[6] != "0" else len(heads))
        deps.append(cols[7].split(":")[0] if cols[6] != "0" else "ROOT")
    flush()
    return docs


def conllu_sent_ids(path: Path) -> set[str]:
    return {line.split("=", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# sent_id")}
