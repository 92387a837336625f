"""Start Voila the way ``turnkit dashboard`` wants it: ``python -m kit.serve.voila_main ARGS``.

``--kit-tornado-settings=JSON`` (from :func:`kit.serve.cli.voila_command`) sets Tornado
settings with their real types: Voila's command line gives dict settings as strings only, and
``allow_remote_access="False"`` would be true.

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
    import json

    from kit.serve.cli import TORNADO_SETTINGS_ARG

    settings = {}
    argv = []
    for arg in sys.argv[1:]:
        if arg.startswith(TORNADO_SETTINGS_ARG):
            settings.update(json.loads(arg.removeprefix(TORNADO_SETTINGS_ARG)))
        else:
            argv.append(arg)
    from voila.app import Voila

    sys.exit(Voila.launch_instance(argv, tornado_settings=settings))
