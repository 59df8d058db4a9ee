"""Facts: statements of several articles that report the same thing, and where they disagree.

Statements are scored pairwise by the story's same-fact model (``fact_model.py``: a
probability that two statements of one story state one proposition, learned on real
multi-outlet news) and grouped by average linkage, each pair of a group at least sharing
details (the model's detail cut), so no member that mentions two facts chains them. A
group carried by every article is common ground; one carried by some is what the others
omit. Related statements whose numbers for the same thing differ ("26 merchant ships" /
"25 merchant ships", "magnitude 6.1" / "magnitud 6,2") are flagged as conflicts; those are
found on the graded similarity (``similarity.py``), which relates sentences that need not
state one fact to disagree about one count.
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
    CURRENCY_UNITS,
    NumberMention,
    content_words,
    number_mentions,
    transliterate,
    weekday_mentions,
)

_YEARS = (1800, 2200)  # a bare year is a date, not a count
_CONTEXT_CHARS = 30  # text each side of a number that says what it counts
_KEY_LETTERS = 5  # "magnitude", "magnitud" and "магнитудой" share "magni" in Latin letters
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
# A year is a date, and two related statements with two years are mostly two events ("won
# in 2016", "took office in 2017"); one date told two ways ("has led since 2002" / "since
# 2003") is a year or two apart, after the same word, in statements that state one fact.
_YEAR_SPREAD = 2
# Sums of money in one currency that two related statements give within a tenth of each
# other ("$3.5 billion" / "$3.6 billion" from military construction) are one sum told two
# ways even where no word next to them meets; further apart they are more likely two sums.
_CLOSE_SUM = 1.1


@dataclass(frozen=True, slots=True)
class _Count:
    statement: int
    value: float
    things: dict[str, tuple[int, int]]  # key of a word next to it -> span of number and word
    age: bool = False  # "76-year-old", "aged 43": a person's age
    year: bool = False  # "since 2002": a date, its thing the word before it


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
        if _RANK.search(statement.text, 0, number.start):
            continue
        if _is_year(number):
            counts.extend(_year(index, statement, number))
            continue
        words = _neighbours(statement, number)
        if any(_MONTH.match(w.group()) for w in words):
            continue
        things = {
            _key(w.group()): (min(w.start(), number.start), max(w.end(), number.end))
            for w in words
            if len(w.group()) >= 3 and not w.group().isdigit()
        }
        if number.unit in CURRENCY_UNITS:
            things[f"@sum {number.unit}"] = (number.start, number.end)
        if things:
            age = bool(_AGE.match(statement.text, number.end)) or bool(
                _AGED.search(statement.text, 0, number.start)
            )
            counts.append(_Count(index, number.value, things, age))
    return counts


def _is_year(number: NumberMention) -> bool:
    return (
        number.unit is None and number.value.is_integer() and _YEARS[0] <= number.value <= _YEARS[1]
    )


def _year(index: int, statement: Statement, number: NumberMention) -> list[_Count]:
    """A year as a date of the statement, its thing the word written before it."""
    before = _TOKEN.findall(statement.text, max(0, number.start - _CONTEXT_CHARS), number.start)
    if not before or before[-1].isdigit():
        return []
    key = f"@year {before[-1].lower()}"
    return [_Count(index, number.value, {key: (number.start, number.end)}, year=True)]


def _significant(value: float) -> int:
    """How many significant digits a value is given with: 1.4e9 has two, 1.375e9 four."""
    digits = f"{abs(value):.12g}".split("e")[0].replace(".", "").strip("0")
    return max(1, len(digits))


def _rounded(a: float, b: float) -> bool:
    """Whether one value is the other rounded ("$1.4 billion" for "$1.375 billion")."""
    if _significant(a) > _significant(b):
        a, b = b, a
    return float(f"{b:.{_significant(a)}g}") == a


def _comparable(a: _Count, b: _Count) -> bool:
    if a.age or b.age:  # one person's age is told a birthday apart at most; else two people
        return a.age and b.age and abs(a.value - b.value) <= _AGE_SPREAD
    if a.year or b.year:
        return a.year and b.year and abs(a.value - b.value) <= _YEAR_SPREAD
    low, high = sorted((abs(a.value), abs(b.value)))
    rounded = a.value != b.value and _rounded(a.value, b.value)
    return low > 0 and high / low <= _MAX_RATIO and not rounded


def _meet(a: _Count, b: _Count, thing: str, same_fact: bool) -> bool:
    """Whether two comparable counts that share ``thing`` count one thing."""
    if a.year:  # a date told two ways: only where the statements state one fact
        return same_fact
    if thing.startswith("@sum"):  # sums that meet by their currency alone: close ones
        low, high = sorted((abs(a.value), abs(b.value)))
        return high / low <= _CLOSE_SUM
    return True


def number_conflicts(
    statements: Sequence[Statement],
    scores: np.ndarray,
    detail_threshold: float,
    articles: Sequence[ArticleRef],
    fact_threshold: float = 1.0,
) -> list[tuple[set[int], Conflict]]:
    """Counts of one thing that differ between articles, with the statements they stand in.

    Two counts are of one thing when their statements share details (``scores`` at least
    ``detail_threshold``; not necessarily one fact: "at least 14 people died" and "16
    dead" may not align, yet disagree about one count), a word next to one number meets a
    word next to the other (in Latin letters, so across scripts, or through
    ``_SAME_THING_WORDS``), and the values are within a factor of two and not one the
    other rounded ("$1.4 billion" for "$1.375 billion"). Sums of one currency meet by it
    when close (``_CLOSE_SUM``); years after the same word only between statements that
    state one fact (``fact_threshold``) and a year or two apart. Counts that meet so,
    directly or through others, on one word form a group, and each article contributes its
    first count of the group: "killed 26" / "killed 31" and
    "killing 10" / "killing 10" are two groups, not one of 10, 26 and 31."""
    by_statement: dict[int, list[_Count]] = defaultdict(list)
    for i, statement in enumerate(statements):
        by_statement[i] = _counts(i, statement)
    rows = [i for i in by_statement if by_statement[i]]
    related = scores[np.ix_(rows, rows)] >= detail_threshold
    same_fact = scores[np.ix_(rows, rows)] >= fact_threshold
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
                        if _meet(a, b, thing, bool(same_fact[x, y])):
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


def _day_conflict(
    members: Sequence[int],
    statements: Sequence[Statement],
    scores: np.ndarray,
    threshold: float,
    articles: Sequence[ArticleRef],
) -> Conflict | None:
    """One fact told on two days: two or more of its articles each name one weekday in
    their statements of it (in any language), not all the same one, and two statements
    naming different days state one fact by their own score (``threshold``), not only
    through the group. An article naming two days ("met on Monday, announced on Friday")
    tells more than the day of the fact, so it takes no side."""
    named: dict[int, list[tuple[int, int, ConflictValue]]] = defaultdict(list)
    for row in members:
        statement = statements[row]
        for day, start, end in weekday_mentions(statement.text, statement.language):
            value = ConflictValue(
                articles[statement.article].id,
                statement.start + start,
                statement.start + end,
                statement.text[start:end],
            )
            named[statement.article].append((day, row, value))
    sides = {
        article: days[0]
        for article, days in sorted(named.items())
        if len({d[0] for d in days}) == 1
    }
    told = list(sides.values())
    disputed = any(
        a[0] != b[0] and scores[a[1], b[1]] >= threshold
        for i, a in enumerate(told)
        for b in told[i + 1 :]
    )
    if not disputed:
        return None
    return Conflict("claim", "day", tuple(value for _, _, value in told))


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
    conflicts: Sequence[tuple[set[int], Conflict]] = (),
    distinct: Callable[[np.ndarray], np.ndarray] | None = None,
    best_threshold: float | None = None,
) -> list[FactGroup]:
    """Fact groups over all statements. ``scores`` are same-fact probabilities (the fact
    model's); a group's cross-article pairs score ``threshold`` on average, and each pair
    of one language at least ``detail_threshold`` (pairs across languages are held to the
    mean only: the evidence across languages is vectors, numbers and names, and true
    translations score lower). Two statements that are each other's best match between
    their articles are linked from ``best_threshold`` (``mutual_best``; the detail cut if
    None). ``order`` ranks articles by publication (first published first) to name who
    reported each fact first. Each of ``conflicts``
    (``number_conflicts``) is flagged on the group holding most of the statements it was
    found in.

    ``distinct``, given the pairs that would be linked (bool, as ``scores``), tells which
    of them state different things of one subject (``SimilarityModel.distinct_pairs``):
    they are never linked, neither by their score nor as mutual best matches, yet they
    keep their score everywhere else: they still count in the linkage mean and still make
    each other's best match (so neither is linked to its second best instead)."""
    article_of = [s.article for s in statements]
    floor = detail_threshold if best_threshold is None else best_threshold
    linked = np.asarray(mutual_best(scores, article_of, floor, threshold))
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
    for involved, conflict in conflicts:
        votes = Counter(group_of[i] for i in involved)
        flagged[max(votes, key=lambda g: (votes[g], -g))].append(conflict)
    for number, members in enumerate(groups):
        day = _day_conflict(members, statements, scores, threshold, articles)
        if day is not None:
            flagged[number].append(day)
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
