"""Pages of the exercise library, programs and sessions. Thin: parse, check access, call
a service or selector, render."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients.models import Client
from careloop.clients.selectors import current_referral
from careloop.core.forms import add_service_errors
from careloop.training import exercise_library, panel, selectors, services
from careloop.training.access import (
    client_for_user,
    program_template_for_user,
    program_version_for_user,
    session_for_user,
)
from careloop.training.duplicates import DuplicateSession
from careloop.training.forms import (
    Pain2hForm,
    PerformedForm,
    PerformedFormSet,
    ProgramEditForm,
    ProgramItemForm,
    ProgramItemFormSet,
    ProgramTemplateForm,
    SessionForm,
)
from careloop.training.program_editor import as_initial, move_row, posted_rows
from careloop.training.program_templates import program_template_list, template_rows
from careloop.training.programs import (
    ITEM_FIELDS,
    ItemSpec,
    describe_item,
    format_number,
    minutes_input,
)
from careloop.training.services import PerformedSpec, SetSpec

SESSIONS_PER_PAGE = 25
ITEMS_PREFIX = "items"
DONE_PREFIX = "done"


def _viewed(request: HttpRequest, obj: Any, detail: str = "") -> None:
    audit_view(actor=request.user, obj=obj, detail=detail)


# --- programs -----------------------------------------------------------------------------


@practice_view
@require_GET
def program_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    program = selectors.program_for_client(client)
    version = selectors.current_version(program)
    rows = selectors.version_rows(version)
    with transaction.atomic():
        # Keyed by the client in the URL, like every page about the client ("who saw client X").
        _viewed(request, client, detail="program")
    return render(
        request,
        "training/program_detail.html",
        {
            "client": client,
            "program": program,
            "version": version,
            "rows": [(row, describe_item(ItemSpec.from_row(row))) for row in rows],
            "versions": selectors.program_versions(program),
            "on_hold": client.status == Client.Status.ON_HOLD,
            "conditions_newer": selectors.conditions_newer_than_version(program, version),
            "template_form": ProgramTemplateForm(),
        },
    )


def _item_formset(
    request: HttpRequest, practice: Any, data: Any = None, initial: Any = None, rows: Any = ()
) -> Any:
    in_use = {row.exercise_id for row in rows}
    exercises = selectors.exercise_choices(practice, also=in_use)
    return ProgramItemFormSet(
        data,
        initial=initial,
        prefix=ITEMS_PREFIX,
        form_kwargs={"exercises": exercises, "unit": practice.units},
    )


@practice_view
def program_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    practice = client.practice
    exercise_library.exercise_library_ensure(practice=practice)
    # The Program row is made on the first save, not by opening the editor.
    program = selectors.program_for_client(client)
    version = selectors.current_version(program)
    rows = selectors.version_rows(version)
    initial = [
        {
            "exercise": str(row.exercise_id),
            "ORDER": row.order,
            **{name: getattr(row, name) for name in ITEM_FIELDS if name != "duration_seconds"},
            "duration_minutes": minutes_input(row.duration_seconds),
            "load": format_number(row.load) if row.load is not None else None,
        }
        for row in rows
    ]
    moved_key, template = None, None
    if request.method == "POST" and request.POST.get("move"):
        # Up or Down without JavaScript: the same rows back in their new order, unsaved.
        shown = posted_rows(request.POST, ITEMS_PREFIX)
        new_index = move_row(shown, request.POST["move"])
        moved_key = None if new_index is None else f"{ITEMS_PREFIX}-{new_index}"
        form = ProgramEditForm(
            initial={
                "based_on_version": request.POST.get("based_on_version"),
                "reason": request.POST.get("reason", ""),
            }
        )
        chosen = [
            SimpleNamespace(exercise_id=int(r["exercise"]))
            for r in shown
            if r["exercise"].isdigit()
        ]
        formset = _item_formset(request, practice, initial=as_initial(shown), rows=[*rows, *chosen])
    elif request.method == "POST":
        form = ProgramEditForm(request.POST)
        formset = _item_formset(request, practice, data=request.POST, rows=rows)
        if form.is_valid() and formset.is_valid():
            try:
                new = services.program_update(
                    program=program or services.program_ensure(client=client),
                    actor=request.user,
                    items=formset.items(),
                    reason=form.cleaned_data["reason"],
                    based_on_version=form.cleaned_data["based_on_version"],
                )
            except services.ProgramConflict as exc:
                form.add_error(None, exc.messages[0])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Program saved as version {new.number}.")
                return redirect("program_detail", client_id=client.pk)
    else:
        initial_form: dict[str, Any] = {"based_on_version": program.version if program else 0}
        if request.GET.get("after_clearance") and program is not None and program.conditions:
            initial_form["reason"] = f"Clinician's clearance, on conditions: {program.conditions}"
        if request.GET.get("template"):
            template = program_template_for_user(request.user, request.GET["template"])
            initial = template_rows(template, practice.units)
            initial_form.setdefault("reason", f"Started from the template {template.name}.")
        form = ProgramEditForm(initial=initial_form)
        formset = _item_formset(request, practice, initial=initial or None, rows=rows)
        if not initial:
            # A new program starts with one empty row to fill in.
            formset = ProgramItemFormSet(
                initial=None,
                prefix=ITEMS_PREFIX,
                form_kwargs=formset.form_kwargs,
            )
            formset.extra = 1
    _viewed(request, client, detail="program edit form")
    return render(
        request,
        "training/program_edit.html",
        {
            "client": client,
            "program": program,
            "version": version,
            "form": form,
            "formset": formset,
            "referral": current_referral(client),
            "conditions_newer": selectors.conditions_newer_than_version(program, version),
            "templates": program_template_list(practice),
            "template": template,
            "moved_key": moved_key,
        },
    )


@practice_view
@require_GET
def program_edit_row(request: HttpRequest, client_id: int) -> HttpResponse:
    """htmx: one more empty row for the program form (and the formset's new total)."""
    client = client_for_user(request.user, client_id)
    try:
        index = max(0, min(int(request.GET.get(f"{ITEMS_PREFIX}-TOTAL_FORMS", "0")), 200))
    except ValueError:
        index = 0
    formset = _item_formset(request, client.practice)
    form = ProgramItemForm(
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        **formset.form_kwargs,
    )
    formset.add_fields(form, index)
    return render(
        request,
        "training/_program_row.html",
        {"row": form, "total": index + 1, "prefix": ITEMS_PREFIX, "oob": True},
    )


@practice_view
@require_GET
def program_version_detail(request: HttpRequest, client_id: int, version_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    version = program_version_for_user(request.user, client, version_id)
    rows = selectors.version_rows(version)
    with transaction.atomic():
        _viewed(request, version)
    return render(
        request,
        "training/program_version_detail.html",
        {
            "client": client,
            "version": version,
            "is_current": version.number == version.program.version,
            "rows": [(row, describe_item(ItemSpec.from_row(row))) for row in rows],
        },
    )


# --- sessions -----------------------------------------------------------------------------


def _session_initial(last: Any, user: Any) -> dict[str, Any]:
    # Pain ratings and RPE are today's measurements: they are asked every time, never
    # copied, because a copied pre-session baseline would feed triage a wrong number.
    duration = last.duration_minutes if last is not None else 60
    # Sessions are logged once they are over: by default this one has just ended, so a
    # pain report right after it is not "before the session ended".
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {
        "started_at": now - dt.timedelta(minutes=duration),
        "duration_minutes": duration,
        "practitioner": str(user.pk),
    }


def _performed_initial(rows: Any, unit: str) -> list[dict[str, Any]]:
    return [
        {
            "exercise": str(row.exercise_id),
            "planned": "1",
            "done": True,
            "sets": row.sets,
            "reps": row.reps,
            "load": format_number(row.load) if row.load is not None else None,
            "load_unit": row.load_unit,
            "duration_minutes": minutes_input(row.duration_seconds),
            "side": row.side,
        }
        for row in rows
    ]


def session_fields(
    data: dict[str, Any], people_by_id: dict[int, Any], formset: Any
) -> dict[str, Any]:
    """The session form's answers as the keyword arguments logging and correcting share."""
    return {
        "practitioner": people_by_id[data["practitioner"]],
        "started_at": data["started_at"],
        "duration_minutes": data["duration_minutes"],
        "pain_before": data["pain_before"],
        "pain_during_max": data["pain_during_max"],
        "pain_after": data["pain_after"],
        "pain_2h": data["pain_2h"],
        "rpe": data["rpe"],
        "exercises": _performed_specs(formset),
        "practitioner_observations": data["practitioner_observations"],
        "client_statements": data["client_statements"],
    }


def _performed_specs(formset: Any) -> list[PerformedSpec]:
    specs = []
    for f in formset.used_forms():
        data = f.cleaned_data
        specs.append(
            PerformedSpec(
                exercise=data["exercise"],
                sets=[SetSpec(reps=r, load=load) for r, load in data.get("set_list", [])],
                load_unit=data.get("load_unit") or formset.form_kwargs["unit"],
                duration_seconds=data.get("duration_seconds"),
                side=data.get("side") or "",
                pain_during=data.get("pain_during"),
                notes=data.get("notes") or "",
            )
        )
    return specs


@practice_view
def session_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    practice = client.practice
    version = selectors.current_version_of(client)
    rows = selectors.version_rows(version)
    on_hold = client.status == Client.Status.ON_HOLD
    people = selectors.practitioners(practice)
    last = selectors.last_session(client) if request.method == "GET" else None
    # Showing the form needs only the program's exercises (added rows come with their own
    # list, by htmx); a posted form may name any exercise of the library.
    in_program = {row.exercise_id: row.exercise for row in rows}
    exercises = (
        selectors.exercise_choices(practice, also=set(in_program))
        if request.method == "POST"
        else list(in_program.values())
    )
    form_kwargs = {"exercises": exercises, "unit": practice.units}
    duplicate = None
    if request.method == "POST":
        form = SessionForm(request.POST, practitioners=people, on_hold=on_hold)
        formset = PerformedFormSet(request.POST, prefix=DONE_PREFIX, form_kwargs=form_kwargs)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            by_id = {u.pk: u for u in people}
            try:
                session = services.session_log(
                    client=client,
                    actor=request.user,
                    **session_fields(data, by_id, formset),
                    hold_override_reason=data.get("hold_override_reason", ""),
                    program_version=version,
                    allow_duplicate=request.POST.get("log_anyway") == "1",
                )
            except DuplicateSession as dup:
                duplicate = dup.existing
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Session saved.")
                return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    else:
        initial = _session_initial(last, request.user)
        form = SessionForm(initial=initial, practitioners=people, on_hold=on_hold)
        formset = PerformedFormSet(
            initial=_performed_initial(rows, practice.units),
            prefix=DONE_PREFIX,
            form_kwargs=form_kwargs,
        )
    _viewed(request, client, detail="new session form")
    program = version.program if version is not None else selectors.program_for_client(client)
    return render(
        request,
        "training/session_form.html",
        {
            "client": client,
            "form": form,
            "formset": formset,
            "version": version,
            "on_hold": on_hold,
            "last": last,
            "unit": practice.units,
            "program": program,
            "referral": current_referral(client),
            "conditions_newer": selectors.conditions_newer_than_version(program, version),
            "duplicate": duplicate,
        },
    )


@practice_view
@require_GET
def session_form_row(request: HttpRequest, client_id: int) -> HttpResponse:
    """htmx: one more exercise row for the session form (and the formset's new total)."""
    client = client_for_user(request.user, client_id)
    try:
        index = max(0, min(int(request.GET.get(f"{DONE_PREFIX}-TOTAL_FORMS", "0")), 200))
    except ValueError:
        index = 0
    practice = client.practice
    form = PerformedForm(
        prefix=f"{DONE_PREFIX}-{index}",
        empty_permitted=True,
        use_required_attribute=False,
        exercises=selectors.exercise_choices(practice),
        unit=practice.units,
    )
    return render(
        request,
        "training/_performed_row.html",
        {
            "row": form,
            "unit": practice.units,
            "total": index + 1,
            "prefix": DONE_PREFIX,
            "oob": True,
        },
    )


@practice_view
@require_GET
def session_detail(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    session = session_for_user(request.user, client, session_id)
    return session_detail_page(request, client, session)


def session_detail_page(
    request: HttpRequest,
    client: Any,
    session: Any,
    pain_2h_form: Pain2hForm | None = None,
    status: int = 200,
) -> HttpResponse:
    with transaction.atomic():
        _viewed(request, session)
    return render(
        request,
        "training/session_detail.html",
        {
            "client": client,
            "session": session,
            "performed": panel.performed_rows(selectors.session_exercises(session)),
            "revisions": selectors.session_revisions(session),
            "pain_2h_form": pain_2h_form or Pain2hForm(),
            "form": pain_2h_form,
        },
        status=status,
    )


@practice_view
@require_GET
def session_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    page = Paginator(selectors.sessions_page_queryset(client), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    with transaction.atomic():
        _viewed(request, client)
    return render(request, "training/session_list.html", {"client": client, "page": page})


# --- the client page's charts, loaded by htmx after the page (drawing them is slow) ---------
