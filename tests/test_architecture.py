"""Imports point one way: stages never reach the command line or the preview; the model imports
no stage; only the pipeline reaches the incremental layer; views come from the model alone.

The rules are a table of forbidden edges, checked by parsing every `echo_site/*.py` with `ast`
(imports inside functions count too). A new module is a stage unless it is added to
FRONT_ENDS; a new rule is one more row in `_forbidden`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

PACKAGE = "echo_site"
# The command line and what only it runs: the preview, the checks, the starter files.
FRONT_ENDS = frozenset({"cli", "serve", "check", "scaffold"})


@dataclass(frozen=True)
class Forbidden:
    """No module in `importers` may import a module in `imported`."""

    importers: frozenset[str]
    imported: frozenset[str]
    why: str


def _forbidden(modules: frozenset[str]) -> list[Forbidden]:
    """The table of forbidden edges, for the modules a package has."""
    stages = modules - FRONT_ENDS
    return [
        Forbidden(
            modules - {"cli"},
            frozenset({"cli"}),
            "only cli.py (and build.py) may import the command line",
        ),
        Forbidden(
            modules - {"cli"},
            frozenset({"serve", "check", "scaffold"}),
            "the preview, the checks and the starter files are commands: only cli.py imports them",
        ),
        Forbidden(
            stages,
            frozenset({"cli", "serve"}),
            "a stage never imports the command line or the preview",
        ),
        Forbidden(
            frozenset({"model"}) & modules,
            modules - {"model"},
            "the model imports no other module of the package",
        ),
        Forbidden(
            stages - {"pipeline", "incremental", "cache"},
            frozenset({"incremental", "cache"}) & modules,
            "loading, the model, views and rendering read as if every build were cold: only "
            "the pipeline reaches the incremental layer",
        ),
        Forbidden(
            frozenset({"views", "planner"}) & modules,
            frozenset({"content", "documents", "render", "keys", "links", "search", "pipeline"})
            & modules,
            "views are made from the model alone, before anything is rendered",
        ),
    ]


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    code: str


def _siblings(node: ast.AST) -> list[str]:
    """The package's modules an import statement names (none for any other statement)."""
    if isinstance(node, ast.Import):
        prefix = PACKAGE + "."
        return [a.name.split(".")[1] for a in node.names if a.name.startswith(prefix)]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 1:
        module = node.module
    elif node.level == 0 and node.module and node.module.split(".")[0] == PACKAGE:
        module = node.module.removeprefix(PACKAGE).removeprefix(".") or None
    else:
        return []  # another package, or beyond this one
    # `from .x.y import z` names x; `from . import x, y` names x and y.
    return [module.split(".")[0]] if module else [a.name for a in node.names]


def _imports(path: Path, modules: frozenset[str]) -> list[Import]:
    """Every import of a module of the package in `path`, by line, inside functions too."""
    found = [
        Import(path.stem, name, node.lineno, ast.unparse(node))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for name in _siblings(node)
        if name in modules
    ]
    return sorted(found, key=lambda i: i.line)


def violations(package_dir: Path, display_root: Path) -> list[str]:
    """Each import that breaks a rule, as `path:line: import ... (why)`."""
    files = sorted(package_dir.glob("*.py"))
    modules = frozenset(p.stem for p in files) - {"__init__"}
    rules = _forbidden(modules)
    problems = []
    for path in files:
        for found in _imports(path, modules):
            for rule in rules:
                if found.importer in rule.importers and found.imported in rule.imported:
                    where = path.relative_to(display_root).as_posix()
                    problems.append(f"{where}:{found.line}: {found.code} ({rule.why})")
    return problems


def test_imports_point_one_way():
    assert violations(ROOT / PACKAGE, ROOT) == []


def test_the_check_reads_the_imports_it_must_see():
    # The command line's own imports are found, so an empty list above means something.
    modules = frozenset(p.stem for p in (ROOT / PACKAGE).glob("*.py"))
    edges = {(i.importer, i.imported) for i in _imports(ROOT / PACKAGE / "cli.py", modules)}
    assert {("cli", "serve"), ("cli", "check"), ("cli", "scaffold")} <= edges


def test_each_forbidden_import_is_named_with_its_file_line_and_text(tmp_path):
    package = tmp_path / PACKAGE
    package.mkdir()
    files = {
        "__init__.py": "",
        "cli.py": "from . import serve\nfrom .check import check_site\n",
        "serve.py": "from .render import render_site\n",
        "check.py": "",
        "scaffold.py": "",
        "errors.py": "",
        "model.py": "from __future__ import annotations\n\nfrom .errors import Problem\n",
        "render.py": (
            "import os\n\nfrom echo_site import model\n\n\n"
            "def preview() -> None:\n    from echo_site.serve import serve  # late, still counted\n"
        ),
        "pipeline.py": "import echo_site.cli\nfrom .scaffold import (\n    new_file,\n)\n",
    }
    for name, text in files.items():
        (package / name).write_text(text)
    assert violations(package, tmp_path) == [
        "echo_site/model.py:3: from .errors import Problem "
        "(the model imports no other module of the package)",
        "echo_site/pipeline.py:1: import echo_site.cli "
        "(only cli.py (and build.py) may import the command line)",
        "echo_site/pipeline.py:1: import echo_site.cli "
        "(a stage never imports the command line or the preview)",
        "echo_site/pipeline.py:2: from .scaffold import new_file "
        "(the preview, the checks and the starter files are commands: only cli.py imports them)",
        "echo_site/render.py:7: from echo_site.serve import serve "
        "(the preview, the checks and the starter files are commands: only cli.py imports them)",
        "echo_site/render.py:7: from echo_site.serve import serve "
        "(a stage never imports the command line or the preview)",
    ]
