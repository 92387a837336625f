"""Association of two parts in 2x2 tables: expected count, PMI and signed log-likelihood."""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["two_by_two"]


def two_by_two(
    o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, big_n: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected count, PMI and signed G2 of the 2x2 tables (first part) x (second part).

    ``o11`` windows hold both parts, ``r1`` the first part in its slot, ``c1`` the
    second part in its slot, out of ``big_n`` windows.
    """
    observed = [o11, r1 - o11, c1 - o11, big_n - r1 - c1 + o11]
    expected = [
        r1 * c1 / big_n,
        r1 * (big_n - c1) / big_n,
        (big_n - r1) * c1 / big_n,
        (big_n - r1) * (big_n - c1) / big_n,
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        total = sum(special.xlogy(o, o / e) for o, e in zip(observed, expected, strict=True))
        pmi = np.log2(o11 / expected[0])
    g2 = 2.0 * np.maximum(np.nan_to_num(total, nan=0.0), 0.0)
    return expected[0], pmi, np.where(o11 >= expected[0], g2, -g2)
