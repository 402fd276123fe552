"""Practice settings → API tokens: owners create and revoke the practice's tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.accounts.access import get_in_practice, require_owner
from careloop.accounts.decorators import practice_view
from careloop.api.forms import ApiTokenForm
from careloop.api.models import ApiToken
from careloop.api.services import api_token_create, api_token_revoke


@practice_view
def api_tokens(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _, secret = api_token_create(
            practice=owner.practice,
            actor=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        )
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(practice=owner.practice).select_related("created_by")
    # The secret is shown in this answer only (never stored, never in a redirect's URL).
    return render(
        request, "api/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )


@practice_view
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    require_owner(request.user)
    token = get_in_practice(ApiToken.objects.all(), request.user, token_id)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token {token.prefix}… revoked: it no longer works.")
    return redirect("api_tokens")
