"""Check that every example's gold file agrees with its article files.

Used by tests/test_examples_gold.py; also runs alone: python tests/gold_check.py

Gold is written by hand, so this guards against typos: every quote, alias, citation
mention, loaded word and conflicting value must occur verbatim in its article, and
every pair of quotation marks in an article must be covered by a gold quote. Every
fact's evidence must name exactly the articles in its carried_by, and each evidence
phrase must occur exactly once in its article; the evidence of some fact must hold
each conflict's values.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = EXAMPLES / "articles"
GOLD = EXAMPLES / "gold"
FRONT_MATTER_KEYS = {"title", "outlet", "published", "byline", "language", "url"}
QUOTE_KINDS = {"direct", "partial", "scare", "indirect"}
CITATION_KINDS = {"outlet", "agency", "official", "document", "person", "other"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER"}
# Quotation-mark pairs. A closing ’ must not be followed by a letter, so that the
# apostrophes in "won’t" or "Essen’s" are not taken for the end of a quote.
QUOTE_PAIRS = (
    re.compile(r"“[^”]*”"),
    re.compile(r'"[^"]*"'),
    re.compile(r"«[^»]*»"),
    re.compile(r"(?<!\w)‘.*?’(?!\w)", re.DOTALL),
)
MIN_WORDS, MAX_WORDS = 250, 600
# An evidence phrase has 5-15 words, or is a whole sentence that is shorter than 5 words.
EVIDENCE_MIN_WORDS, EVIDENCE_MAX_WORDS = 5, 15
# A sentence end inside a phrase: end punctuation (and a closing quote), space, a capital.
SENTENCE_BREAK = re.compile(r"[.!?][»”\"’]?\s+[«“\"‘A-ZА-ЯЁ]")


def read_article(path: Path) -> tuple[dict[str, str], str]:
    """Split an example file into its front matter and its body."""
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in header.strip().splitlines())
    return meta, body


def check_article(gold: dict, meta: dict[str, str], body: str) -> list[str]:
    problems: list[str] = []
    if set(meta) != FRONT_MATTER_KEYS:
        problems.append(f"front matter keys {sorted(meta)}")
    if meta.get("outlet") != gold["outlet"] or meta.get("language") != gold["language"]:
        problems.append("outlet or language differs from front matter")
    if body.strip().splitlines()[0] != meta.get("title"):
        problems.append("headline line differs from title")
    words = len(body.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{words} words")

    quote_starts: list[int] = []
    for quote in gold["quotes"]:
        if quote["kind"] not in QUOTE_KINDS:
            problems.append(f"quote kind {quote['kind']!r}")
        if (quote["speaker"] is None) != (quote["kind"] == "scare"):
            problems.append(f"speaker {quote['speaker']!r} of {quote['kind']} {quote['text']!r}")
        parts = quote.get("parts", [quote["text"]])
        if " ".join(parts) != quote["text"]:
            problems.append(f"parts do not join to text {quote['text']!r}")
        position = 0
        for part in parts:
            found = body.find(part, position)
            if found < 0:
                problems.append(f"quote text not in body: {part!r}")
                break
            if position == 0:
                quote_starts.append(found)
            position = found + len(part)

    for pattern in QUOTE_PAIRS:
        for match in pattern.finditer(body):
            if not any(match.start() < start < match.end() for start in quote_starts):
                problems.append(f"quoted span missing from gold: {match.group()[:60]!r}")

    for entity in gold["entities"]:
        if entity["label"] not in ENTITY_LABELS:
            problems.append(f"entity label {entity['label']!r}")
        missing = [alias for alias in entity["aliases"] if alias not in body]
        if missing:
            problems.append(f"aliases of {entity['name']} not in body: {missing}")
        # Russian names inflect, so the nominative canonical name may only occur as an alias.
        if entity["name"] not in body and not entity["aliases"]:
            problems.append(f"entity not in body: {entity['name']}")
    for citation in gold["citations"]:
        if citation["kind"] not in CITATION_KINDS or citation["mention"] not in body:
            problems.append(f"citation {citation}")
    lowered = body.lower()
    problems += [
        f"loaded word not in body: {word!r}"
        for word in gold["loaded_words"]
        if word.lower() not in lowered
    ]
    return problems


def occurrences(text: str, phrase: str) -> list[int]:
    """Every start of phrase in text, overlapping ones included."""
    starts: list[int] = []
    found = text.find(phrase)
    while found >= 0:
        starts.append(found)
        found = text.find(phrase, found + 1)
    return starts


def is_whole_sentence(body: str, start: int, end: int) -> bool:
    """Whether body[start:end] is a sentence without its final punctuation."""
    before = body[:start].rstrip(" ")
    opens = not before or before[-1] in '\n.!?»”"’'
    return opens and re.match(r"[.!?]+[»”\"’]?(\s|$)", body[end:]) is not None


def check_fact(fact: dict, bodies: dict[str, str]) -> list[str]:
    """A fact's evidence: one verbatim phrase per carrying article, found once in it."""
    problems: list[str] = []
    carried_by = fact["carried_by"]
    evidence = fact.get("evidence")
    if len(set(carried_by)) != len(carried_by):
        problems.append(f"carried_by repeats an article: {carried_by}")
    if not isinstance(evidence, dict):
        return [*problems, "no evidence"]
    if set(evidence) != set(carried_by):
        problems.append(
            f"evidence and carried_by differ: {sorted(set(evidence) ^ set(carried_by))}"
        )
    for name, phrase in evidence.items():
        if name not in bodies:
            continue  # reported as an unknown article, or as a carried_by difference
        starts = occurrences(bodies[name], phrase)
        if len(starts) != 1:
            problems.append(f"{name}: evidence occurs {len(starts)} times: {phrase!r}")
            continue
        words = len(phrase.split())
        if phrase != phrase.strip() or "\n" in phrase or SENTENCE_BREAK.search(phrase):
            problems.append(f"{name}: evidence is not inside one sentence: {phrase!r}")
        elif words > EVIDENCE_MAX_WORDS or (
            words < EVIDENCE_MIN_WORDS
            and not is_whole_sentence(bodies[name], starts[0], starts[0] + len(phrase))
        ):
            problems.append(f"{name}: evidence has {words} words: {phrase!r}")
    return problems


def holds_conflict(fact: dict, conflict: dict) -> bool:
    """Whether fact is the one conflict is about: its evidence holds every value."""
    evidence = fact.get("evidence") or {}
    return all(value in evidence.get(name, "") for name, value in conflict["values"].items())


def check_event(folder: Path) -> tuple[list[str], int, int]:
    """Return the problems found in one event folder, its article count and word count."""
    gold = json.loads((GOLD / f"{folder.name}.json").read_text(encoding="utf-8"))
    articles = gold["articles"]
    files = {path.name for path in folder.glob("*.txt")}
    problems = []
    if files != set(articles):
        problems.append(f"{folder.name}: files and gold differ: {sorted(files ^ set(articles))}")
    bodies: dict[str, str] = {}
    total_words = 0
    for name, article_gold in articles.items():
        meta, body = read_article(folder / name)
        bodies[name] = body
        total_words += len(body.split())
        problems += [f"{folder.name}/{name}: {p}" for p in check_article(article_gold, meta, body)]

    for original, copy in gold["syndicated"]:
        matcher = difflib.SequenceMatcher(None, bodies[original], bodies[copy], autojunk=False)
        ratio = matcher.ratio()
        print(f"  syndicated {original} -> {copy}: similarity {ratio:.3f}")
        if ratio < 0.85:
            problems.append(f"{folder.name}: syndicated {original}, {copy} only {ratio:.2f} alike")
    for group in gold["translated_quotes"]:
        for member in group["members"]:
            texts = {quote["text"] for quote in articles[member["article"]]["quotes"]}
            if member["text"] not in texts:
                problems.append(f"{folder.name}: translated member not a gold quote: {member}")
    for fact in gold["facts"]:
        unknown = [name for name in fact["carried_by"] if name not in bodies]
        if unknown:
            problems.append(f"{folder.name}: fact carried by unknown articles {unknown}")
        problems += [f"{folder.name}: fact {fact['fact']!r}: {p}" for p in check_fact(fact, bodies)]
    for conflict in gold["conflicts"]:
        for name, value in conflict["values"].items():
            if value not in bodies[name]:
                problems.append(f"{folder.name}/{name}: conflict value not in body: {value!r}")
        if not any(holds_conflict(fact, conflict) for fact in gold["facts"]):
            problems.append(
                f"{folder.name}: no fact's evidence holds conflict {conflict['fact']!r}"
            )
    return problems, len(articles), total_words


def main() -> int:
    problems: list[str] = []
    article_count = word_count = 0
    for folder in sorted(ARTICLES / path.stem for path in GOLD.glob("*.json")):
        print(folder.name)
        event_problems, articles, words = check_event(folder)
        problems += event_problems
        article_count += articles
        word_count += words
    for problem in problems:
        print("FAIL", problem)
    print(f"{article_count} articles, {word_count} words, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
