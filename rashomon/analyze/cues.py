"""Speech and attribution cue words, as the quote finder reads them: from the language
data in ``rashomon/lang/<code>/cues.json`` (``rashomon.lang``, which says what each list
holds).
"""

from __future__ import annotations

from rashomon.lang import LANGUAGES, in_any_language, language_data

# Verbs that introduce what someone said, wrote or asserted, per language.
SPEECH_VERBS: dict[str, frozenset[str]] = {
    code: language_data(code).speech_verbs for code in LANGUAGES if language_data(code).speech_verbs
}

# These are read whatever the article's language: the union of every language's list.
# Verbs that report speech as a clause ("said that ...") with high precision; cognitive
# verbs (think, believe) are left out: they describe states of mind, not statements.
REPORTING_VERBS = in_any_language("reporting_verbs")
# Nouns that name something said; its possessor said it ("her claim that ...").
SPEECH_NOUNS = in_any_language("speech_nouns")
# Speech verbs that report a state of mind ("he believes ..."): a speech verb in the same
# sentence ("Voters who think ... are wrong, she said") attributes the quote before them.
COGNITIVE_VERBS = in_any_language("cognitive_verbs")
# Words before a quoted term that mark it as a term, not speech ("so-called").
SCARE_MARKERS = in_any_language("scare_markers")
# Verbs that are speech only with their particle: "shot back", "hit back", "lashed out".
PHRASAL_SPEECH_VERBS: dict[str, str] = {
    verb: particle
    for code in LANGUAGES
    for verb, particle in language_data(code).phrasal_speech_verbs.items()
}


def speech_verbs(language: str) -> frozenset[str]:
    """The speech verbs of ``language``; English's for a language with none."""
    return SPEECH_VERBS.get(language, SPEECH_VERBS["en"])
