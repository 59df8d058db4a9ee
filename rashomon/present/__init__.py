"""Presenters: terminal text, JSON (and later HTML and web) views of rashomon's results."""
