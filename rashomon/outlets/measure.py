"""How well outlets are identified when read (``rashomon.ingest.outlets``), measured on a
folder of articles with front matter whose ``outlet`` field is the truth (the real-news
dev set, ``../shared/data/realnews_compare``, or ``examples/articles``).

Each article is read three ways, as ``rashomon ingest`` would read a file holding it:

* ``front matter``: as it is;
* ``url only``: the front matter without its ``outlet`` field (what a crawl that kept the
  address but not the site's name gives);
* ``no front matter``: the body alone (pasted text): only the text can tell.

``python -m rashomon.outlets.measure FOLDER [--example-outlets]`` prints the counts of
each way: right (the outlet found is the true one: ``same_outlet``), wrong (another
named), domain only (the URL's host shown, no outlet named), unknown (none). With
``--example-outlets`` each article is also tied to a registry holding rashomon's example
outlets (``registry.example_outlets``) and that is counted too.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rashomon.ingest.outlets import same_outlet
from rashomon.ingest.text import read_text, split_front_matter
from rashomon.outlets.registry import Registry

WAYS = ("front matter", "url only", "no front matter")


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str
    way: str
    truth: str
    found: str | None
    evidence: str | None
    registered: str | None  # the registry outlet it is tied to (when a registry is given)

    @property
    def verdict(self) -> str:
        if self.evidence and "(not in the table)" in self.evidence:
            return "domain only"  # the host shown as it is: no outlet named, none wrong
        return _verdict(self.found, self.truth)

    @property
    def registry_verdict(self) -> str:
        return _verdict(self.registered, self.truth)


def _verdict(found: str | None, truth: str) -> str:
    if not found:
        return "unknown"
    return "right" if same_outlet(found, truth) else "wrong"


def _front(fields: dict[str, str | list[str]], body: str) -> str:
    lines = [f"{k}: {v}" for k, v in fields.items() if isinstance(v, str)]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def outcomes(folder: str | Path, registry: Registry | None = None) -> list[Outcome]:
    """Every ``*.txt`` under ``folder`` with an ``outlet`` in its front matter, read each of
    the three ways (and tied to ``registry`` when given)."""
    found = []
    for path in sorted(Path(folder).rglob("*.txt")):
        content = path.read_text(encoding="utf-8")
        fields, body = split_front_matter(content)
        truth = fields.get("outlet")
        if not isinstance(truth, str):
            continue
        without_outlet = {k: v for k, v in fields.items() if k != "outlet"}
        for way, text in zip(
            WAYS, (content, _front(without_outlet, body), body.lstrip("\n")), strict=True
        ):
            (article,) = read_text(text.encode(), str(path), "utf-8")
            evidence = article.meta.get("outlet_source") or ("metadata" if article.outlet else None)
            tied = registry.find(article.outlet, article.url) if registry else None
            registered = tied.name if tied else None
            found.append(Outcome(str(path), way, truth, article.outlet, evidence, registered))
    return found


def summary(found: list[Outcome], *, registered: bool = False) -> dict[str, Counter[str]]:
    """Verdict counts per way (of the registry tie when ``registered``)."""
    counts: dict[str, Counter[str]] = {way: Counter() for way in WAYS}
    for outcome in found:
        counts[outcome.way][outcome.registry_verdict if registered else outcome.verdict] += 1
    return counts


def main(argv: list[str]) -> int:
    from rashomon.outlets.registry import example_outlets

    folders = [a for a in argv if not a.startswith("--")]
    if len(folders) != 1 or set(argv) - {*folders, "--example-outlets"}:
        print(
            "usage: python -m rashomon.outlets.measure FOLDER [--example-outlets]", file=sys.stderr
        )
        return 2
    registry = Registry.of(example_outlets(), {}) if "--example-outlets" in argv else None
    found = outcomes(folders[0], registry)
    tables = [("identified", False)] + ([("tied to registry", True)] if registry else [])
    for title, registered in tables:
        for way, counts in summary(found, registered=registered).items():
            total = sum(counts.values())
            print(
                f"{title:17} {way:16} {counts['right']}/{total} right, "
                f"{counts['wrong']} wrong, {counts['domain only']} domain only, "
                f"{counts['unknown']} unknown"
            )
    for outcome in found:
        if outcome.verdict != "right":
            print(
                f"  {outcome.way}: {outcome.path}: {outcome.verdict} "
                f"(found {outcome.found!r}, {outcome.evidence or 'no evidence'})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
