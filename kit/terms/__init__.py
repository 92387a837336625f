"""Terms: tokens, the query matcher, counts, keyword in context, keyness and n-grams."""
