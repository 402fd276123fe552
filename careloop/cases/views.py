"""Sharing an episode as a de-identified case: preview, edit, confirm, post; updates;
withdrawal; the client's consent and the practice's setting."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.cases import preview, selectors, services
from careloop.cases.access import shared_case_for_user, shared_case_to_withdraw
from careloop.cases.document import PLACEHOLDER_HINT, CaseDocument
from careloop.cases.forms import ConsentForm, SettingForm, ShareForm, UpdateForm
from careloop.episodes.access import episode_for_user
from careloop.network.access import member_of
from careloop.network.views.common import network_view


def _share_page(
    request: HttpRequest,
    episode: Any,
    case: CaseDocument,
    form: ShareForm,
    *,
    status: int = 200,
    note: str = "",
    consent_form: ConsentForm | None = None,
    fingerprint: str = "",
    source: CaseDocument | None = None,
    edited: dict[str, str] | None = None,
) -> HttpResponse:
    context = {
        "episode": episode,
        "client": episode.client,
        "case": case.model_dump(mode="json"),
        "texts": preview.free_texts(source or case, edited),
        # Of the case as built from the record (before edits): a POST made from an older
        # preview is refused.
        "fingerprint": fingerprint or preview.fingerprint(case),
        "form": form,
        "consent_needed": selectors.consent_needed(episode.client),
        "consent_form": consent_form or ConsentForm(),
        "is_member": member_of(request.user) is not None,
        "note": note,
        "hint": PLACEHOLDER_HINT,
        "removal_count": len(case.removals),
    }
    return render(request, "cases/share.html", context, status=status)


@practice_view
def episode_share(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    audit_view(actor=request.user, obj=episode, detail="case preview")
    doc, extra = preview.source_of(episode, request.user)
    case = preview.case_of(doc, extra)
    if request.method != "POST":
        return _share_page(request, episode, case, ShareForm())
    form = ShareForm(request.POST)
    if request.POST.get("fingerprint") != preview.fingerprint(case):
        note = "The episode changed while you were reading: check the case again."
        return _share_page(request, episode, case, form, status=409, note=note)
    edits = {k: str(v) for k, v in request.POST.items() if "~" in k}
    result = preview.with_edits(doc, extra, case, edits)
    edited, more = result.case, result.more_removals
    page = functools.partial(
        _share_page, fingerprint=preview.fingerprint(case), source=case, edited=result.sentences
    )
    # "Check my changes" shows the edits scrubbed, with what the author typed kept and no
    # errors yet (the title is needed only to post).
    unbound = ShareForm(initial={k: request.POST.get(k, "") for k in ("title", "question")})
    if more:
        plural = "s" if more != 1 else ""
        note = f"{more} more identifier{plural} removed from your edits: check again."
        return page(request, episode, edited, unbound, status=400, note=note)
    if request.POST.get("action") != "share":
        return page(request, episode, edited, unbound)
    if not form.is_valid():
        return page(request, episode, edited, form, status=400)
    if not form.cleaned_data["confirm"]:
        form.add_error("confirm", "Tick this once you have read the case.")
        return page(request, episode, edited, form, status=400)
    try:
        shared = services.case_share(
            episode=episode,
            user=request.user,
            case=edited,
            title=form.cleaned_data["title"],
            question=form.cleaned_data["question"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return page(request, episode, edited, form, status=400)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return page(request, episode, edited, form, status=403)
    messages.success(request, "Your case is posted in the network's Cases category.")
    return redirect("network_thread", shared.thread_id)


@practice_view
@require_POST
def episode_case_consent(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.case_consent_record(
                client=episode.client,
                recorded_by=request.user,
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, "Consent to de-identified case sharing recorded.")
            return redirect("case_share", episode.pk)
    audit_view(actor=request.user, obj=episode, detail="case preview")
    doc, extra = preview.source_of(episode, request.user)
    case = preview.case_of(doc, extra)
    return _share_page(request, episode, case, ShareForm(), status=400, consent_form=form)


@practice_view
def case_update(request: HttpRequest, shared_case_id: int) -> HttpResponse:
    shared = shared_case_for_user(request.user, shared_case_id)
    audit_view(actor=request.user, obj=shared, detail="case update")
    doc, extra = preview.source_of(shared.episode, request.user)
    later = preview.case_of(doc, extra).what_happened_next
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update_post(
                shared_case=shared,
                user=request.user,
                what_happened_next=later,
                text=form.cleaned_data["text"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error("text", getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, "Update posted.")
            return redirect("network_thread", shared.thread_id)
    context = {"shared": shared, "form": form, "next": later.model_dump(mode="json")}
    return render(request, "cases/update.html", context, status=400 if form.errors else 200)


@network_view
@require_POST
def case_withdraw(request: HttpRequest, shared_case_id: int) -> HttpResponse:
    member = request.network_member  # type: ignore[attr-defined]
    shared = shared_case_to_withdraw(member, shared_case_id)
    services.case_withdraw(shared_case=shared, member=member)
    messages.success(request, "The case was withdrawn; the discussion stays.")
    return redirect("network_thread", shared.thread_id)


@practice_view
def practice_setting(request: HttpRequest) -> HttpResponse:
    practice = request.practice  # type: ignore[attr-defined]
    required = selectors.consent_required(practice.pk)
    form = SettingForm(request.POST or None, initial={"consent_required": required})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_setting_set(
                practice=practice,
                changed_by=request.user,
                consent_required=form.cleaned_data["consent_required"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return render(request, "cases/setting.html", {"form": form}, status=403)
        else:
            messages.success(request, "Saved.")
            return redirect(reverse("case_practice_setting"))
    status = 400 if form.errors else 200
    return render(request, "cases/setting.html", {"form": form}, status=status)
