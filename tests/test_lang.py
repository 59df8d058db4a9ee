"""Language data (rashomon/lang/<code>/cues.json and words.json) is well formed and is what
the rules read."""

from __future__ import annotations

import json

import pytest

from rashomon.analyze.cues import REPORTING_VERBS, speech_verbs
from rashomon.lang import DATA_FILES, LANG_DIR, LANGUAGES, in_any_language, language_data
from rashomon.text.features import STOPWORDS, negation_count, number_mentions, stem


def test_every_language_folder_is_listed_and_loads() -> None:
    folders = sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert list(LANGUAGES) == folders
    assert {"en", "ru", "es", "de", "fr"} <= set(LANGUAGES)
    for code in LANGUAGES:
        assert language_data(code).speech_verbs, code


@pytest.mark.parametrize("code", LANGUAGES)
def test_word_lists_are_lower_case_single_entries_without_repeats(code: str) -> None:
    for name in DATA_FILES:
        path = LANG_DIR / code / name
        raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        for key, words in raw.items():
            if not isinstance(words, list | dict):
                continue  # a flag or a mark ("decimal_mark")
            entries = list(words)
            if entries and isinstance(entries[0], list):  # forms of each item ("weekdays")
                entries = [form for forms in entries for form in forms]
            assert len(entries) == len(set(entries)), (code, key)
            for word in entries:
                assert word == word.strip().lower() and word, (code, key, word)


def test_rules_read_the_data() -> None:
    assert "say" in speech_verbs("en") and "заявить" in speech_verbs("ru")
    assert speech_verbs("xx") == speech_verbs("en")  # no data: English's verbs
    assert language_data("xx").speech_verbs == frozenset()
    # read whatever the language: the union of every language's list
    assert REPORTING_VERBS == in_any_language("reporting_verbs") >= {"say", "сказать"}
    with pytest.raises(ValueError, match="no word list"):
        in_any_language("number_words")  # a mapping, not a list


def test_an_unknown_key_is_an_error_naming_the_file(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "zz"
    folder.mkdir()
    (folder / "words.json").write_text('{"stopwords": ["a"]}', encoding="utf-8")
    monkeypatch.setattr("rashomon.lang.LANG_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"words.json: unknown keys \['stopwords'\]"):
        language_data("zz")


def test_the_text_kernel_reads_words_json() -> None:
    assert STOPWORDS["it"] == language_data("it").stop_words and "della" in STOPWORDS["it"]
    assert "xx" not in STOPWORDS and STOPWORDS["und"] == STOPWORDS["en"]
    assert stem("президентом", "ru") == stem("президента", "ru")
    assert stem("declared", "en") == stem("declare", "en") == "declar"
    assert negation_count("No lo dijo nunca", "es") == 2
    # number words, scale words read in any language, a language's own scale words in it only
    assert [m.value for m in number_mentions("twenty-six ships, 3.5 million", "en")] == [26, 3.5e6]
    assert [m.value for m in number_mentions("dos mil barcos", "es")] == [2000]
    assert [m.value for m in number_mentions("2 mil", "en")] == [2]
    assert [(m.value, m.unit) for m in number_mentions("1,2 млн рублей", "ru")] == [(1.2e6, "₽")]


def test_number_words_add_up_only_when_written_together() -> None:
    def values(text: str, code: str) -> list[float]:
        return [m.value for m in number_mentions(text, code)]

    assert values("sechsundzwanzig Frachter", "de") == [26]  # one word
    assert values("vingt et un navires, vingt-six cargos", "fr") == [21, 26]  # a joiner, a hyphen
    assert values("dwadzieścia sześć statków", "pl") == [26]
    assert values("veinte, dos barcos", "es") == [20, 2]  # a comma between: two numbers
    # the hundred of a percent written in words is no number of its own
    assert [(m.value, m.unit) for m in number_mentions("40 pour cent", "fr")] == [(40, "%")]
