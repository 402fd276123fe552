"""Prepare a database for bench/locustfile.py: PRACTICES practices with 50 clients and 30
sessions each (careloop generate), 3 clients per practice with a pain report decided as
recommended (open episodes, holds and check-ins, through the services), and per practice
one practitioner who signs in with a password (owners must use two-factor sign-in, which
a load test cannot) and has joined the network, where every tenth of them started a thread.

    DATABASE_URL=postgres://... .venv/bin/python bench/locust_prepare.py --practices 200

Accounts: load-<n>@bench.careloop.test / careloop-load, n = 0 .. PRACTICES-1.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

PASSWORD = "careloop-load"  # noqa: S105 - synthetic bench accounts only


THREADS = (
    (
        "Knee pain the day after step-downs",
        "knee",
        "Two clients after a TKR reported 6/10 "
        "the next morning after forward step-downs. Do you drop them or regress the depth?",
    ),
    (
        "Returning after a hold for shoulder pain",
        "shoulder",
        "Cleared by the physio with "
        "'previous loads'. How do you rebuild overhead work after two weeks off?",
    ),
    (
        "Night pain and the referral letter",
        "referral",
        "What do physicians want first in a "
        "letter about night pain: the numbers, or what the client said?",
    ),
)


def _join_network(user, n: int) -> None:  # type: ignore[no-untyped-def]
    from careloop.network.models import Category, Member
    from careloop.network.services.members import member_join
    from careloop.network.services.posts import thread_create

    if Member.objects.filter(user=user).exists():
        return
    member = member_join(
        user=user, accept_conduct=True, handle=f"load{n}", display_name=f"Load Practitioner {n}"
    )
    if n % 10 == 0:
        title, tag, body = THREADS[(n // 10) % len(THREADS)]
        thread_create(
            member=member,
            category=Category.objects.order_by("pk").first(),
            title=f"{title} ({n})",
            body=body,
            tags=[tag],
            is_question=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--practices", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--sessions-per-client", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    import django

    django.setup()
    from bench_pages import _add_episodes  # bench/ is on the path when run as a script

    from careloop.accounts.models import Membership, Practice, User
    from careloop.clients.models import Client
    from careloop.training.generate import generate

    for n in range(args.practices):
        name = f"Load practice {n}"
        if not Practice.objects.filter(name=name).exists():
            generate(
                clients=args.clients,
                sessions_per_client=args.sessions_per_client,
                practice_name=name,
                seed=n + 1,
            )
            ids = list(Client.objects.filter(practice__name=name).values_list("pk", flat=True))
            rng = random.Random(n)
            _add_episodes(Practice.objects.get(name=name), rng.sample(ids, 3), rng)
        practice = Practice.objects.get(name=name)
        email = f"load-{n}@bench.careloop.test"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, PASSWORD, full_name=f"Load Practitioner {n}"
        )
        Membership.objects.get_or_create(
            user=user, practice=practice, defaults={"role": Membership.Role.PRACTITIONER}
        )
        _join_network(user, n)
        print(f"{name}: ready ({email})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
