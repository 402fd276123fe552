"""Forms of the pain-response workflow: quick to fill in on the phone with the client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from careloop.core.forms import Form, refuse_future
from careloop.episodes.inputs import PainReportInput, form_errors
from careloop.episodes.models import Clearance, Decision, Episode
from careloop.episodes.services.decisions import decision_errors
from careloop.training.models import Session
from careloop.triage import (
    ACTION_LABELS,
    ADL_LIMITATION_LABELS,
    CHARACTER_LABELS,
    RED_FLAG_LABELS,
    REGION_LABELS,
    REPORT_SOURCE_LABELS,
    SWELLING_LABELS,
    TREND_LABELS,
    action_label,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

# The body-region picker, grouped as a practitioner thinks of the body; left and right
# next to each other so the side is a deliberate choice.
REGION_GROUPS: list[tuple[str, list[str]]] = [
    ("Leg", ["hip", "thigh", "knee", "lower_leg", "ankle_foot"]),
    ("Arm", ["shoulder", "upper_arm", "elbow", "forearm", "wrist_hand"]),
    ("Spine and trunk", ["neck", "upper_back", "lower_back", "chest", "abdomen", "pelvis", "head"]),
]


def region_choices() -> list[Any]:
    grouped: list[Any] = [("", "Choose where it hurts")]
    for title, parts in REGION_GROUPS:
        codes: list[str] = []
        for part in parts:
            codes.extend(c for c in (f"{part}_left", f"{part}_right", part) if c in REGION_LABELS)
        grouped.append((title, [(c, REGION_LABELS[c]) for c in codes]))  # type: ignore[index]
    return grouped


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def session_label(session: Session) -> str:
    # Sessions are named by their start everywhere (the session page, lists, Today).
    at = timezone.localtime(session.started_at)
    pains = f"pain {session.pain_before}"
    if session.pain_after is not None:
        pains += f"→{session.pain_after}"
    return f"{at:%a %-d %b %H:%M}, {session.duration_minutes} min · {pains}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return session_label(obj)


PAIN_CHOICES = [(n, str(n)) for n in range(11)]


class PainReportForm(Form):
    """The pain report: what the client says now, kept apart from what we observed."""

    pain_now = forms.TypedChoiceField(
        label="Pain now (0 = none, 10 = worst imaginable)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale-picker"}),
    )
    region = forms.ChoiceField(label="Where", choices=region_choices)
    red_flags = forms.MultipleChoiceField(
        label="Ask about each warning sign: tick any the client has now",
        choices=list(RED_FLAG_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trend = forms.ChoiceField(
        label="Since it started",
        choices=list(TREND_LABELS.items()),
        # Never pre-selected: an answer nobody asked for would be recorded and triaged.
        widget=forms.RadioSelect(attrs={"class": "segmented"}),
        error_messages={
            "required": "Ask the client whether it is better, the same or worse since it began."
        },
    )
    character = forms.MultipleChoiceField(
        label="What the pain is like",
        choices=list(CHARACTER_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips"}),
    )
    swelling = forms.ChoiceField(
        label="Swelling",
        choices=list(SWELLING_LABELS.items()),
        widget=forms.RadioSelect(attrs={"class": "segmented"}),
        error_messages={"required": "Ask the client about swelling (none is an answer)."},
    )
    at_rest = forms.BooleanField(label="Hurts at rest", required=False)
    at_night = forms.BooleanField(label="Hurts at night or wakes them", required=False)
    limp_or_giving_way = forms.BooleanField(label="Limping, or the joint gives way", required=False)
    numbness_or_tingling = forms.BooleanField(label="Numbness or tingling", required=False)
    adl_limitation = forms.ChoiceField(
        label="Daily activities",
        choices=list(ADL_LIMITATION_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Ask the client how it limits their daily activities."},
    )
    client_statement = forms.CharField(
        label="What the client says, in their words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Letters quote this as "Client reports: …".',
    )
    practitioner_observation = forms.CharField(
        label="What you observed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Facts you saw or heard yourself, kept apart from the client's account.",
    )
    session = SessionChoiceField(
        label="Session it follows",
        queryset=Session.objects.none(),
        required=False,
        empty_label="Not linked to a session",
        help_text='The most recent finished session is chosen for you. Choose "Not linked '
        'to a session" when the pain does not follow one: it is triaged all the same.',
    )
    reported_at = forms.DateTimeField(
        label="When the client told you",
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    source = forms.ChoiceField(
        label="How", choices=list(REPORT_SOURCE_LABELS.items()), initial="client_call"
    )

    def __init__(
        self,
        *args: Any,
        sessions: QuerySet[Session],
        referral_region: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions
        # The most recent session that has ended: one still running (or logged ahead of
        # time) cannot be what the pain follows.
        first = sessions.filter(ended_at__lte=timezone.now()).first()
        if first is not None:
            self.initial.setdefault("session", first.pk)
        self.initial.setdefault("reported_at", timezone.localtime().strftime(DATETIME_FORMAT))
        if referral_region:
            self.initial.setdefault("region", referral_region)

    # Asked on every call, never pre-answered; on an urgent call (a warning sign ticked) they
    # may be left unanswered so the recommendation is not held up: the engine then reads the
    # neutral value and the report records them as not asked.
    ASKED = {"trend": "unchanged", "swelling": "none", "adl_limitation": "none"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_future(
            self, "reported_at", "The report time is in the future: enter when the client told you."
        )
        data["not_asked"] = []
        if data.get("red_flags"):
            for name, neutral in self.ASKED.items():
                if not self.data.get(self.add_prefix(name)) and name in self.errors:
                    del self.errors[name]
                    data[name] = neutral
                    data["not_asked"].append(name)
        if not self.errors:
            try:
                self.report_input = PainReportInput.from_fields(data)
            except PydanticValidationError as exc:
                for name, messages in form_errors(exc, self.fields).items():
                    for message in messages:
                        self.add_error(None if name == NON_FIELD_ERRORS else name, message)
        return data

    # The typed report (set by a valid form): what pain_report_create records.
    report_input: PainReportInput

    FIELDSETS = (
        ("The pain", ("pain_now", "region", "trend", "character")),
        ("Warning signs", ("red_flags",)),
        (
            "How it affects them",
            (
                "swelling",
                "at_rest",
                "at_night",
                "limp_or_giving_way",
                "numbness_or_tingling",
                "adl_limitation",
            ),
        ),
        ("In words", ("client_statement", "practitioner_observation")),
        ("When", ("session", "reported_at", "source")),
    )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.FIELDSETS]


class DecisionForm(Form):
    chosen_action = forms.ChoiceField(
        label="Your decision", choices=list(ACTION_LABELS.items()), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why you depart from the recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when your decision differs; kept in the record and shown in letters.",
    )
    continue_choice = forms.ChoiceField(
        label="Continue: the episode",
        choices=Decision.ContinueChoice.choices,
        initial=Decision.ContinueChoice.MONITOR,
        required=False,
        widget=forms.RadioSelect,
    )
    modification_change = forms.CharField(
        label="Modify: what changes in the program",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. leg press 40 kg to 25 kg, no step-ups this week. Left empty, it is "
        "described from the changes you make below.",
    )
    modification_reason = forms.CharField(
        label="Modify: why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        items: Sequence[Any] = (),
        recommended: str = "",
        care_setting: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.recommended = recommended
        self.care_setting = care_setting
        # An emergency option names the care setting triage gave, as the headline does.
        self.fields["chosen_action"].choices = [  # type: ignore[attr-defined]
            (code, action_label(code, care_setting)) for code in ACTION_LABELS
        ]
        for index, item in enumerate(self.items):
            self.fields[f"item{index}_sets"] = forms.IntegerField(
                label="Sets", required=False, min_value=0, initial=item.sets
            )
            self.fields[f"item{index}_reps"] = forms.IntegerField(
                label="Reps", required=False, min_value=0, initial=item.reps
            )
            self.fields[f"item{index}_load"] = forms.DecimalField(
                label=f"Load ({item.load_unit})",
                required=False,
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=2,
                initial=item.load,
            )
            self.fields[f"item{index}_drop"] = forms.BooleanField(
                label="Leave out for now", required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service's own checks (a reason to depart, what a modification changes), run
        # here too so they are reported with the form's other errors.
        if self.recommended and data.get("chosen_action"):
            errors = decision_errors(
                recommended=self.recommended,
                care_setting=self.care_setting,
                chosen_action=data["chosen_action"],
                reason=data.get("reason", ""),
                continue_choice=data.get("continue_choice", ""),
                modification_change=data.get("modification_change", ""),
                items_changed=self.modified_items() is not None,
            )
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "sets": self[f"item{i}_sets"],
                "reps": self[f"item{i}_reps"],
                "load": self[f"item{i}_load"],
                "drop": self[f"item{i}_drop"],
            }
            for i, item in enumerate(self.items)
        ]

    def modified_items(self) -> list[Any] | None:
        """The program items as the practitioner left them, or None when unchanged."""
        result = []
        changed = False
        for index, item in enumerate(self.items):
            data = self.cleaned_data
            if data.get(f"item{index}_drop"):
                changed = True
                continue
            new = replace(
                item,
                sets=data.get(f"item{index}_sets"),
                reps=data.get(f"item{index}_reps"),
                load=data.get(f"item{index}_load"),
            )
            changed = changed or new != item
            result.append(new)
        return result if changed else None


class ClearanceForm(Form):
    cleared_by_name = forms.CharField(label="Cleared by", max_length=150)
    cleared_by_role = forms.CharField(
        label="Their role", max_length=120, required=False, help_text="e.g. orthopaedic surgeon"
    )
    cleared_at = forms.DateTimeField(
        label="When", widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    channel = forms.ChoiceField(
        label="How",
        choices=Clearance.Channel.choices,
        widget=forms.RadioSelect(attrs={"class": "segmented"}),
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Shown on the program, e.g. "resume, no loaded knee flexion past 90 degrees".',
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_future(self, "cleared_at", "The clearance time is in the future.")
        return data


class ResolveForm(Form):
    # Nothing chosen for the practitioner: an outcome is a clinical statement they make.
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose how the episode ended"), *Episode.Outcome.choices],
        error_messages={"required": "Choose how the episode ended."},
    )
    outcome_note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContactNoteForm(Form):
    note = forms.CharField(
        label="What was said or agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. spoke to Dr Natarajan's secretary; she will call back by 5 pm.",
    )


class RulesetForm(Form):
    """One number per threshold of the default rules, named by its override key."""

    note = forms.CharField(
        label="Why the change", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, ruleset: Any, current: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[str, str, list[str]]] = []
        names = []
        for param in ruleset.definitions:
            key = f"definitions.{param.name}"
            self._add(key, param, current.definition_values[param.name])
            names.append(key)
        self.groups.append(("Definitions", "Thresholds of derived values", names))
        for rule in ruleset.rules:
            if not rule.params:
                continue
            keys = []
            for param in rule.params:
                key = f"rules.{rule.id}.{param.name}"
                self._add(key, param, current.rule_values[rule.id][param.name])
                keys.append(key)
            self.groups.append((rule.id, rule.title, keys))

    def _add(self, key: str, param: Any, value: int) -> None:
        self.fields[key] = forms.IntegerField(
            label=f"{param.meaning.replace('`', '')}",
            initial=value,
            required=True,
            help_text=f"default {param.default}; allowed {param.minimum} to {param.maximum}",
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        self.fields[key].default = param.default  # type: ignore[attr-defined]

    def overrides(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if key == "note" or value is None:
                continue
            if value == self.fields[key].default:  # type: ignore[attr-defined]
                continue
            head, rest = key.split(".", 1)
            if head == "definitions":
                result.setdefault("definitions", {})[rest] = value
            else:
                rule_id, name = rest.split(".", 1)
                result.setdefault("rules", {}).setdefault(rule_id, {})[name] = value
        return result

    def grouped_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(gid, title, [self[k] for k in keys]) for gid, title, keys in self.groups]
