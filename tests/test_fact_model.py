"""The story's same-fact model (compare/fact_model.py): its features, the shipped model's
provenance, and the judgment it exists for (one proposition, not one subject)."""

from __future__ import annotations

import numpy as np

from rashomon.compare.fact_model import (
    STORY_CROSSLINGUAL_FEATURES,
    STORY_MONOLINGUAL_FEATURES,
    load_fact_model,
    match_ranks,
    story_features,
)


def test_match_ranks_place_each_statement_among_the_other_article_s() -> None:
    scores = np.array(
        [
            [1.0, 0.2, 0.9, 0.1],
            [0.2, 1.0, 0.3, 0.8],
            [0.9, 0.3, 1.0, 0.0],
            [0.1, 0.8, 0.0, 1.0],
        ]
    )
    ranks = match_ranks(scores, [0, 0, 1, 1])
    assert ranks[0, 2] == 0 and ranks[0, 3] == 1  # statement 0's best in article 1 is 2
    assert ranks[1, 3] == 0 and ranks[1, 2] == 1
    assert ranks[2, 0] == 0 and ranks[3, 1] == 0  # and the other way round


def test_the_shipped_model_says_how_it_was_fitted() -> None:
    model = load_fact_model()
    assert 0 < model.detail_threshold < model.fact_threshold < 1
    assert model.spec["monolingual"]["features"] == list(STORY_MONOLINGUAL_FEATURES)
    assert model.spec["crosslingual"]["features"] == list(STORY_CROSSLINGUAL_FEATURES)
    checked = model.metadata["cross_validated"]
    assert checked["fact_threshold"] == model.fact_threshold
    assert 0 < checked["fact_pair_precision"] <= 1


def test_a_rewording_is_one_fact_and_another_claim_of_one_subject_is_not() -> None:
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.compare.similarity import EncodedText, load_similarity_model
    from tests.test_similarity import HALDEN

    articles = [0, 1, 1, 0, 1, 0, 1, 0]
    vectors = embed_sentences(HALDEN, "use-m3").sentences
    story = [EncodedText(t, "en", v) for t, v in zip(HALDEN, vectors, strict=True)]
    sts, features = story_features(story, articles, load_similarity_model())
    model = load_fact_model()
    same = model.same_fact(story, features)
    assert np.allclose(same, same.T)
    assert sts[0, 1] / 5 >= load_similarity_model().detail_threshold  # related by graded sts
    # 0 and 2: the council will fight on in court unless the mayor's demands are met
    assert same[0, 2] >= model.fact_threshold
    # 0 and 1 share the council and the shipyard, and say different things of them
    assert same[0, 1] < model.fact_threshold
