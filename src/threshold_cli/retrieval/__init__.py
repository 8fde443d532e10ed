"""Finding the guide's words for a concern: the index and its cache, queries, BM25, polarity, meaning."""
