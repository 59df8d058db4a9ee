"""People linked across articles, spellings and scripts (rashomon.compare.people)."""

from __future__ import annotations

import pytest

from rashomon.compare.people import _name_words, same_person


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yelena Marchuk", "Елена Марчук"),
        ("Yevgeny Sorin", "Евгений Сорин"),
        ("Dmitri Orlov", "Дмитрий Орлова"),
        ("Yuri Ushakov", "Юрий Ушаков"),
        ("Orlov", "Dmitry Orlov"),
    ],
)
def test_one_person_in_two_spellings(a: str, b: str) -> None:
    assert same_person(_name_words(a), _name_words(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yelena Marchuk", "Анна Марчук"),
        ("Yevgeny Sorin", "Yakov Sorin"),
        ("Dmitri Orlov", "Dmitri Orban"),
    ],
)
def test_two_people_who_share_a_name(a: str, b: str) -> None:
    assert not same_person(_name_words(a), _name_words(b))
