"""Natasha's Russian morphology vocabulary, built without ``pkg_resources``.

natasha 1.6.0 (its newest release) lemmatizes and normalizes names with ``MorphVocab``, a
pymorphy2 0.9.1 ``MorphAnalyzer``. natasha and yargy import pymorphy2 by name (yargy also
patches it for Python 3.11), so pymorphy2 stays whatever rashomon does. pymorphy2 finds its
dictionary through ``pkg_resources`` entry points, and setuptools 81 and newer no longer
ship ``pkg_resources``: a virtual environment on Python 3.12 or newer, which gets the
newest setuptools rather than the old one bundled with 3.11's ``venv``, fails on
``natasha.MorphVocab()`` with ``No module named 'pkg_resources'``.

That lookup is pymorphy2's only use of ``pkg_resources``. ``MorphVocab`` here builds the
same vocabulary with the dictionary's path given directly: the path the entry point
``ru`` in group ``pymorphy2_dicts`` names (package pymorphy2-dicts-ru, installed with
pymorphy2), or ``$PYMORPHY2_DICT_PATH`` when set, as pymorphy2 itself would choose. So
lemmas, tags and normal forms are natasha's own, on every Python.

pymorphy3 was weighed and left: its dawg2-python installs the same ``dawg_python`` module
as pymorphy2's DAWG-Python (two distributions owning one set of files), pymorphy2 would be
installed and imported all the same, and its newer dictionary orders the guesses for some
unknown words differently.
"""

from __future__ import annotations

import os

import natasha  # first: importing it imports yargy, which patches pymorphy2 for 3.11+
import pymorphy2_dicts_ru
from natasha.morph.vocab import MorphForm
from pymorphy2.analyzer import MorphAnalyzer


def dictionary_path() -> str:
    """The Russian dictionary pymorphy2 would pick, found without ``pkg_resources``."""
    return os.environ.get(MorphAnalyzer.DICT_PATH_ENV_VARIABLE) or pymorphy2_dicts_ru.get_path()


class MorphVocab(natasha.MorphVocab):
    """``natasha.MorphVocab`` with its dictionary path given, not looked up."""

    def __init__(self) -> None:
        MorphAnalyzer.__init__(self, path=dictionary_path(), lang="ru", result_type=MorphForm)
