"""One safe way for every CLI command to read untrusted JSON: bounded, strict, and brief.

``read_json(name, stdin)`` reads a file (or standard input for "-") and decodes it, and
refuses with :class:`JsonInputError` (``(path, message)`` problems, like the parsers that
validate the decoded value) instead of crashing or exhausting the machine:

- more than MAX_BYTES (5 MB) is refused after reading at most MAX_BYTES + 1 bytes, so
  ``/dev/zero`` or a 94 MB file costs 5 MB of memory, not gigabytes;
- nesting deeper than MAX_DEPTH is refused (the json module recurses once per level: far
  deeper input ends in its RecursionError, caught here, instead of a traceback);
- an integer of more than MAX_INT_DIGITS digits is refused at its path (Python refuses to
  convert one of more than 4,300 digits with a ValueError; none of our numbers needs 20);
- NaN, Infinity and numbers too large for a float are refused (JSON has no such values);
- a key repeated in one object is refused at the key's path (the json module silently
  keeps the last one, so two readers of one file could see different values).

``problem_lines`` prints at most MAX_PROBLEMS problems and then "... and N more".

Needs no Django: ``careloop triage`` runs without it.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import IO, Any

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 20
MAX_PROBLEMS = 20
ROOT = "input"

Problem = tuple[str, str]


class JsonInputError(ValueError):
    """JSON input that cannot be used; ``problems`` lists each ``(path, message)``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(problem_lines(problems)))


def problem_lines(problems: Sequence[Problem], limit: int = MAX_PROBLEMS) -> list[str]:
    """``path: message`` lines, at most ``limit`` of them and then how many more there are."""
    lines = [f"{path}: {message}" for path, message in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit:,} more")
    return lines


# The exit status of a command given bad input (after print_problems has said what).
EXIT_BAD_INPUT = 2


def print_problems(problems: Sequence[Problem]) -> int:
    """Write ``problem_lines`` to standard error; returns :data:`EXIT_BAD_INPUT`."""
    for line in problem_lines(problems):
        sys.stderr.write(f"{line}\n")
    return EXIT_BAD_INPUT


def read_json(name: str, stdin: IO[Any] | None = None, *, root: str = ROOT) -> Any:
    """Read and decode the JSON file ``name`` ("-": ``stdin``), within the limits above."""
    return loads(read_bounded(name, stdin), root=root)


def read_bounded(name: str, stdin: IO[Any] | None = None) -> bytes:
    """At most MAX_BYTES of the file ``name`` ("-": ``stdin``), else JsonInputError."""
    where = ROOT if name == "-" else name
    if name == "-":
        if stdin is None:
            raise ValueError("reading '-' needs a stdin stream")
        stream = getattr(stdin, "buffer", stdin)  # a text stream in tests
        data = stream.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
    else:
        try:
            with open(name, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise JsonInputError([(name, f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        raise JsonInputError(
            [
                (
                    where,
                    f"is larger than {MAX_BYTES // (1024 * 1024)} MB, the most one document may be",
                )
            ]
        )
    return bytes(data)


class _LongInteger:
    def __init__(self, digits: int) -> None:
        self.digits = digits


class _BadNumber:
    def __init__(self, text: str) -> None:
        self.text = text


class _Object(dict[str, Any]):
    """A decoded object that remembers which of its keys were repeated."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    obj.repeated = []
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen and key not in obj.repeated:
                obj.repeated.append(key)
            seen.add(key)
    return obj


def _integer(text: str) -> int | _LongInteger:
    digits = len(text.lstrip("-"))
    return _LongInteger(digits) if digits > MAX_INT_DIGITS else int(text)


def _float(text: str) -> float | _BadNumber:
    value = float(text)
    return value if math.isfinite(value) else _BadNumber(text)


def loads(data: str | bytes, *, root: str = ROOT) -> Any:
    """Decode JSON text, refusing what the module docstring lists; plain dicts come back."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise JsonInputError([(root, "is not UTF-8 text")]) from None
    else:
        text = data
    too_deep = JsonInputError(
        [(root, f"nests arrays and objects more than {MAX_DEPTH} levels deep")]
    )
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_BadNumber,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise JsonInputError([(root, f"malformed JSON at {where}: {exc.msg}")]) from None
    except RecursionError:
        raise too_deep from None
    problems: list[Problem] = []
    try:
        plain = _check(value, root, problems, level=0)
    except _TooDeep:
        raise too_deep from None
    if problems:
        raise JsonInputError(problems)
    return plain


class _TooDeep(Exception):
    pass


def _check(value: Any, path: str, problems: list[Problem], *, level: int) -> Any:
    """``value`` as plain JSON values, noting each problem at its dotted path."""

    def at(part: object) -> str:
        return str(part) if level == 0 else f"{path}.{part}"

    if isinstance(value, dict | list):
        if level >= MAX_DEPTH:
            raise _TooDeep
        if isinstance(value, _Object):
            for key in value.repeated:
                problems.append((at(key), "appears more than once in the same object"))
        if isinstance(value, dict):
            return {k: _check(v, at(k), problems, level=level + 1) for k, v in value.items()}
        return [_check(v, at(i), problems, level=level + 1) for i, v in enumerate(value)]
    if isinstance(value, _LongInteger):
        problems.append(
            (path, f"is a number of {value.digits:,} digits (at most {MAX_INT_DIGITS})")
        )
        return None
    if isinstance(value, _BadNumber):
        problems.append((path, f"is not a finite number ({value.text[:20]})"))
        return None
    return value
