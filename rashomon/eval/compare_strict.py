"""Strict measures of a comparison against hand-written gold (``rashomon eval compare``).

Everything is judged by where passages stand in the articles' texts as read: a gold phrase
is found where it first stands in its article (exactly, else with any run of whitespace
for its spaces); a system passage stands at its offsets when they hold its text, else
where its text first stands. Members and gold are matched by those spans:

- **facts.** A fact-group member *states* a gold fact when its span holds at least half of
  that fact's evidence phrase in its article. Every pair of members of one group from two
  different articles that both state some gold fact is *right* when they state one in
  common, *wrong* otherwise (pair precision; pairs where either states nothing the gold
  lists are not judged). A group that states four or more gold facts with fewer right
  pairs than wrong ones is a *blob*. Recall is over gold (fact, pair of carrying articles):
  found when one group holds a member of each article stating the fact; "without blobs"
  counts only finds in groups that are not blobs.
- **omissions.** "Article X lacks group G" is false when X carries (gold ``carried_by``)
  any gold fact G's members state; claims about groups that state no gold fact are not
  judged.
- **one-outlet facts.** A group of one article's members that states gold facts is wrong
  when one of them has two or more gold carriers and the article has it in no group
  shared with another article.
- **quotes.** A gold quote (not a scare quote; its first part) is found when a system quote
  of its article overlaps it by at least half of the shorter of the two (that quote's
  speaker, else its group's, is then judged: right when the names share a content word),
  or, failing that, overlaps it at all (then the speaker is judged as missing).
- **quote pairs.** A gold group of one utterance gives a pair for each two of its articles,
  found when one system quote group overlaps its words in both. Each pair of members from
  two articles of a system group that overlap gold-grouped quotes is right when both are
  of one gold group.
- **citations.** Per article, a gold source is found when a system credit overlaps its
  mention or names the same person or body (a shared content word); a system credit is
  right when it found a gold source or meets any in the same way.
- **loaded words.** The outlet's own (unquoted) loaded words that one of the article's
  gold loaded words contains, or is contained in.
- **number conflicts.** A system number conflict and a gold one (``kind`` number, the
  default) meet when two or more of the system's values overlap the gold value of their
  article.

``score_strict`` counts one event; ``strict_rates`` turns summed counts into the measures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from rashomon.compare.types import Comparison

Span = tuple[int, int]
_Item = TypeVar("_Item")

# Words that say nothing about who a name is: titles, outlet-name words, function words.
_NOT_A_NAME = frozenset(
    ("the", "and", "of", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "president",
     "minister", "said", "news", "times", "new", "york", "post", "for", "to", "in", "on",
     "office", "house")
)  # fmt: skip
_NAME_WORD = re.compile(r"[\w’'-]+")

BLOB_FACTS = 4  # a group stating this many gold facts, mostly wrongly paired, is a blob

COUNT_KEYS = (
    "events", "same_story",
    "fact_pairs_right", "fact_pairs_wrong", "blobs", "largest_group",
    "gold_pairs", "gold_pairs_found", "gold_pairs_found_strict",
    "omissions_true", "omissions_false", "single_true", "single_false",
    "gold_quotes", "gold_quotes_found", "speakers_judged", "speakers_right",
    "quote_pairs", "quote_pairs_found", "sys_quote_pairs_right", "sys_quote_pairs_wrong",
    "speaker_conflicts_reported", "speaker_conflicts_gold",
    "citations_gold", "citations_found", "citations_sys", "citations_sys_right",
    "loaded_sys", "loaded_sys_right",
    "num_conflicts_gold", "num_conflicts_sys", "num_conflicts_found", "num_conflicts_sys_right",
)  # fmt: skip
MAX_KEYS = frozenset({"largest_group"})  # summed over events as a maximum, not a sum


class _Located(Protocol):
    """A system passage with its place: read-only, as the frozen records that satisfy it."""

    @property
    def article(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


def find_all(text: str, phrase: str) -> list[Span]:
    """Every place ``phrase`` stands in ``text``; if none, every place it stands with any run
    of whitespace for each of its spaces."""
    if not phrase:
        return []
    found, at = [], text.find(phrase)
    while at != -1:
        found.append((at, at + len(phrase)))
        at = text.find(phrase, at + 1)
    if found:
        return found
    words = phrase.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def states(member: Span, evidence: Span) -> bool:
    """A member states a gold fact when it holds at least half of the evidence phrase."""
    return overlap(member, evidence) >= 0.5 * (evidence[1] - evidence[0])


def name_words(name: str | None) -> set[str]:
    return {
        w for w in _NAME_WORD.findall((name or "").lower()) if len(w) >= 3 and w not in _NOT_A_NAME
    }


def same_person(a: str | None, b: str | None) -> bool:
    """Two names of one person or body: they share a content word."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa and wb and wa & wb)


def _union(sets: Iterable[set[_Item]]) -> set[_Item]:
    out: set[_Item] = set()
    for s in sets:
        out |= s
    return out


class _Event:
    """One event's texts by gold file name, and where system passages stand in them."""

    def __init__(self, comparison: Comparison, texts: Mapping[str, str]) -> None:
        self.text = dict(texts)
        self.file_of = {a.id: Path(a.path or "").name for a in comparison.articles}

    def where(self, file: str, phrase: str) -> Span | None:
        found = find_all(self.text.get(file, ""), phrase)
        return found[0] if found else None

    def place(self, passage: _Located) -> tuple[str, Span | None]:
        """The gold file of a system passage, and its span there."""
        file = self.file_of.get(passage.article, "")
        text = self.text.get(file, "")
        if text[passage.start : passage.end] == passage.text:
            return file, (passage.start, passage.end)
        return file, self.where(file, passage.text)


def score_strict(
    comparison: Comparison, gold: Mapping[str, Any], texts: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Strict counts for one event. ``texts`` maps gold file names to the articles' texts as
    read (default: the compared analyses')."""
    if texts is None:
        texts = {Path(a.article.path or "").name: a.article.text for a in comparison.analyses}
    event = _Event(comparison, texts)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["events"] = 1
    counts["same_story"] = int(bool(comparison.same_story))
    _score_facts(event, comparison, gold, counts)
    _score_quotes(event, comparison, gold, counts)
    _score_citations(event, comparison, gold, counts)
    _score_loaded(event, comparison, gold, counts)
    _score_number_conflicts(event, comparison, gold, counts)
    return counts


def _score_facts(
    event: _Event, comparison: Comparison, gold: Mapping[str, Any], counts: dict[str, int]
) -> None:
    evidence: dict[int, dict[str, Span]] = {}
    carriers: dict[int, set[str]] = {}
    for n, fact in enumerate(gold.get("facts", [])):
        evidence[n] = {}
        for file, phrase in fact.get("evidence", {}).items():
            if (span := event.where(file, phrase)) is not None:
                evidence[n][file] = span
        carriers[n] = set(fact.get("carried_by", []))

    def stated(file: str, span: Span | None) -> set[int]:
        if span is None:
            return set()
        return {n for n, where in evidence.items() if file in where and states(span, where[file])}

    # each group as (file, span, gold facts stated) per member
    groups: list[tuple[str, list[tuple[str, Span | None, set[int]]]]] = []
    for group in comparison.facts:
        members = []
        for passage in group.members:
            file, span = event.place(passage)
            members.append((file, span, stated(file, span)))
        groups.append((group.id, members))

    blobs: set[str] = set()
    shared_by: dict[str, set[int]] = defaultdict(set)  # file -> facts it has in a shared group
    for group_id, members in groups:
        right = wrong = 0
        for i, (file_a, _, facts_a) in enumerate(members):
            for file_b, _, facts_b in members[i + 1 :]:
                if file_a == file_b or not facts_a or not facts_b:
                    continue
                if facts_a & facts_b:
                    right += 1
                else:
                    wrong += 1
        counts["fact_pairs_right"] += right
        counts["fact_pairs_wrong"] += wrong
        if len(_union(f for _, _, f in members)) >= BLOB_FACTS and right < wrong:
            blobs.add(group_id)
            counts["blobs"] += 1
        counts["largest_group"] = max(counts["largest_group"], len(members))
        if len({file for file, _, _ in members}) >= 2:
            for file, _, facts in members:
                shared_by[file] |= facts

    for n, where in evidence.items():
        files = sorted(where)
        for i, a in enumerate(files):
            for b in files[i + 1 :]:
                counts["gold_pairs"] += 1
                found = found_strict = False
                for group_id, members in groups:
                    if any(f == a and n in s for f, _, s in members) and any(
                        f == b and n in s for f, _, s in members
                    ):
                        found = True
                        found_strict = found_strict or group_id not in blobs
                counts["gold_pairs_found"] += found
                counts["gold_pairs_found_strict"] += found_strict

    by_id = dict(groups)
    for article, group_ids in comparison.omissions.items():
        file = event.file_of.get(article, "")
        for group_id in group_ids:
            facts = _union(s for _, _, s in by_id.get(group_id, []))
            if not facts:
                continue
            if any(file in carriers[n] for n in facts):
                counts["omissions_false"] += 1
            else:
                counts["omissions_true"] += 1

    for _, members in groups:
        member_files = {file for file, _, _ in members}
        if len(member_files) != 1:
            continue
        (only,) = member_files
        facts = _union(s for _, _, s in members)
        if not facts:
            continue
        if any(len(carriers[n]) >= 2 and n not in shared_by[only] for n in facts):
            counts["single_false"] += 1
        else:
            counts["single_true"] += 1


def _score_quotes(
    event: _Event, comparison: Comparison, gold: Mapping[str, Any], counts: dict[str, int]
) -> None:
    system = []  # (file, span, speaker) of each system quote that stands in its article
    for group in comparison.quotes:
        for member in group.members:
            file, span = event.place(member)
            if span:
                system.append((file, span, member.speaker or group.speaker))
    gold_group: dict[tuple[str, Span], int] = {}  # a gold-grouped quote -> its gold group
    for n, utterance in enumerate(gold.get("translated_quotes", [])):
        for m in utterance.get("members", []):
            if span := event.where(m["article"], m["text"]):
                gold_group[(m["article"], span)] = n

    for file, article in gold.get("articles", {}).items():
        for quote in article.get("quotes", []):
            if quote.get("kind") == "scare":
                continue
            span = event.where(file, (quote.get("parts") or [quote.get("text", "")])[0])
            if not span:
                continue
            counts["gold_quotes"] += 1
            speaker = None
            for f, s, who in system:
                if f == file and overlap(s, span) >= 0.5 * min(s[1] - s[0], span[1] - span[0]):
                    speaker = who
                    break
            if speaker is None and not any(
                f == file and overlap(s, span) > 0 for f, s, _ in system
            ):
                continue
            counts["gold_quotes_found"] += 1
            gold_speaker = quote.get("speaker")
            if gold_speaker and gold_speaker.lower() not in ("unknown", "null"):
                counts["speakers_judged"] += 1
                counts["speakers_right"] += int(same_person(speaker, gold_speaker))

    placed = [[event.place(m) for m in group.members] for group in comparison.quotes]
    for utterance in gold.get("translated_quotes", []):
        members = [
            (m["article"], event.where(m["article"], m["text"]))
            for m in utterance.get("members", [])
        ]
        located = [(f, s) for f, s in members if s]
        files = sorted({f for f, _ in located})
        for i, a in enumerate(files):
            for b in files[i + 1 :]:
                counts["quote_pairs"] += 1
                in_a = [s for f, s in located if f == a]
                in_b = [s for f, s in located if f == b]
                counts["quote_pairs_found"] += any(
                    _holds(group, a, in_a) and _holds(group, b, in_b) for group in placed
                )

    for group, members in zip(comparison.quotes, placed, strict=True):
        labels: list[tuple[str, int | None]] = []
        for file, span in members:
            label = None
            if span:
                for (gold_file, gold_span), n in gold_group.items():
                    if gold_file == file and overlap(gold_span, span) > 0:
                        label = n  # the last gold quote it meets
            labels.append((file, label))
        for i, (file_a, label_a) in enumerate(labels):
            for file_b, label_b in labels[i + 1 :]:
                if file_a == file_b or label_a is None or label_b is None:
                    continue
                counts[
                    "sys_quote_pairs_right" if label_a == label_b else "sys_quote_pairs_wrong"
                ] += 1
        counts["speaker_conflicts_reported"] += bool(group.speakers_disagree)
    counts["speaker_conflicts_gold"] += sum(
        1 for c in gold.get("conflicts", []) if c.get("kind") == "speaker"
    )


def _holds(group: list[tuple[str, Span | None]], file: str, spans: list[Span]) -> bool:
    """A placed quote group has a member in ``file`` overlapping one of ``spans``."""
    return any(f == file and s and any(overlap(s, x) > 0 for x in spans) for f, s in group)


def _score_citations(
    event: _Event, comparison: Comparison, gold: Mapping[str, Any], counts: dict[str, int]
) -> None:
    credits: dict[str, list[tuple[str, Span]]] = defaultdict(list)
    for credit in comparison.credits:
        credits[event.file_of.get(credit.article, "")].append(
            (credit.source, (credit.start, credit.end))
        )
    for file, article in gold.get("articles", {}).items():
        text = event.text.get(file, "")
        listed = article.get("citations", [])
        mentions = [find_all(text, c["mention"]) if c.get("mention") else [] for c in listed]
        got = credits.get(file, [])
        used: set[int] = set()
        for cited, places in zip(listed, mentions, strict=True):
            counts["citations_gold"] += 1
            for k, (source, span) in enumerate(got):
                if any(overlap(span, m) > 0 for m in places) or same_person(
                    source, cited.get("source")
                ):
                    counts["citations_found"] += 1
                    used.add(k)
                    break
        counts["citations_sys"] += len(got)
        for k, (source, span) in enumerate(got):
            counts["citations_sys_right"] += k in used or any(
                same_person(source, cited.get("source"))
                or any(overlap(span, m) > 0 for m in places)
                for cited, places in zip(listed, mentions, strict=True)
            )


def _score_loaded(
    event: _Event, comparison: Comparison, gold: Mapping[str, Any], counts: dict[str, int]
) -> None:
    articles = gold.get("articles", {})
    for tone in comparison.tone:
        file = event.file_of.get(tone.article, "")
        listed = [w.lower() for w in articles.get(file, {}).get("loaded_words", [])]
        own = [t.text.lower() for t in tone.loaded if not t.quoted]
        counts["loaded_sys"] += len(own)
        counts["loaded_sys_right"] += sum(
            1 for word in own if any(word in w or w in word for w in listed)
        )


def _score_number_conflicts(
    event: _Event, comparison: Comparison, gold: Mapping[str, Any], counts: dict[str, int]
) -> None:
    listed = [c for c in gold.get("conflicts", []) if c.get("kind", "number") == "number"]
    found = [c for g in comparison.facts for c in g.conflicts if c.kind == "number"]
    counts["num_conflicts_gold"] += len(listed)
    counts["num_conflicts_sys"] += len(found)
    values = [[event.place(v) for v in c.values] for c in found]

    def meet(gold_conflict: Mapping[str, Any], placed: list[tuple[str, Span | None]]) -> bool:
        hits = 0
        for file, span in placed:
            gold_value = gold_conflict.get("values", {}).get(file)
            if (
                span
                and gold_value
                and any(
                    overlap(span, x) > 0 for x in find_all(event.text.get(file, ""), gold_value)
                )
            ):
                hits += 1
        return hits >= 2

    counts["num_conflicts_found"] += sum(1 for g in listed if any(meet(g, p) for p in values))
    counts["num_conflicts_sys_right"] += sum(1 for p in values if any(meet(g, p) for g in listed))


def add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    """Add one event's counts into ``total`` (the largest group is a maximum)."""
    for key, value in counts.items():
        if key in MAX_KEYS:
            total[key] = max(total.get(key, 0), value)
        else:
            total[key] = total.get(key, 0) + value


def strict_rates(counts: Mapping[str, int]) -> dict[str, float | int | None]:
    """The strict measures from (summed) counts; None where nothing was judged."""

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    c = counts
    return {
        "fact_pair_precision": share(
            c["fact_pairs_right"], c["fact_pairs_right"] + c["fact_pairs_wrong"]
        ),
        "fact_pair_recall": share(c["gold_pairs_found"], c["gold_pairs"]),
        "fact_pair_recall_strict": share(c["gold_pairs_found_strict"], c["gold_pairs"]),
        "blobs": c["blobs"],
        "largest_group": c["largest_group"],
        "omission_precision": share(
            c["omissions_true"], c["omissions_true"] + c["omissions_false"]
        ),
        "single_precision": share(c["single_true"], c["single_true"] + c["single_false"]),
        "quotes_found": share(c["gold_quotes_found"], c["gold_quotes"]),
        "speaker_accuracy": share(c["speakers_right"], c["speakers_judged"]),
        "quote_pair_recall": share(c["quote_pairs_found"], c["quote_pairs"]),
        "quote_pair_precision": share(
            c["sys_quote_pairs_right"], c["sys_quote_pairs_right"] + c["sys_quote_pairs_wrong"]
        ),
        "speaker_conflicts_reported": c["speaker_conflicts_reported"],
        "speaker_conflicts_gold": c["speaker_conflicts_gold"],
        "citation_recall": share(c["citations_found"], c["citations_gold"]),
        "citation_precision": share(c["citations_sys_right"], c["citations_sys"]),
        "loaded_precision": share(c["loaded_sys_right"], c["loaded_sys"]),
        "number_conflict_recall": share(c["num_conflicts_found"], c["num_conflicts_gold"]),
        "number_conflict_precision": share(c["num_conflicts_sys_right"], c["num_conflicts_sys"]),
    }
