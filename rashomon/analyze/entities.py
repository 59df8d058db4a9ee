"""People, organisations and places, resolved to one canonical entity each within an article.

"Vladimir Putin", "Putin" and "the Russian President" become one person when the text
links them: a shorter name that is part of a longer one, a title or role written next
to the name ("Russian President Vladimir Putin", "His spokesman Dmitry Peskov",
"Peskov, the Kremlin spokesman"), and, for pronouns and descriptions that act as
speakers, the most recent compatible person (``EntityIndex.resolve_reference``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rashomon.analyze.parse import NamedSpan, Parse, Token
from rashomon.lang import LANGUAGES, in_any_language, language_data
from rashomon.types import Entity, EntityLabel, Mention

_KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Titles written before a name ("Mr", "Sen.", "M.", "Frau"), from every language's data.
HONORIFICS = in_any_language("honorifics")

# Nouns naming a role a person can be referred to by ("the spokesman", "the Russian leader").
ROLE_NOUNS = frozenset(
    """
president leader minister premier chancellor king queen prince princess emperor monarch
spokesman spokeswoman spokesperson secretary senator congressman congresswoman
representative governor mayor candidate nominee chairman chairwoman chair chief head
director ambassador envoy diplomat general commander official aide adviser advisor lawyer
boss
attorney judge justice prosecutor founder executive ceo owner manager coach author analyst
expert professor economist scientist researcher activist campaigner speaker lawmaker
legislator politician businessman businesswoman billionaire tycoon pope cardinal bishop
priest imam rabbi actor actress singer star player striker captain officer sheriff
detective inspector chief-of-staff strategist pollster frontrunner front-runner rival
challenger incumbent vice-president guru journalist reporter editor commentator host
presenter negotiator mediator президент министр губернатор пресс-секретарь глава премьер
премьер-министр спикер мэр посол представитель помощник депутат сенатор лидер председатель
директор руководитель эксперт аналитик командующий генерал канцлер политолог
""".split()  # noqa: SIM905 -- a word list reads best as words
)

# Pronouns that can stand for a person speaking (word -> "m" or "f"; "they" may also stand
# for a group), from the language data. The English and Russian ones are read whatever the
# article's language, as before the data held them; another language's only in its text
# (``person_pronouns``): Polish "on" is English "on".
PERSON_PRONOUNS: dict[str, str] = {
    **language_data("en").person_pronouns,
    **language_data("ru").person_pronouns,
}
# The gender of a word already taken as a pronoun, in any language.
_PRONOUN_GENDERS: dict[str, str] = {
    word: gender
    for code in LANGUAGES
    for word, gender in language_data(code).person_pronouns.items()
}


def person_pronouns(language: str) -> dict[str, str]:
    """The pronouns that can stand for a person speaking in text of ``language``."""
    return {**PERSON_PRONOUNS, **language_data(language).person_pronouns}


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[\w\-]+", text.lower()) if w not in HONORIFICS)


def clean_name(text: str) -> str:
    """A name as written, without a leading article, possessive ending or honorific."""
    name = _POSSESSIVE.sub("", _LEADING.sub("", text.strip(" \t\n\"'“”‘’«»,.;:")))
    parts = name.split()
    # "Dr Jane Ode", and a tabloid's "Boss Klaus Wendt": a title or role is not the name
    while len(parts) > 1 and (
        parts[0].lower().rstrip(".") in HONORIFICS or parts[0].lower() in ROLE_NOUNS
    ):
        parts = parts[1:]
    return " ".join(parts)


# Letters of a name's last word that identify it through case endings ("Путин", "Путина").
_END_LETTERS = 5


def _end_key(name: str) -> str:
    return name.split()[-1].lower()[:_END_LETTERS]


@dataclass(slots=True)
class _Cluster:
    id: str
    label: EntityLabel
    names: list[str] = field(default_factory=list)  # name forms as written, cleaned
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)  # role nouns and modifiers linked to it
    gender: str | None = None  # from a pronoun resolved to the person
    titled: set[str] = field(default_factory=set)  # genders titles before mentions say

    @property
    def name(self) -> str:
        # The longest form ending in the word most forms end in wins; among equals, the
        # first seen. A headline in the body ("Nancy Pelosi Re-Elected", "Trump Declares")
        # is tagged as one long name once, while the person's surname ends most mentions.
        ends = Counter(_end_key(n) for n in self.names)
        return max(
            self.names,
            key=lambda n: (
                ends[_end_key(n)],
                len(n.split()),
                len(n),
                -self.names.index(n),
            ),
        )


class EntityIndex:
    """The entities of one article and the means to resolve references to them."""

    def __init__(self, text: str, parse: Parse) -> None:
        self.text = text
        self.parse = parse
        self._clusters: list[_Cluster] = []
        self._by_offset: dict[int, _Cluster] = {}  # token start offset -> cluster
        self._token_starts = [t.start for t in parse.tokens]
        self._children: dict[int, list[int]] = defaultdict(list)
        for token in parse.tokens:
            if token.head != token.i:
                self._children[token.head].append(token.i)
        for span in sorted(parse.named, key=lambda s: s.start):
            if span.label in _KEPT_LABELS:
                self._add(span)
        self._propagate_surnames()
        if parse.has_syntax:
            self._link_roles()

    # -- building -----------------------------------------------------------------
    def _add(self, span: NamedSpan) -> _Cluster | None:
        """Add a mention to the entity it names (made if new); None when it names nothing."""
        written = clean_name(span.text)
        if not written or not any(ch.isalpha() for ch in written):
            return None
        name = clean_name(span.normal) if span.normal else written
        start = span.start + span.text.find(written) if written in span.text else span.start
        cluster = self._match_name(name, span.label)
        if cluster is None:
            cluster = _Cluster(f"E{len(self._clusters) + 1}", span.label)
            self._clusters.append(cluster)
        cluster.names.append(name)
        cluster.mentions.append(Mention(start, start + len(written), written, cluster.id))
        self._note_title(cluster, start)
        # Tokens by bisection, not a scan: entity resolution ran in time quadratic in the
        # names of an article (issue 13: 4,389 names, 29 s of CPU; 8.5 s with this).
        first = bisect_left(self._token_starts, start)
        end = bisect_left(self._token_starts, start + len(written))
        for token in self.parse.tokens[first:end]:
            self._by_offset[token.start] = cluster
        return cluster

    def _propagate_surnames(self) -> None:
        """Mentions the tagger missed: a person's surname, capitalised, elsewhere in the text."""
        surnames: dict[str, _Cluster | None] = {}
        for cluster in self._clusters:
            if cluster.label != "PERSON":
                continue
            for name in cluster.names:
                last = name.split()[-1]
                if len(last) > 2 and last[0].isupper():
                    # A surname two people share resolves to neither.
                    known = surnames.get(last, cluster)
                    surnames[last] = cluster if known is cluster else None
        for token in self.parse.tokens:
            owner = surnames.get(_POSSESSIVE.sub("", token.text))
            if owner is not None and token.start not in self._by_offset:
                self._by_offset[token.start] = owner
                owner.mentions.append(Mention(token.start, token.end, token.text, owner.id))
                self._note_title(owner, token.start)

    def add_person(self, tokens: Sequence[Token]) -> str:
        """A person the tagger missed but the syntax shows speaking ("Mayor Ines Karro said")."""
        capitalised = [t for t in tokens if t.lemma not in ROLE_NOUNS and t.text[:1].isupper()]
        words = self._fullest_form(capitalised) if capitalised else capitalised
        name = " ".join(t.text for t in words) or " ".join(t.text for t in tokens)
        span = NamedSpan(
            words[0].start if words else tokens[0].start,
            words[-1].end if words else tokens[-1].end,
            name,
            "PERSON",
        )
        # The cluster _add returns, not the one at span.start: cleaning may drop a leading
        # honorific ("Mr Alishbandi"), and the mention then starts at the surname.
        cluster = self._add(span)
        if cluster is None:  # no letters at all: keep the words as the speaker's name
            cluster = _Cluster(f"E{len(self._clusters) + 1}", "PERSON")
            self._clusters.append(cluster)
            cluster.names.append(span.text)
            cluster.mentions.append(Mention(span.start, span.end, span.text, cluster.id))
        for token in tokens:
            if token.lemma in ROLE_NOUNS:
                cluster.roles.add(token.lemma)
        return cluster.id

    def _fullest_form(self, words: Sequence[Token]) -> Sequence[Token]:
        """The longest run of capitalised proper nouns ending in the same surname ("Ines Karro"
        in "Mayor Ines Karro visited ..." for a later "Karro said")."""
        surname = words[-1].text
        best = words
        for token in self.parse.tokens:
            if token.text != surname or token.start in self._by_offset:
                continue
            first = token.i
            while first > 0:
                before = self.parse.tokens[first - 1]
                if (
                    before.pos != "PROPN"
                    or not before.text[:1].isupper()
                    or (before.lemma in ROLE_NOUNS or before.start in self._by_offset)
                ):
                    break
                first -= 1
            if token.i + 1 - first > len(best):
                best = self.parse.tokens[first : token.i + 1]
        return best

    def _match_name(self, name: str, label: str) -> _Cluster | None:
        words = _words(name)
        if not words:
            return None
        best: _Cluster | None = None
        if label != "PERSON" and len(words) == 1:
            # The tagger often calls a bare surname an organisation ("Danes said"): a word
            # that is the surname of a person already named is that person.
            for cluster in reversed(self._clusters):
                if cluster.label == "PERSON" and any(
                    len(_words(known)) > 1 and _words(known)[-1] == words[0]
                    for known in cluster.names
                ):
                    return cluster
        for cluster in reversed(self._clusters):  # most recent first
            if label == "PERSON" and cluster.label != "PERSON":
                continue
            if label != "PERSON" and cluster.label == "PERSON":
                continue
            if label == "PERSON" and _another_given_name(words, cluster):
                continue  # "Melania Trump" is not the "Donald Trump" named before
            for known in cluster.names:
                known_words = _words(known)
                if known.lower() == name.lower():
                    return cluster
                # A bare surname two people share goes to the one named most so far (the
                # story's main figure), the most recent among equals.
                if (
                    label == "PERSON"
                    and (
                        _is_part_of_name(words, known_words) or _is_part_of_name(known_words, words)
                    )
                    and (best is None or len(cluster.mentions) > len(best.mentions))
                ):
                    best = cluster
        return best

    def _link_roles(self) -> None:
        """Attach titles and appositions to the person they describe."""
        tokens = self.parse.tokens
        for token in tokens:
            cluster = self._by_offset.get(token.start)
            if cluster is None or cluster.label != "PERSON":
                continue
            # Role words written before the name inside its noun phrase ("Russian President").
            for child in self._children.get(token.i, []):
                ctok = tokens[child]
                if (
                    child < token.i
                    and ctok.start not in self._by_offset
                    and ctok.dep in ("compound", "amod", "nmod", "appos", "flat")
                ):
                    self._add_role(cluster, child)
            # A title written right before the name ("Valdoran President Aurel Danes"), which
            # the parser does not always attach to it.
            if token.i == 0 or self._by_offset.get(tokens[token.i - 1].start) is not cluster:
                self._add_title(cluster, token.i)
            # Apposition in either direction: "Peskov, the spokesman" / "the spokesman Peskov".
            if token.dep == "appos" and tokens[token.head].start not in self._by_offset:
                self._add_role(cluster, token.head)
            for child in self._children.get(token.i, []):
                ctok = tokens[child]
                if ctok.dep == "appos" and ctok.start not in self._by_offset:
                    self._add_role(cluster, child)

    def _add_title(self, cluster: _Cluster, first: int) -> None:
        tokens = self.parse.tokens
        at = first - 1
        while at >= 0 and first - at <= 4:
            tok = tokens[at]
            other = self._by_offset.get(tok.start)
            titled = tok.text[:1].isupper() and tok.pos in ("PROPN", "ADJ", "NOUN")
            if (other is not None and other.label == "PERSON") or not (
                titled or tok.lemma in ROLE_NOUNS
            ):
                break
            cluster.roles.add(tok.lemma)
            at -= 1

    def _add_role(self, cluster: _Cluster, head: int) -> None:
        tokens = self.parse.tokens
        phrase = [tokens[i] for i in self._subtree(head, limit=8)]
        for tok in phrase:
            other = self._by_offset.get(tok.start)
            if other is cluster or (other is not None and other.label == "PERSON"):
                continue  # the person's own name, or another person's
            if tok.lemma in ROLE_NOUNS or tok.pos in ("ADJ", "PROPN", "NOUN"):
                cluster.roles.add(tok.lemma)

    # -- queries ------------------------------------------------------------------
    def _subtree(self, head: int, limit: int = 12) -> list[int]:
        result, stack = [head], [head]
        while stack and len(result) < limit:
            for child in self._children.get(stack.pop(), []):
                result.append(child)
                stack.append(child)
        return sorted(result)

    def children(self, index: int) -> list[int]:
        return self._children.get(index, [])

    def entity_of_token(self, token: Token) -> str | None:
        cluster = self._by_offset.get(token.start)
        return cluster.id if cluster else None

    def entity(self, entity_id: str) -> _Cluster:
        return self._clusters[int(entity_id[1:]) - 1]

    def name_of(self, entity_id: str) -> str:
        return self.entity(entity_id).name

    def persons_before(self, offset: int) -> list[tuple[int, str]]:
        """(mention start, entity id) of people named before ``offset``, most recent first."""
        found = [
            (m.start, c.id)
            for c in self._clusters
            if c.label == "PERSON"
            for m in c.mentions
            if m.start < offset
        ]
        return sorted(found, reverse=True)

    def tokens_in(self, start: int, end: int) -> Sequence[Token]:
        """The tokens starting within ``start``..``end`` of the text."""
        starts = self._token_starts
        return self.parse.tokens[bisect_left(starts, start) : bisect_left(starts, end)]

    def person_for_pronoun(self, pronoun: str, before: int) -> str | None:
        """The person most recently named before ``before`` whom ``pronoun`` can stand for
        (by gender, where known)."""
        gender = _PRONOUN_GENDERS.get(pronoun.lower())
        for _, entity in self.persons_before(before):
            known = self.gender_of(entity)
            if gender is None or known is None or known == gender:
                return entity
        return None

    def resolve_description(self, words: Sequence[str], before: int) -> str | None:
        """A person described by role words ("the Kremlin spokesman"), if one fits."""
        heads = [w for w in words if w in ROLE_NOUNS]
        if not heads:
            return None
        compatible = [
            c
            for c in self._clusters
            if c.label == "PERSON" and heads[-1] in c.roles and self.fits_description(c.id, words)
        ]
        if len(compatible) <= 1:
            return compatible[0].id if compatible else None
        recent = [eid for _, eid in self.persons_before(before) if self.entity(eid) in compatible]
        return recent[0] if recent else compatible[0].id

    def fits_description(self, entity_id: str, words: Sequence[str]) -> bool:
        """False when what the text says of the person contradicts the description.

        "the Russian president" does not fit a person introduced as "Ukraine's President",
        nor one known only as a spokesman; it fits a person with no known role.
        """
        cluster = self.entity(entity_id)
        known_roles = cluster.roles & ROLE_NOUNS
        if not known_roles:
            return True
        heads = [w for w in words if w in ROLE_NOUNS]
        modifiers = {w for w in words if w not in ROLE_NOUNS and w not in _STOP}
        return (
            bool(heads)
            and heads[-1] in cluster.roles
            and modifiers <= (cluster.roles | _org_words(cluster))
        )

    def note_gender(self, entity_id: str, pronoun: str) -> None:
        gender = _PRONOUN_GENDERS.get(pronoun.lower())
        cluster = self.entity(entity_id)
        if gender and cluster.gender is None:
            cluster.gender = gender

    def gender_of(self, entity_id: str) -> str | None:
        """The person's gender as the text shows it: a gendered title or role written with
        the name ("Ms. Coulter", "the spokeswoman"), else a pronoun that stood for them,
        else what a Russian name's form says (Елена Марчук, Иванова). The title comes
        first: a pronoun is noted when a quote's "he" was resolved to the person, which
        can be wrong, while "Ms." before the name is what the writer says."""
        cluster = self.entity(entity_id)
        return self._titled_gender(cluster) or cluster.gender or _russian_name_gender(cluster.name)

    def _titled_gender(self, cluster: _Cluster) -> str | None:
        genders = cluster.titled | {
            _GENDERED_ROLES[r] for r in cluster.roles if r in _GENDERED_ROLES
        }
        return next(iter(genders)) if len(genders) == 1 else None  # both: the text is confused

    def _note_title(self, cluster: _Cluster, start: int) -> None:
        """The gender a title written right before a mention says ("Ms. Coulter")."""
        title = _TITLE_BEFORE.search(self.text, max(start - 8, 0), start)
        if title is not None:
            cluster.titled.add(_GENDERED_TITLES[title.group(1).lower()])

    def add_mention(self, entity_id: str, start: int, end: int) -> None:
        cluster = self.entity(entity_id)
        if not any(m.start == start for m in cluster.mentions):
            cluster.mentions.append(Mention(start, end, self.text[start:end], entity_id))
            self._note_title(cluster, start)

    def entities(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(c.id, c.name, c.label, tuple(sorted(c.mentions, key=lambda m: m.start)))
            for c in self._clusters
        )


_STOP = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "our",
    "former",
    "then",
    "current",
    "'s",
    "’s",
    "of",
    "for",
    "and",
    "new",
    "top",
    "senior",
    "chief",
}


# Titles and roles that say a person's gender ("Ms. Coulter", "the spokeswoman").
_GENDERED_TITLES = {
    **dict.fromkeys(("mr", "sir", "lord"), "m"),
    **dict.fromkeys(("mrs", "ms", "miss", "dame", "lady", "madam"), "f"),
}
_TITLE_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lord|Dame|Lady|Madam)\.?\s+$")
_MALE_ROLES = "spokesman congressman chairman businessman king prince emperor actor"
_FEMALE_ROLES = (
    "spokeswoman congresswoman chairwoman businesswoman queen princess empress actress "
    "mother wife sister daughter"
)
_GENDERED_ROLES = {
    **dict.fromkeys(_MALE_ROLES.split(), "m"),
    **dict.fromkeys(_FEMALE_ROLES.split(), "f"),
}

# Russian masculine given names that end like feminine ones.
_RU_MALE_IN_A = frozenset(("никита", "илья", "фома", "кузьма", "лука", "савва", "данила"))
_RU_FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|ая)$")
_RU_MASCULINE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ой)$")


def _russian_name_gender(name: str) -> str | None:
    """A gender ("f" or "m") from a Cyrillic name's form: a given name in -а/-я is a
    woman's (bar a few men's), one in a consonant or -й a man's; else the surname's
    ending tells (-ова/-ов)."""
    words = name.lower().split()
    if not words or not re.fullmatch(r"[а-яё\-]+", words[-1]):
        return None
    if len(words) > 1:
        given = words[0]
        if given.endswith(("а", "я")):
            return "m" if given in _RU_MALE_IN_A else "f"
        if not given.endswith(("ь", "о", "е", "и", "у", "ю", "ы", "э")):
            return "m"
    if _RU_FEMININE_SURNAME.search(words[-1]):
        return "f"
    return "m" if _RU_MASCULINE_SURNAME.search(words[-1]) else None


def _org_words(cluster: _Cluster) -> set[str]:
    return {w for n in cluster.names for w in _words(n)}


def _another_given_name(words: Sequence[str], cluster: _Cluster) -> bool:
    """A full name whose given name differs (initials aside) from a full name of
    ``cluster`` with the same surname: two people of one family."""
    if len(words) < 2:
        return False
    for known in cluster.names:
        known_words = _words(known)
        if (
            len(known_words) >= 2
            and known_words[-1] == words[-1]
            and known_words[0][0] != words[0][0]
        ):
            return True
    return False


def _is_part_of_name(words: Sequence[str], known: Sequence[str]) -> bool:
    """ "Putin" is part of "Vladimir Putin"; "Clinton" of "Hillary Clinton"."""
    if len(words) >= len(known):
        return False
    return (
        words == known[-len(words) :]
        or words == known[: len(words)]
        or all(w in known for w in words)
    )
