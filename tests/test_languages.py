"""Quotes, speakers and credited sources in languages read without a parser model (French,
German), from the language data in rashomon/lang/<code>/, on invented articles."""

from __future__ import annotations

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.types import Analysis, Article

FRENCH = (
    "Le ministre dravnien de la Défense a mis en garde les armateurs mardi à Port Essen.\n\n"
    "« Si des navires entrent dans le détroit, surtout maintenant, nous les considérerons "
    "comme des cibles légitimes », a déclaré M. Orlov lors d'une conférence de presse.\n\n"
    "Selon l'AFP, la marine a arraisonné vingt-six cargos. D'après le quotidien Harbor "
    "Ledger, les armateurs ont suspendu leurs départs.\n"
)
GERMAN = (
    "Der dravnische Verteidigungsminister hat die Reeder am Dienstag in Port Essen gewarnt.\n\n"
    "„Wenn Schiffe in die Meerenge einfahren, betrachten wir sie als legitime Ziele“, "
    "sagte Orlow auf einer Pressekonferenz.\n\n"
    "Nach Angaben der Nachrichtenagentur Reuters hielt die Marine 26 Frachter fest. "
    'Ministeriumssprecherin Lina Karro sagte, Kapitän Reyl sei nach Sevrask eingeladen worden, "um '
    'zu verhandeln, nicht um zu kapitulieren".\n'
)


def _analysis(text: str, language: str) -> Analysis:
    article = Article(id=language, text=text, language=language)
    return analyze_article(article, AnalysisConfig(embedder=None))


def test_french_guillemets_with_inner_spaces_and_a_title_before_the_name() -> None:
    quotes = _analysis(FRENCH, "fr").quotes
    targets = next(q for q in quotes if "cibles légitimes" in q.text)
    assert targets.text.startswith("Si des navires")  # not the words between » and «
    assert targets.speaker == "Orlov"  # "M." is a title, not the speaker


def test_french_credits_through_the_language_data() -> None:
    credited = {(c.source, c.cue) for c in _analysis(FRENCH, "fr").citations}
    assert ("Agence France-Presse", "selon") in credited  # "l'" joined to the name
    assert any(source == "Harbor Ledger" and cue == "d'après" for source, cue in credited)


def test_german_speaker_stands_before_a_cue_that_opens_what_was_said() -> None:
    quotes = _analysis(GERMAN, "de").quotes
    talks = next(q for q in quotes if "kapitulieren" in q.text)
    assert talks.speaker is not None and "Karro" in talks.speaker  # not Reyl, who is said of
    targets = next(q for q in quotes if "legitime Ziele" in q.text)
    assert targets.speaker == "Orlow"


def test_german_credit_past_a_determiner_and_what_the_source_is() -> None:
    credits = _analysis(GERMAN, "de").citations
    reuters = next(c for c in credits if c.source == "Reuters")
    assert (reuters.cue, reuters.kind) == ("nach angaben", "agency")
