"""The shape of rule data (Param, Rule, Ruleset) and practice overrides of thresholds.

A rule is data: an id, the action it recommends, its thresholds as named parameters with
their allowed ranges, a condition and a finding (functions of the derived facts and the
parameter values), the wording of when it matches, and its source. A ruleset is a name, a
version, the rules and the values of their parameters. Overrides change values only: no
override can remove a rule or change what it looks at, so that "E1" means the same thing
in every practice's records.

Overrides come as a dict (the app stores a practice's overrides as JSON) or a TOML file::

    name = "northside-physio"        # optional; defaults to the base ruleset's
    version = "2026.2-a"             # optional; likewise
    [definitions]
    doms_hours_max = 72
    [rules.H2]
    pain_now_min = 6
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from careloop.triage.codes import ACTION_SEVERITY, Action, CareSetting
from careloop.triage.models import RulesetInfo

if TYPE_CHECKING:
    from careloop.triage.facts import Facts

Values = Mapping[str, int]
Problem = tuple[str, str]
Consistency = Callable[[Values, Mapping[str, Values]], list[Problem]]


@dataclass(frozen=True)
class Param:
    """A named threshold: ``_min`` means >=, ``_max`` <=, ``_above`` >, ``_below`` <."""

    name: str
    default: int
    minimum: int
    maximum: int
    meaning: str

    def problem(self, value: object) -> str | None:
        # bool is an int subclass in Python, and `true` is never a threshold.
        if type(value) is not int or not self.minimum <= value <= self.maximum:
            return f"must be an integer from {self.minimum} to {self.maximum} (got {value!r})"
        return None


@dataclass(frozen=True)
class Rule:
    id: str
    action: Action
    title: str
    when: str  # template of when it matches, with {param} placeholders; Markdown code marks
    source: str
    condition: Callable[[Facts, Values], bool] = field(repr=False)
    finding: Callable[[Facts, Values], str] = field(repr=False)
    params: tuple[Param, ...] = ()
    care_setting: CareSetting | None = None

    def describe(self, values: Values) -> str:
        return self.when.format_map(values)


class RulesetError(ValueError):
    """Overrides that cannot be applied; ``problems`` lists each ``(key path, message)``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


@dataclass(frozen=True, eq=False)
class Ruleset:
    name: str
    version: str
    rules: tuple[Rule, ...]
    definitions: tuple[Param, ...]  # thresholds of the derived facts (post_op, doms_pattern)
    definition_values: Values
    rule_values: Mapping[str, Values]
    # Checks across values (e.g. a min not above its max), run on every override; returns
    # problems named at the key to change.
    consistency: Consistency = field(default=lambda definitions, rules: [], repr=False)

    @classmethod
    def with_defaults(
        cls,
        name: str,
        version: str,
        rules: tuple[Rule, ...],
        definitions: tuple[Param, ...],
        consistency: Consistency,
    ) -> Ruleset:
        return cls(
            name=name,
            version=version,
            rules=rules,
            definitions=definitions,
            consistency=consistency,
            definition_values=_frozen({p.name: p.default for p in definitions}),
            rule_values=_frozen(
                {r.id: _frozen({p.name: p.default for p in r.params}) for r in rules}
            ),
        )

    def __post_init__(self) -> None:
        # The engine reports rules in ruleset order as "most severe first", and takes the
        # first continue rule that holds as the reason for continuing.
        severities = [ACTION_SEVERITY[r.action] for r in self.rules]
        if severities != sorted(severities, reverse=True):
            raise ValueError("rules must be ordered most severe action first")
        if len({r.id for r in self.rules}) != len(self.rules):
            raise ValueError("rule ids must be unique")

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    @cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def checks(self) -> tuple[tuple[Rule, Values], ...]:
        """The rules above continue with their values, precomputed for the engine."""
        return tuple((r, self.rule_values[r.id]) for r in self.rules if r.action != "continue")

    @cached_property
    def fallbacks(self) -> tuple[tuple[Rule, Values], ...]:
        """The continue rules, tried in order when nothing above matches."""
        return tuple((r, self.rule_values[r.id]) for r in self.rules if r.action == "continue")

    @cached_property
    def overrides(self) -> dict[str, int]:
        """Every value that differs from its rule's default, as ``{"H2.pain_now_min": 6}``."""
        changed = {
            f"definitions.{p.name}": self.definition_values[p.name]
            for p in self.definitions
            if self.definition_values[p.name] != p.default
        }
        for r in self.rules:
            for p in r.params:
                if self.rule_values[r.id][p.name] != p.default:
                    changed[f"{r.id}.{p.name}"] = self.rule_values[r.id][p.name]
        return changed

    @cached_property
    def info(self) -> RulesetInfo:
        # One shared, frozen instance: every result of this ruleset carries it.
        return RulesetInfo(name=self.name, version=self.version, overrides=self.overrides)


def _frozen(values: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(values)


_TOP_KEYS = ("name", "version", "definitions", "rules")


def ruleset_with_overrides(base: Ruleset, overrides: Mapping[str, Any]) -> Ruleset:
    """``base`` with the thresholds (and optionally name/version) in ``overrides`` changed.

    Refuses unknown keys, unknown rule ids and parameters, and out-of-range values, raising
    :class:`RulesetError` with every problem found, each named by its key path.
    """
    problems: list[Problem] = []
    if not isinstance(overrides, Mapping):
        raise RulesetError([("(overrides)", "must be a table of keys")])
    for key in overrides:
        if key not in _TOP_KEYS:
            problems.append((str(key), f"is not a known key; expected {', '.join(_TOP_KEYS)}"))
    label: dict[str, str] = {}
    for key in ("name", "version"):
        value = overrides.get(key, getattr(base, key))
        if not isinstance(value, str) or not 0 < len(value.strip()) <= 100:
            problems.append((key, "must be text of 1 to 100 characters"))
        else:
            label[key] = value.strip()

    definitions = dict(base.definition_values)
    table = _table(overrides, "definitions", problems)
    params = {p.name: p for p in base.definitions}
    for name, value in table.items():
        _apply("definitions", params, name, value, definitions, problems)

    rule_values = {rule_id: dict(values) for rule_id, values in base.rule_values.items()}
    for rule_id, rule_table in _table(overrides, "rules", problems).items():
        path = f"rules.{rule_id}"
        if rule_id not in rule_values:
            ids = ", ".join(r.id for r in base.rules if r.params)
            problems.append((path, f"is not a rule id; the rules with thresholds are: {ids}"))
            continue
        if not isinstance(rule_table, Mapping):
            problems.append((path, "must be a table of thresholds"))
            continue
        params = {p.name: p for p in base.rule(rule_id).params}
        for name, value in rule_table.items():
            _apply(path, params, name, value, rule_values[rule_id], problems)

    if not problems:
        problems.extend(base.consistency(definitions, rule_values))
    if problems:
        raise RulesetError(problems)
    return Ruleset(
        name=label["name"],
        version=label["version"],
        rules=base.rules,
        definitions=base.definitions,
        consistency=base.consistency,
        definition_values=_frozen(definitions),
        rule_values=_frozen({k: _frozen(v) for k, v in rule_values.items()}),
    )


def _table(overrides: Mapping[str, Any], key: str, problems: list[Problem]) -> Mapping[str, Any]:
    value = overrides.get(key, {})
    if not isinstance(value, Mapping):
        problems.append((key, "must be a table"))
        return {}
    return value


def _apply(
    owner: str,
    known: Mapping[str, Param],
    name: str,
    value: object,
    values: dict[str, int],
    problems: list[Problem],
) -> None:
    """Set ``values[name]`` when ``name`` is a threshold of ``owner`` and ``value`` fits it."""
    path = f"{owner}.{name}"
    param = known.get(name)
    if param is None:
        if known:
            message = f"is not a threshold of {owner}; its thresholds are: {', '.join(known)}"
        else:
            message = f"is not a threshold: {owner} has none"
        problems.append((path, message))
        return
    problem = param.problem(value)
    if problem is not None:
        problems.append((path, problem))
    else:
        assert isinstance(value, int)  # checked by problem(); narrows the type for mypy
        values[name] = value
