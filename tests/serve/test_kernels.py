"""A dashboard server starts at most --max-kernels kernels; the next page says it is full."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from kit.serve.cli import READY_PATH


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.slow
def test_pages_beyond_the_limit_get_a_page_that_says_the_server_is_full(small_voila):
    with small_voila({"hello.ipynb": "print('hello')"}, max_kernels=2) as served:
        url = f"http://{served['base']}/voila/render/hello.ipynb"
        first, second, third = get(url), get(url), get(url)
        assert first[0] == second[0] == 200 and "hello" in second[1]
        status, page = third
        assert status == 503
        assert "showing as many pages as it can (2 at once)" in page
        assert "try again in a minute or two" in page
        assert get(f"http://{served['base']}{READY_PATH}")[0] == 200  # still serving
        assert "Refused to start a kernel" in served["log"].read_text()


def test_turnkit_dashboard_sets_the_bounded_manager_and_its_limit():
    from kit.serve.cli import DEFAULT_MAX_KERNELS, voila_command

    cmd = voila_command("/srv/dashboards", port=1, max_kernels=5)
    assert "--VoilaConfiguration.multi_kernel_manager_class=" \
           "kit.serve.kernels.BoundedKernelManager" in cmd
    assert "--BoundedKernelManager.max_kernels=5" in cmd
    default = voila_command("/srv/dashboards", port=1)
    assert f"--BoundedKernelManager.max_kernels={DEFAULT_MAX_KERNELS}" in default
