"""Per-article analysis: a pure function of one article, so it parallelises and caches.

Entry points live in ``rashomon.analyze.pipeline`` (``analyze_article``, ``analyze_many``).
"""
