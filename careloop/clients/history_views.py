"""Pages for a client's medications and a referral's further surgeries or procedures.
Thin: check access, call a service (careloop.clients.history_services), render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients import history_services
from careloop.clients.access import (
    client_for_user,
    medication_for_user,
    referral_for_user,
    referral_procedure_for_user,
)
from careloop.clients.forms import MedicationForm, ReferralProcedureForm
from careloop.core.forms import add_service_errors


def _client_page(client_id: int, anchor: str) -> str:
    return reverse("client_detail", args=[client_id]) + anchor


@practice_view
def referral_procedure_create(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_user(request.user, referral_id)
    form = ReferralProcedureForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            history_services.referral_procedure_add(
                referral=referral,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Surgery or procedure added to the referral.")
            return redirect(_client_page(referral.client_id, "#referral"))
    audit_view(actor=request.user, obj=referral, detail="new procedure form")
    return render(
        request,
        "clients/procedure_form.html",
        {"client": referral.client, "referral": referral, "form": form},
    )


@practice_view
@require_POST
def referral_procedure_remove(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = referral_procedure_for_user(request.user, procedure_id)
    client_id = procedure.referral.client_id
    history_services.referral_procedure_remove(procedure=procedure, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, "Surgery or procedure removed from the referral.")
    return redirect(_client_page(client_id, "#referral"))


@practice_view
def medication_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = MedicationForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            history_services.medication_record(
                client=client,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Medicine recorded.")
            return redirect(_client_page(client.pk, "#medications"))
    audit_view(actor=request.user, obj=client, detail="new medication form")
    return render(request, "clients/medication_form.html", {"client": client, "form": form})


@practice_view
@require_POST
def medication_stop(request: HttpRequest, medication_id: int) -> HttpResponse:
    medication = medication_for_user(request.user, medication_id)
    try:
        history_services.medication_stop(medication=medication, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{medication.name} marked as no longer taken.")
    return redirect(_client_page(medication.client_id, "#medications"))
