"""Quote finding and speaker attribution on invented sentences, one ability per test."""

from __future__ import annotations

import pytest

from rashomon.types import Quote
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
    assert quote.text == "that the bridge would reopen within eight weeks"
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


def _reported(quotes: tuple[Quote, ...], words: str) -> Quote:
    found = [q for q in quotes if q.kind == "indirect" and words in q.text]
    assert found, f"no reported content with {words!r} in {[q.text for q in quotes]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Opposition leader Hanne Vos called the harbour plan "reckless and cruel" on Monday.',
            'the harbour plan "reckless and cruel"',
        ),
        (
            'Senator Hanne Vos accused Mayor Ines Karro of "hiding the truth from the council."',
            'Mayor Ines Karro of "hiding the truth from the council."',
        ),
    ],
)
def test_a_partial_quote_is_part_of_the_content_its_verb_reports(text: str, content: str) -> None:
    quote = _reported(quotes_of(text, "en"), content)
    assert quote.text == content  # with the object the words are said of, marks included
    assert quote.speaker == "Hanne Vos"


def test_a_reported_content_is_not_where_the_words_were_said() -> None:
    text = 'Mayor Ines Karro told reporters on "the busiest morning of the year" that all was well.'
    assert not [q for q in quotes_of(text, "en") if q.kind == "indirect" and "busiest" in q.text]


def test_a_title_in_quotation_marks_is_not_speech() -> None:
    text = 'Mayor Ines Karro said on Channel Four\'s "Morning Watch" that the bridge was safe.'
    assert by_words(quotes_of(text, "en"), "Morning Watch").kind == "scare"


def test_a_following_sentence_that_reports_its_own_clause_does_not_attribute_the_quote() -> None:
    text = (
        'Mayor Ines Karro opened the ferry. "We will rebuild the bridge." '
        "And then Tomas Vell promised that the ferry would run daily."
    )
    quote = by_words(quotes_of(text, "en"), "rebuild the bridge")
    assert quote.speaker != "Tomas Vell"


@pytest.mark.parametrize(
    ("text", "words", "cue"),
    [
        (
            "Senator Hanne Vos credited the victory to "
            '"a closed vote, something I am not enthusiastic about at all."',
            "closed vote",
            "credited",
        ),
        (
            'Senator Hanne Vos summed up the plan as "a disaster for the harbour," and said '
            "the council would vote again.",
            "disaster for the harbour",
            "summed",
        ),
    ],
)
def test_the_verb_a_quote_belongs_to_attributes_it(text: str, words: str, cue: str) -> None:
    quote = by_words(quotes_of(text, "en"), words)
    assert quote.speaker == "Hanne Vos"
    assert quote.cue is not None and quote.cue.text == cue


@pytest.mark.parametrize(
    "text",
    [
        '"Look at what you did," Vell said. Karro replied, "We can fix it before the vote."',
        '"Look at what you did," Vell said. Then, "We can fix it before the vote."',
    ],
)
def test_two_sentences_each_with_a_quote_are_two_quotes(text: str) -> None:
    assert "Look at" not in by_words(quotes_of(text, "en"), "fix it").text


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            'The port authority met on Monday. "We will not sell the land to anyone," '
            "read the statement.",
            "the statement",
        ),
        (
            "But in a call with reporters on Dec. 2, Col. Ines Karro, a port spokeswoman in "
            'Sevrask, said, "The cranes are safe and the port will open."',
            "Col. Ines Karro",
        ),
        (
            "Senator Hanne Vos drew loud boos from the crowd in the hall upon saying, "
            '"The port will close for good next year."',
            "Hanne Vos",
        ),
        (
            'Mayor Ines Karro issued a statement Tuesday saying, "The bridge will open on Friday."',
            "Mayor Ines Karro",
        ),
        (
            "Mayor Ines Karro said,“The bridge is safe and it will open on Friday.”",
            "Mayor Ines Karro",
        ),
    ],
)
def test_a_speech_verb_the_parse_left_without_a_subject_finds_its_speaker(
    text: str, mention: str
) -> None:
    quote = next(q for q in quotes_of(text, "en") if q.kind == "direct")
    assert quote.speaker_mention is not None and quote.speaker_mention.text == mention


def test_the_subject_of_what_was_said_is_not_the_speaker() -> None:
    text = 'Saying Karro "cannot be trusted with the bridge or the harbour."'
    assert by_words(quotes_of(text, "en"), "cannot be trusted").speaker is None


def test_the_subject_of_a_passive_is_not_the_speaker() -> None:
    text = 'Senator Hanne Vos is seen as "a bully who despises the council and the port."'
    assert by_words(quotes_of(text, "en"), "a bully").speaker is None


def test_a_quote_alone_in_its_paragraph_is_signed_on_the_next_line() -> None:
    text = (
        "Voices from the hall.\n\n"
        '"Great speech, and the bridge will finally be fixed."\n\n'
        "- Ines Karro, mayor.\n\nMore later."
    )
    assert by_words(quotes_of(text, "en"), "Great speech").speaker == "Ines Karro"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Sara Lind heckles Hanne Vos: "You are being silly about the bridge."',
            "Sara Lind",
        ),
        (
            'Tomas Vell On Hanne Vos: "She did her job well and the bridge is safe."',
            "Tomas Vell",
        ),
    ],
)
def test_a_headline_colon_frame_names_its_speaker_not_its_topic(text: str, speaker: str) -> None:
    quote = next(q for q in quotes_of(text, "en") if q.kind == "direct")
    assert quote.speaker == speaker


def test_a_particle_makes_a_verb_a_speech_verb() -> None:
    text = 'Port chief Tomas Vell shot back, "Nobody asked you about the bridge, Mr Karro."'
    quote = by_words(quotes_of(text, "en"), "Nobody asked")
    assert quote.cue is not None and quote.cue.text == "shot"
    assert quote.speaker == "Tomas Vell"


def test_a_one_word_quote_reported_of_an_object_is_reported_with_it() -> None:
    text = 'Senator Hanne Vos called it "predatory."'
    assert _reported(quotes_of(text, "en"), "predatory").text == 'it "predatory."'


def test_a_clause_the_parse_stops_inside_its_quote_runs_to_the_quote_end() -> None:
    text = (
        'Mayor Ines Karro said that the engineer has "steady hands, but most of all, '
        'she has a good heart."'
    )
    quote = _reported(quotes_of(text, "en"), "the engineer has")
    assert quote.text.endswith('a good heart."')


def test_a_speech_verb_outranks_a_nearer_verb_of_thought() -> None:
    text = (
        'Voters who think "the bridge is a waste of money and time" are wrong, '
        "Mayor Ines Karro said."
    )
    quote = by_words(quotes_of(text, "en"), "waste of money")
    assert quote.speaker == "Ines Karro"


def test_a_colon_clause_is_read_from_its_main_verb() -> None:
    # the parse makes the quote's verb the root and hangs "summed" under it
    text = 'Senator Hanne Vos summed up her view of the race: "Nobody else can win it. Nobody."'
    assert by_words(quotes_of(text, "en"), "Nobody else").speaker == "Hanne Vos"


@pytest.mark.parametrize(
    "text",
    [
        '"We are ready for the storm," said in London on Tuesday.',
        'The storm came. "We are ready for the storm," said Tuesday.',
    ],
)
def test_a_place_or_a_day_next_to_a_speech_verb_is_not_its_speaker(text: str) -> None:
    assert by_words(quotes_of(text, "en"), "ready for the storm").speaker is None


@pytest.mark.parametrize("verb", ["reacted", "estimated", "barked", "scoffed", "agreed"])
def test_more_verbs_attribute_a_question_before_them(verb: str) -> None:
    text = f'The bridge reopened on Friday.\n\n"Is it really safe to cross now?" Tomas Vell {verb}.'
    assert by_words(quotes_of(text, "en"), "safe to cross").speaker == "Tomas Vell"


def test_a_second_speech_verb_between_two_quotes_keeps_them_apart() -> None:
    text = (
        '"We will rebuild the bridge before winter," Mayor Ines Karro said, adding, '
        '"The ferry will run until then."'
    )
    second = by_words(quotes_of(text, "en"), "ferry will run")
    assert "rebuild" not in second.text
    assert second.speaker == "Ines Karro" and second.cue is not None
    assert second.cue.text == "adding"


def test_a_description_finds_a_subject_name_the_tagger_missed() -> None:
    text = (
        "Mayor Ines Karro, who visited the site twice overnight, said on Tuesday that she "
        "would not be rushed.\n\n"
        "“I would rather hear complaints about traffic than explain a collapse,” the mayor said."
    )
    assert by_words(quotes_of(text, "en"), "rather hear").speaker == "Ines Karro"


def test_a_pronoun_finds_a_subject_name_the_tagger_missed() -> None:
    text = (
        "In Brennick, neighbours dug through the rubble before soldiers arrived.\n\n"
        "Grandmother Edda Linn, 71, was pulled alive from her kitchen after three hours.\n\n"
        "‘I heard the walls groaning and then everything went black,’ she said in hospital."
    )
    speaker = by_words(quotes_of(text, "en"), "walls groaning").speaker
    assert speaker is not None and speaker.endswith("Edda Linn")


def test_a_text_that_speaks_speaks_for_who_issued_it() -> None:
    text = 'Senator Hanne Vos released a video that said, "The bridge will reopen in the spring."'
    assert by_words(quotes_of(text, "en"), "reopen in the spring").speaker == "Hanne Vos"


def test_who_is_handed_a_text_does_not_speak_it() -> None:
    text = 'Senator Hanne Vos was handed a letter saying, "Your office will close on Friday."'
    assert by_words(quotes_of(text, "en"), "office will close").speaker is None


def test_a_parenthetical_speech_verb_attributes_the_clause_it_interrupts() -> None:
    text = "The mayor, Vos said, has created a “strange, reality-bending zone.”"
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "reality-bending").speaker == "Vos"
    # what Vos said is the whole clause the aside interrupts, in its two pieces
    reported = _reported(quotes, "reality-bending")
    assert [p.text for p in reported.parts] == [
        "The mayor",
        "has created a “strange, reality-bending zone.”",
    ]
    assert reported.speaker == "Vos"


@pytest.mark.parametrize(
    ("text", "pieces", "speaker"),
    [
        (
            "None of the money will come from the harbour fund, Ines Karro said.",
            ["None of the money will come from the harbour fund"],
            "Ines Karro",
        ),
        (
            "Mr. Vell, officials said, deleted a reference to the warnings.",
            ["Mr. Vell", "deleted a reference to the warnings"],
            "officials",
        ),
        (
            "During her years in office, Mayor Ines Karro said, most voters have come to "
            "want the bridge.",
            ["most voters have come to want the bridge"],
            "Ines Karro",
        ),
    ],
)
def test_reported_speech_with_the_speech_verb_after_or_inside_the_clause(
    text: str, pieces: list[str], speaker: str
) -> None:
    quote = next(q for q in quotes_of(text, "en") if q.kind == "indirect")
    assert [p.text for p in quote.parts] == pieces
    assert quote.speaker == speaker


def test_a_record_of_the_words_does_not_take_them_from_their_speaker() -> None:
    text = (
        "Mayor Ines Karro spoke in Lomsk. "
        "“We need the bridge,” she said, according to excerpts provided by her office. "
        "According to the excerpts, she argued that the harbour should stay open."
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "We need the bridge").speaker == "Ines Karro"
    assert [q.speaker for q in quotes if "harbour should stay open" in q.text] == ["Ines Karro"]


def test_a_pronoun_does_not_stand_for_a_person_of_the_other_gender() -> None:
    text = (
        "But Ms. Karro, who has attacked Mr. Vell for months, has clearly upset him. "
        "“I don’t know her,” he said."
    )
    assert by_words(quotes_of(text, "en"), "know her").speaker == "Vell"


def test_the_verb_a_reported_clause_belongs_to_attributes_its_quote() -> None:
    text = (
        'Mayor Ines Karro worried that the harbour was becoming "a graveyard for ships and jobs."'
    )
    quote = by_words(quotes_of(text, "en"), "graveyard")
    assert quote.speaker == "Ines Karro"
    assert quote.cue is not None and quote.cue.text == "worried"


def test_a_noun_of_speech_is_said_by_its_possessor() -> None:
    text = (
        "Mayor Ines Karro spoke on Monday. The questions concerned her claim that she "
        '"never sent or received the harbour report" before the vote.'
    )
    quotes = quotes_of(text, "en")
    quote = by_words(quotes, "harbour report")
    assert quote.speaker == "Ines Karro"
    assert quote.cue is not None and quote.cue.text == "claim"
    assert _reported(quotes, "harbour report").text.startswith("that she")


@pytest.mark.parametrize(
    "text",
    [
        'The harbour columnist Tomas Vell went so far as to say: "The old bridge is finished."',
        'Tomas Vell gestured as if to stop the noise, then leaned in and boomed: "It is finished."',
    ],
)
def test_the_subject_of_a_speech_verb_is_found_through_words_that_are_not_its_head(
    text: str,
) -> None:
    assert by_words(quotes_of(text, "en"), "finished").speaker == "Tomas Vell"


def test_a_participle_hung_on_a_reported_clause_belongs_to_the_reporting_verb() -> None:
    text = (
        "Mayor Ines Karro also wrote the engineers knew to expect the worst, saying, "
        "“They did not crack every day, but we learned about it fast.”"
    )
    assert by_words(quotes_of(text, "en"), "did not crack").speaker == "Ines Karro"


def test_the_object_of_a_verb_like_prompt_is_who_speaks_after_it() -> None:
    text = 'The vote prompted Senator Hanne Vos to call the plan "a swindle from start to end."'
    assert by_words(quotes_of(text, "en"), "swindle").speaker == "Hanne Vos"


def test_a_headline_after_a_name_and_a_colon_is_what_the_name_said() -> None:
    text = "Karro: Endorsements prove Vos 'candidate of the harbour.'\n\nThe mayor spoke on Monday."
    reported = _reported(quotes_of(text, "en"), "candidate of the harbour")
    assert reported.text == "Endorsements prove Vos 'candidate of the harbour.'"
    assert reported.speaker == "Karro"


def test_the_noun_right_after_an_inverted_speech_verb_is_its_speaker() -> None:
    text = (
        "At a drugstore, a cashier was shaken. "
        '"One guy came in and said maybe we should start killing them if they are killing us," '
        "said the woman, who like many in the town did not want to be quoted by name."
    )
    quote = by_words(quotes_of(text, "en"), "One guy came in")
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "the woman"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            '"We will finish the bridge by May," Mayor Ines Karro said, according to the '
            "Sevrask Herald.",
            "Sevrask Herald",
        ),
        (
            '"The old span will close in June," the engineer Tomas Vell said in a statement '
            "according to the Harbour Gazette.",
            "Harbour Gazette",
        ),
    ],
)
def test_according_to_names_the_source_the_article_cites_for_the_words(
    text: str, source: str
) -> None:
    quote = by_words(quotes_of(text, "en"), "will")
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker == source


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ferry riders complain - Hanne Vos: “Nobody expected the queues we saw on Tuesday "
            "at the northern pier.”",
            "Hanne Vos",
        ),
        (
            "Crane orders were slowing all year -More from Hanne Vos and Tomas Vell: “Our "
            "figures showed the slowdown in the spring, well before the strike.”",
            "Tomas Vell",
        ),
        (
            'Senator Hanne Vos (R-Sevrask):"Who told you the bridge was safe? Who told you that?"',
            "Hanne Vos",
        ),
    ],
)
def test_a_name_and_colon_right_before_a_quote_attribute_it_after_a_digest_headline(
    text: str, speaker: str
) -> None:
    quote = next(q for q in quotes_of(text, "en") if q.kind == "direct")
    assert quote.speaker == speaker


def test_a_speech_verb_inside_the_quote_does_not_take_over_the_one_reporting_it() -> None:
    text = (
        "A spokesman for Lisk Cranes declined to discuss the audit in detail but said in a "
        'statement that "Lisk Cranes did not, at any time, skip an inspection. We maintain all '
        'safety rules were followed."'
    )
    quote = by_words(quotes_of(text, "en"), "skip an inspection")
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "A spokesman"


def test_the_speaker_before_an_aside_set_off_by_commas_speaks() -> None:
    text = (
        "Ms. Linn, whose firm, Portwise, sells cargo data to shipping lines, said the mayor "
        'was "a builder who listens to nobody."'
    )
    quote = by_words(quotes_of(text, "en"), "listens to nobody")
    assert quote.speaker == "Linn"


def test_a_quote_ending_in_its_own_exclamation_is_a_full_quote() -> None:
    text = '"Nooooo!" the crowd of several hundred dock workers at the rally shouted back at once.'
    quote = by_words(quotes_of(text, "en"), "Nooooo")
    assert quote.kind == "direct"


def test_of_two_subjects_the_parse_gives_a_verb_the_nearest_is_the_speaker() -> None:
    text = (
        "At a town hall in Salem, New Hampshire, Karro attacked Vos, calling her “a weak leader.”"
    )
    quote = by_words(quotes_of(text, "en"), "weak leader")
    assert quote.speaker == "Karro"


def test_a_dash_aside_of_thought_stays_part_of_the_quote() -> None:
    text = (
        "Even a senior harbour official said Karro will have to decide, saying, “At some point "
        "she has to choose — I think the pressure is going to grow — between the bridge and "
        "the ferry.”"
    )
    quote = by_words(quotes_of(text, "en"), "At some point")
    assert "I think the pressure" in quote.text
    assert len(quote.parts) == 1


def test_a_short_clause_right_after_a_quote_attributes_it_whatever_its_verb() -> None:
    text = "“This is fantastic!” beamed Tomas Vell, who had waited all day at the pier."
    quote = by_words(quotes_of(text, "en"), "fantastic")
    assert quote.kind == "direct"
    assert quote.speaker == "Tomas Vell"


@pytest.mark.parametrize(
    "sentence",
    [
        # translated word order: the role, "of" its institution, then the person's name
        "The official representative of the Foreign Ministry Yelena Marchuk called the move «a"
        " provocation».",
        "The press secretary of the governor Anna Petrova called the report «a fabrication».",
    ],
)
def test_role_of_an_institution_then_the_name_is_the_named_person(sentence: str) -> None:
    quote = by_words(quotes_of(sentence, "en"), "a ")
    assert quote.speaker in ("Yelena Marchuk", "Anna Petrova")


def test_a_partial_quote_inside_reported_speech_is_its_speakers() -> None:
    quotes = quotes_of(
        "Министр транспорта Олег Саврасов посетил порт. По словам министра, ремонт каждого "
        "причала займёт «от нескольких недель до трёх месяцев» в зависимости от погоды.",
        "ru",
    )
    (partial,) = [q for q in quotes if q.kind == "partial"]
    assert partial.text == "от нескольких недель до трёх месяцев"
    assert partial.speaker == "Олег Саврасов"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "Protesters gathered outside the council on Wednesday. "
            "They argued that the mayor could not be impartial.",
            "could not be impartial",
            "Protesters",
        ),
        (
            "Hanne Vos and Tomas Vell issued a joint statement. "
            'They vowed the council would "defend its powers in every court."',
            "defend its powers",
            "Hanne Vos and Tomas Vell",
        ),
        (
            "The cable also warned that the harbour brigade appeared compromised. "
            'It said "requests for a patrol have gone unanswered."',
            "requests for a patrol",
            "The cable",
        ),
    ],
)
def test_a_speaking_they_or_it_stands_for_the_group_or_text_named_before(
    text: str, words: str, speaker: str
) -> None:
    assert by_words(quotes_of(text, "en"), words).speaker == speaker


@pytest.mark.parametrize("epithet", ["the Sevrask Republican", "the 43-year-old", "the hopeful"])
def test_an_epithet_names_the_person_the_text_is_about(epithet: str) -> None:
    text = (
        "Senator Ines Karro spoke in Lomsk on Monday. Karro is running for governor, and "
        f"Tomas Vell backs her rival. “We will win the harbour vote,” {epithet} said."
    )
    assert by_words(quotes_of(text, "en"), "harbour vote").speaker == "Ines Karro"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Senator Ines Karro urged Mayor Vell to call off the harbour vote.", "to call off"),
        ("Ines Karro accused the council of hiding the costs of the bridge.", "the council of"),
        ("The harbour board vowed to block any new spending on the bridge.", "to block any"),
        ("The institute estimated that the bridge keeps 13,000 jobs in Lomsk.", "that the bridge"),
    ],
)
def test_what_is_urged_vowed_charged_or_estimated_is_reported_speech(
    text: str, content: str
) -> None:
    assert _reported(quotes_of(text, "en"), content).text.startswith(content)


def test_who_a_participle_reports_about_is_not_its_speaker() -> None:
    text = (
        "Press Secretary Tomas Vell reiterated past statements in saying Mayor Ines Karro "
        'does not see the bridge as a "driver" of the deficit.'
    )
    assert by_words(quotes_of(text, "en"), "driver").speaker == "Tomas Vell"


def test_a_question_is_the_askers_not_the_one_asked() -> None:
    text = (
        "Tomas Vell spoke to reporters on Sunday. “Did you talk to the mayor?” Mr. Vell was "
        "asked. Asked by one of her aides, “Is this the final plan for the bridge?” Mr. Vell "
        "nodded."
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "talk to the mayor").speaker is None
    assert by_words(quotes, "final plan").speaker == "one of her aides"


def test_a_pronoun_goes_to_the_subject_of_its_own_sentence_first() -> None:
    text = (
        "“We are ready for the vote,” Mayor Hanne Vos said on Monday. "
        "Senator Ines Karro, the top Democrat on the council, stopped short of calling for "
        "a vote, but she said the mayor should resign."
    )
    assert _reported(quotes_of(text, "en"), "should resign").speaker == "Ines Karro"


def test_a_name_inside_the_quoted_words_is_not_who_speaks_them() -> None:
    text = (
        "Prosecutor Tomas Karro, speaking to a radio station, rejected that notion.\n\n"
        "“I know the pain the Vell family is going through right now,” he said."
    )
    assert by_words(quotes_of(text, "en"), "the pain").speaker == "Tomas Karro"


def test_a_quantifier_speaks_for_the_group_it_counts() -> None:
    text = (
        "The harbour board members seemed short on plans. Many also vowed to fight the toll. "
        "Later a handful of members who had backed Mr. Vell vowed to press on with a vote."
    )
    quotes = quotes_of(text, "en")
    assert _reported(quotes, "fight the toll").speaker == "The harbour board members"
    assert _reported(quotes, "press on").speaker.startswith("handful of members")


def test_a_persons_spokesman_is_the_one_spokesman_named() -> None:
    named = "President Oleg Marin met his cabinet. His spokesman Tomas Vell spoke later. "
    said = "Marin's spokesman said that talks would resume."
    assert _reported(quotes_of(named + said, "en"), "talks would").speaker == "Tomas Vell"
    two = named + "Harbour spokesman Ines Karro spoke too. "
    # two spokespeople: no speaker rather than a guess
    assert _reported(quotes_of(two + said, "en"), "talks would").speaker == "Marin's spokesman"


def test_a_reported_question_is_the_askers() -> None:
    text = (
        "Reporter Ines Karro asked the mayor what he thought of the bridge. "
        "Asked by residents whether the ferry would run, Mayor Tomas Vell said it would."
    )
    quotes = quotes_of(text, "en")
    assert _reported(quotes, "what he thought").speaker == "Ines Karro"
    assert _reported(quotes, "whether the ferry").speaker == "residents"


def test_the_statement_speaks_for_who_issued_it() -> None:
    text = (
        "Hanne Vos and Tomas Vell issued a joint statement on Friday. "
        "“The bridge will not close,” the statement said. "
        "Council members signed a letter from Councillor Ines Karro on Monday. "
        "The letter says the mayor “should not back down.”"
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "will not close").speaker == "Hanne Vos and Tomas Vell"
    assert "Karro" in (by_words(quotes, "should not back down").speaker or "")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Senator Ines Karro wants a new bridge. Her office claims the tolls would pay for it.",
            "Ines Karro’s office",
        ),
        (
            "Tomas Vell was charged on Monday. His lawyer said that he would plead not guilty.",
            "Tomas Vell’s lawyer",
        ),
    ],
)
def test_her_office_and_his_lawyer_are_named_by_whose_they_are(text: str, speaker: str) -> None:
    assert next(q for q in quotes_of(text, "en") if q.kind == "indirect").speaker == speaker


def test_a_lone_quote_after_a_statement_is_its_issuers_not_the_last_speakers() -> None:
    text = (
        "“I will not resign,” Rep. Tom Vell said on Monday.\n\n"
        "The NRCC wasted no time attacking him in a statement.\n\n"
        "“Tom Vell is a disgrace to the harbour.”"
    )
    assert by_words(quotes_of(text, "en"), "a disgrace").speaker == "NRCC"


def test_relayed_words_are_the_relayed_speakers() -> None:
    text = (
        "“We got wiped out in the harbour towns,” aides said Mr. Vell told his colleagues "
        "behind closed doors. “Ultimately, we’re responsible.”"
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "wiped out").speaker == "Vell"
    assert by_words(quotes, "we’re responsible").speaker == "Vell"


def test_an_epithet_the_parse_leaves_without_its_verb_still_speaks() -> None:
    text = (
        "Senator Ines Karro spoke at the harbour on Wednesday. “The bridge will cost more "
        "than we thought,” Karro said.\n\n"
        "“It takes forethought to design and many years to build the bridges we may need at "
        'a moment’s notice," the 43-year-old said. "So my first priority will be to fund it.”'
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "It takes forethought").speaker == "Ines Karro"


def test_an_opening_participle_is_said_by_the_subject_after_its_comma() -> None:
    text = (
        "Mayor Ines Karro spoke for twenty minutes on Friday.\n\n"
        "Telling the American people this is “your moment” and “your day,” Karro closed her "
        "speech with the promise that started it all: “We will make Valdora great again.”"
    )
    quotes = quotes_of(text, "en")
    assert by_words(quotes, "your moment").speaker == "Ines Karro"
    assert by_words(quotes, "We will make Valdora").speaker == "Ines Karro"


def test_a_request_for_anonymity_is_no_reported_speech() -> None:
    import rashomon

    text = (
        "Harbour pilots stopped work at Port Valdo on Tuesday.\n\n"
        '"The talks are close to collapse," said a senior port official who asked not to be '
        "named.\n\n"
        "The mayor urged the pilots to return to work.\n"
    )
    (analysis,) = rashomon.analyze([text], embedder=None)
    said = [text[q.start : q.end] for q in analysis.quotes]
    assert "The talks are close to collapse" in said
    assert not any("named" in words for words in said), said
    assert any("return to work" in words for words in said), said  # what is urged still is
