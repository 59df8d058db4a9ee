"""The three "same name" rules of rashomon/text/names.py, each for its job (model-free)."""

from __future__ import annotations

from rashomon.text.names import capitalised_names, name_key, name_stem, same_name_word


def test_name_key_meets_spellings_and_scripts_of_one_name() -> None:
    assert name_key("Зеленского") == name_key("Zelenskyy") == name_key("Zelensky") == "zelen"
    assert name_key("Peskov") != name_key("Putin")


def test_capitalised_names_skip_a_sentence_opening_capital() -> None:
    keys = capitalised_names("Officials said Dmitry Orlov met the Kremlin spokesman.")
    assert keys == {name_key("Dmitry"), name_key("Orlov"), name_key("Kremlin")}


def test_name_stem_is_the_story_index_key() -> None:
    assert name_stem("Путиным") == name_stem("Putiny") == "putiny"
    assert name_stem("Tamrovo")[:5] == name_stem("Тамрове")[:5]


def test_same_name_word_allows_an_ending_not_another_name() -> None:
    assert same_name_word("orlov", "orlova") and same_name_word("zelensky", "zelenskyy")
    assert not same_name_word("johnson", "jones")
    assert not same_name_word("kim", "kima")  # three letters: only as itself
