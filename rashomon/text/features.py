"""Language-light text utilities for comparing sentences across outlets and languages.

Nothing here loads a model: tokens, stopword-filtered and crudely stemmed content words,
transliteration to Latin (so "Зеленский" and "Zelenskyy" can meet), numbers with their
values (digits and number words) and a negation cue. The words each language needs (stop
words, stem suffixes, negations, number, scale, currency and date words) are language data,
``rashomon/lang/<code>/words.json``; text in a language with none is read with English's
stop words and negations, without stemming or number words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rashomon.lang import LANGUAGES, in_any_language, language_data

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of any script (underscores are not word characters here)."""
    return [t for t in _TOKEN.findall(text.lower().replace("_", " ")) if t]


# Languages with stop words (rashomon/lang/<code>/words.json); text in any other language,
# or in none we could tell, is read with English's.
STOPWORDS: dict[str, frozenset[str]] = {
    code: language_data(code).stop_words for code in LANGUAGES if language_data(code).stop_words
}
STOPWORDS["und"] = STOPWORDS["en"]
_MAX_STEM = 8  # a long Russian or Spanish stem still differs in its tail; the head decides


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """A crude stem: strip one known suffix (keeping >= 3 letters), cut to 8 characters."""
    if word.isdigit():
        return word
    # Suffixes stripped (longest first) so inflected forms meet: "detained"/"detains" ->
    # "detain", "президента"/"президентом" -> "президент". Crude on purpose: both sides of
    # a comparison get the same cut.
    data = language_data(language)
    for suffix in data.stem_suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if data.stem_drops_final_e and len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # "declare"/"declared" -> "declar"
    return word[:_MAX_STEM]


def content_words(text: str, language: str) -> list[str]:
    """Stemmed tokens that are not stopwords (in ``language``) and not bare digits."""
    stops = STOPWORDS.get(language, STOPWORDS["en"])
    return [stem(t, language) for t in tokens(text) if t not in stops and not t.isdigit()]


# --- transliteration -------------------------------------------------------------------

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}
_GREEK = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
_TRANSLIT = str.maketrans({**_CYRILLIC, **_GREEK})


@lru_cache(maxsize=100_000)
def transliterate(text: str) -> str:
    """Lower-case Latin form: Cyrillic and Greek romanised, accents stripped.

    "Дмитрий Орлов" -> "dmitrij orlov", "Zelenskyy" -> "zelenskyy", "Peña" -> "pena".
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # Greek accents and "й" are combining marks after NFKD: recompose "и"+breve first.
    decomposed = decomposed.replace("и\u0306", "й").replace("е\u0308", "ё")
    latin = decomposed.translate(_TRANSLIT)
    return "".join(ch for ch in latin if not unicodedata.combining(ch))


_NAME = re.compile(r"\b[^\W\d_][\w'’-]*", re.UNICODE)


# What may stand before a capital that opens a sentence or a quotation.
_OPENERS = (".", "!", "?", ":", "«", '"', "“", "‘", "—", "–", "(")


def predicate_words(text: str, language: str) -> frozenset[str]:
    """Content words (stemmed, as ``content_words``) less those written capitalised inside
    the sentence: what a statement says of its subjects rather than who they are. "The
    Kremlin has promised to continue fighting with Ukraine" -> promis, continu, fight.
    The sentence's first word counts as a content word unless it is an acronym."""
    stops = STOPWORDS.get(language, STOPWORDS["en"])
    named: set[str] = set()
    for i, match in enumerate(_NAME.finditer(text)):
        word = match.group()
        if not word[:1].isupper():
            continue
        initial = i == 0 or text[: match.start()].rstrip().endswith(_OPENERS)
        if initial and not (word.isupper() and len(word) > 1):
            continue
        named.update(stem(t, language) for t in tokens(word) if t not in stops)
    return frozenset(w for w in content_words(text, language) if w not in named)


# --- negation --------------------------------------------------------------------------

_NT = re.compile(r"\w+n['’]t\b", re.IGNORECASE)


def negation_count(text: str, language: str) -> int:
    """Negation cues in the text ("not", "n't", "never"; "не", "нет"; "no", "nunca" ...)."""
    cues = language_data(language).negations or language_data("en").negations
    return sum(t in cues for t in tokens(text)) + len(_NT.findall(text))


# --- token sequences (English paraphrase head) ---------------------------------------

# Month and day words: two statements naming different ones usually report different
# events ("on Monday" vs "on Tuesday"), however alike the rest.
DATE_WORDS_EN = language_data("en").date_words
# Hedges and modals: "will" vs "may", "expected to" vs a done fact.
MODAL_WORDS_EN = language_data("en").modal_words


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance between two token sequences (insert, delete, substitute)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, w in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != w)))
        previous = current
    return previous[-1]


def longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest token run that both sequences contain contiguously."""
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, w in enumerate(b, 1):
            if x == w:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def alignment(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Greedy left-to-right one-to-one alignment of equal tokens (METEOR's unigram
    matching): (aligned tokens, chunks), a chunk being a run aligned in the same order on
    both sides. Few chunks for many matches means the wording kept its order."""
    free: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        free.setdefault(w, []).append(j)
    matched: list[int] = []
    for x in a:
        positions = free.get(x)
        matched.append(positions.pop(0) if positions else -1)
    aligned = [j for j in matched if j >= 0]
    chunks = 0
    last = -2
    for i, j in enumerate(matched):
        if j >= 0 and not (i > 0 and matched[i - 1] >= 0 and j == last + 1):
            chunks += 1
        last = j
    return len(aligned), chunks


# --- numbers ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float
    start: int
    end: int
    text: str
    unit: str | None


# Scale words multiply the number before them, in every language (a Russian "млн" may follow
# English digits in a quote); a language's own scale words only in it (Spanish "mil").
_SCALES: dict[str, float] = {
    word: value for code in LANGUAGES for word, value in language_data(code).scale_words.items()
}
_PERCENT_WORDS = in_any_language("percent_words") | {"%"}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "₽": "₽"}
CURRENCY_UNITS = frozenset(_CURRENCY.values())  # NumberMention.unit of a sum of money
_CURRENCY_WORDS: dict[str, str] = {
    word: symbol
    for code in LANGUAGES
    for word, symbol in language_data(code).currency_words.items()
}
# Languages with no folder of data that write a decimal point: text we could not tell the
# language of (read as English) and the East Asian scripts.
_POINT_DECIMAL_WITHOUT_DATA = frozenset({"und", "ja", "zh", "ko"})
_ABBREVIATION_LETTERS = 4  # "mln.", "млрд.": a scale word this short with a stop is cut
_PER_HUNDRED = re.compile(r"[\s ]+([^\W\d_]+)")
# Dot/comma as thousands separators: "1,200" in English, "1.200" / "1 200" elsewhere.
# A number ends where a word could not go on, or where a scale abbreviation is written
# onto it ("€2.5m", "$3bn"), which the scale words then fold in.
_DIGITS = re.compile(
    r"(?<![\w.,])\d+(?:[.,  ]\d{3})*(?:[.,]\d+)?(?:(?![\w])|(?=(?:m|bn|mln)\b))"
    r"|(?<![\w.,])[.,]\d+\b"
)
# A word may hold a hyphen ("twenty-six") or an apostrophe (Ukrainian "п'ять").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def _parse_digits(raw: str, language: str) -> float:
    raw = raw.replace(" ", "").replace(" ", "")
    point = language in _POINT_DECIMAL_WITHOUT_DATA
    decimal = "." if point or language_data(language).decimal_mark == "." else ","
    thousands = "," if decimal == "." else "."
    # "40.000" in Spanish is forty thousand; "6.1" in English six point one. A lone
    # separator followed by exactly three digits in the "wrong" convention stays a
    # thousands separator.
    parts = raw.split(thousands)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        raw = "".join(parts)
    raw = raw.replace(thousands, "")
    return float(raw.replace(decimal, "."))


def _word_value(word: str, language: str) -> float | None:
    data = language_data(language)
    table = data.number_words
    lowered = word.lower()
    if lowered in table:
        return float(table[lowered])
    if data.hyphenated_numbers and "-" in lowered:  # "twenty-six"
        parts = lowered.split("-")
        if all(p in table for p in parts):
            return float(sum(table[p] for p in parts))
    return None


def _added_number(
    text: str, words: list[re.Match[str]], at: int, value: float, language: str
) -> tuple[int, float] | None:
    """(index, value) of a number word right after ``words[at]`` (past one of the
    language's joiners: "y", "e"; nothing but spaces between) that adds to ``value``: one
    smaller than its last round place (20 takes 1-9, 200 takes 1-99), else None."""
    place = 1
    while value >= place * 10 and value % (place * 10) == 0:
        place *= 10
    if place == 1:
        return None
    nxt = at + 1
    if nxt < len(words) and words[nxt].group().lower() in language_data(language).number_joiners:
        nxt += 1
    if nxt >= len(words) or text[words[at].end() : words[nxt].start()].strip(" ") != (
        words[at + 1].group() if nxt > at + 1 else ""
    ):
        return None
    added = _word_value(words[nxt].group(), language)
    if added is None or not 0 < added < place:
        return None
    return nxt, added


def weekday_mentions(text: str, language: str) -> list[tuple[int, int, int]]:
    """(day, start, end) of each weekday ``text`` names, Monday 0 to Sunday 6 in every
    language (``weekdays`` of the language data: "Thursday", "в четверг", "jeudi")."""
    forms = {
        form: day for day, names in enumerate(language_data(language).weekdays) for form in names
    }
    if not forms:
        return []
    return [
        (forms[word.group().lower()], word.start(), word.end())
        for word in _WORD.finditer(text)
        if word.group().lower() in forms
    ]


def number_mentions(text: str, language: str) -> list[NumberMention]:
    """Numbers in ``text`` with values, offsets and a normalised unit.

    Digits ("26", "1,200", "6.1", "3.5 million", "40.000 millones"), English number words
    ("twenty-six", "two", "a dozen"), basic Spanish and Russian number words. Scale words
    ("million", "млн", "millones") are folded into the value and the span. The unit is, in
    order: a currency ("$", "€", also "dollars"), "%" (for "%", "percent"), else the stem
    of the next word when it is a content word ("26 merchant ships" -> "merchant"), else
    None. A year ("2026") is a number like any other: value 2026.0, unit usually None.
    """
    found: list[tuple[int, int, float]] = []
    for match in _DIGITS.finditer(text):
        try:
            value = _parse_digits(match.group().strip(), language)
        except ValueError:
            continue
        found.append((match.start(), match.end(), value))
    data = language_data(language)
    if data.number_words:
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            match = words[i]
            word_value = _word_value(match.group(), language)
            if word_value is None:
                i += 1
                continue
            value = word_value
            start, end = match.start(), match.end()
            lowered = match.group().lower()
            # "one" and "a"/"una" are too often pronouns or articles: keep "one" only
            # before a scale word or as "one hundred"; "a dozen" counts.
            if lowered in data.number_words_before_scale_only:
                following = words[i + 1].group().lower() if i + 1 < len(words) else ""
                scales = (_SCALES, data.own_scale_words, data.multiplier_words)
                if not any(following in words_of_scale for words_of_scale in scales):
                    i += 1
                    continue
            if lowered in data.article_numbers:
                articles = "|".join(map(re.escape, sorted(data.indefinite_articles)))
                article = re.search(rf"\b(?:{articles})\s+$", text[:start], re.IGNORECASE)
                if article is None:  # "dozens of" is no number
                    i += 1
                    continue
                start = article.start()
            # "two hundred"
            while i + 1 < len(words) and words[i + 1].group().lower() in data.multiplier_words:
                i += 1
                value *= data.multiplier_words[words[i].group().lower()]
                end = words[i].end()
            # "dwadzieścia sześć", "vinte e seis", "doscientos cincuenta": a smaller number
            # word after a round one adds to it
            while (addition := _added_number(text, words, i, value, language)) is not None:
                i, added = addition
                value += added
                end = words[i].end()
            found.append((max(0, start), end, value))
            i += 1
    found.sort()
    mentions: list[NumberMention] = []
    stops = STOPWORDS.get(language, STOPWORDS["en"])
    last_end = -1
    for start, end, value in found:
        if start < last_end:
            continue
        # Fold following scale words ("3.5 million", "mil millones", "1,2 млрд.").
        rest = text[end:]
        unit: str | None = None
        while True:
            nxt = re.match(r"[\s ]*([^\W\d_]+)(\.?)", rest)
            if not nxt:
                break
            word = nxt.group(1).lower()
            scale = _SCALES.get(word) or data.own_scale_words.get(word)
            if scale is None:
                break
            if word == "m" and text[start - 1 : start] not in _CURRENCY:
                break  # "5 m" is metres unless it is money
            value *= scale
            # an abbreviation's full stop ("млрд.") is part of it; a word's is the sentence's
            end += nxt.end() if len(word) <= _ABBREVIATION_LETTERS else nxt.end(1)
            rest = text[end:]
        spoken_to = end  # the end of a percent written in words, which no number follows
        before = text[max(0, start - 3) : start].rstrip()
        nxt = re.match(r"[\s ]*(%|[^\W\d_]+(?:-[^\W\d_]+)*)", rest)
        next_word = nxt.group(1).lower() if nxt else ""
        if before[-1:] in _CURRENCY:
            unit = _CURRENCY[before[-1]]
            start -= len(text[:start]) - len(text[:start].rstrip()) + 1
            if start > 0 and text[start - 1].isalpha() and text[start - 1].isupper():
                start -= 1  # "A$4.56", "US$"
        elif next_word in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[next_word]
        elif next_word in _PERCENT_WORDS or rest.lstrip().startswith("%"):
            unit = "%"
            if next_word == "%" or rest.lstrip().startswith("%"):
                end += rest.index("%") + 1
            elif nxt is not None and (hundred := _PER_HUNDRED.match(rest, nxt.end())):
                # "40 pour cent", "40 per cento": the hundred is the percent's, no number
                spoken_to = end + hundred.end()
                if _word_value(hundred.group(1), language) != 100:
                    spoken_to = end
        elif next_word and next_word not in stops and _word_value(next_word, language) is None:
            unit = stem(next_word.split("-")[0], language)
        start = max(0, start)
        mentions.append(NumberMention(value, start, end, text[start:end], unit))
        last_end = max(end, spoken_to)
    return mentions


def number_key(value: float) -> str:
    """Values rounded to 3 significant digits, so "$40 billion" and "40.000 millones de $"
    (both 4e10) or "1,200" and "1.2 thousand" compare equal."""
    if value == 0:
        return "0"
    return f"{value:.3g}"
