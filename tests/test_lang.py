"""Language data (rashomon/lang/<code>/cues.json) is well formed and is what the rules read."""

from __future__ import annotations

import json

import pytest

from rashomon.analyze.cues import REPORTING_VERBS, speech_verbs
from rashomon.lang import LANG_DIR, LANGUAGES, in_any_language, language_data


def test_every_language_folder_is_listed_and_loads() -> None:
    folders = sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert list(LANGUAGES) == folders
    assert {"en", "ru", "es", "de", "fr"} <= set(LANGUAGES)
    for code in LANGUAGES:
        assert language_data(code).speech_verbs, code


@pytest.mark.parametrize("code", LANGUAGES)
def test_word_lists_are_lower_case_single_entries_without_repeats(code: str) -> None:
    raw = json.loads((LANG_DIR / code / "cues.json").read_text(encoding="utf-8"))
    for key, words in raw.items():
        entries = list(words)
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
        in_any_language("stop_words")
