"""The text kernel: language-aware word functions every stage may use (tokens, stop words,
crude stems, transliteration, name keys, number mentions). Pure functions of strings; it
imports nothing else of rashomon, so analyze, link and compare all build on it."""
