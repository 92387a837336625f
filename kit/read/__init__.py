"""Reading: files and tables in, the kit's tables out (documents, turns, phrases)."""
