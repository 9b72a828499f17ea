"""`pip install .` gets a working `byvekst`: pyproject.toml declares the runtime dependencies as ranges, and the
pinned lock in requirements.txt satisfies every range (so CI tests what a package install would get).
The install itself into an empty virtualenv is a step of the README's test command (scripts/test.sh)."""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+(?:\[[^\]]*\])?)==([^\s#]+)", line.strip())
        if match:
            out[canonicalize_name(match.group(1).split("[")[0])] = match.group(2)
    return out


def test_every_declared_dependency_is_pinned_in_the_lock_within_its_range() -> None:
    declared = [Requirement(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]]
    locked = pins()
    assert declared
    for req in declared:
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is declared in pyproject.toml but not pinned in requirements.txt"
        assert req.specifier.contains(locked[name], prereleases=True), f"{name}=={locked[name]} is outside {req}"


def test_every_third_party_import_of_the_package_is_declared() -> None:
    declared = {
        canonicalize_name(Requirement(r).name)
        for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "byvekst").rglob("*.py"))
    imported = set(re.findall(r"^\s*(?:from|import) ([A-Za-z_][\w]*)", source, re.M))
    third_party = imported - set(sys.stdlib_module_names) - {"byvekst", "__future__"}
    owners = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        assert dists, f"{module} is imported but installed by no distribution"
        # django-stubs and the like ship the same top-level name; one declared distribution is enough.
        assert dists & declared, f"{module} (from {sorted(dists)}) is imported but not declared in pyproject.toml"
