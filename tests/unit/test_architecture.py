"""The project's import graph: no circles (imports inside functions count), dependencies one way.

Every ``.py`` file of the project (not tests, not migrations) is parsed with :mod:`ast`; every
``import`` and ``from ... import`` anywhere in it, including inside functions, is an edge to the
project file it loads. ``from pkg import name`` leads to ``pkg/name.py`` when that file exists,
else to ``pkg/__init__.py``. Importing ``a.b.c`` from outside package ``a.b`` also runs
``a/b/__init__.py`` first, so that is an edge too; from inside the package it is not (the package
is already being initialised). A circle is a strongly connected component of more than one file,
or a file that imports itself.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Top-level modules and packages of the project; benchmarks are scripts that put their own folder
# on sys.path, so their bare imports resolve there as well.
PROJECT = ("app.py", "worker.py", "gunicorn.conf.py", "config", "ivr", "jobs", "speech", "benchmarks")
SCRIPT_FOLDERS = ("benchmarks",)


@dataclass(frozen=True)
class Edge:
    """One import statement: ``source`` file imports ``target`` file at ``line``."""

    source: Path
    target: Path
    line: int
    text: str


def project_files(root: Path, entries=PROJECT) -> list[Path]:
    """Every ``.py`` file under the project's top-level ``entries`` (files or folders) of ``root``."""
    files = []
    for entry in entries:
        path = root / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts))
    return files


def module_name(path: Path, root: Path) -> str:
    """``ivr/reports/intake.py`` -> ``ivr.reports.intake``; ``ivr/__init__.py`` -> ``ivr``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class Resolver:
    """Maps dotted module names to project files (``None`` for the standard library and packages)."""

    def __init__(self, root: Path, files: list[Path], script_folders=SCRIPT_FOLDERS):
        self.root = root
        self.by_name = {module_name(path, root): path for path in files}
        for folder in script_folders:
            for path in files:
                if path.parent == root / folder and path.name != "__init__.py":
                    self.by_name.setdefault(path.stem, path)

    def file(self, name: str) -> Path | None:
        return self.by_name.get(name)

    def package_of(self, path: Path) -> str:
        """The package a file belongs to: ``ivr.reports`` for ``ivr/reports/intake.py`` and for
        ``ivr/reports/__init__.py``."""
        name = module_name(path, self.root)
        return name if path.name == "__init__.py" else name.rpartition(".")[0]

    def targets(self, importer: Path, name: str, names: list[str]) -> list[Path]:
        """Files run by ``import name`` (``names`` empty) or ``from name import *names``."""
        dotted = name.split(".")
        # Importing a.b.c first runs a and a.b (and, for "from a.b.c import x", a.b.c itself);
        # a package the importer is inside of is already running, so that adds no edge.
        implicit = [".".join(dotted[:size]) for size in range(1, len(dotted) + (1 if names else 0))]
        here = self.package_of(importer)
        found = [self.file(package) for package in implicit
                 if here != package and not here.startswith(package + ".")]
        if not names:
            found.append(self.file(name))
        for item in names:
            # "from pkg import name": the module pkg/name.py if there is one, else pkg itself.
            found.append(self.file(f"{name}.{item}") or self.file(name))
        if names and self.file(name) != importer:
            # "from pkg import ..." reads the names from pkg's module object, so it depends on
            # pkg/__init__.py even from inside pkg (import "pkg.name as name" to avoid it).
            found.append(self.file(name))
        return [path for path in dict.fromkeys(found) if path is not None]


def _absolute(importer: Path, root: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module_name(importer, root)
    if importer.name != "__init__.py":
        package = package.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_edges(root: Path, entries=PROJECT) -> list[Edge]:
    """Every import between project files, with the line that makes it."""
    files = project_files(root, entries)
    resolver = Resolver(root, files)
    edges = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [t for alias in node.names for t in resolver.targets(path, alias.name, [])]
            elif isinstance(node, ast.ImportFrom):
                targets = resolver.targets(path, _absolute(path, root, node),
                                           [alias.name for alias in node.names])
            else:
                continue
            text = lines[node.lineno - 1].strip()
            edges.extend(Edge(path, target, node.lineno, text) for target in dict.fromkeys(targets))
    return edges


def circles(edges: list[Edge]) -> list[list[Path]]:
    """Strongly connected components with more than one file, and files that import themselves.

    Tarjan's algorithm, iterative (no recursion limit on deep graphs).
    """
    graph: dict[Path, list[Path]] = {}
    for edge in edges:
        graph.setdefault(edge.source, []).append(edge.target)
        graph.setdefault(edge.target, [])
    index: dict[Path, int] = {}
    low: dict[Path, int] = {}
    stack: list[Path] = []
    on_stack: set[Path] = set()
    found: list[list[Path]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def describe(circle: list[Path], edges: list[Edge], root: Path) -> str:
    """The circle's files and the import lines between them, for the failure message."""
    members = set(circle)
    lines = [f"import circle of {len(circle)} files:"]
    lines += [f"  {path.relative_to(root)}" for path in circle]
    lines.append("made by:")
    lines += [f"  {e.source.relative_to(root)}:{e.line}: {e.text}  ->  {e.target.relative_to(root)}"
              for e in edges if e.source in members and e.target in members]
    return "\n".join(lines)


def test_the_project_has_no_import_circles():
    edges = import_edges(ROOT)
    assert len({e.source for e in edges}) > 50  # the walk really found the project's files
    found = circles(edges)
    assert not found, "\n\n".join(describe(circle, edges, ROOT) for circle in found)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_detector_finds_a_circle_made_inside_a_function(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "from .a import run\n",
        "pkg/a.py": "import pkg.b as b\n\ndef run():\n    return b.helper()\n",
        "pkg/b.py": "def helper():\n    from pkg.c import value\n    return value\n",
        "pkg/c.py": "import os\nimport pkg.a as a\nvalue = 1\n",
        "pkg/d.py": "from pkg.c import value\n",
        "lone.py": "import lone\n",
    })
    edges = import_edges(tmp_path, ("pkg", "lone.py"))
    found = [[p.relative_to(tmp_path).as_posix() for p in circle] for circle in circles(edges)]
    assert sorted(found) == [["lone.py"], ["pkg/a.py", "pkg/b.py", "pkg/c.py"]]
    message = describe(circles(edges)[0], edges, tmp_path)
    assert "from pkg.c import value" in message or "import lone" in message


def test_importing_a_submodule_from_outside_runs_its_package_init(tmp_path):
    # models -> reports.lifecycle also runs reports/__init__, which imports intake -> models.
    _write(tmp_path, {
        "app/__init__.py": "",
        "app/models.py": "from app.reports.lifecycle import STATUSES\n",
        "app/reports/__init__.py": "from .intake import save\n",
        "app/reports/intake.py": "from app.models import Report\nfrom app.reports import lifecycle\n",
        "app/reports/lifecycle.py": "STATUSES = ()\n",
    })
    edges = import_edges(tmp_path, ("app",))
    found = [[p.relative_to(tmp_path).as_posix() for p in circle] for circle in circles(edges)]
    assert found == [["app/models.py", "app/reports/__init__.py", "app/reports/intake.py"]]


def test_a_submodule_reading_names_from_its_own_package_depends_on_the_package_init(tmp_path):
    # The dashboard's shape: __init__ imports views for their routes; views did
    # "from review import queries", which reads the half-initialised package object.
    _write(tmp_path, {
        "review/__init__.py": "from review import views\n",
        "review/views.py": "from review import queries\n",
        "review/queries.py": "",
        "review/fixed.py": "import review.queries as queries\n",
        "jobs/__init__.py": "from . import sweeper\n",
        "jobs/sweeper.py": "",
    })
    edges = import_edges(tmp_path, ("review", "jobs"))
    found = [sorted(p.relative_to(tmp_path).as_posix() for p in circle) for circle in circles(edges)]
    assert found == [["review/__init__.py", "review/views.py"]]


def _imported_modules(folder: Path) -> list[tuple[str, int, str]]:
    found = []
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), node.lineno, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                found.append((str(path.relative_to(ROOT)), node.lineno, node.module or ""))
    return found


def test_ivr_never_imports_jobs():
    bad = [item for item in _imported_modules(ROOT / "ivr") if item[2].split(".")[0] == "jobs"]
    assert not bad, bad


def test_the_engine_imports_no_flask_twilio_or_sqlalchemy():
    forbidden = ("flask", "flask_sqlalchemy", "twilio", "sqlalchemy", "werkzeug", "requests")
    imported = _imported_modules(ROOT / "ivr" / "engine")
    assert any(item[2] == "yaml" for item in imported)  # the walk sees the engine's imports
    bad = [item for item in imported if item[2].split(".")[0] in forbidden]
    assert not bad, bad


def test_the_report_lifecycle_is_pure():
    imported = {item[2].split(".")[0] for item in _imported_modules(ROOT / "ivr" / "reports")
                if item[0].endswith("lifecycle.py")}
    assert "__future__" in imported  # the walk found the module
    assert imported <= {"__future__", "dataclasses", "typing"}, imported
