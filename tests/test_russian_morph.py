"""Russian analysis without ``pkg_resources`` (issue 13): setuptools 81 and newer no longer
ship it, and a venv on Python 3.12+ gets the newest setuptools. Natasha's vocabulary
(``rashomon.analyze.russian_morph``) must find pymorphy2's dictionary without it, and give
the lemmas and normal forms it gave before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points

from tests.conftest import REPO

TEXT = "Министр обороны Дмитрий Орлов заявил в Москве, что суда задержаны у берегов Дравнии."

# Runs in a fresh interpreter in which ``import pkg_resources`` fails, as it does beside
# setuptools >= 81, whatever setuptools this environment holds.
_WITHOUT_PKG_RESOURCES = """
import importlib.abc, json, sys

class NoPkgResources(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pkg_resources" or name.startswith("pkg_resources."):
            raise ModuleNotFoundError("No module named 'pkg_resources'", name=name)
        return None

sys.meta_path.insert(0, NoPkgResources())
try:
    import pkg_resources  # noqa: F401
except ModuleNotFoundError:
    pass
else:
    raise SystemExit("pkg_resources is still importable")

from rashomon.analyze.parsers import parse_text
from rashomon.analyze.sentences import split_sentences

text = sys.argv[1]
parse = parse_text(text, split_sentences(text, "ru"), "ru")
print(json.dumps({
    "lemmas": {t.text: t.lemma for t in parse.tokens},
    "named": [[n.text, n.label, n.normal] for n in parse.named],
    "has_syntax": parse.has_syntax,
}, ensure_ascii=False))
"""


def test_russian_parse_needs_no_pkg_resources() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    env.pop("PYMORPHY2_DICT_PATH", None)
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PKG_RESOURCES, TEXT],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["has_syntax"]
    lemmas = result["lemmas"]
    # pymorphy2's dictionary at work: inflected forms to their dictionary forms.
    assert lemmas["обороны"] == "оборона"
    assert lemmas["заявил"] == "заявить"
    assert lemmas["суда"] == "судно"
    assert lemmas["задержаны"] == "задержать"
    assert lemmas["берегов"] == "берег"
    # Natasha's NER, with names normalized through the same vocabulary.
    assert result["named"] == [
        ["Дмитрий Орлов", "PERSON", "Дмитрий Орлов"],
        ["Москве", "GPE", "Москва"],
        ["Дравнии", "GPE", "Дравнии"],
    ]


def test_dictionary_is_the_one_pymorphy2_would_look_up(monkeypatch) -> None:
    from rashomon.analyze.russian_morph import dictionary_path

    monkeypatch.delenv("PYMORPHY2_DICT_PATH", raising=False)
    (ru,) = (ep for ep in entry_points(group="pymorphy2_dicts") if ep.name == "ru")
    assert dictionary_path() == ru.load().get_path()
    monkeypatch.setenv("PYMORPHY2_DICT_PATH", "/elsewhere/dicts")
    assert dictionary_path() == "/elsewhere/dicts"
