"""Pages of letters and the communication log: parse, check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.clients.access import client_for_user
from careloop.clients.selectors import consent_is_current
from careloop.core.forms import add_service_errors
from careloop.episodes.access import episode_for_user
from careloop.episodes.selectors import active_hold
from careloop.letters import selectors, services
from careloop.letters.access import letter_for_user
from careloop.letters.content import section_text
from careloop.letters.filenames import content_disposition
from careloop.letters.forms import DATETIME_FORMAT, CommunicationForm, SectionForm, SendForm
from careloop.letters.models import Delivery, Letter
from careloop.letters.render import render as render_letter
from careloop.letters.render import render_html

FORMAT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def _viewed(request: HttpRequest, obj: Any, detail: str = "") -> None:
    audit_view(actor=request.user, obj=obj, detail=detail)


# ---- drafting ------------------------------------------------------------------------------


def _draft(request: HttpRequest, *, kind: str, episode: Any = None, client: Any = None) -> Any:
    try:
        letter = services.letter_draft(
            kind=kind, author=request.user, episode=episode, client=client
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    messages.success(request, f"{letter.get_kind_display()} drafted: review and edit it below.")
    return redirect("letter_detail", letter_id=letter.pk)


@practice_view
@require_POST
def letter_draft_for_episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    kind = request.POST.get("kind", "")
    if kind not in (Letter.Kind.SBAR, Letter.Kind.FOLLOWUP):
        messages.error(request, "Choose an SBAR report or a follow-up letter.")
        return redirect("episode_detail", episode_id=episode.pk)
    response = _draft(request, kind=kind, episode=episode)
    return response or redirect("episode_detail", episode_id=episode.pk)


@practice_view
@require_POST
def letter_draft_for_client(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    response = _draft(request, kind=Letter.Kind.PROGRESS, client=client)
    return response or redirect("client_detail", client.pk)


# ---- one letter ----------------------------------------------------------------------------


def _letter_page(
    request: HttpRequest,
    letter: Letter,
    *,
    send_form: SendForm | None = None,
    section_form: SectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    content = services.letter_content(letter)
    source = letter.recipient
    sections = []
    for section in content.sections:
        bound = (
            section_form
            if section_form and section_form["section"].value() == section.key
            else None
        )
        sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "form": bound
                or SectionForm(
                    initial={"section": section.key, "text": section_text(section)},
                    prefix=section.key,
                ),
                "open": bound is not None,
            }
        )
    default_channel = "fax" if source is not None and source.preferred_channel == "fax" else "email"
    context = {
        "letter": letter,
        "client": letter.client,
        "episode": letter.episode,
        "content": content,
        "preview": render_html(content, fragment=True, draft=letter.is_draft),
        "sections": sections,
        "versions": selectors.letter_versions(letter),
        "deliveries": selectors.deliveries_for(letter),
        "send_form": send_form or SendForm(initial={"channel": default_channel}),
        "consent_ok": consent_is_current(letter.client),
        "fax_ready": bool(letter.client.practice.fax_gateway_pattern),
        "source": source,
        "back": reverse("episode_detail", args=[letter.episode_id])
        if letter.episode_id
        else reverse("client_detail", args=[letter.client_id]),
    }
    return render(request, "letters/letter_detail.html", context, status=status)


@practice_view
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    _viewed(request, letter)
    return _letter_page(request, letter)


@practice_view
@require_POST
def letter_section_update(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    # Each section's form is prefixed with its key (one page holds them all).
    key = request.POST.get("section", "")
    form = SectionForm(request.POST, prefix=key or None)
    if form.is_valid():
        try:
            services.letter_section_update(
                letter=letter,
                key=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Section saved.")
            return redirect(reverse("letter_detail", args=[letter.pk]) + f"#edit-{key}")
    return _letter_page(request, letter, section_form=form, status=400)


@practice_view
@require_POST
def letter_finalise(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    try:
        services.letter_finalise(letter=letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Letter finalised: its wording can no longer change.")
    return redirect("letter_detail", letter_id=letter.pk)


@practice_view
@require_POST
def letter_correct(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    try:
        correction = services.letter_correct(letter=letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("letter_detail", letter_id=letter.pk)
    messages.success(
        request,
        f"Version {correction.version} drafted; version {letter.version} stays on record and "
        "is marked superseded when this one is finalised.",
    )
    return redirect("letter_detail", letter_id=correction.pk)


@practice_view
@require_POST
def letter_send(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            delivery = services.letter_send(
                letter=letter,
                channel=form.cleaned_data["channel"],
                actor=request.user,
                to_address=form.cleaned_data["to_address"],
                confirm_other_address=form.cleaned_data["confirm_other_address"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            delivery.refresh_from_db()
            # A worker sends it: usually already gone, else queued and shown below.
            verb = "Sent" if delivery.status == Delivery.Status.SENT else "Queued to send"
            words = {
                Delivery.Channel.EMAIL: f"{verb} by e-mail to {delivery.to_address}.",
                Delivery.Channel.FAX: f"{verb} by fax to {delivery.fax_number}.",
                Delivery.Channel.PRINTED: "Recorded as printed.",
                Delivery.Channel.HANDED_TO_CLIENT: "Recorded as handed to the client.",
            }
            if delivery.status == Delivery.Status.FAILED:
                messages.error(
                    request, f"Sending failed: {delivery.error}. It is logged; try again."
                )
            else:
                messages.success(request, words[delivery.channel] + " Logged.")  # type: ignore[index]
            return redirect("letter_detail", letter_id=letter.pk)
    return _letter_page(request, letter, send_form=form, status=400)


@practice_view
def letter_download(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponse:
    letter = letter_for_user(request.user, letter_id)
    _viewed(request, letter, detail=f"download {fmt}")
    content = services.letter_content(letter)
    data = render_letter(content, fmt, draft=letter.is_draft)  # type: ignore[arg-type]
    response = HttpResponse(data, content_type=FORMAT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(
        services.letter_filename(letter, fmt), inline=fmt == "pdf"
    )
    return response


# ---- the communication log -----------------------------------------------------------------


def _log_page(request: HttpRequest, *, client: Any, episode: Any = None) -> HttpResponse:
    hold = active_hold(client)
    letters = (
        selectors.letters_for_episode(episode)
        if episode is not None
        else selectors.letters_for_client(client)
    )
    source = letters[0].recipient if letters else None
    initial = {
        "kind": "call_received",
        "at": timezone.localtime().strftime(DATETIME_FORMAT),
        "party": source.name if source is not None else "",
        "cleared_by_name": source.name if source is not None else "",
    }
    form = CommunicationForm(
        request.POST or None, initial=initial, letters=letters, can_clear=hold is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = next((x for x in letters if x.pk == data.get("letter")), None)
        clearance = None
        if data.get("record_clearance"):
            clearance = {
                "cleared_by_name": data["cleared_by_name"],
                "cleared_by_role": data["cleared_by_role"],
                "conditions": data["conditions"],
            }
        try:
            services.communication_record(
                client=client,
                episode=episode,
                actor=request.user,
                kind=data["kind"],
                channel=data["channel"],
                direction=data["direction"],
                party=data["party"],
                summary=data["summary"],
                at=data["at"],
                letter=letter,
                clearance=clearance,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = "Logged; clearance recorded and the hold lifted." if clearance else "Logged."
            messages.success(request, done)
            return redirect(request.path)
    else:
        _viewed(request, episode or client, detail="communication log")
    return render(
        request,
        "letters/communications.html",
        {
            "client": client,
            "episode": episode,
            "entries": selectors.communications_for(client=client, episode=episode),
            "letters": letters,
            "form": form,
            "hold": hold,
        },
        status=400 if form.errors else 200,
    )


@practice_view
def communications_for_episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id)
    return _log_page(request, client=episode.client, episode=episode)


@practice_view
def communications_for_client(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_user(request.user, client_id)
    return _log_page(request, client=client)
