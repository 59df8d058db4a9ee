"""Scripts that fit the shipped models on evaluation data, run by hand, never at run time:

- ``python -m rashomon.training.similarity``: the same-fact heads (compare/models/<embedder>.json);
- ``python -m rashomon.training.same_story``: the same-story model (compare/models/same_story.json);
- ``python -m rashomon.training.stories``: the story assignment model (link/models/stories.json).

They read the evaluation sets through ``rashomon.eval``; nothing in the runtime stages
imports them.
"""
