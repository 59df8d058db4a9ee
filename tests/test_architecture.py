"""The rooms of the package and what each may import (docs/architecture.md): data flows one
way, ingest -> analyze -> compare, with the store, links and outlets beside it and the
outputs and applications on top. A module importing a room it may not (at the top of the
file or inside a function: a lazy import is still a dependency) fails here, naming both."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rashomon"

# room -> the rooms it builds on (its own room is always allowed)
_BASE = frozenset({"base", "lang"})
_TEXT = _BASE | {"text"}
_READ = _TEXT | {"ingest"}
_ANALYSE = _READ | {"analyze"}
_COMPARE = _ANALYSE | {"compare"}
_STORE = _ANALYSE | {"store"}
_LINK = _STORE | {"link"}
_OUTLETS = _LINK | _COMPARE | {"outlets"}
_PRESENT = _OUTLETS | {"present"}
_EVAL = _PRESENT | {"eval"}
ALLOWED: dict[str, frozenset[str]] = {
    "base": frozenset(),
    "lang": frozenset(),
    "text": _BASE,
    "ingest": _TEXT,
    "analyze": _READ,
    "compare": _ANALYSE,
    "store": _ANALYSE,
    "link": _STORE,
    "outlets": _LINK | _COMPARE,
    "present": _OUTLETS,
    "eval": _PRESENT,
    "training": _EVAL,
    "api": _PRESENT,
    "web": _PRESENT | {"api"},
    "spark": _PRESENT | {"api"},
    "app": _EVAL | {"api", "training", "web", "spark"},
}


def room(module: str) -> str:
    """The room of a dotted module name under rashomon."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in ("cli", "__init__", "__main__"):
        return "app"
    if parts[0] in ("types", "errors"):
        return "base"
    # A stage's command group and spark-submit's entry script are glue, like rashomon/cli.py.
    if parts[-1] in ("cli", "submit"):
        return "app"
    return parts[0]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "rashomon" or name.startswith("rashomon.")}


def _module(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(relative.parts)


def test_every_room_of_the_package_is_known() -> None:
    rooms = {room(_module(p)) for p in PACKAGE.rglob("*.py")}
    assert rooms <= set(ALLOWED), rooms - set(ALLOWED)


def test_each_room_imports_only_the_rooms_it_builds_on() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = room(_module(path))
        for name in sorted(_imports(path)):
            target = room(name)
            if target != source and target not in ALLOWED[source]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)} ({source}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_rules_have_no_cycle() -> None:
    # A cycle in ALLOWED would let two rooms import each other through the rules.
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in ALLOWED[start]
        )

    assert not [r for r in ALLOWED if reaches(r, r)]
