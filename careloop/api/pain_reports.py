"""/clients/{id}/pain-reports: record a pain report and get its triage, as the form does.

The body is the typed ``PainReportInput`` (careloop/episodes/inputs.py, the one way in for a
pain report) plus which session the pain follows; the answer is what the form's next page
shows: the engine's recommendation with every matched rule, its finding and its source.
"""

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import MAX_ID, ClientId
from careloop.api.errors import error_responses
from careloop.clients.access import client_for_user
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.episodes.services.reports import LATEST_SESSION
from careloop.training.access import session_for_user
from careloop.triage.models import TriageResult

router = Router(tags=["pain reports"])


class PainReportIn(PainReportInput):
    """A pain report; ``session`` is the id of the session the pain follows, "latest" (the
    client's latest session that ended by ``reported_at``, the default) or "none"."""

    session: Literal["latest", "none"] | Annotated[int, Field(ge=1, le=MAX_ID)] = "latest"

    def report_input(self) -> PainReportInput:
        sent = self.model_dump(exclude={"session"}, exclude_unset=True)
        return PainReportInput.model_validate(sent)


class TriageOut(Schema):
    pain_report_id: int
    triage_record_id: int
    episode_id: int
    session_id: int | None
    result: TriageResult


@router.post("/{client_id}/pain-reports", response={201: TriageOut, **error_responses(403, 404)})
@transaction.atomic
def create_pain_report(request: HttpRequest, client_id: ClientId, data: PainReportIn) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    session: Any = LATEST_SESSION
    if data.session == "none":
        session = None
    elif isinstance(data.session, int):
        try:
            session = session_for_user(who.user, client, data.session)
        except Http404:
            raise ValidationError({"session": "Choose one of this client's sessions."}) from None
    report = pain_report_create(
        client=client, recorded_by=who.user, report=data.report_input(), session=session
    )
    record = report.triage_record
    triage = {
        "pain_report_id": report.pk,
        "triage_record_id": record.pk,
        "episode_id": report.episode_id,
        "session_id": report.session_id,
        "result": record.triage_result,
    }
    return Status(201, triage)
