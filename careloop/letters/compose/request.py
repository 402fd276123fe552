"""What a letter asks the clinician, and how it names follow-ups: letter wording, derived
from the facts of the episode record.

The record (:mod:`careloop.record`) holds facts only; a document that carries its own
``request``, ``questions_for_physician`` or follow-up labels (an import, a document
exported by an earlier version) keeps them, and :func:`letter_document` fills in only what
is missing, so every letter reads the same whichever way its document came.
"""

from __future__ import annotations

import datetime as dt

from careloop.letters import formatting as f
from careloop.record.document import ClinicianRequest, Decision, EpisodeDocument, FollowUp
from careloop.triage import ACTION_SEVERITY

# How long the clinician is given to answer, by the most severe decision.
RESPOND_DAYS = {"emergency": 1, "hold_and_contact": 1, "modify": 3, "continue": 7}


def letter_document(doc: EpisodeDocument) -> EpisodeDocument:
    """``doc`` with the request, the questions and the follow-up labels a letter about an
    episode needs, where the document does not carry its own."""
    if doc.episode is None:
        return doc
    worst = _most_severe(doc.decisions)
    update: dict[str, object] = {}
    if doc.request is None:
        today = f.local(doc.generated_at, doc.tz).date()
        request, questions = clinician_request(doc, worst, today=today)
        update["request"] = request
        update["questions_for_physician"] = questions
    if any(not u.label for u in doc.follow_ups):
        decided_at = worst.decided_at if worst is not None else None
        update["follow_ups"] = [
            u if u.label else u.model_copy(update={"label": follow_up_label(u, decided_at)})
            for u in doc.follow_ups
        ]
    return doc.model_copy(update=update) if update else doc


def _most_severe(decisions: list[Decision]) -> Decision | None:
    """The most severe decision; of equally severe ones, the latest in the record."""
    worst: Decision | None = None
    for decision in decisions:
        if worst is None or ACTION_SEVERITY[decision.action] >= ACTION_SEVERITY[worst.action]:
            worst = decision
    return worst


def follow_up_label(task: FollowUp, decided_at: dt.datetime | None) -> str:
    """ "24 h check-in": hours counted from the decision that set the follow-up."""
    if task.kind == "contact_referral_source":
        return "Contact the referral source"
    if decided_at is None:
        return "Check-in"
    hours = round((task.due_at - decided_at).total_seconds() / 3600)
    return f"{hours} h check-in" if hours > 0 else "Check-in"


def clinician_request(
    doc: EpisodeDocument, worst: Decision | None, *, today: dt.date
) -> tuple[ClinicianRequest, list[str]]:
    """What the letter asks the clinician, and the questions for the follow-up visit."""
    name = doc.client.given_name or doc.client.name
    action = worst.action if worst is not None else None
    waiting = doc.hold is not None and doc.hold.clearance is None
    questions: list[str] = []
    if waiting:
        question = (
            f"Please advise whether {name} may resume the exercise program, and on what "
            "conditions (for example loads, range of motion or exercises to avoid)."
        )
        questions.append(f"May {name} resume the full program, and with what restrictions?")
    elif action == "emergency":
        question = "Please let us know the outcome and when exercise may resume."
    elif action == "modify":
        question = (
            "For your information. Please tell us if you would prefer a different change "
            "to the program."
        )
        questions.append("Is the modified program appropriate, and when may loads progress?")
    else:
        # For information only: no date to reply by and no questions, so the letter never
        # says "no reply is needed" and "please reply by Monday" together.
        question = (
            "For your information; no reply is needed unless you would like changes or "
            "have new precautions for us."
        )
        return ClinicianRequest(question=question, respond_by=None), []
    questions.append("Are there any new precautions we should follow?")
    days = RESPOND_DAYS.get(action or "continue", 7)
    respond_by = today + dt.timedelta(days=days)
    while respond_by.weekday() >= 5:  # a working day
        respond_by += dt.timedelta(days=1)
    return ClinicianRequest(question=question, respond_by=respond_by), questions
