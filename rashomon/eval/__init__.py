"""Evaluations of analysis stages against annotated corpora."""
