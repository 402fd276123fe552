"""Two first loads of the enrolment page at once (the page and the browser's favicon
request both land there) get the same unconfirmed device, so the secret on the page is the
one the confirmation checks. On PostgreSQL a lock on an empty set of devices locks nothing;
the user's row is locked instead. (SQLite serialises write transactions by itself.)"""

import threading

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import Membership
from careloop.mfa.services import totp_enrolment_start
from careloop.testing.personas import new_member


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction on the database file")


def test_concurrent_first_loads_share_one_device(postgres, personas):
    for n in range(8):
        user = new_member(personas.practice, f"owner{n}@example.com", Membership.Role.OWNER)
        start = threading.Barrier(2)
        shown: list[int] = []

        def load(user=user, start=start, shown=shown):
            try:
                start.wait()
                shown.append(totp_enrolment_start(user=user).pk)
            finally:
                connection.close()  # this thread's own connection

        threads = [threading.Thread(target=load) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(shown)) == 1, "each load showed its own secret"
        assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1
