import pytest

from careloop.audit.seal import audit_seal
from careloop.audit.testing import append_views


@pytest.mark.django_db
def test_it_emails_each_practice_only_its_own_chain_head(personas, smtp_server):
    append_views(personas.alice, personas.practice, 3)
    append_views(personas.charlie, personas.other_practice, 2)
    outcome = audit_seal(email_owners=True)
    assert outcome.emails_sent == 2
    by_recipient = {m["To"]: m for m in smtp_server.messages}
    assert set(by_recipient) == {"alice@example.com", "charlie@example.com"}  # owners only
    alice_mail = by_recipient["alice@example.com"].get_content().replace("\r\n", "\n")
    assert f"chain: practice {personas.practice.pk}\nevent: #3\n" in alice_mail
    assert f"practice {personas.other_practice.pk}" not in alice_mail
    head = outcome.verify.heads[personas.practice.pk]
    assert f"event MAC: {head.hash}" in alice_mail
