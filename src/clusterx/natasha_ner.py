"""natasha as an optional Russian NER backend (`--model ru=natasha`; extra `clusterx[natasha]`).

natasha ships its own NER weights (offline, on PyPI). Measured against our Russian
pipeline on the same held-out sets (bench/natasha_compare.py), it finds people and
places better and organisations worse. So this backend keeps our pipeline for tokens,
sentences, morphology, lemmas and organisations (model plus domain layer: legal forms,
quoted names, clusters), and takes people and locations from natasha: the
`clusterx_natasha` component replaces the PER and LOC entities of the doc with natasha's
where they do not overlap an organisation.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .components import DomainLayer
from .normalise import no_person

TAKEN = {"PER", "LOC"}


class NatashaMissing(RuntimeError):
    pass


@cache
def _natasha():
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError as exc:
        raise NatashaMissing("the natasha backend needs the optional extra: pip install 'clusterx[natasha]'") from exc
    tagger = NewsNERTagger(_embedding(NewsEmbedding))
    crf = tagger.infer.model.head.crf
    crf.decode = _viterbi(crf.transitions.array)  # this tagger's CRF only; same tags, see _viterbi
    return tagger


def _embedding(default):
    """natasha's news embedding without navec's similarity tables: `PQ.precompute` builds
    a norm over all 500,000 words through a 200 MB temporary array (0.2 s of every start,
    and of every worker's), for `Navec.sim`, which the tagger never calls; it reads the
    codes, the indexes and the vocabulary only. Loaded as `navec.Navec.load` does; a navec
    whose layout differs gets natasha's own loader."""
    try:
        import numpy as np
        from natasha.data import NEWS_EMBEDDING
        from navec.meta import Meta
        from navec.navec import META, PQ_, VOCAB, Navec
        from navec.pq import PQ
        from navec.tar import Tar
        from navec.vocab import Vocab

        class LookupPQ(PQ):
            def precompute(self):  # what lookups need, not the norm and dot-product tables
                self.qdims = np.arange(self.qdim)

        with Tar(NEWS_EMBEDDING) as tar:
            meta = Meta.from_file(tar.load(META))
            Meta.check_protocol(meta.protocol)
            vocab = Vocab.from_file(tar.load(VOCAB))
            pq = LookupPQ.from_file(tar.load(PQ_))
        navec = Navec(meta, vocab, pq)
        navec["кластер"]  # a lookup as the tagger makes them: a navec that needs more fails here
        return navec
    except Exception:  # any other navec layout: natasha's own loader
        return default()


def _viterbi(transitions):
    """slovnet's CRF decoding (`slovnet.exec.model.CRF.decode`) with the same sums in the
    same order, less numpy overhead: it picked each step's best scores by fancy indexing
    over `np.indices` (a third of natasha's time on news); the maximum along the axis is
    the same value. Tags are identical (tests/test_models.py)."""
    import numpy as np

    def decode(emissions, mask):
        batch_size, seq_len, _ = emissions.shape
        emissions = emissions.swapaxes(1, 0)
        mask = mask.swapaxes(1, 0)
        history = []
        score = emissions[0]  # batch x tags
        for index in range(1, seq_len):
            score_ = score[:, :, None] + transitions + emissions[index][:, None, :]  # batch x tags x tags
            history.append(score_.argmax(-2))
            score = np.where(mask[index][:, None], score_.max(-2), score)
        sizes = mask.sum(0) - 1
        batch = []
        for index in range(batch_size):
            best = score[index].argmax()
            tags = [best]
            for indexes in reversed(history[:sizes[index]]):
                best = indexes[index][best]
                tags.append(best)
            tags.reverse()
            batch.append(np.array(tags))
        return batch

    return decode


def natasha_spans(text: str) -> list[tuple[int, int, str]]:
    """natasha's names in `text`. The tagger tokenises the text itself, so natasha's
    segmenter (sentences and tokens for its Doc) is not run: a third of its time."""
    if not text.strip():
        return []
    return [(s.start, s.stop, s.type) for s in _natasha()(text).spans]


class NatashaEntities:
    def __init__(self, nlp: Language, name: str = "clusterx_natasha"):
        _natasha()  # fail at load time, not on the first article

    def __call__(self, doc: Doc) -> Doc:
        kept = [e for e in doc.ents if e.label_ not in TAKEN]
        theirs = []
        for start, end, label in natasha_spans(doc.text):
            span = _trimmed(doc.char_span(start, end, label=label, alignment_mode="expand"))
            if span is not None and label in TAKEN and not any(span.start < k.end and k.start < span.end for k in kept) \
                    and not _no_person(span):
                theirs.append(span)
        doc.ents = filter_spans(kept + theirs)
        return doc


def _trimmed(span):
    """natasha's span without the brackets and dashes its own tokens ran into (`Никсоне (`;
    `Асии Биби (христианки)`: a person's or a place's name ends at a bracket); quotes stay
    (a quoted name keeps them in the records)."""
    if span is None:
        return None
    start, end = span.start, span.end
    end = next((t.i for t in span if t.text == "("), end)
    while start < end and span.doc[start].is_punct and not span.doc[start].is_quote:
        start += 1
    while end > start and span.doc[end - 1].is_punct and not span.doc[end - 1].is_quote:
        end -= 1
    return Span(span.doc, start, end, label=span.label_) if start < end else None


def _no_person(span) -> bool:
    """A one-word person that the dictionary reads as none (as the domain layer drops the
    model's): `Приговоренную к смерти … христианку` heads a sentence; natasha took it for a name."""
    return (span.label_ == "PER" and len(span) == 1
            and no_person(span.text, "ru", DomainLayer._first_in_sentence(span[0])))


@Language.factory("clusterx_natasha")
def make_natasha_entities(nlp: Language, name: str) -> NatashaEntities:
    return NatashaEntities(nlp, name)


def add_to(nlp: Language) -> None:
    """Put the component after the domain layer (or the NER) of a loaded Russian pipeline."""
    after = "clusterx_domain" if nlp.has_pipe("clusterx_domain") else "ner"
    nlp.add_pipe("clusterx_natasha", after=after)


__all__ = ["NatashaMissing", "add_to", "natasha_spans"]
