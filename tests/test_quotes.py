"""Quote finding and speaker attribution on invented sentences, one ability per test."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import by_words, quotes_of


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("''", "''"), ("‘", "’")],
)
def test_every_quotation_mark_style_gives_one_direct_quote(opening: str, closing: str) -> None:
    text = (
        "Mayor Ines Karro visited the bridge on Tuesday.\n\n"
        f"{opening}We will not reopen it until every cable has been checked,{closing} "
        "Karro told reporters."
    )
    quote = by_words(quotes_of(text, "en"), "every cable")
    assert quote.kind == "direct"
    assert quote.speaker == "Ines Karro"
    assert quote.cue is not None and quote.cue.text == "told"
    assert text[quote.start : quote.end] == quote.text


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The minister’s aides said they don’t expect the vote before the ’90s rules expire."
    assert not [q for q in quotes_of(text, "en") if q.kind in ("direct", "partial", "scare")]


def test_embedded_dash_attribution_is_one_quote_with_two_parts() -> None:
    text = (
        "Defence Minister Dmitri Orlov spoke in Sevrask.\n\n"
        '"Any warships that appear there will be legitimate targets for their defeat,— he said '
        'in Sevrask. — If a settlement is reached, I see no point in their presence."'
    )
    quotes = [q for q in quotes_of(text, "en") if q.kind == "direct"]
    assert len(quotes) == 1
    quote = quotes[0]
    assert len(quote.parts) == 2
    assert quote.parts[0].text.endswith("for their defeat")
    assert quote.parts[1].text.startswith("If a settlement")
    assert "he said" not in quote.text
    assert quote.speaker == "Dmitri Orlov"
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "he"


def test_dash_introduced_second_part_joins_its_quote() -> None:
    text = (
        "Prime Minister Aurel Danes addressed the nation.\n\n"
        '"Our sailors will come home," he said. — We are ready to talk, and we are ready to wait."'
    )
    quote = by_words(quotes_of(text, "en"), "sailors will come home")
    assert [p.text for p in quote.parts] == [
        "Our sailors will come home",
        "We are ready to talk, and we are ready to wait.",
    ]
    assert quote.speaker == "Aurel Danes"


def test_quote_split_by_its_attribution_is_one_quote() -> None:
    text = (
        "Harbour master Lars Emmet watched the convoy.\n\n"
        "“The crews were told to keep their distance,” Emmet said, “or face the consequences.”"
    )
    quote = by_words(quotes_of(text, "en"), "keep their distance")
    assert len(quote.parts) == 2 and "consequences" in quote.text
    assert quote.speaker == "Lars Emmet"


def test_scare_quote_and_partial_quote_are_told_apart() -> None:
    text = (
        "Opposition leader Hanne Vos called the plan “reckless” on Monday, and said the "
        "government was hiding behind its so-called “security corridor”."
    )
    quotes = tuple(q for q in quotes_of(text, "en") if q.kind != "indirect")
    partial = by_words(quotes, "reckless")
    scare = by_words(quotes, "security corridor")
    assert partial.kind == "partial" and partial.speaker == "Hanne Vos"
    assert scare.kind == "scare" and scare.speaker is None


def test_indirect_speech_with_a_speech_verb() -> None:
    text = "Mayor Ines Karro said that the bridge would reopen within eight weeks."
    quote = by_words(quotes_of(text, "en"), "the bridge would reopen")
    assert quote.kind == "indirect"
    assert quote.speaker == "Ines Karro"
    assert quote.cue is not None and quote.cue.text == "said"


def test_pronoun_resolves_to_the_speaker_not_the_embedded_subject() -> None:
    text = (
        "His spokesman Tomas Vell denies that Danes is waiting for a surrender. "
        '"He was invited to talk, not to capitulate," he said.'
    )
    quote = by_words(quotes_of(text, "en"), "not to capitulate")
    assert quote.speaker == "Tomas Vell"


def test_description_resolves_through_a_title_written_beside_the_name() -> None:
    text = (
        "Valdoran President Aurel Danes met Dravnian President Oleg Marin in Lomsk.\n\n"
        "“We have agreed on nothing yet,” the Valdoran president said afterwards."
    )
    quote = by_words(quotes_of(text, "en"), "agreed on nothing")
    assert quote.speaker == "Aurel Danes"


def test_possessive_description_resolves_to_the_named_spokesman() -> None:
    text = (
        "Danes's spokesman Tomas Vell spoke after the meeting. Vell said the talks had stalled. "
        "Danes's spokesman warned that the government would not wait forever. "
        '"Patience has limits."'
    )
    quote = by_words(quotes_of(text, "en"), "Patience has limits")
    assert quote.speaker == "Tomas Vell"


def test_colon_frame_in_previous_sentence_gives_the_speaker() -> None:
    text = 'Minister Dmitri Orlov stated:\n\n"Nobody will be allowed to cross the strait."'
    quote = by_words(quotes_of(text, "en"), "Nobody will be allowed")
    assert quote.speaker == "Dmitri Orlov"


def test_quote_nested_in_a_quote_does_not_expose_the_outer_quote_words() -> None:
    text = (
        "Senator Mara Voss spoke to farmers on Friday.\n\n"
        "“You know, when I said, ‘No new dams,’ I think everyone understood what I meant,” "
        "Voss said."
    )
    quote = by_words(quotes_of(text, "en"), "everyone understood")
    assert quote.speaker == "Mara Voss"
    assert quote.cue is not None and quote.cue.text == "said"


def test_according_to_after_a_quote_gives_the_speaker() -> None:
    text = "“The ferry will not sail before March,” according to harbour master Lars Emmet."
    quote = by_words(quotes_of(text, "en"), "ferry will not sail")
    assert quote.speaker == "Lars Emmet"


def test_attribution_after_a_question_mark_is_read_in_the_next_sentence() -> None:
    text = (
        "The brothers toured the valley with their play.\n\n"
        "“Is the whole campaign only a show?” Emil Sarto asked."
    )
    quote = by_words(quotes_of(text, "en"), "only a show")
    assert quote.speaker == "Emil Sarto"


@pytest.mark.parametrize(
    "text",
    [
        "Karro: Bridge Plan ‘Will Never Pass the Council Vote.’\n\nThe mayor spoke on Monday.",
        "Karro: ‘The Bridge Plan Will Never Pass the Council Vote.’\n\nThe mayor spoke.",
    ],
)
def test_name_and_colon_before_a_headline_quote_give_the_speaker(text: str) -> None:
    quote = by_words(quotes_of(text, "en"), "Never Pass")
    assert quote.speaker == "Karro"


def test_clause_ending_in_a_colon_introduces_the_quote_whatever_its_verb() -> None:
    text = (
        "Governor Hal Brenner delivered a blunt message to the council: "
        "“Fix the roads before you build anything new.”"
    )
    quote = by_words(quotes_of(text, "en"), "Fix the roads")
    assert quote.speaker == "Hal Brenner"


@pytest.mark.parametrize(
    ("frame", "speaker"),
    [
        ("As the economist Lena Marsh put it: ", "Lena Marsh"),
        ("Lena Marsh answered: ", "Lena Marsh"),
    ],
)
def test_less_common_speech_verbs(frame: str, speaker: str) -> None:
    text = f"{frame}“The harbour is the only real asset this town has left.”"
    quote = by_words(quotes_of(text, "en"), "only real asset")
    assert quote.speaker == speaker


def test_relative_pronoun_speaker_resolves_to_the_noun_it_describes() -> None:
    text = (
        "The port plan was attacked by Tomas Reyna, who said the new quay "
        "“will stand empty within a decade, whatever the ministry promises.”"
    )
    quote = by_words(quotes_of(text, "en"), "stand empty")
    assert quote.speaker == "Tomas Reyna"
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "who"


def test_speaker_after_a_title_the_segmenter_split_at() -> None:
    text = (
        "The bank ran out of cash in May.\n\n"
        "“We need a rescue law,” said Ms. Varga, referring to the bankruptcy rules."
    )
    quote = by_words(quotes_of(text, "en"), "rescue law")
    assert quote.speaker == "Varga"


def test_russian_guillemets_with_dash_attribution() -> None:
    text = (
        "Министр обороны Дмитрий Орлов выступил в Севраске.\n\n"
        "«Любые военные корабли станут законными целями для поражения, — заявил Орлов "
        "журналистам. — Мы неоднократно предупреждали соседей».\n\n"
        "По словам Орлова, суда задержаны для проверки."
    )
    quotes = quotes_of(text, "ru")
    direct = by_words(quotes, "законными целями")
    assert direct.kind == "direct" and len(direct.parts) == 2
    assert direct.speaker == "Дмитрий Орлов"
    reported = by_words(quotes, "суда задержаны")
    assert reported.kind == "indirect" and reported.speaker == "Дмитрий Орлов"


def test_every_span_is_an_exact_offset() -> None:
    text = (
        "TEHRAN (Northgate) – The Valdoran president said on Friday it was “practically "
        "impossible” to agree.\n\n“Peace guarantees must be for both,” stressed Danes."
    )
    for quote in quotes_of(text, "en"):
        for part in quote.parts:
            assert text[part.start : part.end] == part.text
        if quote.speaker_mention:
            mention = quote.speaker_mention
            assert text[mention.start : mention.end] == mention.text


def test_a_speaker_after_an_honorific_the_tagger_missed_is_added_by_surname():
    # The tagger finds no entity here, so the syntax adds "Mr Velandi" as a person; the
    # honorific is cleaned off the name, and the mention must still be found (it once was
    # looked up at the honorific's offset and raised KeyError).
    from dataclasses import replace

    from rashomon.analyze.entities import EntityIndex
    from tests.parse_helpers import english_parse

    text = "Mr Velandi said so."
    parse = replace(english_parse(text), named=())
    index = EntityIndex(text, parse)
    entity_id = index.add_person(parse.tokens[:2])
    entity = next(e for e in index.entities() if e.id == entity_id)
    assert entity.name == "Velandi"
    assert [(m.start, m.text) for m in entity.mentions] == [(3, "Velandi")]
