"""Loaded words against BABE's expert word-level bias labels (``rashomon eval loaded``).

BABE (Spinde et al., Findings of EMNLP 2021) is English news sentences, each labelled
"Biased" or "Non-biased" by experts, with the words that make a biased sentence so
(``biased_words``). Each sentence is analysed alone as one article (quotes and tone, as
the analysis runs them) and its loaded words are read as a comparison shows an outlet's
own ones (``rashomon.compare.tone.article_tones``: outside quotations, without the
categories that only report speech or name things plainly).

Measures, on the sentences the experts agreed on (label "Biased" or "Non-biased"):

- words: a shown loaded word (or phrase) is right when one of its words is a word the
  experts marked in that sentence, inflections counted as one (``family``); a marked word
  is found when a shown word or phrase holds it. Precision, recall, F1.
- sentences: a sentence with at least one shown loaded word is called biased; precision,
  recall, F1 against the label, and ROC-AUC of the summed weights of its shown words.
  A measure with nothing to judge (no word shown, one label only) is None.
- shown: loaded words shown per sentence, so a precision gain from showing nothing is seen.

The lexicon's weights were checked, and the learned model fitted, on one half of SG1
(every other sentence, the first included: ``FIT_HALF``); ``held-out`` (the default)
scores the other half only, ``fit`` the half used, ``all`` both. The data is read, never
fitted on here.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.compare.tone import article_tones, family
from rashomon.compare.types import LoadedTerm
from rashomon.errors import InputError
from rashomon.ingest.fields import article_id
from rashomon.types import Article

HALVES = ("held-out", "fit", "all")
# The half of SG1 the lexicon's weights (and any threshold in rashomon.analyze.tone or
# rashomon.compare.tone) were checked or fitted on, and the learned model
# (rashomon.training.loaded) was fitted on: rows 0, 2, 4, ... of the file.
FIT_HALF = 0
_LABELS = {"Biased": True, "Non-biased": False}
_DEFAULT_FILE = Path("data") / "final_labels_SG1.csv"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class BabeSentence:
    row: int  # 0-based data row in the file
    text: str
    biased: bool
    words: tuple[str, ...]  # the experts' biased words, lower case


def read_babe(path: str) -> list[BabeSentence]:
    """BABE's ';'-separated label file (``text;...;label_bias;...;biased_words``), or a BABE
    folder holding ``data/final_labels_SG1.csv``. Rows without expert agreement are kept
    out. ValueError when the file has none of the columns."""
    file = Path(path)
    if file.is_dir():
        file = file / _DEFAULT_FILE
    with open(file, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        if not {"text", "label_bias", "biased_words"} <= set(reader.fieldnames or ()):
            raise ValueError("expected BABE columns text;...;label_bias;...;biased_words")
        sentences = []
        for row, record in enumerate(reader):
            label = _LABELS.get(record["label_bias"])
            if label is None or not record["text"].strip():
                continue
            sentences.append(
                BabeSentence(row, record["text"].strip(), label, _biased_words(record))
            )
    if not sentences:
        raise ValueError("no sentence labelled Biased or Non-biased")
    return sentences


def _biased_words(record: dict[str, str]) -> tuple[str, ...]:
    try:
        words = ast.literal_eval(record["biased_words"] or "[]")
    except (ValueError, SyntaxError):
        return ()
    return tuple(str(w).lower() for w in words if str(w).strip())


def in_half(sentence: BabeSentence, half: str) -> bool:
    """Whether the sentence belongs to ``half`` of the file (see ``FIT_HALF``)."""
    return half == "all" or (sentence.row % 2 == FIT_HALF) == (half == "fit")


def shown_words(sentences: Sequence[BabeSentence]) -> Iterator[tuple[LoadedTerm, ...]]:
    """Per sentence, in order: the loaded words a comparison would show as its own."""
    articles = [Article(id=article_id(s.text, None), text=s.text, language="en") for s in sentences]
    config = AnalysisConfig(embedder=None, components=("quotes", "tone"))
    for result in analyze_many(articles, config):
        if isinstance(result, InputError):
            yield ()
            continue
        (tone,) = article_tones([result])
        yield tuple(t for t in tone.loaded if not t.quoted)


def word_families(text: str) -> set[str]:
    """The inflection families of the words of ``text``: a shown word is right when it
    shares one with a marked word."""
    return {family(m.group()) for m in _WORD.finditer(text)}


def score(
    sentences: Sequence[BabeSentence], shown: Sequence[Sequence[LoadedTerm]]
) -> dict[str, Any]:
    """The word and sentence measures (see the module docstring) from what was shown."""
    right = total_shown = found = marked = 0
    tp = fp = fn = 0
    ranked: list[tuple[float, bool]] = []
    for sentence, terms in zip(sentences, shown, strict=True):
        gold = [word_families(w) for w in sentence.words]
        shown_families = [word_families(t.text) for t in terms]
        total_shown += len(terms)
        right += sum(1 for f in shown_families if any(g & f for g in gold))
        marked += len(gold)
        found += sum(1 for g in gold if any(g & f for f in shown_families))
        called = bool(terms)
        tp += called and sentence.biased
        fp += called and not sentence.biased
        fn += not called and sentence.biased
        ranked.append((sum(t.weight for t in terms), sentence.biased))
    word_p, word_r = _share(right, total_shown), _share(found, marked)
    sent_p, sent_r = _share(tp, tp + fp), _share(tp, tp + fn)
    return {
        "sentences": len(sentences),
        "biased": sum(1 for s in sentences if s.biased),
        "shown": total_shown,
        "shown_per_sentence": round(total_shown / len(sentences), 3) if sentences else 0.0,
        "words": {
            "marked": marked,
            "precision": word_p,
            "recall": word_r,
            "f1": _f1(word_p, word_r),
        },
        "sentence": {
            "precision": sent_p,
            "recall": sent_r,
            "f1": _f1(sent_p, sent_r),
            "auc": _auc(ranked),
        },
    }


def run_loaded_eval(path: str, half: str = "held-out") -> dict[str, Any]:
    """Score the shipped lexicon and context rules on ``half`` of the BABE file at ``path``."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}")
    sentences = [s for s in read_babe(path) if in_half(s, half)]
    report = score(sentences, list(shown_words(sentences)))
    report["half"] = half
    return report


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The report as the few lines ``rashomon eval loaded`` prints."""
    words, sentence = report["words"], report["sentence"]
    return [
        f"BABE ({report['half']}): {report['sentences']} sentences, {report['biased']} biased, "
        f"{words['marked']} words marked by the experts",
        f"words:     precision {_figure(words['precision'])}  recall "
        f"{_figure(words['recall'])}  F1 {_figure(words['f1'])}  ({report['shown']} shown, "
        f"{report['shown_per_sentence']:.2f} per sentence)",
        f"sentences: precision {_figure(sentence['precision'])}  recall "
        f"{_figure(sentence['recall'])}  F1 {_figure(sentence['f1'])}  ROC-AUC "
        f"{_figure(sentence['auc'])}",
    ]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    total = precision + recall
    return round(2 * precision * recall / total, 4) if total else 0.0


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _auc(ranked: Sequence[tuple[float, bool]]) -> float | None:
    """ROC-AUC of scores against labels (ties count half), by ranks (Mann-Whitney); None
    without both labels."""
    positives = sum(1 for _, label in ranked if label)
    negatives = len(ranked) - positives
    if not positives or not negatives:
        return None
    ordered = sorted(ranked, key=lambda item: item[0])
    rank_sum = 0.0
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # ranks i+1 .. j share their mean
        rank_sum += mean_rank * sum(1 for _, label in ordered[i:j] if label)
        i = j
    return round((rank_sum - positives * (positives + 1) / 2) / (positives * negatives), 4)
