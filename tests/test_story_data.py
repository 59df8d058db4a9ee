"""Story-clustering evaluation readers (rashomon.eval.story_data) and the shipped
same-story model.

The layout tests write tiny invented files of each format into tmp_path; the dev-set
test reads the real sets where ../shared/data (beside the checkout) is present.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from rashomon.compare.story import load_same_story_model
from rashomon.eval.story_data import (
    EvalDocument,
    detect_layout,
    detokenize,
    read_basil,
    read_dataset,
    read_datasets,
    read_ecbplus,
    read_meantime,
    read_wikiref,
    to_article,
)
from rashomon.ingest import article_id
from tests.conftest import SHARED

DATA = SHARED / "data"


def _ecb_xml(name: str, sentences: list[list[str]]) -> str:
    tokens = []
    t_id = 1
    for number, sentence in enumerate(sentences):
        for position, token in enumerate(sentence):
            tokens.append(
                f'<token t_id="{t_id}" sentence="{number}" number="{position}">{token}</token>'
            )
            t_id += 1
    return (
        f'<Document doc_name="{name}" doc_id="X">\n'
        + "\n".join(tokens)
        + "\n<Markables/>\n<Relations/>\n</Document>\n"
    )


@pytest.fixture
def ecb_dir(tmp_path: Path) -> Path:
    topic = tmp_path / "ecbplus" / "ECB+" / "7"
    topic.mkdir(parents=True)
    body = ["The", "mayor", "of", "Northtown", "opened", "a", "bridge", "on", "Monday", "."]
    (topic / "7_1ecb.xml").write_text(
        _ecb_xml("7_1ecb.xml", [body, ["It", "cost", "$", "3", "million", "."]])
    )
    (topic / "7_2ecb.xml").write_text(_ecb_xml("7_2ecb.xml", [body]))
    (topic / "7_1ecbplus.xml").write_text(
        _ecb_xml(
            "7_1ecbplus.xml",
            [
                [
                    "http",
                    ":",
                    "/",
                    "/",
                    "example",
                    ".",
                    "org",
                    "/",
                    "2014",
                    "/",
                    "03",
                    "/",
                    "02",
                    "/",
                    "bridge",
                ],
                ["Southtown", "opens", "a", "tunnel"],
                ["March", "3", ",", "2014"],
                ["The", "mayor", "said", ":", '"', "It", "'s", "done", ".", '"'],
            ],
        )
    )
    (topic / "7_2ecbplus.xml").write_text(
        _ecb_xml(
            "7_2ecbplus.xml",
            [
                [
                    "http",
                    ":",
                    "/",
                    "/",
                    "example",
                    ".",
                    "org",
                    "/",
                    "2014",
                    "/",
                    "03",
                    "/",
                    "01",
                    "/",
                    "tunnel",
                ],
                ["Tunnel", "opens"],
                ["Southtown", "'s", "tunnel", "opened", "."],
            ],
        )
    )
    (topic / "notes.txt").write_text("not a document")
    return tmp_path / "ecbplus"


def test_ecbplus_events_titles_dates_and_order(ecb_dir: Path) -> None:
    assert detect_layout(ecb_dir) == "ecbplus"
    documents = read_ecbplus(ecb_dir)
    assert [d.id for d in documents] == [
        "ecbplus/7/7_2ecbplus",  # dated from its URL, 1 March
        "ecbplus/7/7_1ecbplus",  # dated from its date line, 3 March
        "ecbplus/7/7_1ecb",  # undated ones after, in file order
        "ecbplus/7/7_2ecb",
    ]
    stories = {d.id: d.story for d in documents}
    assert stories["ecbplus/7/7_1ecb"] == stories["ecbplus/7/7_2ecb"] == "ecbplus/7/ecb"
    assert stories["ecbplus/7/7_1ecbplus"] == stories["ecbplus/7/7_2ecbplus"] == "ecbplus/7/ecbplus"
    first = documents[1]
    assert first.title == "Southtown opens a tunnel"
    assert first.published == "2014-03-03"
    # the URL and the date line are page furniture, not text
    assert first.text == 'The mayor said: "It\'s done."'
    assert documents[0].published == "2014-03-01"
    assert documents[2].title is None and documents[2].published is None
    assert documents[2].text.endswith("It cost $3 million.")
    assert read_ecbplus(ecb_dir, topics=[8]) == []


@pytest.fixture
def basil_dir(tmp_path: Path) -> Path:
    root = tmp_path / "basil"
    for year, triplet, date in (("2012", "t-one", "2012-05-01"), ("2011", "t-two", "2011-01-09")):
        folder = root / "articles" / year
        folder.mkdir(parents=True, exist_ok=True)
        for n, source in enumerate(("fox", "nyt", "HPO"), 1):
            record = {
                "title": f"Headline {triplet} {n}",
                "date": date,
                "source": source,
                "triplet-uuid": triplet,
                "body-paragraphs": [["First sentence.", "Second sentence."], ["Another one."]],
                "url": "https://example.org/x",
            }
            (folder / f"{triplet}_{n}.json").write_text(json.dumps(record))
    return root


def test_basil_triplets_are_stories_in_date_order(basil_dir: Path) -> None:
    assert detect_layout(basil_dir) == "basil"
    documents = read_basil(basil_dir)
    assert len(documents) == 6
    assert [d.story for d in documents] == ["basil/t-two"] * 3 + ["basil/t-one"] * 3
    assert documents[0].published == "2011-01-09"
    assert documents[0].text == "First sentence. Second sentence.\n\nAnother one."
    assert documents[0].title == "Headline t-two 1"
    assert documents[0].id == "basil/2011/t-two_1"


@pytest.fixture
def meantime_dir(tmp_path: Path) -> Path:
    root = tmp_path / "meantime"
    versions = {
        "en": (
            ["Acme", "buys", "Widgets"],
            ["March", "01", ",", "2008"],
            ["Acme", "paid", "$", "5", "."],
        ),
        "it": (
            ["Acme", "compra", "Widgets"],
            ["1", "marzo", "2008"],
            ["L'", "azienda", "ha", "pagato", "."],
        ),
    }
    for language, sentences in versions.items():
        lines = []
        for name, sents in (("corpus_x/1", sentences), ("corpus_x/2", (["Other", "news"],))):
            lines.append(f"#begin document ({name}); part 000")
            for number, sentence in enumerate(sents):
                for position, token in enumerate(sentence):
                    lines.append(f"{name}\t{number}\t{position}\t{token}\t-")
                lines.append("")
            lines.append("#end document")
        (root / language).mkdir(parents=True)
        (root / language / "meantime.conll").write_text("\n".join(lines) + "\n")
    return root


def test_meantime_translations_share_a_story(meantime_dir: Path) -> None:
    assert detect_layout(meantime_dir) == "meantime"
    documents = read_meantime(meantime_dir)
    by_id = {d.id: d for d in documents}
    en, it = by_id["meantime/en/corpus_x/1"], by_id["meantime/it/corpus_x/1"]
    assert en.story == it.story == "meantime/corpus_x/1"
    assert by_id["meantime/en/corpus_x/2"].story == "meantime/corpus_x/2"
    assert (en.language, it.language) == ("en", "it")
    assert en.title == "Acme buys Widgets" and en.published == "2008-03-01"
    assert it.published == "2008-03-01"
    assert en.text == "Acme paid $5."
    assert it.text == "L'azienda ha pagato."  # the elided article closes up
    # undated documents come after the dated ones
    assert documents[-1].published is None
    assert len(read_meantime(meantime_dir, languages=["en"])) == 2


@pytest.fixture
def wikiref_dir(tmp_path: Path) -> Path:
    root = tmp_path / "wikiref" / "WikiRef220"
    root.mkdir(parents=True)
    (root / "ParisAttacks2015 (3).txt").write_bytes(
        "Headline one\r\n\r\n\x93Quoted,\x94 said X.\r\n".encode("latin-1")
    )
    (root / "samsung.galaxy.s5.12.txt").write_bytes(b"Phone out\n\nThe phone is out.\n")
    (root / "samsung.galaxy.s5.2.txt").write_bytes(b"Phone two\n\nMore.\n")
    return tmp_path / "wikiref"


def test_wikiref_labels_and_windows_1252(wikiref_dir: Path) -> None:
    assert detect_layout(wikiref_dir) == "wikiref"
    documents = read_wikiref(wikiref_dir)
    assert [d.story for d in documents] == [
        "wikiref/ParisAttacks2015",
        "wikiref/samsung.galaxy.s5",
        "wikiref/samsung.galaxy.s5",
    ]
    assert documents[0].text == "“Quoted,” said X."
    assert documents[0].title == "Headline one"
    assert [d.id for d in documents[1:]] == [  # numeric, not string, order
        "wikiref/samsung.galaxy.s5.2",
        "wikiref/samsung.galaxy.s5.12",
    ]


def test_read_datasets_finds_each_layout(
    ecb_dir: Path, basil_dir: Path, meantime_dir: Path, wikiref_dir: Path
) -> None:
    root = ecb_dir.parent  # all fixtures share tmp_path
    found = read_datasets(root)
    assert sorted(found) == ["basil", "ecbplus", "meantime", "wikiref"]
    assert detect_layout(root) is None  # a folder of sets is not itself one
    assert read_dataset(basil_dir) == read_basil(basil_dir)
    with pytest.raises(ValueError):
        read_dataset(root)


def test_to_article_keeps_the_fields() -> None:
    document = EvalDocument("basil/x_1", "Some text.", "T", "2020-01-02", "en", "basil/x")
    article = to_article(document)
    assert article.id == article_id("Some text.", None)
    assert (article.text, article.title, article.published, article.language, article.path) == (
        "Some text.",
        "T",
        "2020-01-02",
        "en",
        "basil/x_1",
    )


def test_detokenize_rules() -> None:
    tokens = "He said : `` We paid $ 40 ( US ) at 4 : 59 '' and Lohan ’ s lawyer agreed ."
    assert detokenize(tokens.split()) == (
        "He said: “We paid $40 (US) at 4:59” and Lohan’s lawyer agreed."
    )
    assert detokenize(["40.000", "millones", "$", "para"], "es") == "40.000 millones $ para"


@pytest.mark.skipif(not DATA.is_dir(), reason="evaluation data not present")
def test_real_dev_sets_counts() -> None:
    found = read_datasets(DATA)
    assert {"ecbplus", "basil", "meantime", "wikiref"} <= set(found)
    ecb = found["ecbplus"]
    assert len(ecb) == 772
    assert len({d.story for d in ecb}) == 66  # 33 dev topics x 2 events
    basil = found["basil"]
    assert len(basil) == 135 and set(Counter(d.story for d in basil).values()) == {3}
    meantime = found["meantime"]
    assert Counter(d.language for d in meantime) == {"en": 60, "es": 60, "it": 60, "nl": 60}
    assert set(Counter(d.story for d in meantime).values()) == {4}
    assert all(d.published for d in meantime)
    wikiref = found["wikiref"]
    assert len(wikiref) == 220
    assert Counter(d.story for d in wikiref)["wikiref/malaysia.airlines.flight"] == 39
    for documents in found.values():
        assert len({d.id for d in documents}) == len(documents)
        assert all(d.text.strip() for d in documents)
        dated = [d.published for d in documents if d.published]
        assert dated == sorted(dated)


def test_shipped_story_model_rewards_shared_facts() -> None:
    load_same_story_model.cache_clear()
    model = load_same_story_model()
    assert model.probability(0.8, 0.5, 0.3) > model.probability(0.8, 0.0, 0.3)
    # names both articles use tell two earthquakes apart where the vocabulary cannot
    assert model.probability(0.75, 0.0, 0.6) > model.probability(0.75, 0.0, 0.1)


def test_shipped_story_model_is_calibrated_not_provisional() -> None:
    spec = json.loads(
        (
            Path(__file__).resolve().parents[1] / "rashomon/compare/models/same_story.json"
        ).read_text()
    )
    assert "provisional" not in spec
    assert 0.0 < spec["threshold"] < 1.0
    assert spec["trained"]["pairs"]["meantime"]["positive"] > 0
