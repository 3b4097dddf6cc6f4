"""The domain layer: a spaCy component that corrects and completes the statistical NER
for cluster news. Its words live in lang/<code>/ (legal_forms, org_heads, cluster_words,
cluster_bodies, roles); what it does, in order:

1. boundaries: cut entity spans at line breaks, drop leading position words
   (`Prezes`, `директор`) and trailing lower-case function words or punctuation;
   a span left with nothing is dropped;
2. names built on a legal form (`UAB „X“`, `ООО «X»`, `X sp. z o.o.`) and quoted
   names after an institutional head noun (`fundacja „X“`, `компания «X»`) become ORG;
3. names headed by the word for cluster (`Bydgoski Klaster Przemysłowy`,
   `Московский инновационный кластер`, `Atim Cluster`) become ORG, whatever the
   model said, and are completed when the model missed words of them;
4. capitalised names headed by an institutional noun the model missed become ORG.

Overlaps are resolved in favour of rule spans for 2-3 (they are precise) and the
longest span otherwise. `clusterx.entities` later tells clusters from organisations.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lang import load_list, traits, word_set
from .merge import inflected_same
from .normalise import adjective_agrees, has_place_dictionary, is_place_word, may_be_genitive, no_person, ru_cases

OPEN_QUOTES = {"„", "«", '"', "“", "‘", "‚"}
CLOSE_QUOTES = {"“", "”", "»", '"', "’", "‘"}
PUNCT_OK_INSIDE = {"-", "–", "—", "&", ".", "/"}
HYPHENS = {"-", "‐", "‑"}
#: Letters of Roman numerals (XX a.: a century; World War I.), which look like initials.
ROMAN = frozenset("IVXLC")
INNER_PLACES = "clusterx_inner_places"
#: parts of speech of the short words a name does not end with (`… и`, `… w`, `… of`)
FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "DET", "PRON", "AUX"})
DASHES = {"–", "—", "-"}


class DomainLayer:
    def __init__(self, nlp: Language, name: str = "clusterx_domain", lang: str = ""):
        self.lang = lang or nlp.lang  # a related language's text run through this pipeline
        self.legal = set(load_list(self.lang, "legal_forms"))
        self.legal_multi: dict[str, list[tuple[str, ...]]] = {}
        for form in sorted((tuple(f.split()) for f in self.legal if " " in f), key=len, reverse=True):
            self.legal_multi.setdefault(form[0], []).append(form)
        self.heads = word_set(self.lang, "org_heads")
        self.english_heads = word_set("en", "org_heads")  # English names turn up in every language's news
        self.cluster = word_set(self.lang, "cluster_words")
        self.bodies = word_set(self.lang, "cluster_bodies")
        self.traits = traits(self.lang)
        self.roles = word_set(self.lang, "roles")
        self.role_links = word_set(self.lang, "role_links")
        self.hyphen_words = word_set(self.lang, "hyphen_words")
        self.links = word_set(self.lang, "name_links")
        self.not_entities = word_set(self.lang, "not_entities")
        self.programme_nouns = word_set(self.lang, "programme_nouns")
        self.subunit_heads = word_set(self.lang, "subunit_heads")
        self.institution_names = word_set(self.lang, "institution_names")
        self.adj_endings = tuple(load_list(self.lang, "adjective_endings"))
        self.genitive_endings = tuple(load_list(self.lang, "genitive_endings")) or ("\0",)
        self.conjunctions = word_set(self.lang, "conjunctions")
        self.generic_heads = word_set(self.lang, "generic_heads")
        self.named_after = word_set(self.lang, "named_after")
        self.source_cues = [tuple(c.lower().split()) for c in load_list(self.lang, "source_cues")]
        self.credit_cues = word_set(self.lang, "credit_cues")
        self.caption_words = word_set(self.lang, "caption_words")
        self.has_place_list = bool(load_list(self.lang, "places"))  # lt: a list stands in for a place dictionary
        self.street_words = set(load_list(self.lang, "street_words"))
        self.region_nouns = word_set(self.lang, "place_nouns")
        self.source_line_ends = [tuple(c.lower().split()) for c in load_list(self.lang, "source_line_ends")]

    # ------------------------------------------------------------------ helpers
    def _legal_at(self, doc: Doc, i: int) -> int:
        """Length in tokens of a legal form starting at token i (0 if none)."""
        texts = self._texts(doc)[0]
        text = texts[i]
        for form in self.legal_multi.get(text, ()):
            if tuple(texts[i:i + len(form)]) == form:
                return len(form)
        return 1 if text in self.legal else 0

    def _quoted_from(self, doc: Doc, i: int, max_len: int = 14) -> int | None:
        """End (exclusive) of a quoted name opening at token i, or None."""
        if doc[i].text not in OPEN_QUOTES:
            return None
        if i + 1 < len(doc) and doc[i + 1].is_alpha and doc[i + 1].is_lower:
            return None  # a name starts with a capital: `в "красной зоне" госпиталя`: a closing quote
        for j in range(i + 1, min(len(doc), i + max_len)):
            if "\n" in doc[j].text or (doc[j].is_space and "\n" in doc[j].text_with_ws):
                return None
            if doc[j].text in CLOSE_QUOTES and j > i + 1:
                return j + 1
            if doc[j].text in OPEN_QUOTES and doc[j].text not in CLOSE_QUOTES:
                return None
        return None

    @staticmethod
    def _capital(token) -> bool:
        return token.text[:1].isupper() or token.text[:1].isdigit() and token.is_alpha is False and len(token) > 1

    # ------------------------------------------------------------------ 1. boundaries
    def fix_boundaries(self, span: Span) -> Span | None:
        doc = span.doc
        start, end = span.start, span.end
        for t in doc[start:end]:
            if "\n" in t.text_with_ws[len(t.text):] or t.is_space:
                end = t.i + 1 if not t.is_space else t.i
                break
        while start < end and ((doc[start].text in self.roles) and doc[start].text not in self.cluster
                               or doc[start].is_punct and doc[start].text not in OPEN_QUOTES):
            start += 1
            while start < end and doc[start].text in self.role_links:
                start += 1
        while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in CLOSE_QUOTES | {"."}
                               or doc[end - 1].is_lower and len(doc[end - 1]) <= 3 and not doc[end - 1].is_punct
                               and (doc[end - 1].is_stop or doc[end - 1].pos_ in FUNCTION_POS)):  # not `Белый дом`
            end -= 1
        if end > start and doc[end - 1].text == "." and not self._legal_at(doc, end - 1) and len(doc[end - 2:end - 1].text) > 2:
            end -= 1
        if start >= end or not any(t.is_alpha or span.label_ == "LOC" and self._joined_place(t.text) for t in doc[start:end]):
            return None
        opened = sum(t.text in OPEN_QUOTES and t.text not in CLOSE_QUOTES for t in doc[start:end])
        closed = sum(t.text in CLOSE_QUOTES and t.text not in OPEN_QUOTES for t in doc[start:end])
        if opened > closed and end < len(doc) and doc[end].text in CLOSE_QUOTES:
            end += 1  # the model stopped before the closing quote: НИУ «Высшая школа экономики»
        start, end = self._whole_words(doc, start, end, span.label_)
        return Span(doc, start, end, label=span.label_)

    def _joined_place(self, text: str) -> bool:
        """One token of capitalised words joined by hyphens that the dictionary reads as a
        place, or whose first word it does (`Bielsku-Białej`, `Kędzierzynie-Koźlu`,
        `Нью-Йорке`). Other tokens not all letters make no name: `COVID-19`, and junk the
        models tag (`Badawczo-Rozwojowych` as a place)."""
        parts = text.split("-")
        return len(parts) > 1 and all(p.isalpha() and p[:1].isupper() for p in parts) and (
            is_place_word(text, self.lang) or is_place_word(parts[0], self.lang))

    def _widened(self, span: Span) -> Span:
        start, end = self._whole_words(span.doc, span.start, span.end, span.label_)
        return span if (start, end) == (span.start, span.end) else Span(span.doc, start, end, label=span.label_)

    def _whole_words(self, doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
        """A name never starts or ends inside a hyphenated word (tokenisers that split
        hyphens, like English UD's, give `Jean` of `Jean-Noël Durvy`): take the joined
        parts, but not a word the language joins to names (lang/<code>/hyphen_words.txt:
        `Washington-based`); a person's name then also takes a capitalised word right after it."""
        def joined(k: int) -> bool:  # doc[k] is glued to doc[k + 1]
            return not doc[k].whitespace_

        def word(a: int, b: int) -> bool:
            """doc[b] continues the name: a word, not an acronym (`EU-Chile` pairs two names),
            and not part of another name (`Parku Naukowo-Technologicznego-Szymon Nowak`)."""
            return (doc[b].text[:1].isalpha() and not doc[a].is_upper and not doc[b].is_upper
                    and not (doc[b].ent_iob_ in ("B", "I") and not start <= b < end)
                    and not (doc[b].is_lower and doc[b].text in self.hyphen_words))  # Washington-based, not Mid-Glamorgan
        grown = False
        while (end + 1 < len(doc) and doc[end].text in HYPHENS and joined(end - 1) and joined(end)
               and word(end - 1, end + 1)):
            end += 2
            grown = True
        while (start >= 2 and doc[start - 1].text in HYPHENS and joined(start - 2) and joined(start - 1)
               and word(start, start - 2)):
            start -= 2
        if grown and label == "PER" and end < len(doc) and doc[end].is_title and doc[end].is_alpha \
                and doc[end].ent_iob_ != "B" and doc[end].text not in self.roles:
            end += 1
        return start, end

    # ------------------------------------------------------------------ 2. legal forms and quotes
    def legal_and_quoted(self, doc: Doc) -> list[Span]:
        spans = []
        texts = self._texts(doc)[0]
        i = 0
        while i < len(doc):
            n = self._legal_at(doc, i)
            if n:
                q = i + n
                while q < len(doc) and doc[q].is_space:  # UAB\xa0„…“: a no-break space scraped from the web
                    q += 1
                end = self._quoted_from(doc, q) if q < len(doc) else None
                if end:
                    spans.append(Span(doc, i, end, label="ORG"))
                    i = end
                    continue
                # a name before a trailing legal form: X sp. z o.o., X S.A., X Ltd
                j = i
                while j > 0 and (self._capital(doc[j - 1]) or doc[j - 1].text in CLOSE_QUOTES) \
                        and doc[j - 1].text not in self.roles and not doc[j].is_sent_start:
                    j -= 1
                    if doc[j].text in CLOSE_QUOTES:
                        k = j - 1
                        while k > 0 and doc[k].text not in OPEN_QUOTES:
                            k -= 1
                        j = k
                if j < i and not self.lang == "lt":
                    spans.append(Span(doc, j, i + n, label="ORG"))
            elif (texts[i] in self.heads) or (texts[i] in self.cluster):
                end = self._quoted_from(doc, i + 1) if i + 1 < len(doc) else None
                if end:
                    start = i if doc[i].text[:1].isupper() else i + 1
                    spans.append(Span(doc, start, end, label="ORG"))
                    # a list of quoted names after one head: компании «A», «B» и «C»
                    while end + 1 < len(doc) and (doc[end].text == "," or doc[end].text in self.links):
                        nxt = self._quoted_from(doc, end + 1)
                        if not nxt:
                            break
                        spans.append(Span(doc, end + 1, nxt, label="ORG"))
                        end = nxt
                    i = end
                    continue
            i += 1
        return spans

    # ------------------------------------------------------------------ 3-4. headed names
    def _modifier(self, tok, head, side: str) -> bool:
        """Can `tok` belong to the name headed by `head`? Uses morphology when the pipeline
        has it (agreeing adjectives, genitive nouns, proper nouns), capitalisation otherwise."""
        if not tok.is_alpha and "-" not in tok.text or tok.text in self.roles \
                or side == "right" and tok.ent_type_ == "PER" and head.ent_type_ != "PER":  # a person after the name
            return False
        if tok.is_stop and not tok.text[:1].isupper():
            return False
        has_morph = tok.doc.has_annotation("MORPH") and tok.doc.has_annotation("POS")
        if has_morph and side == "left" and "adjective_first" in self.traits and self.adj_endings and tok.is_lower \
                and tok.text.endswith(self.adj_endings):
            return True  # a related language's tagger stands in here and misreads adjectives (optický)
        if has_morph:
            # case agreement is not required: the trained morphologizers confuse cases of
            # capitalised words too often (measured on the dev set)
            if tok.pos_ == "ADJ":
                if side == "left" and tok.morph.get("Number") and head.morph.get("Number") \
                        and tok.morph.get("Number") != head.morph.get("Number"):
                    return False  # `Funduszy Europejskich Urzędu`: a plural adjective belongs to what precedes
                return side == "right" or self._capital(tok) or "lower_case_adjectives" in self.traits
            if tok.pos_ == "PROPN":
                return self._capital(tok)
            if tok.pos_ == "NOUN":
                # after the head, a capitalised word in the head's case is an adjective the
                # tagger took for a noun (Lubelski Klaster Ekoenergetyczny)
                agrees = side == "right" and self._capital(tok) and tok.morph.get("Case") == head.morph.get("Case") \
                    and tok.morph.get("Case") != ["Gen"] and tok.morph.get("Number") == head.morph.get("Number")
                caseless = side == "right" and self._capital(tok) and not tok.morph.get("Case") and self.lang == "en"
                # a genitive the ending can have (Lithuanian `rašte` tagged Gen is a locative)
                genitive = tok.morph.get("Case") == ["Gen"] and may_be_genitive(tok.text, self.lang)
                return genitive or tok.is_upper or side == "right" and "-" in tok.text \
                    or tok.is_lower and tok.text.endswith(self.genitive_endings) \
                    or agrees or caseless  # caseless: European Cluster Collaboration Platform
            if side == "right" and "-" in tok.text and self._capital(tok):
                return True
            return tok.is_upper and len(tok) > 1
        if side == "left":
            return self._capital(tok) and (not self.adj_endings or tok.text.lower().endswith(self.adj_endings)
                                           or not tok.is_sent_start) or tok.is_lower and tok.text.endswith(self.adj_endings)
        return self._capital(tok)

    def _english_name_start(self, doc: Doc, span: Span) -> Span:
        """An English organisation name inside another language's text takes in the
        capitalised word before it that no entity holds (`bei Podlaska Regional Development
        Foundation`): English capitalises every word of a name."""
        k = span.start - 1
        if self.lang == "en" or span.label_ != "ORG" or k < 0 or doc[k].is_sent_start or doc[k].ent_type_ \
                or not doc[k].is_title or not doc[k].is_alpha \
                or not any(t.text in self.english_heads and t.text not in self.heads and t.is_title for t in span):
            return span
        return Span(doc, k, span.end, label="ORG")

    def _whole_head(self, t) -> bool:
        """A capitalised institution head noun as a whole word, with at most a short ending
        (`Foundation`, `Networks`; not the surnames `Parkhill`, `Banks` of a two-word name,
        which the caller rules out by length)."""
        if not t.text[:1].isupper():
            return False
        low = t.lower_
        stems = [p for p in (*self.heads.prefixes, *self.english_heads.prefixes) if low.startswith(p)]
        return low in self.heads.exact or low in self.english_heads.exact or any(len(low) - len(p) <= 3 for p in stems)

    def _where(self, span: Span) -> bool:
        """A one-word 'organisation' in the locative, where the locative alone says where
        (Lithuanian, Latvian: `Balstogėje vykusį renginį`), is the place."""
        return "bare_locative" in self.traits and span.label_ == "ORG" and len(span) == 1 \
            and span[0].morph.get("Case") == ["Loc"] and span[0].text[:1].isupper() \
            and span[0].text not in self.institution_names  # `Seime`, `Vyriausybėje`: in the parliament, the government

    def _name_of_its_own(self, doc: Doc, k: int) -> bool:
        """Token k ends an organisation the model found, in a language whose names put their
        head first, so nothing of theirs stands before it (`koordynowanego przez PPPT
        Mazowieckiego Klastra Chemicznego`: PPPT coordinates the cluster)."""
        return "head_first" in self.traits and doc[k].ent_type_ == "ORG" and (
            k + 1 >= len(doc) or doc[k + 1].ent_iob_ != "I")

    def _genitive_complement(self, t, head, words) -> bool:
        """A lower-case genitive noun or adjective after a capitalised head, in languages that
        write only a name's first word with a capital (`Агентство стратегических инициатив`)."""
        return t.is_alpha and t.is_lower and t.pos_ in ("NOUN", "ADJ") and t.morph.get("Case") == ["Gen"] \
            and t.text not in words and t.text not in self.cluster and t.text not in self.roles

    def _texts(self, doc: Doc) -> tuple[list[str], list[str]]:
        """The doc's token texts and their lower-case forms, made once per doc (the rule
        passes scan every token several times; spaCy builds a Token object per access)."""
        if getattr(self, "_texts_of", None) is not doc:
            self._texts_of = doc
            self._text_lists = ([t.text for t in doc], [t.lower_ for t in doc])
        return self._text_lists

    def _joined_genitives(self, doc: Doc, k: int, head) -> bool:
        """Token k is a conjunction joining two genitives before the head (`Kėdainių turizmo
        ir verslo informacijos centras`, `Nacionalinis inovacijų ir verslo centras`): the
        name goes on to its left."""
        if not (0 < k < head.i - 1) or doc[k].lower_ not in self.conjunctions.exact:
            return False
        before, after = doc[k - 1], doc[k + 1]
        # nouns, not adjectives: `регионов России и Российской кластерной обсерватории`
        # joins two names (Russian puts genitives after the head)
        return before.morph.get("Case") == ["Gen"] and after.morph.get("Case") == ["Gen"] \
            and before.pos_ in ("NOUN", "PROPN") and after.pos_ == "NOUN" \
            and self._modifier(before, head, "left") and "\n" not in before.text_with_ws

    def _name_word(self, tok) -> bool:
        """Is a sentence's capitalised first word a name rather than any word: a proper noun
        to the tagger, or part of a name the model found (`Kauno`)?"""
        return tok.pos_ == "PROPN" or bool(tok.ent_type_)

    def headed_names(self, doc: Doc, words, need_capital_head: bool, min_tokens: int = 1) -> list[Span]:
        spans = []
        lows = self._texts(doc)[1]
        for i, low in enumerate(lows):
            if not words.has_lower(low):
                continue
            tok = doc[i]
            if not tok.text.replace("-", "").isalpha():  # muziejus-galerija heads a name too
                continue
            if need_capital_head and not tok.text[:1].isupper():
                continue
            # left: agreeing modifiers / genitive chain, the leftmost of them capitalised
            k = tok.i - 1
            while k >= 0 and "\n" not in doc[k].text_with_ws and not self._name_of_its_own(doc, k) and (
                    self._modifier(doc[k], tok, "left") or self._joined_genitives(doc, k, tok)):
                k -= 1
            left = k + 1
            while left < tok.i and not self._capital(doc[left]):
                left += 1
            start = left if left < tok.i else tok.i
            if start == tok.i and not tok.text[:1].isupper():
                continue  # `ульяновским авиационным кластером`: a description, not a name
            # right: capitalised modifiers; a link word (w, of, и) may join two of them,
            # unless another name starts after the linked words
            end, linked_at = tok.i + 1, None
            while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
                t = doc[end]
                if self._capital(t) and self._modifier(t, tok, "right") and t.text not in words \
                        and t.text not in self.cluster:
                    end += 1
                elif "lower_case_complements" in self.traits and tok.text[:1].isupper() and not tok.is_sent_start \
                        and end - tok.i <= 3 and self._genitive_complement(t, tok, words):
                    end += 1  # `Союза машиностроителей России`: the words after the head stay lower case
                elif (t.text in self.links and end + 1 < len(doc) and self._capital(doc[end + 1])
                      and sum(c.isupper() for c in doc[end + 1].text) < 2  # `… России и ТулГУ`: another name
                      and doc[end + 1].text not in words and doc[end + 1].text not in self.heads
                      and doc[end + 1].text not in self.cluster and self._modifier(doc[end + 1], tok, "right")):
                    linked_at = end
                    end += 2
                else:
                    break
            if linked_at is not None and end < len(doc) and (doc[end].text in self.cluster or doc[end].text in self.heads):
                end = linked_at
            if end - start < min_tokens:
                continue
            if start == tok.i and end == tok.i + 1 and tok.is_sent_start:
                continue
            spans.append(Span(doc, start, end, label="ORG"))
        return spans

    # ------------------------------------------------------------------ main
    @staticmethod
    def _shouted_lines(text: str) -> list[tuple[int, int]]:
        """Character ranges of all-capitals lines (shouted headlines), where the statistical
        model, trained on normally cased text, tags ordinary words as names."""
        out, start = [], 0
        for line in text.split("\n"):
            letters = "".join(filter(str.isalpha, line))
            if len(letters) >= 20 and sum(map(str.isupper, letters)) >= 0.8 * len(letters):
                out.append((start, start + len(line)))
            start += len(line) + 1
        return out

    def _common_word(self, span: Span, common: set[str]) -> bool:
        """A one-word 'name' that is a legal form alone (`VšĮ`), or a capitalised word at a
        sentence start that is a verb or whose lemma the article also writes in lower case
        (`Sutartis`, `Susitikimas`): a common word, not a name."""
        if len(span) != 1:
            return False
        tok = span[0]
        if tok.text in self.legal:
            return True
        if not (tok.is_sent_start and tok.is_title and tok.pos_ != "PROPN"):
            return False
        if tok.pos_ in ("VERB", "AUX"):
            return True  # `Tikime, kad …` (we believe): a verb opening the sentence
        # the lemmatizer may leave a capitalised form as it is (`Susitikime`): compare stems too
        stem = tok.lower_[:max(5, len(tok) - 3)]
        return tok.lemma_.lower() in common or len(tok) > 5 and any(w.startswith(stem) for w in common)

    def _shouted(self, span: Span) -> bool:
        return any(s <= span.start_char and span.end_char <= e for s, e in self._shouting)

    def __call__(self, doc: Doc) -> Doc:
        self._shouting = self._shouted_lines(doc.text)  # once per doc: doc.text is built on each access
        strings = doc.vocab.strings  # lemmas by hash: no Token object per word
        common = {strings[int(h)].lower() for text, h in zip(self._texts(doc)[0], doc.to_array("LEMMA"), strict=True)
                  if h and text.islower() and text.isalpha()}  # hash 0: no lemma
        model = [s for s in (self.fix_boundaries(e) for e in doc.ents) if s is not None and not self._shouted(s)
                 and not self._common_word(s, common) and not self._adjective_first(s) and not self._no_person(s)]
        rules = self.legal_and_quoted(doc)
        clusters = self.headed_names(doc, self.cluster, need_capital_head=False)
        # a body of clusters (European Cluster Collaboration Platform) is an organisation
        # name: entities.kind_of files it so; a bare lower-case one is no name
        clusters = [s for s in clusters if not any((t.text in self.bodies) for t in s)
                    or s[-1].text in self.bodies and s[-1].text[:1].isupper()]
        # model spans that contain a cluster word are organisations (clusters), not people;
        # a "place" named with an institution's head noun (Kieleckiego Parku Technologicznego,
        # Uniwersytetu Lille) is the institution
        # and so is a "person" with a capitalised head noun (Regional Development Foundation)
        model = [Span(doc, s.start, s.end, label="ORG") if any((t.text in self.cluster) for t in s)
                 or s.label_ == "LOC" and len(s) > 1 and any(t.text in self.heads and t.text[:1].isupper() for t in s)
                 or s.label_ == "PER" and len(s) > 2 and any(self._whole_head(t) for t in s)
                 else Span(doc, s.start, s.end, label="LOC") if self._where(s)
                 else s for s in model]
        model = [self._english_name_start(doc, s) for s in model]
        # an institution's name may hold a place the model found (Союза машиностроителей России);
        # where names keep their head noun in lower case (Vytauto Didžiojo universitetas,
        # Уральский федеральный университет), a singular lower-case head counts too
        named = self.headed_names(doc, self.heads, need_capital_head=True, min_tokens=2)
        structural: set[tuple[int, int]] = set()  # lower-case-head names: they win over names inside
        if "lower_case_heads" in self.traits:
            found, unproven = [], []
            for s in self.headed_names(doc, self.heads, need_capital_head=False, min_tokens=2):
                head = next((t for t in reversed(s) if t.is_lower and t.text in self.heads), None)
                if head is None or head.i == s.start or head.text in self.generic_heads \
                        or head.morph.get("Number") != ["Sing"]:
                    continue
                end = head.i + 1  # the name ends at its head, or after `имени X` (named after X)
                if end < len(doc) and doc[end].text in self.named_after:
                    k = end + 1
                    while k < len(doc) and k - end <= 4 and (doc[k].is_title or doc[k].text == ".") and not (
                            len(doc[k]) > 2 and doc[k].morph.get("Case") == ["Nom"] and k > end + 1):
                        k += 1  # the honoree is in the genitive: `имени Богомольца Ольга Голубовская` stops at Ольга
                    end = k if k > end + 1 else end
                # two places joined before one head are two bodies sharing it (`Lenkijos ir Lietuvos
                # žemės ūkio rūmų`: the Polish and the Lithuanian chambers): the name is the last one's
                joint = next((t.i for t in s[1:head.i - s.start] if t.pos_ == "CCONJ" and doc[t.i - 1].ent_type_ == "LOC"
                              and doc[t.i + 1].ent_type_ == "LOC"), None)
                if joint is not None:
                    s = doc[joint + 1:s.end]
                # a sentence's first word is capitalised anyway: such a name needs a first word that
                # is a name itself, or the same name elsewhere in the article in another form
                # (`Тернопільський національний технічний університет` opening the text,
                # `Тернопільського національного технічного університету` further on)
                (unproven if s[0].is_sent_start and not self._name_word(s[0]) else found).append(Span(doc, s.start, end))
            found += [u for u in unproven if any(inflected_same(u.text, f.text) for f in found)]
            for s in sorted(found, key=lambda x: x.start):
                named.append(Span(doc, s.start, s.end, label="ORG"))
                structural.add((s.start, s.end))
        institutions = [s for s in named
                        if not any(s.start < m.end and m.start < s.end and not (
                            s.start <= m.start and m.end <= s.end and len(m) < len(s) and (
                                m.label_ == "LOC" or (s.start, s.end) in structural or m.label_ == "PER"
                                and m.start > s.start and doc[m.start - 1].text in self.named_after))
                                   for m in model) and not self._shouted(s)]
        clusters = [self._widened(s) for s in clusters]
        institutions = [self._widened(s) for s in institutions]
        preferred = filter_spans(rules + clusters + self._streets(doc))
        rest = [s for s in model + institutions if not any(s.start < p.end and p.start < s.end for p in preferred)]
        ents = [s for s in (self._uncaptioned(x) for x in filter_spans(preferred + rest)) if self._is_name(s)]
        starts = {e.start: e for e in ents}  # the names as found, before lists retype them
        ents = self._coordinated_tails(doc, self._nested(doc, ents))
        ents = self._coordinated_people(doc, self._harmonise_lists(doc, ents))
        ents = self._programme_lists(doc, self._introduced_lists(doc, ents, starts), starts)
        ents = self._without_subunits(doc, ents)
        ents = self._credit_lines(doc, self._sources(doc, ents, starts))
        ents = self._listed_places(doc, self._institutions_by_name(doc, filter_spans(ents)))
        doc.ents = sorted(filter_spans(ents), key=lambda x: x.start)
        # places the model found that a longer organisation name took in (`Bydgoszcz` of
        # Bydgoszcz Industrial Cluster): the contract lists them as locations too
        final = doc.ents  # built anew on each access
        doc.spans[INNER_PLACES] = [m for m in model if m.label_ == "LOC" and self._inner_place(m, final)]
        return doc

    def _coordinated_tails(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """In languages that write a name's later words in lower case, a name ending in a
        lower-case noun in an oblique case (its complement, not its head: not `Лейбористская
        партия и шотландские националисты`) goes on over `и` and a noun in the same case (with its adjectives),
        then over a capitalised genitive place: `Комитет по промышленной политике и
        инновациям Санкт-Петербурга`, `Министерство науки и высшего образования`."""
        if "lower_case_complements" not in self.traits:
            return ents
        out = []
        for e in ents:
            last = e[-1]
            case = last.morph.get("Case")
            k = e.end
            if e.label_ == "ORG" and len(e) > 1 and last.is_lower and last.pos_ == "NOUN" and case \
                    and case not in (["Nom"], ["Acc"]) \
                    and k + 1 < len(doc) and doc[k].text in self.conjunctions:
                j = k + 1
                while j < len(doc) and j - k <= 3 and doc[j].is_lower and doc[j].pos_ == "ADJ" \
                        and self._same_case(last, doc[j]):
                    j += 1
                if j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN" and self._same_case(last, doc[j]):
                    end = j + 1
                    while end < len(doc) and end - j <= 2 and doc[end].pos_ == "PROPN" \
                            and doc[end].morph.get("Case") == ["Gen"]:
                        end += 1
                    e = Span(doc, e.start, end, label="ORG")
            out.append(e)
        return filter_spans(out)

    def _same_case(self, a, b) -> bool:
        """Can the two words be in one case? Russian asks pymorphy3 (the tagger picks one
        reading of syncretic forms: `политике` dative or locative); others the tagger."""
        if self.lang == "ru":

            return bool(ru_cases(a.text) & ru_cases(b.text) - {"nomn", "accs"})  # a complement's case
        return a.morph.get("Case") == b.morph.get("Case")

    def _uncaptioned(self, span: Span) -> Span:
        """A caption word before a name is not part of it (`Logo Bydgoski Klaster`; words in
        lang/<code>/caption_words.txt)."""
        start = span.start
        while start < span.end - 1 and span.doc[start].text in self.caption_words:
            start += 1
        return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)

    def _nested(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A name followed on the same line, nothing between, by an institution's acronym and
        quoted name is one name with the other nested in it (`Российская кластерная
        обсерватория НИУ «Высшая школа экономики»`); not a cluster's name. Other names side by
        side stay apart (`podaje PAP Ryanair`, `Белый дом агентство Франс пресс`)."""
        ents = sorted(ents, key=lambda e: e.start)
        out: list[Span] = []
        for e in ents:
            prev = out[-1] if out else None
            if prev is not None and prev.label_ == e.label_ == "ORG" and prev.end == e.start \
                    and "\n" not in doc[prev.end - 1].whitespace_ and e[0].text not in OPEN_QUOTES \
                    and _acronym(e[0].text) and any(t.text in OPEN_QUOTES for t in e) \
                    and not any(t.text in self.cluster for t in (*prev, *e)) and prev[0].text not in self.subunit_heads:
                out[-1] = Span(doc, prev.start, e.end, label="ORG")
            else:
                out.append(e)
        return out

    def _streets(self, doc: Doc) -> list[Span]:
        """Streets, squares and avenues (lang/<code>/street_words.txt) with their names, as
        places: `K. Donelaičio g.`, `ul. Jana Pawła II`, `улице Академика Королёва`. The
        name, mostly a person's (and found as one by the model), is the capitalised words
        and initials next to the street word: before it in Lithuanian, after it in Polish and
        Russian."""
        if not self.street_words:
            return []

        def name_word(t) -> bool:  # not a Roman numeral (XX a.: a century) or a one-letter word (Į)
            return t.is_alpha and len(t) > 1 and t.text[:1].isupper() and not (t.is_upper and set(t.text) <= ROMAN)

        def owner(t) -> bool:  # a genitive, not a listed place (`Kauno Laisvės alėjoje`: Kaunas's street)
            return name_word(t) and may_be_genitive(t.text, self.lang) and not is_place_word(t.text, self.lang)

        def initial(j: int) -> bool:  # `K` `.` at j-1, j
            return 0 < j < len(doc) and doc[j].text == "." and len(doc[j - 1].text) == 1 and doc[j - 1].text.isupper()

        spans = []
        for k, t in enumerate(doc):
            if t.text not in self.street_words:  # lower case only: `Ш. Мирзиёев` is a person
                continue
            if "street_word_first" in self.traits:
                j = k + 1
                while j < len(doc) and j - k <= 5 and (name_word(doc[j]) or initial(j + 1) or
                                                       doc[j].is_upper and doc[j].is_alpha and j > k + 1):
                    j += 2 if initial(j + 1) and not name_word(doc[j]) else 1
                if j > k + 1 and any(name_word(x) for x in doc[k + 1:j]):
                    spans.append(Span(doc, k, j, label="LOC"))
            elif t.is_lower and k > 0 and owner(doc[k - 1]):  # the name is in the genitive (Gedimino pr.)
                j = k - 1
                while j > 0 and k - j < 5 and (owner(doc[j - 1]) or initial(j - 1)):
                    j -= 2 if initial(j - 1) else 1
                spans.append(Span(doc, j, k + 1, label="LOC"))
        return spans

    def _institutions_by_name(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A one-word institution name (lang/<code>/institution_names.txt) capitalised inside a
        sentence is that organisation: `Komisija ragino`, `pasitikėjimas Vyriausybe` (the
        Commission, the government). The model takes it for a place or misses it."""
        if "lower_case_heads" not in self.traits or not self.institution_names:
            return ents
        by_start = {e.start: e for e in ents}
        taken = {i for e in ents for i in range(e.start, e.end)}
        out = list(ents)
        for t in doc:
            if not (t.is_title and t.is_alpha) or t.text not in self.institution_names \
                    or self._first_in_sentence(t) or t.i > 0 and (doc[t.i - 1].is_space or doc[t.i - 1].text in OPEN_QUOTES):
                continue
            e = by_start.get(t.i)
            if e is not None and len(e) == 1 and e.label_ != "ORG":
                out[out.index(e)] = Span(doc, t.i, t.i + 1, label="ORG")
            elif t.i not in taken:
                out.append(Span(doc, t.i, t.i + 1, label="ORG"))
        return out

    def _listed_places(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Where a list of place names stands in for a dictionary (lang/lt/places.txt), a
        listed place outside every name is a place the model missed (`Marijampolės
        bendrovė`, `iš Panevėžio`); one inside an organisation's name is left to the records'
        places inside names."""
        if not self.has_place_list:
            return ents
        taken = {i for e in ents for i in range(e.start, e.end)}
        found = [Span(doc, t.i, t.i + 1, label="LOC") for t in doc
                 if t.i not in taken and t.text[:1].isupper() and is_place_word(t.text, self.lang)
                 and not (t.i + 1 < len(doc) and doc[t.i + 1].text in self.region_nouns)]  # Panevėžio rajono
        return ents + [s for s in found if not self._shouted(s) and not self._quoted(s)]

    @staticmethod
    def _quoted(s: Span) -> bool:
        """Is the span inside quotation marks (a quoted name: „Vilniaus prekyba“)? Looks back
        within its sentence for an opening mark before any closing one; straight quotes by parity."""
        straight = 0
        for t in reversed(s.doc[DomainLayer._sentence_start(s.doc, s.start):s.start]):
            if t.text in OPEN_QUOTES - CLOSE_QUOTES:  # „ « ‚
                return True
            if t.text in CLOSE_QUOTES - {'"'}:  # “ ‘ close Lithuanian and Polish quotes
                return False
            straight += t.text == '"'
        return straight % 2 == 1

    def _no_person(self, s: Span) -> bool:
        """A one-word 'person' the dictionary reads as none: a demonym (Polacy, Brytyjczycy)
        or, at a sentence start, a common word (Szczepionka). The contract lists named persons."""
        if s.label_ != "PER" or len(s) != 1:
            return False
        return no_person(s.text, self.lang, self._first_in_sentence(s[0]))

    def _adjective_first(self, s: Span) -> bool:
        """A one-word 'place' that starts a sentence (capitalised for that) and agrees, as an
        adjective, with the lower-case noun after it: `Polska delegacja weźmie udział`
        (a Polish delegation). The contract lists no adjectives."""
        if s.label_ != "LOC" or len(s) != 1 or s.end >= len(s.doc):
            return False
        after = s.doc[s.end]
        return bool(self._first_in_sentence(s[0]) and after.is_alpha and after.is_lower
                    and adjective_agrees(s.text, after.text, self.lang))

    def _inner_place(self, m: Span, ents) -> bool:
        """A model place inside an organisation name, outside its quoted part, not an
        adjective (Ogólnopolskim, Lubelski: the contract lists no adjectives); where a
        dictionary knows geographic names (ru, pl), one that it reads as such."""
        if any(t.pos_ == "ADJ" for t in m) or m.start > 0 and m.doc[m.start - 1].text in self.named_after:
            return False  # adjectives; `университет имени Ивана Пулюя` is named after a person
        if has_place_dictionary(self.lang) and not is_place_word(m[-1].text, self.lang):
            return False
        for e in ents:
            if e.label_ == "ORG" and e.start <= m.start and m.end <= e.end and (e.start, e.end) != (m.start, m.end):
                if m.start == e.start and "adjective_first" in self.traits:
                    return False  # no dictionary: a Slavic name's first word is mostly an adjective
                before = [t.text for t in e.doc[e.start:m.start]]
                return sum(t in OPEN_QUOTES for t in before) <= sum(t in CLOSE_QUOTES - OPEN_QUOTES for t in before)
        return False

    # ------------------------------------------------------------------ 4. lists
    def _list_item(self, doc: Doc, i: int, starts: dict[int, Span], stop: int) -> tuple[int, Span | None] | None:
        """The list item at token i: an entity, or a run of capitalised tokens (at most 5)
        that ends at a separator or the sentence end; None when a common word comes first."""
        if i in starts:
            return starts[i].end, starts[i]
        j = i
        while j < stop and j - i < 5 and not self._separator(doc[j]) and not (doc[j].is_punct and doc[j].text == "."):
            t = doc[j]
            if not (t.text[:1].isupper() or t.text[:1].isdigit() or t.text in OPEN_QUOTES | CLOSE_QUOTES
                    or t.text in HYPHENS):
                return None
            j += 1
        if j == i or j - i >= 5 and j < stop and not self._separator(doc[j]):
            return None
        return j, None

    @staticmethod
    def _sentence_end(doc: Doc, i: int) -> int:
        return doc[i].sent.end if doc.has_annotation("SENT_START") else len(doc)

    @staticmethod
    def _sentence_start(doc: Doc, i: int) -> int:
        return doc[i].sent.start if doc.has_annotation("SENT_START") else 0

    @staticmethod
    def _first_in_sentence(t) -> bool:
        """Only spaces and punctuation (quotes, dashes) before the token in its sentence:
        its capital may be the sentence's, not a name's."""
        return all(x.is_space or x.is_punct for x in t.doc[DomainLayer._sentence_start(t.doc, t.i):t.i])

    def _read_list(self, doc: Doc, pos: int, starts: dict[int, Span], stop: int) -> list[tuple[int, int, Span | None]]:
        """The items (start, end, entity or None) of a list whose first item is at `pos`,
        joined by separators (`,`, `и`, `and`), up to the first thing that is no item."""
        items: list[tuple[int, int, Span | None]] = []
        while pos < stop:
            found = self._list_item(doc, pos, starts, stop)
            if found is None:
                break
            items.append((pos, found[0], found[1]))
            nxt = self._after_separators(doc, found[0], stop)
            if nxt == found[0]:
                break
            pos = nxt
        return items

    def _after_separators(self, doc: Doc, pos: int, stop: int) -> int:
        k = pos
        while k < stop and k - pos < 2 and self._separator(doc[k]):
            k += 1
        return k

    def _separator(self, token) -> bool:
        return token.text in (",", ";") or token.text.lower() in self.conjunctions

    def _harmonise_lists(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Members listed together are of one kind: in `КАМАЗ, Форд Соллерс Холдинг, ТАНЕКО,
        ТАИФ-НК, Аммоний и Нижнекамскнефтехим` (three or more items, organisations the
        largest kind, at least two), every item is an organisation, the model's people and
        places among them and the names it missed alike; so is an acronym the model missed
        that is coordinated with one organisation (`Союза машиностроителей России и ТулГУ`)."""
        if not self.conjunctions:
            return ents
        starts = {e.start: e for e in ents}
        out = list(ents)
        done: set[int] = set()
        for first in ents:
            if first.start in done:
                continue
            stop = self._sentence_end(doc, first.start)
            after = self._after_separators(doc, first.end, stop)
            items = [(first.start, first.end, first)]
            if after > first.end:
                items += self._read_list(doc, after, starts, stop)
            done.update(s for s, _, _ in items)
            if first.label_ != "ORG" and first.start > 0 and doc[first.start - 1].pos_ == "ADP":
                items = items[1:]  # `Last week in Poland, X and Y signed`: the place starts no list
            labels = [e.label_ for _, _, e in items if e is not None]
            n_org = labels.count("ORG")
            pair = len(items) == 2 and labels == ["ORG"] and items[1][2] is None and items[1][1] - items[1][0] == 1 \
                and _acronym(doc[items[1][0]].text)  # `Союза машиностроителей России и ТулГУ`
            if not pair and (len(items) < 3 or n_org < 2 or any(labels.count(x) > n_org for x in set(labels) - {"ORG"})):
                continue
            for s, e, ent in items:
                if ent is not None and ent.label_ == "ORG":
                    continue
                span = Span(doc, s, e, label="ORG")
                if ent is not None:
                    out.remove(ent)
                if any(c.isalpha() for c in span.text) and self._is_name(span):  # ТАИФ-НК is one token
                    out.append(span)
        return out

    def _coordinated_people(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A name joined by a conjunction to a person's full name is a person's too: in
        `prof. Zigmas Lydeka ir Ligita Valalytė, laikinai einanti …` the model took the given
        name for a place and missed the surname. Only two capitalised words that end there,
        with no institution, cluster or legal-form word, which the model left untyped or
        typed in part (a place it found whole stays one: `John Smith and New York`)."""
        if not self.conjunctions:
            return ents
        out = list(ents)
        for p in ents:
            k = p.end
            if p.label_ != "PER" or len(p) < 2 or k + 2 >= len(doc) or doc[k].lower_ not in self.conjunctions.exact:
                continue
            pair = doc[k + 1:k + 3]
            if not all(t.is_title and t.text.replace("-", "").isalpha() and not t.is_sent_start for t in pair) \
                    or k + 3 < len(doc) and doc[k + 3].text[:1].isupper() \
                    or any(t.text in self.heads or t.text in self.cluster or t.text in self.legal for t in pair):
                continue
            typed = [e for e in out if e.start < pair.end and pair.start < e.end]
            if any(e.label_ == "ORG" or e.start < pair.start or e.end > pair.end for e in typed) \
                    or any(e.label_ == "LOC" and len(e) == 2 for e in typed):
                continue
            out = [e for e in out if e not in typed] + [Span(doc, pair.start, pair.end, label="PER")]
        return out

    def _sources(self, doc: Doc, out: list[Span], starts: dict[int, Span]) -> list[Span]:
        """The outlet a report is attributed to is an organisation: `Как уточняет KP.RU`,
        `jak podaje PAP`, `according to Reuters` (cues in lang/<code>/source_cues.txt); a
        name the model already typed (a person: `according to John Smith`) stays as it is."""
        if not self.source_cues:
            return out
        lows = self._texts(doc)[1]
        firsts = {cue[0] for cue in self.source_cues}
        for k in range(len(doc)):
            if lows[k] not in firsts:
                continue
            for cue in self.source_cues:
                if tuple(lows[k:k + len(cue)]) != cue:
                    continue
                j = k + len(cue)
                if j < len(doc) and doc[j].text == ":":
                    j += 1
                if j >= len(doc) or j in starts or not doc[j].text[:1].isupper():
                    continue
                found = self._list_item(doc, j, {}, self._sentence_end(doc, j))
                if found is None:
                    continue
                span = Span(doc, j, found[0], label="ORG")
                if self._is_name(span) and not any(x.start < span.end and span.start < x.end for x in out):
                    out.append(span)
        return out

    def _credit_lines(self, doc: Doc, out: list[Span]) -> list[Span]:
        """Outlets named in credit lines are organisations: a photo credit `Фото: Евгения
        Яблонская / Коммерсантъ` (the name after the slash; lang/<code>/credit_cues.txt) and
        a source line `ELTA ir lrytas.lt inf.` (a short line ending in a cue of
        lang/<code>/source_line_ends.txt, its items joined by commas or conjunctions), and
        the holder of a copyright line (`© LAFEZ visos teisės saugomos 2021`)."""
        found: list[Span] = []
        texts = self._texts(doc)[0]
        for line in re.finditer(r"[^\n]+", doc.text):
            part = doc.char_span(line.start(), line.end(), alignment_mode="contract")
            if part is None or len(part) - sum(map(str.isspace, texts[part.start:part.end])) > 12:
                continue  # a short line only: counted on the texts, without a Token per word
            toks = [t for t in part if not t.is_space]
            if not toks:
                continue
            if toks[0].text.lower().rstrip(".") in self.credit_cues and any(t.text == "/" for t in toks):
                slash = max(k for k, t in enumerate(toks) if t.text == "/")
                name = toks[slash + 1:]
                if 1 <= len(name) <= 4 and name[0].text[:1].isupper():
                    found.append(Span(doc, name[0].i, name[-1].i + 1, label="ORG"))
                continue
            if toks[0].text == "©":  # a copyright line names its holder: `© LAFEZ visos teisės saugomos`
                k = 1 + (len(toks) > 1 and toks[1].like_num)
                j = k
                while j < len(toks) and toks[j].text[:1].isupper() and j - k < 5:
                    j += 1
                if j > k:
                    found.append(Span(doc, toks[k].i, toks[j - 1].i + 1, label="ORG"))
                continue
            lows = [t.lower_ for t in toks]
            end = next((len(c) for c in self.source_line_ends if tuple(lows[-len(c):]) == c), 0)
            if not end:
                continue
            item: list = []
            for t in [*toks[:-end], None]:
                if t is None or t.text == "," or t.text in self.conjunctions:
                    if item and (item[0].text[:1].isupper() or "." in item[0].text.strip(".")):
                        found.append(Span(doc, item[0].i, item[-1].i + 1, label="ORG"))
                    item = []
                else:
                    item.append(t)
        found = [f for f in found if self._is_name(f) and not any(
            x.start < f.end and f.start < x.end for x in out if not (x.start >= f.start and x.end <= f.end))]
        return [x for x in out if not any(f.start <= x.start and x.end <= f.end for f in found)] + found

    @staticmethod
    def _any_form(tok, words) -> bool:
        """`tok` is one of `words`, plural and other forms too (`Clusters`, `кластеры`)."""
        return tok.text in words or any(len(w) > 3 and tok.lower_.startswith(w) for w in words.exact)

    def _without_subunits(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A unit of an organisation named next to it is part of it, and the contract lists
        no organisation nested in another: `Wydział Innowacyjności w Departamencie Rozwoju
        Regionalnego … Urzędu Marszałkowskiego`, `Ministerstwie Walonii, Departament
        Konkurencyjności`, `European Commission (DG Enterprise and Industry)` (heads in
        lang/<code>/subunit_heads.txt; within 3 tokens of another organisation)."""
        if not self.subunit_heads:
            return ents
        orgs = [e for e in ents if e.label_ == "ORG"]

        def unit(e: Span) -> bool:
            head = e[-1] if self.lang in ("lt", "lv") else e[0]
            return e.label_ == "ORG" and head.text in self.subunit_heads and any(
                o is not e and e.sent == o.sent and (0 <= e.start - o.end <= 3 or 0 <= o.start - e.end <= 3)
                for o in orgs)

        return [e for e in ents if not unit(e)]

    def _programme_lists(self, doc: Doc, out: list[Span], starts: dict[int, Span]) -> list[Span]:
        """Names listed right after a programme or project noun are programmes, which the
        contract does not list: `programów sektorowych Innochem i ChemBR`, `Program COSME,
        Horyzont 2020, RIS` (the nouns in lang/<code>/programme_nouns.txt)."""
        lows = self._texts(doc)[1]
        inside = {t for x in out for t in range(x.start, x.end)}
        drop: set[int] = set()
        for k, low in enumerate(lows):
            if not self.programme_nouns.has_lower(low) or k in inside:
                continue  # `Krajowy Punkt Kontaktowy Programów Badawczych UE`: a word of a name
            j = k + 1
            while j < len(doc) and j - k <= 2 and doc[j].is_lower and doc[j].pos_ == "ADJ":
                j += 1
            if j < len(doc) and doc[j].text == ":":
                j += 1
            if j >= len(doc) or not doc[j].text[:1].isupper():
                continue
            drop.update(s for s, _, _ in self._read_list(doc, j, starts, self._sentence_end(doc, j)))
        # a name with an institution or cluster head is no programme (`Program COSME i Agencja Rozwoju`)
        return [x for x in out if x.start not in drop or x.label_ == "LOC"
                or any(t.text in self.heads or t.text in self.cluster for t in x)]

    def _described_cluster(self, doc: Doc, k: int, inside: set[int]):
        """The cluster noun of a description that a dash at k follows (`кластеров Европы –`),
        the noun in lower case and in no name, at most one word (a place) between; or None."""
        for j in (k - 1, k - 2):
            if j >= 0 and doc[j].is_lower and j not in inside and self._any_form(doc[j], self.cluster):
                return doc[j]
            if j < 0 or not doc[j].text[:1].isupper():
                return None
        return None

    def _introduced_lists(self, doc: Doc, out: list[Span], starts: dict[int, Span]) -> list[Span]:
        """Names listed after a cluster or institution noun and a colon are clusters (label
        CLUSTER) or organisations: `with the following 3 European Clusters: CIMES,
        Polymeris, and Proplast`; so is a name after a dash that follows a description
        with a cluster noun (`одним из крупнейших авиационных кластеров Европы – Aerospace
        Initiative Saxony`)."""
        texts = self._texts(doc)[0]
        inside = {t for x in out for t in range(x.start, x.end)}
        for k, text in enumerate(texts):
            if text == ":" and k > 0 and (self._any_form(doc[k - 1], self.cluster)
                                          or self._any_form(doc[k - 1], self.heads)):
                noun, fewest = doc[k - 1], 2
            elif text in DASHES and (noun := self._described_cluster(doc, k, inside)) is not None:
                fewest = 1  # `одним из крупнейших авиационных кластеров Европы – Aerospace Initiative Saxony`
            else:
                continue
            items = self._read_list(doc, k + 1, starts, self._sentence_end(doc, k))
            if len(items) < fewest:
                continue
            label = "CLUSTER" if self._any_form(noun, self.cluster) else "ORG"
            for s, e, ent in items:
                if ent is not None and ent.label_ == label:
                    continue
                span = Span(doc, s, e, label=label)
                if ent is not None and ent in out:
                    out.remove(ent)
                if self._is_name(span):
                    out = [x for x in out if not (x.start < e and s < x.end)] + [span]
        return out

    def _is_name(self, span: Span) -> bool:
        """Not a lone generic head (`Klastra`, `Fundacji` referring back), nor a programme or event name."""
        words = [t for t in span if any(c.isalpha() for c in t.text)]  # Синара-Девелопмент too
        if len(span) == 1 and (span[0].text in self.cluster or span[0].text in self.heads):
            return False
        return bool(words) and not any(t.text in self.not_entities for t in span)


def _acronym(word: str) -> bool:
    """Two or more capitals among letters only (ТулГУ, СПбГЛТУ, KTU)."""
    return word.isalpha() and sum(c.isupper() for c in word) >= 2


@Language.factory("clusterx_domain", default_config={"lang": ""})
def make_domain_layer(nlp: Language, name: str, lang: str) -> DomainLayer:
    """`lang`: whose words to use (default: the pipeline's language)."""
    return DomainLayer(nlp, name, lang)


@Language.component("clusterx_initials")
def keep_initials(doc: Doc) -> Doc:
    """An initial ends no sentence: `sakė I. Padaras.`, `powiedział J. Kowalski`. Where the
    tokenizer splits the full stop off one capital letter (as the Lithuanian and Polish
    treebanks do, and the NER learnt), the sentencizer ends a sentence there, and the NER,
    which never crosses a sentence end, finds `I.` alone. Runs after the sentencizer: the
    word after a capital letter and its full stop goes on the same sentence when it is
    capitalised (in tokenised text too: `I . Padaras`)."""
    if not doc.has_annotation("SENT_START"):
        return doc
    for i in range(1, len(doc) - 1):
        if doc[i].text != ".":
            continue
        letter, nxt = doc[i - 1], doc[i + 1]
        if len(letter.text) == 1 and letter.text.isupper() and nxt.text[:1].isupper() and nxt.is_sent_start:
            before = doc[i - 2] if i >= 2 else None
            if letter.text in ROMAN and before is not None and before.is_title and not before.is_sent_start:
                continue  # a Roman numeral: World War I. The war ended…
            nxt.is_sent_start = False
    return doc


@Language.component("clusterx_paragraphs")
def paragraph_ends(doc: Doc) -> Doc:
    """A blank line ends a sentence. A headline, a byline or a dateline above an article
    has no full stop, and the sentencizer ran it into the body's first sentence (`Submitted
    by … on 08 December 2013 ⏎⏎ Eurochile to strengthen cooperation … ⏎⏎ Mr. Durvy signed
    …` was one sentence: an event's evidence, and the words the NER and the event rules
    read together). Added after the component that sets the sentences (nlp.py)."""
    for i in range(len(doc) - 1):
        tok = doc[i]
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc
