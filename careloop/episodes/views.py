"""Pages of the pain-response workflow. Thin: parse, check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from careloop.accounts.access import practice_for_user, require_owner
from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients.selectors import current_referral
from careloop.core.forms import add_service_errors
from careloop.core.pageparts import render_part
from careloop.episodes import selectors, services
from careloop.episodes.access import (
    client_for_user,
    episode_for_user,
    follow_up_for_user,
    hold_for_user,
    triage_record_for_user,
)
from careloop.episodes.forms import (
    DATETIME_FORMAT,
    ClearanceForm,
    ContactNoteForm,
    DecisionForm,
    PainReportForm,
    ResolveForm,
    RulesetForm,
)
from careloop.episodes.models import FollowUp
from careloop.episodes.services import DecisionConflict
from careloop.triage import DEFAULT_RULESET

PAGE_SIZE = 25


def _viewed(request: HttpRequest, obj: Any, detail: str = "") -> None:
    audit_view(actor=request.user, obj=obj, detail=detail)


def _report_form(request: HttpRequest, client: Any, data: Any = None) -> PainReportForm:
    referral = current_referral(client)
    return PainReportForm(
        data,
        sessions=selectors.report_sessions(client),
        referral_region=referral.region if referral is not None else "",
    )


# Pain report -------------------------------------------------------------------------------


@practice_view
def pain_report_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    form = _report_form(request, client, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.pain_report_create(
                client=client,
                recorded_by=request.user,
                report=form.report_input,
                session=form.cleaned_data["session"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("recommendation", triage_record_id=report.triage_record.pk)
    _viewed(request, client, detail="new pain report form")
    return render(
        request,
        "episodes/pain_report_form.html",
        {
            "client": client,
            "form": form,
            "hold": selectors.active_hold(client),
            "has_sessions": form.fields["session"].queryset.exists(),  # type: ignore[attr-defined]
        },
    )


@practice_view
def client_called(request: HttpRequest) -> HttpResponse:
    """ "Client called": pick the client, then the pain report form."""
    practice = practice_for_user(request.user)
    query = request.GET.get("q", "").strip()
    clients = selectors.client_search(practice, query)
    template = (
        "episodes/_client_called_results.html"
        if request.headers.get("HX-Request") == "true"
        else "episodes/client_called.html"
    )
    return render(request, template, {"clients": clients, "q": query})


# Recommendation and decision ---------------------------------------------------------------


def _recommendation_page(
    request: HttpRequest, record: Any, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    context = selectors.recommendation_context(record)
    if context["decision"] is None and form is None:
        form = DecisionForm(
            initial={"chosen_action": record.action},
            items=context["program_items"],
            care_setting=record.care_setting,
        )
    context["form"] = form
    return render(request, "episodes/recommendation.html", context, status=status)


@practice_view
def recommendation(request: HttpRequest, triage_record_id: int) -> HttpResponse:
    record = triage_record_for_user(request.user, triage_record_id)
    _viewed(request, record)
    return _recommendation_page(request, record)


@practice_view
@require_POST
def decision_create(request: HttpRequest, triage_record_id: int) -> HttpResponse:
    record = triage_record_for_user(request.user, triage_record_id)
    items = selectors.program_items_for(record.pain_report.client)
    form = DecisionForm(
        request.POST, items=items, recommended=record.action, care_setting=record.care_setting
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                triage_record=record,
                decided_by=request.user,
                chosen_action=data["chosen_action"],
                reason=data["reason"],
                continue_choice=data["continue_choice"],
                modification_change=data["modification_change"],
                modification_reason=data["modification_reason"],
                modification_items=form.modified_items(),
            )
        except DecisionConflict as exc:
            messages.error(request, exc.messages[0])
            return redirect("recommendation", triage_record_id=record.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Decision recorded: {decision.chosen_label}.")
            return redirect("episode_detail", episode_id=record.episode_id)
    return _recommendation_page(request, record, form, status=400)


@practice_view
@require_POST
def emergency_action_create(request: HttpRequest, triage_record_id: int) -> HttpResponse:
    record = triage_record_for_user(request.user, triage_record_id)
    try:
        action, created = services.emergency_action_record(
            triage_record=record, kind=request.POST.get("kind", ""), recorded_by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = action.get_kind_display()
        at = timezone.localtime(action.recorded_at)
        messages.success(
            request,
            f"Recorded: {label} ({at:%H:%M})." if created else f"Already recorded: {label}.",
        )
    return redirect("recommendation", triage_record_id=record.pk)


# Episodes ----------------------------------------------------------------------------------


@practice_view
def episode_list(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    show = request.GET.get("show", "open")

    def context(as_of: Any) -> dict[str, Any]:
        episodes = selectors.episodes_page_queryset(practice, resolved=show == "resolved")
        page = Paginator(episodes, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"page": page, "show": show}

    body = render_part(request, "episode_list", "episodes/_episode_list_body.html", context)
    return render(request, "episodes/episode_list.html", {"body": body})


@practice_view
def episode_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    _viewed(request, episode)
    return _episode_page(request, episode)


def _episode_page(
    request: HttpRequest, episode: Any, resolve_form: ResolveForm | None = None, status: int = 200
) -> HttpResponse:
    context = selectors.episode_context(episode)
    context["resolve_form"] = resolve_form or ResolveForm()
    return render(request, "episodes/episode_detail.html", context, status=status)


@practice_view
@require_POST
def episode_resolve(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.episode_resolve(
                episode=episode,
                resolved_by=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["outcome_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Episode resolved.")
            return redirect("episode_detail", episode_id=episode.pk)
    return _episode_page(request, episode, form, status=400)


# Holds and clearances ----------------------------------------------------------------------


@practice_view
def clearance_create(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = hold_for_user(request.user, hold_id)
    source = hold.awaiting_clearance_from
    initial = {
        "cleared_by_name": source.name if source is not None else "",
        "cleared_by_role": source.get_kind_display() if source is not None else "",
        "cleared_at": timezone.localtime().strftime(DATETIME_FORMAT),
        "channel": "phone",
    }
    form = ClearanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and hold.lifted_at is None and form.is_valid():
        try:
            clearance = services.clearance_record(
                hold=hold, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_clearance(request, clearance, hold)
    _viewed(request, hold, detail="clearance form")
    return render(
        request,
        "episodes/clearance_form.html",
        {"hold": hold, "client": hold.client, "form": form},
        status=400 if form.errors else 200,
    )


def _after_clearance(request: HttpRequest, clearance: Any, hold: Any) -> HttpResponse:
    """A clearance on conditions usually means new numbers: offer the program version it
    implies (the editor opens with the conditions beside the exercises)."""
    if clearance.conditions and hold.program is not None and hold.program.version > 0:
        messages.success(
            request,
            "Clearance recorded: the hold is lifted. Its conditions may change the program: "
            "adjust the exercises and save the new version.",
        )
        return redirect(
            reverse("program_edit", kwargs={"client_id": hold.client_id}) + "?after_clearance=1"
        )
    messages.success(request, "Clearance recorded: the hold is lifted.")
    return redirect("episode_detail", episode_id=hold.episode_id)


# Follow-ups --------------------------------------------------------------------------------


@practice_view
def follow_up_complete(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = follow_up_for_user(request.user, follow_up_id)
    client = follow_up.client
    is_check_in = follow_up.kind == FollowUp.Kind.CHECK_IN
    form: BaseForm
    if is_check_in:
        form = _report_form(request, client, request.POST or None)
    else:
        form = ContactNoteForm(request.POST or None)
    if request.method == "POST" and follow_up.completed_at is None and form.is_valid():
        try:
            if is_check_in:
                assert isinstance(form, PainReportForm)
                done = services.follow_up_complete(
                    follow_up=follow_up,
                    completed_by=request.user,
                    report=form.report_input,
                    session=form.cleaned_data["session"],
                )
            else:
                done = services.follow_up_complete(
                    follow_up=follow_up, completed_by=request.user, note=form.cleaned_data["note"]
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if done.result is not None:
                record = done.result.triage_record
                if record.escalated_from:
                    messages.warning(request, "Worse than before: the recommendation escalates.")
                return redirect("recommendation", triage_record_id=record.pk)
            messages.success(request, "Follow-up completed.")
            return redirect("episode_detail", episode_id=follow_up.episode_id)
    _viewed(request, follow_up, detail="completion form")
    return render(
        request,
        "episodes/follow_up_form.html",
        {"follow_up": follow_up, "client": client, "form": form, "is_check_in": is_check_in},
        status=400 if form.errors else 200,
    )


# Practice ruleset --------------------------------------------------------------------------


@practice_view
def practice_ruleset(request: HttpRequest) -> HttpResponse:
    membership = require_owner(request.user)
    practice = membership.practice
    active, current = services.ruleset_for_practice(practice)
    form = RulesetForm(request.POST or None, ruleset=DEFAULT_RULESET, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.practice_ruleset_create(
                practice=practice,
                created_by=request.user,
                overrides=form.overrides(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Thresholds saved as version {created.version}.")
            return redirect("practice_ruleset")
    return render(
        request,
        "episodes/practice_ruleset.html",
        {
            "form": form,
            "active": active,
            "current": current,
            "history": selectors.ruleset_history(practice),
        },
        status=400 if form.errors else 200,
    )
