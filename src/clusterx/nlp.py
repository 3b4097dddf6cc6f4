"""Per-language NLP backends: load once per process, lazily, and adapt at the edge.

A language's pipeline is found, in order, from a spec the user gave (`--model
pl=PATH|PACKAGE|stanza:DIR`), then `models/<lang>/` in the models folder. With
neither, a blank spaCy pipeline (tokenizer, sentencizer) still runs so that dates and
the record work; the record carries a warning that NER was skipped.

Backends return an `Analysis` of our own types, so later stages never see spaCy or
Stanza objects.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .lang import load_list

#: Languages spaCy has a tokenizer class for (that we may meet); others use 'xx'.
SPACY_LANGS = {"en", "ru", "pl", "lt", "uk", "cs", "sk", "lv", "et", "de", "fr", "es", "it", "pt",
               "nl", "da", "sv", "fi", "nb", "ro", "hu", "bg", "sl", "hr", "sr", "el", "tr", "ca", "zh",
               "ja", "ko"}


class ModelError(Exception):
    """A model the user named cannot be used; the message says what is missing."""


@dataclass(slots=True)
class Token:
    i: int
    text: str
    start: int
    end: int
    lemma: str = ""
    pos: str = ""
    morph: str = ""
    dep: str = ""
    head: int = -1
    sent: int = 0

    def feats(self) -> dict[str, str]:
        return dict(kv.split("=", 1) for kv in self.morph.split("|") if "=" in kv)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    label: str


@dataclass
class Analysis:
    """What a backend found in one text: tokens, sentences, entity spans (char offsets)."""

    text: str
    tokens: list[Token]
    sentences: list[Span]
    entities: list[Span]
    backend: str
    warnings: list[str] = field(default_factory=list)


#: Which sentences need a dependency parse, given their tokens in lower case (the event
#: stage reads the parse only where a trigger word occurs; see events.parse_needed).
ParseIf = Callable[[list[str]], bool]


class Backend(Protocol):
    name: str
    lang: str
    has_ner: bool

    def analyse(self, texts: list[str], parse_if: ParseIf | None = None) -> list[Analysis]: ...

    def describe(self) -> dict: ...


def models_dir() -> Path:
    """CLUSTERX_MODELS, else the `models/` folder of the source checkout."""
    env = os.environ.get("CLUSTERX_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"


def customise_tokenizer(nlp, lang: str) -> None:
    """Keep abbreviations that end in a full stop in one token (lang/<code>/abbreviations.txt).

    Also keeps letter-hyphen-letter words whole (`Przemysłowo-Technologicznego`,
    `Санкт-Петербург`), as the UD treebanks of these languages do.
    """
    from spacy.symbols import ORTH

    for abbr in load_list(lang, "abbreviations"):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    if lang != "en":
        import re

        from spacy.util import compile_infix_regex

        infixes = [p for p in nlp.Defaults.infixes
                   if not any(re.search(p, s) for s in ("ab-cd", "Ab-Cd", "12-12", "аб-вг"))]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _bare_tokenizer_config(spec: str) -> dict:
    """A config override that builds a pipeline's standard tokenizer empty: loading then
    fills in the rules and exceptions saved with it, so building the language's defaults
    first (thousands of special cases) is wasted time (0.05-0.25 s of a cold start,
    measured). Only for a folder whose config names spaCy's own tokenizer; other
    tokenizers (Japanese, Chinese, Korean …) and package names load as they are."""
    config = Path(spec) / "config.cfg"
    try:
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
    except OSError:
        return {}
    if '[nlp.tokenizer]\n@tokenizers = "spacy.Tokenizer.v1"' not in text:
        return {}
    _register_bare_tokenizer()
    return {"nlp": {"tokenizer": {"@tokenizers": "clusterx.bare_tokenizer.v1"}}}


@functools.cache
def _register_bare_tokenizer() -> None:
    import spacy
    from spacy.tokenizer import Tokenizer

    @spacy.registry.tokenizers("clusterx.bare_tokenizer.v1")
    def bare_tokenizer():
        return lambda nlp: Tokenizer(nlp.vocab)


class SpacyBackend:
    """A spaCy pipeline: our trained one, an installed package, or a blank fallback."""

    def __init__(self, lang: str, nlp, name: str, has_ner: bool, stands_in_for: str | None = None):
        self.lang, self.nlp, self.name, self.has_ner = lang, nlp, name, has_ner
        #: the pipeline is another language's, standing in for `lang` (see RELATED)
        self.stands_in_for = stands_in_for
        self.nlp.max_length = 10**8

    @classmethod
    def load(cls, lang: str, spec: str, related: str | None = None) -> SpacyBackend:
        """Load `spec` for texts in `lang`; with `related`, `spec` is that language's
        pipeline standing in for `lang` (the domain layer then uses `lang`'s words)."""
        import spacy

        from . import components  # noqa: F401  (registers our pipeline components)

        try:
            nlp = spacy.load(spec, config=_bare_tokenizer_config(spec))
        except OSError as exc:
            raise ModelError(f"spaCy pipeline {spec!r} for {lang!r} cannot be loaded: {exc}") from exc
        customise_tokenizer(nlp, lang)
        if not any(nlp.has_pipe(p) for p in ("parser", "senter", "sentencizer")):
            nlp.add_pipe("sentencizer", first=True)
        _add_paragraph_ends(nlp)
        if related and nlp.has_pipe("clusterx_domain"):
            nlp.remove_pipe("clusterx_domain")
        if nlp.has_pipe("ner") and not nlp.has_pipe("clusterx_domain"):
            nlp.add_pipe("clusterx_domain", after="ner", config={"lang": lang if related else ""})
        return cls(lang, nlp, spec, has_ner=nlp.has_pipe("ner"), stands_in_for=related)

    @classmethod
    def blank(cls, lang: str) -> SpacyBackend:
        import spacy

        nlp = spacy.blank(lang if lang in SPACY_LANGS else "xx")
        customise_tokenizer(nlp, lang)
        nlp.add_pipe("sentencizer")
        _add_paragraph_ends(nlp)
        return cls(lang, nlp, f"blank:{nlp.lang}", has_ner=False)

    def analyse(self, texts: list[str], parse_if: ParseIf | None = None) -> list[Analysis]:
        """Analyses in order; a text longer than CHUNK_CHARS is cut at paragraph (else line,
        else space) boundaries, its chunks analysed, and offsets mapped back. With
        `parse_if`, only the sentences it accepts are parsed (see _parse_selected)."""
        chunks = [list(split_long(text)) for text in texts]
        docs = self._pipe([text[s:e] for text, cs in zip(texts, chunks, strict=True) for s, e in cs], parse_if)
        out = []
        for text, cs in zip(texts, chunks, strict=True):
            parts = [from_spacy(doc, self.name, parses) for doc, parses in (next(docs) for _ in cs)]
            out.append(parts[0] if len(parts) == 1 else join_analyses(text, parts, [s for s, _ in cs], self.name))
        return out

    def _selective(self, parse_if: ParseIf | None) -> bool:
        """Whether the parser can run apart, on chosen sentences: something else must set
        the sentences (a sentencizer or senter; in an official package the parser often
        does), and the parser must read the shared tok2vec's output from `doc.tensor`
        (spaCy's listeners do at prediction time), which a sentence's `as_doc()` keeps. A
        transformer's output is not kept, and an encoder after the parser would overwrite
        the tensor (a listener then reads zeros, with no error): such pipelines parse
        everything. Components are told by their factories, not their names."""
        names = self.nlp.pipe_names
        if parse_if is None or "parser" not in names:
            return False
        factories = [self.nlp.get_pipe_meta(name).factory for name in names]
        at = names.index("parser")
        if any("transformer" in f for f in factories) or "tok2vec" in factories[at + 1:]:
            return False
        return any(f in ("sentencizer", "senter") for f in factories[:at])

    def _pipe(self, pieces: list[str], parse_if: ParseIf | None = None):
        """(doc, parses) for `pieces`, in order, run through spaCy in batches of about
        PIPE_CHARS characters: batching short articles is about a tenth faster, while a
        batch of long ones would hold the lemmatizer's and morphologizer's per-token scores
        over all their labels for all of them at once (+150 MB for 16 Russian articles,
        measured)."""
        selective = self._selective(parse_if)
        disable = ["parser"] if selective else []
        batch: list[str] = []
        size = 0
        for piece in pieces:
            if batch and size + len(piece) > PIPE_CHARS:
                yield from self._parse_selected(self.nlp.pipe(batch, batch_size=len(batch), disable=disable),
                                                parse_if if selective else None)
                batch, size = [], 0
            batch.append(piece)
            size += len(piece)
        if batch:
            yield from self._parse_selected(self.nlp.pipe(batch, batch_size=len(batch), disable=disable),
                                            parse_if if selective else None)

    def _parse_selected(self, docs, parse_if: ParseIf | None):
        """(doc, parses): with `parse_if`, the pipeline ran without its parser, and each
        sentence it accepts is parsed on its own (`parses`: the sentence's first token ->
        its parsed Doc). Most sentences of news carry no event trigger, so this skips most
        of the parser's work (measured: the Polish pipeline 35% faster without the parser;
        a sentence parsed alone agrees with the whole-document parse on 99.5% of heads and
        labels, 60 BSNLP articles)."""
        docs = list(docs)
        if parse_if is None:
            yield from ((doc, None) for doc in docs)
            return
        chosen = [sent for doc in docs for sent in doc.sents if parse_if([t.text.lower() for t in sent])]
        parsed = self.nlp.get_pipe("parser").pipe([sent.as_doc() for sent in chosen])
        by_doc: dict[int, dict[int, object]] = {}
        for sent, sdoc in zip(chosen, parsed, strict=True):
            by_doc.setdefault(id(sent.doc), {})[sent.start] = sdoc
        for doc in docs:
            yield doc, by_doc.get(id(doc), {})

    def describe(self) -> dict:
        meta = self.nlp.meta
        return {"language": self.lang, "backend": "spacy", "model": self.name,
                "name": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version"),
                "components": list(self.nlp.pipe_names)}


def from_spacy(doc, backend: str, parses: dict | None = None) -> Analysis:
    """Convert a spaCy Doc to an Analysis (the only place that reads spaCy objects). With
    `parses` (sentence start -> that sentence parsed on its own), heads and labels come
    from there, and the other sentences have none (dep '', head the token itself)."""
    tokens = []
    sentences = []
    for s, sent in enumerate(doc.sents):
        sentences.append(Span(sent.start_char, sent.end_char, "S"))
        if parses is not None:
            sdoc = parses.get(sent.start)
            for k, t in enumerate(sent):
                dep, head = (sdoc[k].dep_, sent.start + sdoc[k].head.i) if sdoc is not None else ("", t.i)
                tokens.append(Token(t.i, t.text, t.idx, t.idx + len(t.text), t.lemma_, t.pos_, str(t.morph),
                                    dep, head, s))
            continue
        for t in sent:
            tokens.append(Token(t.i, t.text, t.idx, t.idx + len(t.text), t.lemma_, t.pos_, str(t.morph),
                                t.dep_, t.head.i, s))
    ents = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]
    if "clusterx_inner_places" in doc.spans:  # places inside organisation names (components.py)
        ents += [Span(e.start_char, e.end_char, "LOC") for e in doc.spans["clusterx_inner_places"]]
    return Analysis(doc.text, tokens, sentences, ents, backend)


CHUNK_CHARS = 100_000
#: Characters of text per spaCy batch (SpacyBackend._pipe).
PIPE_CHARS = 12_000


def _add_paragraph_ends(nlp) -> None:
    """A blank line ends a sentence (components.paragraph_ends), where a sentencizer or
    senter sets the sentences: right after it (after clusterx_initials, if that follows it).
    Where the parser sets them, it is left to the parser (a parse's sentences cannot be cut)."""
    from . import components  # noqa: F401  (registers the component)

    names = nlp.pipe_names
    setters = [n for n in names if nlp.get_pipe_meta(n).factory in ("sentencizer", "senter")]
    if not setters or nlp.has_pipe("clusterx_paragraphs"):
        return
    after = setters[-1]
    if "clusterx_initials" in names and names.index("clusterx_initials") > names.index(after):
        after = "clusterx_initials"
    nlp.add_pipe("clusterx_paragraphs", after=after)


def split_long(text: str, limit: int = CHUNK_CHARS):
    """(start, end) pieces of at most about `limit` characters, cut at the best boundary."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0) or limit
        yield start, start + cut
        start += cut
    yield start, len(text)


def join_analyses(text: str, parts: list[Analysis], offsets: list[int], backend: str) -> Analysis:
    tokens: list[Token] = []
    sentences: list[Span] = []
    entities: list[Span] = []
    for part, off in zip(parts, offsets, strict=True):
        base_i, base_s = len(tokens), len(sentences)
        for t in part.tokens:
            tokens.append(Token(t.i + base_i, t.text, t.start + off, t.end + off, t.lemma, t.pos, t.morph, t.dep,
                                t.head + base_i, t.sent + base_s))
        sentences.extend(Span(s.start + off, s.end + off, s.label) for s in part.sentences)
        entities.extend(Span(e.start + off, e.end + off, e.label) for e in part.entities)
    return Analysis(text, tokens, sentences, entities, backend)


class StanzaBackend:
    """Stanza models from a local folder: never downloads (download_method=None)."""

    def __init__(self, lang: str, model_dir: str):
        if importlib.util.find_spec("stanza") is None:
            raise ModelError("the Stanza backend needs the optional extra: pip install 'clusterx[stanza]'")
        resources = Path(model_dir) / "resources.json"
        if not resources.exists():
            raise ModelError(f"no Stanza models at {model_dir!r}: {resources} is missing "
                             f"(copy a Stanza model folder there; clusterx never downloads)")
        import stanza

        try:
            self.pipeline = stanza.Pipeline(lang, dir=model_dir, processors="tokenize,ner",
                                            download_method=None, verbose=False)
        except Exception as exc:  # stanza raises many kinds for a missing processor file
            raise ModelError(f"Stanza models for {lang!r} in {model_dir!r} are incomplete: {exc}") from exc
        self.lang, self.name, self.has_ner = lang, f"stanza:{model_dir}", True

    def analyse(self, texts: list[str], parse_if: ParseIf | None = None) -> list[Analysis]:
        out = []  # `parse_if` is moot: this pipeline does not parse
        for text in texts:
            doc = self.pipeline(text)
            tokens, sentences = [], []
            for s, sent in enumerate(doc.sentences):
                sentences.append(Span(sent.tokens[0].start_char, sent.tokens[-1].end_char, "S"))
                for tok in sent.tokens:
                    tokens.append(Token(len(tokens), tok.text, tok.start_char, tok.end_char, sent=s))
            ents = [Span(e.start_char, e.end_char, {"PERSON": "PER", "GPE": "LOC"}.get(e.type, e.type))
                    for e in doc.ents]
            out.append(Analysis(text, tokens, sentences, ents, self.name))
        return out

    def describe(self) -> dict:
        return {"language": self.lang, "backend": "stanza", "model": self.name, "components": ["tokenize", "ner"]}


def natasha_installed() -> bool:
    """The optional extra clusterx[natasha] is there (then Russian people and places come
    from natasha by default, see natasha_ner.py)."""
    return importlib.util.find_spec("natasha") is not None


def check_spec(lang: str, spec: str) -> None:
    """Fail fast (before any article) when a model the user named does not exist."""
    if spec == "natasha":
        if lang != "ru":
            raise ModelError("the natasha backend is for Russian only (--model ru=natasha)")
        if importlib.util.find_spec("natasha") is None:
            raise ModelError("the natasha backend needs the optional extra: pip install 'clusterx[natasha]'")
        if not (models_dir() / "ru" / "config.cfg").exists():
            raise ModelError(f"the natasha backend runs on top of the ru pipeline, missing from {models_dir()}")
        return
    if spec.startswith("stanza:"):
        StanzaBackend(lang, spec.split(":", 1)[1])
        return
    if Path(spec).exists():
        if not (Path(spec) / "config.cfg").exists():
            raise ModelError(f"{spec!r} is not a spaCy pipeline folder (no config.cfg)")
        return
    if importlib.util.find_spec(spec.replace("-", "_")) is None:
        raise ModelError(f"spaCy pipeline package {spec!r} for {lang!r} is not installed "
                         f"(install it with pip from a wheel you have; clusterx never downloads)")


#: Languages with no pipeline of their own run through a close relative's (same script,
#: shared name morphology): on the dev articles the ru pipeline finds the people of a
#: Ukrainian article and the pl pipeline those of a Czech one, where a blank pipeline
#: finds nothing. The record says so in a warning.
RELATED = {"uk": "ru", "be": "ru", "cs": "pl", "sk": "pl", "lv": "lt"}


class Registry:
    """One backend per language per process, created on first use (thread-safe)."""

    def __init__(self, specs: dict[str, str] | None = None):
        self.specs = dict(specs or {})
        self._backends: dict[str, Backend] = {}
        self._lock = threading.Lock()

    def spec_for(self, lang: str) -> str | None:
        if lang in self.specs:
            return self.specs[lang]
        local = models_dir() / lang
        if not (local / "config.cfg").exists():
            return None
        if lang == "ru" and natasha_installed():
            return "natasha"  # measured better (bench/natasha_results.json); --model ru=models/ru opts out
        return str(local)

    def get(self, lang: str) -> Backend:
        with self._lock:
            if lang not in self._backends:
                spec = self.spec_for(lang)
                related = RELATED.get(lang)
                related_spec = self.spec_for(related) if related else None
                if related_spec == "natasha":  # natasha reads Russian only: the plain ru pipeline stands in
                    related_spec = str(models_dir() / related)
                if spec is None and related_spec and not related_spec.startswith("stanza:"):
                    self._backends[lang] = SpacyBackend.load(lang, related_spec, related=related)
                elif spec is None:
                    self._backends[lang] = SpacyBackend.blank(lang)
                elif spec == "natasha":
                    backend = SpacyBackend.load(lang, str(models_dir() / lang))
                    from . import natasha_ner

                    natasha_ner.add_to(backend.nlp)
                    backend.name = f"{backend.name}+natasha"
                    self._backends[lang] = backend
                elif spec.startswith("stanza:"):
                    self._backends[lang] = StanzaBackend(lang, spec.split(":", 1)[1])
                else:
                    self._backends[lang] = SpacyBackend.load(lang, spec)
            return self._backends[lang]

    def loaded(self) -> list[dict]:
        return [b.describe() for _, b in sorted(self._backends.items())]


def installed_models() -> list[dict]:
    """The pipelines in the models folder, with their meta and test scores (no loading)."""
    import json

    out = []
    root = models_dir()
    for cfg in sorted(root.glob("*/config.cfg")) if root.exists() else []:
        folder = cfg.parent
        meta = json.loads((folder / "meta.json").read_text()) if (folder / "meta.json").exists() else {}
        metrics_path = folder / "metrics.json"
        metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {}
        out.append({"language": folder.name, "path": str(folder), "version": meta.get("version"),
                    "components": meta.get("pipeline", []), "ner_f": metrics.get("ner", {}).get("f"),
                    "metrics": metrics})
    return out
