from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.mfa.models import RecoveryCodeDevice

pytestmark = pytest.mark.django_db


def test_careloop_mfa_reset_removes_the_app_and_is_audited(personas, capsys):
    assert main(["mfa", "reset", "ALICE@example.com"]) == 0
    assert "Two-factor sign-in removed for alice@example.com" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=personas.alice).exists()
    assert not RecoveryCodeDevice.objects.filter(user=personas.alice).exists()
    event = AuditEvent.objects.get(action="delete", object_id=str(personas.alice.pk))
    assert event.actor is None
    assert event.practice == personas.practice
    assert event.detail == "two-factor sign-in reset from the command line"
    # charlie keeps his.
    assert TOTPDevice.objects.filter(user=personas.charlie).exists()


def test_an_unknown_address_is_named_and_changes_nothing(personas, capsys):
    assert main(["mfa", "reset", "nobody@example.com"]) == 2
    assert "email: no account with the address 'nobody@example.com'" in capsys.readouterr().err
    assert TOTPDevice.objects.count() == 2
    assert not AuditEvent.objects.filter(action="delete").exists()
