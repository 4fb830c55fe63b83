"""The dependency lists stay in step: pyproject.toml, requirements*.txt and the lock constraints.txt.

The scripts install ``requirements*.txt`` with ``-c constraints.txt``; pyproject.toml declares the
same pins for tools that read it. Requirement syntax: https://peps.python.org/pep-0508/ .
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent.parent


def _requirements(name: str) -> list[Requirement]:
    """The requirements written in ``name``, without comments and ``-r`` includes."""
    lines = (line.split(" #")[0].strip() for line in (ROOT / name).read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith(("#", "-"))]


def _locked_versions() -> dict[str, set[str]]:
    """Canonical package name -> the versions constraints.txt pins for it (one per marker)."""
    pins: dict[str, set[str]] = {}
    text = (ROOT / "constraints.txt").read_text()
    for match in re.finditer(r"^([A-Za-z0-9][\w.\-]*)==([^\s;]+)", text, re.M):
        pins.setdefault(canonicalize_name(match[1]), set()).add(match[2])
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_pyproject_dependencies_are_requirements_txt():
    declared = [Requirement(text) for text in _pyproject()["dependencies"]]
    assert sorted(map(str, declared)) == sorted(map(str, _requirements("requirements.txt")))


def test_pyproject_dev_extra_is_requirements_dev_txt():
    declared = [Requirement(text) for text in _pyproject()["optional-dependencies"]["dev"]]
    assert sorted(map(str, declared)) == sorted(map(str, _requirements("requirements-dev.txt")))
    assert (ROOT / "requirements-dev.txt").read_text().startswith("-r requirements.txt\n")


def test_every_requirement_is_pinned_and_locked_at_that_version():
    locked = _locked_versions()
    for requirement in _requirements("requirements.txt") + _requirements("requirements-dev.txt"):
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{requirement}: pin it with =="
        assert locked.get(canonicalize_name(requirement.name)) == {specifier.version}, (
            f"{requirement.name} {specifier.version} is not what constraints.txt pins: run scripts/lock")


def test_lock_was_made_from_the_requirements_as_they_are():
    # uv notes "via -r requirements.txt" under each package a requirements file names: a requirement
    # removed or added since the last scripts/lock shows up here.
    requirements = _requirements("requirements.txt") + _requirements("requirements-dev.txt")
    named = {canonicalize_name(requirement.name) for requirement in requirements}
    entry = r"^([A-Za-z0-9][\w.\-]*)==.*\n(?:    #.*\n)*?    #(?:  | via) -r requirements"
    text = (ROOT / "constraints.txt").read_text()
    direct = {canonicalize_name(name) for name in re.findall(entry, text, re.M)}
    assert direct == named
