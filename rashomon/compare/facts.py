"""Facts: statements of several articles that report the same thing, and where they disagree.

Statements are scored pairwise by the shipped similarity model ("same fact" is graded
similarity calibrated on STS-B: at least "roughly equivalent, some information differs";
see docs/similarity.md) and grouped by average linkage. Pairs that the model marks as
stating different things of one subject (``SimilarityModel.distinct_pairs``: few shared
predicate words, no paraphrase) are never linked, whatever their score. A group carried
by every article is common ground; one carried by some is what the others omit. Related
statements whose numbers for the same thing differ ("26 merchant ships" / "25 merchant
ships", "magnitude 6.1" / "magnitud 6,2") are flagged as conflicts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.compare.grouping import link_groups
from rashomon.compare.statements import Statement
from rashomon.compare.types import (
    ArticleRef,
    Conflict,
    ConflictValue,
    Coverage,
    FactGroup,
    Passage,
)
from rashomon.text.features import (
    NumberMention,
    content_words,
    number_mentions,
    transliterate,
)

_YEARS = (1800, 2200)  # a bare year is a date, not a count
_CONTEXT_CHARS = 30  # text each side of a number that says what it counts
_KEY_LETTERS = 5  # "magnitude", "magnitud" and "магнитудой" share "magni" in Latin letters
# A fact group's cross-article pairs must score the fact threshold on average, and each
# pair of one language must at least share details (the model's detail threshold): every
# member then states what every other does, so no member that mentions two facts chains
# them. Average linkage alone (a mean of 0.7 of the threshold, as before) made groups of up
# to 13 statements that share people and topic, not a proposition, on the real-news dev
# set (docs/evaluation.md). Pairs across languages are held to the mean only: the
# cross-lingual head sees vectors, numbers and names, and scores true translations lower.


# A day of the month is a date, not a count: "19 April", "19 апреля", "el 7 de abril".
_MONTH = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$|"
    r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)|"
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")
# A number that labels a place in an order ("the No. 2 position", "#3", "№ 5") is a rank,
# not a count: "No. 2" and "No. 3" posts are two posts, not a dispute over one figure.
_RANK = re.compile(r"(?:\bno\.|#|№)\s*$", re.IGNORECASE)
_MAX_RATIO = 2.0  # counts further apart than this measure different things, not one disputed
# Ages: "76-year-old" and "43-year-old" in two related sentences are two people's ages (the
# real-news dev set's Pelosi and her challenger), not one disputed; one person's age as two
# outlets give it differs by a birthday at most.
_AGE = re.compile(r"[-\s]?years?[-\s]old|\s*(?:лет|года?|años)\b", re.IGNORECASE)
_AGED = re.compile(r"\baged?\s*$|\bedad de\s*$|\bв возрасте\s*$", re.IGNORECASE)
_AGE_SPREAD = 1


@dataclass(frozen=True, slots=True)
class _Count:
    statement: int
    value: float
    things: dict[str, tuple[int, int]]  # key of a word next to it -> span of number and word
    age: bool = False  # "76-year-old", "aged 43": a person's age


# Words next to a count that say the same thing in the languages we read: "at least 14
# people" and "al menos 16 muertos" count one thing, as "magnitude 6.1" and "magnitud 6,2"
# do by their letters alone. A hedge ("at least") is kept as a word of the count, as in one
# language. Not "people": the dead and the injured are both people, and counts of the two
# would meet.
_SAME_THING_WORDS = {
    "least": "least menos менее минимум almeno moins mindestens minstens",
    "dead": "dead died deaths killed killing muertos fallecidos morti morts tote doden"
    " погибших погибли погибло умерли",
    "injured": "injured injuring wounded hurt heridos lesionados feriti blessés verletzte"
    " gewonden раненых ранены",
}
_SAME_THING = {
    transliterate(word)[:_KEY_LETTERS]: f"@{thing}"
    for thing, words in _SAME_THING_WORDS.items()
    for word in words.split()
}


def _key(word: str) -> str:
    key = transliterate(word)[:_KEY_LETTERS]
    return _SAME_THING.get(key, key)


def _neighbours(statement: Statement, number: NumberMention) -> list[re.Match[str]]:
    """The nearest content word before the number and the nearest after it."""
    text, language = statement.text, statement.language
    before = [
        m
        for m in _TOKEN.finditer(text, max(0, number.start - _CONTEXT_CHARS), number.start)
        if content_words(m.group(), language)
    ]
    after = [
        m
        for m in _TOKEN.finditer(text, number.end, number.end + _CONTEXT_CHARS)
        if content_words(m.group(), language)
    ]
    return before[-1:] + after[:1]


def _counts(index: int, statement: Statement) -> list[_Count]:
    counts = []
    for number in number_mentions(statement.text, statement.language):
        if _is_year(number) or _RANK.search(statement.text, 0, number.start):
            continue
        words = _neighbours(statement, number)
        if any(_MONTH.match(w.group()) for w in words):
            continue
        things = {
            _key(w.group()): (min(w.start(), number.start), max(w.end(), number.end))
            for w in words
            if len(w.group()) >= 3 and not w.group().isdigit()
        }
        if things:
            age = bool(_AGE.match(statement.text, number.end)) or bool(
                _AGED.search(statement.text, 0, number.start)
            )
            counts.append(_Count(index, number.value, things, age))
    return counts


def _is_year(number: NumberMention) -> bool:
    return number.value.is_integer() and _YEARS[0] <= number.value <= _YEARS[1]


def _comparable(a: _Count, b: _Count) -> bool:
    if a.age or b.age:  # one person's age is told a birthday apart at most; else two people
        return a.age and b.age and abs(a.value - b.value) <= _AGE_SPREAD
    low, high = sorted((abs(a.value), abs(b.value)))
    return low > 0 and high / low <= _MAX_RATIO


def number_conflicts(
    statements: Sequence[Statement],
    scores: np.ndarray,
    detail_threshold: float,
    articles: Sequence[ArticleRef],
) -> list[tuple[set[int], Conflict]]:
    """Counts of one thing that differ between articles, with the statements they stand in.

    Two counts are of one thing when their statements share details (not necessarily one
    fact: "at least 14 people died" and "16 dead" may not align, yet disagree about one
    count), a word next to one number meets a word next to the other (in Latin letters, so
    across scripts, or through ``_SAME_THING_WORDS``), and the values are within a factor of
    two. Counts that meet so, directly or through others, on one word form a group, and each
    article contributes its first count of the group: "killed 26" / "killed 31" and
    "killing 10" / "killing 10" are two groups, not one of 10, 26 and 31."""
    by_statement: dict[int, list[_Count]] = defaultdict(list)
    for i, statement in enumerate(statements):
        by_statement[i] = _counts(i, statement)
    rows = [i for i in by_statement if by_statement[i]]
    related = scores[np.ix_(rows, rows)] >= detail_threshold
    meetings: dict[str, list[tuple[_Count, _Count]]] = defaultdict(list)  # thing -> pairs
    for x, i in enumerate(rows):
        for y in range(x + 1, len(rows)):
            j = rows[y]
            if not related[x, y] or statements[i].article == statements[j].article:
                continue
            for a in by_statement[i]:
                for b in by_statement[j]:
                    if not _comparable(a, b):
                        continue
                    for thing in sorted(a.things.keys() & b.things.keys()):
                        meetings[thing].append((a, b))
    conflicts: list[tuple[set[int], Conflict]] = []
    seen: set[frozenset[tuple[int, float]]] = set()
    for thing, pairs in sorted(meetings.items()):
        for group in _groups(pairs):
            by_article: dict[int, _Count] = {}
            for count in group:
                by_article.setdefault(statements[count.statement].article, count)
            if len({count.value for count in by_article.values()}) < 2:
                continue
            key = frozenset((a, count.value) for a, count in by_article.items())
            if key in seen:  # the word before and the word after both matched
                continue
            seen.add(key)
            conflicts.append(_conflict(thing, by_article, statements, articles))
    return conflicts


def _groups(pairs: list[tuple[_Count, _Count]]) -> list[list[_Count]]:
    """The counts linked by ``pairs``, directly or through others, each group in the order
    its counts were first met."""
    parent: dict[int, int] = {}
    met: dict[int, _Count] = {}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        for count in (a, b):
            if id(count) not in met:
                met[id(count)] = count
                parent[id(count)] = id(count)
        parent[root(id(b))] = root(id(a))
    groups: dict[int, list[_Count]] = defaultdict(list)
    for key, count in met.items():  # dicts keep the order counts were met in
        groups[root(key)].append(count)
    return list(groups.values())


def _conflict(
    thing: str,
    by_article: dict[int, _Count],
    statements: Sequence[Statement],
    articles: Sequence[ArticleRef],
) -> tuple[set[int], Conflict]:
    values = []
    for article, count in sorted(by_article.items()):
        statement = statements[count.statement]
        start, end = count.things[thing]
        values.append(
            ConflictValue(
                articles[article].id,
                statement.start + start,
                statement.start + end,
                statement.text[start:end],
            )
        )
    involved = {count.statement for count in by_article.values()}
    return involved, Conflict("number", values[0].text, tuple(values))


def mutual_best(
    scores: np.ndarray, articles: Sequence[int], floor: float, threshold: float
) -> np.ndarray:
    """``scores`` with each pair of statements that are one another's best match between
    their two articles, and share details (``floor``), raised to ``threshold``: an article
    tells a fact once, so its best counterpart elsewhere that shares details is that fact
    in other words, even where the words differ too much for the threshold alone."""
    linked = scores.copy()
    article = np.asarray(articles)
    groups = [np.flatnonzero(article == a) for a in np.unique(article)]
    for x, rows in enumerate(groups):
        for cols in groups[x + 1 :]:
            block = scores[np.ix_(rows, cols)]
            best_col = block.argmax(axis=1)
            best_row = block.argmax(axis=0)
            for i, j in enumerate(best_col):
                if best_row[j] == i and floor <= block[i, j] < threshold:
                    linked[rows[i], cols[j]] = linked[cols[j], rows[i]] = threshold
    return linked


def group_facts(
    statements: Sequence[Statement],
    scores: np.ndarray,
    threshold: float,
    detail_threshold: float,
    articles: Sequence[ArticleRef],
    order: Sequence[int],
    distinct: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[FactGroup]:
    """Fact groups over all statements; ``order`` ranks articles by publication (first
    published first) to name who reported each fact first. A number conflict is flagged on
    the group holding most of the statements it was found in.

    ``distinct``, given the pairs that would be linked (bool, as ``scores``), tells which
    of them state different things of one subject (``SimilarityModel.distinct_pairs``):
    they are never linked, neither by their score nor as mutual best matches, yet they
    keep their score everywhere else: they still count in the linkage mean, still make
    each other's best match (so neither is linked to its second best instead) and still
    share details for number conflicts."""
    article_of = [s.article for s in statements]
    linked = np.asarray(mutual_best(scores, article_of, detail_threshold, threshold))
    if distinct is not None:
        article = np.asarray(article_of)
        different = distinct((article[:, None] != article[None, :]) & (linked >= threshold))
        below = np.nextafter(linked.dtype.type(threshold), linked.dtype.type(0))
        linked = np.where(different, np.minimum(linked, below), linked)
    language = np.asarray([s.language for s in statements], dtype=object)
    below_detail = (linked < detail_threshold) & (language[:, None] == language[None, :])

    def apart(left: list[int], right: list[int]) -> bool:
        return bool(below_detail[np.ix_(left, right)].any())

    groups = link_groups(linked, article_of, threshold, threshold, apart)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    flagged: dict[int, list[Conflict]] = defaultdict(list)
    for involved, conflict in number_conflicts(statements, scores, detail_threshold, articles):
        votes = Counter(group_of[i] for i in involved)
        flagged[max(votes, key=lambda g: (votes[g], -g))].append(conflict)
    rank = {article: position for position, article in enumerate(order)}
    facts: list[FactGroup] = []
    for number, members in enumerate(groups):
        chosen = [statements[i] for i in members]
        carriers = sorted({s.article for s in chosen})
        coverage: Coverage = (
            "all" if len(carriers) == len(articles) else "one" if len(carriers) == 1 else "some"
        )
        facts.append(
            FactGroup(
                id=f"F{number + 1}",
                members=tuple(
                    Passage(articles[s.article].id, s.start, s.end, s.text) for s in chosen
                ),
                articles=tuple(articles[a].id for a in carriers),
                coverage=coverage,
                first=articles[min(carriers, key=rank.__getitem__)].id,
                conflicts=tuple(flagged[number]),
            )
        )
    return facts
