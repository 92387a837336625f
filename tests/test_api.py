"""The public API holds together: no import shadows a name, and the verbs share a shape.

``kit.kwic`` once became the module ``kit.kwic`` after ``kit.dispersion`` was used (and
``kit.keyness`` after ``kit.tf_idf``): a module importing a sibling sets it as an attribute of
its package. Every public name must still be its function or class after every submodule of
the package has been imported, in any order.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types

import pytest

import kit

# Modules that start servers or need a browser when imported are still imported: importing
# must never have side effects. None is left out.
# kit.__main__ is the command line itself (``python -m kit``), run rather than imported.
MODULES = sorted(m.name for m in pkgutil.walk_packages(kit.__path__, "kit.")
                 if m.name != "kit.__main__")


def test_every_public_name_survives_importing_every_submodule():
    before = {name: getattr(kit, name) for name in kit.__all__}
    for name in MODULES:
        importlib.import_module(name)
    for name in kit.__all__:
        value = getattr(kit, name)
        if name in kit._SUBMODULES:
            assert isinstance(value, types.ModuleType), name
            continue
        assert not isinstance(value, types.ModuleType), f"kit.{name} is a module"
        assert callable(value), name
        assert value is before[name], name


# Verbs that count or search: the corpus (or the table they need) first, then options by name.
VERBS = ["count_terms", "term_usage", "kwic", "dispersion", "matched_forms", "collocates",
         "count_categories", "keyness", "tf_idf", "ngrams", "collocations", "speaker_summary"]


@pytest.mark.parametrize("name", VERBS)
def test_verbs_take_the_data_first_and_options_by_name(name):
    parameters = list(inspect.signature(getattr(kit, name)).parameters.values())
    assert parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    later = [p for p in parameters[1:] if p.kind is inspect.Parameter.KEYWORD_ONLY]
    positional = [p.name for p in parameters[1:] if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    # At most the query (words, categories) besides the data is positional.
    assert len(positional) <= 1, (name, positional)
    assert later or len(parameters) == 1


def test_an_option_name_means_one_thing_across_the_verbs():
    # drop_stopwords: leave stop words out (never a word list: that is tokenize's stopwords=);
    # n is never an option of a counting verb but the n-gram length.
    for name in VERBS:
        options = inspect.signature(getattr(kit, name)).parameters
        assert "stopwords" not in options, name
        if "n" in options:
            assert name in ("ngrams", "collocations"), name


@pytest.mark.parametrize("name", ["kwic", "dispersion", "ngrams", "count_terms", "collocates"])
def test_verbs_take_a_corpus(name, example):
    query = () if name in ("ngrams", "count_terms") else ("NATO",)
    assert len(getattr(kit, name)(example, *query)) > 0


def test_kwic_and_dispersion_take_the_turns_table_and_ngrams_the_tokens(example):
    assert len(kit.kwic(example.turns, "NATO")) == len(kit.kwic(example, "NATO"))
    assert len(kit.dispersion(example.turns, "NATO")) == len(kit.dispersion(example, "NATO"))
    assert len(kit.ngrams(example.tokens)) == len(kit.ngrams(example))
