"""Read the YAML content files into records, checking every field on the way.

Problems are collected, not raised one at a time, so that a clinician who edits a file sees every
mistake in one go: each names the file, the line, the entry and the field, and says what is
allowed. Cross-references (a condition naming a structure id) are checked after all files load.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Union

import yaml

LINE_KEY = "__line__"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file."""

    file: str
    line: int | None
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class ContentError(ValueError):
    """The course content is malformed. ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in the course content:\n{lines}")


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely, keeping line numbers; syntax errors become a ContentError."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ContentError([Problem(path.name, line, "", "", f"not valid YAML: {error}")]) from None


def suggest(name: str, valid: Iterable[str], limit: int = 3) -> str:
    """A short 'did you mean' phrase for an unknown id, or the list of valid ids if few."""
    valid = sorted(valid)
    padded = _zero_padded(name, valid)
    close = difflib.get_close_matches(name, valid, n=limit, cutoff=0.5)
    if padded:  # 'case_3' means 'case_03' more surely than 'case_33'
        close = [padded, *(c for c in close if c != padded)][:limit]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if len(valid) <= 12:
        return "valid ids: " + ", ".join(valid)
    return f"see the {len(valid)} valid ids with course.ids()"


def _zero_padded(name: str, valid: list[str]) -> str | None:
    """The valid id that ``name`` becomes when its numbers are zero-padded, if exactly one does
    (``case_3`` -> ``case_03``), else None."""

    def unpad(text: str) -> str:
        return re.sub(r"\d+", lambda m: str(int(m.group())), text)

    found = [v for v in valid if v != name and unpad(v) == unpad(name)]
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- type checking


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(tp))
    if origin is tuple:
        return f"a list of {_describe(typing.get_args(tp)[0])}"
    if dataclasses.is_dataclass(tp):
        return f"a mapping of {tp.__name__} fields"
    return {str: "text", float: "a number", int: "a whole number", bool: "true or false"}.get(
        tp, "None" if tp is type(None) else getattr(tp, "__name__", str(tp))
    )


class _Checker:
    """Converts parsed YAML into records, collecting problems instead of raising."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, line: int | None, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, entry, field, message))

    def record(self, cls: type, data: Any, entry: str, path: str, line: int | None) -> Any:
        """Build ``cls`` from a mapping, or return None after noting what is wrong."""
        if not isinstance(data, dict):
            self.fail(line, entry, path, f"expected a mapping of {cls.__name__} fields")
            return None
        line = data.get(LINE_KEY, line)
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(k for k in data if k != LINE_KEY and k not in fields)
        for key in unknown:
            self.fail(line, entry, _join(path, key), f"unknown field; {suggest(key, fields)}")
        values: dict[str, Any] = {}
        ok = not unknown
        for name, spec in fields.items():
            where = _join(path, name)
            if name not in data:
                required = spec.default is dataclasses.MISSING and (
                    spec.default_factory is dataclasses.MISSING
                )
                if required:
                    self.fail(line, entry, where, f"missing (expected {_describe(hints[name])})")
                    ok = False
                continue
            good, value = self.value(hints[name], data[name], entry, where, line)
            ok &= good
            values[name] = value
        return cls(**values) if ok else None

    def value(self, tp: Any, raw: Any, entry: str, where: str, line: int | None):
        """Return (ok, converted value) for one field."""
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            options = typing.get_args(tp)
            if raw is None and type(None) in options:
                return True, None
            (inner,) = [o for o in options if o is not type(None)]
            return self.value(inner, raw, entry, where, line)
        if origin is tuple:
            if not isinstance(raw, list):
                self.fail(line, entry, where, f"expected {_describe(tp)}, got {_show(raw)}")
                return False, None
            item_type = typing.get_args(tp)[0]
            results = [
                self.value(item_type, item, entry, f"{where}[{i}]", line)
                for i, item in enumerate(raw)
            ]
            return all(ok for ok, _ in results), tuple(v for _, v in results)
        if origin is Literal:
            if raw not in typing.get_args(tp):
                self.fail(line, entry, where, f"{_show(raw)} is not {_describe(tp)}")
                return False, None
            return True, raw
        if dataclasses.is_dataclass(tp):
            built = self.record(tp, raw, entry, where, line)
            return built is not None, built
        if tp is float:
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                self.fail(line, entry, where, f"expected a number, got {_show(raw)}")
                return False, None
            return True, float(raw)
        if tp is int:
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.fail(line, entry, where, f"expected a whole number, got {_show(raw)}")
                return False, None
            return True, raw
        if tp is str:
            if not isinstance(raw, str) or not raw.strip():
                self.fail(line, entry, where, f"expected non-empty text, got {_show(raw)}")
                return False, None
            return True, raw.strip()
        if tp is bool:
            if not isinstance(raw, bool):
                self.fail(line, entry, where, f"expected true or false, got {_show(raw)}")
                return False, None
            return True, raw
        if tp is Any:
            return True, _strip_lines(raw)
        raise TypeError(f"records may not use the type {tp!r}")  # a programming error


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _show(raw: Any) -> str:
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    if raw is None:
        return "nothing"
    return f"{type(raw).__name__} {raw!r}"


def _strip_lines(raw: Any) -> Any:
    if isinstance(raw, dict):
        return {k: _strip_lines(v) for k, v in raw.items() if k != LINE_KEY}
    if isinstance(raw, list):
        return [_strip_lines(v) for v in raw]
    return raw


# --------------------------------------------------------------------------- files


def entries_of(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield (file label, entry) for a YAML file holding a list, or a folder of such files.

    A file in a folder may also hold a single mapping (one entry per file, as vignettes do).
    """
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        label = f"{path.name}/{file.name}" if path.is_dir() else file.name
        data = read_yaml(file)
        if isinstance(data, dict) and path.is_dir():
            data = [data]
        if data is None:
            data = []
        if not isinstance(data, list):
            raise ContentError([Problem(label, 1, "", "", "expected a list of entries")])
        for item in data:
            yield label, item


class Loaded(NamedTuple):
    """One collection as read from its file(s), before the catalogue cross-checks it."""

    records: dict[str, Any]
    """The records that built, by id, in file order."""
    origins: dict[str, tuple[str, int | None]]
    """Where each entry came from: (file label, line); entries that failed are here too."""
    problems: list[Problem]
    shared: dict[str, frozenset[str]]
    """For a section of a mapping file: the fields each entry took from the file's header (or
    left to it), by id. A problem in one of them belongs to the file, not the entry."""


def load_collection(
    path: Path, cls: type, section: str = "", sections: Iterable[str] = ()
) -> Loaded:
    """Load every entry of one collection.

    A collection is a YAML file holding a list of entries, a folder of such files, or (with
    ``section``) one list of a file that is a mapping: the anatomy view keeps its outlines,
    backdrop and zones in one file. There ``sections`` names every list the file may hold; the
    file's other keys are its header, whose fields (``cls.FILE_FIELDS``) every entry takes
    unless it sets them itself.
    """
    records: dict[str, Any] = {}
    origins: dict[str, tuple[str, int | None]] = {}
    problems: list[Problem] = []
    shared: dict[str, frozenset[str]] = {}
    header: dict[str, Any] = {}
    if section:
        label, raws, header, problems = _section(path, cls, section, {section, *sections})
        items = [(label, raw) for raw in raws]
    else:
        items = list(entries_of(path))
    for label_here, raw in items:
        checker = _Checker(label_here)
        line = raw.get(LINE_KEY) if isinstance(raw, dict) else None
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(entry_id, str) or not entry_id:
            checker.fail(line, "", "id", "every entry needs an id (text)")
            problems += checker.problems
            continue
        if entry_id in origins:
            first_file, first_line = origins[entry_id]
            checker.fail(
                line, entry_id, "id", f"duplicate id; first defined at {first_file}:{first_line}"
            )
            problems += checker.problems
            continue
        if section:
            taken = frozenset(f for f in getattr(cls, "FILE_FIELDS", ()) if f not in raw)
            raw = {**{k: v for k, v in header.items() if k in taken}, **raw}
            shared[entry_id] = taken
        record = checker.record(cls, raw, entry_id, "", line)
        problems += lift_shared(checker.problems, {(label_here, entry_id): shared.get(entry_id)})
        origins[entry_id] = (label_here, line)
        if record is not None:
            records[entry_id] = record
    return Loaded(records, origins, problems, shared)


def _section(
    path: Path, cls: type, section: str, sections: set[str]
) -> tuple[str, list[Any], dict[str, Any], list[Problem]]:
    """Read one section of a mapping file: (label, its entries, the header, problems)."""
    label = path.name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError([Problem(label, 1, "", "", f"expected a mapping with '{section}'")])
    allowed = getattr(cls, "FILE_FIELDS", ())
    problems = []
    header = {}
    for key, value in data.items():
        if key == LINE_KEY or key in sections:
            continue
        if key in allowed:
            header[key] = value
        else:
            hint = suggest(str(key), [*allowed, *sorted(sections)])
            problems.append(Problem(label, None, "", str(key), f"unknown section; {hint}"))
    items = data.get(section) or []
    if not isinstance(items, list):
        problems.append(Problem(label, None, "", section, "expected a list of entries"))
        items = []
    return label, items, header, problems


def lift_shared(
    problems: Iterable[Problem], shared: Mapping[tuple[str, str], frozenset[str] | None]
) -> list[Problem]:
    """Report a problem in a field an entry took from its file's header once, for the file.

    ``shared`` maps (file label, entry id) to the fields that entry took from the header.
    The result keeps the order of ``problems`` and drops repeats.
    """
    lifted: dict[Problem, None] = {}
    for problem in problems:
        fields = shared.get((problem.file, problem.entry)) or ()
        if re.split(r"[.\[]", problem.field, maxsplit=1)[0] in fields:
            problem = Problem(problem.file, None, "", problem.field, problem.message)
        lifted[problem] = None
    return list(lifted)


def reference_fields(cls: type, prefix: str = "") -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (dotted field path, target collection, path through nested records) for ``cls``."""
    hints = typing.get_type_hints(cls)
    for spec in dataclasses.fields(cls):
        if "ref" in spec.metadata:
            yield _join(prefix, spec.name), spec.metadata["ref"], ()
        inner = _nested_record(hints[spec.name])
        if inner is not None:
            yield from reference_fields(inner, _join(prefix, spec.name))


def _nested_record(tp: Any) -> type | None:
    while typing.get_origin(tp) in (tuple, Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    return tp if dataclasses.is_dataclass(tp) else None


def referenced_ids(record: Any, dotted: str) -> Iterator[tuple[str, str]]:
    """Yield (field path with indices, id) for every id held at ``dotted`` inside ``record``."""
    head, _, rest = dotted.partition(".")
    value = getattr(record, head)
    items = value if isinstance(value, tuple) else (value,)
    for index, item in enumerate(items):
        label = f"{head}[{index}]" if isinstance(value, tuple) else head
        if rest:
            for sub, ident in referenced_ids(item, rest):
                yield f"{label}.{sub}", ident
        elif item is not None:
            yield label, item
