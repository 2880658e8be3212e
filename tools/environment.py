"""Keep Binder's ``environment.yml`` in step with the pinned set in ``requirements/``.

``python -m tools.environment write`` regenerates ``environment.yml`` from
``requirements/constraints.txt``; the tests call :func:`disagreements` to prove that the two, and
``pyproject.toml``'s dependencies, agree.
"""

from __future__ import annotations

import re
import sys

import yaml

from .paths import ENVIRONMENT, PYPROJECT, REQUIREMENTS

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONSTRAINTS = REQUIREMENTS / "constraints.txt"
PYTHON = "3.11"
"""The Python the pinned set was resolved with; Binder uses the same."""

NOT_ON_BINDER = {
    "jupyterhub": "Binder's own hub starts the server and brings the jupyterhub-singleuser that "
    "matches it; the pinned JupyterHub is for the course's hub test only",
}
"""Pinned distributions left out of ``environment.yml`` (canonical name -> why)."""

_HEADER = """\
# Binder / conda environment for the buttock-pain course. GENERATED from
# requirements/constraints.txt by `python -m tools.environment write`: do not edit by hand.
# postBuild installs the `course` package itself.
"""


def canonical(name: str) -> str:
    """A package name in PEP 503 normal form (lower case, runs of -_. become -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lines: list[str]) -> dict[str, str]:
    """``name==version`` lines (comments and blanks skipped) as {canonical name: version}."""
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep:
            raise ValueError(f"not an exact pin: {line!r}")
        pins[canonical(name)] = version.strip()
    return pins


def constraint_pins() -> dict[str, str]:
    """The pinned set, as {canonical name: version}."""
    return read_pins(CONSTRAINTS.read_text().splitlines())


def environment_pins() -> tuple[str, dict[str, str]]:
    """The Python version and pip pins that ``environment.yml`` asks for."""
    env = yaml.safe_load(ENVIRONMENT.read_text())
    python, pip_lines = None, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_lines += dep.get("pip", [])
        elif str(dep).startswith("python="):
            python = str(dep).split("=", 1)[1]
    return python, read_pins(pip_lines)


def project_dependencies(extra: str | None = None, python: str | None = PYTHON) -> dict[str, str]:
    """pyproject's dependencies (or one extra's) as {canonical name: version specifier}.

    A dependency with an environment marker counts only where the marker holds for ``python``
    (the pinned set's Python by default; ``None`` keeps every dependency whatever its marker).
    """
    from packaging.requirements import Requirement

    project = tomllib.loads(PYPROJECT.read_text())["project"]
    deps = project["optional-dependencies"][extra] if extra else project["dependencies"]
    out = {}
    for dep in deps:
        requirement = Requirement(dep)
        if (
            python
            and requirement.marker
            and not requirement.marker.evaluate({"python_version": python})
        ):
            continue
        out[canonical(requirement.name)] = str(requirement.specifier)
    return out


def disagreements() -> list[str]:
    """Every way environment.yml, constraints.txt and pyproject.toml disagree (empty if none)."""
    from packaging.specifiers import SpecifierSet

    problems = []
    pins = constraint_pins()
    python, env = environment_pins()
    if python != PYTHON:
        problems.append(f"environment.yml asks for python={python}, the pinned set for {PYTHON}")
    for name in sorted(set(pins) | set(env)):
        if name in NOT_ON_BINDER:
            if name in env:
                problems.append(f"{name} must not be in environment.yml: {NOT_ON_BINDER[name]}")
            continue
        if pins.get(name) != env.get(name):
            problems.append(
                f"{name}: constraints.txt pins {pins.get(name)}, environment.yml {env.get(name)}"
            )
    for extra in (None, "dev"):
        for name, spec in project_dependencies(extra).items():
            if name not in pins:
                problems.append(f"{name} is a dependency in pyproject.toml but not pinned")
            elif not SpecifierSet(spec).contains(pins[name], prereleases=True):
                problems.append(f"{name}: pinned {pins[name]} does not satisfy '{spec}'")
    return problems


def render() -> str:
    """The text of environment.yml for the current pinned set."""
    pins = [
        f"{name}=={version}"
        for name, version in sorted(constraint_pins().items())
        if name not in NOT_ON_BINDER
    ]
    body = {
        "name": "buttock-pain-course",
        "channels": ["conda-forge"],
        "dependencies": [f"python={PYTHON}", "pip", {"pip": pins}],
    }
    return _HEADER + yaml.safe_dump(body, sort_keys=False, width=100)


def main(argv: list[str]) -> int:
    """``write`` regenerates environment.yml; ``check`` prints disagreements (exit 1 if any)."""
    if argv[:1] == ["write"]:
        ENVIRONMENT.write_text(render())
        return 0
    problems = disagreements()
    print("\n".join(problems) or "environment.yml, constraints.txt and pyproject.toml agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
