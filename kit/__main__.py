"""``python -m kit``: the ``turnkit`` command."""

import sys

from kit.serve.cli import main

sys.exit(main())
