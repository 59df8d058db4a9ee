"""Terminal report of a comparison (rich), fit for a 100-column terminal."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from rashomon.compare.types import Comparison, QuoteMember
from rashomon.ingest.names import displayable_fields

_FACT_CHARS = 90
_QUOTE_CHARS = 220
_MAX_MATRIX_ROWS = 40
_CARRIES, _OMITS, _UNSURE = "●", "·", "?"

# How a member's speaker is known, where it is less than a name next to the quote.
_ATTRIBUTION_NOTES = {"inferred": "speaker inferred", "unattributed": "no speaker named"}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diff_text(member: QuoteMember) -> Text:
    """The member's wording against the closest other wording (``diff_against``), marked as
    wdiff does ([-gone-] {+new+}), so the changes read on a terminal without colour too."""
    if not member.diff:
        return Text(_clip(member.text, _QUOTE_CHARS))
    text = Text()
    for step in member.diff:
        if step.op == "equal":
            text.append(step.member + " ")
        if step.op in ("delete", "replace"):
            text.append(f"[-{step.reference}-] ", "red")
        if step.op in ("insert", "replace"):
            text.append(f"{{+{step.member}+}} ", "bold green")
    return text


def render_comparison(comparison: Comparison, console: Console) -> None:
    # A label or path from a file name that is not UTF-8 is shown with \xNN (names.py).
    refs = tuple(map(displayable_fields, comparison.articles))
    comparison = replace(comparison, articles=refs)
    labels = {a.id: a.label for a in comparison.articles}
    order = [a.id for a in comparison.articles]

    verdict = "the same story" if comparison.same_story else "NOT the same story"
    console.print(Rule(Text(f"rashomon compare: {verdict}", "bold")))
    console.print(
        f"similarity {comparison.similarity:.2f} (weakest pair) · {len(order)} articles · "
        f"{len(comparison.facts)} facts · {len(comparison.quotes)} quotes",
        markup=False,
    )
    articles = Table(expand=True, title="Articles", title_justify="left")
    for column in ("label", "published", "lang", "title"):
        articles.add_column(column)
    for entry in comparison.timeline:
        ref = next(a for a in comparison.articles if a.id == entry.article)
        when = (ref.published or "-").replace("T", " ")[:16]
        if ref.published_from:
            when += " (inferred)"
        if entry.hours_after_first:
            when += f" (+{entry.hours_after_first:g} h)"
        first = " (first)" if ref.id == comparison.first_published else ""
        articles.add_row(
            Text(ref.label + first), Text(when), ref.language, Text(_clip(ref.title or "", 50))
        )
    console.print(articles)

    matrix = Table(
        expand=True,
        title="Facts x outlets (● carries, · leaves out, ? not matched: told in other words?)",
        title_justify="left",
    )
    matrix.add_column("fact", ratio=1, no_wrap=True, overflow="ellipsis")
    for article in order:
        matrix.add_column(Text(labels[article][:8]), justify="center", no_wrap=True)
    shared = [f for f in comparison.facts if len(f.articles) > 1]
    shared.sort(key=lambda f: -len(f.articles))
    for fact in shared[:_MAX_MATRIX_ROWS]:
        marks = [
            _CARRIES
            if a in fact.articles
            else _OMITS
            if fact.id in comparison.omissions.get(a, ())
            else _UNSURE
            for a in order
        ]
        flag = " ⚠" if fact.conflicts else ""
        matrix.add_row(
            Text(f"{fact.id} " + _clip(fact.members[0].text, _FACT_CHARS) + flag), *marks
        )
    console.print(matrix)
    if len(shared) > _MAX_MATRIX_ROWS:
        console.print(f"… and {len(shared) - _MAX_MATRIX_ROWS} more shared facts", style="dim")

    console.print(Rule("Only one outlet carries"))
    for article in order:
        own = [f for f in comparison.facts if f.articles == (article,)]
        if own:
            console.print(Text(f"{labels[article]} ({len(own)})", "bold"))
            for fact in own[:8]:
                console.print(Text("  - " + _clip(fact.members[0].text, 96)))
            if len(own) > 8:
                console.print(f"  … {len(own) - 8} more", style="dim")
    unmatched = {a: len(comparison.unmatched.get(a, ())) for a in order}
    if any(unmatched.values()):
        counts = ", ".join(f"{labels[a]} {n}" for a, n in unmatched.items() if n)
        console.print(
            f"Not matched in the other outlets, which may tell them in other words: {counts}"
            " statements (JSON: unmatched)",
            style="dim",
        )

    conflicts = [(f, c) for f in comparison.facts for c in f.conflicts]
    if conflicts:
        console.print(Rule("Conflicts"))
        for fact, conflict in conflicts:
            values = " / ".join(f"{labels[v.article]}: {v.text}" for v in conflict.values)
            console.print(
                Text(f"{fact.id} {conflict.kind} ({_clip(conflict.about, 40)}): {values}")
            )

    console.print(Rule("Quotes across outlets"))
    for group in comparison.quotes:
        if len(group.articles) < 2:
            continue
        flag = " ⚠ speakers disagree" if group.speakers_disagree else ""
        console.print(
            Text(
                f"{group.id} {group.speaker or '?'} · {group.wording} · "
                f"{len(group.articles)} outlets{flag}",
                "bold",
            )
        )
        for k, member in enumerate(group.members):
            mark = "=" if k == group.reference else " "
            line = Text(f" {mark} {labels[member.article]}: ", "cyan")
            line.append_text(_diff_text(member))
            against = member.diff_against
            if member.diff and against is not None and len(group.members) > 2:
                line.append(f"(vs {labels[group.members[against].article]})", "dim")
            if member.speaker != group.speaker:
                line.append(f" [{member.speaker or '?'}]", "yellow")
            if member.mode != "statement":
                line.append(f" ({member.mode})", "magenta")
            if member.attribution != "named":
                line.append(f" ({_ATTRIBUTION_NOTES[member.attribution]})", "dim")
            console.print(line)
    single = [g for g in comparison.quotes if len(g.articles) == 1]
    if single:
        console.print(Text(f"Carried by one outlet only ({len(single)})", "bold"))
        for group in single:
            member = group.members[0]
            console.print(
                Text(
                    f"  {labels[member.article]} · {group.speaker or '?'}: "
                    + _clip(member.text, 80)
                )
            )

    people = Table(expand=True, title="Who is quoted (quotes per outlet)", title_justify="left")
    people.add_column("person", ratio=1, no_wrap=True, overflow="ellipsis")
    for article in order:
        people.add_column(Text(labels[article][:8]), justify="center", no_wrap=True)
    for person in comparison.people:
        if person.quotes:
            people.add_row(
                Text(person.name), *[str(person.quotes.get(a, "")) or _OMITS for a in order]
            )
    console.print(people)

    credits = Table(expand=True, title="Who credits whom", title_justify="left")
    for column in ("outlet", "credits", "kind", "cue"):
        credits.add_column(column)
    for credit in comparison.credits:
        target = credit.source + (" (compared)" if credit.compared else "")
        credits.add_row(Text(labels[credit.article]), Text(target), credit.kind, Text(credit.cue))
    console.print(credits)

    tone = Table(expand=True, title="Tone", title_justify="left")
    for column in ("outlet", "sentiment", "loaded/100w", "own loaded words"):
        tone.add_column(column)
    for article_tone in comparison.tone:
        own_words = sorted({t.text.lower() for t in article_tone.loaded if not t.quoted})
        sentiment = (
            f"{article_tone.sentiment:+.2f}" if article_tone.sentiment is not None else "n/a"
        )
        tone.add_row(
            Text(labels[article_tone.article]),
            sentiment,
            f"{article_tone.loaded_density:.1f}",
            Text(", ".join(own_words[:12])),
        )
    console.print(tone)
    for framing in comparison.framings[:5]:
        console.print(Text(f"{framing.fact}: the same fact, worded differently", "bold"))
        for passage in framing.members:
            words = comparison.own_loaded_words(passage)
            line = Text(f"  {labels[passage.article]}: ", "cyan")
            line.append(_clip(passage.text, 110))
            if words:
                line.append(f"  [{', '.join(words)}]", "magenta")
            console.print(line)
