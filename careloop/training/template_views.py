"""Saving a client's program as a template. Thin: parse, check access, call the service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.accounts.decorators import practice_view
from careloop.training import selectors
from careloop.training.access import client_for_user
from careloop.training.forms import ProgramTemplateForm
from careloop.training.program_templates import program_template_create


@practice_view
@require_POST
def program_save_as_template(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    version = selectors.current_version(selectors.program_for_client(client))
    if version is None:
        raise Http404("No program yet")
    form = ProgramTemplateForm(request.POST)
    if form.is_valid():
        try:
            template = program_template_create(
                practice=client.practice,
                actor=request.user,
                name=form.cleaned_data["name"],
                version=version,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                f"Saved as the template {template.name}: it is offered when a program is "
                "started or edited.",
            )
            return redirect("program_detail", client_id=client.pk)
    return render(
        request,
        "training/program_template_form.html",
        {"client": client, "version": version, "template_form": form},
    )
