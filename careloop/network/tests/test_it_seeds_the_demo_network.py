import pytest

from careloop.demo import demo_seed
from careloop.network.demo import THREADS
from careloop.network.models import Member, Thread

pytestmark = pytest.mark.django_db


def test_it_seeds_members_of_three_practices_and_a_dozen_threads():
    demo_seed()
    members = Member.objects.select_related("user")
    assert members.count() == 4
    practices = {m.user.memberships.get().practice_id for m in members}
    assert len(practices) == 3
    assert Thread.objects.filter(status="published").count() == len(THREADS) >= 12
    assert Thread.objects.exclude(accepted_post=None).count() >= 5
    assert Member.objects.get(handle="dana").is_moderator
    demo_seed()  # idempotent
    assert Thread.objects.count() == len(THREADS)
