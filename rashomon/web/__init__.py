"""rashomon's web app: stories, a story's N-way comparison, articles, ad-hoc comparisons and
a JSON API over one store (docs/web.md). ``rashomon.web.app.create_app`` and ``serve``."""
