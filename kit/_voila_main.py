"""Start Voila the way ``turnkit dashboard`` wants it: ``python -m kit._voila_main ARGS``.

The same as ``python -m voila ARGS``, less 1-2 s of start-up: jupyter-events imports
jsonschema, which imports its optional IRI checker ``rfc3987_syntax`` when installed, and
that compiles 38 grammars at import. Nothing in a dashboard server validates IRIs.
"""

import sys

if __name__ == "__main__":
    sys.modules.setdefault("rfc3987_syntax", None)  # its import then raises ImportError
    from voila.app import main

    sys.exit(main())
