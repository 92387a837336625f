"""Start Voila the way ``turnkit dashboard`` wants it: ``python -m kit.serve.voila_main ARGS``.

The same as ``python -m voila ARGS``, less 1-2 s of start-up: jupyter-events imports
jsonschema, which imports its optional IRI checker ``rfc3987_syntax`` when installed, and
that compiles 38 grammars at import. Nothing in a dashboard server validates IRIs.
And the first kernel starts before Voila's imports, not after them (:mod:`kit.serve.warm_kernel`).
"""

import sys

if __name__ == "__main__":
    from kit.serve import warm_kernel as _warm_kernel

    _warm_kernel.start()
    # its import then raises ImportError
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from voila.app import main

    sys.exit(main())
