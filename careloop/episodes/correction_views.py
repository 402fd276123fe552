"""Pages that correct or void a pain report. Thin: parse, check access, call
careloop.episodes.services.corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from careloop.accounts.decorators import practice_view
from careloop.core.forms import add_service_errors
from careloop.episodes.access import pain_report_for_user
from careloop.episodes.forms import DATETIME_FORMAT
from careloop.episodes.services.corrections import pain_report_correct, pain_report_void
from careloop.episodes.views import _report_form, _viewed
from careloop.training.forms import ChangeReasonForm


def _initial(report: Any) -> dict[str, Any]:
    # A question not asked the first time is not answered for the practitioner now.
    given = report.as_input()
    initial = given.model_dump(exclude={"not_asked", "notes", *given.not_asked})
    initial["reported_at"] = timezone.localtime(report.reported_at).strftime(DATETIME_FORMAT)
    initial["session"] = report.session_id
    return initial


@practice_view
def pain_report_correct_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = pain_report_for_user(request.user, report_id)
    client = report.client
    if report.is_voided:
        messages.error(request, "This pain report is voided; it cannot be corrected.")
        return redirect("recommendation", triage_record_id=report.triage_record.pk)
    reason_form = ChangeReasonForm(request.POST or None)
    form = _report_form(request, client, request.POST or None)
    if request.method != "POST":
        form.initial.update(_initial(report))
    if request.method == "POST" and reason_form.is_valid() and form.is_valid():
        try:
            new = pain_report_correct(
                report=report,
                actor=request.user,
                **reason_form.cleaned_data,
                corrected=form.report_input,
                session=form.cleaned_data["session"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Report corrected and triaged again; the earlier one is kept, voided."
            )
            return redirect("recommendation", triage_record_id=new.triage_record.pk)
    _viewed(request, report, detail="correction form")
    return render(
        request,
        "episodes/pain_report_form.html",
        {
            "client": client,
            "form": form,
            "reason_form": reason_form,
            "report": report,
            "correcting": True,
            "has_sessions": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@practice_view
def pain_report_void_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = pain_report_for_user(request.user, report_id)
    form = ChangeReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pain_report_void(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Pain report voided: it no longer counts.")
            return redirect("episode_detail", episode_id=report.episode_id)
    _viewed(request, report, detail="void form")
    return render(
        request,
        "episodes/pain_report_void.html",
        {"report": report, "client": report.client, "form": form},
        status=400 if form.errors else 200,
    )
