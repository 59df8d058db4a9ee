"""Links between articles across the corpus: copies, syndicated versions and translations."""
