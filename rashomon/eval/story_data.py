"""Read story-clustering evaluation sets: documents with the story each one tells.

Four layouts are recognised, as they sit in the evaluation data directory (each folder's
SOURCE.txt names the origin and licence):

``ecbplus``
    ECB+ (Cybulska & Vossen, LREC 2014): ``ECB+/<topic>/<topic>_<n>ecb.xml`` and
    ``..._<n>ecbplus.xml`` in CROMER XML (one ``<token sentence=.. number=..>`` per token).
    Each topic holds two different events of one kind (two rehab check-ins, two
    earthquakes): the ``ecb`` files report one, the ``ecbplus`` files the other, so the
    gold story is topic + half (``ecbplus/1/ecb``, ``ecbplus/1/ecbplus``). The ``ecbplus``
    files open with the page URL, the headline and often a dateline: the URL is dropped,
    the headline becomes the title and a short date line the publication date. The
    ``ecb`` files are bare body text with no date.
``basil``
    BASIL (Fan et al., EMNLP 2019): ``articles/<year>/<triplet>_<1|2|3>.json`` with
    ``title``, ``date``, ``source`` and ``body-paragraphs`` (a list of paragraphs, each a
    list of sentences). Each triplet (one event told by Fox News, the New York Times and
    HuffPost) is one story.
``meantime``
    MEANTIME (Minard et al., LREC 2016) as CoNLL from Zhukova et al. (LREC 2022):
    ``<lang>/meantime.conll`` for en, es, it, nl. The same Wikinews article in its four
    language versions is one story (``meantime/corpus_airbus/100911``). Sentence 0 is the
    headline and sentence 1 the date line; the text is rebuilt from the tokens.
``wikiref``
    WikiRef220 (Gialampoukidis et al., 2016): ``.../WikiRef220/<label><n>.txt`` plain
    text, headline on the first line. The label in the file name is the story; labels
    with five documents or fewer are the set's noise topics and keep their own label.

``read_dataset(path)`` reads one of these (the layout is detected from the directory);
``read_datasets(path)`` reads every layout found in a folder of them. Documents come in
publication order where dates exist (stable, undated ones after the dated ones, in file
order), as a stream clusterer would see them.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from rashomon.ingest import article_id
from rashomon.types import Article

Layout = Literal["ecbplus", "basil", "meantime", "wikiref"]
LAYOUTS: tuple[Layout, ...] = ("ecbplus", "basil", "meantime", "wikiref")
MEANTIME_LANGUAGES = ("en", "es", "it", "nl")


@dataclass(frozen=True, slots=True)
class EvalDocument:
    """One document of an evaluation set and the gold story it belongs to."""

    id: str  # unique within the data directory: "<layout>/<path-like name>"
    text: str
    title: str | None
    published: str | None  # ISO 8601 date where the source gives one
    language: str  # ISO 639-1
    story: str  # gold story label; documents with equal labels tell the same story


def to_article(document: EvalDocument) -> Article:
    """The document as rashomon reads articles; ``path`` keeps the evaluation id."""
    return Article(
        id=article_id(document.text, None),
        text=document.text,
        title=document.title,
        published=document.published,
        language=document.language,
        path=document.id,
    )


# --- layout detection ------------------------------------------------------------------


def detect_layout(path: str | Path) -> Layout | None:
    """Which evaluation layout ``path`` holds, or None if it is none of them."""
    root = Path(path)
    if not root.is_dir():
        return None
    if _ecbplus_root(root) is not None:
        return "ecbplus"
    if any((root / "articles").glob("*/*.json")):
        return "basil"
    if any((root / lang / "meantime.conll").is_file() for lang in MEANTIME_LANGUAGES):
        return "meantime"
    if _wikiref_root(root) is not None:
        return "wikiref"
    return None


def read_dataset(path: str | Path) -> list[EvalDocument]:
    """Every document of the evaluation set at ``path``, its layout detected."""
    layout = detect_layout(path)
    if layout is None:
        raise ValueError(f"{path}: not an ECB+, BASIL, MEANTIME or WikiRef220 directory")
    return READERS[layout](Path(path))


def read_datasets(path: str | os.PathLike[str]) -> dict[str, list[EvalDocument]]:
    """Documents per layout: of ``path`` itself if it is a set, else of its subfolders.

    Keys are the layout names; a folder holding two sets of one layout is an error rather
    than a silent merge, since their ids could collide.
    """
    root = Path(path)
    layout = detect_layout(root)
    if layout is not None:
        return {layout: READERS[layout](root)}
    found: dict[str, list[EvalDocument]] = {}
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        layout = detect_layout(child)
        if layout is None:
            continue
        if layout in found:
            raise ValueError(f"{root}: more than one {layout} set")
        found[layout] = READERS[layout](child)
    if not found:
        raise ValueError(f"{root}: no story evaluation set found")
    return found


# --- readers ---------------------------------------------------------------------------


def read_ecbplus(path: str | Path, topics: Iterable[int] | None = None) -> list[EvalDocument]:
    """ECB+ documents of ``topics`` (all topics present when None)."""
    root = _ecbplus_root(Path(path))
    if root is None:
        raise ValueError(f"{path}: no ECB+ topic folders")
    wanted = None if topics is None else set(topics)
    documents = []
    for folder in sorted((p for p in root.iterdir() if p.name.isdigit()), key=_numeric_name):
        topic = int(folder.name)
        if wanted is not None and topic not in wanted:
            continue
        for file in sorted(folder.glob("*.xml"), key=_ecb_file_key):
            match = _ECB_FILE.fullmatch(file.name)
            if match is None:
                continue
            documents.append(_ecb_document(file, topic, match["half"]))
    return _in_publication_order(documents)


def read_basil(path: str | Path) -> list[EvalDocument]:
    """BASIL articles; each triplet of outlets reporting one event is one story."""
    documents = []
    for file in sorted(Path(path).glob("articles/*/*.json")):
        record = json.loads(file.read_text(encoding="utf-8"))
        paragraphs = [
            " ".join(s.strip() for s in paragraph if s.strip())
            for paragraph in record.get("body-paragraphs", [])
        ]
        text = "\n\n".join(p for p in paragraphs if p)
        if not text:
            continue
        documents.append(
            EvalDocument(
                id=f"basil/{file.parent.name}/{file.stem}",
                text=text,
                title=(record.get("title") or "").strip() or None,
                published=_iso_or_none(record.get("date")),
                language="en",
                story=f"basil/{record['triplet-uuid']}",
            )
        )
    return _in_publication_order(documents)


def read_meantime(
    path: str | Path, languages: Sequence[str] = MEANTIME_LANGUAGES
) -> list[EvalDocument]:
    """MEANTIME documents in ``languages``; an article's translations share its story."""
    documents = []
    for language in languages:
        file = Path(path) / language / "meantime.conll"
        if not file.is_file():
            continue
        for name, sentences in _conll_documents(file):
            lines = [detokenize(tokens, language) for tokens in sentences]
            title = lines[0] if lines else None
            body = lines[1:]
            published = _parse_date(body[0]) if body else None
            if published is not None:  # the date line is metadata, not article text
                body = body[1:]
            documents.append(
                EvalDocument(
                    id=f"meantime/{language}/{name}",
                    text="\n".join(body),
                    title=title,
                    published=published,
                    language=language,
                    story=f"meantime/{name}",
                )
            )
    return _in_publication_order(documents)


def read_wikiref(path: str | Path) -> list[EvalDocument]:
    """WikiRef220 documents; the file-name label is the story."""
    root = _wikiref_root(Path(path))
    if root is None:
        raise ValueError(f"{path}: no WikiRef220 text files")
    documents = []
    for file in sorted(root.glob("*.txt"), key=_wikiref_key):
        label = _wikiref_label(file.name)
        if label is None:
            continue
        raw = _decode(file.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
        lines = [line.strip() for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        documents.append(
            EvalDocument(
                id=f"wikiref/{file.stem}",
                text="\n\n".join(lines[1:]) or lines[0],
                title=lines[0] if len(lines) > 1 else None,
                published=None,
                language="en",
                story=f"wikiref/{label}",
            )
        )
    return documents


READERS: dict[Layout, Callable[[Path], list[EvalDocument]]] = {
    "ecbplus": read_ecbplus,
    "basil": read_basil,
    "meantime": read_meantime,
    "wikiref": read_wikiref,
}


# --- detokenisation --------------------------------------------------------------------

_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "”", "’", "''", "...", "…", "»"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "``", "¿", "¡", "«"})
_CURRENCY = frozenset({"$", "US$", "€", "£"})  # "$ 40" -> "$40", but "millones $ para" stays
_CLITICS = frozenset(
    f"{apostrophe}{suffix}"
    for apostrophe in "'’"
    for suffix in ("s", "re", "ve", "ll", "d", "m", "")
) | {"n't", "n’t"}
_APOSTROPHE_SUFFIXES = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
_ELIDING_LANGUAGES = frozenset({"it", "fr", "ca"})  # "l' appalto" -> "l'appalto"
_ELISION = re.compile(r"\w{1,5}['’]")
_QUOTE_MAP = {"``": "“", "''": "”"}


def detokenize(tokens: Sequence[str], language: str = "en") -> str:
    """Join treebank-style tokens into running text.

    Spacing is rebuilt from the tokens alone (the corpora keep no whitespace): no space
    before closing punctuation and clitics, none after opening brackets and quotes,
    straight double quotes alternate open/close, an apostrophe split off a word
    (``Lohan ’ s``) is rejoined, ``4 : 59`` becomes ``4:59``, and Italian elisions
    (``l' appalto``) close up. Hyphens keep their spaces: ``90 - day`` and a dash between
    clauses are indistinguishable in the tokens.
    """
    out: list[str] = []
    glue_next = False  # the previous token asked for no space after it
    double_open = False
    for i, raw in enumerate(tokens):
        token = _QUOTE_MAP.get(raw, raw)
        before = out[-1] if out else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        glue = glue_next or not out
        glue_next = False
        if token == '"':
            if double_open:
                glue = True
            else:
                glue_next = True
            double_open = not double_open
        elif token in ("'", "’") and nxt.lower() in _APOSTROPHE_SUFFIXES and before[-1:].isalnum():
            glue = glue_next = True
        elif token in _NO_SPACE_BEFORE or token in _CLITICS:
            glue = True
            if token == ":" and before.strip().isdigit() and nxt[:1].isdigit():
                glue_next = True
        elif token in _NO_SPACE_AFTER or (token in _CURRENCY and nxt[:1].isdigit()):
            glue_next = True
        if language in _ELIDING_LANGUAGES and _ELISION.fullmatch(token):
            glue_next = True
        out.append(token if glue or not out else " " + token)
    return "".join(out)


# --- dates -----------------------------------------------------------------------------

_MONTH_NAMES = (  # English, Spanish, Italian, Dutch; each line January..December
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
)
_MONTHS = {
    **{name: n for line in _MONTH_NAMES for n, name in enumerate(line.split(), 1)},
    **{"setiembre": 9, "sept": 9, "mrt": 3, "okt": 10},
}
_MONTH_WORD = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(rf"{_MONTH_WORD}\s+{_DAY}\s*,?\s+(?P<year>\d{{4}})", re.IGNORECASE),
    re.compile(
        rf"{_DAY}\s+(?:de\s+)?{_MONTH_WORD}\s+(?:del?\s+)?,?\s*(?P<year>\d{{4}})", re.IGNORECASE
    ),
    re.compile(r"(?P<day>\d{1,2})-(?P<month>[^\W\d_]{3})-(?P<year>\d{2})\b"),
    re.compile(r"(?P<year>\d{4})\s*-\s*(?P<month>\d{1,2})\s*-\s*(?P<day>\d{1,2})\b"),
    # US order, as the American sites of ECB+ write it: 05 / 02 / 2013
    re.compile(r"(?P<month>\d{1,2})\s*/\s*(?P<day>\d{1,2})\s*/\s*(?P<year>\d{4})\b"),
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>\d{1,2}|[a-z]{3,9})[/-](?P<day>\d{1,2})(?:[/_-]|$)",
    re.IGNORECASE,
)


def _parse_date(text: str) -> str | None:
    """ISO date of the first date written in ``text``, or None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from(match)
            if found is not None:
                return found
    return None


def _date_from(match: re.Match[str]) -> str | None:
    month_text = match["month"]
    word = month_text.lower()
    month = int(word) if word.isdigit() else _MONTHS.get(word)
    if month is None and len(word) <= 4:  # an abbreviation: "Dec", "Sept", "Mar"
        month = next((n for name, n in _MONTHS.items() if name[:3] == word[:3]), None)
    year = int(match["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return date(year, month or 0, int(match["day"])).isoformat()
    except ValueError:
        return None


def _iso_or_none(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return _parse_date(value)


def _in_publication_order(documents: list[EvalDocument]) -> list[EvalDocument]:
    # ISO dates sort as strings; undated documents keep their file order after the rest
    return sorted(documents, key=lambda d: (d.published is None, d.published or ""))


# --- ECB+ ------------------------------------------------------------------------------

_ECB_FILE = re.compile(r"(?P<topic>\d+)_(?P<number>\d+)(?P<half>ecb|ecbplus)\.xml")
_HEADER_LINES = 3  # headline, date line, byline: where an ECB+ page states its date
_DATE_LINE_TOKENS = 14  # longer lines are body text that happens to mention a date


def _ecbplus_root(root: Path) -> Path | None:
    for candidate in (root / "ECB+", root):
        if candidate.is_dir() and any(candidate.glob("[0-9]*/[0-9]*_*ecb*.xml")):
            return candidate
    return None


def _numeric_name(path: Path) -> int:
    return int(path.name)


def _ecb_file_key(path: Path) -> tuple[int, int, str]:
    match = _ECB_FILE.fullmatch(path.name)
    return (0, int(match["number"]), match["half"]) if match else (1, 0, path.name)


def _ecb_document(file: Path, topic: int, half: str) -> EvalDocument:
    sentences: dict[int, list[str]] = {}
    for token in ET.parse(file).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    tokens = [sentences[k] for k in sorted(sentences)]
    url = None
    if tokens and tokens[0] and tokens[0][0].lower().startswith("http"):
        url = "".join(tokens[0])
        tokens = tokens[1:]
    title = None
    published = None
    if url is not None:  # ecbplus pages: headline and date line, in either order
        header = 0
        while header < min(_HEADER_LINES, len(tokens)) and (title is None or published is None):
            line = tokens[header]
            found = _parse_date(" ".join(line)) if len(line) <= _DATE_LINE_TOKENS else None
            if published is None and found is not None:
                published = found
                del tokens[header]
            elif title is None and header == 0:
                title = detokenize(line)
                del tokens[header]
            else:
                header += 1
        if published is None:
            match = _URL_DATE.search(url)
            published = _date_from(match) if match else None
    text = "\n".join(detokenize(line) for line in tokens if line)
    if not text and title:  # a page that is all headline: the headline is the report
        text = title
    return EvalDocument(
        id=f"ecbplus/{topic}/{file.stem}",
        text=text,
        title=title,
        published=published,
        language="en",
        story=f"ecbplus/{topic}/{half}",
    )


# --- MEANTIME --------------------------------------------------------------------------

_BEGIN = re.compile(r"#begin document \((?P<name>[^)]+)\)")


def _conll_documents(file: Path) -> list[tuple[str, list[list[str]]]]:
    """(document name, tokens per sentence) in file order."""
    documents: list[tuple[str, list[list[str]]]] = []
    sentences: dict[int, list[str]] = {}
    name = None
    with file.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            begin = _BEGIN.match(line)
            if begin:
                name, sentences = begin["name"], {}
                documents.append((name, []))
                continue
            if line.startswith("#end document"):
                if name is not None:
                    documents[-1] = (name, [sentences[k] for k in sorted(sentences)])
                name = None
                continue
            fields = line.split("\t")
            if name is None or len(fields) < 4:
                continue
            sentences.setdefault(int(fields[1]), []).append(fields[3])
    if name is not None:  # a file without the closing line
        documents[-1] = (name, [sentences[k] for k in sorted(sentences)])
    return documents


# --- WikiRef220 ------------------------------------------------------------------------

_WIKIREF_FILE = re.compile(r"(?P<label>.+?)(?:\.(?P<n>\d+)| \((?P<p>\d+)\))\.txt")


def _wikiref_label(name: str) -> str | None:
    match = _WIKIREF_FILE.fullmatch(name)
    return match["label"] if match else None


def _wikiref_key(path: Path) -> tuple[str, int]:
    match = _WIKIREF_FILE.fullmatch(path.name)
    if match is None:
        return (path.name, 0)
    return (match["label"], int(match["n"] or match["p"]))


_WIKIREF_PLACES = (  # where the text files sit, relative to the set's folder
    "app/data_processing/test_data/wikiref/WikiRef220",
    "WikiRef220",
    ".",
)


def _wikiref_root(root: Path) -> Path | None:
    # fixed places rather than a recursive search, so that a folder of several sets is
    # not mistaken for WikiRef220 because one of its subfolders holds it
    for place in _WIKIREF_PLACES:
        folder = root / place
        files = list(folder.glob("*.txt")) if folder.is_dir() else []
        if files and all(_wikiref_label(f.name) is not None for f in files):
            return folder
    return None


def _decode(data: bytes) -> str:
    # most files are Windows-1252 (curly quotes as 0x93/0x94), some UTF-8
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
