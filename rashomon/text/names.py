"""When two written names are one name: the three rules rashomon uses, side by side.

A name comes to rashomon written in many ways: "Zelensky", "Zelenskyy", "Зеленского";
"Orlov", "Orlova", "Dmitry Orlov". Three jobs need three strengths of "the same name",
and each rule is here under the name of its job:

- ``name_key`` (five letters, spelling-tolerant): whether two *statements* mention the
  same names, in any script (``capitalised_names``, a pair feature of the similarity model
  and of same-story judgments). Loose on purpose: a shared key is evidence, not identity.
- ``name_stem`` (six letters, transliterated): the capitalised words of a whole *article*,
  counted to tell look-alike events apart in the story index (``link/names.py``). Fitted
  with the story model; changing it means refitting that model.
- ``same_name_word`` (a shared beginning with room for an ending): whether two name words
  in one *comparison* are one person's or one body's ("orlov"/"orlova",
  "zelensky"/"zelenskyy"; ``compare/people.py``). Strict, because a wrong join gives one
  person another's words.
"""

from __future__ import annotations

import re

from rashomon.text.features import STOPWORDS, transliterate

_VOWEL_RUNS = re.compile(r"(?<=[a-z])(?:iy|yi|ij|ji|yy|ii|y|j)")
_DOUBLES = re.compile(r"(.)\1+")
_NAME = re.compile(r"\b[^\W\d_][\w'’-]*", re.UNICODE)
NAME_KEY_LETTERS = 5  # Russian case endings fall away: "Зеленского" and "Zelensky"
# Slavic case endings ("Тамрово"/"Тамрове", "Путин"/"Путиным") and English possessives meet
# in six letters; few names differ only after six.
NAME_STEM_LETTERS = 6
_SAME_WORD_MIN = 4  # shorter name words must match whole
_SAME_WORD_ENDING = 2  # letters an ending (case, doubled transliteration) may add


def name_key(word: str) -> str:
    """A spelling-tolerant key for a name in any script: romanise, fold y/j/ij into i,
    collapse doubled letters, keep the first ``NAME_KEY_LETTERS`` letters.

    "Зеленского", "Zelenskyy" and "Zelensky" share "zelen"; "Дмитрий"/"Dmitry" share "dmitr".
    """
    latin = transliterate(word)
    latin = latin.replace("kh", "h").replace("ks", "x").replace("w", "v")
    latin = _VOWEL_RUNS.sub("i", latin)
    latin = _DOUBLES.sub(r"\1", latin)
    return latin[:NAME_KEY_LETTERS]


def capitalised_names(text: str, language: str = "en") -> set[str]:
    """Name keys (``name_key``) of capitalised words (and acronyms) that are not stopwords.

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


def name_stem(word: str) -> str:
    """A name word's key in the story index: lower-case Latin letters, the first
    ``NAME_STEM_LETTERS`` of them."""
    return transliterate(word)[:NAME_STEM_LETTERS]


def same_name_word(a: str, b: str) -> bool:
    """Two spellings of one name word (both transliterated): "zelensky"/"zelenskyy",
    "orlov"/"orlova"; a word shorter than four letters only as itself."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < _SAME_WORD_MIN or len(longer) - len(shorter) > _SAME_WORD_ENDING:
        return False
    common = 0
    for x, y in zip(shorter, longer, strict=False):
        if x != y:
            break
        common += 1
    # Slavic case endings and doubled transliterated letters change only the last letters.
    return common >= max(_SAME_WORD_MIN, len(shorter) - 1)
