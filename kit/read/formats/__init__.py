"""Format readers: each turns decoded source text into ParsedDocument objects."""
