"""The outlet registry and coverage: who tells a story, who leaves it out (docs/outlets.md).

``registry`` ties articles to the outlets a user describes (names, aliases, domains,
country, language, owner, ratings) and imports rating tables; ``coverage`` counts articles
by outlet group for a story or the corpus, finds blindspots and attention over time;
``voices`` says whom each outlet quotes. ``cli`` is ``rashomon outlets``.
"""
