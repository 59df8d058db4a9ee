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


def _named(article: str, name: str, mentions: int):
    from rashomon.compare.people import _Named

    return _Named(article, name, name, "PERSON", tuple(_name_words(name)), mentions)


def test_a_bare_surname_does_not_make_two_people_one() -> None:
    from rashomon.compare.people import _clusters

    items = [
        _named("a", "Teodor Varga", 9),
        _named("a", "Ilse Varga", 2),
        _named("b", "Varga", 3),
        _named("c", "T. Varga", 1),
    ]
    clusters = {frozenset(m.name for m in c) for c in _clusters(items, same_person)}
    # the surname goes with the most mentioned of the two it fits, never with both
    assert clusters == {frozenset({"Teodor Varga", "Varga", "T. Varga"}), frozenset({"Ilse Varga"})}


def test_a_bare_surname_joins_the_one_person_it_fits() -> None:
    from rashomon.compare.people import _clusters

    items = [_named("a", "Ilse Varga", 2), _named("b", "Varga", 3), _named("c", "Varga", 1)]
    assert len(_clusters(items, same_person)) == 1
