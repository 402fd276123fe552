"""The client's check-in page (no account: the token is the key) and the practitioner's
link actions (signed in, through the access functions)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from careloop.accounts.access import require_owner
from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_log
from careloop.checkin import selectors, services
from careloop.checkin.access import link_for_token, link_for_user
from careloop.checkin.forms import CheckinForm, NewLinkForm, SettingsForm
from careloop.checkin.messages import link_url
from careloop.checkin.models import CheckinLink
from careloop.checkin.tokens import rate_limit_hit
from careloop.clients.access import client_for_user
from careloop.core.addresses import client_address

# Per address: enough for a family behind one router, far too few to guess a token.
PAGE_LIMIT = 30
PAGE_WINDOW = dt.timedelta(minutes=10)
# Per link: answers sent (a double tap counts too; far above any real use).
ANSWER_LIMIT = 10
ANSWER_WINDOW = dt.timedelta(hours=1)


def _private(response: HttpResponse) -> HttpResponse:
    """The page's address is the client's key: never cached, indexed or sent to another
    site. (Not "no-referrer": the browser would then send its form with Origin "null",
    which the CSRF check rightly refuses.)"""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _client_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return _private(render(request, template, context, status=status))


@never_cache
def checkin_page(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    address = client_address(request)
    if rate_limit_hit(key=f"checkin-ip:{address}", limit=PAGE_LIMIT, window=PAGE_WINDOW, now=now):
        return _client_page(request, "checkin/too_many.html", {}, status=429)
    link = link_for_token(token)
    if link is None:
        return _client_page(request, "checkin/unknown.html", {}, status=404)
    with translation.override(link.client.language):
        return _link_page(request, link, now)


def _unusable(request: HttpRequest, link: CheckinLink) -> HttpResponse:
    """Expired, revoked or used up: whom to call, and nothing recorded."""
    context = {
        "link": link,
        "practice": link.practice,
        "emergency_number": services.checkin_settings_for(link.practice_id).emergency_number,
        "lang": link.client.language,
    }
    return _client_page(request, "checkin/unusable.html", context, status=410)


def _link_page(request: HttpRequest, link: CheckinLink, now: dt.datetime) -> HttpResponse:
    emergency_number = services.checkin_settings_for(link.practice_id).emergency_number
    region = selectors.referral_region(link.client)
    if request.method == "POST":
        if rate_limit_hit(
            key=f"checkin-link:{link.pk}", limit=ANSWER_LIMIT, window=ANSWER_WINDOW, now=now
        ):
            return _client_page(request, "checkin/too_many.html", {"link": link}, status=429)
        form = CheckinForm(request.POST, region=region)
        if form.is_valid():
            try:
                submission = services.checkin_report_submit(
                    link=link, key=form.cleaned_data["key"], report=form.report_input, now=now
                )
            except services.LinkUnusable:
                return _unusable(request, link)
            outcome = selectors.outcome_for(submission)
            context = {"outcome": outcome, "first_name": link.client.first_name}
            context["lang"] = link.client.language
            return _client_page(request, "checkin/outcome.html", context)
    else:
        if not link.usable_at(now):
            return _unusable(request, link)
        form = CheckinForm(initial={"key": secrets.token_urlsafe(24)}, region=region)
        with transaction.atomic():
            audit_log(actor=link, practice=link.practice_id, action="view", obj=link)
    if not link.usable_at(now):
        return _unusable(request, link)
    context = {
        "form": form,
        "link": link,
        "first_name": link.client.first_name,
        "practice": link.practice,
        "emergency_number": emergency_number,
        "lang": link.client.language,
        "morning_after": link.kind == CheckinLink.Kind.MORNING_AFTER,
    }
    return _client_page(request, "checkin/page.html", context, status=400 if form.errors else 200)


@practice_view
@require_POST
def checkin_link_new(request: HttpRequest, client_id: int) -> HttpResponse:
    """A standing "report pain" link: e-mailed, texted, or printed as a QR card now."""
    client = client_for_user(request.user, client_id)
    form = NewLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how to send the check-in link.")
        return redirect("client_detail", client_id=client.pk)
    channel = form.cleaned_data["channel"]
    try:
        link, token = services.checkin_link_create(
            client=client,
            kind=CheckinLink.Kind.STANDING,
            channel=channel,
            responsible=request.user,  # type: ignore[arg-type]
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("client_detail", client_id=client.pk)
    if channel == CheckinLink.Channel.PRINT:
        url = link_url(token)
        qr = segno.make(url, error="m")
        context = {
            "client": client,
            "practice": client.practice,
            "qr_svg": qr.svg_inline(scale=5, border=2, omitsize=True),
            "url": url,
        }
        with translation.override(client.language):
            return _private(render(request, "checkin/card.html", context))
    messages.success(request, f"Check-in link sent by {link.get_channel_display().lower()}.")
    return redirect("client_detail", client_id=client.pk)


@practice_view
@require_POST
def checkin_link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = link_for_user(request.user, link_id)
    services.checkin_link_revoke(link=link, revoked_by=request.user)  # type: ignore[arg-type]
    messages.success(request, "Check-in link revoked: it no longer opens.")
    return redirect("client_detail", client_id=link.client_id)


@practice_view
@require_POST
def checkin_call_done(request: HttpRequest, link_id: int) -> HttpResponse:
    link = link_for_user(request.user, link_id)
    services.checkin_call_done(link=link, called_by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Noted: you called {link.client.full_name}.")
    return redirect("dashboard")


@practice_view
def checkin_settings(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    current = services.checkin_settings_for(owner.practice_id)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.checkin_settings_update(
            practice_id=owner.practice_id,
            actor=request.user,  # type: ignore[arg-type]
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, "Check-in settings saved.")
        return redirect("checkin_settings")
    return render(request, "checkin/settings.html", {"form": form})
