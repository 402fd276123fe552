"""This app's part of `careloop demo`: letters and log entries for the demo episodes.

- Margaret Ellis (on hold): a call to the surgeon's office, then the SBAR report,
  finalised and sent by e-mail (recorded only: the demo reaches no mail server).
- David Okonkwo (modified): a note to the physiotherapist and a follow-up letter draft.
- George Adeyemi (emergency): the call informing the cardiac rehab team.
- Chloe Brennan (resolved soreness): nothing to send; the call from the client is in her
  episode already.

Idempotent: an episode that already has letters or log entries is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from careloop.clients.models import Client
from careloop.demo.people import DemoPeople
from careloop.episodes.models import Episode
from careloop.letters.models import Communication, Letter
from careloop.letters.services import (
    communication_record,
    letter_draft,
    letter_finalise,
    letter_send,
)

FAX_GATEWAY = "{fax}@fax.riverside-mex.test"


def _episode(people: DemoPeople, full_name: str) -> Episode | None:
    first, last = full_name.split(" ", 1)
    client = Client.objects.filter(
        practice=people.practice, first_name=first, last_name=last
    ).first()
    if client is None:
        return None
    episode = Episode.objects.filter(client=client).order_by("-opened_at").first()
    if episode is None or Letter.objects.filter(episode=episode).exists():
        return None
    if Communication.objects.filter(episode=episode).exists():
        return None
    return episode


def _decided_at(episode: Episode) -> dt.datetime:
    decision = episode.decisions.order_by("-decided_at").first()
    return decision.decided_at if decision is not None else episode.opened_at


def _source_name(episode: Episode) -> str:
    referral = episode.client.referrals.select_related("source").first()
    return referral.source.name if referral is not None else ""


def _log(episode: Episode, by: Any, at: dt.datetime, kind: str, summary: str, **kw: Any) -> None:
    communication_record(
        client=episode.client,
        episode=episode,
        actor=by,
        kind=kind,
        summary=summary,
        at=min(at, timezone.now()),
        **kw,
    )


def _hold(people: DemoPeople) -> None:
    episode = _episode(people, "Margaret Ellis")
    if episode is None:
        return
    decided = _decided_at(episode)
    source = _source_name(episode)
    _log(
        episode,
        people.practitioner,
        decided + dt.timedelta(minutes=10),
        "call_made",
        f"Spoke to {source}'s secretary: pain 7/10 at the operated knee the day after a "
        "session, program on hold. SBAR report to follow by e-mail; she will pass it on today.",
        party=f"{source}'s secretary",
    )
    letter = letter_draft(
        kind="sbar",
        author=people.practitioner,
        episode=episode,
        now=decided + dt.timedelta(minutes=35),
    )
    letter = letter_finalise(
        letter=letter, actor=people.practitioner, now=decided + dt.timedelta(minutes=40)
    )
    letter_send(
        letter=letter,
        channel="email",
        actor=people.practitioner,
        now=decided + dt.timedelta(minutes=42),
        dispatch=False,
    )


def _modification(people: DemoPeople) -> None:
    episode = _episode(people, "David Okonkwo")
    if episode is None:
        return
    decided = _decided_at(episode)
    source = _source_name(episode)
    _log(
        episode,
        people.owner,
        decided + dt.timedelta(minutes=15),
        "message",
        "Sent a short note: shoulder pain up two points the morning after; loads reduced by "
        "a fifth for a week; follow-up letter for the next review.",
        channel="email",
        direction="outgoing",
        party=source,
    )
    letter_draft(
        kind="followup", author=people.owner, episode=episode, now=decided + dt.timedelta(hours=1)
    )


def _emergency(people: DemoPeople) -> None:
    episode = _episode(people, "George Adeyemi")
    if episode is None:
        return
    decided = _decided_at(episode)
    source = _source_name(episode)
    _log(
        episode,
        people.practitioner,
        decided + dt.timedelta(minutes=20),
        "call_made",
        "Told the cardiac rehab nurse: chest tightness and breathlessness at rest this "
        "morning; emergency services called by us; program on hold.",
        party=source,
    )


def seed(people: DemoPeople) -> None:
    practice = people.practice
    if not practice.fax_gateway_pattern:
        practice.fax_gateway_pattern = FAX_GATEWAY
        practice.save(update_fields=["fax_gateway_pattern"])
    _hold(people)
    _modification(people)
    _emergency(people)
