from __future__ import annotations

from dataclasses import dataclass

from careloop.accounts.models import Membership, Practice, User
from careloop.audit.services import audit_log

DEMO_PRACTICE = "Riverside Medical Exercise"
DEMO_PASSWORD = "careloop-demo"  # noqa: S105 - a published demo login, on demo data only


@dataclass(frozen=True)
class DemoPeople:
    practice: Practice
    owner: User
    practitioner: User


def _user(email: str, full_name: str, credentials: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name, credentials=credentials
        )
    return user


def seed_people() -> DemoPeople:
    owner = _user("owner@demo.careloop.test", "Dana Whitfield", "MS, CES")
    practitioner = _user(
        "coach@demo.careloop.test", "Sam Okafor", "BSc, Medical Exercise Specialist"
    )
    practice = Practice.objects.filter(name=DEMO_PRACTICE).first()
    if practice is None:
        practice = Practice.objects.create(
            name=DEMO_PRACTICE,
            address="42 Mill Lane\nRiverside, RS1 4AB",
            phone="+44 20 7946 0000",
            fax="+44 20 7946 0001",
            email="team@riverside-mex.test",
            letterhead_tagline="Medical exercise and post-rehabilitation training",
            letter_signoff="With kind regards,",
            time_zone="Europe/London",
        )
        audit_log(actor=owner, practice=practice, action="create", obj=practice, detail="demo")
    Membership.objects.get_or_create(
        user=owner, practice=practice, defaults={"role": Membership.Role.OWNER}
    )
    Membership.objects.get_or_create(
        user=practitioner, practice=practice, defaults={"role": Membership.Role.PRACTITIONER}
    )
    return DemoPeople(practice=practice, owner=owner, practitioner=practitioner)
