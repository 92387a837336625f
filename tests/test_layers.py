"""The package's layers point one way, and modules use each other's public names only.

serve -> apps -> plots -> terms -> read -> the tables (schema, errors, corpus): a module may
import from its own layer or one below, never above. ``kit/__init__.py`` and the old import
path ``kit/explorer.py`` are the public surface over all of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parent.parent / "kit"

LAYERS = ["tables", "read", "terms", "plots", "apps", "serve", "surface"]
#: Modules outside the layer folders, and the layer they belong to.
TOP_LEVEL = {
    "kit.schema": "tables", "kit.errors": "tables", "kit.corpus": "tables",
    "kit._memory": "tables", "kit.datasets": "read", "kit": "surface",
    "kit.explorer": "surface", "kit.__main__": "surface",
}
#: Imports that point upward on purpose, and why.
UPWARD = {
    # Corpus.tokens builds the tokens table on first use: the one convenience of the tables
    # layer that needs the terms layer (imported inside the property, when asked).
    ("kit.corpus", "kit.terms.tokens"),
    # Corpus.term_codes, the same for counts without the tokens table.
    ("kit.corpus", "kit.terms.term_codes"),
}
#: Private attributes of other libraries that one module wraps on purpose.
FOREIGN_PRIVATE = {
    # lxml names its element type _Element (documented so, for annotations)
    "*": {"_Element"},
    # plotly's FigureWidget keeps its synced state in private traits (the container trap,
    # VOILA-NOTES): kit/apps/figurewidget.py is the one tested place that touches them.
    "kit.apps.figurewidget": {"_trait_values", "_widget_data", "_widget_layout", "_data",
                              "_layout_obj", "_props"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(KIT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return parts[1]
    raise AssertionError(f"{module}: not in a layer; add it to a layer folder or TOP_LEVEL")


MODULES = {module_name(p): p for p in sorted(KIT.rglob("*.py"))}


def imports(path: Path, module: str) -> list[tuple[str, list[str], int]]:
    """``(imported module, names, line)`` for every import of kit in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("kit")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if not base.startswith("kit"):
                continue
            names = [a.name for a in node.names]
            for name in names:  # `from kit.x import submodule`
                if f"{base}.{name}" in MODULES:
                    found.append((f"{base}.{name}", [], node.lineno))
            found.append((base, [n for n in names if f"{base}.{n}" not in MODULES],
                          node.lineno))
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers_and_name_public_things(module):
    mine = LAYERS.index(layer_of(module))
    for target, names, line in imports(MODULES[module], module):
        if target == "kit":
            continue  # `from kit import schema as s`: the submodule rule applies below
        theirs = LAYERS.index(layer_of(target))
        assert theirs <= mine or (module, target) in UPWARD, (
            f"{module}:{line} imports {target} ({layer_of(target)}), a layer above "
            f"{layer_of(module)}")
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private or target == module, (
            f"{module}:{line} imports the private {private} of {target}: make it public there")


def defined_names(tree: ast.AST) -> set[str]:
    """Names a module defines: functions, classes, assigned attributes and variables."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


@pytest.mark.parametrize("module", sorted(MODULES))
def test_private_attributes_are_used_only_where_they_are_defined(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    own = defined_names(tree) | FOREIGN_PRIVATE["*"] | FOREIGN_PRIVATE.get(module, set())
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and node.attr not in own:
            raise AssertionError(
                f"{module}:{node.lineno} uses .{node.attr}, a private name of another module")


def test_the_layer_rules_catch_what_they_are_for():
    # A module of a lower layer importing an app fails; a sibling import passes.
    assert LAYERS.index(layer_of("kit.terms.count")) < LAYERS.index(layer_of("kit.apps.base"))
    tree = ast.parse("from kit.terms.kwic import _queries\nx.index._speaker_mask(1)\n")
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)]
    assert found[0].attr == "_speaker_mask" and "_speaker_mask" not in defined_names(tree)
