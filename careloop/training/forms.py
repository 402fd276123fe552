"""Forms of the training pages. Choices are built once per request from lists the view
loaded, so a form with twenty rows still costs a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from careloop.core.forms import Form, ModelForm
from careloop.training.models import Exercise, LoadUnit, RecordChangeReason, Side
from careloop.training.services import session_time_errors

NPRS_CHOICES = [(str(n), str(n)) for n in range(11)]
PAIN_RANGE_MESSAGE = "Pain is rated from 0 (none) to 10 (worst imaginable)."
NEGATIVE_LOAD = "A load cannot be negative."
NEGATIVE_REPS = "Reps cannot be negative."


NEGATIVE_DURATION = "A duration cannot be negative: enter minutes, e.g. 10 or 0.5."
MAX_DURATION_MINUTES = 600


class MinutesField(forms.DecimalField):
    """A duration typed in minutes (0.5 is 30 seconds); `seconds_from_minutes` turns the
    cleaned value into the whole seconds that are stored."""

    def __init__(self, *, label: str = "Duration (min)", **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            min_value=0,
            max_value=MAX_DURATION_MINUTES,
            max_digits=6,
            decimal_places=2,
            error_messages={
                "min_value": NEGATIVE_DURATION,
                "max_value": f"A duration is at most {MAX_DURATION_MINUTES} minutes.",
                "invalid": "Enter the duration in minutes, e.g. 10 or 0.5.",
                "max_decimal_places": "Give minutes to two decimals at most, e.g. 0.75.",
            },
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": 0}),
            **kwargs,
        )


def seconds_from_minutes(minutes: Decimal | None) -> int | None:
    if minutes is None:
        return None
    return int((minutes * 60).to_integral_value(rounding=ROUND_HALF_UP))


def _minutes_to_seconds(cleaned: dict[str, Any]) -> None:
    """The form speaks minutes; services and storage keep seconds."""
    if "duration_minutes" in cleaned:
        cleaned["duration_seconds"] = seconds_from_minutes(cleaned.pop("duration_minutes"))


class ExerciseForm(ModelForm):
    class Meta:
        model = Exercise
        fields = ["name", "body_area", "category", "description", "is_active"]
        labels = {
            "body_area": "Body area",
            "description": "Short description",
            "is_active": "Active (offered when building programs)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ExerciseFilterForm(Form):
    q = forms.CharField(label="Search", required=False)
    body_area = forms.ChoiceField(
        label="Body area",
        required=False,
        choices=[("", "All body areas"), *Exercise.BodyArea.choices],
    )
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "All categories"), *Exercise.Category.choices],
    )
    inactive = forms.BooleanField(label="Show inactive", required=False)


def grouped_exercise_choices(exercises: Sequence[Exercise]) -> list[Any]:
    """Choices for an exercise <select>, grouped by body area."""
    labels = dict(Exercise.BodyArea.choices)
    groups: dict[str, list[tuple[str, str]]] = {}
    for ex in exercises:
        name = ex.name if ex.is_active else f"{ex.name} (inactive)"
        groups.setdefault(labels.get(ex.body_area, ex.body_area), []).append((str(ex.pk), name))
    return [("", "Choose an exercise"), *groups.items()]


class _ExerciseRowMixin:
    """Rows pick an exercise from a list the view loaded once (`exercises` kwarg)."""

    fields: dict[str, Any]

    def _setup_exercises(self, exercises: Sequence[Exercise]) -> None:
        self.exercise_map = {str(ex.pk): ex for ex in exercises}
        self.fields["exercise"].choices = grouped_exercise_choices(exercises)
        # picker.js adds a filter box over a long list; without JavaScript it is a plain select.
        self.fields["exercise"].widget.attrs["data-filterable"] = "exercise"

    @property
    def exercise_name(self) -> str:
        value = self["exercise"].value()  # type: ignore[index]
        ex = self.exercise_map.get(str(value)) if value else None
        return ex.name if ex else ""

    def clean_exercise(self) -> Exercise | None:
        value = self.cleaned_data.get("exercise")  # type: ignore[attr-defined]
        if not value:
            return None
        return self.exercise_map[value]


class ProgramItemForm(_ExerciseRowMixin, Form):
    exercise = forms.ChoiceField(label="Exercise")
    sets = forms.IntegerField(label="Sets", required=False, min_value=0, max_value=50)
    reps = forms.IntegerField(label="Reps", required=False, min_value=0, max_value=500)
    load = forms.DecimalField(
        label="Load",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE_LOAD},
    )
    load_unit = forms.ChoiceField(label="Unit", choices=LoadUnit.choices, required=False)
    duration_minutes = MinutesField()
    range_of_motion = forms.CharField(label="Range of motion", required=False, max_length=120)
    tempo = forms.CharField(label="Tempo", required=False, max_length=40)
    side = forms.ChoiceField(label="Side", required=False, choices=Side.choices)
    notes = forms.CharField(label="Notes", required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        exercises: Sequence[Exercise] = (),
        unit: str = LoadUnit.KG,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._setup_exercises(exercises)
        # An added row left untouched must look unchanged, so it is skipped, not refused.
        self.fields["load_unit"].initial = unit
        self.unit = unit

    def clean_load_unit(self) -> str:
        return self.cleaned_data.get("load_unit") or self.unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _minutes_to_seconds(data)
        return data


class _ItemFormSetBase(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # Rows are moved with Up and Down (picker.js, or a reload without JavaScript);
        # the position travels hidden.
        form.fields["ORDER"].widget = forms.HiddenInput(attrs={"class": "order-input"})
        form.fields["DELETE"].label = "Remove"

    def clean(self) -> None:
        # Also when a row has errors: "no exercise at all" is reported with them, not after.
        kept = [
            f
            for f in self.forms
            if not f.cleaned_data.get("DELETE") and f.cleaned_data.get("exercise")
        ]
        if not kept:
            raise ValidationError("A program needs at least one exercise.")

    def items(self) -> list[dict[str, Any]]:
        """The kept rows in their new order, as dicts for `ItemSpec.coerce`."""
        return [
            {k: v for k, v in f.cleaned_data.items() if k not in ("ORDER", "DELETE")}
            for f in self.ordered_forms
            if f.cleaned_data.get("exercise")
        ]


ProgramItemFormSet = formset_factory(
    ProgramItemForm, formset=_ItemFormSetBase, extra=0, can_order=True, can_delete=True
)


class ProgramEditForm(Form):
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label="Why is the program changing?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: progressing after two pain-free weeks; clinician's request.",
        error_messages={"required": "Say why the program is changing."},
    )


class NprsField(forms.TypedChoiceField):
    def __init__(self, *, label: str, required: bool, blank_label: str = "Not rated") -> None:
        choices = NPRS_CHOICES if required else [*NPRS_CHOICES, ("", blank_label)]
        super().__init__(
            label=label,
            required=required,
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale-picker"}),
            error_messages={
                "invalid_choice": PAIN_RANGE_MESSAGE,
                "required": "Ask the client: pain before the session, 0 to 10.",
            },
        )


class SessionForm(Form):
    started_at = forms.DateTimeField(
        label="Started at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Set for a session that has just ended; change it if it ended earlier.",
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=600, initial=60
    )
    practitioner = forms.TypedChoiceField(label="Practitioner", coerce=int)
    pain_before = NprsField(label="Pain before (0-10)", required=True)
    pain_during_max = NprsField(label="Worst pain during (0-10)", required=False)
    pain_after = NprsField(label="Pain after (0-10)", required=False)
    pain_2h = NprsField(
        label="Pain 2 hours after (0-10)",
        required=False,
        blank_label="Not known yet",
    )
    rpe = forms.TypedChoiceField(
        label="Effort, RPE (0-10)",
        required=False,
        choices=[*NPRS_CHOICES, ("", "Not rated")],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "scale-picker"}),
        error_messages={"invalid_choice": "RPE is rated from 0 (rest) to 10 (maximal effort)."},
    )
    practitioner_observations = forms.CharField(
        label="What you observed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Facts you saw or measured, e.g. stopped the third set: sharp pain at 80 "
        "degrees of knee flexion.",
    )
    client_statements = forms.CharField(
        label="What the client said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The client's own account, in their words where you can.",
    )
    hold_override_reason = forms.CharField(
        label="Why log this session during the hold?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, practitioners: Sequence[Any] = (), on_hold: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.full_name or u.email) for u in practitioners
        ]
        if not on_hold:
            del self.fields["hold_override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Checked here as well as by the service, so a time in the future is reported with
        # the form's other errors instead of only once they are fixed.
        if data.get("started_at") is not None:
            for name, message in session_time_errors(
                data["started_at"], data.get("duration_minutes")
            ).items():
                self.add_error(name, message)
        return data


def _number_list(text: str, kind: type) -> list[Any]:
    values = []
    for part in re.split(r"[,;/\s]+", text.strip()):
        if not part:
            continue
        try:
            values.append(kind(part))
        except (ValueError, InvalidOperation):
            raise ValidationError(f"Enter numbers only: “{part}” is not a number.") from None
    return values


class PerformedForm(_ExerciseRowMixin, Form):
    """One exercise as done. Sets/reps/load apply to every set; when sets differed, the
    per-set lists ("10, 10, 8") win."""

    exercise = forms.ChoiceField(label="Exercise", required=False)
    # "1" on rows that came from the program: they show the exercise's name and a Done box.
    planned = forms.CharField(widget=forms.HiddenInput, required=False)
    done = forms.BooleanField(label="Done", required=False, initial=True)
    sets = forms.IntegerField(
        label="Sets",
        required=False,
        min_value=0,
        max_value=50,
        error_messages={"min_value": "Sets cannot be negative."},
    )
    reps = forms.IntegerField(
        label="Reps",
        required=False,
        min_value=0,
        max_value=500,
        error_messages={"min_value": NEGATIVE_REPS},
    )
    load = forms.DecimalField(
        label="Load",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE_LOAD},
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
    )
    load_unit = forms.ChoiceField(
        label="Unit", choices=LoadUnit.choices, widget=forms.HiddenInput, required=False
    )
    reps_each = forms.CharField(
        label="Reps in each set",
        required=False,
        help_text="When sets differed, e.g. 10, 10, 8",
        max_length=200,
    )
    load_each = forms.CharField(
        label="Load in each set",
        required=False,
        help_text="e.g. 20, 20, 17.5",
        max_length=200,
    )
    duration_minutes = MinutesField()
    side = forms.CharField(widget=forms.HiddenInput, required=False)
    pain_during = forms.TypedChoiceField(
        label="Pain during",
        required=False,
        choices=[("", "-"), *NPRS_CHOICES],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": PAIN_RANGE_MESSAGE},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        exercises: Sequence[Exercise] = (),
        unit: str = LoadUnit.KG,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._setup_exercises(exercises)
        self.fields["load_unit"].initial = unit

    @property
    def prescribed(self) -> bool:
        return str(self["planned"].value() or "") == "1"

    def clean_reps_each(self) -> list[int]:
        values = _number_list(self.cleaned_data.get("reps_each", ""), int)
        if any(v < 0 for v in values):
            raise ValidationError(NEGATIVE_REPS)
        return values

    def clean_load_each(self) -> list[Decimal]:
        values = _number_list(self.cleaned_data.get("load_each", ""), Decimal)
        if any(v < 0 for v in values):
            raise ValidationError(NEGATIVE_LOAD)
        if any(abs(v) >= 10_000 for v in values):
            raise ValidationError("That load is too large.")
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _minutes_to_seconds(data)
        reps_each, load_each = data.get("reps_each") or [], data.get("load_each") or []
        if reps_each and load_each and len(reps_each) != len(load_each):
            self.add_error(
                "load_each",
                f"Give one load per set: {len(reps_each)} reps listed, {len(load_each)} loads.",
            )
        if self.errors:
            return data
        count = len(reps_each) or len(load_each) or (data.get("sets") or 0)
        if not count and (data.get("reps") is not None or data.get("load") is not None):
            count = 1
        reps = reps_each or [data.get("reps")] * count
        loads = load_each or [data.get("load")] * count
        data["set_list"] = list(zip(reps, loads, strict=True))
        return data

    @property
    def is_used(self) -> bool:
        """A prescribed row ticked done, or an added row with an exercise chosen."""
        data = getattr(self, "cleaned_data", {})
        if not data.get("exercise"):
            return False
        return bool(data.get("done")) if self.prescribed else True


class _PerformedFormSetBase(forms.BaseFormSet):
    def used_forms(self) -> list[PerformedForm]:
        return [f for f in self.forms if f.is_used]  # type: ignore[misc]


PerformedFormSet = formset_factory(PerformedForm, formset=_PerformedFormSetBase, extra=0)


class ChangeReasonForm(Form):
    """Why a logged record is corrected or voided: a code for the audit trail, the
    practitioner's words for the record."""

    reason_kind = forms.ChoiceField(
        label="Why",
        choices=[("", "Choose a reason"), *RecordChangeReason.choices],
        error_messages={"required": "Choose why the record changes."},
    )
    reason = forms.CharField(
        label="Explain",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the earlier version, e.g. typed the start time of the next client.",
        error_messages={"required": "Say why: it is kept with the earlier version."},
    )


class Pain2hForm(Form):
    pain_2h = NprsField(label="Pain 2 hours after (0-10)", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pain_2h"].error_messages["required"] = (
            "Ask the client: pain two hours after the session, 0 to 10."
        )


class ProgramTemplateForm(Form):
    name = forms.CharField(
        label="Template name",
        max_length=120,
        help_text="For example: Knee, phase 3. Loads and sides are left out: they are this "
        "client's. Check that the notes name no one.",
        error_messages={"required": "Give the template a name, e.g. Knee, phase 3."},
    )
