"""The text kernel: language-aware word functions every stage may use: tokens, stop words,
crude stems, transliteration and number mentions in ``features``; the three "same name"
rules in ``names``. Pure functions of strings; it imports nothing else of rashomon, so
analyze, link and compare all build on it."""
