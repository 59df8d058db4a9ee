"""Quotes and who said them: direct, partial, scare and indirect (reported) speech.

Steps, each a small function below:
1. pair quotation marks into segments (``quotemarks``);
2. assemble segments into quotes: a quote split by its attribution (``"A," he said,
   "B."``), the em-dash style of translated Russian text where the attribution sits
   inside the marks (``"A,— he said. — B."``), a dash-introduced part whose opening
   mark is missing (``he said. — B."``), a quote running over several paragraphs;
3. find each quote's cue and speaker from the parse: the speech verb nearest the quote
   in its sentences and that verb's subject (found also when the parse misplaces it:
   inverted, apposed, parenthetical, a participle, a text's issuer; the source an
   "according to" cites outranks it); else the verb or noun of speech the quote belongs
   to, whatever the verb, when someone is its subject, or a short clause right after it;
   else a colon frame or reporting verb in the sentence before, a signature on the next
   line, or the speaker of the quote it continues;
4. resolve the speaker to a named entity (names, titles, pronouns, descriptions);
5. tell full quotes from partial quotes inside reported speech and from scare quotes
   (terms and titles);
6. add indirect speech: a reporting verb with a clausal complement ("Putin said that ..."),
   and the content a partial quote is part of ('called the plan "reckless"').
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rashomon.analyze.cues import (
    COGNITIVE_VERBS,
    PHRASAL_SPEECH_VERBS,
    REPORTING_VERBS,
    SCARE_MARKERS,
    SPEECH_NOUNS,
    speech_verbs,
)
from rashomon.analyze.entities import (
    HONORIFICS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    EntityIndex,
    clean_name,
    person_pronouns,
)
from rashomon.analyze.parse import Parse, Token
from rashomon.analyze.quotemarks import QuotedSegment, find_quoted_segments
from rashomon.analyze.sentences import paragraphs
from rashomon.types import Quote, QuoteKind, Sentence, Span

_EMBEDDED_ATTRIBUTION = re.compile(r"[,.!?…]?\s*[—–]\s*([^—–\"“”«»]{2,140}?)[.,:;]?\s*[—–]\s*")
_DASH = re.compile(r"[—–]\s*")
_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,3}\.")  # "Ms.", "Sen.": a title the segmenter split at
# "According to X, ..." / "..., according to X." / "По словам X, ...": speech without a verb.
_ACCORDING_LEAD = re.compile(
    r"(?:according to|по словам|по мнению)\s+([^,;]{2,60}?),\s+", re.IGNORECASE
)
_ACCORDING_TAIL = re.compile(
    r",\s+(?:according to|по словам)\s+([^,;]{2,60}?)[.!]?$", re.IGNORECASE
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "nsubj:pass")
_INVERTED_SUBJECT_WORDS = 5
_NOUN_PHRASE_LEFT = ("det", "amod", "compound", "nummod", "poss", "case", "punct")
_FRAME_ENDINGS = (":", ",", "—", "–", "-", "that", "saying", "что")
_PARTIAL_MAX_WORDS = 5
_COLON_GAP_WORDS = 6  # words between a headline's "Name:" and its quote
_COLON_NAME_WORDS = 7  # "Former secretary of state Ines Maria Karro:"
_DIGEST_DASH = re.compile(r"(?:^|\s)[-—–]+")  # "HEADLINE - Name:", not "Jan. 2-Feb. 1"
_PARENTHESES = re.compile(r"\([^()]*\)")
_SPEAKER_LABELS = ("PERSON", "ORG")
_SPEAKER_POS = ("PROPN", "NOUN", "PRON")
_INVERTED_SPEAKER_POS = (*_SPEAKER_POS, "DET", "NUM")  # "tweeted another", "read one"
_NOT_SPEAKERS = frozenset({"it", "this", "that", "these", "those", "there", "here", "what"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_TITLE_WORD = re.compile(r"[^\W_][\w'’-]*")
_TITLE_SMALL_WORDS = frozenset(
    "a an the and or nor but of to in on at for with by from as vs".split()  # noqa: SIM905
)
# "accused her of", "described it as", "warned against": prepositions that introduce what is said
_CONTENT_PREPOSITIONS = frozenset({"as", "of", "for", "against", "about", "in"})
# Records of spoken words: "according to" one of them names where the words were read.
_SPEECH_RECORDS = frozenset(
    "excerpt transcript text remark recording tape video footage audio copy version".split()  # noqa: SIM905
)
# Verbs whose infinitive says what was demanded or promised ("urged him to resign").
_DIRECTIVE_VERBS = frozenset({"urge", "vow", "pledge", "promise", "threaten", "warn", "ask"})
# ...except the request for anonymity ("a senior official who asked not to be named"): the
# source's condition, not words it said.
_ANONYMITY = re.compile(
    r"(?:not\s+to\s+be|to\s+not\s+be|for\s+anonymity)\b[^.]{0,20}?"
    r"\b(?:named|identified|quoted|cited|publicly|on\s+the\s+record)",
    re.IGNORECASE,
)
# Verbs whose "of"/"for" clause says what someone is charged with ("accused him of lying").
_CHARGING_VERBS = frozenset({"accuse", "criticize", "criticise"})
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "assure", "urge", "warn", "remind"})  # obj: a hearer
_PERSONAL_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})
_CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()  # noqa: SIM905 -- a word list reads best as words
)
_SIGNATURE = re.compile(r"\s*[-—–]\s*(?=[A-Z])")
_SIGNATURE_WORDS = 4  # "- President Obama, tweeting after ..."
_ATTRIBUTION_MAX_WORDS = 12  # "Freddy Ortega, who directs the play, said on Sunday."
# Words either side of a cue searched for its speaker when the parse gave it no subject.
_NEAREST_NAME_WORDS = 4
_DIRECT_SHARE = 0.6  # a quote this share of its sentence's words is a full quote
_OPENING_PUNCT = " \t\n([{\"'“‘«„"


@dataclass(slots=True)
class _Draft:
    parts: list[tuple[int, int]]
    marks: list[tuple[int, int]]  # extent of each part with its quotation marks
    attribution: list[tuple[int, int]] = field(default_factory=list)  # inside the marks

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class _Attribution:
    cue: Token | None
    speaker: Token | None  # head token of the speaker phrase


class _Article:
    """Token look-ups shared by the steps, built once per article."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        parse: Parse,
        entities: EntityIndex,
        language: str,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.parse = parse
        self.tokens = parse.tokens
        self.starts = [t.start for t in parse.tokens]
        self.sentence_starts = [s.start for s in sentences]
        self.entities = entities
        self.language = language
        self.verbs = speech_verbs(language)
        self.pronouns = person_pronouns(language)
        self.quoted: list[tuple[int, int]] = []  # every quote's parts, merged and sorted
        self.marked: list[tuple[int, int]] = []  # the same with their quotation marks
        self.furniture: list[tuple[int, int]] = []  # page furniture (analyze/furniture.py)

    def in_furniture(self, offset: int) -> bool:
        return _in_ranges(offset, self.furniture)

    def tokens_between(self, start: int, end: int) -> Sequence[Token]:
        return self.tokens[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def sentence_of(self, offset: int) -> int:
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_tokens(self, index: int) -> Sequence[Token]:
        sentence = self.sentences[index]
        return self.tokens_between(sentence.start, sentence.end)

    def in_quote(self, offset: int) -> bool:
        i = bisect_right(self.quoted, (offset, float("inf"))) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]

    def is_cue(self, token: Token) -> bool:
        if self.parse.has_syntax and token.pos not in ("VERB", "AUX"):
            return False
        if token.lemma == "put":  # "as Foner put it: ...", not "put the bill to a vote"
            return any(
                self.tokens[c].dep == "dobj" and self.tokens[c].lemma == "it"
                for c in self.entities.children(token.i)
            )
        if token.lemma in PHRASAL_SPEECH_VERBS:  # "shot back", not "shot the messenger"
            return any(
                self.tokens[c].lemma == PHRASAL_SPEECH_VERBS[token.lemma] and c == token.i + 1
                for c in self.entities.children(token.i)
            )
        return token.lemma in self.verbs or token.text.lower() in self.verbs

    def subject_of(self, verb: Token) -> Token | None:
        seen = {verb.i}
        current = verb
        while True:
            subjects = [
                self.tokens[child]
                for child in self.entities.children(current.i)
                if self.tokens[child].dep in _SUBJECT_DEPS
                and any(ch.isalnum() for ch in self.tokens[child].text)
                and not self.in_quote(self.tokens[child].start)
            ]
            if subjects:
                # "In Lisk, Sevrask, Vos spoke ...": of two subjects the parse gives a
                # verb, the one written nearest it is the real one
                return min(subjects, key=lambda token: abs(token.i - current.i))
            if current.dep == "xcomp":
                # "That prompted Vos to call it ...": the object of "prompted" is who calls
                head = self.tokens[current.head]
                controller = next(
                    (
                        self.tokens[c]
                        for c in self.entities.children(head.i)
                        if self.tokens[c].dep == "dobj" and c < current.i
                    ),
                    None,
                )
                if controller is not None and controller.pos in ("PROPN", "NOUN", "PRON"):
                    return controller
            # "Putin emphasized X and added ..." / "began to say": the subject sits on the head,
            # also through a word that is not a verb ("went so far as to say").
            if (
                current.dep in ("conj", "xcomp", "advcl", "dep") or current.pos in ("ADV", "ADJ")
            ) and current.head not in seen:
                current = self.tokens[current.head]
                # "Vos wrote the agents knew it, adding ...": a participle the parse hangs on
                # the reported clause belongs to the verb that reports it -- not to a verb
                # inside a quote ("declined to comment but said that "we maintain ..."")
                while (
                    current.dep == "ccomp"
                    and self.is_cue(self.tokens[current.head])
                    and not self.in_quote(self.tokens[current.head].start)
                ):
                    current = self.tokens[current.head]
                seen.add(current.i)
                continue
            # "Vos drew boos upon saying ...": the subject of the verb the preposition joins.
            if current.dep == "pcomp" and self.tokens[current.head].head not in seen:
                current = self.tokens[self.tokens[current.head].head]
                # "Carney reiterated past statements in saying ...": the preposition hangs
                # on the verb's object; the one speaking is the verb's subject
                while current.pos == "NOUN" and current.dep in ("dobj", "pobj", "attr"):
                    current = self.tokens[current.head]
                seen.add(current.i)
                continue
            # "Vos issued a statement saying ...": the one who issued what says it speaks.
            issuer = self.issuing_verb(current)
            if issuer is not None and issuer.i not in seen:
                current = issuer
                seen.add(current.i)
                continue
            return None

    def issuing_verb(self, clause: Token) -> Token | None:
        """The verb whose object a participle or relative clause describes: "issued" in
        "issued a statement saying", "replied" in "replied with a post that read"."""
        if clause.dep not in ("acl", "relcl"):
            return None
        noun = self.tokens[clause.head]
        if noun.dep == "pobj":
            noun = self.tokens[noun.head]  # the preposition stands in for the object
        elif noun.dep != "dobj":
            return None
        verb = self.tokens[noun.head]
        # "Much of her ire was directed at Vell, who ... called": a passive issues nothing
        passive = any(self.tokens[c].dep == "nsubjpass" for c in self.entities.children(verb.i))
        return verb if verb.pos == "VERB" and not passive else None


# A mention that opens with one of these is a role or a group, not a name ("the spokesman",
# "his lawyer", "some officials"); one that is a group pronoun names nobody.
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "one", "two", "some", "his", "her"})
# A "they" or "it" that speaks stands for a group or a body or text named before, and so
# does a bare quantifier ("Many also vowed ...").
_GROUP_SPEAKERS = frozenset({"they", "it", "many", "some", "several", "most", "others"})
# Texts someone issues, and the verbs that issue them: "the statement said" speaks for
# who "issued a statement" before.
_ISSUED_TEXTS = frozenset({"statement", "letter", "memo", "release", "e-mail", "email", "note"})
_ISSUING_VERBS = frozenset({"issue", "release", "send", "sign", "write", "put", "publish"})
_EPITHET_WORDS = 5  # "the 43 - year - old": words of an epithet before its head
# Nouns that count part of a group named after them ("a handful of Democrats").
_QUANTITY_NOUNS = frozenset(
    {"handful", "number", "majority", "minority", "dozen", "couple", "group", "few"}
)
# Descriptions that name a person by party, standing or candidacy rather than by a role
# that could contradict what the text says of them ("the Florida Republican").
_EPITHETS = frozenset(
    (
        "hopeful", "contender", "republican", "democrat", "conservative", "liberal",
        "progressive", "independent", "veteran", "native", "newcomer", "freshman",
    )
)  # fmt: skip
_GROUP_PRONOUNS = frozenset({"they", "them", "we", "it", "они", "мы"})


def named_attribution(quote: Quote) -> bool:
    """Whether a speech cue stands with a name next to the quote: a speaker mention holding
    a capitalised word ("Reid", "harbour master Thomas Reid") that is no pronoun and no
    role introduced by a determiner."""
    if quote.speaker is None or quote.cue is None or quote.speaker_mention is None:
        return False
    mention = quote.speaker_mention.text.strip()
    words = mention.lower().split()
    return (
        bool(words)
        and any(word[:1].isupper() for word in mention.split())
        and words[0] not in _DETERMINERS
        and mention.lower() not in PERSON_PRONOUNS
        and mention.lower() not in _GROUP_PRONOUNS
    )


def find_quotes(
    text: str,
    sentences: Sequence[Sentence],
    parse: Parse,
    entities: EntityIndex,
    language: str,
    furniture: Sequence[tuple[int, int, str]] = (),
) -> tuple[Quote, ...]:
    """Every quote in the article with its cue and speaker; offsets into ``text``.

    ``furniture`` (``analyze/furniture.py``: a repeated headline, captions, embeds, ...)
    is not the article's text: a quote that starts inside it is not the article's, and no
    word of it is a speaker ("Mayor Resigns" is a headline, not a person who speaks).
    """
    article = _Article(text, sentences, parse, entities, language)
    article.furniture = sorted((start, end) for start, end, _ in furniture)
    segments, orphans = find_quoted_segments(text, paragraphs(text))
    drafts = [d for d in _assemble(article, segments, orphans) if not article.in_furniture(d.start)]
    article.quoted = _merged(part for d in drafts for part in d.parts)
    article.marked = _merged(mark for d in drafts for mark in d.marks)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_draft: _Draft | None = None
    for draft in drafts:
        quote = _finish(article, draft, previous, previous_draft)
        quotes.append(quote)
        if quote.kind == "direct":
            previous, previous_draft = quote, draft
    quotes.extend(_indirect_speech(article, quotes))
    kept = [_outside_furniture(article, q) for q in _inherit_speakers(quotes)]
    return tuple(sorted((q for q in kept if q is not None), key=lambda q: q.start))


def _outside_furniture(article: _Article, quote: Quote) -> Quote | None:
    """The quote without what furniture holds: none if it starts there, no speaker if the
    speaker was read there (only reachable through the attributions that look beyond the
    quote's sentence)."""
    if not article.furniture:
        return quote
    if article.in_furniture(quote.start):
        return None
    mention = quote.speaker_mention
    if mention is not None and article.in_furniture(mention.start):
        return replace(quote, speaker=None, speaker_entity=None, speaker_mention=None)
    return quote


def _inherit_speakers(quotes: list[Quote]) -> list[Quote]:
    """A partial quote with no speaker of its own inside reported speech that has one is
    that speaker's: in "По словам министра, досмотр займёт «от нескольких дней»" the
    quoted words are the minister's."""
    attributed = [q for q in quotes if q.speaker is not None and q.kind == "indirect"]
    inherited: list[Quote] = []
    for quote in quotes:
        if quote.kind == "partial" and quote.speaker is None:
            outer = next(
                (o for o in attributed if o.start <= quote.start and quote.end <= o.end), None
            )
            if outer is not None:
                quote = replace(
                    quote,
                    cue=outer.cue,
                    speaker=outer.speaker,
                    speaker_entity=outer.speaker_entity,
                    speaker_mention=outer.speaker_mention,
                )
        inherited.append(quote)
    return inherited


# -- 2. assembling segments into quotes ------------------------------------------------
def _assemble(article: _Article, segments: list[QuotedSegment], orphans: list[int]) -> list[_Draft]:
    text = article.text
    drafts: list[_Draft] = []
    for segment in segments:
        draft = _Draft([], [(segment.open_at, segment.close_end)])
        cursor = segment.start
        for match in _EMBEDDED_ATTRIBUTION.finditer(text, segment.start, segment.end):
            inner = match.group(1)
            # "A — I think the vote will hold — B": an aside of thought belongs to the quote
            has_cue = any(
                article.is_cue(t) and t.lemma not in COGNITIVE_VERBS
                for t in article.tokens_between(*match.span(1))
            )
            if has_cue and len(inner.split()) <= 14:
                draft.parts.append((cursor, match.start()))
                draft.attribution.append(match.span(1))
                cursor = match.end()
        draft.parts.append((cursor, segment.end))
        draft.parts = [_trim(text, s, e) for s, e in draft.parts if text[s:e].strip()]
        if draft.parts:
            previous = drafts[-1] if drafts else None
            if previous is not None and _continues(text, previous, segment):
                previous.parts.extend(draft.parts)
                previous.marks.extend(draft.marks)
                previous.attribution.extend(draft.attribution)
            else:
                drafts.append(draft)
    for orphan in orphans:
        _recover_dash_part(article, drafts, orphan)
    _merge_split_quotes(article, drafts)
    return drafts


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted disjoint ranges: a quote nested in another (``"when I said, 'No', I ..."``)
    must not hide the rest of the outer one from ``in_quote``."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n—–-":
        start += 1
    while end > start and text[end - 1] in " \t\n,—–-":
        end -= 1
    return start, end


def _continues(text: str, previous: _Draft, segment: QuotedSegment) -> bool:
    """The previous segment ran to its paragraph's end and this one picks it up."""
    return (
        bool(previous.marks)
        and previous.marks[-1][1] == previous.end
        and (
            text[previous.marks[-1][1] : segment.open_at].strip() == ""
            and "\n" in text[previous.marks[-1][1] : segment.open_at]
        )
        and _ends_unclosed(text, previous)
    )


def _ends_unclosed(text: str, draft: _Draft) -> bool:
    last_close = draft.marks[-1][1]
    return last_close == draft.parts[-1][1] or text[last_close - 1].isspace()


def _recover_dash_part(article: _Article, drafts: list[_Draft], orphan: int) -> None:
    """``"A," he said. — B."``: B's opening mark is a dash after the attribution."""
    text = article.text
    before = [d for d in drafts if d.marks[-1][1] <= orphan]
    if not before:
        return
    previous = before[-1]
    gap_start = previous.marks[-1][1]
    gap = text[gap_start:orphan]
    if "\n" in gap:
        return
    dash = _DASH.search(gap)
    if dash is None:
        return
    attribution = (gap_start, gap_start + dash.start())
    if not any(article.is_cue(t) for t in article.tokens_between(*attribution)):
        return
    part = _trim(text, gap_start + dash.end(), orphan)
    if part[1] > part[0]:
        previous.parts.append(part)
        previous.marks.append((gap_start + dash.start(), orphan + 1))
        previous.attribution.append(attribution)


def _merge_split_quotes(article: _Article, drafts: list[_Draft]) -> None:
    """``"A," he said, "b ..."``: one sentence quoted in two pieces around its attribution."""
    text = article.text
    i = 0
    while i + 1 < len(drafts):
        first, second = drafts[i], drafts[i + 1]
        gap = text[first.marks[-1][1] : second.marks[0][0]]
        inner_end = text[first.end : first.marks[-1][1]]
        if (
            "\n" not in gap
            and len(gap) <= 80
            and gap.rstrip().endswith((",", ":"))
            # '"A," Vos said. Karro replied, "B."': two sentences, two quotes
            and article.sentence_of(first.marks[-1][1]) == article.sentence_of(second.marks[0][0])
            and ("," in inner_end or text[first.end - 1] == ",")
            # one speech verb: '"A," he said, adding, "B."' reports a second utterance
            and sum(
                article.is_cue(t)
                for t in article.tokens_between(first.marks[-1][1], second.marks[0][0])
            )
            == 1
        ):
            first.attribution.append((first.marks[-1][1], second.marks[0][0]))
            first.parts.extend(second.parts)
            first.marks.extend(second.marks)
            first.attribution.extend(second.attribution)
            del drafts[i + 1]
        else:
            i += 1


# -- 3. cue and speaker ----------------------------------------------------------------
def _finish(
    article: _Article, draft: _Draft, previous: Quote | None, previous_draft: _Draft | None
) -> Quote:
    text = article.text
    kind_hint = _scare_marked(article, draft)
    attribution = _attribute_in_sentence(article, draft)
    inherited: Quote | None = None
    if attribution.cue is None and attribution.speaker is None and kind_hint is None:
        attribution = _attribute_before(article, draft)
        if attribution.speaker is None:
            attribution = _signed_after(article, draft)
        if (
            attribution.cue is None
            and previous is not None
            and previous_draft is not None
            and (_is_continuation(article, previous_draft, draft))
        ):
            inherited = previous
    kind = kind_hint or _classify(article, draft, attribution)
    parts = tuple(Span(s, e, text[s:e]) for s, e in draft.parts)
    quote_text = " ".join(p.text for p in parts)
    cue = attribution.cue
    cue_span = Span(cue.start, cue.end, cue.text) if cue else None
    if kind == "scare" or (attribution.speaker is None and inherited is None):
        return Quote(draft.start, draft.end, quote_text, kind, parts, cue_span, None, None, None)
    if inherited is not None:
        return Quote(
            draft.start,
            draft.end,
            quote_text,
            kind,
            parts,
            inherited.cue,
            inherited.speaker,
            inherited.speaker_entity,
            inherited.speaker_mention,
        )
    assert attribution.speaker is not None
    name, entity, mention = _resolve_speaker(article, attribution.speaker, previous)
    return Quote(draft.start, draft.end, quote_text, kind, parts, cue_span, name, entity, mention)


def _scare_marked(article: _Article, draft: _Draft) -> QuoteKind | None:
    if (
        len(draft.parts) > 1
        or len(article.text[draft.start : draft.end].split()) > _PARTIAL_MAX_WORDS
    ):
        return None
    before = article.text[max(draft.marks[0][0] - 20, 0) : draft.marks[0][0]].lower().split()
    if (before and before[-1] in SCARE_MARKERS) or before[-2:] == ["known", "as"]:
        return "scare"
    if _is_title(article, draft):
        return "scare"
    return None


def _is_title(article: _Article, draft: _Draft) -> bool:
    """``said on ABC's "This Week"``: words in title case after a preposition or a possessive,
    in a sentence that is not in title case, name a show or a book, not what was said."""
    before = article.text[max(draft.marks[0][0] - 20, 0) : draft.marks[0][0]].split()
    if not before or not (
        before[-1].lower() in _TITLE_SMALL_WORDS or before[-1].endswith(("'s", "’s"))
    ):
        return False
    words = _TITLE_WORD.findall(article.text[draft.start : draft.end])
    capitalised = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    if len(capitalised) < 2 or not all(w[0].isupper() or w[0].isdigit() for w in capitalised):
        return False
    sentence = article.sentences[article.sentence_of(draft.marks[0][0])]
    outside = (
        article.text[sentence.start : draft.marks[0][0]]
        + " "
        + article.text[draft.marks[-1][1] : sentence.end]
    )
    return any(w[0].islower() and w not in _TITLE_SMALL_WORDS for w in _TITLE_WORD.findall(outside))


def _attribute_in_sentence(article: _Article, draft: _Draft) -> _Attribution:
    """The speech verb nearest the quote within its own sentences, and its subject."""
    first = article.sentence_of(draft.marks[0][0])
    last = article.sentence_of(max(draft.marks[-1][1] - 1, draft.marks[0][0]))
    # A quote ending its sentence with a comma ("...," he said.) is attributed in the next one
    # when the segmenter split there.
    if (
        article.text[draft.end : draft.marks[-1][1] + 1].strip().startswith(",")
        or article.text[draft.end - 1 : draft.end] == ","
    ):
        last = min(last + 1, len(article.sentences) - 1)
    elif _attribution_follows(article, draft, last):
        last += 1
    if article.text[: draft.marks[0][0]].rstrip().endswith(":"):
        # "Karro: "..."": a name and a colon right before the quote are its attribution,
        # whatever verbs the headline before them holds
        framed = _colon_frame(article, draft, first)
        if framed.speaker is not None:
            return framed
    best: tuple[tuple[bool, int], Token] | None = None
    according: list[Token] = []
    records: list[Token] = []
    asking: list[Token] = []
    for index in range(first, last + 1):
        for token in article.sentence_tokens(index):
            if article.in_quote(token.start) and not _in_ranges(token.start, draft.attribution):
                continue
            if _is_according(article, token):
                source = _speaker_of_cue(article, token)
                if source is not None and source.lemma in _SPEECH_RECORDS:
                    records.append(token)  # where the words were read: a cue of last resort
                    continue
                according.append(token)
            elif not article.is_cue(token):
                continue
            if token.lemma == "ask":
                asking.append(token)
            # "He believes, he said, that "..."": a verb of thought yields to a speech verb
            distance = (token.lemma in COGNITIVE_VERBS, _distance(token, draft))
            if best is None or distance < best[0]:
                best = (distance, token)
    if best is None and records:
        best = ((False, _distance(records[0], draft)), records[0])
    if best is None:
        for frame in (_colon_frame, _colon_clause, _governing_verb, _clause_after):
            found = frame(article, draft, first)
            if found.speaker is not None:
                return found
        return found
    cue = best[1]
    if article.text[draft.start : draft.end].rstrip(" \"'”’»").endswith("?"):
        # "Asked by one of her aides, "Is this final?" Rhodes replied": a question is the
        # asker's, not the answerer's, whichever verb stands nearer
        cue = next((t for t in asking if _asked_passive(article, t)), cue)
    attribution = _Attribution(cue, _speaker_of_cue(article, cue))
    relayed = _relayed_speech(article, cue)
    if relayed is not None:
        attribution = relayed
    if attribution.speaker is None:
        # a speech verb nobody is the subject of ("Telling the people this is "your day,"
        # Trump closed his speech: "..."") leaves the frames to say who speaks
        for frame in (_colon_frame, _colon_clause, _governing_verb):
            found = frame(article, draft, first)
            if found.speaker is not None:
                return found
    inside = article.tokens_between(*draft.parts[0])
    if inside and _child_towards(article, _reporting(article, cue), inside[0]) is None:
        # "Trump summed up Clinton as "terrible," and said ...": the verb the quote belongs
        # to, when someone is its subject, attributes it rather than a speech verb nearby.
        governing = _governing_verb(article, draft, first)
        if governing.speaker is not None:
            attribution = governing
    # '"...," Vos said, according to the Sevrask Herald': the article quotes the outlet's
    # report of the words, so the outlet is the source it names for them.
    # A record of the words themselves ("according to excerpts", "... the transcript")
    # says where they were read, not who said them: it is no cue while another stands.
    cited = next(
        (
            speaker
            for token in according
            if token.sent == cue.sent and (speaker := _speaker_of_cue(article, token)) is not None
        ),
        None,
    )
    return attribution if cited is None else _Attribution(attribution.cue, cited)


def _relayed_speech(article: _Article, cue: Token) -> _Attribution | None:
    """``"We got wiped out," aides said Mr. Ryan told his colleagues``: a speech verb that
    reports another speech verb whose only content is the quote relays that speaker's
    words; the quote is theirs."""
    for child in article.entities.children(cue.i):
        inner = article.tokens[child]
        if inner.dep != "ccomp" or article.in_quote(inner.start) or not article.is_cue(inner):
            continue
        if _reports_clause(article, inner):
            return None  # "aides said Ryan told them that ...": the clause is the content
        speaker = article.subject_of(inner)
        return _Attribution(inner, speaker) if speaker is not None else None
    return None


def _clause_after(article: _Article, draft: _Draft, sentence: int) -> _Attribution:
    """``"This is fantastic!" beamed Vell.``: a short clause right after a quote that ends
    in a comma, ``?`` or ``!`` attributes it whatever its verb."""
    end = draft.marks[-1][1]
    closing = article.text[draft.end - 1 : end].strip(" \"'“”‘’«»")
    if not article.parse.has_syntax or closing not in (",", "?", "!"):
        return _Attribution(None, None)
    last = article.sentence_of(end)
    if article.sentences[last].end <= end + 1 and last + 1 < len(article.sentences):
        last += 1  # the segmenter ended the sentence at the quote's "?"
    words = [
        t for t in article.tokens_between(end, article.sentences[last].end) if t.pos != "PUNCT"
    ]
    if (
        not words
        or len(words) > _ATTRIBUTION_MAX_WORDS
        or "\n" in article.text[end : words[0].start]
    ):
        return _Attribution(None, None)
    verb = next((t for t in words if t.pos == "VERB"), None)
    if verb is None or article.in_quote(verb.start):
        return _Attribution(None, None)
    speaker = article.subject_of(verb) or _inverted_subject(article, verb)
    if speaker is None or not _can_speak(article, speaker):
        return _Attribution(None, None)
    return _Attribution(verb, speaker)


def _attribution_follows(article: _Article, draft: _Draft, last: int) -> bool:
    """``"Is it all a show?" Ortega said.``: a quote ending in its own ``?``, ``!`` or ``.``
    is attributed by a short clause right after it, which the segmenter made a sentence."""
    if last + 1 >= len(article.sentences):
        return False
    following = article.sentences[last + 1]
    gap = article.text[draft.marks[-1][1] : following.start]
    if gap.strip() or "\n" in gap:
        return False
    tokens = [
        t
        for t in article.sentence_tokens(last + 1)
        if t.pos != "PUNCT" and not article.in_quote(t.start)
    ]
    # "And then he promised that he is staying." reports its own content, not the quote.
    return (
        bool(tokens)
        and tokens[0].start - following.start <= 2
        and any(
            article.is_cue(t) and not _reports_clause(article, t)
            for t in tokens[:_ATTRIBUTION_MAX_WORDS]
        )
    )


def _reports_clause(article: _Article, verb: Token) -> bool:
    return any(
        article.tokens[c].dep in ("ccomp", "xcomp")
        and not article.in_quote(article.tokens[c].start)
        for c in article.entities.children(verb.i)
    )


def _colon_frame(article: _Article, draft: _Draft, sentence: int) -> _Attribution:
    """``Peskov: "..."`` -- a name and a colon stand for the speech verb, also in a
    headline whose quote comes a few words after the colon (``Vos: Plan Is ‘Reckless’``),
    and in a digest item whose headline runs on to the name (``BRIDGE VOTE NEARS - Ines
    Karro: "..."``, ``More from Karro: "..."``)."""
    start = article.sentences[sentence].start
    lead = article.text[start : draft.marks[0][0]]
    colon = lead.find(":")
    if colon < 0 or len(lead[colon + 1 :].split()) > _COLON_GAP_WORDS:
        return _Attribution(None, None)
    frame_start = max(
        (start + dash.end() for dash in _DIGEST_DASH.finditer(lead, 0, colon)), default=start
    )
    asides = [m.span() for m in _PARENTHESES.finditer(article.text, frame_start, start + colon)]
    tokens = [
        t
        for t in article.tokens_between(frame_start, start + colon)
        if t.pos != "PUNCT" and not _in_ranges(t.start, asides)  # "Vos (R-Sevrask):"
    ]
    if not tokens or len(tokens) > _COLON_NAME_WORDS or any(t.pos == "VERB" for t in tokens):
        return _Attribution(None, None)  # "Vos heckles the crowd:" is a clause (_colon_clause)
    source = next((i for i, t in enumerate(tokens) if t.lemma == "from"), -1)
    tokens = tokens[source + 1 :]  # "More from Karro:"
    # "Karro On Vos: ..." speaks about Vos; "Secretary of State Vos:" is one name
    topic = next(
        (i for i, t in enumerate(tokens) if t.pos == "ADP" and t.lemma != "of" and i > 0),
        len(tokens),
    )
    tokens = tokens[:topic]
    if not tokens:
        return _Attribution(None, None)
    entities = article.entities
    named = [
        t
        for t in tokens
        if (entity := entities.entity_of_token(t))
        and (lead[colon + 1 :].strip() == "" or entities.entity(entity).label in _SPEAKER_LABELS)
    ]
    if named:
        return _Attribution(None, named[-1])
    # A name the tagger missed: the part before the colon is all capitalised proper nouns.
    if tokens[-1].pos == "PROPN" and all(t.text[:1].isupper() for t in tokens):
        return _Attribution(None, tokens[-1])
    return _Attribution(None, None)


def _colon_clause(article: _Article, draft: _Draft, sentence: int) -> _Attribution:
    """``McConnell delivered a blunt message: "..."``: a clause ending in a colon right
    before the quote introduces it whatever its verb; the clause's subject is the speaker."""
    start = article.sentences[sentence].start
    lead = article.text[start : draft.marks[0][0]].rstrip()
    if not lead.endswith(":"):
        return _Attribution(None, None)
    if not article.parse.has_syntax:
        return _named_in_clause(article, start, start + len(lead))
    tokens = [t for t in article.tokens_between(start, len(lead) + start) if t.pos != "PUNCT"]
    # The clause's main verb; the parse may hang it under a verb of the quote itself.
    verbs = sorted(
        (t for t in tokens if t.pos in ("VERB", "AUX")), key=lambda t: _depth(article, t)
    )
    if not verbs:
        return _Attribution(None, None)
    subject = article.subject_of(verbs[0])
    if subject is None or subject.lemma in _NOT_SPEAKERS or subject.pos not in _SPEAKER_POS:
        return _Attribution(None, None)
    return _Attribution(verbs[0], subject)


def _named_in_clause(article: _Article, start: int, end: int) -> _Attribution:
    """Without syntax, the person (else the body) a clause names: "La alcaldesa, Lidia
    Moreau, pidió calma a los vecinos:" introduces Lidia Moreau's words."""
    entities = article.entities
    tokens = [t for t in article.tokens_between(start, end) if not article.in_quote(t.start)]
    for labels in (("PERSON",), _SPEAKER_LABELS):
        for token in tokens:
            entity = entities.entity_of_token(token)
            if entity is not None and entities.entity(entity).label in labels:
                return _Attribution(None, token)
    return _Attribution(None, None)


def _governing_verb(article: _Article, draft: _Draft, sentence: int) -> _Attribution:
    """``Sanders credited the win to "a closed primary ..."``: with no speech verb, the verb
    whose argument the quote is stands for one when its subject is someone who can speak."""
    if not article.parse.has_syntax:
        return _Attribution(None, None)
    start, end = draft.parts[0]
    root = next(
        (
            t
            for t in article.tokens_between(start, end)
            if not start <= article.tokens[t.head].start < end
        ),
        None,
    )
    if root is None or root.head == root.i:
        return _Attribution(None, None)
    verb = article.tokens[root.head]
    if verb.pos == "ADP":  # "credited the win to "...""
        verb = article.tokens[verb.head]
    spoken = _speech_noun_speaker(article, verb)
    if spoken is not None:
        return _Attribution(verb, spoken)
    while verb.pos == "VERB" and verb.sent == sentence and not article.in_quote(verb.start):
        subject = article.subject_of(verb)
        # "Trump is seen as "a bully"": the subject of a passive is not the one speaking
        if subject is not None and subject.dep == "nsubj" and _can_speak(article, subject):
            return _Attribution(verb, subject)
        # "Ryan worried that the net was becoming "a hammock"": the clause is what he said
        if verb.dep != "ccomp" or verb.head == verb.i:
            break
        verb = article.tokens[verb.head]
    return _Attribution(None, None)


def _speech_noun_speaker(article: _Article, noun: Token) -> Token | None:
    """``her claim that she "never sent ..."``: a noun of speech, and whose it is."""
    if noun.pos != "NOUN" or noun.lemma not in SPEECH_NOUNS:
        return None
    for child in article.entities.children(noun.i):
        token = article.tokens[child]
        if token.dep == "poss" and (token.lemma in article.pronouns or _can_speak(article, token)):
            return token
    return None


def _can_speak(article: _Article, token: Token) -> bool:
    """A named person or organisation, a name the tagger missed, a personal pronoun, or a
    role ("the senator"); never a word of page furniture."""
    if article.in_furniture(token.start):
        return False
    entity = article.entities.entity_of_token(token)
    if entity is not None:
        return article.entities.entity(entity).label in _SPEAKER_LABELS
    return (
        token.text.lower() in _PERSONAL_PRONOUNS
        or token.lemma in ROLE_NOUNS
        or (token.pos == "PROPN" and token.lemma not in _CALENDAR_WORDS)  # a name not tagged
    )


def _is_according(article: _Article, token: Token) -> bool:
    nxt = token.i + 1
    # spaCy lemmatises "according" to "accord", so the written form is compared.
    return (
        token.text.lower() == "according"
        and nxt < len(article.tokens)
        and (article.tokens[nxt].lemma == "to")
    )


def _in_ranges(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _distance(token: Token, draft: _Draft) -> int:
    if _in_ranges(token.start, draft.attribution):
        return 0
    if token.start >= draft.end:
        return token.start - draft.end
    return max(draft.start - token.end, 0)


def _speaker_of_cue(article: _Article, cue: Token) -> Token | None:
    if _is_according(article, cue):
        to = article.tokens[cue.i + 1]
        for child in article.entities.children(to.i):
            if article.tokens[child].dep in ("pobj", "obj", "nmod"):
                return article.tokens[child]
        return None
    if _asked_passive(article, cue):
        # "Rhodes was asked": the one asked does not speak the question; who asked does,
        # when the text names them ("asked by one of her aides"), else nobody named
        return _agent(article, cue)
    subject = article.subject_of(cue) if article.parse.has_syntax else None
    if subject is not None:
        return subject
    return (
        _inverted_subject(article, cue)
        or _subject_before_aside(article, cue)
        or _described_subject(article, cue)
        or _epithet_before(article, cue)
        or _opening_participle_subject(article, cue)
        or _nearest_name(article, cue)
    )


def _opening_participle_subject(article: _Article, cue: Token) -> Token | None:
    """``Telling the people this is "your day," Trump closed his speech``: a participle
    opening its sentence is said by the subject of the clause after its comma."""
    sentence = article.sentence_tokens(cue.sent)
    if not sentence or sentence[0].i != cue.i or not cue.text.lower().endswith("ing"):
        return None
    comma = next(
        (t.i for t in sentence if t.i > cue.i and t.text == "," and not article.in_quote(t.start)),
        None,
    )
    if comma is None:
        return None
    return next(
        (
            t
            for t in sentence
            if t.i > comma
            and t.dep in _SUBJECT_DEPS
            and not article.in_quote(t.start)
            and _can_speak(article, t)
        ),
        None,
    )


def _epithet_before(article: _Article, cue: Token) -> Token | None:
    """``"...," the 43-year-old said``: an epithet written right before the verb, which
    the parse did not make its subject."""
    before = next((t for t in reversed(article.tokens[: cue.i]) if t.pos != "PUNCT"), None)
    if before is None or before.sent != cue.sent or article.in_quote(before.start):
        return None
    return before if _is_epithet(article, before) else None


def _asked_passive(article: _Article, cue: Token) -> bool:
    """ "was asked", "asked by one of her aides, ...": a question put to someone."""
    if cue.lemma != "ask" or not article.parse.has_syntax:
        return False
    deps = {article.tokens[c].dep for c in article.entities.children(cue.i)}
    if deps & set(_SUBJECT_DEPS) - {"nsubj"} or "auxpass" in deps:
        return True
    # "Jordan, asked if ..., said" / "Asked by an aide, ...": a participle with no subject
    participle = cue.text.lower() == "asked" and cue.dep in ("acl", "advcl")
    return "nsubj" not in deps and ("agent" in deps or participle)


def _agent(article: _Article, verb: Token) -> Token | None:
    """Who does a passive verb's action: the object of its "by"."""
    for child in article.entities.children(verb.i):
        if article.tokens[child].dep == "agent":
            return next(
                (
                    article.tokens[c]
                    for c in article.entities.children(child)
                    if article.tokens[c].dep == "pobj"
                ),
                None,
            )
    return None


def _subject_before_aside(article: _Article, cue: Token) -> Token | None:
    """``Vell, whose firm builds bridges for cities, said ...``: a clause set off by commas
    between the speaker and the verb misleads the parse into making the speaker the
    subject of that clause; the nearest subject before the verb that a comma follows is
    the one speaking."""
    before = article.tokens[cue.i - 1] if cue.i > 0 else None
    if before is None or before.text != "," or not article.parse.has_syntax:
        return None
    for token in reversed(article.tokens[: cue.i - 1]):
        if token.sent != cue.sent or article.in_quote(token.start):
            return None
        follower = article.tokens[token.i + 1]
        if (
            token.dep in _SUBJECT_DEPS
            and token.pos in ("PROPN", "NOUN")
            and follower.text == ","
            and follower.i < before.i
        ):
            return token
    return None


def _described_subject(article: _Article, cue: Token) -> Token | None:
    """``Warren, a spokesman in Baghdad, said`` / ``an official who spoke anonymously said``:
    when the parse hangs the speaker elsewhere, the phrase written right before the verb
    leads, through its apposition or relative clause, to the one it describes."""
    node = next((t for t in reversed(article.tokens[: cue.i]) if t.pos != "PUNCT"), None)
    for _ in range(_ATTRIBUTION_MAX_WORDS):
        if node is None or node.sent != cue.sent or article.in_quote(node.start):
            return None
        # the object of a preposition ("a spokeswoman in Sevrask") says where, not who
        if node.pos in ("NOUN", "PROPN") and node.dep != "pobj" and _can_speak(article, node):
            head = article.tokens[node.head]
            return head if node.dep == "appos" and head.pos == "PROPN" else node
        if node.head == node.i or node.head >= cue.i:
            return None
        node = article.tokens[node.head]
    return None


def _inverted_subject(article: _Article, cue: Token) -> Token | None:
    """``"...," read the statement`` / ``tweeted another``: right after a quote the verb comes
    first, and the parse takes the speaker written after it for its object."""
    before = next((t for t in reversed(article.tokens[: cue.i]) if t.pos != "PUNCT"), None)
    if before is None or not article.in_quote(before.start):
        return None
    # the first noun after the verb, whatever the parse made of it ("said the woman, who ...")
    for token in article.tokens[cue.i + 1 : cue.i + 1 + _INVERTED_SUBJECT_WORDS]:
        if token.sent != cue.sent or article.in_quote(token.start):
            return None
        if _ABBREVIATION.fullmatch(token.text):  # "said Ms. | Varga": _nearest_name reads on
            return None
        if token.lemma in _CALENDAR_WORDS or token.dep in _NOUN_PHRASE_LEFT:  # "said Tuesday"
            continue
        return token if token.pos in _INVERTED_SPEAKER_POS else None
    return None


def _nearest_name(article: _Article, cue: Token) -> Token | None:
    """The name written right after or before the cue in its sentence: without syntax, or
    when the parse gave the cue no subject (``said Ms. Gil`` split after ``Ms.``)."""
    sentence = list(article.sentence_tokens(cue.sent))
    if (
        sentence
        and _ABBREVIATION.fullmatch(sentence[-1].text)
        and cue.sent + 1 < len(article.sentences)
    ):
        sentence += article.sentence_tokens(cue.sent + 1)
    # Without syntax the words naming the speaker run on past a title and the body it
    # heads ("dijo el ministro de Defensa, Dmitri Orlov"): a clause's length of them.
    window = _NEAREST_NAME_WORDS if article.parse.has_syntax else _ATTRIBUTION_MAX_WORDS
    after = [t for t in sentence if t.i > cue.i and not article.in_quote(t.start)][:window]
    # "saying the U.S. "does not have ..."", "saying President Obama does not see ...": who
    # or what the words are about is not the speaker
    said: set[int] = set()
    for child in article.entities.children(cue.i):
        if article.tokens[child].dep in ("ccomp", "xcomp"):
            said |= _subtree(article, child)
    after = [
        t for t in after if (t.dep not in _SUBJECT_DEPS or t.head == cue.i) and t.i not in said
    ]
    before = [t for t in reversed(sentence) if t.i < cue.i and not article.in_quote(t.start)]
    before = before[:window]
    # A cue followed by a comma or colon opens what was said ("Peskow sagte, Selenskyj sei
    # eingeladen worden"): its speaker stands before it, a name after it is said of.
    opens = cue.i + 1 < len(article.tokens) and article.tokens[cue.i + 1].text in (",", ":")
    nearest = before + after if opens else after + before
    entities = article.entities
    # Without syntax nothing tells the speaker from a body named beside it ("podkreślił w
    # rozmowie z PAP szef dyplomacji Tomas Reyl"): a person first.
    ranks = (_SPEAKER_LABELS,) if article.parse.has_syntax else (("PERSON",), _SPEAKER_LABELS)
    for labels in ranks:
        for token in nearest:
            entity = entities.entity_of_token(token)
            if token.lemma in article.pronouns or (
                entity and entities.entity(entity).label in labels
            ):
                return token
    for token in nearest:
        # a name the tagger missed; a place ("in New Hampshire") or a day is not one
        if (
            token.text[:1].isupper()
            and token.text.isalpha()
            and token.text.lower() not in HONORIFICS  # "a déclaré M. Poutine": not "M"
            and entities.entity_of_token(token) is None
            and (token.pos == "PROPN" or not article.parse.has_syntax)
            and token.lemma not in _CALENDAR_WORDS
        ):
            return token
    return None


def _attribute_before(article: _Article, draft: _Draft) -> _Attribution:
    """A frame in the previous sentence: ``Peskov stated:`` or a reporting verb's subject."""
    first = article.sentence_of(draft.marks[0][0])
    if first == 0 or not _quote_fills_sentence(article, draft, first):
        return _Attribution(None, None)
    cues = [
        t
        for t in article.sentence_tokens(first - 1)
        if not article.in_quote(t.start) and article.is_cue(t)
    ]
    # The main clause's verb frames what follows, not a verb embedded in its complement.
    for token in sorted(cues, key=lambda t: _depth(article, t)):
        speaker = _speaker_of_cue(article, token)
        if speaker is not None:
            return _relayed_speech(article, token) or _Attribution(token, speaker)
    issued = _issued_before(article, first - 1)
    if issued.speaker is not None:
        return issued
    return _colon_clause(article, draft, first - 1)


def _issued_before(article: _Article, sentence: int) -> _Attribution:
    """``The NRCC attacked him in a statement. "..."`` / ``The board released a statement.``:
    a quote standing alone after a sentence about a statement is the statement's, and so
    its issuer's: the subject of the verb that issued it or that it was made in."""
    for token in article.sentence_tokens(sentence):
        if token.lemma not in _ISSUED_TEXTS or article.in_quote(token.start):
            continue
        verb = article.tokens[token.head]
        if token.dep == "pobj" and verb.lemma == "in":
            verb = article.tokens[verb.head]
        elif token.dep != "dobj" or verb.lemma not in _ISSUING_VERBS:
            continue
        subject = article.subject_of(verb) if verb.pos == "VERB" else None
        if subject is not None and _can_speak(article, subject):
            return _Attribution(verb, subject)
    return _Attribution(None, None)


def _signed_after(article: _Article, draft: _Draft) -> _Attribution:
    """A quote standing alone in its paragraph, signed on the next line: ``- Sanders.``,
    ``—Ines Karro, mayor.``"""
    bounds = paragraphs(article.text)
    at = bisect_right([start for start, _ in bounds], draft.marks[0][0]) - 1
    if at < 0 or at + 1 >= len(bounds):
        return _Attribution(None, None)
    start, end = bounds[at]
    if article.text[start : draft.marks[0][0]].strip(_OPENING_PUNCT) or article.text[
        draft.marks[-1][1] : end
    ].strip(" .,;\"'”’»"):
        return _Attribution(None, None)
    next_start, next_end = bounds[at + 1]
    signature = _SIGNATURE.match(article.text, next_start, next_end)
    if signature is None:
        return _Attribution(None, None)
    words = article.tokens_between(signature.end(), next_end)[:_SIGNATURE_WORDS]
    # the name's head ("Karro" in "Ines Karro"), then a role or pronoun
    names = [
        t
        for t in words
        if (t.pos == "PROPN" or article.entities.entity_of_token(t))
        and t.dep not in ("compound", "flat")
    ]
    if names:
        return _Attribution(None, names[0])
    return _Attribution(None, next((t for t in words if _can_speak(article, t)), None))


def _quote_fills_sentence(article: _Article, draft: _Draft, sentence: int) -> bool:
    lead = article.text[article.sentences[sentence].start : draft.marks[0][0]]
    return not lead.strip(_OPENING_PUNCT + "—–-")


def _is_continuation(article: _Article, previous: _Draft, draft: _Draft) -> bool:
    """A quote standing alone right after another quote goes on in the same voice."""
    first = article.sentence_of(draft.marks[0][0])
    if not _quote_fills_sentence(article, draft, first):
        return False
    gap = article.text[previous.marks[-1][1] : draft.marks[0][0]]
    return gap.count("\n") <= 2 and len(gap) <= 200


# -- 4. resolving the speaker ----------------------------------------------------------
def _resolve_speaker(
    article: _Article, head: Token, previous: Quote | None
) -> tuple[str, str | None, Span]:
    """(name, entity id, mention) for the speaker phrase headed by ``head``."""
    entities = article.entities
    if _is_epithet(article, head):
        # "the Florida Republican said", "the 43-year-old said": a description no role
        # contradicts, of the person the text is about: the one it has named most so far
        counts = Counter(entity for _, entity in entities.persons_before(head.start))
        entity = max(counts, key=counts.__getitem__, default=None)  # the latest among equals
        if entity is not None:
            phrase = _phrase(article, head)
            entities.add_mention(entity, phrase[0].start, phrase[-1].end)
            start, end = phrase[0].start, phrase[-1].end
            return entities.name_of(entity), entity, Span(start, end, article.text[start:end])
    issued_by = _document_issuer(article, head)
    if issued_by is not None:  # "Vos and Vell issued a statement. ... the statement said"
        return issued_by[0], issued_by[1], Span(head.start, head.end, head.text)
    owner = _person_of_place(article, head)
    if owner is not None:  # "Gov. Gavin Newsom of California called ...": Newsom
        head = owner
    entity, mention = _named_in_phrase(article, head)
    if entity is not None and mention is not None:
        return entities.name_of(entity), entity, mention
    text = article.text
    mention = Span(head.start, head.end, head.text)
    word = head.text.lower()
    verb = article.tokens[head.head]
    if word in _RELATIVE_PRONOUNS and verb.dep == "relcl" and verb.head != verb.i:
        # "Ward, who said ...": the speaker is the noun the clause describes; the mention
        # stays the relative pronoun, where the text names the speaker of this quote.
        described = article.tokens[verb.head]
        if not _can_speak(article, described):
            # "Trump released a video that said ...": a text speaks for who issued it
            issuer = article.issuing_verb(verb)
            subject = article.subject_of(issuer) if issuer is not None else None
            if subject is not None and _can_speak(article, subject):
                described = subject
        name, entity, _ = _resolve_speaker(article, described, previous)
        return name, entity, mention
    if word in _GROUP_SPEAKERS and _part_of_group(article, head) is None:
        antecedent = _group_antecedent(article, head)
        if antecedent is not None:
            name, entity = antecedent
            return name, entity, mention
        return head.text, None, mention
    if word in article.pronouns:
        entity = _resolve_pronoun(article, head, previous)
        if entity is not None:
            entities.note_gender(entity, word)
            entities.add_mention(entity, head.start, head.end)
            return entities.name_of(entity), entity, mention
        return head.text, None, mention
    named = _person_of_role(article, head)
    if named is not None:
        entity, mention = named
        return entities.name_of(entity), entity, mention
    phrase = _phrase(article, head)
    mention = Span(phrase[0].start, phrase[-1].end, text[phrase[0].start : phrase[-1].end])
    words = [t.lemma for t in phrase]
    if head.pos == "PROPN" and phrase[-1].text[:1].isupper():
        # A name the tagger missed, shown to be a speaker by the syntax.
        entity = entities.add_person([t for t in phrase if t.pos in ("PROPN", "NOUN")] or phrase)
        return entities.name_of(entity), entity, mention
    entity = entities.resolve_description(words, head.start)
    if entity is None:
        entity = _role_of_person_named(article, head, phrase)
    if entity is None and head.lemma in ROLE_NOUNS and phrase[0].lemma == "the":
        entity = _recent_subject_person(
            article, head, lambda e: entities.fits_description(e, words)
        )
    if entity is not None:
        entities.add_mention(entity, mention.start, mention.end)
        return entities.name_of(entity), entity, mention
    owner = next(
        (
            article.tokens[c]
            for c in entities.children(head.i)
            if article.tokens[c].dep == "poss"
            and article.tokens[c].text.lower() in article.pronouns
        ),
        None,
    )
    if owner is not None and (person := _resolve_pronoun(article, owner, previous)):
        # "her office claims", "his lawyer said": the person's office or lawyer, named
        return f"{entities.name_of(person)}’s {head.text}", None, mention
    group = _part_of_group(article, head)
    if group is not None:  # "one of her aides", "some of the protesters"
        start, end = phrase[0].start, group
        mention = Span(start, end, text[start:end])
    return clean_name(mention.text) or mention.text, None, mention


def _document_issuer(article: _Article, head: Token) -> tuple[str, str | None] | None:
    """Who issued the text a definite "the statement"/"the letter" speaking stands for:
    the subject of the verb that issued it ("Vos and Vell issued a joint statement") or
    its sender ("a letter from Representative Peter Welch"), named in its sentence or the
    two before. (name, entity id) or None."""
    if head.lemma not in _ISSUED_TEXTS or _phrase(article, head)[0].lemma not in ("the", "this"):
        return None
    lowest = max(head.sent - 2, 0)
    for token in reversed(article.tokens[: head.i]):
        if token.sent < lowest:
            return None
        if token.lemma != head.lemma or article.in_quote(token.start):
            continue
        sender = next(
            (
                article.tokens[g]
                for c in article.entities.children(token.i)
                if article.tokens[c].lemma == "from"
                for g in article.entities.children(c)
                if article.tokens[g].dep == "pobj"
            ),
            None,
        )
        if sender is None and token.dep == "dobj":
            verb = article.tokens[token.head]
            sender = article.subject_of(verb) if verb.lemma in _ISSUING_VERBS else None
        if sender is None or not _can_speak(article, sender):
            return None
        senders = [sender] + [
            article.tokens[c]
            for c in article.entities.children(sender.i)
            if article.tokens[c].dep == "conj" and _can_speak(article, article.tokens[c])
        ]
        named = [_resolve_speaker(article, t, None) for t in senders]
        if len(named) == 1:
            return named[0][0], named[0][1]
        return " and ".join(name for name, _, _ in named), None
    return None


def _person_of_place(article: _Article, head: Token) -> Token | None:
    """The person a place is said of ("Newsom of California", "Warner, D-Va."), when the
    parse makes the place the head of the speaker phrase."""
    entities = article.entities
    entity = entities.entity_of_token(head)
    if entity is None or entities.entity(entity).label not in ("GPE", "LOC"):
        return None
    of = article.tokens[head.head]
    if head.dep != "pobj" or of.lemma != "of" or of.head == of.i:
        return None
    person = article.tokens[of.head]
    owner = entities.entity_of_token(person)
    return person if owner and entities.entity(owner).label == "PERSON" else None


def _part_of_group(article: _Article, head: Token) -> int | None:
    """Where "one of her aides" ends, for a number or quantifier ("a handful of Democrats")
    speaking for part of a group named in its "of" phrase; None for any other head."""
    if head.pos not in ("NUM", "PRON", "DET", "ADJ") and head.lemma not in _QUANTITY_NOUNS:
        return None
    for child in article.entities.children(head.i):
        if article.tokens[child].lemma == "of" and child > head.i:
            return article.tokens[max(_subtree(article, child))].end
    return None


def _role_of_person_named(article: _Article, head: Token, phrase: Sequence[Token]) -> str | None:
    """ "Putin's spokesman said", with "Kremlin spokesman Dmitry Peskov" named before: a role
    whose possessor is another person is the one person the text gave that role."""
    entities = article.entities
    possessors = []
    for child in entities.children(head.i):
        token = article.tokens[child]
        owner = entities.entity_of_token(token)
        if token.dep == "poss" and (
            entities.entity(owner).label == "PERSON" if owner else token.pos == "PROPN"
        ):
            possessors.append(token)
    if not possessors or head.lemma not in ROLE_NOUNS:
        return None
    owned = set().union(*(_subtree(article, p.i) for p in possessors))
    words = [t.lemma for t in phrase if t.i not in owned]
    holders = {
        entity
        for _, entity in entities.persons_before(head.start)
        if head.lemma in entities.entity(entity).roles and entities.fits_description(entity, words)
    }
    return holders.pop() if len(holders) == 1 else None


def _is_epithet(article: _Article, head: Token) -> bool:
    """ "the presidential hopeful", "the California Democrat", "the 43-year-old": a definite
    description by party, age or candidacy, which names a person without a role."""
    if head.pos not in ("NOUN", "PROPN", "ADJ"):
        return False
    # the words written before the head, back to "the" (the parse may hang them elsewhere)
    phrase = [head]
    for token in reversed(article.tokens[max(head.i - _EPITHET_WORDS, 0) : head.i]):
        if token.sent != head.sent or not (
            token.pos in ("NUM", "NOUN", "PROPN", "ADJ", "DET") or token.text == "-"
        ):
            break
        phrase.insert(0, token)
        if token.pos == "DET":
            break
    if phrase[0].lemma != "the":
        return False
    if head.lemma == "old" and any(t.lemma == "year" for t in phrase):
        return True
    return head.lemma in _EPITHETS


def _group_antecedent(article: _Article, pronoun: Token) -> tuple[str, str | None] | None:
    """What a "they" or "it" that speaks stands for: the nearest subject before it, within
    the sentence and the two before, that agrees in number and is no person: "Protesters
    gathered ... They argued", "Pelosi and Schumer issued a statement. They vowed",
    "The cable also warned ... It said". (name, entity id) or None."""
    plural = pronoun.text.lower() != "it"
    lowest = max(pronoun.sent - 2, 0)
    # In the nearest sentence with one, a subject of a speech verb outranks a main clause's,
    # which outranks an embedded one's ("The cable warned that the brigade ... It said").
    best: tuple[int, int, tuple[str, str | None]] | None = None  # (sentence, rank, found)
    for token in reversed(article.tokens[: pronoun.i]):
        if token.sent < lowest:
            break
        if (
            token.dep not in _SUBJECT_DEPS
            or token.pos not in ("NOUN", "PROPN")
            or article.in_quote(token.start)
        ):
            continue
        conjoined = [
            article.tokens[c]
            for c in article.entities.children(token.i)
            if article.tokens[c].dep == "conj" and article.tokens[c].pos in ("NOUN", "PROPN")
        ]
        is_plural = bool(conjoined) or (
            token.text.lower().endswith("s") and token.lemma != token.text.lower()
        )
        entity = article.entities.entity_of_token(token)
        label = article.entities.entity(entity).label if entity else None
        if label in ("GPE", "LOC"):
            continue  # "California and New York sued": places act through their governments
        if plural != is_plural or (not plural and label == "PERSON"):
            continue
        verb = article.tokens[token.head]
        rank = 2 if article.is_cue(verb) else 1 if _depth(article, verb) <= 1 else 0
        if best is not None and (token.sent, rank) <= best[:2]:
            continue  # the nearest sentence first, then the rank, then the nearest subject
        if conjoined:
            names = [_resolve_speaker(article, t, None)[0] for t in (token, *conjoined)]
            found: tuple[str, str | None] = (" and ".join(names), None)
        elif entity is not None:
            found = (article.entities.name_of(entity), entity)
        else:
            phrase = _phrase(article, token)
            found = (article.text[phrase[0].start : phrase[-1].end], None)
        best = (token.sent, rank, found)
    return best[2] if best is not None else None


def _named_in_phrase(article: _Article, head: Token) -> tuple[str | None, Span | None]:
    """A named entity heading the phrase, or a person or organisation named beside its head."""
    entities = article.entities
    candidates = [head] + [
        article.tokens[c]
        for c in entities.children(head.i)
        if article.tokens[c].dep in ("appos", "compound", "flat", "flat:name", "nmod")
    ]
    for token in candidates:
        entity = entities.entity_of_token(token)
        if entity is None:
            continue
        label = entities.entity(entity).label
        # "the US president" is not the United States speaking, nor "the Valdoran president"
        # a Valdoran organisation: beside the head only a person, or an apposed organisation.
        if token is not head and not (
            label == "PERSON" or (label == "ORG" and token.dep == "appos")
        ):
            continue
        first = last = token.i
        while first > 0 and entities.entity_of_token(article.tokens[first - 1]) == entity:
            first -= 1
        while last + 1 < len(article.tokens) and (
            entities.entity_of_token(article.tokens[last + 1]) == entity
        ):
            last += 1
        start, end = article.tokens[first].start, article.tokens[last].end
        return entity, Span(start, end, article.text[start:end])
    return None, None


def _person_of_role(article: _Article, head: Token) -> tuple[str, Span] | None:
    """The person a role is written with after "of": "the official representative of the
    Foreign Ministry Yelena Marchuk said", a translation's word order, which the parser
    reads as the representative of Yelena Marchuk."""
    if head.lemma.lower() not in ROLE_NOUNS:
        return None
    entities = article.entities
    for prep in entities.children(head.i):
        if article.tokens[prep].lemma != "of" or prep < head.i:
            continue
        for obj in entities.children(prep):
            entity, mention = _named_in_phrase(article, article.tokens[obj])
            if (
                entity is not None
                and mention is not None
                and entities.entity(entity).label == "PERSON"
            ):
                return entity, mention
    return None


def _phrase(article: _Article, head: Token) -> list[Token]:
    """The speaker's noun phrase: head plus its left modifiers (no clauses, no possessor's tail)."""
    children = article.entities.children(head.i)
    left = [
        article.tokens[c]
        for c in children
        if c < head.i and article.tokens[c].dep not in ("punct", "cc", "relcl", "advmod")
    ]
    start = min([head.i] + [_leftmost(article, t) for t in left])
    return list(article.tokens[start : head.i + 1])


def _leftmost(article: _Article, token: Token) -> int:
    leftmost = token.i
    for child in article.entities.children(token.i):
        if child < leftmost:
            leftmost = min(leftmost, _leftmost(article, article.tokens[child]))
    return leftmost


def _resolve_pronoun(article: _Article, pronoun: Token, previous: Quote | None) -> str | None:
    entities = article.entities
    gender = article.pronouns.get(pronoun.text.lower())

    def fits(entity: str) -> bool:
        known = entities.gender_of(entity)
        return known is None or gender is None or known == gender

    subject = _recent_subject_person(article, pronoun, fits)
    if subject is not None:
        return subject
    if not article.parse.has_syntax:
        # No subject is known without syntax: a person named since the previous quote
        # ("Vakbondsleider Pavel Sorin ... is kritisch. '...', zegt hij") outranks its speaker.
        since = previous.end if previous is not None else 0
        for start, entity in entities.persons_before(pronoun.start):
            if start >= since and not article.in_quote(start) and fits(entity):
                return entity
    if previous is not None and previous.speaker_entity and fits(previous.speaker_entity):
        return previous.speaker_entity
    for _, entity in entities.persons_before(pronoun.start):
        if fits(entity):
            return entity
    return None


def _recent_subject_person(article: _Article, anchor: Token, fits=lambda e: True) -> str | None:
    """The person most recently named as a subject within three sentences.

    A speaker (subject of a speech verb) outranks the subject of a main clause, which
    outranks the subject of an embedded clause: in "His spokesman Dmitry Peskov denies
    that Putin is waiting ...", a following "he said" is Peskov.
    """
    entities = article.entities
    lowest = max(anchor.sent - 3, 0)
    best: tuple[bool, int, int, Token] | None = None  # (same sentence, rank, -distance, name)
    for token in reversed(article.tokens[: anchor.i]):
        if token.sent < lowest:
            break
        if article.in_quote(token.start):
            continue  # a name inside the quoted words is talked about, not speaking
        entity = entities.entity_of_token(token)
        if entity is None:
            # a name the tagger missed ("Grandmother Edda Linn was pulled ...")
            if token.pos != "PROPN" or token.dep not in _SUBJECT_DEPS:
                continue
        elif entities.entity(entity).label != "PERSON" or not fits(entity):
            continue
        node, hops = token, 0
        while node.dep in ("compound", "flat", "flat:name", "appos") and hops < 3:
            node, hops = article.tokens[node.head], hops + 1
        if node.dep not in _SUBJECT_DEPS:
            continue
        verb = article.tokens[node.head]
        rank = 2 if article.is_cue(verb) else 1 if _depth(article, verb) <= 1 else 0
        # a subject of the pronoun's own sentence comes first: "Nadler, the top Democrat,
        # stopped short of ..., but he said" is Nadler, whoever spoke the sentence before
        candidate = (token.sent == anchor.sent, rank, token.i - anchor.i, token)
        if best is None or candidate[:3] > best[:3]:
            best = candidate
    if best is None:
        return None
    name = best[3]
    entity = entities.entity_of_token(name)
    if entity is not None:
        return entity
    first = _leftmost(article, name)
    return entities.add_person(
        [t for t in article.tokens[first : name.i + 1] if t.pos == "PROPN"] or [name]
    )


def _depth(article: _Article, token: Token) -> int:
    depth = 0
    while token.head != token.i and depth < 20:
        token, depth = article.tokens[token.head], depth + 1
    return depth


# -- 5. kind of quote ------------------------------------------------------------------
def _classify(article: _Article, draft: _Draft, attribution: _Attribution) -> QuoteKind:
    text = article.text
    words = len(" ".join(text[s:e] for s, e in draft.parts).split())
    sentence = article.sentences[article.sentence_of(draft.marks[0][0])]
    lead = text[sentence.start : draft.marks[0][0]].strip(_OPENING_PUNCT)
    opens_clause = (
        not lead
        or lead.lower().endswith(_FRAME_ENDINGS)
        or any(
            t.i == attribution.cue.i
            for t in article.tokens_between(sentence.start, draft.start)[-2:]
        )
        if attribution.cue
        else (not lead or lead.endswith(_FRAME_ENDINGS))
    )
    last_sentence = article.sentences[article.sentence_of(max(draft.marks[-1][1] - 1, 0))]
    tail = text[draft.marks[-1][1] : last_sentence.end].strip()
    closes_clause = (
        not tail.strip(".!?…;)")
        or tail.startswith((",", "—", "–", "-", "("))
        or text[draft.end - 1] in ".?!…"  # '"Really?" the anchor, off-screen, cut in.'
        or (
            attribution.cue is not None
            and attribution.cue.start >= draft.marks[-1][1]
            and attribution.cue.start - draft.marks[-1][1] < 40
        )
    )
    if opens_clause and closes_clause and (words > 2 or not lead):
        return "direct"
    if words <= _PARTIAL_MAX_WORDS:
        return "partial" if attribution.cue is not None or attribution.speaker else "scare"
    sentence_words = len(text[sentence.start : last_sentence.end].split())
    return "direct" if words >= _DIRECT_SHARE * sentence_words else "partial"


# -- 6. indirect speech ----------------------------------------------------------------
def _indirect_speech(article: _Article, quotes: list[Quote]) -> list[Quote]:
    if not article.parse.has_syntax:
        return []
    cues_used = {q.cue.start for q in quotes if q.cue is not None and q.kind == "direct"}
    direct = [(q.start, q.end) for q in quotes if q.kind == "direct"]
    found: list[Quote] = []
    last_speaker: Quote | None = None
    for token in article.tokens:
        if token.lemma not in REPORTING_VERBS or token.pos != "VERB" or token.start in cues_used:
            continue
        if article.in_quote(token.start):
            continue
        # "asked if Mr. Trump should ...": the question is the asker's, named or not
        asked = _asked_passive(article, token)
        subject = _agent(article, token) if asked else article.subject_of(token)
        parts = _reported_parts(article, token) if subject is not None or asked else None
        if parts is None:
            continue
        start, end = parts[0][0], parts[-1][1]
        if sum(_overlap(part, d) for part in parts for d in direct) > 0.5 * sum(
            e - s for s, e in parts
        ):
            continue
        name, entity, mention = (
            _resolve_speaker(article, subject, last_speaker)
            if subject is not None
            else (None, None, None)
        )
        pieces = tuple(Span(s, e, article.text[s:e]) for s, e in parts)
        quote = Quote(
            start,
            end,
            " ".join(p.text for p in pieces),
            "indirect",
            pieces,
            Span(token.start, token.end, token.text),
            name,
            entity,
            mention,
        )
        found.append(quote)
        last_speaker = quote
    found.extend(_according_to(article, direct))
    found.extend(_reported_content(article, quotes, found))
    return found


def _reported_parts(article: _Article, verb: Token) -> list[tuple[int, int]] | None:
    """What a reporting verb reports, as the pieces of text that say it:

    - its clausal complement after it: "Putin said that the talks would go on";
    - the clause it closes, set off by a comma: "None of the money will come from relief,
      Mulvaney said.";
    - the clause it interrupts, in two pieces around it: "Mr. Morell, officials said,
      deleted a reference" reports "Mr. Morell" + "deleted a reference".
    """
    children = [article.tokens[c] for c in article.entities.children(verb.i)]
    after = next((c for c in children if c.dep == "ccomp" and c.i > verb.i), None)
    if after is not None:
        span = _clause_span(article, after)
        return [span] if span is not None else None
    # "urged Trump to call off the meeting", "vowed to block it": what is urged or vowed
    wanted = next((c for c in children if c.dep == "xcomp" and c.i > verb.i), None)
    if wanted is not None and verb.lemma in _DIRECTIVE_VERBS:
        span = _clause_span(article, wanted)
        if span is not None and _ANONYMITY.match(article.text, span[0], span[1]):
            return None  # "an official who asked not to be named" says nothing by it
        return [span] if span is not None else None
    # "accused the administration of presiding over ...", "criticized him for waiting"
    charge = next(
        (
            article.tokens[g]
            for c in children
            if c.dep == "prep" and c.lemma in ("of", "for") and c.i > verb.i
            for g in article.entities.children(c.i)
            if article.tokens[g].dep == "pcomp"
        ),
        None,
    )
    if charge is not None and verb.lemma in _CHARGING_VERBS:
        span = _clause_span(article, charge)
        charged = next((c for c in children if c.dep == "dobj" and verb.i < c.i < charge.i), None)
        if span is None or charged is None:
            return [span] if span is not None else None
        # what is said is said of the one charged: "the council of hiding the costs"
        return [(article.tokens[_leftmost(article, charged)].start, span[1])]
    before = next((c for c in children if c.dep == "ccomp" and c.i < verb.i), None)
    if before is not None:
        span = _clause_span(article, before)
        # the comma closing the reported clause: "..., Mulvaney said"
        if span is None or not article.text[span[1] : verb.start].lstrip().startswith(","):
            return None
        return [span]
    head = article.tokens[verb.head]
    if verb.dep != "parataxis" or head.pos not in ("VERB", "AUX") or article.in_quote(head.start):
        return None
    # the parenthetical: the verb with its subject and commas, set off inside the clause
    aside = _subtree(article, verb.i)
    if not (article.tokens[min(aside)].text == "," or article.tokens[min(aside) - 1].text == ","):
        return None
    clause = [
        article.tokens[i]
        for i in sorted(_subtree(article, head.i) - aside)
        if article.tokens[i].sent == head.sent
    ]
    runs: list[list[Token]] = []  # the clause's runs of adjacent tokens: the aside splits it
    for token in clause:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    runs = [kept for run in runs if (kept := [t for t in run if t.pos != "PUNCT"])]
    if len(runs) < 2 or runs[0][0].i > verb.i:
        return None  # nothing before the aside: the verb opens the sentence, not a parenthesis
    # "During his years in office, Obama said, a majority have come to believe ...": what
    # is reported starts at the clause's subject; a setting before the aside is the writer's
    core = {head.i}
    for child in article.entities.children(head.i):
        if article.tokens[child].dep in (*_SUBJECT_DEPS, "aux", "auxpass", "expl"):
            core |= _subtree(article, child)
    while len(runs) > 1 and not any(t.i in core for t in runs[0]):
        runs = runs[1:]
    if sum(len(run) for run in runs) < 3:
        return None
    pieces = [(run[0].start, run[-1].end) for run in runs]
    return [_around_quotes(article, s, e) for s, e in pieces]


def _subtree(article: _Article, head: int) -> set[int]:
    members, stack = {head}, [head]
    while stack:
        for child in article.entities.children(stack.pop()):
            members.add(child)
            stack.append(child)
    return members


def _reported_content(article: _Article, quotes: list[Quote], found: list[Quote]) -> list[Quote]:
    """``Vos called the plan "reckless and cruel"``: a partial quote is part of what its cue
    verb reports; that content (the verb's complement holding the quote) is reported speech
    too, and mostly quoted it is what corpora such as PolNeAR call a direct quote."""
    reported: list[Quote] = []
    for quote in quotes:
        if quote.kind != "partial" or quote.speaker is None:
            continue
        if any(q.start <= quote.start and quote.end <= q.end for q in found + reported):
            continue
        span = (
            _complement_span(article, quote, quote.cue)
            if quote.cue
            else _headline_span(article, quote)
        )
        if span is None or len(article.text[span[0] : span[1]].split()) < 2:
            continue  # one quoted word is a term more often than what someone said
        start, end = span
        reported.append(
            Quote(
                start,
                end,
                article.text[start:end],
                "indirect",
                (Span(start, end, article.text[start:end]),),
                quote.cue,
                quote.speaker,
                quote.speaker_entity,
                quote.speaker_mention,
            )
        )
    return reported


def _complement_span(article: _Article, quote: Quote, cue_span: Span) -> tuple[int, int] | None:
    """What the quote's cue reports: its complement holding the quote."""
    cue = next(iter(article.tokens_between(cue_span.start, cue_span.end)), None)
    inside = article.tokens_between(quote.start, quote.end)
    if (
        cue is None
        or not inside
        or not (cue.pos == "VERB" or cue.lemma in SPEECH_NOUNS)  # "her claim that ..."
        or _is_according(article, cue)
    ):
        return None
    verb = _reporting(article, cue)
    complement = _child_towards(article, verb, inside[0])
    if (
        complement is None
        or complement.dep in _SUBJECT_DEPS
        or complement.pos == "PUNCT"
        # "said on ABC's "This Week"": where it was said, not what
        or (complement.dep == "prep" and complement.lemma not in _CONTENT_PREPOSITIONS)
    ):
        return None
    span = _clause_span(article, complement, min_tokens=1)  # 'called it "predatory"'
    if span is None:
        return None
    # "called the plan "reckless"", "criticised Vos for "hiding"": what is said of the
    # object includes the object; the addressee of "told" is not what was said.
    objects = [
        article.tokens[c]
        for c in article.entities.children(verb.i)
        if verb.i < c < complement.i
        and article.tokens[c].dep == "dobj"
        and verb.lemma not in _ADDRESSEE_VERBS
    ]
    if objects:
        return article.tokens[_leftmost(article, objects[0])].start, span[1]
    return span


def _headline_span(article: _Article, quote: Quote) -> tuple[int, int] | None:
    """``Karro: Bridge Plan 'Will Never Pass'``: after a name and a colon, the rest of the
    headline is what the name said."""
    sentence = article.sentences[article.sentence_of(quote.start)]
    colon = article.text.rfind(":", sentence.start, quote.start)
    if colon < 0:
        return None
    return _trim(article.text, colon + 1, sentence.end)


def _reporting(article: _Article, cue: Token) -> Token:
    """The verb whose clause the cue reports: "Vell, Vos said, has created a "zone"": a
    parenthetical speech verb reports the clause it interrupts."""
    return article.tokens[cue.head] if cue.dep == "parataxis" else cue


def _child_towards(article: _Article, head: Token, token: Token) -> Token | None:
    """The child of ``head`` whose subtree holds ``token``; None when ``head`` does not
    govern it."""
    for _ in range(20):
        if token.head == head.i:
            return token
        if token.head == token.i:
            return None
        token = article.tokens[token.head]
    return None


def _according_to(article: _Article, direct: list[tuple[int, int]]) -> list[Quote]:
    found: list[Quote] = []
    text = article.text
    for sentence in article.sentences:
        lead = _ACCORDING_LEAD.match(text, sentence.start, sentence.end)
        tail = None if lead else _ACCORDING_TAIL.search(text, sentence.start, sentence.end)
        if lead:
            source, content = lead.span(1), (lead.end(), sentence.end)
        elif tail:
            source, content = tail.span(1), (sentence.start, tail.start())
        else:
            continue
        start, end = _trim(text, *content)
        while end > start and text[end - 1] in ".!?":
            end -= 1
        if (
            end - start < 12
            or article.in_quote(start)
            or any(_overlap((start, end), d) > 0.5 * (end - start) for d in direct)
        ):
            continue
        words = [t for t in article.tokens_between(*source) if t.pos != "PUNCT"]
        if not words or _has_own_speaker(article, start, end):
            continue
        head = next((t for t in reversed(words) if article.entities.entity_of_token(t)), words[-1])
        name, entity, mention = _resolve_speaker(article, head, None)
        cue_start = lead.start() if lead else tail.start() if tail else sentence.start
        cue_text = text[cue_start : source[0]]
        cue_start += len(cue_text) - len(cue_text.lstrip(" ,"))
        cue_text = cue_text.strip(" ,")
        cue = Span(cue_start, cue_start + len(cue_text), cue_text)
        content_span = Span(start, end, text[start:end])
        found.append(
            Quote(
                start,
                end,
                content_span.text,
                "indirect",
                (content_span,),
                cue,
                name,
                entity,
                mention,
            )
        )
    return found


def _has_own_speaker(article: _Article, start: int, end: int) -> bool:
    """``According to the excerpts, she argued that ...``: the content has a reporting verb
    with its own subject, which says who said it (the indirect speech step reads it)."""
    return any(
        token.lemma in REPORTING_VERBS
        and token.pos == "VERB"
        and not article.in_quote(token.start)
        and article.subject_of(token) is not None
        for token in article.tokens_between(start, end)
    )


def _clause_span(article: _Article, clause: Token, min_tokens: int = 3) -> tuple[int, int] | None:
    tokens = [
        article.tokens[i]
        for i in sorted(_subtree(article, clause.i))
        if article.tokens[i].sent == clause.sent
    ]
    # the complementizer stays: "that the bridge would reopen" is what was reported
    while tokens and tokens[0].pos == "PUNCT":
        tokens = tokens[1:]
    while tokens and tokens[-1].pos == "PUNCT":
        tokens = tokens[:-1]
    if len(tokens) < min_tokens:
        return None
    return _around_quotes(article, tokens[0].start, tokens[-1].end)


def _around_quotes(article: _Article, start: int, end: int) -> tuple[int, int]:
    """A clause ends where its quotation does, marks included: the parse often stops a
    clause inside the quote it holds (``she had "steady hands, but ..."``)."""
    for marked_start, marked_end in article.marked:
        if marked_start < start < marked_end:
            start = marked_start
        if marked_start < end < marked_end:
            end = marked_end
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
