"""Pages that change a logged session: correct it (earlier version kept), void it, add the
pain two hours after. Thin: parse, check access, call careloop.training.corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careloop.accounts.decorators import practice_view
from careloop.core.forms import add_service_errors
from careloop.training import corrections, selectors
from careloop.training.access import client_for_user, session_for_user
from careloop.training.forms import ChangeReasonForm, Pain2hForm, PerformedFormSet, SessionForm
from careloop.training.programs import format_number
from careloop.training.views import (
    DONE_PREFIX,
    _viewed,
    session_detail_page,
    session_fields,
)


def _same(values: list[Any]) -> bool:
    return len(set(values)) <= 1


def _performed_initial(session: Any) -> list[dict[str, Any]]:
    """The session's exercises as rows of the form: uniform sets as sets x reps @ load,
    differing ones as per-set lists."""
    rows = []
    for row in selectors.session_exercises(session):
        reps = [s.get("reps") for s in row.sets]
        loads = [s.get("load") for s in row.sets]
        initial: dict[str, Any] = {
            "exercise": str(row.exercise_id),
            "planned": "1",
            "done": True,
            "load_unit": row.load_unit,
            "duration_seconds": row.duration_seconds,
            "side": row.side,
            "pain_during": row.pain_during,
            "notes": row.notes,
        }
        if _same(reps) and _same(loads):
            initial["sets"] = len(row.sets) or None
            initial["reps"] = reps[0] if reps else None
            initial["load"] = format_number(loads[0]) if loads and loads[0] is not None else None
        else:
            if all(r is not None for r in reps):
                initial["reps_each"] = ", ".join(str(r) for r in reps)
            if all(v is not None for v in loads):
                initial["load_each"] = ", ".join(format_number(v) for v in loads)
        rows.append(initial)
    return rows


@practice_view
def session_correct(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    session = session_for_user(request.user, client, session_id)
    if session.is_voided:
        messages.error(request, "This session was voided; it cannot be corrected.")
        return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    practice = client.practice
    people = selectors.practitioners(practice)
    if session.practitioner not in people:  # a former colleague stays choosable
        people = [*people, session.practitioner]
    in_use = {row.exercise_id for row in session.exercises.all()}
    form_kwargs = {
        "exercises": selectors.exercise_choices(practice, also=in_use),
        "unit": practice.units,
    }
    if request.method == "POST":
        reason_form = ChangeReasonForm(request.POST)
        form = SessionForm(request.POST, practitioners=people)
        formset = PerformedFormSet(request.POST, prefix=DONE_PREFIX, form_kwargs=form_kwargs)
        if reason_form.is_valid() and form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            by_id = {u.pk: u for u in people}
            try:
                corrections.session_correct(
                    session=session,
                    actor=request.user,
                    reason_kind=reason_form.cleaned_data["reason_kind"],
                    reason=reason_form.cleaned_data["reason"],
                    **session_fields(data, by_id, formset),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Session corrected; the earlier version is kept.")
                return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    else:
        reason_form = ChangeReasonForm()
        form = SessionForm(
            initial={
                "started_at": timezone.localtime(session.started_at),
                "duration_minutes": session.duration_minutes,
                "practitioner": str(session.practitioner_id),
                **{
                    name: session_value
                    for name in ("pain_before", "pain_during_max", "pain_after", "pain_2h", "rpe")
                    if (session_value := getattr(session, name)) is not None
                },
                "practitioner_observations": session.practitioner_observations,
                "client_statements": session.client_statements,
            },
            practitioners=people,
        )
        formset = PerformedFormSet(
            initial=_performed_initial(session), prefix=DONE_PREFIX, form_kwargs=form_kwargs
        )
    _viewed(request, session, detail="correction form")
    return render(
        request,
        "training/session_form.html",
        {
            "client": client,
            "session": session,
            "correcting": True,
            "reason_form": reason_form,
            "form": form,
            "formset": formset,
            "unit": practice.units,
        },
        status=400 if request.method == "POST" else 200,
    )


@practice_view
def session_void(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    session = session_for_user(request.user, client, session_id)
    form = ChangeReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.session_void(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Session voided: it no longer counts in triage or letters.")
            return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    _viewed(request, session, detail="void form")
    return render(
        request,
        "training/session_void.html",
        {"client": client, "session": session, "form": form},
        status=400 if form.errors else 200,
    )


@practice_view
@require_POST
def session_pain_2h(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    session = session_for_user(request.user, client, session_id)
    form = Pain2hForm(request.POST)
    if form.is_valid():
        try:
            corrections.session_pain_2h_record(
                session=session, actor=request.user, pain_2h=form.cleaned_data["pain_2h"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Pain two hours after recorded.")
            return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    return session_detail_page(request, client, session, pain_2h_form=form, status=400)
