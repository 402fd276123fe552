"""/episodes: episodes of pain, and one episode as the episode document (careloop/record)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema

from careloop.api.auth import caller
from careloop.api.common import ObjectId, listed, viewed
from careloop.api.errors import ApiProblem, error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.episodes.access import episode_for_user
from careloop.episodes.models import Episode
from careloop.fhir.episode import episode_bundle
from careloop.record.build import BuildError, episode_document
from careloop.record.document import EpisodeDocument

router = Router(tags=["episodes"])


class EpisodeOut(Schema):
    id: int
    client_id: int
    status: str
    outcome: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None


class EpisodePage(Schema):
    items: list[EpisodeOut]
    next_cursor: str | None


@router.get("", response={200: EpisodePage, **error_responses()})
def list_episodes(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Episodes of the practice; ``updated_since`` keeps those opened since."""
    who = caller(request)
    rows, next_cursor = paginate(
        Episode.objects.filter(practice=who.practice), params, changed_field="opened_at"
    )
    with transaction.atomic():
        listed(who, rows)
    return page(rows, next_cursor)


def _built(request: HttpRequest, episode_id: int, build: Callable[..., Any], detail: str) -> Any:
    """What ``build`` makes of the caller's episode, its view audited; an episode that
    cannot be built yet (BuildError) is a 409."""
    who = caller(request)
    episode = episode_for_user(who.user, episode_id)
    try:
        built = build(episode, author=who.user)
    except BuildError as exc:
        raise ApiProblem(409, str(exc)) from None
    viewed(who, episode, detail)
    return built


@router.get("/{episode_id}", response={200: EpisodeDocument, **error_responses(404, 409)})
@transaction.atomic
def get_episode(request: HttpRequest, episode_id: ObjectId) -> Any:
    """The episode document: the typed, versioned snapshot letters are written from
    (docs/schemas/episode.schema.json)."""
    return _built(request, episode_id, episode_document, "api episode document")


@router.get("/{episode_id}/fhir", response={200: dict[str, Any], **error_responses(404, 409)})
@transaction.atomic
def get_episode_fhir(request: HttpRequest, episode_id: ObjectId) -> Any:
    """The episode as a FHIR R4 Bundle (type collection): the same Bundle
    ``careloop fhir bundle`` writes from the exported episode document, with each final
    letter's PDF attached (docs/fhir.md)."""
    return _built(request, episode_id, episode_bundle, "api episode fhir bundle")
