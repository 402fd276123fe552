import pytest
from django.core.management import CommandError, call_command

from careloop.network.models import Member

pytestmark = pytest.mark.django_db


def test_it_appoints_the_first_moderator(members, capsys):
    call_command("network_moderator", "BOB@example.com")
    assert Member.objects.get(pk=members.bob.pk).is_moderator
    assert "is now a moderator" in capsys.readouterr().out
    with pytest.raises(CommandError, match="email: no network member"):
        call_command("network_moderator", "nobody@example.com")


def test_it_sends_due_digests(members, capsys):
    call_command("network_digest")
    assert "0 digest e-mails sent" in capsys.readouterr().out
