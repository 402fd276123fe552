"""CareLoop's triage engine: recommend a response to post-session pain, and say why.

Pure Python (no Django): the clinical rules as data (docs/rules.md is generated from them),
applied to a report shaped like the pain-report JSON Schema (``careloop/triage/tests/schemas/``
holds a copy). The public API, kept stable for
the web app and the ``careloop triage`` command:

``parse_report(data: dict) -> PainReport``
    Validate a decoded JSON document. Raises :class:`InputError`, whose ``problems`` is a
    list of ``(dotted path, message)``, e.g. ``("report.pain_now", "must be an integer from
    0 to 10")``. ``parse_report_json(text)`` does the same from JSON text.
``triage(report: PainReport, ruleset: Ruleset | None = None) -> TriageResult``
    The recommendation under ``ruleset`` (default :data:`DEFAULT_RULESET`).
    ``result.model_dump(mode="json")`` validates against triage-result.schema.json.
``DEFAULT_RULESET``
    The rules and thresholds of docs/rules.md: name "careloop-default", version "2026.2".
``load_ruleset_file(path, base=None) -> Ruleset``
    ``base`` (default: the default ruleset) with the threshold overrides of a TOML file.
``ruleset_with_overrides(base: Ruleset, overrides: Mapping) -> Ruleset``
    The same from a dict (as stored in the database). Both raise :class:`RulesetError`,
    whose ``problems`` lists ``(key path, message)``, e.g. ``("rules.H2.pain_now_min",
    "must be an integer from 1 to 10 (got 11)")``.
``render_rules_markdown(ruleset) -> str`` (in ``careloop.triage.docs``)
    The rules page; docs/rules.md is this text for the default ruleset.

Codes with plain-English labels, ordered for forms (``list(REGION_LABELS.items())`` is a
list of Django choices): ``REGION_LABELS``, ``RED_FLAG_LABELS``, ``CHARACTER_LABELS``,
``TREND_LABELS``, ``SWELLING_LABELS``, ``ADL_LIMITATION_LABELS``, ``REPORT_SOURCE_LABELS``,
``ACTION_LABELS``, ``CARE_SETTING_LABELS``, ``PROGRAM_LABELS``, ``NOTIFY_LABELS``, and the
code tuples ``REGIONS``, ``RED_FLAGS``, ``CHARACTERS``, ``ACTIONS``, ``CARE_SETTINGS``.
"""

from careloop.triage.codes import (
    ACTION_LABELS,
    ACTION_SEVERITY,
    ACTIONS,
    ADL_LIMITATION_LABELS,
    ADL_LIMITATIONS,
    CARE_SETTING_LABELS,
    CARE_SETTINGS,
    CHARACTER_LABELS,
    CHARACTERS,
    NOTIFY_LABELS,
    PROGRAM_LABELS,
    RED_FLAG_LABELS,
    RED_FLAGS,
    REGION_LABELS,
    REGIONS,
    REPORT_SOURCE_LABELS,
    REPORT_SOURCES,
    SWELLING_LABELS,
    SWELLINGS,
    TREND_LABELS,
    TRENDS,
    Action,
    AdlLimitation,
    CareSetting,
    Character,
    Notify,
    Program,
    RedFlag,
    Region,
    ReportSource,
    Swelling,
    Trend,
    action_label,
)
from careloop.triage.engine import triage
from careloop.triage.models import (
    DerivedFacts,
    MatchedRule,
    PainReport,
    RulesetInfo,
    TriageResult,
    UtcInstant,
)
from careloop.triage.parsing import InputError, parse_report, parse_report_json
from careloop.triage.rules import ACTION_PLANS, DEFAULT_RULESET, ActionPlan, load_ruleset_file
from careloop.triage.ruleset import (
    Param,
    Rule,
    Ruleset,
    RulesetError,
    ruleset_with_overrides,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "ACTION_PLANS",
    "ACTION_SEVERITY",
    "ADL_LIMITATIONS",
    "ADL_LIMITATION_LABELS",
    "CARE_SETTINGS",
    "CARE_SETTING_LABELS",
    "CHARACTERS",
    "CHARACTER_LABELS",
    "DEFAULT_RULESET",
    "NOTIFY_LABELS",
    "PROGRAM_LABELS",
    "RED_FLAGS",
    "RED_FLAG_LABELS",
    "REGIONS",
    "REGION_LABELS",
    "REPORT_SOURCES",
    "REPORT_SOURCE_LABELS",
    "SWELLINGS",
    "SWELLING_LABELS",
    "TRENDS",
    "TREND_LABELS",
    "Action",
    "ActionPlan",
    "AdlLimitation",
    "CareSetting",
    "Character",
    "DerivedFacts",
    "InputError",
    "MatchedRule",
    "Notify",
    "PainReport",
    "Param",
    "Program",
    "RedFlag",
    "Region",
    "ReportSource",
    "Rule",
    "Ruleset",
    "RulesetError",
    "RulesetInfo",
    "Swelling",
    "Trend",
    "TriageResult",
    "UtcInstant",
    "action_label",
    "load_ruleset_file",
    "parse_report",
    "parse_report_json",
    "ruleset_with_overrides",
    "triage",
]
