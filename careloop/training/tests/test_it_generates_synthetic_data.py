"""`careloop generate` fills a practice with synthetic clients, programs and sessions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from careloop.accounts.models import Practice
from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.clients.models import Client, Referral
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.mfa.testing import enrol, force_sign_in
from careloop.training.generate import CONDITIONS, generate
from careloop.training.models import ProgramVersion, Session, SessionExercise

pytestmark = pytest.mark.django_db(transaction=False)


def test_it_generates_clients_with_programs_and_sessions(capsys):
    assert (
        main(
            [
                "generate",
                "--clients",
                "7",
                "--sessions-per-client",
                "4",
                "--practice",
                "Gen",
                "--quiet",
            ]
        )
        == 0
    )
    assert "Added 7 clients and 28 sessions" in capsys.readouterr().out
    practice = Practice.objects.get(name="Gen")
    assert Client.objects.filter(practice=practice).count() == 7
    assert ProgramVersion.objects.filter(practice=practice).count() == 7
    sessions = Session.objects.filter(practice=practice)
    assert sessions.count() == 28
    session = sessions.order_by("pk").first()
    assert session.ended_at > session.started_at and 0 <= session.pain_before <= 10
    done = SessionExercise.objects.filter(session=session).order_by("order")
    assert done.count() == 4
    assert done[0].sets[0]["reps"] == 10 and done[0].load_max == Decimal(done[0].sets[0]["load"])
    assert AuditEvent.objects.filter(object_type="training.generate").count() == 1
    # A second run adds to the same practice.
    main(
        ["generate", "--clients", "2", "--sessions-per-client", "1", "--practice", "Gen", "--quiet"]
    )
    assert Client.objects.filter(practice=practice).count() == 9


def test_generated_clients_open_in_the_pages(client):
    result = generate(clients=2, sessions_per_client=3, practice_name="Gen")
    target = Client.objects.filter(practice=result.practice).first()
    owner = result.practice.memberships.first().user
    enrol(owner)  # an owner reaches no page before setting up two-factor sign-in
    force_sign_in(client, owner)
    for name in ("client_detail", "session_create"):
        assert client.get(reverse(name, kwargs={"client_id": target.pk})).status_code == 200


def test_every_generated_record_passes_its_own_validation_and_triages():
    """generate() writes in bulk, past model validation: each record must still be one the
    forms could have made (a referral region "ankle_right", which triage does not know,
    once made every pain report of those clients fail)."""
    result = generate(clients=3 * len(CONDITIONS), sessions_per_client=1, practice_name="Gen")
    referrals = Referral.objects.filter(client__practice=result.practice)
    assert {r.region for r in referrals} == {region for region, _, _ in CONDITIONS}
    user = result.practice.memberships.first().user
    for referral in referrals.select_related("client"):
        referral.full_clean()
        referral.client.full_clean()
        report = pain_report_create(
            client=referral.client,
            recorded_by=user,
            report=PainReportInput(pain_now=3, region=referral.region),
        )
        assert report.triage_record.action
