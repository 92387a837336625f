"""Property tests: what a user types into a search box fails only with the kit's errors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import KitError
from kit.terms.query import format_query, query_terms, split_query

# What people paste into a search box: words, quotes of both kinds, separators, any script,
# emoji, combining marks, NUL, lone surrogates and markup.
PIECES = st.one_of(
    st.sampled_from(list(' ",;“”\'’-.\t\n') + ["nuclear", "power plant", "U.S.", "don’t",
                                                 "e\u0301", "مرحبا", "🙂", "\x00", "\ud800",
                                                 "<b>", "&amp;", "\\"]),
    st.characters(exclude_categories=[]),
)
TYPED = st.lists(PIECES, max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(typed=TYPED, regex=st.booleans())
def test_split_query_and_query_terms_fail_only_with_kit_errors(typed, regex):
    try:
        queries = split_query(typed, regex=regex)
    except KitError as exc:  # lone surrogates: refused with the reason, not searched as U+FFFD
        assert "lone surrogate" in str(exc)
        return
    assert all(q and q == q.strip() for q in queries)
    assert len(set(queries)) == len(queries)
    if not regex:
        assert split_query(format_query(queries)) == queries or any(
            quote in q for q in queries for quote in '"“”')  # quotes of either kind
    for query in queries:
        try:
            terms = query_terms(query)
        except KitError:
            continue
        assert terms and all(isinstance(t, str) and t for t in terms)
