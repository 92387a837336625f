"""A dashboard that cannot open says why in the page, for the kit's own errors only."""

from __future__ import annotations

import re
import urllib.request

import pytest

from kit.errors import KitError
from kit.serve.cli import dashboard_env
from kit.serve.kernel_errors import render_error

RAISES_KIT_ERROR = """from kit.errors import KitError
raise KitError("big.parquet: too large to load whole. Fix: read a part <b>of it</b>.")"""
RAISES_OTHER = 'raise ValueError("secret /srv/path in a traceback")'


def unescape_json(page: str) -> str:
    """The page with the \\uXXXX escapes of the outputs' JSON (Voila streams them) undone."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


def test_render_error_escapes_the_message():
    out = render_error(KitError('a <script>x</script> "b"'))
    assert "&lt;script&gt;x&lt;/script&gt;" in out and "<script>" not in out
    assert out.startswith('<div class="kit-errors')


@pytest.mark.slow
def test_a_kit_error_shows_its_message_in_the_page(small_voila, tmp_path):
    env = dashboard_env(tmp_path / "assets", {})
    with small_voila({"kit.ipynb": RAISES_KIT_ERROR, "other.ipynb": RAISES_OTHER},
                     env={k: env[k] for k in ("JUPYTER_PATH", "ARROW_DEFAULT_MEMORY_POOL")},
                     ) as served:
        base = f"http://{served['base']}/voila/render"
        with urllib.request.urlopen(f"{base}/kit.ipynb", timeout=120) as response:
            page = unescape_json(response.read().decode())
        assert "This dashboard cannot open." in page
        assert "big.parquet: too large to load whole. Fix: read a part &lt;b&gt;of it" in page
        # Any other error stays hidden as Voila hides it: a traceback is not for visitors.
        with urllib.request.urlopen(f"{base}/other.ipynb", timeout=120) as response:
            other = unescape_json(response.read().decode())
        assert "secret /srv/path" not in other and "cannot open" not in other
        assert "There was an error when executing cell" in other
