"""Pages for referral sources and clients. Thin: parse, check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careloop.accounts.access import practice_for_user
from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients import selectors, services
from careloop.clients.access import (
    client_for_user,
    consent_for_user,
    referral_for_user,
    referral_source_for_user,
)
from careloop.clients.duplicates import DuplicateClient
from careloop.clients.forms import (
    ClientFilterForm,
    ClientForm,
    ConsentForm,
    DischargeForm,
    OptionalConsentForm,
    ReferralForm,
    ReferralSourceForm,
)
from careloop.clients.models import Client, practice_today
from careloop.core.forms import add_service_errors
from careloop.core.pageparts import part_today, render_part

PAGE_SIZE = 25
SOURCE_PICKER_LIMIT = 8


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring(request: HttpRequest, **overrides: Any) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in overrides.items():
        params[key] = value
    return params.urlencode()


# Referral sources -------------------------------------------------------------------------


@practice_view
def referral_source_list(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    q = request.GET.get("q", "").strip()
    page = _page(request, selectors.referral_source_list(practice, q))
    context = {"page": page, "q": q, "querystring": _querystring(request)}
    if _is_htmx(request):
        return render(request, "clients/_referral_source_results.html", context)
    return render(request, "clients/referral_source_list.html", context)


def _source_form_page(
    request: HttpRequest, form: ReferralSourceForm, source: Any = None, matches: Any = ()
) -> HttpResponse:
    return render(
        request,
        "clients/referral_source_form.html",
        {"form": form, "source": source, "matches": matches},
    )


@practice_view
def referral_source_create(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    form = ReferralSourceForm(request.POST or None, initial=_initial_from_query(request))
    if request.method != "POST" or not form.is_valid():
        return _source_form_page(request, form)
    try:
        source = services.referral_source_create(
            practice=practice,
            actor=request.user,  # type: ignore[arg-type]
            allow_duplicate=request.POST.get("create_anyway") == "1",
            **form.cleaned_data,
        )
    except services.DuplicateReferralSource as dup:
        return _source_form_page(request, form, matches=dup.matches)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _source_form_page(request, form)
    messages.success(request, f"{source} added to the practice's referral sources.")
    return redirect("referral_source_detail", source_id=source.pk)


def _initial_from_query(request: HttpRequest) -> dict[str, str]:
    name = request.GET.get("name", "").strip()
    return {"name": name} if name else {}


@practice_view
def referral_source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = referral_source_for_user(request.user, source_id)
    page = _page(request, selectors.clients_referred_by(source))
    # The page lists the clients this source referred: who was referred by whom is client data.
    audit_view(actor=request.user, obj=source, detail="referred clients")
    return render(request, "clients/referral_source_detail.html", {"source": source, "page": page})


@practice_view
def referral_source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    source = referral_source_for_user(request.user, source_id)
    form = ReferralSourceForm(request.POST or None, instance=source)
    if request.method != "POST" or not form.is_valid():
        return _source_form_page(request, form, source)
    fields = {name: form.cleaned_data[name] for name in form.changed_data}
    # form.is_valid() wrote the new values onto the instance: start from the stored row.
    source.refresh_from_db()
    try:
        services.referral_source_update(
            source=source,
            actor=request.user,  # type: ignore[arg-type]
            allow_duplicate=request.POST.get("create_anyway") == "1",
            **fields,
        )
    except services.DuplicateReferralSource as dup:
        return _source_form_page(request, form, source, matches=dup.matches)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _source_form_page(request, form, source)
    messages.success(request, "Referral source saved.")
    return redirect("referral_source_detail", source_id=source.pk)


@practice_view
def referral_source_picker(request: HttpRequest) -> HttpResponse:
    """The search-as-you-type choices of the referral form (an htmx partial)."""
    practice = practice_for_user(request.user)
    q = request.GET.get("source_q", "").strip()
    selected = None
    selected_id = request.GET.get("referral-source") or request.GET.get("source")
    if selected_id and selected_id.isdigit():
        selected = selectors.referral_source_list(practice).filter(pk=int(selected_id)).first()
    options = list(selectors.referral_source_list(practice, q)[: SOURCE_PICKER_LIMIT + 1])
    return render(
        request,
        "clients/_source_picker_options.html",
        _picker_context(request.GET.get("prefix", "referral"), q, selected, options),
    )


def _picker_context(prefix: str, q: str, selected: Any, options: list[Any]) -> dict[str, Any]:
    more = len(options) > SOURCE_PICKER_LIMIT
    options = options[:SOURCE_PICKER_LIMIT]
    if selected is not None and selected not in options:
        options = [selected, *options]
    return {
        "field_name": f"{prefix}-source" if prefix else "source",
        "options": options,
        "selected_id": selected.pk if selected is not None else None,
        "q": q,
        "more": more,
        "prefix": prefix,
    }


def _referral_context(request: HttpRequest, form: ReferralForm, prefix: str) -> dict[str, Any]:
    practice = practice_for_user(request.user)
    options = list(selectors.referral_source_list(practice)[: SOURCE_PICKER_LIMIT + 1])
    return {"picker": _picker_context(prefix, "", form.selected_source(), options)}


# Clients ----------------------------------------------------------------------------------


@practice_view
def client_list(request: HttpRequest) -> HttpResponse:
    """The practice's clients, found and filtered; the list is a kept part
    (careloop/core/pageparts.py), and an htmx request gets the results alone."""
    practice = practice_for_user(request.user)
    htmx = _is_htmx(request)
    part = render_part(
        request,
        "client_list",
        "clients/_client_results.html" if htmx else "clients/_client_list_body.html",
        lambda as_of: _client_list_context(request, practice, as_of),
        vary="htmx" if htmx else "",
    )
    if htmx:
        return HttpResponse(part)
    return render(request, "clients/client_list.html", {"body": part})


def _client_list_context(request: HttpRequest, practice: Any, as_of: Any) -> dict[str, Any]:
    filters = ClientFilterForm(request.GET or None, practice=practice)
    q, status, source_id = "", selectors.STATUS_CURRENT, None
    if filters.is_valid():
        q = filters.cleaned_data["q"].strip()
        status = filters.cleaned_data["status"]
        source_id = filters.cleaned_data["source"]
    page = _page(request, selectors.client_list(practice, q, status, source_id))
    today = part_today(as_of, practice.tz)
    for client in page.object_list:
        client.age_today = client.age_on(today)
        referrals = list(client.referrals.all())
        client.current_referral = referrals[0] if referrals else None
    return {
        "filters": filters,
        "page": page,
        "querystring": _querystring(request),
        "filtered": bool(q or status or source_id),
    }


def _client_form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    return render(request, "clients/client_form.html", context)


@practice_view
def client_create(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    data = request.POST if request.method == "POST" else None
    initial_source = request.GET.get("source")
    client_form = ClientForm(data, practice=practice, prefix="client")
    referral_form = ReferralForm(
        data,
        practice=practice,
        prefix="referral",
        initial={"referral_date": practice_today(practice), "source": initial_source},
    )
    consent_form = OptionalConsentForm(data, practice=practice, prefix="consent")
    forms = (client_form, referral_form, consent_form)

    def page(matches: Any = ()) -> HttpResponse:
        return _client_form_page(
            request,
            client_form=client_form,
            referral_form=referral_form,
            consent_form=consent_form,
            matches=matches,
            **_referral_context(request, referral_form, "referral"),
        )

    if data is None:
        return page()
    if client_form.is_valid():
        # Lets the referral check its dates against this date of birth.
        referral_form.instance.client = client_form.instance
    # Every form is validated, so each shows its errors at once.
    valid = [f.is_valid() for f in forms]
    if not all(valid):
        return page()
    try:
        client = services.client_create(
            practice=practice,
            actor=request.user,  # type: ignore[arg-type]
            client_fields=client_form.cleaned_data,
            referral_fields=referral_form.cleaned_data,
            consent_fields=None if consent_form.is_empty() else consent_form.cleaned_data,
            allow_duplicate=request.POST.get("create_anyway") == "1",
        )
    except DuplicateClient as dup:
        return page(matches=dup.matches)
    except ValidationError as exc:
        add_service_errors(client_form, exc)
        return page()
    messages.success(request, f"{client.full_name} added.")
    return redirect("client_detail", client_id=client.pk)


@practice_view
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's page. Every view is audited; the body is a kept part
    (careloop/core/pageparts.py), built again only when the practice changed."""
    client = client_for_user(request.user, client_id)
    audit_view(actor=request.user, obj=client)  # its own transaction
    discharge_form = DischargeForm()
    body = render_part(
        request,
        "client_detail",
        "clients/_client_detail_body.html",
        lambda as_of: _client_detail_context(client, discharge_form, as_of),
    )
    return render(
        request,
        "clients/client_detail.html",
        {"client": client, "discharge_form": discharge_form, "body": body},
    )


def _client_detail_context(client: Client, discharge_form: Any, as_of: Any) -> dict[str, Any]:
    today = part_today(as_of, client.practice.tz)
    referrals = selectors.client_referrals(client)
    return {
        "client": client,
        "practice": client.practice,
        "now": as_of,
        "today": today,
        "age": client.age_on(today),
        "referral": referrals[0] if referrals else None,
        "earlier_referrals": referrals[1:],
        "consent": selectors.consent_status(client, today),
        "procedures": selectors.referral_procedures(referrals[0]) if referrals else [],
        "medications": selectors.current_medications(client),
        "discharge_form": discharge_form,
    }


@practice_view
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = ClientForm(request.POST or None, instance=client, practice=client.practice)
    matches: list[Client] = []
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        client.refresh_from_db()
        try:
            services.client_update(
                client=client,
                actor=request.user,  # type: ignore[arg-type]
                allow_duplicate=request.POST.get("create_anyway") == "1",
                **fields,
            )
        except DuplicateClient as dup:
            matches = dup.matches
            client.refresh_from_db()  # nothing was saved: the page names the client as stored
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Client details saved.")
            return redirect("client_detail", client_id=client.pk)
    audit_view(actor=request.user, obj=client, detail="edit form")
    return render(
        request,
        "clients/client_edit.html",
        {"form": form, "client": client, "matches": matches},
    )


@practice_view
@require_POST
def client_discharge(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = DischargeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.client_discharge(client=client, actor=request.user, reason=reason)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{client.full_name} discharged.")
    return redirect("client_detail", client_id=client.pk)


@practice_view
@require_POST
def client_reactivate(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    try:
        services.client_reactivate(client=client, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{client.full_name} is active again.")
    return redirect("client_detail", client_id=client.pk)


# Referrals and consents -------------------------------------------------------------------


def _referral_page(
    request: HttpRequest, client: Client, form: ReferralForm, referral: Any = None
) -> HttpResponse:
    return render(
        request,
        "clients/referral_form.html",
        {
            "client": client,
            "form": form,
            "referral": referral,
            **_referral_context(request, form, "referral"),
        },
    )


@practice_view
def referral_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = ReferralForm(
        request.POST or None,
        practice=client.practice,
        client=client,
        prefix="referral",
        initial={"referral_date": practice_today(client.practice)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(client=client, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Referral recorded.")
            return redirect("client_detail", client_id=client.pk)
    audit_view(actor=request.user, obj=client, detail="new referral form")
    return _referral_page(request, client, form)


@practice_view
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_user(request.user, referral_id)
    client = referral.client
    form = ReferralForm(
        request.POST or None,
        instance=referral,
        practice=referral.practice,
        client=client,
        prefix="referral",
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        referral.refresh_from_db()
        try:
            services.referral_update(referral=referral, actor=request.user, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Referral saved.")
            return redirect("client_detail", client_id=client.pk)
    audit_view(actor=request.user, obj=referral, detail="edit form")
    return _referral_page(request, client, form, referral)


@practice_view
def consent_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = ConsentForm(
        request.POST or None,
        practice=client.practice,
        initial={
            "given_on": practice_today(client.practice),
            "scope": "Session, program and pain information, shared with the referring "
            "clinician and the client's treating clinicians.",
        },
    )
    form.instance.client = client
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(client=client, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Consent recorded.")
            return redirect(reverse("client_detail", args=[client.pk]) + "#consent")
    audit_view(actor=request.user, obj=client, detail="new consent form")
    return render(request, "clients/consent_form.html", {"client": client, "form": form})


@practice_view
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = consent_for_user(request.user, consent_id)
    client = consent.client
    if request.method == "POST":
        try:
            services.consent_revoke(consent=consent, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, "Consent revoked: nothing about this client will be sent out."
            )
        return redirect(reverse("client_detail", args=[client.pk]) + "#consent")
    audit_view(actor=request.user, obj=consent, detail="revoke form")
    return render(request, "clients/consent_revoke.html", {"client": client, "consent": consent})
