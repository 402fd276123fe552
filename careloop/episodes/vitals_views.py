"""Recording vital signs where they are observed: with a session (from the session page) or
with a pain report (from the episode page). Thin: access, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients.access import client_for_user
from careloop.core.forms import add_service_errors
from careloop.episodes.access import pain_report_for_user
from careloop.episodes.services import vital_signs_record
from careloop.episodes.vitals import VitalSigns
from careloop.episodes.vitals_forms import VitalSignsForm
from careloop.training.access import session_for_user


def _vitals_page(
    request: HttpRequest,
    *,
    client: Any,
    session: Any = None,
    pain_report: Any = None,
    default_at: Any,
    back: str,
) -> HttpResponse:
    form = VitalSignsForm(
        request.POST or None,
        instance=VitalSigns(
            practice=client.practice,
            client=client,
            measured_by=request.user,  # type: ignore[misc]
        ),
        initial={"measured_at": timezone.localtime(min(default_at, timezone.now()))},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            vital_signs_record(
                client=client,
                actor=request.user,  # type: ignore[arg-type]
                session=session,
                pain_report=pain_report,
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Vital signs recorded.")
            return redirect(back)
    audit_view(actor=request.user, obj=pain_report or session, detail="vital signs form")
    return render(
        request,
        "episodes/vitals_form.html",
        {
            "client": client,
            "session": session,
            "pain_report": pain_report,
            "form": form,
            "back": back,
        },
        status=400 if form.errors else 200,
    )


@practice_view
def session_vitals_create(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    session = session_for_user(request.user, client, session_id)
    back = reverse("session_detail", args=[client.pk, session.pk]) + "#vitals"
    return _vitals_page(
        request, client=client, session=session, default_at=session.ended_at, back=back
    )


@practice_view
def pain_report_vitals_create(request: HttpRequest, report_id: int) -> HttpResponse:
    report = pain_report_for_user(request.user, report_id)
    back = reverse("episode_detail", args=[report.episode_id]) + "#vitals"
    return _vitals_page(
        request,
        client=report.client,
        pain_report=report,
        default_at=report.reported_at,
        back=back,
    )
