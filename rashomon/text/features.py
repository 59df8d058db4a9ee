"""Language-light text utilities for comparing sentences across outlets and languages.

Nothing here loads a model: tokens, stopword-filtered and crudely stemmed content words,
transliteration to Latin (so "Зеленский" and "Zelenskyy" can meet), numbers with their
values (digits and number words) and a negation cue. Stopword lists are small built-ins
for en, ru, es (plus it, nl, de, fr, uk); any other language falls back to English-free
tokens without stemming.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of any script (underscores are not word characters here)."""
    return [t for t in _TOKEN.findall(text.lower().replace("_", " ")) if t]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a about above after again against all also am an and any are as at be because been "
        "before being below between both but by can could did do does doing down during each "
        "few for from further had has have having he her here hers herself him himself his how "
        "i if in into is it its itself just me more most my myself no nor not now of off on "
        "once only or other our ours ourselves out over own same she should so some such than "
        "that the their theirs them themselves then there these they this those through to too "
        "under until up very was we were what when where which while who whom why will with "
        "would you your yours yourself yourselves s t said says say told according also "
        "mr mrs ms us upon among within without would may might must shall one's yet still "
        "however thus"
    ),
    "ru": _words(
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только "
        "ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже "
        "или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они "
        "тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под "
        "будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем "
        "чтобы нее неё сейчас были куда зачем всех никогда можно при наконец два об другой хоть "
        "после над больше тот через эти нас про всего них какая много разве три эту моя впрочем "
        "хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю "
        "между это также который которая которые которого которой которых заявил заявила "
        "сообщил сообщила сказал сказала по словам"
    ),
    "es": _words(
        "de la que el en y a los del se las por un para con no una su al lo como más mas pero "
        "sus le ya o este sí si porque esta entre cuando muy sin sobre también tambien me hasta "
        "hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos "
        "e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes "
        "nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus "
        "ellas nosotras vosotros es son fue fueron ha han había era sido ser según segun dijo "
        "afirmó aseguró señaló"
    ),
    "it": _words(
        "il lo la i gli le un uno una di a da in con su per tra fra e o ma che non si è sono "
        "del della dei degli delle al alla ai agli alle dal dalla nel nella nei negli sul sulla "
        "come anche più questo questa quello quella ha hanno era stato essere ci ne"
    ),
    "nl": _words(
        "de het een en van in is op te dat die voor met zijn aan er niet om ook als bij of door "
        "naar dan maar nog tot uit over werd wordt zijn heeft hebben was waren deze dit ze hij "
        "zij wij we"
    ),
    "de": _words(
        "der die das ein eine einer eines einem einen und in im ist zu den dem des mit von auf "
        "für nicht sich auch es an als am aus bei nach wie wird wurde werden sind war hat haben "
        "dass oder aber noch um über vor er sie wir"
    ),
    "fr": _words(
        "le la les un une des de du et en à au aux dans par pour sur avec ne pas que qui est "
        "sont a ont été il elle ils elles nous vous se sa son ses leur leurs ce cette ces plus "
        "mais ou où comme aussi d l"
    ),
    "uk": _words(
        "і й в у на з із до що як а але не та це цей ця ці той та за від по про для при він "
        "вона вони ми ви його її їх був була були є буде також який яка які"
    ),
}
STOPWORDS["und"] = STOPWORDS["en"]

# Suffixes stripped (longest first) so inflected forms meet: "detained"/"detains" -> "detain",
# "президента"/"президентом" -> "президент". Crude on purpose: both sides get the same cut.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s"),
    "es": (
        "aciones",
        "ación",
        "amente",
        "mente",
        "ando",
        "iendo",
        "aron",
        "ieron",
        "ados",
        "adas",
        "idos",
        "idas",
        "ado",
        "ada",
        "ido",
        "ida",
        "ción",
        "es",
        "as",
        "os",
        "ó",
        "a",
        "o",
        "e",
        "s",
    ),
    "ru": (
        "иями",
        "ями",
        "ами",
        "ого",
        "ых",
        "их",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ией",
        "ия",
        "ие",
        "ий",
        "ый",
        "ой",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
        "ов",
        "ев",
        "ей",
        "ть",
        "ла",
        "ло",
        "ли",
        "ет",
        "ит",
        "ут",
        "ют",
        "ат",
        "ят",
        "а",
        "я",
        "о",
        "е",
        "ы",
        "и",
        "у",
        "ю",
        "ь",
        "й",
    ),
    "uk": ("ами", "ого", "ому", "ими", "ий", "ої", "ою", "ів", "ах", "а", "я", "о", "і", "и", "у"),
    "it": (
        "azioni",
        "azione",
        "mente",
        "ando",
        "endo",
        "ati",
        "ate",
        "ato",
        "ata",
        "i",
        "e",
        "a",
        "o",
    ),
    "de": ("ungen", "ung", "en", "er", "es", "e", "n", "s"),
    "nl": ("heden", "ingen", "ing", "en", "e", "s"),
    "fr": ("ations", "ation", "ement", "ées", "ée", "és", "é", "es", "s", "e"),
}
_MAX_STEM = 8  # a long Russian or Spanish stem still differs in its tail; the head decides


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """A crude stem: strip one known suffix (keeping >= 3 letters), cut to 8 characters."""
    if word.isdigit():
        return word
    for suffix in _SUFFIXES.get(language, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if language == "en" and len(word) > 3 and word.endswith("e"):
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


_VOWEL_RUNS = re.compile(r"(?<=[a-z])(?:iy|yi|ij|ji|yy|ii|y|j)")
_DOUBLES = re.compile(r"(.)\1+")


def name_key(word: str) -> str:
    """A spelling-tolerant key for a name in any script: romanise, fold y/j/ij into i,
    collapse doubled letters, keep the first 5 letters (Russian case endings fall away).

    "Зеленского", "Zelenskyy" and "Zelensky" share "zelen"; "Дмитрий"/"Dmitry" share "dmitr".
    """
    latin = transliterate(word)
    latin = latin.replace("kh", "h").replace("ks", "x").replace("w", "v")
    latin = _VOWEL_RUNS.sub("i", latin)
    latin = _DOUBLES.sub(r"\1", latin)
    return latin[:5]


_NAME = re.compile(r"\b[^\W\d_][\w'’-]*", re.UNICODE)


def capitalised_names(text: str, language: str = "en") -> set[str]:
    """Name keys of capitalised words (and acronyms) that are not stopwords.

    The first word of the text is skipped unless it is an acronym or followed by another
    capitalised word, since sentence-initial capitals say nothing.
    """
    stops = STOPWORDS.get(language, STOPWORDS["en"])
    found = list(_NAME.finditer(text))
    keys: set[str] = set()
    for i, match in enumerate(found):
        word = match.group()
        if not word[0].isupper() or word.lower() in stops:
            continue
        if i == 0 or text[: match.start()].rstrip().endswith((".", "!", "?", ":", "«", '"')):
            following = found[i + 1].group() if i + 1 < len(found) else ""
            if not (word.isupper() and len(word) > 1) and not following[:1].isupper():
                continue
        if len(word) > 1:
            keys.add(name_key(word))
    return keys


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

_NEGATIONS: dict[str, frozenset[str]] = {
    "en": _words("not no never none nobody nothing neither nor cannot without nowhere"),
    "ru": _words("не нет ни никогда ничего никто ничто нигде без нельзя"),
    "uk": _words("не ні ніколи нічого ніхто без"),
    "es": _words("no nunca nadie nada ni sin jamás tampoco"),
    "it": _words("non mai nessuno niente nulla né senza"),
    "fr": _words("ne pas jamais aucun rien personne sans"),
    "de": _words("nicht kein keine keinen nie niemals nichts niemand ohne"),
    "nl": _words("niet geen nooit niets niemand zonder"),
}
_NT = re.compile(r"\w+n['’]t\b", re.IGNORECASE)


def negation_count(text: str, language: str) -> int:
    """Negation cues in the text ("not", "n't", "never"; "не", "нет"; "no", "nunca" ...)."""
    cues = _NEGATIONS.get(language, _NEGATIONS["en"])
    return sum(t in cues for t in tokens(text)) + len(_NT.findall(text))


# --- token sequences (English paraphrase head) ---------------------------------------

# Month and day words: two statements naming different ones usually report different
# events ("on Monday" vs "on Tuesday"), however alike the rest.
DATE_WORDS_EN = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday today yesterday tomorrow"
)
# Hedges and modals: "will" vs "may", "expected to" vs a done fact.
MODAL_WORDS_EN = _words(
    "may might could would should can will must expected likely possibly probably plans plan"
)


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


_UNITS_EN = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_UNITS_ES = {
    "cero": 0,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
    "docena": 12,
}
_UNITS_RU = {
    "ноль": 0,
    "один": 1,
    "одна": 1,
    "одно": 1,
    "одного": 1,
    "одной": 1,
    "два": 2,
    "две": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "трёх": 3,
    "четыре": 4,
    "четырех": 4,
    "четырёх": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "пятнадцать": 15,
    "двадцать": 20,
    "двадцати": 20,
    "тридцать": 30,
    "тридцати": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "сто": 100,
    "ста": 100,
    "двести": 200,
    "триста": 300,
    "пятьсот": 500,
    "десяток": 10,
    "дюжина": 12,
}
_NUMBER_WORDS: dict[str, dict[str, int]] = {"en": _UNITS_EN, "es": _UNITS_ES, "ru": _UNITS_RU}
# Scale words multiply the number before them, in every language (a Russian "млн" may follow
# English digits in a quote).
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mln": 1e6,
    "m": 1e6,
    "mil": 1e3,
    "millón": 1e6,
    "millon": 1e6,
    "millones": 1e6,
    "billón": 1e12,
    "billones": 1e12,
    "тысяча": 1e3,
    "тысячи": 1e3,
    "тысяч": 1e3,
    "тыс": 1e3,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млн": 1e6,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
    "млрд": 1e9,
    "триллион": 1e12,
    "трлн": 1e12,
}
_PERCENT_WORDS = {"percent", "per", "por", "процент", "процента", "процентов", "%"}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "₽": "₽"}
_CURRENCY_WORDS = {
    "dollars": "$",
    "dollar": "$",
    "dólares": "$",
    "долларов": "$",
    "доллара": "$",
    "euros": "€",
    "euro": "€",
    "евро": "€",
    "pounds": "£",
    "рублей": "₽",
    "рубля": "₽",
}
# Dot/comma as thousands separators: "1,200" in English, "1.200" / "1 200" elsewhere.
_DIGITS = re.compile(r"(?<![\w.,])\d+(?:[.,  ]\d{3})*(?:[.,]\d+)?(?![\w])|(?<![\w.,])[.,]\d+\b")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _parse_digits(raw: str, language: str) -> float:
    raw = raw.replace(" ", "").replace(" ", "")
    decimal = "." if language in ("en", "und", "ja", "zh", "ko") else ","
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
    table = _NUMBER_WORDS.get(language)
    if table is None:
        return None
    lowered = word.lower()
    if lowered in table:
        return float(table[lowered])
    if language == "en" and "-" in lowered:  # "twenty-six"
        parts = lowered.split("-")
        if all(p in table for p in parts):
            return float(sum(table[p] for p in parts))
    return None


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
    table = _NUMBER_WORDS.get(language)
    if table is not None:
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
            if lowered in ("one", "uno", "una", "один", "одна", "одно", "одного", "одной"):
                following = words[i + 1].group().lower() if i + 1 < len(words) else ""
                if following not in _SCALES and following not in ("hundred", "thousand"):
                    i += 1
                    continue
            if lowered in ("dozen", "docena"):
                article = re.search(r"\b(?:a|una)\s+$", text[:start], re.IGNORECASE)
                if article is None:  # "dozens of" is no number
                    i += 1
                    continue
                start = article.start()
            # "two hundred"
            while i + 1 < len(words) and words[i + 1].group().lower() == "hundred":
                i += 1
                value *= 100
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
            nxt = re.match(r"[\s ]*([^\W\d_]+)\.?", rest)
            if not nxt or nxt.group(1).lower() not in _SCALES:
                break
            word = nxt.group(1).lower()
            if word == "m" and text[start - 1 : start] not in _CURRENCY:
                break  # "5 m" is metres unless it is money
            if word == "mil" and language != "es":
                break
            value *= _SCALES[word]
            end += nxt.end()
            rest = text[end:]
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
        elif next_word and next_word not in stops and _word_value(next_word, language) is None:
            unit = stem(next_word.split("-")[0], language)
        start = max(0, start)
        mentions.append(NumberMention(value, start, end, text[start:end], unit))
        last_end = end
    return mentions


def number_key(value: float) -> str:
    """Values rounded to 3 significant digits, so "$40 billion" and "40.000 millones de $"
    (both 4e10) or "1,200" and "1.2 thousand" compare equal."""
    if value == 0:
        return "0"
    return f"{value:.3g}"
