"""Sources an article credits: news outlets, agencies, unnamed officials, documents.

Three layers feed one list, deduplicated per (source, cue, mention span):

* datelines and credit lines ("TEHRAN (Tasnim) –", "(AP)", "— AFP", "/ТАСС/"): regular
  expressions, so they work in every language;
* English with a syntactic parse: dependency patterns (subject of "reported"/"writes",
  object of "according to"/"citing", "told CNN", "interview with", "obtained by");
* English without syntax, and Russian: cue words ("according to", "сообщает", "по данным")
  matched on tokens, next to a known source name, a named-entity span or a capitalised
  name. Source names are known without NER from the table in ``lexicons/sources.tsv``.

The speaker of a quote is not a citation (the quote module owns speakers), so "said" credits
only known outlets, the newspaper/agency nouns and documents ("Reuters said", "a statement
said"), never a person or an arbitrary organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

from rashomon.analyze.parse import NamedSpan, Parse, Token
from rashomon.types import Citation, CitationKind, Span

SOURCES_PATH = Path(__file__).parent / "lexicons" / "sources.tsv"

# How a cue constrains what can stand next to it:
#   publish   "X reported", "reported by X": outlets (any organisation), documents
#   statement "X said", "X shows": known outlets, outlet nouns, documents
#   outlet    "told X", "interview with X", "obtained by X": outlets only
#   info      "according to X", "citing X", "по данным X": any kind
#   person    "по словам X": any kind; an unknown name or phrase is a person
Role = Literal["publish", "statement", "outlet", "info", "person"]

_ROLE_KINDS: dict[Role, frozenset[str]] = {
    "publish": frozenset({"outlet", "agency", "document"}),
    "statement": frozenset({"outlet", "agency", "document"}),
    "outlet": frozenset({"outlet", "agency"}),
    "info": frozenset({"outlet", "agency", "document", "official", "person", "other"}),
    "person": frozenset({"outlet", "agency", "document", "official", "person", "other"}),
}


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# English head nouns (lemmas) that say what an unnamed source is.
_NOUN_KINDS: dict[str, CitationKind] = {
    word: kind
    for kind, words in (
        (
            "outlet",
            "newspaper paper outlet broadcaster magazine website tabloid daily publication "
            "channel station wire newsletter journal",
        ),
        (
            "document",
            "report statement document filing record memo memorandum letter email transcript "
            "study survey poll data figure estimate analysis audit investigation complaint "
            "indictment lawsuit affidavit notice ruling decree census assessment "
            "review footage video tally statistic minute draft cable dossier testimony datum "
            "database",
        ),
        (
            "official",
            "official spokesman spokeswoman spokesperson source aide diplomat authority "
            "minister ministry government police prosecutor investigator lawmaker legislator "
            "adviser advisor representative insider officer commander administration "
            "department military embassy",
        ),
        (
            "person",
            "person people witness expert analyst resident observer economist researcher "
            "scientist doctor attorney lawyer he she they him her them",
        ),
    )
    for word in _words(words)
}

# Russian stems (lower case, matched as word prefixes) for the same purpose.
_RU_STEM_KINDS: tuple[tuple[str, CitationKind], ...] = tuple(
    (stem, kind)
    for kind, stems in (
        ("outlet", "газет издани телеканал агентств журнал радиостанц сайт портал таблоид"),
        (
            "document",
            "доклад отчет отчёт документ опрос исследован статистик заявлен сообщен письм "
            "материал расчет расчёт оценк перепис публикац бюллетен протокол постановлен "
            "указ приговор решени запис видео стенограмм сводк рейтинг",
        ),
        (
            "official",
            "министр представител чиновник источник пресс-секретар спикер официальн "
            "губернатор мэр посол дипломат депутат сенатор генерал командующ глав "
            "руководител советник помощник следовател прокурор полици ведомств "
            "правительств минобороны мид кремл администрац штаб власт",
        ),
        (
            "person",
            "эксперт аналитик свидетел очевид собеседник жител политолог экономист учен "
            "врач человек люд",
        ),
    )
    for stem in _words(stems)
)

# Words in a name that mark it as a publication ("Fox News Digital", "Daily Star").
_OUTLET_WORDS = _words(
    "news times post journal tribune herald gazette daily telegraph radio tv television "
    "broadcasting broadcaster magazine chronicle weekly channel wire newspaper examiner "
    "courier inquirer dispatch газета телеканал агентство радио журнал"
)

_PUBLISH_VERBS = _words("report write publish reveal learn break")
_STATEMENT_VERBS = _words(
    "say show find indicate suggest state note conclude estimate claim allege confirm add "
    "describe detail warn read"
)
_SUBJECT_VERBS = _PUBLISH_VERBS | _STATEMENT_VERBS
_AGENT_VERBS = _words("report publish obtain see review reveal interview quote cite")
_CONVERSATION_LEMMAS = _words("interview speak talk")
_TRIGGER_LEMMAS = _SUBJECT_VERBS | _AGENT_VERBS | _CONVERSATION_LEMMAS | _words("accord tell")
_QUOTE_MARKS = '"“”«»'
# Words that make an organisation's name an institution rather than a publication.
_INSTITUTION_WORDS = _words(
    "department police committee office bureau ministry agency court council commission "
    "foundation institute center centre university party campaign company corporation "
    "inc group association union board administration government"
)
_SCOOP_OBJECTS = _words("news story")  # "broke the news/story"
_LEFT_DEPS = _words("det compound amod nummod poss nmod quantmod")
_RIGHT_DEPS = _words("prep amod")
_MAX_MENTION_TOKENS = 10

_EN_STOPWORDS = _words(
    "that who which whose with from in at on of for to and or but said says say told as familiar "
    "while when because after before if"
)
_RU_STOPWORDS = _words("что который которая которые и в на о об из с к по а но как")

_DETERMINER = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING_JUNK = re.compile(r"(?:['’]s|['’])?[\s.,;:!?\"»”)]*$")
_SPACES = re.compile(r"\s+")
_QUOTED = re.compile(r"[«\"“]([^«»\"“”\n]{2,60})[»\"”]")
_CAPITALISED = re.compile(r"[A-ZА-ЯЁ][\w&'’.-]*(?:[ \t]+[A-ZА-ЯЁ][\w&'’.-]*){0,4}")
_LATIN = re.compile(r"[A-Za-z]")
_PHRASE_END = re.compile(r"[,.;:!?()\"“”«»\n—–]")
_WORD = re.compile(r"[\w'’-]+")
_CHUNK = re.compile(r"[^\s(]+")
_RU_DESCRIPTOR = re.compile(
    r"(?:(?:информационное|новостное)\s+)?(?:агентств[оаеу]|газет[аеуы]|издани[еяю]|"
    r"телеканал[ау]?|журнал[ау]?|портал[ау]?|радиостанци[яиюей]|сайт[ау]?|таблоид[ау]?|"
    r"телеграм-канал[ау]?|канал[ау]?)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Known:
    name: str
    kind: CitationKind


@dataclass(frozen=True, slots=True)
class _Table:
    by_key: dict[str, _Known]
    written: frozenset[str]  # every alias exactly as written
    last_words: frozenset[str]  # the last word of every alias, for a quick rejection
    alias_pattern: str  # regex alternation of every alias as written, longest first


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    label: str | None  # named-entity label, None when no tagger span covers the name
    proper: bool  # a name (PROPN or capitalised), not a common-noun phrase
    noun_kind: CitationKind | None  # kind implied by a common head noun ("officials")
    beside_quote: bool = False  # in a sentence with quotation marks: maybe a speaker
    normal: str = ""  # the tagger's dictionary form of the name ("Пескова" -> "Песков")


def _key(name: str) -> str:
    """Lookup key of a source name: case-folded, without "the", possessive or punctuation."""
    key = _SPACES.sub(" ", name.replace("’", "'")).strip(" .,;:!?\"'«»“”").casefold()
    key = key.removesuffix("'s")
    return key[4:] if key.startswith("the ") else key


@cache
def _table() -> _Table:
    by_key: dict[str, _Known] = {}
    aliases: set[str] = set()
    for line in SOURCES_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name, kind, alias_field = line.split("\t")
        known = _Known(name, cast(CitationKind, kind))  # "agency" or "outlet": see the tests
        for alias in (name, *(a.strip() for a in alias_field.split("|"))):
            by_key.setdefault(_key(alias), known)
            aliases.add(alias)
    pattern = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    last_words = frozenset(alias.split()[-1] for alias in aliases)
    return _Table(by_key, frozenset(aliases), last_words, pattern)


@dataclass(frozen=True, slots=True)
class _Patterns:
    known: re.Pattern[str]  # a known name at a position, optional "the" in front
    dateline: re.Pattern[str]
    dash_dateline: re.Pattern[str]
    paren_credit: re.Pattern[str]
    dash_credit: re.Pattern[str]


_PLACE = r"[A-ZА-ЯЁ][A-ZА-ЯЁ.'’ -]{1,40}?(?:,[^\n()/]{1,30}?)?[ \t]*"


@cache
def _patterns() -> _Patterns:
    known = _table().alias_pattern
    name = rf"(?:[Tt]he\s+)?(?P<src>{known})(?!\w)"
    return _Patterns(
        known=re.compile(rf"(?<!\w){name}"),
        dateline=re.compile(
            rf"(?m)^[ \t]*(?:{_PLACE})?(?:\((?P<paren>[A-ZА-ЯЁ][^()\n]{{1,40}})\)[ \t]*[-–—:]|"
            rf"/(?:корр\.\s*)?(?P<slash>[^/\n]{{2,40}})/)"
        ),
        dash_dateline=re.compile(rf"(?m)^[ \t]*{_PLACE}[—–-][ \t]*{name}"),
        paren_credit=re.compile(rf"\([ \t]*(?P<src>{known})[ \t]*\)"),
        dash_credit=re.compile(rf"(?m)(?:—|–|--?)[ \t]*{name}[ \t]*\.?[ \t]*$"),
    )


def _ru_forms(*stems: str) -> list[str]:
    """Past-tense forms of Russian verbs: "сообщил" -> сообщил, сообщила, сообщило, сообщили."""
    return [stem + ending for stem in stems for ending in ("", "а", "о", "и")]


_RU_PUBLISH_VERBS = [
    *_words("пишет пишут сообщает сообщают передаёт передает передают отмечает уточняет"),
    *_ru_forms("написал", "сообщил", "передал", "опубликовал", "выяснил", "узнал"),
]
# Cue phrases for text without syntax, matched on lower-cased tokens: a source follows
# these ("according to X", "сообщает ТАСС"). "{}" marks a pronoun that is itself the source.
_PREFIX_CUES: dict[str, dict[str, Role]] = {
    "en": {
        "according to": "info",
        "citing": "info",
        **dict.fromkeys(
            [
                "told",
                "telling",
                "tells",
                "interview with",
                "interview to",
                "interview on",
                "speaking to",
                "speaking with",
                "spoke to",
                "spoke with",
                "talking to",
                "talked to",
                "obtained by",
                "seen by",
                "reviewed by",
                "interviewed by",
                "quoted by",
            ],
            "outlet",
        ),
        "reported by": "publish",
        "published by": "publish",
    },
    "ru": {
        **dict.fromkeys(_RU_PUBLISH_VERBS, "publish"),
        **{f"как {verb}": "publish" for verb in _RU_PUBLISH_VERBS},
        **dict.fromkeys(
            [
                "по данным",
                "по информации",
                "по сведениям",
                "по сообщению",
                "по сообщениям",
                "по оценкам",
                "по подсчётам",
                "по подсчетам",
                "согласно",
                "согласно данным",
                "согласно информации",
                "согласно сообщению",
                "со ссылкой на",
                "ссылаясь на",
            ],
            "info",
        ),
        "по словам": "person",
        **{f"по {pronoun} словам": "person" for pronoun in ("{его}", "{её}", "{ее}", "{их}")},
        "интервью": "outlet",
        "в интервью": "outlet",
    },
}
# Words that follow a known source name ("Reuters reported", "ТАСС сообщает").
_SUFFIX_CUES: dict[str, frozenset[str]] = {
    "en": _words("reported reports writes wrote published revealed said says learned learnt"),
    "ru": frozenset(_RU_PUBLISH_VERBS),
}
# Words allowed between that name and its cue ("Politico first reported", "has learned").
_BETWEEN_NAME_AND_CUE = _words("first has have had also")


@dataclass(frozen=True, slots=True)
class _PrefixCue:
    words: tuple[str, ...]
    role: Role
    pronoun_at: int | None  # position of a "{pronoun}" word that is the source itself


@cache
def _cue_index(language: str) -> dict[str, list[_PrefixCue]]:
    """Prefix cues by first word, longest first, so "как пишет" wins over "пишет"."""
    index: dict[str, list[_PrefixCue]] = {}
    for phrase, role in _PREFIX_CUES[language].items():
        words = phrase.split()
        pronoun_at = next((i for i, w in enumerate(words) if w.startswith("{")), None)
        cue = _PrefixCue(tuple(w.strip("{}") for w in words), role, pronoun_at)
        index.setdefault(cue.words[0], []).append(cue)
    for cues in index.values():
        cues.sort(key=lambda cue: -len(cue.words))
    return index


def find_citations(text: str, parse: Parse, language: str) -> tuple[Citation, ...]:
    """The sources ``text`` credits, in text order, one per (source, cue, mention span)."""
    found = _credit_lines(text)
    if language == "en" and parse.has_syntax:
        found += _english_dependency_citations(text, parse)
    elif language in _SUFFIX_CUES:
        found += _cue_word_citations(text, parse, language)
    unique = {(c.source, c.cue, c.mention.start, c.mention.end): c for c in found}
    return tuple(sorted(unique.values(), key=lambda c: (c.start, c.end, c.source, c.cue)))


def _citation(
    text: str,
    cue: str,
    cue_start: int,
    cue_end: int,
    m_start: int,
    m_end: int,
    kind: CitationKind,
    source: str,
) -> Citation:
    return Citation(
        start=min(cue_start, m_start),
        end=max(cue_end, m_end),
        source=source,
        kind=kind,
        cue=cue,
        mention=Span(m_start, m_end, text[m_start:m_end]),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without a leading article, a trailing possessive or punctuation."""
    while start < end and text[start].isspace():
        start += 1
    article = _DETERMINER.match(text, start, end)
    if article and article.end() < end:
        start = article.end()
    junk = _TRAILING_JUNK.search(text, start, end)
    if junk and junk.start() > start:
        end = junk.start()
    return start, end


def _known_citation(
    text: str,
    cue: str,
    cue_start: int,
    cue_end: int,
    name_start: int,
    name_end: int,
    unknown: CitationKind,
) -> Citation:
    """Citation of the name at [name_start, name_end): the table's kind, else ``unknown``."""
    start, end = _trimmed(text, name_start, name_end)
    known = _table().by_key.get(_key(text[start:end]))
    if known is None:
        return _citation(text, cue, cue_start, cue_end, start, end, unknown, text[start:end])
    return _citation(text, cue, cue_start, cue_end, start, end, known.kind, known.name)


def _credit_lines(text: str) -> list[Citation]:
    """Datelines and credit lines: "WASHINGTON (Reuters) -", "(AP)", "— AFP", "/ТАСС/".

    An unknown name in a dateline is still a publisher's credit, hence kind "outlet".
    """
    patterns = _patterns()
    found: list[Citation] = []
    for m in patterns.dateline.finditer(text):
        group = "paren" if m.group("paren") else "slash"
        found.append(
            _known_citation(text, "dateline", m.start(), m.end(), *m.span(group), "outlet")
        )
    for m in patterns.dash_dateline.finditer(text):
        found.append(
            _known_citation(text, "dateline", m.start(), m.end(), *m.span("src"), "outlet")
        )
    datelines = [(c.start, c.end) for c in found]
    for pattern in (patterns.paren_credit, patterns.dash_credit):
        for m in pattern.finditer(text):
            if not any(start <= m.start("src") < end for start, end in datelines):
                cue = m.group().strip()
                found.append(
                    _known_citation(text, cue, m.start(), m.end(), *m.span("src"), "outlet")
                )
    return found


def _judge(text: str, mention: _Mention, role: Role) -> tuple[CitationKind, str] | None:
    """Kind and normalised source name of a mention next to a cue of ``role``, or None."""
    name = _SPACES.sub(" ", text[mention.start : mention.end])
    table = _table().by_key
    known = table.get(_key(name)) or table.get(_key(mention.normal))
    name = mention.normal or name
    if known is not None:
        return known.kind, known.name
    if mention.noun_kind is not None:
        return (mention.noun_kind, name) if mention.noun_kind in _ROLE_KINDS[role] else None
    if role == "person":
        return "person", name
    if not mention.proper:
        return None
    if mention.label == "PERSON":
        return ("person", name) if role == "info" else None
    words = {word.casefold() for word in _WORD.findall(name)}
    outlet_like = not words.isdisjoint(_OUTLET_WORDS)
    if outlet_like:
        return "outlet", name
    if role == "info":
        return "other", name
    # An organisation "reported"/"wrote": a publication, unless it is an institution or
    # the sentence quotes it ("“...,” Mariano wrote" names a speaker the tagger took for an ORG)
    if role == "publish" and mention.label == "ORG" and not mention.beside_quote:
        return ("other" if not words.isdisjoint(_INSTITUTION_WORDS) else "outlet"), name
    return None


class _DependencyReader:
    """English dependency patterns over one Parse.

    Children and named spans are looked up lazily, a sentence at a time, because only the
    few sentences holding a cue word are ever examined.
    """

    def __init__(self, text: str, parse: Parse) -> None:
        self.text = text
        self.parse = parse
        self.tokens = parse.tokens
        self.children_of: dict[int, list[int]] = {}
        self.named = sorted(parse.named, key=lambda span: span.start)
        self.named_starts = [span.start for span in self.named]
        self.found: list[Citation] = []

    def citations(self) -> list[Citation]:
        tokens = self.tokens
        for tok in tokens:
            lemma = tok.lemma
            if lemma not in _TRIGGER_LEMMAS:
                continue
            lower = tok.text.lower()
            if lower == "according" and tok.i + 1 < len(tokens) and tokens[tok.i + 1].lemma == "to":
                to = tokens[tok.i + 1]
                self._cite(tok, to, self._deps(to.i, "pobj"), "info")
            elif lower == "citing":
                self._cite(tok, tok, self._deps(tok.i, "dobj"), "info")
            elif lemma == "tell":
                self._cite(tok, tok, self._deps(tok.i, "dobj", "dative", "iobj"), "outlet")
            elif lemma in _CONVERSATION_LEMMAS:
                for prep in self._deps(tok.i, "prep"):
                    if tokens[prep].lemma in ("with", "to", "on"):
                        self._cite(tok, tokens[prep], self._deps(prep, "pobj"), "outlet")
            if lemma in _AGENT_VERBS:
                self._agent_citations(tok)
            if tok.pos in ("VERB", "AUX") and lemma in _SUBJECT_VERBS:
                self._subject_citations(tok)
        return self.found

    def _agent_citations(self, verb: Token) -> None:
        """ "reported by Axios", "a filing obtained by Reuters" (the filing is cited too)."""
        role: Role = "publish" if verb.lemma in _PUBLISH_VERBS else "outlet"
        for agent in self._deps(verb.i, "agent"):
            objects = self._deps(agent, "pobj")
            self._cite(verb, self.tokens[agent], objects, role)
            if objects and verb.dep == "acl":
                self._cite(verb, self.tokens[agent], [verb.head], "statement")

    def _subject_citations(self, verb: Token) -> None:
        """ "Euronews reported", "The Post has learned", "court documents show"."""
        objects = [self.tokens[i] for i in self._deps(verb.i, "dobj")]
        last = verb
        role: Role
        if verb.lemma == "break":
            scoops = [o for o in objects if o.lemma in _SCOOP_OBJECTS]
            if not scoops:
                return
            last, role = scoops[0], "publish"
        elif verb.lemma in _PUBLISH_VERBS:
            # "Apple reported record profits" credits nobody: with an object, outlets only
            role = "outlet" if objects else "publish"
        else:
            role = "statement"
        self._cite(verb, last, self._deps(verb.i, "nsubj"), role)

    def _children(self, i: int) -> list[int]:
        if i not in self.children_of:
            first, end = self.parse.sentence_bounds[self.tokens[i].sent]
            for j in range(first, end):
                self.children_of[j] = []
            for j in range(first, end):
                head = self.tokens[j].head
                if head != j and first <= head < end:
                    self.children_of[head].append(j)
        return self.children_of[i]

    def _deps(self, head: int, *deps: str) -> list[int]:
        return [c for c in self._children(head) if self.tokens[c].dep in deps]

    def _cite(self, cue_first: Token, cue_last: Token, heads: list[int], role: Role) -> None:
        cue = _SPACES.sub(" ", self.text[cue_first.start : cue_last.end]).lower()
        for head in heads:
            for h in [head, *self._conjuncts(head)]:
                judged = _judge(self.text, mention := self._mention(h), role)
                if judged is None and role == "outlet":  # "told MSNBC's Morning Joe"
                    for owner in self._deps(h, "poss"):
                        judged = _judge(self.text, mention := self._mention(owner), role)
                        if judged is not None:
                            break
                if judged is not None:
                    self.found.append(
                        _citation(
                            self.text,
                            cue,
                            cue_first.start,
                            cue_last.end,
                            mention.start,
                            mention.end,
                            *judged,
                        )
                    )

    def _conjuncts(self, head: int) -> list[int]:
        found: list[int] = []
        for c in self._deps(head, "conj"):
            found += [c, *self._conjuncts(c)]
        return found

    def _edge(self, i: int, leftmost: bool) -> int:
        """Leftmost or rightmost token index of the subtree under ``i``."""
        edge = i
        for c in self._children(i):
            inner = self._edge(c, leftmost)
            edge = min(edge, inner) if leftmost else max(edge, inner)
        return edge

    def _named_span(self, tok: Token) -> NamedSpan | None:
        k = bisect_right(self.named_starts, tok.start) - 1
        return self.named[k] if k >= 0 and self.named[k].end > tok.start else None

    def _beside_quote(self, tok: Token) -> bool:
        first, end = self.parse.sentence_bounds[tok.sent]
        sentence = self.text[self.tokens[first].start : self.tokens[end - 1].end]
        return any(mark in sentence for mark in _QUOTE_MARKS)

    def _mention(self, h: int) -> _Mention:
        tok = self.tokens[h]
        span = self._named_span(tok)
        if span is not None:
            start, end = _trimmed(self.text, span.start, span.end)
            normal = _normal_if_whole(span, start, end)
            return _Mention(start, end, span.label, True, None, self._beside_quote(tok), normal)
        lo = hi = h
        for c in self._children(h):
            dep = self.tokens[c].dep
            if c < h and dep in _LEFT_DEPS:
                lo = min(lo, self._edge(c, leftmost=True))
            elif c > h and dep in _RIGHT_DEPS:
                hi = max(hi, self._edge(c, leftmost=False))
        if hi - lo >= _MAX_MENTION_TOKENS:  # long modifiers: the head and its left part only
            hi = h
        start, end = _trimmed(self.text, self.tokens[lo].start, self.tokens[hi].end)
        proper = tok.pos == "PROPN"
        noun_kind = None if proper else _NOUN_KINDS.get(tok.lemma)
        return _Mention(start, end, None, proper, noun_kind, self._beside_quote(tok))


def _normal_if_whole(span: NamedSpan, start: int, end: int) -> str:
    """The span's dictionary form, unless trimming changed what it names."""
    return span.normal if (start, end) == (span.start, span.end) else ""


def _english_dependency_citations(text: str, parse: Parse) -> list[Citation]:
    return _DependencyReader(text, parse).citations()


def _noun_kind(word: str, language: str) -> CitationKind | None:
    word = word.lower()
    if language == "ru":
        return next((kind for stem, kind in _RU_STEM_KINDS if word.startswith(stem)), None)
    if word in _NOUN_KINDS:
        return _NOUN_KINDS[word]
    return _NOUN_KINDS.get(word[:-1]) if word.endswith("s") else None


def _mention_after(
    text: str, pos: int, language: str, named: dict[int, NamedSpan]
) -> _Mention | None:
    """The source named right after a cue ending at ``pos``."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if language == "ru" and (descriptor := _RU_DESCRIPTOR.match(text, pos)):
        pos = descriptor.end()
    if known := _patterns().known.match(text, pos):
        return _Mention(*_trimmed(text, *known.span("src")), None, proper=True, noun_kind=None)
    if quoted := _QUOTED.match(text, pos):
        return _Mention(quoted.start(1), quoted.end(1), "ORG", proper=True, noun_kind=None)
    span = named.get(pos)
    if span is None and language == "en" and (article := _DETERMINER.match(text, pos)):
        pos = article.end()
        span = named.get(pos)
    ru = language == "ru"
    if span is not None:
        start, end = _trimmed(text, span.start, span.end)
        kind = _noun_kind(text[start:end], language) if ru else None
        normal = _normal_if_whole(span, start, end)
        return _Mention(start, end, span.label, proper=True, noun_kind=kind, normal=normal)
    if capitalised := _CAPITALISED.match(text, pos):
        start, end = _trimmed(text, *capitalised.span())
        # in Russian text a Latin-script name after a cue is a publication's name
        label = "ORG" if ru and _LATIN.match(text, start) else None
        kind = _noun_kind(text[start:end], language) if ru else None
        return _Mention(start, end, label, proper=True, noun_kind=kind)
    stop = _PHRASE_END.search(text, pos, pos + 80)
    stopwords = _RU_STOPWORDS if ru else _EN_STOPWORDS
    words: list[re.Match[str]] = []
    for word in _WORD.finditer(text, pos, stop.start() if stop else pos + 80):
        if word.group().lower() in stopwords or len(words) == 6:
            break
        words.append(word)
    if not words:
        return None
    head = words[0] if ru else words[-1]  # Russian heads come first, English heads last
    start, end = _trimmed(text, words[0].start(), words[-1].end())
    return _Mention(start, end, None, proper=False, noun_kind=_noun_kind(head.group(), language))


def _cue_word_citations(text: str, parse: Parse, language: str) -> list[Citation]:
    """Cue words next to a source name, for text without a syntactic parse."""
    index = _cue_index(language)
    suffix_cues = _SUFFIX_CUES[language]
    named = {span.start: span for span in parse.named}
    tokens = parse.tokens
    found: list[Citation] = []
    covered_until = -1  # "как пишет" already matched: skip the "пишет" inside it
    for tok in tokens:
        word = tok.text.lower()
        for prefix in index.get(word, ()):
            cue_tokens = tokens[tok.i : tok.i + len(prefix.words)]
            cue_end = cue_tokens[-1].end
            spelled = tuple(t.text.lower() for t in cue_tokens)
            if cue_end <= covered_until or spelled != prefix.words:
                continue
            covered_until = cue_end
            cue = _SPACES.sub(" ", text[tok.start : cue_end]).lower()
            if prefix.pronoun_at is None:
                mention = _mention_after(text, cue_end, language, named)
            else:
                pronoun = cue_tokens[prefix.pronoun_at]
                mention = _Mention(pronoun.start, pronoun.end, None, False, "person")
            judged = mention and _judge(text, mention, prefix.role)
            if mention and judged:
                found.append(
                    _citation(text, cue, tok.start, cue_end, mention.start, mention.end, *judged)
                )
            break
        if word in suffix_cues:
            name_end, before = tok.start, tok.i - 1
            while before >= 0 and tokens[before].text.lower() in _BETWEEN_NAME_AND_CUE:
                name_end, before = tokens[before].start, before - 1
            name = _known_before(text, name_end)
            if name is not None:
                found.append(_known_citation(text, word, tok.start, tok.end, *name, "outlet"))
    return found


def _known_before(text: str, end: int) -> tuple[int, int] | None:
    """The longest known source name (as written) ending just before ``end``.

    Looking back over a few words with dictionary lookups is much cheaper than running
    the alternation of all aliases over the whole text.
    """
    chunks = [m.start() for m in _CHUNK.finditer(text, max(0, end - 60), end)]
    table = _table()
    if not chunks or text[slice(*_trimmed(text, chunks[-1], end))] not in table.last_words:
        return None
    for chunk in chunks[-6:]:
        start, stop = _trimmed(text, chunk, end)
        if text[start:stop] in table.written:
            return start, stop
    return None
