"""Wires the stages for each article and turns any failure into an error record."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from . import dates, entities, events, langid, merge, places, roles
from .errors import InputError
from .ingest import Article
from .nlp import Registry
from .records import ArticleRecord, DateMention, Entity, ErrorRecord, Event, Evidence, Mention, Person


@dataclass
class Options:
    """Per-run options that change what records contain (and so the output's identity)."""

    lang: str | None = None
    models: dict[str, str] = field(default_factory=dict)
    include_text: bool = False


class Extractor:
    """Runs the stages on articles; one instance per process holds the loaded models."""

    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        self.registry = Registry(self.options.models)
        self.stage_seconds: Counter = Counter()

    def _timed(self, stage: str, t0: float) -> float:
        now = time.perf_counter()
        self.stage_seconds[stage] += now - t0
        return now

    def process(self, article: Article) -> ArticleRecord | ErrorRecord:
        try:
            return self._process(article)
        except InputError as exc:
            return exc.record(article.source)
        except Exception as exc:  # a bug must not stop the run: report it and go on
            return InputError("internal", f"{type(exc).__name__}: {exc}").record(article.source)

    def process_batch(self, articles: list[Article]) -> list[ArticleRecord | ErrorRecord]:
        """Records for `articles`, in order. The texts of one language go through the NLP
        pipeline together (spaCy batches them: about a fifth faster than one at a time);
        if that fails, each article is processed alone, so a bad input costs only its own
        record."""
        if len(articles) <= 1:
            return [self.process(a) for a in articles]
        try:
            t = time.perf_counter()
            langs = [self._language(a) for a in articles]
            t = self._timed("language id", t)
            analyses: dict[int, object] = {}
            by_lang: dict[str, list[int]] = {}
            for i, (lang, _) in enumerate(langs):
                by_lang.setdefault(lang, []).append(i)
            for lang, idx in by_lang.items():
                done = self.registry.get(lang).analyse([articles[i].text for i in idx], events.parse_needed(lang))
                analyses.update(zip(idx, done, strict=True))
            self._timed("nlp", t)
        except Exception:
            return [self.process(a) for a in articles]
        out = []
        for i, article in enumerate(articles):
            try:
                out.append(self._process(article, langs[i], analyses[i]))
            except Exception:
                out.append(self.process(article))
        return out

    def _language(self, article: Article) -> tuple[str, float]:
        if self.options.lang:
            return self.options.lang, 1.0
        guess = langid.detect(article.text)
        return guess.code, guess.confidence

    def _process(self, article: Article, language: tuple[str, float] | None = None,
                 analysis=None) -> ArticleRecord:
        t = time.perf_counter()
        warnings = list(article.warnings)
        lang, confidence = language or self._language(article)
        t = self._timed("language id", t)
        backend = self.registry.get(lang)
        if analysis is None:
            analysis = backend.analyse([article.text], events.parse_needed(lang))[0]
        t = self._timed("nlp", t)
        if getattr(backend, "stands_in_for", None):
            warnings.append(f"no pipeline for {lang!r}: the {backend.stands_in_for!r} pipeline was used (related language)")
        if not backend.has_ner:
            what = "language could not be identified" if lang == "und" else f"language model for {lang!r} not installed"
            warnings.append(f"{what}: NER skipped")
        found_mentions = entities.mentions(analysis, lang)
        t = self._timed("entities", t)
        normalise = normaliser(lang)
        drafts = merge.merge(found_mentions, article.text, lang, normalise)
        places.add_places(drafts, article.text, lang, normalise)
        t = self._timed("normalisation", t)
        roles.find_roles(drafts["people"], analysis, lang, set())
        t = self._timed("roles", t)
        published = article.published
        title_at = article.text.find(article.title) if article.title else -1
        title_end = title_at + len(article.title) if 0 <= title_at < 8 else 0
        if published is None:
            dateline = dates.find_dateline(article.text, lang, title_end)
            published = dateline.value if dateline else None
        reference_year = int(published[:4]) if published and published[:4].isdigit() else None
        found = dates.find_dates(article.text, lang, reference_year)
        t = self._timed("dates", t)
        found_events = events.find_events(analysis, lang, drafts, found, body_start=title_end)
        self._timed("events", t)
        record = build_record(article, lang, confidence, drafts, warnings, self.options.include_text)
        record.events = [Event(id=e.id, type=e.type, participants=e.participants, date=e.date, trigger=e.trigger,
                               evidence=Evidence(text=article.text[e.start:e.end], start=e.start, end=e.end),
                               confidence=e.confidence) for e in found_events]
        record.published = published
        record.dates = [DateMention(text=d.text, start=d.start, end=d.end, value=d.value, precision=d.precision)
                        for d in found]
        return record


def normaliser(lang: str):
    """Mention -> base-form name, through normalise.py (with the mention's morphology)."""
    from .normalise import normalise

    def run(m: entities.Mention) -> str:
        feats, lemmas = m.word_morphology()
        try:
            return normalise(m.text, m.kind, lang, feats, lemmas) or " ".join(m.text.split())
        except Exception:  # a normaliser bug must not lose the entity: keep it as written
            return " ".join(m.text.split())

    return run


def _entity(draft: entities.EntityDraft) -> Entity:
    cls = Person if draft.kind == "people" else Entity
    extra = {"role": draft.role} if draft.kind == "people" else {}
    return cls(id=draft.id, name=draft.name, aliases=draft.aliases, legal_form=draft.legal_form,
               acronym=draft.acronym, mentions=[Mention(text=m.text, start=m.start, end=m.end) for m in draft.mentions],
               **extra)


def build_record(article: Article, lang: str, confidence: float, drafts: dict, warnings: list[str],
                 include_text: bool = False) -> ArticleRecord:
    return ArticleRecord(
        id=article.id, source=article.source, sha256=article.sha256, language=lang,
        language_confidence=confidence, title=article.title, published=article.published, url=article.url,
        **{kind: [_entity(d) for d in drafts[kind]] for kind in entities.KINDS},
        warnings=warnings, text=article.text if include_text else None,
    )
